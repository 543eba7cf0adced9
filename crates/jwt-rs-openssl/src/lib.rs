//! RS256/384/512, PS256/384/512, ES256/384/512 and EdDSA (Ed25519) for the `jwt`
//! workspace, on OpenSSL through the `openssl` crate (facade feature `openssl`).
//!
//! | type | algorithms |
//! |---|---|
//! | [`RsaSigningKey`], [`RsaVerifyingKey`] | RS256/384/512 (PKCS#1 v1.5), PS256/384/512 (PSS, MGF1 with the same hash, salt = hash length, enforced on verify) |
//! | [`EcdsaSigningKey`], [`EcdsaVerifyingKey`] | ES256, ES384, ES512: OpenSSL's DER signatures converted to and from JWS's fixed-width r‖s |
//! | [`Ed25519SigningKey`], [`Ed25519VerifyingKey`] | EdDSA (Ed25519) |
//! | [`SigningKey`], [`VerifyingKey`] | any of the above, chosen by the algorithm |
//!
//! These are the names the RustCrypto backend exports, so one `use` line swaps the two,
//! and both pass the same conformance suite with the same answers. Keys are read by
//! `jwt-x509` ([`LoadSigningKey`], [`LoadVerifyingKey`]: PEM, DER, certificates, JWK)
//! into algorithm-neutral material and then handed to OpenSSL, so both backends accept
//! exactly the same inputs with the same errors; RSA under 2048 bits is `weak_key`.
//!
//! What OpenSSL brings: RSA signing about five times faster than `rsa` 0.10, and
//! OpenSSL's own constant-time, blinded RSA private-key operations. What it costs: the
//! system's libssl is linked (found through `pkg-config`; `libssl-dev` on Debian).
//! HS* stay on `jwt-hs` (the `hmac` crate), which is an order of magnitude faster than
//! HMAC through the `openssl` crate's safe API.
//!
//! Private keys live in OpenSSL, which wipes them when freed; intermediate numbers this
//! crate makes while loading a key are cleared before they are dropped. `Debug` never
//! prints key material.
//!
//! ```
//! use jwt_core::{decode_at, encode, Algorithm, Header, NumericDate, RegisteredClaims, Validation};
//! use jwt_rs_openssl::SigningKey;
//!
//! let key = SigningKey::generate(Algorithm::Es384)?;
//! let now = NumericDate::from_unix_seconds(1_800_000_000)?;
//! let claims = RegisteredClaims { exp: now.checked_add(std::time::Duration::from_secs(60)), ..Default::default() };
//! let token = encode(&Header::new(Algorithm::Es384), &claims, &key)?;
//! decode_at::<RegisteredClaims>(&token, &key.verifying_key(), &Validation::new(), now)?;
//! # Ok::<(), jwt_core::Error>(())
//! ```

#![warn(missing_docs)]

mod bignum;
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

/// An `invalid_key` error for an OpenSSL failure while loading or making a key.
fn openssl_error(what: &str, err: openssl::error::ErrorStack) -> jwt_core::Error {
    invalid_key(format!("{what}: {err}")).with_source(err)
}
