//! Keys in every supported format, and the ones that must be refused.

use jwt_core::{Algorithm, ErrorKind, Header, NumericDate, Validation, decode_at, encode};

use serde_json::{Value, json};

use jwt_keys::{Backend, SigningKey, VerifyingKey};

use crate::fixture;

fn text(name: &str) -> String {
    String::from_utf8(fixture(name)).unwrap()
}

/// Signs with `signer` and checks `verifier` accepts it.
fn pair<B: Backend>(
    what: &str,
    alg: Algorithm,
    signer: &SigningKey<B>,
    verifier: &VerifyingKey<B>,
) {
    let now = NumericDate::from_unix_seconds(1_800_000_000).unwrap();
    let claims = json!({"exp": 1_800_000_060});
    let token = encode(&Header::new(alg), &claims, signer).unwrap();
    decode_at::<Value>(&token, verifier, &Validation::new(), now)
        .unwrap_or_else(|err| panic!("{} {what} {alg}: {err}", B::NAME));
}

/// Every format loads: the tutorial's PKCS#8 key and certificate, PKCS#1, SPKI, DER,
/// SEC1 with its `EC PARAMETERS` block, PKCS#8 EC and Ed25519; a private key verifies.
pub fn formats_load<B: Backend>() {
    let rsa_private = text("private_key.pem");
    for alg in [Algorithm::Rs256, Algorithm::Ps512] {
        let signer = SigningKey::<B>::from_pem(&rsa_private, alg).unwrap();
        let pkcs1 = SigningKey::<B>::from_pem(&text("rsa2048-pkcs1.pem"), alg).unwrap();
        let der = SigningKey::<B>::from_der(&fixture("rsa2048-pkcs8.der"), alg).unwrap();
        for (what, verifier) in [
            (
                "certificate",
                VerifyingKey::<B>::from_pem(&text("public_key.pem"), alg),
            ),
            (
                "certificate DER",
                VerifyingKey::<B>::from_der(&fixture("rsa2048-cert.der"), alg),
            ),
            (
                "SPKI",
                VerifyingKey::<B>::from_pem(&text("rsa2048-spki.pem"), alg),
            ),
            (
                "PKCS#1 public",
                VerifyingKey::<B>::from_pem(&text("rsa2048-pkcs1-public.pem"), alg),
            ),
            (
                "private key",
                VerifyingKey::<B>::from_pem(&rsa_private, alg),
            ),
            (
                "file bytes",
                VerifyingKey::<B>::from_pem_or_der(&fixture("rsa2048-cert.der"), alg),
            ),
        ] {
            let verifier = verifier.unwrap_or_else(|err| panic!("{what}: {err}"));
            pair::<B>(what, alg, &signer, &verifier);
            pair::<B>(what, alg, &pkcs1, &verifier);
            pair::<B>(what, alg, &der, &verifier);
        }
    }
    for (private, public, alg) in [
        ("p256-sec1.pem", "p256-spki.pem", Algorithm::Es256),
        ("p256-pkcs8.pem", "p256-spki.pem", Algorithm::Es256),
        ("p384-pkcs8.pem", "p384-pkcs8.pem", Algorithm::Es384),
        ("p521-pkcs8.pem", "p521-pkcs8.pem", Algorithm::Es512),
        ("ed25519-pkcs8.pem", "ed25519-spki.pem", Algorithm::EdDsa),
    ] {
        let signer = SigningKey::<B>::from_pem(&text(private), alg)
            .unwrap_or_else(|err| panic!("{private}: {err}"));
        let verifier = VerifyingKey::<B>::from_pem(&text(public), alg)
            .unwrap_or_else(|err| panic!("{public}: {err}"));
        pair::<B>(private, alg, &signer, &verifier);
    }
}

