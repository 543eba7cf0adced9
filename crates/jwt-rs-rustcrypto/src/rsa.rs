//! RS256/384/512 (RSASSA-PKCS1-v1_5, RFC 7518 §3.3) and PS256/384/512 (RSASSA-PSS with
//! MGF1 and a salt as long as the hash, §3.5) on the `rsa` crate.

use std::fmt;

use jwt_core::{
    Algorithm, AlgorithmFamily, Error, InvalidSignature, JwsSigner, JwsVerifier, SignError,
};
use jwt_x509::{
    FamilySigningKey, FamilyVerifyingKey, LoadSigningKey, LoadVerifyingKey, MAX_RSA_BITS,
    MIN_RSA_BITS, PrivateKeyMaterial, PublicKeyMaterial, RsaPrivateNumbers, RsaPrivateParts,
    RsaPublicParts,
};
use rsa::BoxedUint;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use sha2::{Sha256, Sha384, Sha512};
use zeroize::Zeroizing;

use crate::invalid_key;

/// An RSA private key bound to one of RS256/384/512 or PS256/384/512.
///
/// Signing blinds the private operation with the operating system's random source;
/// PSS salts come from it too. See the crate docs on RUSTSEC-2023-0071.
pub struct RsaSigningKey {
    alg: Algorithm,
    key: rsa::PrivateKey,
    kid: Option<String>,
}

/// An RSA public key bound to one of RS256/384/512 or PS256/384/512.
#[derive(Clone)]
pub struct RsaVerifyingKey {
    alg: Algorithm,
    key: rsa::PublicKey,
    kid: Option<String>,
}

fn check_rsa_algorithm(alg: Algorithm) -> Result<(), Error> {
    match alg.family() {
        AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss => Ok(()),
        _ => Err(invalid_key(format!(
            "an RSA key signs RS256/384/512 or PS256/384/512, not {alg}"
        ))),
    }
}

fn public_key(parts: &RsaPublicParts) -> Result<rsa::PublicKey, Error> {
    rsa::PublicKey::new_with_size_limits(
        BoxedUint::from_be_slice_vartime(parts.modulus()),
        BoxedUint::from_be_slice_vartime(parts.public_exponent()),
        MIN_RSA_BITS..=MAX_RSA_BITS,
    )
    .map_err(|err| invalid_key(format!("the RSA public key was refused: {err}")))
}

impl RsaSigningKey {
    /// Generates a new key of `bits` (2048, 3072 or 4096) for `alg`, from the operating
    /// system's random source.
    ///
    /// # Errors
    ///
    /// `weak_key` under 2048 bits; `invalid_key` for another size or a non-RSA `alg`, or
    /// when the random source fails.
    pub fn generate(alg: Algorithm, bits: usize) -> Result<RsaSigningKey, Error> {
        check_rsa_algorithm(alg)?;
        jwt_x509::check_rsa_generation_bits(bits)?;
        let key = rsa::PrivateKey::new(&mut getrandom::SysRng, bits)
            .map_err(|err| invalid_key(format!("RSA key generation failed: {err}")))?;
        Ok(RsaSigningKey {
            alg,
            key,
            kid: None,
        })
    }

    /// Sets the key identifier written as `kid` in headers of tokens this key signs.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> RsaSigningKey {
        self.kid = Some(kid.into());
        self
    }

    /// The public half, for the same algorithm.
    pub fn verifying_key(&self) -> RsaVerifyingKey {
        RsaVerifyingKey {
            alg: self.alg,
            key: self.key.to_public_key(),
            kid: self.kid.clone(),
        }
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        self.verifying_key().bits()
    }
}

impl LoadSigningKey for RsaSigningKey {
    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        check_rsa_algorithm(alg)?;
        material.check_algorithm(alg)?;
        let PrivateKeyMaterial::Rsa(parts) = material else {
            return Err(invalid_key("not an RSA private key"));
        };
        let public = parts.public();
        let [p, q] = parts.primes();
        let key = rsa::PrivateKey::from_components(
            BoxedUint::from_be_slice_vartime(public.modulus()),
            BoxedUint::from_be_slice_vartime(public.public_exponent()),
            BoxedUint::from_be_slice_vartime(parts.private_exponent()),
            vec![
                BoxedUint::from_be_slice_vartime(p),
                BoxedUint::from_be_slice_vartime(q),
            ],
        )
        .map_err(|err| invalid_key(format!("the RSA private key is inconsistent: {err}")))?;
        Ok(RsaSigningKey {
            alg,
            key,
            kid: None,
        })
    }
}

impl RsaVerifyingKey {
    /// Sets the key identifier.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> RsaVerifyingKey {
        self.kid = Some(kid.into());
        self
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        self.key.n().bit_width_vartime() as usize
    }
}

impl FamilySigningKey for RsaSigningKey {
    type VerifyingKey = RsaVerifyingKey;

