//! RFC 7515 A.1, RFC 7519 3.1 and RFC 7520 4.4 (HS256), and the unsecured examples of
//! RFC 7515 A.5 / RFC 7519 6.1, from `../shared/vectors/`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use jwt_core::{Algorithm, ErrorKind, JwsSigner, NumericDate, Validation, decode_at, jws};
use jwt_hs::HmacKey;
use jwt_test::{b64url, load, str_field};
use serde_json::{Map, Value};

fn rfc_vectors() -> Vec<Value> {
    let file = load("rfc/rfc7515_rfc7519_examples.json");
    file["vectors"].as_array().unwrap().clone()
}

fn hmac_key_from_jwk(jwk: &Value) -> HmacKey {
    assert_eq!(str_field(jwk, "kty"), "oct");
    HmacKey::new(Algorithm::Hs256, &b64url(str_field(jwk, "k"))).unwrap()
}

#[test]
fn rfc7515_a1_and_rfc7519_3_1_verify_and_reproduce() {
    let vectors = rfc_vectors();
    let mut ran = 0;
    for v in vectors.iter().filter(|v| v["alg"] == "HS256") {
        let id = str_field(v, "id");
        let token = str_field(v, "token");
        let key = hmac_key_from_jwk(&v["jwk"]);

        // Signing the published signing input reproduces the published signature.
        let (signing_input, _) = token.rsplit_once('.').unwrap();
        let signature = key.sign(signing_input.as_bytes()).unwrap();
        assert_eq!(signature, b64url(str_field(v, "signature_b64u")), "{id}");

        // The token decodes at a time before its exp (2011-03-22T18:43:00Z) ...
        let before_exp = NumericDate::from_unix_seconds(1_300_819_379).unwrap();
        let data = decode_at::<Map<String, Value>>(token, &key, &Validation::new(), before_exp)
            .unwrap_or_else(|err| panic!("{id}: {err}"));
        assert_eq!(data.claims["iss"], "joe", "{id}");
        assert_eq!(data.claims["http://example.com/is_root"], true, "{id}");
        assert_eq!(data.header.typ.as_deref(), Some("JWT"));
        // ... and the payload is exactly the published octets, CRLFs included.
        let verified = jws::verify(token, &key, &Validation::new()).unwrap();
        assert_eq!(verified.payload, str_field(v, "payload").as_bytes(), "{id}");

        // At its exp it has expired (RFC 7519 4.1.4: now must be before exp).
        let at_exp = NumericDate::from_unix_seconds(1_300_819_380).unwrap();
        let err = decode_at::<Value>(token, &key, &Validation::new(), at_exp).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ExpiredSignature, "{id}");
        assert!(err.to_string().contains("2011-03-22T18:43:00Z"), "{err}");
        ran += 1;
    }
    assert_eq!(ran, 2, "expected RFC 7515 A.1 and RFC 7519 3.1");
}

#[test]
fn unsecured_examples_are_invalid_algorithm() {
    let vectors = rfc_vectors();
    let hs_jwk = vectors.iter().find(|v| v["id"] == "rfc7515-A.1").unwrap();
    let key = hmac_key_from_jwk(&hs_jwk["jwk"]);
    let mut ran = 0;
    for v in vectors.iter().filter(|v| v["expected"] == "unsecured") {
        let token = str_field(v, "token");
        let err = jws::verify(token, &key, &Validation::new()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm, "{}", v["id"]);
        assert!(err.to_string().contains("\"none\""), "{err}");
        let err = jwt_core::danger::read_unverified::<Value>(token).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm);
        ran += 1;
    }
    assert_eq!(ran, 2, "expected RFC 7515 A.5 and RFC 7519 6.1");
}

#[test]
fn asymmetric_examples_are_refused_by_an_hmac_key_before_any_cryptography() {
    let vectors = rfc_vectors();
    let hs_jwk = vectors.iter().find(|v| v["id"] == "rfc7515-A.1").unwrap();
    let key = hmac_key_from_jwk(&hs_jwk["jwk"]);
    let mut ran = 0;
    for v in vectors
        .iter()
        .filter(|v| v["expected"] == "valid" && v["alg"] != "HS256")
    {
        let err = jws::verify(str_field(v, "token"), &key, &Validation::new()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm, "{}", v["id"]);
        ran += 1;
    }
    assert_eq!(ran, 3, "expected RFC 7515 A.2, A.3 and A.4");
}

#[test]
fn rfc7520_4_4_compact_verifies_and_reproduces() {
    let example = load("cookbook/jws/4_4.hmac-sha2_integrity_protection.json");
    let jwk = &example["input"]["key"];
    let key = HmacKey::new(Algorithm::Hs256, &b64url(str_field(jwk, "k"))).unwrap();
    let compact = str_field(&example["output"], "compact");
    let verified = jws::verify(compact, &key, &Validation::new()).unwrap();
    assert_eq!(
        verified.payload,
        str_field(&example["input"], "payload").as_bytes()
    );
    assert_eq!(verified.header.kid.as_deref(), jwk["kid"].as_str());
    let signature = key
        .sign(str_field(&example["signing"], "sig-input").as_bytes())
        .unwrap();
    assert_eq!(signature, b64url(str_field(&example["signing"], "sig")));
    // Its payload is prose, not claims: as a JWT it is malformed.
    let err =
        decode_at::<Value>(compact, &key, &Validation::new(), NumericDate::now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedToken);
}
