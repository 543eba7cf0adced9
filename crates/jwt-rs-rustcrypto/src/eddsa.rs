//! EdDSA with Ed25519 (RFC 8037 §3.1) on `ed25519-dalek`, verified with `verify_strict`.

use jwt_core::Error;
use jwt_x509::{Ed25519PrivateParts, Ed25519PublicParts, PrivateKeyMaterial, PublicKeyMaterial};
use zeroize::Zeroizing;

use crate::invalid_key;

pub(crate) fn verifying_key(
    public: &Ed25519PublicParts,
) -> Result<ed25519_dalek::VerifyingKey, Error> {
    ed25519_dalek::VerifyingKey::from_bytes(public.as_bytes())
        .map_err(|_| invalid_key("the Ed25519 public key is not a point on the curve"))
}

pub(crate) fn public_material(parts: &Ed25519PrivateParts) -> Result<PublicKeyMaterial, Error> {
    let key = ed25519_dalek::SigningKey::from_bytes(parts.seed());
    Ed25519PublicParts::new(key.verifying_key().as_bytes()).map(PublicKeyMaterial::Ed25519)
}

pub(crate) fn generate() -> Result<PrivateKeyMaterial, Error> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut_slice())
        .map_err(|err| invalid_key(format!("the random source failed: {err}")))?;
    Ed25519PrivateParts::new(seed.as_slice(), None).map(PrivateKeyMaterial::Ed25519)
}