    fn generate_for(alg: Algorithm, rsa_bits: usize) -> Result<Self, Error> {
        RsaSigningKey::generate(alg, rsa_bits)
    }

    fn public_key(&self) -> RsaVerifyingKey {
        self.verifying_key()
    }

    fn private_material(&self) -> Result<PrivateKeyMaterial, Error> {
        let key = &self.key;
        let missing = || invalid_key("the RSA key has no precomputed CRT values");
        let [p, q] = match key.primes() {
            [p, q] => [p, q].map(|prime| Zeroizing::new(prime.as_ref().to_be_bytes())),
            _ => return Err(invalid_key("only two-prime RSA keys can be exported")),
        };
        let d = Zeroizing::new(key.d().to_be_bytes());
        let dp = Zeroizing::new(key.dp().ok_or_else(missing)?.to_be_bytes());
        let dq = Zeroizing::new(key.dq().ok_or_else(missing)?.to_be_bytes());
        let qi = Zeroizing::new(key.qinv().ok_or_else(missing)?.retrieve().to_be_bytes());
        RsaPrivateParts::new(RsaPrivateNumbers {
            n: &key.n_bytes(),
            e: &key.e_bytes(),
            d: &d,
            p: &p,
            q: &q,
            dp: &dp,
            dq: &dq,
            qi: &qi,
        })
        .map(PrivateKeyMaterial::Rsa)
    }

    fn set_key_id(&mut self, kid: String) {
        self.kid = Some(kid);
    }
}

impl FamilyVerifyingKey for RsaVerifyingKey {
    fn public_material(&self) -> Result<PublicKeyMaterial, Error> {
        RsaPublicParts::new(&self.key.n_bytes(), &self.key.e_bytes()).map(PublicKeyMaterial::Rsa)
    }

    fn set_key_id(&mut self, kid: String) {
        self.kid = Some(kid);
    }
}

impl LoadVerifyingKey for RsaVerifyingKey {
    fn from_public_material(material: PublicKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        check_rsa_algorithm(alg)?;
        material.check_algorithm(alg)?;
        let PublicKeyMaterial::Rsa(parts) = material else {
            return Err(invalid_key("not an RSA public key"));
        };
        Ok(RsaVerifyingKey {
            alg,
            key: public_key(&parts)?,
            kid: None,
        })
    }

    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        RsaSigningKey::from_private_material(material, alg).map(|key| key.verifying_key())
    }
}

impl JwsSigner for RsaSigningKey {
    fn algorithm(&self) -> Algorithm {
        self.alg
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SignError> {
        let signed = match self.alg {
            Algorithm::Rs256 => self.key.pkcs1v15_sign::<Sha256>(signing_input),
            Algorithm::Rs384 => self.key.pkcs1v15_sign::<Sha384>(signing_input),
            Algorithm::Rs512 => self.key.pkcs1v15_sign::<Sha512>(signing_input),
            Algorithm::Ps256 => self.key.pss_sign::<Sha256>(signing_input),
            Algorithm::Ps384 => self.key.pss_sign::<Sha384>(signing_input),
            Algorithm::Ps512 => self.key.pss_sign::<Sha512>(signing_input),
            other => return Err(SignError::new(format!("an RSA key cannot sign {other}"))),
        };
        signed.map_err(|err| SignError::new(format!("RSA signing failed: {err}")).with_source(err))
    }
}

impl JwsVerifier for RsaVerifyingKey {
    fn algorithm(&self) -> Algorithm {
        self.alg
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        // RFC 8017 8.1.2 and 8.2.2: exactly k octets, as on every backend.
        if signature.len() != self.key.size() {
            return Err(InvalidSignature);
        }
        let verified = match self.alg {
            Algorithm::Rs256 => self.key.pkcs1v15_verify::<Sha256>(signing_input, signature),
            Algorithm::Rs384 => self.key.pkcs1v15_verify::<Sha384>(signing_input, signature),
            Algorithm::Rs512 => self.key.pkcs1v15_verify::<Sha512>(signing_input, signature),
            Algorithm::Ps256 => self.key.pss_verify::<Sha256>(signing_input, signature),
            Algorithm::Ps384 => self.key.pss_verify::<Sha384>(signing_input, signature),
            Algorithm::Ps512 => self.key.pss_verify::<Sha512>(signing_input, signature),
            _ => return Err(InvalidSignature),
        };
        verified.map_err(|_| InvalidSignature)
    }
}

impl fmt::Debug for RsaSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaSigningKey")
            .field("alg", &self.alg)
            .field("bits", &self.bits())
            .field("kid", &self.kid)
            .field("private", &format_args!("[secret key elided]"))
            .finish()
    }
}

impl fmt::Debug for RsaVerifyingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaVerifyingKey")
            .field("alg", &self.alg)
            .field("bits", &self.bits())
            .field("kid", &self.kid)
            .finish()
    }
}
