//! Keys of any asymmetric family, written once for every backend: a backend implements
//! [`FamilySigningKey`] and [`FamilyVerifyingKey`] for its RSA, ECDSA and Ed25519 types
//! and names these generic enums with its own aliases (`SigningKey`, `VerifyingKey`).

use jwt_core::{
    Algorithm, AlgorithmFamily, Error, InvalidSignature, JwsSigner, JwsVerifier, SignError,
};

use crate::load::{LoadSigningKey, LoadVerifyingKey};
use crate::material::{PrivateKeyMaterial, PublicKeyMaterial, invalid};

/// A backend's private key type for one key family (RSA, ECDSA or Ed25519).
pub trait FamilySigningKey: JwsSigner + LoadSigningKey {
    /// The matching public key type.
    type VerifyingKey: FamilyVerifyingKey;

    /// Generates a key for `alg` from the operating system's random source;
    /// `rsa_bits` is the modulus size for RSA and ignored otherwise.
    ///
    /// # Errors
    ///
    /// `invalid_key` when `alg` is not of this family or the random source fails;
    /// `weak_key` for an RSA size under 2048 bits.
    fn generate_for(alg: Algorithm, rsa_bits: usize) -> Result<Self, Error>;

    /// The public half.
    fn public_key(&self) -> Self::VerifyingKey;

    /// The key's algorithm-neutral private material, to write it out (PKCS#8) or hand
    /// it to another backend.
    ///
    /// # Errors
    ///
    /// `invalid_key` if the backend cannot give its key's numbers.
    fn private_material(&self) -> Result<PrivateKeyMaterial, Error>;

    /// Sets the key identifier written as `kid` in headers.
    fn set_key_id(&mut self, kid: String);
}

/// A backend's public key type for one key family.
pub trait FamilyVerifyingKey: JwsVerifier + LoadVerifyingKey + Clone {
    /// The key's algorithm-neutral material: what another backend, or a certificate,
    /// needs to use the same key.
    ///
    /// # Errors
    ///
    /// `invalid_key` if the backend's key does not pass the material's checks, which
    /// a key it loaded or generated always does.
    fn public_material(&self) -> Result<PublicKeyMaterial, Error>;

    /// Sets the key identifier.
    fn set_key_id(&mut self, kid: String);
}

/// A private key of any asymmetric family, for a given algorithm. Backends export it as
/// `SigningKey`.
///
/// Load one with the [`LoadSigningKey`] methods (`from_pem`, `from_der`, `from_jwk`, …),
/// naming the algorithm it is for, or make one with [`AnySigningKey::generate`].
#[derive(Debug)]
#[non_exhaustive]
pub enum AnySigningKey<R, E, D> {
    /// An RSA key (RS*, PS*).
    Rsa(R),
    /// An ECDSA key (ES*).
    Ecdsa(E),
    /// An Ed25519 key (EdDSA).
    Ed25519(D),
}

/// A public key of any asymmetric family, for a given algorithm. Backends export it as
/// `VerifyingKey`.
///
/// Load one with the [`LoadVerifyingKey`] methods from a public key, a certificate or a
/// private key, naming the algorithm it is for.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum AnyVerifyingKey<R, E, D> {
    /// An RSA key (RS*, PS*).
    Rsa(R),
    /// An ECDSA key (ES*).
    Ecdsa(E),
    /// An Ed25519 key (EdDSA).
    Ed25519(D),
}

impl<R, E, D> AnySigningKey<R, E, D>
where
    R: FamilySigningKey,
    E: FamilySigningKey,
    D: FamilySigningKey,
{
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

    /// Generates a new key for `alg`: RSA 2048-bit for RS*/PS*, the algorithm's curve
    /// for ES*, Ed25519 for EdDSA.
    ///
    /// # Errors
    ///
    /// `invalid_key` for HS* (they use a shared secret) or when the random source fails.
    pub fn generate(alg: Algorithm) -> Result<Self, Error> {
        Self::generate_with_rsa_bits(alg, 2048)
    }

    /// As [`AnySigningKey::generate`], with `rsa_bits` (2048, 3072 or 4096) for RS*/PS*;
    /// the size is ignored for other algorithms.
    ///
    /// # Errors
    ///
    /// As [`AnySigningKey::generate`], and `weak_key`/`invalid_key` for a bad RSA size.
    pub fn generate_with_rsa_bits(alg: Algorithm, rsa_bits: usize) -> Result<Self, Error> {
        match alg.family() {
            AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss => {
                R::generate_for(alg, rsa_bits).map(Self::Rsa)
            }
            AlgorithmFamily::Ecdsa => E::generate_for(alg, rsa_bits).map(Self::Ecdsa),
            AlgorithmFamily::EdDsa => D::generate_for(alg, rsa_bits).map(Self::Ed25519),
            _ => Err(invalid(format!(
                "{alg} uses a shared secret, not a generated key pair"
            ))),
        }
    }

    /// The public half.
    pub fn verifying_key(
        &self,
    ) -> AnyVerifyingKey<R::VerifyingKey, E::VerifyingKey, D::VerifyingKey> {
        match self {
            Self::Rsa(key) => AnyVerifyingKey::Rsa(key.public_key()),
            Self::Ecdsa(key) => AnyVerifyingKey::Ecdsa(key.public_key()),
            Self::Ed25519(key) => AnyVerifyingKey::Ed25519(key.public_key()),
        }
    }

    /// Sets the key identifier written as `kid` in headers of tokens this key signs.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        let kid = kid.into();
        match &mut self {
            Self::Rsa(key) => key.set_key_id(kid),
            Self::Ecdsa(key) => key.set_key_id(kid),
            Self::Ed25519(key) => key.set_key_id(kid),
        }
        self
    }

    /// The key's algorithm-neutral private material, e.g. to write it as PKCS#8 with
    /// [`PrivateKeyMaterial::to_pkcs8_pem`].
    ///
    /// # Errors
    ///
    /// As [`FamilySigningKey::private_material`].
    pub fn private_material(&self) -> Result<PrivateKeyMaterial, Error> {
        match self {
            Self::Rsa(key) => key.private_material(),
            Self::Ecdsa(key) => key.private_material(),
            Self::Ed25519(key) => key.private_material(),
        }
    }

    fn inner(&self) -> &dyn JwsSigner {
        match self {
            Self::Rsa(key) => key,
            Self::Ecdsa(key) => key,
            Self::Ed25519(key) => key,
        }
    }
}

