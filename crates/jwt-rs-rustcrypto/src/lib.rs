//! RS256/384/512, PS256/384/512, ES256/384/512 and EdDSA (Ed25519) for the `jwt`
//! workspace, on the pure-Rust RustCrypto crates: `rsa`, `p256`, `p384`, `p521` and
//! `ed25519-dalek`. This is the `jwt` facade's default asymmetric backend
//! (feature `rustcrypto`).
//!
//! | type | algorithms | crate |
//! |---|---|---|
//! | [`RsaSigningKey`], [`RsaVerifyingKey`] | RS256/384/512 (PKCS#1 v1.5), PS256/384/512 (PSS, salt = hash length) | `rsa` 0.10 |
//! | [`EcdsaSigningKey`], [`EcdsaVerifyingKey`] | ES256, ES384, ES512 (fixed-width r‖s) | `p256`, `p384`, `p521` 0.14 |
//! | [`Ed25519SigningKey`], [`Ed25519VerifyingKey`] | EdDSA (Ed25519) | `ed25519-dalek` 3 |
//! | [`SigningKey`], [`VerifyingKey`] | any of the above, chosen by the algorithm | |
//!
//! The OpenSSL backend exports the same names, so one `use` line swaps the two.
//!
//! Keys are read by `jwt-x509` ([`LoadSigningKey`], [`LoadVerifyingKey`]: PEM, DER,
//! certificates, JWK) and bound to one algorithm when they are made. RSA moduli under
//! 2048 bits are `weak_key`; a key of the wrong type or curve for the algorithm is
//! `invalid_key`. Private keys are zeroized on drop and never printed by `Debug`.
//!
//! ```
//! use jwt_core::{decode_at, encode, Algorithm, Header, NumericDate, RegisteredClaims, Validation};
//! use jwt_rs_rustcrypto::SigningKey;
//!
//! let key = SigningKey::generate(Algorithm::Es256)?;
//! let now = NumericDate::from_unix_seconds(1_800_000_000)?;
//! let claims = RegisteredClaims { exp: now.checked_add(std::time::Duration::from_secs(60)), ..Default::default() };
//! let token = encode(&Header::new(Algorithm::Es256), &claims, &key)?;
//! decode_at::<RegisteredClaims>(&token, &key.verifying_key(), &Validation::new(), now)?;
//! # Ok::<(), jwt_core::Error>(())
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
mod rsa;

pub use ecdsa::{EcdsaSigningKey, EcdsaVerifyingKey};
pub use eddsa::{Ed25519SigningKey, Ed25519VerifyingKey};
pub use jwt_x509::{LoadSigningKey, LoadVerifyingKey};
pub use rsa::{RsaSigningKey, RsaVerifyingKey};

/// A private key for any asymmetric algorithm: RSA, ECDSA or Ed25519.
///
/// Load one with the [`LoadSigningKey`] methods (`from_pem`, `from_der`, `from_jwk`, …),
/// naming the algorithm it is for, or make one with `SigningKey::generate(alg)`.
pub type SigningKey = jwt_x509::AnySigningKey<RsaSigningKey, EcdsaSigningKey, Ed25519SigningKey>;

/// A public key for any asymmetric algorithm: RSA, ECDSA or Ed25519.
///
/// Load one with the [`LoadVerifyingKey`] methods from a public key, a certificate or a
/// private key, naming the algorithm it is for.
pub type VerifyingKey =
    jwt_x509::AnyVerifyingKey<RsaVerifyingKey, EcdsaVerifyingKey, Ed25519VerifyingKey>;

/// An `invalid_key` error.
fn invalid_key(message: impl Into<String>) -> jwt_core::Error {
    jwt_core::Error::new(jwt_core::ErrorKind::InvalidKey, message)
}
