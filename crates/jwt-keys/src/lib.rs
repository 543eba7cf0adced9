//! Keys for the `jwt` workspace: every format a key arrives in, read once into checked,
//! algorithm-neutral key material; JWKs and JWK Sets; RFC 7638 thumbprints; and the
//! backend contract with the key types written once over it.
//!
//! | you have | read it with |
//! |---|---|
//! | PEM `PRIVATE KEY` (PKCS#8: RSA, EC, Ed25519) | [`KeyMaterial::from_pem`], [`SigningKey::from_pem`] |
//! | PEM `RSA PRIVATE KEY` / `RSA PUBLIC KEY` (PKCS#1) | the same |
//! | PEM `EC PRIVATE KEY` (SEC1) | the same |
//! | PEM `PUBLIC KEY` (SubjectPublicKeyInfo) | [`KeyMaterial::from_pem`], [`VerifyingKey::from_pem`] |
//! | PEM `CERTIFICATE` (X.509: its public key) | the same |
//! | the same structures as DER | [`KeyMaterial::from_der`], `from_der` on the key types |
//! | a JWK (RFC 7517: RSA, EC, OKP Ed25519, oct) | [`Jwk::parse`], `from_jwk` on the key types |
//! | a JWK Set of trusted keys | [`KeySet::from_json_with`] (the facade's `jwt_strict::key_set`) |
//!
//! Every backend accepts exactly the same keys and refuses the same ones with the same
//! error kinds, because the reading and the key policy live here: RSA moduli of 2048 to
//! 8192 bits (under 2048 is `weak_key`), public exponents from 3 to 2^33 − 1, RSA CRT
//! values consistent, the curves P-256/384/521 with points on them, Ed25519 points not of
//! small order. A label that contradicts the contents, a key type or curve that does not
//! fit the algorithm, or a malformed structure is `invalid_key`.
//!
//! ```
//! # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } }
//! use jwt_strict::keys::{KeyMaterial, PublicKeyMaterial};
//!
//! let pem = "-----BEGIN PUBLIC KEY-----
//! MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEKSRB/4bnHT7Ah3ER5sLPIJSa6oZj
//! J88/5HlsBhwTNrk8Qo0m3Vj5Dh2aaxXfbrFqiyc7j4hjS/LxlBsPDYZ/zw==
//! -----END PUBLIC KEY-----";
//! let KeyMaterial::Public(PublicKeyMaterial::Ec(key)) = KeyMaterial::from_pem(pem)? else {
//!     panic!("expected an EC public key");
//! };
//! assert_eq!(key.curve().name(), "P-256");
//! # Ok::<(), jwt_strict::Error>(())
//! ```
//!
//! [`Backend`] is the contract a cryptographic backend implements, and its page is the
//! guide to writing one; [`SigningKey`] and [`VerifyingKey`] are the key types over it.

#![warn(missing_docs)]

mod asn1;
mod backend;
mod ed25519;
mod encode;
mod jwk;
mod jwk_export;
mod key_set;
mod keys;
mod material;
mod ml_dsa;
mod pem;
mod rsa_crt;
mod thumbprint;

use jwt_core::Error;

pub use backend::{ASYMMETRIC_ALGORITHMS, Backend, CLASSIC_ALGORITHMS, NewKey};
pub use ed25519::check_ed25519_signature;
pub use jwk::{Jwk, JwkKey, KeyOperation};
pub use jwk_export::{jwk_set, private_jwk, public_jwk};
pub use key_set::{KeySet, MakeVerifier, SkippedKey};
pub use keys::{SigningKey, VerifyingKey};
pub use material::{
    EcCurve, EcPrivateParts, EcPublicParts, Ed25519PrivateParts, Ed25519PublicParts, KeyMaterial,
    MAX_RSA_BITS, MIN_RSA_BITS, PrivateKeyMaterial, PublicKeyMaterial, RSA_GENERATION_BITS,
    RsaPrivateNumbers, RsaPrivateParts, RsaPublicParts, check_rsa_generation_bits,
};
pub use ml_dsa::{MlDsaLevel, MlDsaPrivateParts, MlDsaPublicParts};
pub use thumbprint::{secret_thumbprint, thumbprint};

impl KeyMaterial {
    /// Reads the first key or certificate in PEM text; its label decides the format.
    ///
    /// # Errors
    ///
    /// `invalid_key` when there is no key or certificate block, the label is not one of
    /// the supported ones, or the block does not hold what its label says; the key
    /// checks (`weak_key` for RSA under 2048 bits) apply.
    pub fn from_pem(pem: &str) -> Result<KeyMaterial, Error> {
        pem::parse_pem(pem)
    }

    /// Reads a key or certificate from DER, trying PKCS#8, SubjectPublicKeyInfo, X.509,
    /// PKCS#1 private, SEC1 and PKCS#1 public in turn.
    ///
    /// # Errors
    ///
    /// As [`KeyMaterial::from_pem`].
    pub fn from_der(der: &[u8]) -> Result<KeyMaterial, Error> {
        asn1::parse_any_der(der)
    }

    /// Reads a key file's contents, PEM or DER: what a `--key FILE` option takes.
    ///
    /// # Errors
    ///
    /// As [`KeyMaterial::from_pem`].
    pub fn from_pem_or_der(bytes: &[u8]) -> Result<KeyMaterial, Error> {
        pem::parse_pem_or_der(bytes)
    }

    /// A short description for messages: `RSA 2048-bit private key`, `EC P-256 public key`.
    pub fn describe(&self) -> String {
        match self {
            KeyMaterial::Private(key) => format!("{} private key", key.describe()),
            KeyMaterial::Public(key) => format!("{} public key", key.describe()),
        }
    }
}
