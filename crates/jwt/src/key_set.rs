//! Key sets on the registry's backends: public keys verified by a backend, `oct` secrets
//! by jwt-hs.

use jwt_core::{Algorithm, Error, ErrorKind, JwsVerifier};
use jwt_keys::{JwkKey, KeyMaterial, KeySet};

use crate::registry::BackendEntry;

/// Reads a JWK Set of trusted keys on the default backend (the first of
/// [`BACKENDS`](crate::BACKENDS)); `oct` secrets (HS256/384/512) on jwt-hs when the `hs`
/// feature is on. With no backend compiled in, public keys are listed in
/// [`KeySet::skipped`] with a reason that names the backend features. Hand the set to
/// `decode` in place of a key: the token's `kid` and `alg` pick the key.
///
/// # Errors
///
/// `invalid_key` when the set cannot be used at all (see [`KeySet`]); keys that cannot
/// serve are listed in [`KeySet::skipped`] instead.
///
/// ```
/// # #[cfg(feature = "rustcrypto")] {
/// use std::time::Duration;
/// use jwt_strict::backend::SigningKey;
/// use jwt_strict::keys::{jwk_set, public_jwk};
/// use jwt_strict::{Algorithm, Header, NumericDate, RegisteredClaims, Validation};
///
/// // The issuer publishes its public key as a JWK Set, and signs with its private half.
/// let signer = SigningKey::generate(Algorithm::EdDsa)?.with_key_id("2026-12");
/// let public = signer.verifying_key().public_material()?;
/// let jwks = jwk_set(vec![public_jwk(&public, Some(Algorithm::EdDsa), Some("2026-12"))?]);
/// let claims = RegisteredClaims {
///     sub: Some("alice".into()),
///     exp: NumericDate::now().checked_add(Duration::from_secs(60)),
///     ..Default::default()
/// };
/// let token = jwt_strict::encode(&Header::new(Algorithm::EdDsa), &claims, &signer)?;
///
/// // The API reads the set once; the token's kid and alg pick the key.
/// let keys = jwt_strict::key_set(&jwks.to_string())?;
/// assert_eq!(keys.len(), 1);
/// let data = jwt_strict::decode::<RegisteredClaims>(&token, &keys, &Validation::new())?;
/// assert_eq!(data.claims.sub.as_deref(), Some("alice"));
/// # }
/// # Ok::<(), jwt_strict::Error>(())
/// ```
pub fn key_set(json: &str) -> Result<KeySet, Error> {
    KeySet::from_json_with(json, &|key, alg| {
        verifier(crate::BACKENDS.first(), key, alg)
    })
}

/// [`key_set`] on a chosen backend of [`crate::BACKENDS`].
///
/// # Errors
///
/// As [`key_set`].
pub fn key_set_on(json: &str, backend: &BackendEntry) -> Result<KeySet, Error> {
    KeySet::from_json_with(json, &|key, alg| verifier(Some(backend), key, alg))
}

/// [`key_set_on`] for a set published by someone else (an identity provider's JWKS
/// URL): public keys only. An `oct` key is left out and listed in
/// [`KeySet::skipped`], since a secret anyone can fetch proves nothing about who signed.
///
/// # Errors
///
/// As [`key_set`].
///
/// ```
/// # #[cfg(feature = "rustcrypto")] {
/// let public = r#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"a",
///     "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#;
/// assert_eq!(jwt_strict::public_key_set_on(public, &jwt_strict::BACKENDS[0])?.len(), 1);
///
/// let secret = r#"{"keys":[{"kty":"oct","kid":"b",
///     "k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}]}"#;
/// let keys = jwt_strict::public_key_set_on(secret, &jwt_strict::BACKENDS[0])?;
/// assert!(keys.is_empty());
/// assert!(keys.skipped()[0].reason.to_string().contains("public keys only"));
/// # }
/// # Ok::<(), jwt_strict::Error>(())
/// ```
pub fn public_key_set_on(json: &str, backend: &BackendEntry) -> Result<KeySet, Error> {
    KeySet::from_json_with(json, &|key, alg| match key {
        JwkKey::Public(public) => backend.verifier(KeyMaterial::Public(public.clone()), alg),
        _ => Err(Error::new(
            ErrorKind::InvalidKey,
            "a published key set serves public keys only; a secret anyone can fetch \
             proves nothing",
        )),
    })
}

fn verifier(
    backend: Option<&BackendEntry>,
    key: &JwkKey,
    alg: Algorithm,
) -> Result<Box<dyn JwsVerifier>, Error> {
    match key {
        JwkKey::Public(public) => match backend {
            Some(backend) => backend.verifier(KeyMaterial::Public(public.clone()), alg),
            None => Err(Error::new(
                ErrorKind::InvalidKey,
                format!(
                    "{alg} needs an asymmetric backend; enable one of jwt-strict's features awslc, \
                     openssl or rustcrypto"
                ),
            )),
        },
        JwkKey::Secret(secret) => secret_verifier(secret, alg),
        _ => Err(Error::new(
            ErrorKind::InvalidKey,
            "a key set for verification holds no private keys",
        )),
    }
}

#[cfg(feature = "hs")]
fn secret_verifier(secret: &[u8], alg: Algorithm) -> Result<Box<dyn JwsVerifier>, Error> {
    jwt_hs::HmacKey::new(alg, secret).map(|key| Box::new(key) as Box<dyn JwsVerifier>)
}

#[cfg(not(feature = "hs"))]
fn secret_verifier(_secret: &[u8], alg: Algorithm) -> Result<Box<dyn JwsVerifier>, Error> {
    Err(Error::new(
        ErrorKind::InvalidKey,
        format!("an oct key for {alg} needs the `hs` feature (jwt-hs)"),
    ))
}