impl<R, E, D> AnyVerifyingKey<R, E, D>
where
    R: FamilyVerifyingKey,
    E: FamilyVerifyingKey,
    D: FamilyVerifyingKey,
{
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

    /// The key's algorithm-neutral material.
    ///
    /// # Errors
    ///
    /// As [`FamilyVerifyingKey::public_material`].
    pub fn public_material(&self) -> Result<PublicKeyMaterial, Error> {
        match self {
            Self::Rsa(key) => key.public_material(),
            Self::Ecdsa(key) => key.public_material(),
            Self::Ed25519(key) => key.public_material(),
        }
    }

    /// Sets the key identifier.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        let kid = kid.into();
        match &mut self {
            Self::Rsa(key) => key.set_key_id(kid),
            Self::Ecdsa(key) => key.set_key_id(kid),
            Self::Ed25519(key) => key.set_key_id(kid),
        }
        self
    }

    fn inner(&self) -> &dyn JwsVerifier {
        match self {
            Self::Rsa(key) => key,
            Self::Ecdsa(key) => key,
            Self::Ed25519(key) => key,
        }
    }
}

impl<R, E, D> LoadSigningKey for AnySigningKey<R, E, D>
where
    R: FamilySigningKey,
    E: FamilySigningKey,
    D: FamilySigningKey,
{
    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        match alg.family() {
            AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss => {
                R::from_private_material(material, alg).map(Self::Rsa)
            }
            AlgorithmFamily::Ecdsa => E::from_private_material(material, alg).map(Self::Ecdsa),
            AlgorithmFamily::EdDsa => D::from_private_material(material, alg).map(Self::Ed25519),
            _ => Err(invalid(format!(
                "{alg} needs an HMAC secret, not a {} private key",
                material.describe()
            ))),
        }
    }
}

impl<R, E, D> LoadVerifyingKey for AnyVerifyingKey<R, E, D>
where
    R: FamilyVerifyingKey,
    E: FamilyVerifyingKey,
    D: FamilyVerifyingKey,
{
    fn from_public_material(material: PublicKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        match alg.family() {
            AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss => {
                R::from_public_material(material, alg).map(Self::Rsa)
            }
            AlgorithmFamily::Ecdsa => E::from_public_material(material, alg).map(Self::Ecdsa),
            AlgorithmFamily::EdDsa => D::from_public_material(material, alg).map(Self::Ed25519),
            _ => Err(invalid(format!(
                "{alg} needs an HMAC secret, not a {} public key",
                material.describe()
            ))),
        }
    }

    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        match alg.family() {
            AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss => {
                <R as LoadVerifyingKey>::from_private_material(material, alg).map(Self::Rsa)
            }
            AlgorithmFamily::Ecdsa => {
                <E as LoadVerifyingKey>::from_private_material(material, alg).map(Self::Ecdsa)
            }
            AlgorithmFamily::EdDsa => {
                <D as LoadVerifyingKey>::from_private_material(material, alg).map(Self::Ed25519)
            }
            _ => Err(invalid(format!(
                "{alg} needs an HMAC secret, not a {} private key",
                material.describe()
            ))),
        }
    }
}

impl<R, E, D> JwsSigner for AnySigningKey<R, E, D>
where
    R: FamilySigningKey,
    E: FamilySigningKey,
    D: FamilySigningKey,
{
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

impl<R, E, D> JwsVerifier for AnyVerifyingKey<R, E, D>
where
    R: FamilyVerifyingKey,
    E: FamilyVerifyingKey,
    D: FamilyVerifyingKey,
{
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
