//! EdDSA with Ed25519 (RFC 8037 §3.1) on `ed25519-dalek`.

use std::fmt;

use jwt_core::{Algorithm, Error, InvalidSignature, JwsSigner, JwsVerifier, SignError};
use jwt_x509::{
    Ed25519PrivateParts, Ed25519PublicParts, FamilySigningKey, FamilyVerifyingKey, LoadSigningKey,
    LoadVerifyingKey, PrivateKeyMaterial, PublicKeyMaterial,
};
use zeroize::Zeroizing;

use crate::invalid_key;

/// An Ed25519 private key, for EdDSA.
pub struct Ed25519SigningKey {
    key: ed25519_dalek::SigningKey,
    kid: Option<String>,
}

/// An Ed25519 public key, for EdDSA.
#[derive(Clone)]
pub struct Ed25519VerifyingKey {
    key: ed25519_dalek::VerifyingKey,
    kid: Option<String>,
}

fn check_eddsa(alg: Algorithm) -> Result<(), Error> {
    if alg == Algorithm::EdDsa {
        Ok(())
    } else {
        Err(invalid_key(format!(
            "an Ed25519 key signs EdDSA, not {alg}"
        )))
    }
}

impl Ed25519SigningKey {
    /// Generates a new key from the operating system's random source.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the random source fails.
    pub fn generate() -> Result<Ed25519SigningKey, Error> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::fill(seed.as_mut_slice())
            .map_err(|err| invalid_key(format!("the random source failed: {err}")))?;
        Ok(Ed25519SigningKey {
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
            kid: None,
        })
    }

    /// Sets the key identifier written as `kid` in headers of tokens this key signs.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Ed25519SigningKey {
        self.kid = Some(kid.into());
        self
    }

    /// The public half.
    pub fn verifying_key(&self) -> Ed25519VerifyingKey {
        Ed25519VerifyingKey {
            key: self.key.verifying_key(),
            kid: self.kid.clone(),
        }
    }
}

impl LoadSigningKey for Ed25519SigningKey {
    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        check_eddsa(alg)?;
        material.check_algorithm(alg)?;
        let PrivateKeyMaterial::Ed25519(parts) = material else {
            return Err(invalid_key("not an Ed25519 private key"));
        };
        let key = ed25519_dalek::SigningKey::from_bytes(parts.seed());
        if let Some(public) = parts.public()
            && key.verifying_key().as_bytes() != public.as_bytes()
        {
            return Err(invalid_key(
                "the Ed25519 key's public key does not match its private key",
            ));
        }
        Ok(Ed25519SigningKey { key, kid: None })
    }
}

impl Ed25519VerifyingKey {
    /// Sets the key identifier.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Ed25519VerifyingKey {
        self.kid = Some(kid.into());
        self
    }
}

impl FamilySigningKey for Ed25519SigningKey {
    type VerifyingKey = Ed25519VerifyingKey;

    fn generate_for(alg: Algorithm, _rsa_bits: usize) -> Result<Self, Error> {
        check_eddsa(alg)?;
        Ed25519SigningKey::generate()
    }

    fn public_key(&self) -> Ed25519VerifyingKey {
        self.verifying_key()
    }

    fn private_material(&self) -> Result<PrivateKeyMaterial, Error> {
        let seed = Zeroizing::new(self.key.to_bytes());
        Ed25519PrivateParts::new(seed.as_slice(), Some(self.key.verifying_key().as_bytes()))
            .map(PrivateKeyMaterial::Ed25519)
    }

    fn set_key_id(&mut self, kid: String) {
        self.kid = Some(kid);
    }
}

impl FamilyVerifyingKey for Ed25519VerifyingKey {
    fn public_material(&self) -> Result<PublicKeyMaterial, Error> {
        Ed25519PublicParts::new(self.key.as_bytes()).map(PublicKeyMaterial::Ed25519)
    }

    fn set_key_id(&mut self, kid: String) {
        self.kid = Some(kid);
    }
}

impl LoadVerifyingKey for Ed25519VerifyingKey {
    fn from_public_material(material: PublicKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        check_eddsa(alg)?;
        material.check_algorithm(alg)?;
        let PublicKeyMaterial::Ed25519(parts) = material else {
            return Err(invalid_key("not an Ed25519 public key"));
        };
        let key = ed25519_dalek::VerifyingKey::from_bytes(parts.as_bytes())
            .map_err(|_| invalid_key("the Ed25519 public key is not a valid point"))?;
        Ok(Ed25519VerifyingKey { key, kid: None })
    }

    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        Ed25519SigningKey::from_private_material(material, alg).map(|key| key.verifying_key())
    }
}

impl JwsSigner for Ed25519SigningKey {
    fn algorithm(&self) -> Algorithm {
        Algorithm::EdDsa
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SignError> {
        use ed25519_dalek::Signer;
        Ok(self.key.sign(signing_input).to_bytes().to_vec())
    }
}

impl JwsVerifier for Ed25519VerifyingKey {
    fn algorithm(&self) -> Algorithm {
        Algorithm::EdDsa
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// RFC 8032 verification that refuses non-canonical S and R and small-order keys.
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        // The shared check every backend runs first (length, S < L, R not of small
        // order); verify_strict refuses the same, and this keeps the backends in step.
        jwt_x509::check_ed25519_signature(signature)?;
        let bytes = <&[u8; 64]>::try_from(signature).map_err(|_| InvalidSignature)?;
        let signature = ed25519_dalek::Signature::from_bytes(bytes);
        self.key
            .verify_strict(signing_input, &signature)
            .map_err(|_| InvalidSignature)
    }
}

impl fmt::Debug for Ed25519SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ed25519SigningKey")
            .field("kid", &self.kid)
            .field("private", &format_args!("[secret key elided]"))
            .finish()
    }
}

impl fmt::Debug for Ed25519VerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Ed25519VerifyingKey")
            .field("kid", &self.kid)
            .finish()
    }
}
