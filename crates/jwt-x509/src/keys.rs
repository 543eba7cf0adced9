//! The key types users name, written once for every [`Backend`]: loading, the algorithm
//! and family checks, `kid`, `Debug` redaction, and the signature shape checks that make
//! every backend answer the same on the same bytes.

use std::fmt;
use std::sync::Arc;

use jwt_core::{
    Algorithm, AlgorithmFamily, Error, InvalidSignature, JwsSigner, JwsVerifier, SignError,
};

use crate::backend::{Backend, NewKey};
use crate::load::{LoadSigningKey, LoadVerifyingKey};
use crate::material::{
    EcCurve, PrivateKeyMaterial, PublicKeyMaterial, check_rsa_generation_bits, invalid,
};

/// A private key bound to one asymmetric algorithm, on backend `B`. Each backend exports
/// it as `SigningKey` (and as `RsaSigningKey`, `EcdsaSigningKey`, `Ed25519SigningKey`).
///
/// Load one from PEM, DER or a JWK naming the algorithm it is for (`from_pem`,
/// `from_der`, `from_pem_or_der`, `from_jwk`), or make one with
/// [`SigningKey::generate`]. The key material is wiped on drop and never printed.
pub struct SigningKey<B: Backend> {
    private: PrivateKeyMaterial,
    signer: B::Signer,
    public: VerifyingKey<B>,
}

/// A public key bound to one asymmetric algorithm, on backend `B`. Each backend exports
/// it as `VerifyingKey` (and as `RsaVerifyingKey`, `EcdsaVerifyingKey`,
/// `Ed25519VerifyingKey`). Cloning shares the parsed key.
///
/// Load one from a public key, a certificate or a private key (PEM, DER or JWK), naming
/// the algorithm it is for, or take a signing key's [`SigningKey::verifying_key`].
pub struct VerifyingKey<B: Backend> {
    alg: Algorithm,
    kid: Option<String>,
    public: Arc<PublicKeyMaterial>,
    verifier: Arc<B::Verifier>,
}

impl<B: Backend> Clone for VerifyingKey<B> {
    fn clone(&self) -> Self {
        VerifyingKey {
            alg: self.alg,
            kid: self.kid.clone(),
            public: Arc::clone(&self.public),
            verifier: Arc::clone(&self.verifier),
        }
    }
}

/// Refuses HMAC algorithms, which take a secret, not a key pair.
fn check_asymmetric(alg: Algorithm, key: &str) -> Result<(), Error> {
    if alg.family() == AlgorithmFamily::Hmac {
        return Err(invalid(format!(
            "{alg} uses an HMAC shared secret, not a {key} key"
        )));
    }
    Ok(())
}

impl<B: Backend> SigningKey<B> {
    /// Generates a new key for `alg`: RSA 2048-bit for RS*/PS*, the algorithm's curve
    /// for ES*, Ed25519 for EdDSA.
    ///
    /// # Errors
    ///
    /// `invalid_key` for HS* (they use a shared secret) or when the random source fails.
    pub fn generate(alg: Algorithm) -> Result<Self, Error> {
        Self::generate_with_rsa_bits(alg, 2048)
    }

    /// As [`SigningKey::generate`], with `rsa_bits` (2048, 3072 or 4096) for RS*/PS*;
    /// the size is ignored for other algorithms.
    ///
    /// # Errors
    ///
    /// As [`SigningKey::generate`], and `weak_key`/`invalid_key` for a bad RSA size.
    pub fn generate_with_rsa_bits(alg: Algorithm, rsa_bits: usize) -> Result<Self, Error> {
        check_asymmetric(alg, "generated")?;
        let key = match (alg.family(), EcCurve::for_algorithm(alg)) {
            (AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss, _) => {
                check_rsa_generation_bits(rsa_bits)?;
                NewKey::Rsa { bits: rsa_bits }
            }
            (_, Some(curve)) => NewKey::Ec(curve),
            (AlgorithmFamily::EdDsa, _) => NewKey::Ed25519,
            _ => return Err(invalid(format!("{alg} keys cannot be generated"))),
        };
        Self::from_private_material(B::generate(key)?, alg)
    }

