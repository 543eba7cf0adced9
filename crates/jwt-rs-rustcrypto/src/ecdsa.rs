//! ES256, ES384 and ES512 (ECDSA on P-256, P-384 and P-521 with SHA-256/384/512,
//! RFC 7518 §3.4) on the `p256`, `p384` and `p521` crates. Signatures are the fixed-width
//! r‖s of JWS: 64, 96 or 132 bytes; signing is deterministic (RFC 6979).

use std::fmt;

use jwt_core::{Algorithm, Error, InvalidSignature, JwsSigner, JwsVerifier, SignError};
use jwt_x509::{
    EcCurve, EcPrivateParts, EcPublicParts, FamilySigningKey, FamilyVerifyingKey, LoadSigningKey,
    LoadVerifyingKey, PrivateKeyMaterial, PublicKeyMaterial,
};
use signature::{Signer, Verifier};
use zeroize::Zeroizing;

use crate::invalid_key;

/// An ECDSA private key bound to ES256 (P-256), ES384 (P-384) or ES512 (P-521).
pub struct EcdsaSigningKey {
    key: CurveSigningKey,
    kid: Option<String>,
}

/// An ECDSA public key bound to ES256 (P-256), ES384 (P-384) or ES512 (P-521).
#[derive(Clone)]
pub struct EcdsaVerifyingKey {
    key: CurveVerifyingKey,
    kid: Option<String>,
}

enum CurveSigningKey {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
}

#[derive(Clone, PartialEq, Eq)]
enum CurveVerifyingKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(p521::ecdsa::VerifyingKey),
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

impl CurveVerifyingKey {
    fn from_point(public: &EcPublicParts) -> Result<CurveVerifyingKey, Error> {
        let point = public.point();
        let key = match public.curve() {
            EcCurve::P256 => {
                p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map(CurveVerifyingKey::P256)
            }
            EcCurve::P384 => {
                p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map(CurveVerifyingKey::P384)
            }
            EcCurve::P521 => {
                p521::ecdsa::VerifyingKey::from_sec1_bytes(point).map(CurveVerifyingKey::P521)
            }
        };
        key.map_err(|_| {
            invalid_key(format!(
                "the {} public key is not a point on the curve",
                public.curve()
            ))
        })
    }

    fn curve(&self) -> EcCurve {
        match self {
            CurveVerifyingKey::P256(_) => EcCurve::P256,
            CurveVerifyingKey::P384(_) => EcCurve::P384,
            CurveVerifyingKey::P521(_) => EcCurve::P521,
        }
    }
}

impl EcdsaSigningKey {
    /// Generates a new key for `alg` (its curve: P-256, P-384 or P-521) from the operating
    /// system's random source.
    ///
    /// # Errors
    ///
    /// `invalid_key` for a non-ECDSA `alg`, or when the random source fails.
    pub fn generate(alg: Algorithm) -> Result<EcdsaSigningKey, Error> {
        use p256::elliptic_curve::Generate;
        let rng = &mut getrandom::SysRng;
        let failed =
            |err: getrandom::Error| invalid_key(format!("the random source failed: {err}"));
        let key = match curve_for(alg)? {
            EcCurve::P256 => CurveSigningKey::P256(
                p256::ecdsa::SigningKey::try_generate_from_rng(rng).map_err(failed)?,
            ),
            EcCurve::P384 => CurveSigningKey::P384(
                p384::ecdsa::SigningKey::try_generate_from_rng(rng).map_err(failed)?,
            ),
            EcCurve::P521 => CurveSigningKey::P521(
                p521::ecdsa::SigningKey::try_generate_from_rng(rng).map_err(failed)?,
            ),
        };
        Ok(EcdsaSigningKey { key, kid: None })
    }

    /// Sets the key identifier written as `kid` in headers of tokens this key signs.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> EcdsaSigningKey {
        self.kid = Some(kid.into());
        self
    }

    /// The public half.
    pub fn verifying_key(&self) -> EcdsaVerifyingKey {
        let key = match &self.key {
            CurveSigningKey::P256(k) => CurveVerifyingKey::P256(*k.verifying_key()),
            CurveSigningKey::P384(k) => CurveVerifyingKey::P384(*k.verifying_key()),
            CurveSigningKey::P521(k) => CurveVerifyingKey::P521(*k.verifying_key()),
        };
        EcdsaVerifyingKey {
            key,
            kid: self.kid.clone(),
        }
    }

    /// The curve.
    pub fn curve(&self) -> EcCurve {
        self.verifying_key().curve()
    }
}

