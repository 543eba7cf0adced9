//! RS256/384/512, PS256/384/512, ES256/384/512 and EdDSA (Ed25519) for the `jwt`
//! workspace, on the pure-Rust RustCrypto crates: `rsa`, `p256`, `p384`, `p521` and
//! `ed25519-dalek`. This is the `jwt-strict` facade's default asymmetric backend
//! (feature `rustcrypto`).
//!
//! | algorithms | crate |
//! |---|---|
//! | RS256/384/512 (PKCS#1 v1.5), PS256/384/512 (PSS, salt = hash length) | `rsa` 0.10 |
//! | ES256, ES384, ES512 (fixed-width r‖s) | `p256`, `p384`, `p521` 0.14 |
//! | EdDSA (Ed25519) | `ed25519-dalek` 3 |
//!
//! This crate is primitives only: [`RustCrypto`] implements the backend contract
//! ([`jwt_keys::Backend`]), and the key types are the shared generic ones,
//! [`SigningKey`] and [`VerifyingKey`], so one `use` line swaps backends.
//!
//! Keys are read by `jwt-keys` (PEM, DER, certificates, JWK) and bound to one algorithm
//! when they are made. RSA moduli under
//! 2048 bits are `weak_key`; a key of the wrong type or curve for the algorithm is
//! `invalid_key`. Private keys are zeroized on drop and never printed by `Debug`.
//!
//! ```
//! # mod jwt_strict { pub use jwt_core::*; pub mod rustcrypto { pub use jwt_rs_rustcrypto::*; } }
//! use jwt_strict::{decode_at, encode, Algorithm, Header, NumericDate, RegisteredClaims, Validation};
//! use jwt_strict::rustcrypto::SigningKey;
//!
//! let key = SigningKey::generate(Algorithm::Es256)?;
//! let now = NumericDate::from_unix_seconds(1_800_000_000)?;
//! let claims = RegisteredClaims { exp: now.checked_add(std::time::Duration::from_secs(60)), ..Default::default() };
//! let token = encode(&Header::new(Algorithm::Es256), &claims, &key)?;
//! decode_at::<RegisteredClaims>(&token, &key.verifying_key(), &Validation::new(), now)?;
//! # Ok::<(), jwt_strict::Error>(())
//! ```
//!
//! # RSA timing side channels (RUSTSEC-2023-0071, "Marvin")
//!
//! The advisory says the `rsa` crate's private-key operation leaked timing through
//! non-constant-time big-integer arithmetic, enough in principle for a network attacker
//! who times many operations to sign or decrypt with the key, or worse. Here it concerns
//! **signing** (RS*, PS*); verifying uses only the public key and is not affected.
//!
//! This crate uses `rsa` 0.10.0. Its changelog (0.10.0, 2026-11-08, "Security") says it
//! replaced `num-bigint-dig` with `crypto-bigint` "for constant-time modular
//! exponentiation", hardened private-key operations following
//! draft-irtf-cfrg-rsa-guidance, and added a constant-time validation harness
//! (`cargo checkct`/BINSEC); signing is also blinded with fresh randomness from the
//! operating system. What we verified: the lockfile resolves `rsa` 0.10.0, and every RS*/PS*
//! signature here goes through `PrivateKey::pkcs1v15_sign`/`pss_sign`, the blinded path.
//! What we did not verify: the timing ourselves. The advisory database listed no patched
//! version as late as September 2026 (it recorded the 0.10 release candidates as still
//! affected), so `cargo audit` may keep flagging this crate until the advisory is updated.
//!
//! What to choose: when RSA signing keys face attacker-timed requests, or an audit must
//! come back clean, sign with ES256 or EdDSA (constant-time on this backend, and much
//! faster), or use the OpenSSL backend for RS*/PS*. Verification on this backend is fine
//! for every algorithm.

#![warn(missing_docs)]

mod ecdsa;
mod eddsa;
mod ml_dsa;
mod rsa;

use jwt_core::{Algorithm, Error, ErrorKind, InvalidSignature, SignError};
use jwt_keys::{
    Backend, EcPrivateParts, EcPublicParts, Ed25519PrivateParts, Ed25519PublicParts,
    MlDsaPrivateParts, MlDsaPublicParts, NewKey, PrivateKeyMaterial, PublicKeyMaterial,
};

/// The RustCrypto backend: `rsa`, `p256`, `p384`, `p521` and `ed25519-dalek`.
#[derive(Debug, Clone, Copy)]
pub struct RustCrypto;

/// A private key on the RustCrypto backend; see [`jwt_keys::SigningKey`].
pub type SigningKey = jwt_keys::SigningKey<RustCrypto>;

