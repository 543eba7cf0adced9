//! Key sets on the registry's backends: public keys verified by a backend, `oct` secrets
//! by jwt-hs.

use jwt_core::{Algorithm, Error, ErrorKind, JwsVerifier};
use jwt_x509::{JwkKey, KeySet};

use crate::registry::BackendEntry;

/// Reads a JWK Set of trusted keys on the default backend ([`crate::backend`]); `oct`
/// secrets (HS256/384/512) on jwt-hs when the `hs` feature is on. Hand the set to
/// `decode` in place of a key: the token's `kid` and `alg` pick the key.
///
/// # Errors
///
/// `invalid_key` when the set cannot be used at all (see [`KeySet`]); keys that cannot
/// serve are listed in [`KeySet::skipped`] instead.
///
/// ```
/// # #[cfg(feature = "rustcrypto")] {
/// use jwt::{ErrorKind, Validation};
///
/// let jwks = r#"{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"2026-11","alg":"EdDSA",
///     "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]}"#;
/// let keys = jwt::key_set(jwks)?;
/// assert_eq!(keys.len(), 1);
/// // RFC 8037 A.4's token has no kid; the set's one EdDSA key is the only candidate.
/// let token = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
/// let validation = Validation::new().algorithms([jwt::Algorithm::EdDsa]);
/// assert!(jwt::jws::verify(token, &keys, &validation).is_ok());
/// # }
/// # Ok::<(), jwt::Error>(())
/// ```
pub fn key_set(json: &str) -> Result<KeySet, Error> {
    let backend = crate::BACKENDS.first().ok_or_else(|| {
        Error::new(
            ErrorKind::InvalidKey,
            "no asymmetric backend is compiled in",
        )
    })?;
    key_set_on(json, backend)
}

/// [`key_set`] on a chosen backend of [`crate::BACKENDS`].
///
/// # Errors
///
/// As [`key_set`].
pub fn key_set_on(json: &str, backend: &BackendEntry) -> Result<KeySet, Error> {
    KeySet::from_json_with(json, &|key, alg| verifier(backend, key, alg))
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
/// assert_eq!(jwt::public_key_set_on(public, &jwt::BACKENDS[0])?.len(), 1);
///
/// let secret = r#"{"keys":[{"kty":"oct","kid":"b",
///     "k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}]}"#;
/// let keys = jwt::public_key_set_on(secret, &jwt::BACKENDS[0])?;
/// assert!(keys.is_empty());
/// assert!(keys.skipped()[0].reason.to_string().contains("public keys only"));
/// # }
/// # Ok::<(), jwt::Error>(())
/// ```
pub fn public_key_set_on(json: &str, backend: &BackendEntry) -> Result<KeySet, Error> {
    KeySet::from_json_with(json, &|key, alg| match key {
        JwkKey::Public(public) => (backend.verifier_from_material)(public.clone(), alg),
        _ => Err(Error::new(
            ErrorKind::InvalidKey,
            "a published key set serves public keys only; a secret anyone can fetch \
             proves nothing",
        )),
    })
}

fn verifier(
    backend: &BackendEntry,
    key: &JwkKey,
    alg: Algorithm,
) -> Result<Box<dyn JwsVerifier>, Error> {
    match key {
        JwkKey::Public(public) => (backend.verifier_from_material)(public.clone(), alg),
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
