//! `SigningKey` and `VerifyingKey`: any supported key, for a given algorithm.

use jwt_core::{
    Algorithm, AlgorithmFamily, Error, InvalidSignature, JwsSigner, JwsVerifier, SignError,
};
use jwt_x509::{LoadSigningKey, LoadVerifyingKey, PrivateKeyMaterial, PublicKeyMaterial};

use crate::ecdsa::{EcdsaSigningKey, EcdsaVerifyingKey};
use crate::eddsa::{Ed25519SigningKey, Ed25519VerifyingKey};
use crate::invalid_key;
use crate::rsa::{RsaSigningKey, RsaVerifyingKey};

/// A private key for any asymmetric algorithm: RSA, ECDSA or Ed25519.
///
/// Load one with the [`LoadSigningKey`] methods (`from_pem`, `from_der`, `from_jwk`, …),
/// naming the algorithm it is for, or make one with [`SigningKey::generate`].
#[derive(Debug)]
#[non_exhaustive]
pub enum SigningKey {
    /// An RSA key (RS*, PS*).
    Rsa(RsaSigningKey),
    /// An ECDSA key (ES*).
    Ecdsa(EcdsaSigningKey),
    /// An Ed25519 key (EdDSA).
    Ed25519(Ed25519SigningKey),
}

/// A public key for any asymmetric algorithm: RSA, ECDSA or Ed25519.
///
/// Load one with the [`LoadVerifyingKey`] methods from a public key, a certificate or a
/// private key, naming the algorithm it is for.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum VerifyingKey {
    /// An RSA key (RS*, PS*).
    Rsa(RsaVerifyingKey),
    /// An ECDSA key (ES*).
    Ecdsa(EcdsaVerifyingKey),
    /// An Ed25519 key (EdDSA).
    Ed25519(Ed25519VerifyingKey),
}

impl SigningKey {
    /// Generates a new key for `alg`: RSA 2048-bit for RS*/PS*, the algorithm's curve
    /// for ES*, Ed25519 for EdDSA.
    ///
    /// # Errors
    ///
    /// `invalid_key` for HS* (use an HMAC secret) or when the random source fails.
    pub fn generate(alg: Algorithm) -> Result<SigningKey, Error> {
        SigningKey::generate_with_rsa_bits(alg, 2048)
    }

    /// As [`SigningKey::generate`], with `rsa_bits` (2048, 3072 or 4096) for RS*/PS*;
    /// the size is ignored for other algorithms.
    ///
    /// # Errors
    ///
    /// As [`SigningKey::generate`], and `weak_key`/`invalid_key` for a bad RSA size.
    pub fn generate_with_rsa_bits(alg: Algorithm, rsa_bits: usize) -> Result<SigningKey, Error> {
        match alg.family() {
            AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss => {
                RsaSigningKey::generate(alg, rsa_bits).map(SigningKey::Rsa)
            }
            AlgorithmFamily::Ecdsa => EcdsaSigningKey::generate(alg).map(SigningKey::Ecdsa),
            AlgorithmFamily::EdDsa => Ed25519SigningKey::generate().map(SigningKey::Ed25519),
            _ => Err(invalid_key(format!(
                "{alg} uses a shared secret, not a generated key pair"
            ))),
        }
    }

    /// The public half.
    pub fn verifying_key(&self) -> VerifyingKey {
        match self {
            SigningKey::Rsa(key) => VerifyingKey::Rsa(key.verifying_key()),
            SigningKey::Ecdsa(key) => VerifyingKey::Ecdsa(key.verifying_key()),
            SigningKey::Ed25519(key) => VerifyingKey::Ed25519(key.verifying_key()),
        }
    }

    /// Sets the key identifier written as `kid` in headers of tokens this key signs.
    #[must_use]
    pub fn with_key_id(self, kid: impl Into<String>) -> SigningKey {
        match self {
            SigningKey::Rsa(key) => SigningKey::Rsa(key.with_key_id(kid)),
            SigningKey::Ecdsa(key) => SigningKey::Ecdsa(key.with_key_id(kid)),
            SigningKey::Ed25519(key) => SigningKey::Ed25519(key.with_key_id(kid)),
        }
    }

    fn inner(&self) -> &dyn JwsSigner {
        match self {
            SigningKey::Rsa(key) => key,
            SigningKey::Ecdsa(key) => key,
            SigningKey::Ed25519(key) => key,
        }
    }
}

impl VerifyingKey {
    /// Sets the key identifier.
    #[must_use]
    pub fn with_key_id(self, kid: impl Into<String>) -> VerifyingKey {
        match self {
            VerifyingKey::Rsa(key) => VerifyingKey::Rsa(key.with_key_id(kid)),
            VerifyingKey::Ecdsa(key) => VerifyingKey::Ecdsa(key.with_key_id(kid)),
            VerifyingKey::Ed25519(key) => VerifyingKey::Ed25519(key.with_key_id(kid)),
        }
    }

    fn inner(&self) -> &dyn JwsVerifier {
        match self {
            VerifyingKey::Rsa(key) => key,
            VerifyingKey::Ecdsa(key) => key,
            VerifyingKey::Ed25519(key) => key,
        }
    }
}

impl LoadSigningKey for SigningKey {
    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        match alg.family() {
            AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss => {
                RsaSigningKey::from_private_material(material, alg).map(SigningKey::Rsa)
            }
            AlgorithmFamily::Ecdsa => {
                EcdsaSigningKey::from_private_material(material, alg).map(SigningKey::Ecdsa)
            }
            AlgorithmFamily::EdDsa => {
                Ed25519SigningKey::from_private_material(material, alg).map(SigningKey::Ed25519)
            }
            _ => Err(invalid_key(format!(
                "{alg} needs an HMAC secret, not a {} private key",
                material.describe()
            ))),
        }
    }
}

impl LoadVerifyingKey for VerifyingKey {
    fn from_public_material(material: PublicKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        match alg.family() {
            AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss => {
                RsaVerifyingKey::from_public_material(material, alg).map(VerifyingKey::Rsa)
            }
            AlgorithmFamily::Ecdsa => {
                EcdsaVerifyingKey::from_public_material(material, alg).map(VerifyingKey::Ecdsa)
            }
            AlgorithmFamily::EdDsa => {
                Ed25519VerifyingKey::from_public_material(material, alg).map(VerifyingKey::Ed25519)
            }
            _ => Err(invalid_key(format!(
                "{alg} needs an HMAC secret, not a {} public key",
                material.describe()
            ))),
        }
    }

    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        SigningKey::from_private_material(material, alg).map(|key| key.verifying_key())
    }
}

impl JwsSigner for SigningKey {
    fn algorithm(&self) -> Algorithm {
        self.inner().algorithm()
    }

    fn key_id(&self) -> Option<&str> {
        self.inner().key_id()
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SignError> {
        self.inner().sign(signing_input)
    }
}

impl JwsVerifier for VerifyingKey {
    fn algorithm(&self) -> Algorithm {
        self.inner().algorithm()
    }

    fn key_id(&self) -> Option<&str> {
        self.inner().key_id()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        self.inner().verify(signing_input, signature)
    }
}
