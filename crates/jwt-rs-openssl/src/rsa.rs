//! RS256/384/512 (RSASSA-PKCS1-v1_5, RFC 7518 §3.3) and PS256/384/512 (RSASSA-PSS with
//! MGF1 and a salt as long as the hash, §3.5) on OpenSSL.

use std::fmt;

use jwt_core::{
    Algorithm, AlgorithmFamily, Error, InvalidSignature, JwsSigner, JwsVerifier, SignError,
};
use jwt_x509::{
    FamilySigningKey, FamilyVerifyingKey, LoadSigningKey, LoadVerifyingKey, PrivateKeyMaterial,
    PublicKeyMaterial, RsaPrivateNumbers, RsaPrivateParts, RsaPublicParts,
};
use openssl::bn::BigNum;
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private, Public};
use openssl::rsa::{Padding, Rsa};
use openssl::sign::{RsaPssSaltlen, Signer, Verifier};
use zeroize::Zeroizing;

use crate::{invalid_key, openssl_error};

/// An RSA private key bound to one of RS256/384/512 or PS256/384/512.
pub struct RsaSigningKey {
    alg: Algorithm,
    key: PKey<Private>,
    public: PKey<Public>,
    kid: Option<String>,
}

/// An RSA public key bound to one of RS256/384/512 or PS256/384/512.
#[derive(Clone)]
pub struct RsaVerifyingKey {
    alg: Algorithm,
    key: PKey<Public>,
    kid: Option<String>,
}

/// The digest and whether the padding is PSS, for an RSA algorithm.
fn scheme(alg: Algorithm) -> Option<(MessageDigest, bool)> {
    match alg {
        Algorithm::Rs256 => Some((MessageDigest::sha256(), false)),
        Algorithm::Rs384 => Some((MessageDigest::sha384(), false)),
        Algorithm::Rs512 => Some((MessageDigest::sha512(), false)),
        Algorithm::Ps256 => Some((MessageDigest::sha256(), true)),
        Algorithm::Ps384 => Some((MessageDigest::sha384(), true)),
        Algorithm::Ps512 => Some((MessageDigest::sha512(), true)),
        _ => None,
    }
}

fn check_rsa_algorithm(alg: Algorithm) -> Result<(), Error> {
    match alg.family() {
        AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss => Ok(()),
        _ => Err(invalid_key(format!(
            "an RSA key signs RS256/384/512 or PS256/384/512, not {alg}"
        ))),
    }
}

fn public_pkey(parts: &RsaPublicParts) -> Result<PKey<Public>, openssl::error::ErrorStack> {
    let rsa = Rsa::from_public_components(
        BigNum::from_slice(parts.modulus())?,
        BigNum::from_slice(parts.public_exponent())?,
    )?;
    PKey::from_rsa(rsa)
}

/// Builds OpenSSL's private key from the key's numbers; the `BigNum`s move into the
/// key, which OpenSSL wipes when it frees it.
fn private_rsa(
    parts: &jwt_x509::RsaPrivateParts,
) -> Result<Rsa<Private>, openssl::error::ErrorStack> {
    let public = parts.public();
    let [p, q] = parts.primes();
    let [dp, dq, qi] = parts.crt_values();
    Rsa::from_private_components(
        BigNum::from_slice(public.modulus())?,
        BigNum::from_slice(public.public_exponent())?,
        BigNum::from_slice(parts.private_exponent())?,
        BigNum::from_slice(p)?,
        BigNum::from_slice(q)?,
        BigNum::from_slice(dp)?,
        BigNum::from_slice(dq)?,
        BigNum::from_slice(qi)?,
    )
}

/// The public half of a private key, as its own OpenSSL key.
fn public_half(key: &PKey<Private>) -> Result<PKey<Public>, openssl::error::ErrorStack> {
    let rsa = key.rsa()?;
    let public = Rsa::from_public_components(rsa.n().to_owned()?, rsa.e().to_owned()?)?;
    PKey::from_rsa(public)
}

impl RsaSigningKey {
    fn from_pkey(alg: Algorithm, key: PKey<Private>) -> Result<RsaSigningKey, Error> {
        let public = public_half(&key)
            .map_err(|err| openssl_error("cannot read the RSA public key", err))?;
        Ok(RsaSigningKey {
            alg,
            key,
            public,
            kid: None,
        })
    }

    /// Generates a new key of `bits` (2048, 3072 or 4096) for `alg`.
    ///
    /// # Errors
    ///
    /// `weak_key` under 2048 bits; `invalid_key` for another size, a non-RSA `alg`, or
    /// an OpenSSL failure.
    pub fn generate(alg: Algorithm, bits: usize) -> Result<RsaSigningKey, Error> {
        check_rsa_algorithm(alg)?;
        jwt_x509::check_rsa_generation_bits(bits)?;
        let bits = u32::try_from(bits).map_err(|_| invalid_key("RSA key size out of range"))?;
        let key = Rsa::generate(bits)
            .and_then(PKey::from_rsa)
            .map_err(|err| openssl_error("RSA key generation failed", err))?;
        RsaSigningKey::from_pkey(alg, key)
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
            key: self.public.clone(),
            kid: self.kid.clone(),
        }
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        self.key.bits() as usize
    }
}