    /// Loads a private key for `alg` from PEM (PKCS#8, PKCS#1 or SEC1); the same as
    /// [`LoadSigningKey::from_pem`], callable without importing the trait.
    ///
    /// # Errors
    ///
    /// As [`LoadSigningKey::from_pem`].
    pub fn from_pem(pem: &str, alg: Algorithm) -> Result<Self, Error> {
        <Self as LoadSigningKey>::from_pem(pem, alg)
    }

    /// Loads a private key for `alg` from DER; see [`LoadSigningKey::from_der`].
    ///
    /// # Errors
    ///
    /// As [`LoadSigningKey::from_pem`].
    pub fn from_der(der: &[u8], alg: Algorithm) -> Result<Self, Error> {
        <Self as LoadSigningKey>::from_der(der, alg)
    }

    /// Loads a private key for `alg` from a key file's bytes, PEM or DER; see
    /// [`LoadSigningKey::from_pem_or_der`].
    ///
    /// # Errors
    ///
    /// As [`LoadSigningKey::from_pem`].
    pub fn from_pem_or_der(bytes: &[u8], alg: Algorithm) -> Result<Self, Error> {
        <Self as LoadSigningKey>::from_pem_or_der(bytes, alg)
    }

    /// Loads a private key for `alg` from a JWK; see [`LoadSigningKey::from_jwk`].
    ///
    /// # Errors
    ///
    /// As [`LoadSigningKey::from_jwk`].
    pub fn from_jwk(jwk: &str, alg: Algorithm) -> Result<Self, Error> {
        <Self as LoadSigningKey>::from_jwk(jwk, alg)
    }

    /// Sets the key identifier written as `kid` in headers of tokens this key signs.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.public.kid = Some(kid.into());
        self
    }

    /// The public half, for the same algorithm and with the same `kid`.
    pub fn verifying_key(&self) -> VerifyingKey<B> {
        self.public.clone()
    }

    /// The key's algorithm-neutral private material, e.g. to write it as PKCS#8 with
    /// [`PrivateKeyMaterial::to_pkcs8_pem`]: a copy, wiped on its own drop.
    ///
    /// # Errors
    ///
    /// None today; the `Result` leaves room for backends that keep keys elsewhere.
    pub fn private_material(&self) -> Result<PrivateKeyMaterial, Error> {
        Ok(self.private.clone())
    }

    /// The RSA modulus length in bits, or `None` for other keys.
    pub fn bits(&self) -> Option<usize> {
        self.public.bits()
    }
}

impl<B: Backend> VerifyingKey<B> {
    /// Loads a key for `alg` from PEM: a public key, a certificate or a private key's
    /// public half; the same as [`LoadVerifyingKey::from_pem`], callable without
    /// importing the trait.
    ///
    /// # Errors
    ///
    /// As [`LoadVerifyingKey::from_pem`].
    pub fn from_pem(pem: &str, alg: Algorithm) -> Result<Self, Error> {
        <Self as LoadVerifyingKey>::from_pem(pem, alg)
    }

    /// Loads a key for `alg` from DER; see [`LoadVerifyingKey::from_der`].
    ///
    /// # Errors
    ///
    /// As [`LoadVerifyingKey::from_pem`].
    pub fn from_der(der: &[u8], alg: Algorithm) -> Result<Self, Error> {
        <Self as LoadVerifyingKey>::from_der(der, alg)
    }

    /// Loads a key for `alg` from a key file's bytes, PEM or DER; see
    /// [`LoadVerifyingKey::from_pem_or_der`].
    ///
    /// # Errors
    ///
    /// As [`LoadVerifyingKey::from_pem`].
    pub fn from_pem_or_der(bytes: &[u8], alg: Algorithm) -> Result<Self, Error> {
        <Self as LoadVerifyingKey>::from_pem_or_der(bytes, alg)
    }