/// A public key on the RustCrypto backend; see [`jwt_keys::VerifyingKey`].
pub type VerifyingKey = jwt_keys::VerifyingKey<RustCrypto>;

/// A private key prepared for signing with one algorithm.
pub struct Signer(SignerKey);

/// A public key prepared for verifying one algorithm.
pub struct Verifier(VerifierKey);

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer([secret key elided])")
    }
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verifier")
    }
}

enum SignerKey {
    Rsa(::rsa::PrivateKey, Algorithm),
    Ecdsa(ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
    MlDsa(ml_dsa::SigningKey),
}

enum VerifierKey {
    Rsa(::rsa::PublicKey, Algorithm),
    Ecdsa(ecdsa::VerifyingKey),
    Ed25519(ed25519_dalek::VerifyingKey),
    MlDsa(ml_dsa::VerifyingKey),
}

impl Backend for RustCrypto {
    const NAME: &'static str = "rustcrypto";
    const ALGORITHMS: &'static [Algorithm] = jwt_keys::ASYMMETRIC_ALGORITHMS;
    type Signer = Signer;
    type Verifier = Verifier;

    fn signer(key: &PrivateKeyMaterial, alg: Algorithm) -> Result<Signer, Error> {
        Ok(Signer(match key {
            PrivateKeyMaterial::Rsa(parts) => SignerKey::Rsa(rsa::private_key(parts)?, alg),
            PrivateKeyMaterial::Ec(parts) => SignerKey::Ecdsa(ecdsa::signing_key(parts)?),
            PrivateKeyMaterial::Ed25519(parts) => {
                SignerKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(parts.seed()))
            }
            PrivateKeyMaterial::MlDsa(parts) => SignerKey::MlDsa(ml_dsa::signing_key(parts)),
            _ => return Err(invalid_key("this key type is not supported")),
        }))
    }

    fn verifier(key: &PublicKeyMaterial, alg: Algorithm) -> Result<Verifier, Error> {
        Ok(Verifier(match key {
            PublicKeyMaterial::Rsa(parts) => VerifierKey::Rsa(rsa::public_key(parts)?, alg),
            PublicKeyMaterial::Ec(parts) => VerifierKey::Ecdsa(ecdsa::verifying_key(parts)?),
            PublicKeyMaterial::Ed25519(parts) => VerifierKey::Ed25519(eddsa::verifying_key(parts)?),
            PublicKeyMaterial::MlDsa(parts) => VerifierKey::MlDsa(ml_dsa::verifying_key(parts)?),
            _ => return Err(invalid_key("this key type is not supported")),
        }))
    }

    fn sign(signer: &Signer, input: &[u8]) -> Result<Vec<u8>, SignError> {
        match &signer.0 {
            SignerKey::Rsa(key, alg) => rsa::sign(key, *alg, input),
            SignerKey::Ecdsa(key) => ecdsa::sign(key, input),
            SignerKey::Ed25519(key) => {
                Ok(ed25519_dalek::Signer::sign(key, input).to_bytes().to_vec())
            }
            SignerKey::MlDsa(key) => ml_dsa::sign(key, input),
        }
    }

    fn verify(verifier: &Verifier, input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        match &verifier.0 {
            VerifierKey::Rsa(key, alg) => rsa::verify(key, *alg, input, signature),
            VerifierKey::Ecdsa(key) => ecdsa::verify(key, input, signature),
            VerifierKey::Ed25519(key) => eddsa::verify(key, input, signature),
            VerifierKey::MlDsa(key) => ml_dsa::verify(key, input, signature),
        }
    }

    fn ec_public_key(key: &EcPrivateParts) -> Result<EcPublicParts, Error> {
        ecdsa::public_key(key)
    }

    fn ed25519_public_key(key: &Ed25519PrivateParts) -> Result<Ed25519PublicParts, Error> {
        eddsa::public_key(key)
    }

    fn ml_dsa_public_key(key: &MlDsaPrivateParts) -> Result<MlDsaPublicParts, Error> {
        ml_dsa::public_key(key)
    }

    fn generate(key: NewKey) -> Result<PrivateKeyMaterial, Error> {
        match key {
            NewKey::Rsa { bits } => rsa::generate(bits),
            NewKey::Ec(curve) => ecdsa::generate(curve),
            NewKey::Ed25519 => eddsa::generate(),
            NewKey::MlDsa(level) => ml_dsa::generate(level),
            _ => Err(invalid_key(format!("{key:?} keys are not generated here"))),
        }
    }
}

/// An `invalid_key` error.
fn invalid_key(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidKey, message)
}
