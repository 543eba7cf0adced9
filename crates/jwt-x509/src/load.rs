//! Loading a backend's keys from every supported format, written once for all backends:
//! a backend implements the constructors from [`KeyMaterial`] and gets the rest.

use jwt_core::{Algorithm, Error};

use crate::jwk::{Jwk, JwkKey, KeyOperation};
use crate::material::{KeyMaterial, PrivateKeyMaterial, PublicKeyMaterial, invalid};

/// A backend's signing key, loadable from PEM, DER and JWK.
///
/// A backend implements [`from_private_material`](LoadSigningKey::from_private_material);
/// the other methods read the formats and call it, so every backend accepts the same
/// inputs with the same errors.
pub trait LoadSigningKey: Sized {
    /// Makes a key for `alg` from a private key's material.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the key does not fit `alg` or the backend refuses it.
    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error>;

    /// Loads a private key for `alg` from PEM (PKCS#8, PKCS#1 or SEC1).
    ///
    /// # Errors
    ///
    /// `invalid_key` when the PEM holds no private key, or one that does not fit `alg`;
    /// `weak_key` for RSA under 2048 bits.
    fn from_pem(pem: &str, alg: Algorithm) -> Result<Self, Error> {
        Self::from_key_material(KeyMaterial::from_pem(pem)?, alg)
    }

    /// Loads a private key for `alg` from DER (PKCS#8, PKCS#1 or SEC1).
    ///
    /// # Errors
    ///
    /// As [`LoadSigningKey::from_pem`].
    fn from_der(der: &[u8], alg: Algorithm) -> Result<Self, Error> {
        Self::from_key_material(KeyMaterial::from_der(der)?, alg)
    }

    /// Loads a private key for `alg` from a key file's bytes, PEM or DER.
    ///
    /// # Errors
    ///
    /// As [`LoadSigningKey::from_pem`].
    fn from_pem_or_der(bytes: &[u8], alg: Algorithm) -> Result<Self, Error> {
        Self::from_key_material(KeyMaterial::from_pem_or_der(bytes)?, alg)
    }

    /// Loads a private key for `alg` from a JWK (with `d`), honouring its `alg`, `use`
    /// and `key_ops`.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the JWK is malformed, public, an `oct` secret, or restricted
    /// from signing with `alg`.
    fn from_jwk(jwk: &str, alg: Algorithm) -> Result<Self, Error> {
        let jwk = Jwk::parse(jwk)?;
        jwk.check_usable(alg, KeyOperation::Sign)?;
        match jwk.key {
            JwkKey::Private(material) => Self::from_private_material(material, alg),
            JwkKey::Public(_) => Err(invalid("the JWK is a public key and cannot sign")),
            JwkKey::Secret(_) => Err(invalid("an oct JWK is an HMAC secret: load it with jwt-hs")),
        }
    }

    /// Makes a key for `alg` from any key material, refusing public keys.
    ///
    /// # Errors
    ///
    /// As [`LoadSigningKey::from_pem`].
    fn from_key_material(material: KeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        match material {
            KeyMaterial::Private(private) => Self::from_private_material(private, alg),
            KeyMaterial::Public(public) => Err(invalid(format!(
                "a {} public key cannot sign; expected a private key",
                public.describe()
            ))),
        }
    }
}

/// A backend's verifying key, loadable from PEM, DER, certificates and JWK; a private key
/// stands for its public half.
pub trait LoadVerifyingKey: Sized {
    /// Makes a key for `alg` from a public key's material.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the key does not fit `alg` or the backend refuses it (an EC
    /// point off its curve, say).
    fn from_public_material(material: PublicKeyMaterial, alg: Algorithm) -> Result<Self, Error>;

    /// Makes a key for `alg` from the public half of a private key's material.
    ///
    /// # Errors
    ///
    /// As [`LoadVerifyingKey::from_public_material`].
    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error>;

    /// Loads a key for `alg` from PEM: a public key (SPKI or PKCS#1), a certificate's
    /// public key, or a private key's public half.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the PEM holds no usable key or one that does not fit `alg`;
    /// `weak_key` for RSA under 2048 bits.
    fn from_pem(pem: &str, alg: Algorithm) -> Result<Self, Error> {
        Self::from_key_material(KeyMaterial::from_pem(pem)?, alg)
    }

    /// Loads a key for `alg` from DER of any supported structure.
    ///
    /// # Errors
    ///
    /// As [`LoadVerifyingKey::from_pem`].
    fn from_der(der: &[u8], alg: Algorithm) -> Result<Self, Error> {
        Self::from_key_material(KeyMaterial::from_der(der)?, alg)
    }

    /// Loads a key for `alg` from a key file's bytes, PEM or DER.
    ///
    /// # Errors
    ///
    /// As [`LoadVerifyingKey::from_pem`].
    fn from_pem_or_der(bytes: &[u8], alg: Algorithm) -> Result<Self, Error> {
        Self::from_key_material(KeyMaterial::from_pem_or_der(bytes)?, alg)
    }

    /// Loads a key for `alg` from a JWK, honouring its `alg`, `use` and `key_ops`.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the JWK is malformed, an `oct` secret, or restricted from
    /// verifying with `alg`.
    fn from_jwk(jwk: &str, alg: Algorithm) -> Result<Self, Error> {
        let jwk = Jwk::parse(jwk)?;
        jwk.check_usable(alg, KeyOperation::Verify)?;
        match jwk.key {
            JwkKey::Private(material) => Self::from_private_material(material, alg),
            JwkKey::Public(material) => Self::from_public_material(material, alg),
            JwkKey::Secret(_) => Err(invalid("an oct JWK is an HMAC secret: load it with jwt-hs")),
        }
    }

    /// Makes a key for `alg` from any key material.
    ///
    /// # Errors
    ///
    /// As [`LoadVerifyingKey::from_public_material`].
    fn from_key_material(material: KeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        match material {
            KeyMaterial::Private(private) => Self::from_private_material(private, alg),
            KeyMaterial::Public(public) => Self::from_public_material(public, alg),
        }
    }
}
