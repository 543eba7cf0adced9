//! `jwt::backend` follows the documented precedence, and every compiled-in backend can be
//! named and used explicitly.

#![allow(clippy::unwrap_used)]

#[cfg(feature = "awslc")]
#[test]
fn awslc_is_the_backend_when_its_feature_is_on() {
    assert_eq!(jwt::backend::NAME, "awslc");
}

#[cfg(all(feature = "openssl", not(feature = "awslc")))]
#[test]
fn openssl_is_the_backend_without_awslc() {
    assert_eq!(jwt::backend::NAME, "openssl");
}

#[cfg(all(
    feature = "rustcrypto",
    not(feature = "openssl"),
    not(feature = "awslc")
))]
#[test]
fn rustcrypto_is_the_backend_without_openssl_or_awslc() {
    assert_eq!(jwt::backend::NAME, "rustcrypto");
}

/// The registry lists the compiled-in backends in the precedence order, the default
/// (`jwt::backend`) first.
#[cfg(any(feature = "rustcrypto", feature = "openssl", feature = "awslc"))]
#[test]
fn the_registry_lists_the_default_first() {
    let names: Vec<&str> = jwt::BACKENDS.iter().map(|backend| backend.name).collect();
    let expected: Vec<&str> = [
        ("awslc", cfg!(feature = "awslc")),
        ("openssl", cfg!(feature = "openssl")),
        ("rustcrypto", cfg!(feature = "rustcrypto")),
    ]
    .into_iter()
    .filter_map(|(name, on)| on.then_some(name))
    .collect();
    assert_eq!(names, expected);
    assert_eq!(names.first(), Some(&jwt::backend::NAME));
}

/// A token made through `jwt::backend` verifies, whichever backend that is.
#[cfg(any(feature = "rustcrypto", feature = "openssl", feature = "awslc"))]
#[test]
fn the_chosen_backend_round_trips() {
    use jwt::{Algorithm, Header, NumericDate, RegisteredClaims, Validation, decode_at, encode};
    let key = jwt::backend::SigningKey::generate(Algorithm::Es256).unwrap();
    let now = NumericDate::from_unix_seconds(1_800_000_000).unwrap();
    let claims = RegisteredClaims {
        exp: now.checked_add(std::time::Duration::from_secs(5)),
        ..Default::default()
    };
    let token = encode(&Header::new(Algorithm::Es256), &claims, &key).unwrap();
    decode_at::<RegisteredClaims>(&token, &key.verifying_key(), &Validation::new(), now).unwrap();
}

/// With both backends compiled in, each is reachable by name, and what one signs the
/// other verifies.
#[cfg(all(feature = "rustcrypto", feature = "openssl"))]
#[test]
fn both_backends_side_by_side() {
    use jwt::{Algorithm, Header, LoadVerifyingKey, NumericDate, Validation, decode_at, encode};
    let now = NumericDate::from_unix_seconds(1_800_000_000).unwrap();
    let claims = serde_json::json!({"exp": 1_800_000_005});
    let signer = jwt::openssl::SigningKey::generate(Algorithm::EdDsa).unwrap();
    let token = encode(&Header::new(Algorithm::EdDsa), &claims, &signer).unwrap();
    let material = signer.verifying_key().public_material().unwrap();
    let verifier =
        jwt::rustcrypto::VerifyingKey::from_public_material(material, Algorithm::EdDsa).unwrap();
    decode_at::<serde_json::Value>(&token, &verifier, &Validation::new(), now).unwrap();
}

/// HMAC works with no asymmetric backend at all.
#[cfg(feature = "hs")]
#[test]
fn hmac_needs_no_asymmetric_backend() {
    use jwt::{Algorithm, Header, NumericDate, Validation, decode_at, encode};
    let key = jwt::hs::HmacKey::new(Algorithm::Hs384, &[9u8; 48]).unwrap();
    let now = NumericDate::from_unix_seconds(1_800_000_000).unwrap();
    let token = encode(
        &Header::new(Algorithm::Hs384),
        &serde_json::json!({"exp": 1_800_000_001}),
        &key,
    )
    .unwrap();
    decode_at::<serde_json::Value>(&token, &key, &Validation::new(), now).unwrap();
}
