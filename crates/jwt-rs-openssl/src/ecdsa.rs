//! ES256, ES384 and ES512 (ECDSA on P-256, P-384 and P-521, RFC 7518 §3.4) on OpenSSL.
//! OpenSSL works with DER `ECDSA-Sig-Value`s; JWS with the fixed-width r‖s, each half
//! left-padded to the curve's size: signatures are converted both ways, and any other
//! length is refused.

use std::fmt;

use jwt_core::{Algorithm, Error, InvalidSignature, JwsSigner, JwsVerifier, SignError};
use jwt_x509::{
    EcCurve, EcPrivateParts, EcPublicParts, FamilySigningKey, FamilyVerifyingKey, LoadSigningKey,
    LoadVerifyingKey, PrivateKeyMaterial, PublicKeyMaterial,
};
use openssl::bn::{BigNum, BigNumContext};
use openssl::ec::{EcGroup, EcKey, EcPoint, PointConversionForm};
use openssl::ecdsa::EcdsaSig;
use openssl::error::ErrorStack;
use openssl::hash::{MessageDigest, hash};
use openssl::nid::Nid;
use openssl::pkey::{Private, Public};

use zeroize::Zeroizing;

use crate::bignum::SecretBigNum;
use crate::{invalid_key, openssl_error};

/// An ECDSA private key bound to ES256 (P-256), ES384 (P-384) or ES512 (P-521).
pub struct EcdsaSigningKey {
    curve: EcCurve,
    key: EcKey<Private>,
    public: EcKey<Public>,
    kid: Option<String>,
}

/// An ECDSA public key bound to ES256 (P-256), ES384 (P-384) or ES512 (P-521).
#[derive(Clone)]
pub struct EcdsaVerifyingKey {
    curve: EcCurve,
    key: EcKey<Public>,
    kid: Option<String>,
}

fn curve_for(alg: Algorithm) -> Result<EcCurve, Error> {
    match alg {
        Algorithm::Es256 => Ok(EcCurve::P256),
        Algorithm::Es384 => Ok(EcCurve::P384),
        Algorithm::Es512 => Ok(EcCurve::P521),
        other => Err(invalid_key(format!(
            "an ECDSA key signs ES256, ES384 or ES512, not {other}"
        ))),
    }
}

fn group(curve: EcCurve) -> Result<EcGroup, ErrorStack> {
    EcGroup::from_curve_name(match curve {
        EcCurve::P256 => Nid::X9_62_PRIME256V1,
        EcCurve::P384 => Nid::SECP384R1,
        EcCurve::P521 => Nid::SECP521R1,
    })
}

fn digest(curve: EcCurve) -> MessageDigest {
    match curve {
        EcCurve::P256 => MessageDigest::sha256(),
        EcCurve::P384 => MessageDigest::sha384(),
        EcCurve::P521 => MessageDigest::sha512(),
    }
}

/// A public key from a SEC1 point; OpenSSL checks that it lies on the curve.
fn public_key(parts: &EcPublicParts) -> Result<EcKey<Public>, ErrorStack> {
    let group = group(parts.curve())?;
    let mut ctx = BigNumContext::new()?;
    let point = EcPoint::from_bytes(&group, parts.point(), &mut ctx)?;
    let key = EcKey::from_public_key(&group, &point)?;
    key.check_key()?;
    Ok(key)
}

/// The public half of a private key, as its own OpenSSL key.
fn public_half(key: &EcKey<Private>) -> Result<EcKey<Public>, ErrorStack> {
    EcKey::from_public_key(key.group(), key.public_key())
}

impl EcdsaSigningKey {
    fn from_eckey(curve: EcCurve, key: EcKey<Private>) -> Result<EcdsaSigningKey, Error> {
        let public =
            public_half(&key).map_err(|err| openssl_error("cannot read the EC public key", err))?;
        Ok(EcdsaSigningKey {
            curve,
            key,
            public,
            kid: None,
        })
    }

    /// Generates a new key for `alg` (its curve: P-256, P-384 or P-521).
    ///
    /// # Errors
    ///
    /// `invalid_key` for a non-ECDSA `alg`, or an OpenSSL failure.
    pub fn generate(alg: Algorithm) -> Result<EcdsaSigningKey, Error> {
        let curve = curve_for(alg)?;
        let key = group(curve)
            .and_then(|group| EcKey::generate(&group))
            .map_err(|err| openssl_error("EC key generation failed", err))?;
        EcdsaSigningKey::from_eckey(curve, key)
    }

    /// Sets the key identifier written as `kid` in headers of tokens this key signs.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> EcdsaSigningKey {
        self.kid = Some(kid.into());
        self
    }

    /// The public half.
    pub fn verifying_key(&self) -> EcdsaVerifyingKey {
        EcdsaVerifyingKey {
            curve: self.curve,
            key: self.public.clone(),
            kid: self.kid.clone(),
        }
    }

    /// The curve.
    pub fn curve(&self) -> EcCurve {
        self.curve
    }
}

/// Builds OpenSSL's private key from a scalar, checking it lies in [1, n − 1] and that
/// any public point given with it is the one it makes.
fn private_key(
    parts: &jwt_x509::EcPrivateParts,
) -> Result<Result<EcKey<Private>, Error>, ErrorStack> {
    let group = group(parts.curve())?;
    let mut ctx = BigNumContext::new_secure()?;
    let scalar = SecretBigNum::from_slice(parts.scalar())?;
    let mut order = BigNum::new()?;
    group.order(&mut order, &mut ctx)?;
    if scalar.num_bits() == 0 || *scalar >= *order {
        return Ok(Err(invalid_key(format!(
            "the {} private scalar is zero or not below the group order",
            parts.curve()
        ))));
    }
    let mut point = EcPoint::new(&group)?;
    point.mul_generator2(&group, &scalar, &mut ctx)?;
    if let Some(given) = parts.public() {
        let given = EcPoint::from_bytes(&group, given.point(), &mut ctx)?;
        if !point.eq(&group, &given, &mut ctx)? {
            return Ok(Err(invalid_key(
                "the EC key's public point does not match its private scalar",
            )));
        }
    }
    let key = EcKey::from_private_components(&group, &scalar, &point)?;
    key.check_key()?;
    Ok(Ok(key))
}

