//! EdDSA with Ed25519 (RFC 8037 §3.1) on OpenSSL.

use std::fmt;

use jwt_core::{Algorithm, Error, InvalidSignature, JwsSigner, JwsVerifier, SignError};
use jwt_x509::{
    Ed25519PrivateParts, Ed25519PublicParts, FamilySigningKey, FamilyVerifyingKey, LoadSigningKey,
    LoadVerifyingKey, PrivateKeyMaterial, PublicKeyMaterial,
};
use openssl::pkey::{Id, PKey, Private, Public};
use openssl::sign::{Signer, Verifier};
use zeroize::Zeroizing;

use crate::{invalid_key, openssl_error};

/// An Ed25519 private key, for EdDSA.
pub struct Ed25519SigningKey {
    key: PKey<Private>,
    public: PKey<Public>,
    kid: Option<String>,
}

/// An Ed25519 public key, for EdDSA.
#[derive(Clone)]
pub struct Ed25519VerifyingKey {
    key: PKey<Public>,
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
    fn from_pkey(key: PKey<Private>) -> Result<Ed25519SigningKey, Error> {
        let public = key
            .raw_public_key()
            .and_then(|raw| PKey::public_key_from_raw_bytes(&raw, Id::ED25519))
            .map_err(|err| openssl_error("cannot read the Ed25519 public key", err))?;
        Ok(Ed25519SigningKey {
            key,
            public,
            kid: None,
        })
    }

    /// Generates a new key.
    ///
    /// # Errors
    ///
    /// `invalid_key` on an OpenSSL failure.
    pub fn generate() -> Result<Ed25519SigningKey, Error> {
        let key = PKey::generate_ed25519()
            .map_err(|err| openssl_error("Ed25519 key generation failed", err))?;
        Ed25519SigningKey::from_pkey(key)
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
            key: self.public.clone(),
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
        let key = PKey::private_key_from_raw_bytes(parts.seed(), Id::ED25519)
            .map_err(|err| openssl_error("the Ed25519 private key was refused", err))?;
        let key = Ed25519SigningKey::from_pkey(key)?;
        if let Some(public) = parts.public() {
            let derived = key
                .public
                .raw_public_key()
                .map_err(|err| openssl_error("cannot read the Ed25519 public key", err))?;
            if derived != public.as_bytes() {
                return Err(invalid_key(
                    "the Ed25519 key's public key does not match its private key",
                ));
            }
        }
        Ok(key)
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
        let seed = Zeroizing::new(
            self.key
                .raw_private_key()
                .map_err(|err| openssl_error("cannot read the Ed25519 private key", err))?,
        );
        let public = self
            .public
            .raw_public_key()
            .map_err(|err| openssl_error("cannot read the Ed25519 public key", err))?;
        Ed25519PrivateParts::new(&seed, Some(&public)).map(PrivateKeyMaterial::Ed25519)
    }

    fn set_key_id(&mut self, kid: String) {
        self.kid = Some(kid);
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

impl LoadVerifyingKey for Ed25519VerifyingKey {
    fn from_public_material(material: PublicKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        check_eddsa(alg)?;
        material.check_algorithm(alg)?;
        let PublicKeyMaterial::Ed25519(parts) = material else {
            return Err(invalid_key("not an Ed25519 public key"));
        };
        let key = PKey::public_key_from_raw_bytes(parts.as_bytes(), Id::ED25519)
            .map_err(|err| openssl_error("the Ed25519 public key was refused", err))?;
        Ok(Ed25519VerifyingKey { key, kid: None })
    }

    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        Ed25519SigningKey::from_private_material(material, alg).map(|key| key.verifying_key())
    }
}

impl FamilyVerifyingKey for Ed25519VerifyingKey {
    fn public_material(&self) -> Result<PublicKeyMaterial, Error> {
        let raw = self
            .key
            .raw_public_key()
            .map_err(|err| openssl_error("cannot read the Ed25519 public key", err))?;
        Ed25519PublicParts::new(&raw).map(PublicKeyMaterial::Ed25519)
    }

    fn set_key_id(&mut self, kid: String) {
        self.kid = Some(kid);
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
        Signer::new_without_digest(&self.key)
            .and_then(|mut signer| signer.sign_oneshot_to_vec(signing_input))
            .map_err(|err| {
                SignError::new(format!("Ed25519 signing failed: {err}")).with_source(err)
            })
    }
}

impl JwsVerifier for Ed25519VerifyingKey {
    fn algorithm(&self) -> Algorithm {
        Algorithm::EdDsa
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        // OpenSSL's cofactorless check accepts an R of small order; the shared check
        // refuses it (and S ≥ L, and any length but 64) on every backend alike.
        jwt_x509::check_ed25519_signature(signature)?;
        let verified = Verifier::new_without_digest(&self.key)
            .and_then(|mut verifier| verifier.verify_oneshot(signature, signing_input));
        match verified {
            Ok(true) => Ok(()),
            Ok(false) | Err(_) => Err(InvalidSignature),
        }
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