impl LoadSigningKey for RsaSigningKey {
    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        check_rsa_algorithm(alg)?;
        material.check_algorithm(alg)?;
        let PrivateKeyMaterial::Rsa(parts) = material else {
            return Err(invalid_key("not an RSA private key"));
        };
        let rsa = private_rsa(&parts)
            .map_err(|err| openssl_error("the RSA private key was refused", err))?;
        if !rsa.check_key().unwrap_or(false) {
            return Err(invalid_key("the RSA private key is inconsistent"));
        }
        let key = PKey::from_rsa(rsa)
            .map_err(|err| openssl_error("the RSA private key was refused", err))?;
        RsaSigningKey::from_pkey(alg, key)
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
        let rsa = self
            .key
            .rsa()
            .map_err(|err| openssl_error("cannot read the RSA private key", err))?;
        let number = |value: Option<&openssl::bn::BigNumRef>| {
            value
                .map(|n| Zeroizing::new(n.to_vec()))
                .ok_or_else(|| invalid_key("the RSA key lacks its primes or CRT values"))
        };
        let (p, q) = (number(rsa.p())?, number(rsa.q())?);
        let (dp, dq, qi) = (
            number(rsa.dmp1())?,
            number(rsa.dmq1())?,
            number(rsa.iqmp())?,
        );
        let d = Zeroizing::new(rsa.d().to_vec());
        RsaPrivateParts::new(RsaPrivateNumbers {
            n: &rsa.n().to_vec(),
            e: &rsa.e().to_vec(),
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

impl RsaVerifyingKey {
    /// Sets the key identifier.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> RsaVerifyingKey {
        self.kid = Some(kid.into());
        self
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        self.key.bits() as usize
    }
}

impl LoadVerifyingKey for RsaVerifyingKey {
    fn from_public_material(material: PublicKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        check_rsa_algorithm(alg)?;
        material.check_algorithm(alg)?;
        let PublicKeyMaterial::Rsa(parts) = material else {
            return Err(invalid_key("not an RSA public key"));
        };
        let key = public_pkey(&parts)
            .map_err(|err| openssl_error("the RSA public key was refused", err))?;
        Ok(RsaVerifyingKey {
            alg,
            key,
            kid: None,
        })
    }

    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        RsaSigningKey::from_private_material(material, alg).map(|key| key.verifying_key())
    }
}

impl FamilyVerifyingKey for RsaVerifyingKey {
    fn public_material(&self) -> Result<PublicKeyMaterial, Error> {
        let rsa = self
            .key
            .rsa()
            .map_err(|err| openssl_error("cannot read the RSA public key", err))?;
        RsaPublicParts::new(&rsa.n().to_vec(), &rsa.e().to_vec()).map(PublicKeyMaterial::Rsa)
    }

    fn set_key_id(&mut self, kid: String) {
        self.kid = Some(kid);
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
        let Some((digest, pss)) = scheme(self.alg) else {
            return Err(SignError::new(format!(
                "an RSA key cannot sign {}",
                self.alg
            )));
        };
        let sign = || {
            let mut signer = Signer::new(digest, &self.key)?;
            if pss {
                signer.set_rsa_padding(Padding::PKCS1_PSS)?;
                signer.set_rsa_pss_saltlen(RsaPssSaltlen::DIGEST_LENGTH)?;
                signer.set_rsa_mgf1_md(digest)?;
            }
            signer.sign_oneshot_to_vec(signing_input)
        };
        sign().map_err(|err| SignError::new(format!("RSA signing failed: {err}")).with_source(err))
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
        let (digest, pss) = scheme(self.alg).ok_or(InvalidSignature)?;
        // RFC 8017 8.1.2 and 8.2.2: exactly k octets. OpenSSL's PSS verification takes a
        // shorter signature (a valid one with its leading zero byte dropped), a second
        // spelling of the same token.
        if signature.len() != self.key.size() {
            return Err(InvalidSignature);
        }
        let verify = || {
            let mut verifier = Verifier::new(digest, &self.key)?;
            if pss {
                verifier.set_rsa_padding(Padding::PKCS1_PSS)?;
                // On verification, DIGEST_LENGTH demands exactly that salt length.
                verifier.set_rsa_pss_saltlen(RsaPssSaltlen::DIGEST_LENGTH)?;
                verifier.set_rsa_mgf1_md(digest)?;
            }
            verifier.verify_oneshot(signature, signing_input)
        };
        match verify() {
            Ok(true) => Ok(()),
            Ok(false) | Err(_) => Err(InvalidSignature),
        }
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
