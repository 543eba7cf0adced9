//! `jwt_strict::backend` follows the documented precedence, and every compiled-in backend can be
//! named and used explicitly.

#![allow(clippy::unwrap_used)]

/// The registry lists the compiled-in backends in the documented precedence (AWS-LC,
/// OpenSSL, RustCrypto, for the backends the docs name), the default (`jwt_strict::backend`)
/// first, each once.
#[cfg(feature = "asymmetric")]
#[test]
fn the_registry_lists_the_default_first() {
    let names: Vec<&str> = jwt_strict::BACKENDS
        .iter()
        .map(|backend| backend.name)
        .collect();
    assert_eq!(names.first(), Some(&jwt_strict::backend::NAME));
    let documented: Vec<&str> = ["awslc", "openssl", "rustcrypto"]
        .into_iter()
        .filter(|name| names.contains(name))
        .collect();
    let listed: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| documented.contains(name))
        .collect();
    assert_eq!(listed, documented, "the documented precedence");
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{names:?}");
    for (name, on) in [
        ("awslc", cfg!(feature = "awslc")),
        ("openssl", cfg!(feature = "openssl")),
        ("rustcrypto", cfg!(feature = "rustcrypto")),
    ] {
        assert_eq!(
            names.contains(&name),
            on,
            "{name}: listed iff its feature is on"
        );
    }
}

/// A token made through `jwt_strict::backend` verifies, whichever backend that is.
#[cfg(feature = "asymmetric")]
#[test]
fn the_chosen_backend_round_trips() {
    use jwt_strict::{
        Algorithm, Header, NumericDate, RegisteredClaims, Validation, decode_at, encode,
    };
    let key = jwt_strict::backend::SigningKey::generate(Algorithm::Es256).unwrap();
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
    use jwt_strict::{Algorithm, Header, NumericDate, Validation, decode_at, encode};
    let now = NumericDate::from_unix_seconds(1_800_000_000).unwrap();
    let claims = serde_json::json!({"exp": 1_800_000_005});
    let signer = jwt_strict::openssl::SigningKey::generate(Algorithm::EdDsa).unwrap();
    let token = encode(&Header::new(Algorithm::EdDsa), &claims, &signer).unwrap();
    let material = signer.verifying_key().public_material().unwrap();
    let verifier = jwt_strict::rustcrypto::VerifyingKey::from_material(
        jwt_strict::keys::KeyMaterial::Public(material),
        Algorithm::EdDsa,
    )
    .unwrap();
    decode_at::<serde_json::Value>(&token, &verifier, &Validation::new(), now).unwrap();
}

/// HMAC works with no asymmetric backend at all.
#[cfg(feature = "hs")]
#[test]
fn hmac_needs_no_asymmetric_backend() {
    use jwt_strict::{Algorithm, Header, NumericDate, Validation, decode_at, encode};
    let key = jwt_strict::hs::HmacKey::new(Algorithm::Hs384, &[9u8; 48]).unwrap();
    let now = NumericDate::from_unix_seconds(1_800_000_000).unwrap();
    let token = encode(
        &Header::new(Algorithm::Hs384),
        &serde_json::json!({"exp": 1_800_000_001}),
        &key,
    )
    .unwrap();
    decode_at::<serde_json::Value>(&token, &key, &Validation::new(), now).unwrap();
}

/// With `keys` and no backend (a library built on `jwt-strict`, before the application picks
/// one), the registry is empty, and a key set lists each public key as skipped with a
/// reason that names the backend features: never a panic.
#[cfg(all(feature = "keys", not(feature = "asymmetric")))]
#[test]
fn keys_without_a_backend_say_which_features_to_enable() {
    assert!(jwt_strict::BACKENDS.is_empty());
    let jwks = r#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a",
        "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#;
    let set = jwt_strict::key_set(jwks).unwrap();
    assert!(set.is_empty());
    let reason = set.skipped()[0].reason.to_string();
    assert_eq!(
        reason,
        "EdDSA needs an asymmetric backend; enable one of jwt-strict's features awslc, openssl or \
         rustcrypto"
    );
}
