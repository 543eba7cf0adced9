//! EdDSA with Ed25519 (RFC 8037 §3.1) on OpenSSL. Its cofactorless check would accept a
//! small-order `R`; the shared shape check refuses one before it runs.

use jwt_core::Error;
use jwt_keys::{Ed25519PrivateParts, Ed25519PublicParts, PrivateKeyMaterial};
use openssl::error::ErrorStack;
use openssl::pkey::{Id, PKey, Private, Public};
use openssl::sign::{Signer, Verifier};
use zeroize::Zeroizing;

use crate::openssl_error;

pub(crate) fn public_key(parts: &Ed25519PublicParts) -> Result<PKey<Public>, Error> {
    PKey::public_key_from_raw_bytes(parts.as_bytes(), Id::ED25519)
        .map_err(|err| openssl_error("the Ed25519 public key was refused", err))
}

pub(crate) fn private_key(parts: &Ed25519PrivateParts) -> Result<PKey<Private>, Error> {
    PKey::private_key_from_raw_bytes(parts.seed(), Id::ED25519)
        .map_err(|err| openssl_error("the Ed25519 private key was refused", err))
}

pub(crate) fn public_key_of(parts: &Ed25519PrivateParts) -> Result<Ed25519PublicParts, Error> {
    let raw = private_key(parts)?
        .raw_public_key()
        .map_err(|err| openssl_error("cannot read the Ed25519 public key", err))?;
    Ed25519PublicParts::new(&raw)
}

pub(crate) fn generate() -> Result<PrivateKeyMaterial, Error> {
    let seed = PKey::generate_ed25519()
        .and_then(|key| key.raw_private_key())
        .map(Zeroizing::new)
        .map_err(|err| openssl_error("Ed25519 key generation failed", err))?;
    Ed25519PrivateParts::new(&seed, None).map(PrivateKeyMaterial::Ed25519)
}

pub(crate) fn sign(key: &PKey<Private>, input: &[u8]) -> Result<Vec<u8>, ErrorStack> {
    Signer::new_without_digest(key)?.sign_oneshot_to_vec(input)
}

pub(crate) fn verify(
    key: &PKey<Public>,
    input: &[u8],
    signature: &[u8],
) -> Result<bool, ErrorStack> {
    Verifier::new_without_digest(key)?.verify_oneshot(signature, input)
}
