//! Writes the fuzz targets' seed corpora into `fuzz/corpus/<target>/seed-*`: valid
//! tokens made with the fixed keys, published examples from `../shared/vectors/`, and
//! the test keys. Run by `cargo xtask fuzz --seed`; the seeds are committed.

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::path::Path;

use jwt_core::{Algorithm, Header, encode};
use jwt_hs::HmacKey;
use jwt_test::fuzz_targets::{FUZZ_SECRET, fixed_keys};
use serde_json::json;

fn write(corpus: &Path, target: &str, name: &str, bytes: &[u8]) {
    let dir = corpus.join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("seed-{name}")), bytes).unwrap();
}

fn main() {
    let corpus = std::env::args_os().nth(1).map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus"),
        Into::into,
    );
    let keys = fixed_keys();
    let hs = HmacKey::new(Algorithm::Hs256, FUZZ_SECRET).unwrap();
    let claims = json!({"iss": "https://issuer.example", "aud": ["api", "web"], "sub": "fuzz", "exp": 1_800_000_600, "nbf": 1_799_999_000, "iat": 1_799_999_000, "jti": "seed"});
    let hs_token = encode(&Header::new(Algorithm::Hs256), &claims, &hs).unwrap();
    write(
        &corpus,
        "decode",
        "hs256",
        format!("\x00{hs_token}").as_bytes(),
    );
    for (selector, index) in [(1u8, 0usize), (2, 6), (3, 9)] {
        write(
            &corpus,
            "decode",
            &format!("family-{selector}"),
            &[&[selector][..], keys.tokens[index].as_bytes()].concat(),
        );
    }
    let vectors = jwt_test::load("rfc/rfc7515_rfc7519_examples.json");
    for v in vectors["vectors"].as_array().unwrap() {
        let id = v["id"].as_str().unwrap();
        write(
            &corpus,
            "decode",
            id,
            format!("\x00{}", v["token"].as_str().unwrap()).as_bytes(),
        );
    }
    let header = br#"{"alg":"HS256","typ":"JWT"}"#;
    write(
        &corpus,
        "header_claims",
        "registered",
        &[&header[..], &[0xff], claims.to_string().as_bytes()].concat(),
    );
    write(
        &corpus,
        "header_claims",
        "crit",
        &[
            &br#"{"alg":"HS256","crit":["ext"],"ext":1}"#[..],
            &[0xff],
            br#"{"exp":1.5,"aud":"api"}"#,
        ]
        .concat(),
    );
    write(
        &corpus,
        "header_claims",
        "claims-only",
        claims.to_string().as_bytes(),
    );
    for (name, claims) in [
        ("typical", claims.to_string()),
        ("shapes", r#"{"role":{"Scoped":{"scope":"x"}},"ids":{"1":[1.5,null]},"flags":{"true":-1},"wrap":{"k":"\u006b"},"pair":[1e3,"s"]}"#.to_owned()),
        ("unit-for-newtype", r#"{"role":"Admin"}"#.to_owned()),
        ("repeated-escaped", r#"{"aud":["a"],"a\u0075d":"b","exp":1.5}"#.to_owned()),
        ("nested-repeat", r#"{"ids":{"1":{"k":1,"\u006b":2}}}"#.to_owned()),
    ] {
        write(&corpus, "json_equivalence", name, claims.as_bytes());
    }
    for file in [
        "private_key.pem",
        "public_key.pem",
        "rsa2048-pkcs1.pem",
        "p256-sec1.pem",
        "ed25519-spki.pem",
        "rsa2048-cert.der",
    ] {
        write(&corpus, "keys", file, &jwt_test::fixture(file));
    }
    write(&corpus, "keys", "jwk-ec", br#"{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#);
    for (i, token) in keys.tokens.iter().enumerate() {
        let pick = u8::try_from(i).unwrap();
        write(
            &corpus,
            "differential",
            &format!("valid-{pick}"),
            &[pick, 0, 0, 40, 1],
        );
        write(
            &corpus,
            "differential",
            &format!("raw-{pick}"),
            &[&[pick, 1][..], token.as_bytes()].concat(),
        );
        // The zero-led token with its leading zero stripped: OpenSSL took a PS* signature
        // one byte short as valid.
        write(
            &corpus,
            "differential",
            &format!("leading-zero-stripped-{pick}"),
            &[pick, 2, 1, 0],
        );
    }
    // Every bad Ed25519 key (the identity first: with it, R = identity and S = 0 forged
    // any token on OpenSSL) and every RSA CRT mutation.
    for which in 0..jwt_test::mutations::bad_ed25519_public_keys().len() {
        let which = u8::try_from(which).unwrap();
        write(
            &corpus,
            "differential",
            &format!("ed25519-key-{which}"),
            &[9, 3, 0, which],
        );
    }
    for which in 0..6u8 {
        write(
            &corpus,
            "differential",
            &format!("rsa-crt-{which}"),
            &[0, 3, 1, which],
        );
    }
    write(
        &corpus,
        "roundtrip",
        "claims",
        claims.to_string().as_bytes(),
    );
    write(
        &corpus,
        "roundtrip",
        "floats",
        br#"{"exp":1.5e9,"nbf":-1,"n":[1.25,{"x":null}],"s":"\u00e9"}"#,
    );
    println!("wrote seeds under {}", corpus.display());
}
