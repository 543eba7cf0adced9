//! The backend contract: what a cryptographic backend supplies, and nothing more.
//!
//! A backend is primitives only. From key material that this crate has already read and
//! policy-checked (RSA sizes and CRT values, EC encodings, Ed25519 points of the
//! prime-order subgroup), it makes a signer or a verifier for one algorithm, signs and
//! verifies bytes, derives a private key's public half, and generates keys. Everything
//! that is the same for every backend is written once, generically, in
//! [`SigningKey`](crate::SigningKey) and [`VerifyingKey`](crate::VerifyingKey): the key
//! types users name, `kid`, `Debug` redaction, loading from PEM, DER and JWK, the
//! algorithm and family checks, the signature shape checks that keep every backend's
//! answers the same, and `verifying_key()`.
//!
//! # Adding a backend
//!
//! 1. A crate `jwt-rs-NAME` that implements [`Backend`] for a unit struct and exports the
//!    key types under the names every backend exports:
//!
//!    ```text
//!    pub struct Name;
//!    impl jwt_x509::Backend for Name { … }
//!    jwt_x509::export_key_types!(Name);   // SigningKey, VerifyingKey, RsaSigningKey, …
//!    ```
//!
//! 2. One line in the facade's registry list (`declare_backends!` in
//!    `crates/jwt/src/lib.rs`) and its Cargo feature (enabling `asymmetric`, listed in
//!    `all-backends`). The CLI's `--backend`, the conformance suite, the cross-backend tests, the
//!    differential fuzz target, the benches and the demo read the registry.
//!
//! The conformance suite then holds the new backend to the same answers, vector by
//! vector and mutation by mutation, as every other.

use jwt_core::{Algorithm, Error, SignError};

use crate::material::{EcCurve, PrivateKeyMaterial, PublicKeyMaterial};

/// The key a backend is asked to generate: what an algorithm needs, decided once by the
/// shared key types so that no backend maps algorithms to key kinds itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NewKey {
    /// RSA with a modulus of `bits` (2048, 3072 or 4096), for RS* and PS*.
    Rsa {
        /// The modulus size in bits.
        bits: usize,
    },
    /// An EC key on `curve`, for ES*.
    Ec(EcCurve),
    /// An Ed25519 key, for EdDSA.
    Ed25519,
}

/// A cryptographic backend: signing and verification primitives for RS256/384/512,
/// PS256/384/512 (MGF1 with the same hash, salt as long as the hash), ES256/384/512
/// (fixed-width r‖s) and EdDSA (Ed25519).
///
/// The shared key types call these methods only with an algorithm that fits the key
/// material, and verify only signatures of the algorithm's shape (RSA: exactly the
/// modulus length; ECDSA: twice the field length; Ed25519: 64 bytes, `S` < `L`, `R` not
/// of small order), so a backend needs none of those checks itself.
pub trait Backend: Send + Sync + 'static {
    /// The backend's name: `rustcrypto`, `openssl`, …, as `--backend` takes it.
    const NAME: &'static str;

    /// A private key prepared for signing (parsed once, used for every signature).
    type Signer: Send + Sync + 'static;

    /// A public key prepared for verifying (parsed once, used for every verification).
    type Verifier: Send + Sync + 'static;

    /// Prepares `key` to sign with `alg`.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the backend refuses the key.
    fn signer(key: &PrivateKeyMaterial, alg: Algorithm) -> Result<Self::Signer, Error>;

    /// Prepares `key` to verify `alg` signatures.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the backend refuses the key (an EC point off its curve, say).
    fn verifier(key: &PublicKeyMaterial, alg: Algorithm) -> Result<Self::Verifier, Error>;

    /// The public half of a private key, computed from its private part.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the private part is not a valid key.
    fn public_material(key: &PrivateKeyMaterial) -> Result<PublicKeyMaterial, Error>;

    /// Generates a key of the kind `key` names (chosen and checked by the shared code).
    ///
    /// # Errors
    ///
    /// `invalid_key` when the random source or the backend fails.
    fn generate(key: NewKey) -> Result<PrivateKeyMaterial, Error>;

    /// Signs `signing_input` with `alg`, returning the raw JWS signature (RFC 7518 §3).
    ///
    /// # Errors
    ///
    /// A [`SignError`] when the backend fails.
    fn sign(
        signer: &Self::Signer,
        alg: Algorithm,
        signing_input: &[u8],
    ) -> Result<Vec<u8>, SignError>;

    /// Whether `signature` is a valid `alg` signature of `signing_input`.
    fn verify(
        verifier: &Self::Verifier,
        alg: Algorithm,
        signing_input: &[u8],
        signature: &[u8],
    ) -> bool;
}

/// Exports the key types of backend `$backend` under the names every backend exports:
/// `SigningKey` and `VerifyingKey` (the shared [`SigningKey`](crate::SigningKey) and
/// [`VerifyingKey`](crate::VerifyingKey) over it), and the per-family names
/// `RsaSigningKey`, `RsaVerifyingKey`, `EcdsaSigningKey`, `EcdsaVerifyingKey`,
/// `Ed25519SigningKey` and `Ed25519VerifyingKey` for the same two types.
#[macro_export]
macro_rules! export_key_types {
    ($backend:ty) => {
        /// A private key for any asymmetric algorithm on this backend; see
        /// [`jwt_x509::SigningKey`].
        pub type SigningKey = $crate::SigningKey<$backend>;
        /// A public key for any asymmetric algorithm on this backend; see
        /// [`jwt_x509::VerifyingKey`].
        pub type VerifyingKey = $crate::VerifyingKey<$backend>;
        /// [`SigningKey`], under the name of its family.
        pub type RsaSigningKey = SigningKey;
        /// [`VerifyingKey`], under the name of its family.
        pub type RsaVerifyingKey = VerifyingKey;
        /// [`SigningKey`], under the name of its family.
        pub type EcdsaSigningKey = SigningKey;
        /// [`VerifyingKey`], under the name of its family.
        pub type EcdsaVerifyingKey = VerifyingKey;
        /// [`SigningKey`], under the name of its family.
        pub type Ed25519SigningKey = SigningKey;
        /// [`VerifyingKey`], under the name of its family.
        pub type Ed25519VerifyingKey = VerifyingKey;
    };
}
