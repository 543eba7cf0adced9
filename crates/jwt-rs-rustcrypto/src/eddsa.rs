//! EdDSA with Ed25519 (RFC 8037 §3.1) on `ed25519-dalek`.

use jwt_core::{Error, InvalidSignature};
use jwt_keys::{Ed25519PrivateParts, Ed25519PublicParts, PrivateKeyMaterial};
use zeroize::Zeroizing;

use crate::invalid_key;

pub(crate) fn verifying_key(
    public: &Ed25519PublicParts,
) -> Result<ed25519_dalek::VerifyingKey, Error> {
    ed25519_dalek::VerifyingKey::from_bytes(public.as_bytes())
        .map_err(|_| invalid_key("the Ed25519 public key is not a point on the curve"))
}

/// Verifies with RFC 8032's cofactorless equation: `ed25519-dalek`'s `verify`, which
/// recomputes `R` and compares its canonical encoding with the signature's bytes.
///
/// As strict as `verify_strict` on every key and signature that reaches it:
/// `verify_strict` adds that `R` decompresses and that neither `R` nor the key is a point
/// of small order, and the shared key types refuse keys of small or mixed order when they
/// are loaded and signatures whose `R` is a small-order encoding before any backend runs
/// (`jwt_keys::check_ed25519_signature`). An `R` that is no point, or not canonically
/// encoded, never equals the recomputed encoding. What is left is the work: decompressing
/// `R` and two small-order checks (each a point compression), 13% of a verify's
/// instructions.
pub(crate) fn verify(
    key: &ed25519_dalek::VerifyingKey,
    input: &[u8],
    signature: &[u8],
) -> Result<(), InvalidSignature> {
    use ed25519_dalek::Verifier;
    let bytes = <&[u8; 64]>::try_from(signature).map_err(|_| InvalidSignature)?;
    key.verify(input, &ed25519_dalek::Signature::from_bytes(bytes))
        .map_err(|_| InvalidSignature)
}

pub(crate) fn public_key(parts: &Ed25519PrivateParts) -> Result<Ed25519PublicParts, Error> {
    let key = ed25519_dalek::SigningKey::from_bytes(parts.seed());
    Ed25519PublicParts::new(key.verifying_key().as_bytes())
}

pub(crate) fn generate() -> Result<PrivateKeyMaterial, Error> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut_slice())
        .map_err(|err| invalid_key(format!("the random source failed: {err}")))?;
    Ed25519PrivateParts::new(seed.as_slice(), None).map(PrivateKeyMaterial::Ed25519)
}
