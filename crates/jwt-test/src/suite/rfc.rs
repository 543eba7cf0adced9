//! The published examples: RFC 7515 A.2–A.4, RFC 7520 4.1–4.3, RFC 8037 A.4.

use jwt_core::{Algorithm, JwsSigner, NumericDate, Validation, decode_at, jws};

use serde_json::{Map, Value};

use crate::suite::wycheproof::CaseOutcome;
use jwt_keys::{Backend, SigningKey, VerifyingKey};

use crate::{b64url, load, public_jwk, str_field};

fn rfc_vector(id: &str) -> Value {
    let file = load("rfc/rfc7515_rfc7519_examples.json");
    file["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id)
        .unwrap_or_else(|| panic!("no vector {id}"))
        .clone()
}

/// Verifies `token` with the public half of `jwk` and with the private key standing for
/// it, and checks the payload.
fn verify_both_ways<B: Backend>(token: &str, jwk: &Value, alg: Algorithm, payload: &[u8]) {
    let public = VerifyingKey::<B>::from_jwk(&public_jwk(jwk), alg)
        .unwrap_or_else(|err| panic!("{}: public JWK refused: {err}", B::NAME));
    let verified = jws::verify(token, &public, &Validation::new())
        .unwrap_or_else(|err| panic!("{}: {alg} token refused: {err}", B::NAME));
    assert_eq!(verified.payload, payload);
    assert_eq!(verified.header.alg, alg);
    let from_private = VerifyingKey::<B>::from_jwk(&jwk.to_string(), alg).unwrap();
    jws::verify(token, &from_private, &Validation::new()).unwrap();
}

/// Signs `signing_input` with the private `jwk` and checks the published signature.
fn reproduce<B: Backend>(jwk: &Value, alg: Algorithm, signing_input: &str, signature_b64u: &str) {
    let key = SigningKey::<B>::from_jwk(&jwk.to_string(), alg).unwrap();
    let signature = key.sign(signing_input.as_bytes()).unwrap();
    assert_eq!(
        signature,
        b64url(signature_b64u),
        "{}: {alg} signature differs from the published one",
        B::NAME
    );
}

/// RFC 7515 A.2: RS256 verifies, decodes as a JWT before its `exp`, and re-signing
/// reproduces the published token byte for byte.
pub fn rfc7515_a2_rs256<B: Backend>() {
    let v = rfc_vector("rfc7515-A.2");
    let token = str_field(&v, "token");
    verify_both_ways::<B>(
        token,
        &v["jwk"],
        Algorithm::Rs256,
        str_field(&v, "payload").as_bytes(),
    );
    let (signing_input, signature) = token.rsplit_once('.').unwrap();
    reproduce::<B>(&v["jwk"], Algorithm::Rs256, signing_input, signature);
    let key = VerifyingKey::<B>::from_jwk(&public_jwk(&v["jwk"]), Algorithm::Rs256).unwrap();
    let before_exp = NumericDate::from_unix_seconds(1_300_819_379).unwrap();
    let data =
        decode_at::<Map<String, Value>>(token, &key, &Validation::new(), before_exp).unwrap();
    assert_eq!(data.claims["iss"], "joe");
}

/// RFC 7515 A.3 (ES256) and A.4 (ES512, payload `Payload`) verify.
pub fn rfc7515_a3_a4_ecdsa<B: Backend>() {
    for (id, alg) in [
        ("rfc7515-A.3", Algorithm::Es256),
        ("rfc7515-A.4", Algorithm::Es512),
    ] {
        let v = rfc_vector(id);
        verify_both_ways::<B>(
            str_field(&v, "token"),
            &v["jwk"],
            alg,
            str_field(&v, "payload").as_bytes(),
        );
    }
}

fn cookbook(file: &str) -> Value {
    load(&format!("cookbook/{file}"))
}

/// Checks one cookbook example's compact form, and reproduces it when deterministic.
fn cookbook_example<B: Backend>(file: &str, alg: Algorithm, deterministic: bool) {
    let example = cookbook(file);
    assert_eq!(example["reproducible"] == true, deterministic, "{file}");
    let jwk = &example["input"]["key"];
    let compact = str_field(&example["output"], "compact");
    verify_both_ways::<B>(
        compact,
        jwk,
        alg,
        str_field(&example["input"], "payload").as_bytes(),
    );
    if deterministic {
        let signing = &example["signing"];
        reproduce::<B>(
            jwk,
            alg,
            str_field(signing, "sig-input"),
            str_field(signing, "sig"),
        );
    }
}

/// RFC 7520 4.1: RS256, deterministic.
pub fn rfc7520_4_1_rs256<B: Backend>() {
    cookbook_example::<B>("jws/4_1.rsa_v15_signature.json", Algorithm::Rs256, true);
}

/// RFC 7520 4.2: PS384.
pub fn rfc7520_4_2_ps384<B: Backend>() {
    cookbook_example::<B>("jws/4_2.rsa-pss_signature.json", Algorithm::Ps384, false);
}

/// RFC 7520 4.3: ES512.
pub fn rfc7520_4_3_es512<B: Backend>() {
    cookbook_example::<B>("jws/4_3.ecdsa_signature.json", Algorithm::Es512, false);
}

/// RFC 8037 A.4: Ed25519, deterministic.
pub fn rfc8037_a4_ed25519<B: Backend>() {
    cookbook_example::<B>("curve25519/jws.json", Algorithm::EdDsa, true);
}

/// Every asymmetric published example with its key, verified on `B` as published and
/// with one signature bit flipped: for comparing backends case by case.
pub fn rfc_outcomes<B: Backend>() -> Vec<CaseOutcome> {
    let mut examples: Vec<(String, String, Value, Algorithm)> = Vec::new();
    for (id, alg) in [
        ("rfc7515-A.2", Algorithm::Rs256),
        ("rfc7515-A.3", Algorithm::Es256),
        ("rfc7515-A.4", Algorithm::Es512),
    ] {
        let v = rfc_vector(id);
        examples.push((
            id.to_owned(),
            str_field(&v, "token").to_owned(),
            v["jwk"].clone(),
            alg,
        ));
    }
    for (file, alg) in [
        ("jws/4_1.rsa_v15_signature.json", Algorithm::Rs256),
        ("jws/4_2.rsa-pss_signature.json", Algorithm::Ps384),
        ("jws/4_3.ecdsa_signature.json", Algorithm::Es512),
        ("curve25519/jws.json", Algorithm::EdDsa),
    ] {
        let example = cookbook(file);
        let compact = str_field(&example["output"], "compact").to_owned();
        examples.push((
            file.to_owned(),
            compact,
            example["input"]["key"].clone(),
            alg,
        ));
    }
    let mut outcomes = Vec::new();
    for (name, token, jwk, alg) in examples {
        let (signing_input, signature) = token.rsplit_once('.').unwrap();
        let mut flipped = b64url(signature);
        flipped[0] ^= 0x80;
        let tampered = format!("{signing_input}.{}", crate::b64url_encode(&flipped));
        for (variant, token, valid) in [
            ("as published", &token, true),
            ("one bit flipped", &tampered, false),
        ] {
            let key = VerifyingKey::<B>::from_jwk(&public_jwk(&jwk), alg);
            let verifier_ran = key.is_ok();
            let outcome = key
                .and_then(|key| jws::verify(token, &key, &Validation::new()).map(drop))
                .map_err(|err| err.kind());
            outcomes.push(CaseOutcome {
                case: format!("{name} {variant}"),
                expected_valid: valid,
                outcome,
                verifier_ran,
            });
        }
    }
    outcomes
}