    /// Loads a key for `alg` from a JWK; see [`LoadVerifyingKey::from_jwk`].
    ///
    /// # Errors
    ///
    /// As [`LoadVerifyingKey::from_jwk`].
    pub fn from_jwk(jwk: &str, alg: Algorithm) -> Result<Self, Error> {
        <Self as LoadVerifyingKey>::from_jwk(jwk, alg)
    }

    /// Sets the key identifier.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The key's algorithm-neutral material: what another backend, a certificate or a
    /// JWK needs to use the same key.
    ///
    /// # Errors
    ///
    /// None today; the `Result` leaves room for backends that keep keys elsewhere.
    pub fn public_material(&self) -> Result<PublicKeyMaterial, Error> {
        Ok(PublicKeyMaterial::clone(&self.public))
    }

    /// The RSA modulus length in bits, or `None` for other keys.
    pub fn bits(&self) -> Option<usize> {
        match &*self.public {
            PublicKeyMaterial::Rsa(rsa) => Some(rsa.bits()),
            _ => None,
        }
    }

    /// Whether `signature` has the shape every backend must require before its
    /// primitive runs: RSA exactly as long as the modulus (RFC 8017 8.1.2, 8.2.2), ECDSA
    /// twice the field length, Ed25519 64 bytes with `S` < `L` and `R` not of small order.
    fn has_strict_shape(&self, signature: &[u8]) -> bool {
        match &*self.public {
            PublicKeyMaterial::Rsa(rsa) => signature.len() == rsa.bits().div_ceil(8),
            PublicKeyMaterial::Ec(ec) => signature.len() == 2 * ec.curve().field_len(),
            PublicKeyMaterial::Ed25519(_) => crate::check_ed25519_signature(signature).is_ok(),
        }
    }
}

impl<B: Backend> LoadSigningKey for SigningKey<B> {
    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        check_asymmetric(alg, &format!("{} private", material.describe()))?;
        material.check_algorithm(alg)?;
        let public = B::public_material(&material)?;
        if material
            .carried_public()
            .is_some_and(|carried| !carried.same_key(&public))
        {
            return Err(invalid(format!(
                "the {} key's public key does not match its private key",
                material.describe()
            )));
        }
        let signer = B::signer(&material, alg)?;
        let public = VerifyingKey::from_public_material(public, alg)?;
        Ok(SigningKey {
            private: material,
            signer,
            public,
        })
    }
}

impl<B: Backend> LoadVerifyingKey for VerifyingKey<B> {
    fn from_public_material(material: PublicKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        check_asymmetric(alg, &format!("{} public", material.describe()))?;
        material.check_algorithm(alg)?;
        let verifier = B::verifier(&material, alg)?;
        Ok(VerifyingKey {
            alg,
            kid: None,
            public: Arc::new(material),
            verifier: Arc::new(verifier),
        })
    }

    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        SigningKey::<B>::from_private_material(material, alg).map(|key| key.public)
    }
}

impl<B: Backend> JwsSigner for SigningKey<B> {
    fn algorithm(&self) -> Algorithm {
        self.public.alg
    }

    fn key_id(&self) -> Option<&str> {
        self.public.kid.as_deref()
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SignError> {
        B::sign(&self.signer, self.public.alg, signing_input)
    }
}

impl<B: Backend> JwsVerifier for VerifyingKey<B> {
    fn algorithm(&self) -> Algorithm {
        self.alg
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        if self.has_strict_shape(signature)
            && B::verify(&self.verifier, self.alg, signing_input, signature)
        {
            Ok(())
        } else {
            Err(InvalidSignature)
        }
    }
}

impl<B: Backend> fmt::Debug for SigningKey<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("backend", &B::NAME)
            .field("alg", &self.public.alg)
            .field("key", &self.public.public.describe())
            .field("kid", &self.public.kid)
            .field("private", &format_args!("[secret key elided]"))
            .finish()
    }
}

impl<B: Backend> fmt::Debug for VerifyingKey<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("backend", &B::NAME)
            .field("alg", &self.alg)
            .field("key", &self.public.describe())
            .field("kid", &self.kid)
            .finish()
    }
}