/// What must be refused, with the kind each gets.
pub fn formats_refused<B: Backend>() {
    let cases: [(&str, Result<(), jwt_core::Error>, ErrorKind); 12] = [
        (
            "RSA 1024-bit signing",
            SigningKey::<B>::from_pem(&text("rsa1024-pkcs8.pem"), Algorithm::Rs256).map(drop),
            ErrorKind::WeakKey,
        ),
        (
            "RSA 1024-bit verifying",
            VerifyingKey::<B>::from_pem(&text("rsa1024-pkcs8.pem"), Algorithm::Ps256).map(drop),
            ErrorKind::WeakKey,
        ),
        (
            "P-384 key for ES256",
            VerifyingKey::<B>::from_pem(&text("p384-pkcs8.pem"), Algorithm::Es256).map(drop),
            ErrorKind::InvalidKey,
        ),
        (
            "P-256 key for ES512",
            SigningKey::<B>::from_pem(&text("p256-pkcs8.pem"), Algorithm::Es512).map(drop),
            ErrorKind::InvalidKey,
        ),
        (
            "RSA key for ES256",
            VerifyingKey::<B>::from_pem(&text("public_key.pem"), Algorithm::Es256).map(drop),
            ErrorKind::InvalidKey,
        ),
        (
            "EC key for RS256",
            VerifyingKey::<B>::from_pem(&text("p256-spki.pem"), Algorithm::Rs256).map(drop),
            ErrorKind::InvalidKey,
        ),
        (
            "Ed25519 key for ES256",
            SigningKey::<B>::from_pem(&text("ed25519-pkcs8.pem"), Algorithm::Es256).map(drop),
            ErrorKind::InvalidKey,
        ),
        (
            "RSA key for HS256",
            VerifyingKey::<B>::from_pem(&text("public_key.pem"), Algorithm::Hs256).map(drop),
            ErrorKind::InvalidKey,
        ),
        (
            "a public key to sign",
            SigningKey::<B>::from_pem(&text("rsa2048-spki.pem"), Algorithm::Rs256).map(drop),
            ErrorKind::InvalidKey,
        ),
        (
            "an encrypted key",
            SigningKey::<B>::from_pem(&text("p256-encrypted.pem"), Algorithm::Es256).map(drop),
            ErrorKind::InvalidKey,
        ),
        (
            "secp256k1",
            SigningKey::<B>::from_pem(&text("secp256k1-sec1.pem"), Algorithm::Es256).map(drop),
            ErrorKind::InvalidKey,
        ),
        (
            "a certificate labelled as a private key",
            SigningKey::<B>::from_pem(
                &text("public_key.pem").replace("CERTIFICATE", "PRIVATE KEY"),
                Algorithm::Rs256,
            )
            .map(drop),
            ErrorKind::InvalidKey,
        ),
    ];
    for (what, outcome, kind) in cases {
        let err = outcome.expect_err(what);
        assert_eq!(err.kind(), kind, "{} {what}: {err}", B::NAME);
    }
    for garbage in [
        &b""[..],
        b"not a key",
        b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        &[0x30, 0x82, 0xff, 0xff],
    ] {
        let err = VerifyingKey::<B>::from_pem_or_der(garbage, Algorithm::Es256).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidKey);
    }
    let jwk_enc = r#"{"kty":"EC","crv":"P-256","use":"enc","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}"#;
    let err = VerifyingKey::<B>::from_jwk(jwk_enc, Algorithm::Es256).unwrap_err();
    assert!(err.to_string().contains("use"), "{err}");
    let jwk = jwk_enc.replace(r#""use":"enc","#, "");
    VerifyingKey::<B>::from_jwk(&jwk, Algorithm::Es256).unwrap();
    let off_curve = jwk.replace("x_FEzRu9", "x_FEzRu8");
    assert_eq!(
        VerifyingKey::<B>::from_jwk(&off_curve, Algorithm::Es256)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidKey
    );
}

/// `Debug` of a private key shows neither its bytes nor its numbers.
pub fn debug_redacts<B: Backend>() {
    for alg in [Algorithm::Es256, Algorithm::EdDsa] {
        let key = SigningKey::<B>::generate(alg).unwrap();
        let shown = format!("{key:?}");
        assert!(shown.contains("elided"), "{shown}");
        assert!(shown.len() < 200, "{shown}");
    }
    let rsa = SigningKey::<B>::from_pem(&text("private_key.pem"), Algorithm::Rs256).unwrap();
    let shown = format!("{rsa:?}");
    assert!(shown.contains("elided") && shown.len() < 200, "{shown}");
}