impl LoadSigningKey for EcdsaSigningKey {
    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        curve_for(alg)?;
        material.check_algorithm(alg)?;
        let PrivateKeyMaterial::Ec(parts) = material else {
            return Err(invalid_key("not an EC private key"));
        };
        let key = private_key(&parts)
            .map_err(|err| openssl_error("the EC private key was refused", err))??;
        EcdsaSigningKey::from_eckey(parts.curve(), key)
    }
}

impl FamilySigningKey for EcdsaSigningKey {
    type VerifyingKey = EcdsaVerifyingKey;

    fn generate_for(alg: Algorithm, _rsa_bits: usize) -> Result<Self, Error> {
        EcdsaSigningKey::generate(alg)
    }

    fn public_key(&self) -> EcdsaVerifyingKey {
        self.verifying_key()
    }

    fn private_material(&self) -> Result<PrivateKeyMaterial, Error> {
        let scalar = Zeroizing::new(self.key.private_key().to_vec());
        let PublicKeyMaterial::Ec(public) = self.verifying_key().public_material()? else {
            return Err(invalid_key("not an EC public key"));
        };
        EcPrivateParts::new(self.curve, &scalar, Some(public.point())).map(PrivateKeyMaterial::Ec)
    }

    fn set_key_id(&mut self, kid: String) {
        self.kid = Some(kid);
    }
}

impl EcdsaVerifyingKey {
    /// Sets the key identifier.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> EcdsaVerifyingKey {
        self.kid = Some(kid.into());
        self
    }

    /// The curve.
    pub fn curve(&self) -> EcCurve {
        self.curve
    }
}

impl LoadVerifyingKey for EcdsaVerifyingKey {
    fn from_public_material(material: PublicKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        curve_for(alg)?;
        material.check_algorithm(alg)?;
        let PublicKeyMaterial::Ec(parts) = material else {
            return Err(invalid_key("not an EC public key"));
        };
        let key = public_key(&parts).map_err(|err| {
            invalid_key(format!(
                "the {} public key is not a point on the curve",
                parts.curve()
            ))
            .with_source(err)
        })?;
        Ok(EcdsaVerifyingKey {
            curve: parts.curve(),
            key,
            kid: None,
        })
    }

    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        EcdsaSigningKey::from_private_material(material, alg).map(|key| key.verifying_key())
    }
}

impl FamilyVerifyingKey for EcdsaVerifyingKey {
    fn public_material(&self) -> Result<PublicKeyMaterial, Error> {
        let point = BigNumContext::new()
            .and_then(|mut ctx| {
                self.key.public_key().to_bytes(
                    self.key.group(),
                    PointConversionForm::UNCOMPRESSED,
                    &mut ctx,
                )
            })
            .map_err(|err| openssl_error("cannot read the EC public key", err))?;
        EcPublicParts::new(self.curve, &point).map(PublicKeyMaterial::Ec)
    }

    fn set_key_id(&mut self, kid: String) {
        self.kid = Some(kid);
    }
}

impl JwsSigner for EcdsaSigningKey {
    fn algorithm(&self) -> Algorithm {
        self.curve.algorithm()
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Signs, then writes r and s each left-padded to the curve's size (RFC 7518 3.4:
    /// they "MUST NOT be shortened to omit any leading zero octets").
    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SignError> {
        let width = i32::try_from(self.curve.field_len())
            .map_err(|_| SignError::new("curve size out of range"))?;
        let sign = || {
            let digest = hash(digest(self.curve), signing_input)?;
            let signature = EcdsaSig::sign(&digest, &self.key)?;
            let mut fixed = signature.r().to_vec_padded(width)?;
            fixed.extend(signature.s().to_vec_padded(width)?);
            Ok(fixed)
        };
        sign().map_err(|err: ErrorStack| {
            SignError::new(format!("ECDSA signing failed: {err}")).with_source(err)
        })
    }
}

impl JwsVerifier for EcdsaVerifyingKey {
    fn algorithm(&self) -> Algorithm {
        self.curve.algorithm()
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Accepts only the fixed-width r‖s form; OpenSSL refuses r or s outside [1, n − 1].
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        if signature.len() != 2 * self.curve.field_len() {
            return Err(InvalidSignature);
        }
        let (r, s) = signature.split_at(self.curve.field_len());
        let verify = || {
            let signature =
                EcdsaSig::from_private_components(BigNum::from_slice(r)?, BigNum::from_slice(s)?)?;
            let digest = hash(digest(self.curve), signing_input)?;
            signature.verify(&digest, &self.key)
        };
        match verify() {
            Ok(true) => Ok(()),
            Ok(false) | Err(_) => Err(InvalidSignature),
        }
    }
}

impl fmt::Debug for EcdsaSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcdsaSigningKey")
            .field("curve", &self.curve)
            .field("kid", &self.kid)
            .field("private", &format_args!("[secret key elided]"))
            .finish()
    }
}

impl fmt::Debug for EcdsaVerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcdsaVerifyingKey")
            .field("curve", &self.curve)
            .field("kid", &self.kid)
            .finish()
    }
}