impl LoadSigningKey for EcdsaSigningKey {
    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        curve_for(alg)?;
        material.check_algorithm(alg)?;
        let PrivateKeyMaterial::Ec(parts) = material else {
            return Err(invalid_key("not an EC private key"));
        };
        let scalar = parts.scalar();
        let refused = |_| {
            invalid_key(format!(
                "the {} private scalar is zero or not below the group order",
                parts.curve()
            ))
        };
        let key = match parts.curve() {
            EcCurve::P256 => {
                CurveSigningKey::P256(p256::ecdsa::SigningKey::from_slice(scalar).map_err(refused)?)
            }
            EcCurve::P384 => {
                CurveSigningKey::P384(p384::ecdsa::SigningKey::from_slice(scalar).map_err(refused)?)
            }
            EcCurve::P521 => {
                CurveSigningKey::P521(p521::ecdsa::SigningKey::from_slice(scalar).map_err(refused)?)
            }
        };
        let key = EcdsaSigningKey { key, kid: None };
        if let Some(public) = parts.public()
            && CurveVerifyingKey::from_point(public)? != key.verifying_key().key
        {
            return Err(invalid_key(
                "the EC key's public point does not match its private scalar",
            ));
        }
        Ok(key)
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
        self.key.curve()
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
        let scalar = Zeroizing::new(match &self.key {
            CurveSigningKey::P256(k) => k.to_bytes().to_vec(),
            CurveSigningKey::P384(k) => k.to_bytes().to_vec(),
            CurveSigningKey::P521(k) => k.to_bytes().to_vec(),
        });
        let PublicKeyMaterial::Ec(public) = self.verifying_key().public_material()? else {
            return Err(invalid_key("not an EC public key"));
        };
        EcPrivateParts::new(self.curve(), &scalar, Some(public.point())).map(PrivateKeyMaterial::Ec)
    }

    fn set_key_id(&mut self, kid: String) {
        self.kid = Some(kid);
    }
}

impl FamilyVerifyingKey for EcdsaVerifyingKey {
    fn public_material(&self) -> Result<PublicKeyMaterial, Error> {
        let point = match &self.key {
            CurveVerifyingKey::P256(k) => k.to_sec1_point(false).as_bytes().to_vec(),
            CurveVerifyingKey::P384(k) => k.to_sec1_point(false).as_bytes().to_vec(),
            CurveVerifyingKey::P521(k) => k.to_sec1_point(false).as_bytes().to_vec(),
        };
        EcPublicParts::new(self.curve(), &point).map(PublicKeyMaterial::Ec)
    }

    fn set_key_id(&mut self, kid: String) {
        self.kid = Some(kid);
    }
}

impl LoadVerifyingKey for EcdsaVerifyingKey {
    fn from_public_material(material: PublicKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        curve_for(alg)?;
        material.check_algorithm(alg)?;
        let PublicKeyMaterial::Ec(parts) = material else {
            return Err(invalid_key("not an EC public key"));
        };
        Ok(EcdsaVerifyingKey {
            key: CurveVerifyingKey::from_point(&parts)?,
            kid: None,
        })
    }

    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        EcdsaSigningKey::from_private_material(material, alg).map(|key| key.verifying_key())
    }
}

impl JwsSigner for EcdsaSigningKey {
    fn algorithm(&self) -> Algorithm {
        self.curve().algorithm()
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SignError> {
        let failed =
            |err: signature::Error| SignError::new("ECDSA signing failed").with_source(err);
        Ok(match &self.key {
            CurveSigningKey::P256(k) => {
                Signer::<p256::ecdsa::Signature>::try_sign(k, signing_input)
                    .map_err(failed)?
                    .to_bytes()
                    .to_vec()
            }
            CurveSigningKey::P384(k) => {
                Signer::<p384::ecdsa::Signature>::try_sign(k, signing_input)
                    .map_err(failed)?
                    .to_bytes()
                    .to_vec()
            }
            CurveSigningKey::P521(k) => {
                Signer::<p521::ecdsa::Signature>::try_sign(k, signing_input)
                    .map_err(failed)?
                    .to_bytes()
                    .to_vec()
            }
        })
    }
}

impl JwsVerifier for EcdsaVerifyingKey {
    fn algorithm(&self) -> Algorithm {
        self.curve().algorithm()
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Accepts only the fixed-width r‖s form; r and s must lie in [1, n − 1].
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        let verified = match &self.key {
            CurveVerifyingKey::P256(k) => p256::ecdsa::Signature::from_slice(signature)
                .and_then(|sig| k.verify(signing_input, &sig)),
            CurveVerifyingKey::P384(k) => p384::ecdsa::Signature::from_slice(signature)
                .and_then(|sig| k.verify(signing_input, &sig)),
            CurveVerifyingKey::P521(k) => p521::ecdsa::Signature::from_slice(signature)
                .and_then(|sig| k.verify(signing_input, &sig)),
        };
        verified.map_err(|_| InvalidSignature)
    }
}

impl fmt::Debug for EcdsaSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcdsaSigningKey")
            .field("curve", &self.curve())
            .field("kid", &self.kid)
            .field("private", &format_args!("[secret key elided]"))
            .finish()
    }
}

impl fmt::Debug for EcdsaVerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcdsaVerifyingKey")
            .field("curve", &self.curve())
            .field("kid", &self.kid)
            .finish()
    }
}
