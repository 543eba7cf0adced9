//! Key and certificate formats for the `jwt` workspace.
//!
//! Every format a key arrives in is read here, once, into algorithm-neutral
//! [`KeyMaterial`], which each cryptographic backend turns into its own key type. So both
//! backends accept exactly the same inputs, refuse the same ones with the same error
//! kinds, and apply the same key policy (RSA moduli of 2048 to 8192 bits, public
//! exponents from 3 to 2^33 − 1, the curves P-256/384/521, Ed25519).
//!
//! | input | read by |
//! |---|---|
//! | PEM `PRIVATE KEY` (PKCS#8: RSA, EC, Ed25519) | [`KeyMaterial::from_pem`] |
//! | PEM `RSA PRIVATE KEY` / `RSA PUBLIC KEY` (PKCS#1) | [`KeyMaterial::from_pem`] |
//! | PEM `EC PRIVATE KEY` (SEC1) | [`KeyMaterial::from_pem`] |
//! | PEM `PUBLIC KEY` (SubjectPublicKeyInfo) | [`KeyMaterial::from_pem`] |
//! | PEM `CERTIFICATE` (X.509: its public key) | [`KeyMaterial::from_pem`] |
//! | the same structures as DER | [`KeyMaterial::from_der`] |
//! | JWK (RFC 7517: RSA, EC, OKP Ed25519, oct) | [`Jwk::parse`] |
//!
//! The PEM label decides the format; a label that contradicts the contents, a key
//! type or curve that does not fit the algorithm, or a malformed structure is
//! `invalid_key`; an RSA modulus under 2048 bits is `weak_key`.
//!
//! ```
//! use jwt_x509::{KeyMaterial, PublicKeyMaterial};
//!
//! let pem = "-----BEGIN PUBLIC KEY-----
//! MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEKSRB/4bnHT7Ah3ER5sLPIJSa6oZj
//! J88/5HlsBhwTNrk8Qo0m3Vj5Dh2aaxXfbrFqiyc7j4hjS/LxlBsPDYZ/zw==
//! -----END PUBLIC KEY-----";
//! let KeyMaterial::Public(PublicKeyMaterial::Ec(key)) = KeyMaterial::from_pem(pem)? else {
//!     panic!("expected an EC public key");
//! };
//! assert_eq!(key.curve().name(), "P-256");
//! # Ok::<(), jwt_core::Error>(())
//! ```

#![warn(missing_docs)]

mod asn1;
mod backend;
mod certificate;
mod ed25519;
mod encode;
mod jwk;
mod jwk_export;
mod key_set;
mod keys;
mod load;
mod material;
mod pem;
mod rsa_crt;
mod thumbprint;

use jwt_core::Error;

pub use backend::{Backend, NewKey};
pub use certificate::{
    Certificate, CertificateRequest, MAX_CERTIFICATE_DAYS, self_signed_certificate,
};
pub use ed25519::check_ed25519_signature;
pub use jwk::{Jwk, JwkKey, KeyOperation};
pub use jwk_export::{jwk_set, private_jwk, public_jwk};
pub use key_set::{KeySet, MakeVerifier, SkippedKey};
pub use keys::{SigningKey, VerifyingKey};
pub use load::{LoadSigningKey, LoadVerifyingKey};
pub use material::{
    EcCurve, EcPrivateParts, EcPublicParts, Ed25519PrivateParts, Ed25519PublicParts, KeyMaterial,
    MAX_RSA_BITS, MIN_RSA_BITS, PrivateKeyMaterial, PublicKeyMaterial, RSA_GENERATION_BITS,
    RsaPrivateNumbers, RsaPrivateParts, RsaPublicParts, check_rsa_generation_bits,
};
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
