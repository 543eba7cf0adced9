//! RS256/384/512, PS256/384/512, ES256/384/512 and EdDSA (Ed25519) for the `jwt`
//! workspace, on AWS-LC through `aws-lc-rs` (facade feature `awslc`).
//!
//! | algorithms | how |
//! |---|---|
//! | RS256/384/512, PS256/384/512 | `RsaKeyPair` and `ParsedPublicKey` with `RSA_PKCS1_*` / `RSA_PSS_*` (salt = hash length) |
//! | ES256, ES384, ES512 | `EcdsaKeyPair` and `ParsedPublicKey` with the `*_FIXED` (r‖s) algorithms; AWS-LC has P-521 |
//! | EdDSA (Ed25519) | `Ed25519KeyPair` and `ParsedPublicKey` with `ED25519` |
//!
//! This crate is primitives only: [`AwsLc`] implements the backend contract
//! ([`jwt_keys::Backend`]); the key types are the shared generic [`SigningKey`] and
//! [`VerifyingKey`]. Keys reach AWS-LC as the PKCS#8 and SPKI that `jwt-keys` writes from the material it has read
//! and checked, and are parsed once: a verifier holds a `ParsedPublicKey`. AWS-LC builds
//! with the machine's C compiler (no cmake for this non-FIPS build).
//!
//! ```
//! # mod jwt_strict { pub use jwt_core::*; pub mod awslc { pub use jwt_rs_awslc::*; } }
//! use jwt_strict::{decode_at, encode, Algorithm, Header, NumericDate, RegisteredClaims, Validation};
//! use jwt_strict::awslc::SigningKey;
//!
//! let key = SigningKey::generate(Algorithm::Es512)?;
//! let now = NumericDate::from_unix_seconds(1_800_000_000)?;
//! let claims = RegisteredClaims { exp: now.checked_add(std::time::Duration::from_secs(60)), ..Default::default() };
//! let token = encode(&Header::new(Algorithm::Es512), &claims, &key)?;
//! decode_at::<RegisteredClaims>(&token, &key.verifying_key(), &Validation::new(), now)?;
//! # Ok::<(), jwt_strict::Error>(())
//! ```

#![warn(missing_docs)]

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::KeySize;
use aws_lc_rs::signature::{self as sig, KeyPair, ParsedPublicKey, VerificationAlgorithm};
use jwt_core::{Algorithm, Error, ErrorKind, InvalidSignature, SignError};
use jwt_keys::{
    Backend, EcCurve, EcPrivateParts, EcPublicParts, Ed25519PrivateParts, Ed25519PublicParts,
    KeyMaterial, MlDsaLevel, MlDsaPrivateParts, MlDsaPublicParts, NewKey, PrivateKeyMaterial,
    PublicKeyMaterial,
};

/// The AWS-LC backend, through `aws-lc-rs`.
#[derive(Debug, Clone, Copy)]
pub struct AwsLc;

/// A private key on the AWS-LC backend; see [`jwt_keys::SigningKey`].
pub type SigningKey = jwt_keys::SigningKey<AwsLc>;

/// A public key on the AWS-LC backend; see [`jwt_keys::VerifyingKey`].
pub type VerifyingKey = jwt_keys::VerifyingKey<AwsLc>;

/// A private key prepared for signing with one algorithm; AWS-LC wipes it when freed.
pub struct Signer(SignerKey);

/// A public key parsed once for verifying one algorithm.
pub struct Verifier(ParsedPublicKey);

enum SignerKey {
    Rsa(sig::RsaKeyPair, &'static dyn sig::RsaEncoding),
    Ecdsa(sig::EcdsaKeyPair),
    Ed25519(sig::Ed25519KeyPair),
    MlDsa(sig::PqdsaKeyPair),
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer([secret key elided])")
    }
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verifier")
    }
}

fn ecdsa_signing(curve: EcCurve) -> &'static sig::EcdsaSigningAlgorithm {
    match curve {
        EcCurve::P256 => &sig::ECDSA_P256_SHA256_FIXED_SIGNING,
        EcCurve::P384 => &sig::ECDSA_P384_SHA384_FIXED_SIGNING,
        EcCurve::P521 => &sig::ECDSA_P521_SHA512_FIXED_SIGNING,
    }
}

fn ml_dsa_signing(level: MlDsaLevel) -> &'static sig::PqdsaSigningAlgorithm {
    match level {
        MlDsaLevel::MlDsa44 => &sig::ML_DSA_44_SIGNING,
        MlDsaLevel::MlDsa65 => &sig::ML_DSA_65_SIGNING,
        MlDsaLevel::MlDsa87 => &sig::ML_DSA_87_SIGNING,
    }
}

/// The key pair of an ML-DSA seed (pure ML-DSA, empty context: what `sign` does).
fn ml_dsa_pair(key: &MlDsaPrivateParts) -> Result<sig::PqdsaKeyPair, Error> {
    sig::PqdsaKeyPair::from_seed(ml_dsa_signing(key.level()), key.seed()).map_err(|err| {
        invalid_key(format!(
            "AWS-LC refused the {} private key: {err}",
            key.level()
        ))
    })
}

fn rsa_encoding(alg: Algorithm) -> Option<&'static dyn sig::RsaEncoding> {
    Some(match alg {
        Algorithm::Rs256 => &sig::RSA_PKCS1_SHA256,
        Algorithm::Rs384 => &sig::RSA_PKCS1_SHA384,
        Algorithm::Rs512 => &sig::RSA_PKCS1_SHA512,
        Algorithm::Ps256 => &sig::RSA_PSS_SHA256,
        Algorithm::Ps384 => &sig::RSA_PSS_SHA384,
        Algorithm::Ps512 => &sig::RSA_PSS_SHA512,
        _ => return None,
    })
}

/// The verification algorithm; RSA moduli up to 8192 bits, as our policy allows.
fn verification(alg: Algorithm) -> Option<&'static dyn VerificationAlgorithm> {
    Some(match alg {
        Algorithm::Rs256 => &sig::RSA_PKCS1_2048_8192_SHA256,
        Algorithm::Rs384 => &sig::RSA_PKCS1_2048_8192_SHA384,
        Algorithm::Rs512 => &sig::RSA_PKCS1_2048_8192_SHA512,
        Algorithm::Ps256 => &sig::RSA_PSS_2048_8192_SHA256,
        Algorithm::Ps384 => &sig::RSA_PSS_2048_8192_SHA384,
        Algorithm::Ps512 => &sig::RSA_PSS_2048_8192_SHA512,
        Algorithm::Es256 => &sig::ECDSA_P256_SHA256_FIXED,
        Algorithm::Es384 => &sig::ECDSA_P384_SHA384_FIXED,
        Algorithm::Es512 => &sig::ECDSA_P521_SHA512_FIXED,
        Algorithm::EdDsa => &sig::ED25519,
        Algorithm::MlDsa44 => &sig::ML_DSA_44,
        Algorithm::MlDsa65 => &sig::ML_DSA_65,
        Algorithm::MlDsa87 => &sig::ML_DSA_87,
        _ => return None,
    })
}

impl Backend for AwsLc {
    const NAME: &'static str = "awslc";
    const ALGORITHMS: &'static [Algorithm] = jwt_keys::ASYMMETRIC_ALGORITHMS;
    type Signer = Signer;
    type Verifier = Verifier;

    fn signer(key: &PrivateKeyMaterial, alg: Algorithm) -> Result<Signer, Error> {
        let pkcs8 = key.to_pkcs8_der()?;
        let refused = |err: aws_lc_rs::error::KeyRejected| {
            invalid_key(format!(
                "AWS-LC refused the {} private key: {err}",
                key.describe()
            ))
        };
        Ok(Signer(match key {
            PrivateKeyMaterial::Rsa(_) => SignerKey::Rsa(
                sig::RsaKeyPair::from_pkcs8(&pkcs8).map_err(refused)?,
                rsa_encoding(alg)
                    .ok_or_else(|| invalid_key(format!("an RSA key cannot sign {alg}")))?,
            ),
            PrivateKeyMaterial::Ec(ec) => SignerKey::Ecdsa(
                sig::EcdsaKeyPair::from_pkcs8(ecdsa_signing(ec.curve()), &pkcs8)
                    .map_err(refused)?,
            ),
            PrivateKeyMaterial::Ed25519(ed) => SignerKey::Ed25519(
                sig::Ed25519KeyPair::from_seed_unchecked(ed.seed()).map_err(refused)?,
            ),
            PrivateKeyMaterial::MlDsa(ml) => SignerKey::MlDsa(ml_dsa_pair(ml)?),
            _ => return Err(invalid_key("this key type is not supported")),
        }))
    }

    fn verifier(key: &PublicKeyMaterial, alg: Algorithm) -> Result<Verifier, Error> {
        let algorithm =
            verification(alg).ok_or_else(|| invalid_key(format!("{alg} is not supported")))?;
        ParsedPublicKey::new(algorithm, key.to_spki_der()?)
            .map(Verifier)
            .map_err(|err| {
                invalid_key(format!(
                    "AWS-LC refused the {} public key: {err}",
                    key.describe()
                ))
            })
    }

    fn ec_public_key(key: &EcPrivateParts) -> Result<EcPublicParts, Error> {
        let private = PrivateKeyMaterial::Ec(key.clone());
        let pair =
            sig::EcdsaKeyPair::from_pkcs8(ecdsa_signing(key.curve()), &private.to_pkcs8_der()?)
                .map_err(|err| {
                    invalid_key(format!(
                        "AWS-LC refused the {} private key: {err}",
                        private.describe()
                    ))
                })?;
        EcPublicParts::new(key.curve(), pair.public_key().as_ref())
    }

    fn ed25519_public_key(key: &Ed25519PrivateParts) -> Result<Ed25519PublicParts, Error> {
        let pair = sig::Ed25519KeyPair::from_seed_unchecked(key.seed())
            .map_err(|err| invalid_key(format!("AWS-LC refused the Ed25519 private key: {err}")))?;
        Ed25519PublicParts::new(pair.public_key().as_ref())
    }

    fn ml_dsa_public_key(key: &MlDsaPrivateParts) -> Result<MlDsaPublicParts, Error> {
        MlDsaPublicParts::new(key.level(), ml_dsa_pair(key)?.public_key().as_ref())
    }

    fn generate(key: NewKey) -> Result<PrivateKeyMaterial, Error> {
        let failed = |_| invalid_key(format!("AWS-LC could not generate a {key:?} key"));
        let pkcs8: Vec<u8> = match key {
            NewKey::Rsa { bits } => {
                let size = match bits {
                    2048 => KeySize::Rsa2048,
                    3072 => KeySize::Rsa3072,
                    4096 => KeySize::Rsa4096,
                    other => {
                        return Err(invalid_key(format!(
                            "AWS-LC generates RSA keys of 2048, 3072 or 4096 bits, not {other}"
                        )));
                    }
                };
                let pair = sig::RsaKeyPair::generate(size).map_err(failed)?;
                pair.as_der().map_err(failed)?.as_ref().to_vec()
            }
            NewKey::Ec(curve) => {
                let pair = sig::EcdsaKeyPair::generate(ecdsa_signing(curve)).map_err(failed)?;
                pair.to_pkcs8v1().map_err(failed)?.as_ref().to_vec()
            }
            NewKey::Ed25519 => {
                let pair = sig::Ed25519KeyPair::generate().map_err(failed)?;
                pair.to_pkcs8v1().map_err(failed)?.as_ref().to_vec()
            }
            NewKey::MlDsa(level) => {
                let pair = sig::PqdsaKeyPair::generate(ml_dsa_signing(level)).map_err(failed)?;
                pair.to_pkcs8v1().map_err(failed)?.as_ref().to_vec()
            }
            _ => return Err(invalid_key(format!("{key:?} keys are not generated here"))),
        };
        let pkcs8 = zeroize::Zeroizing::new(pkcs8);
        match KeyMaterial::from_der(&pkcs8)? {
            KeyMaterial::Private(private) => Ok(private),
            KeyMaterial::Public(_) => Err(invalid_key("AWS-LC generated a public key")),
        }
    }

    fn sign(signer: &Signer, input: &[u8]) -> Result<Vec<u8>, SignError> {
        let failed = |_| SignError::new("AWS-LC signing failed");
        match &signer.0 {
            SignerKey::Rsa(pair, encoding) => {
                let mut signature = vec![0u8; pair.public_modulus_len()];
                pair.sign(*encoding, &SystemRandom::new(), input, &mut signature)
                    .map_err(failed)?;
                Ok(signature)
            }
            SignerKey::Ecdsa(pair) => pair
                .sign(&SystemRandom::new(), input)
                .map(|signature| signature.as_ref().to_vec())
                .map_err(failed),
            SignerKey::Ed25519(pair) => pair
                .try_sign(input)
                .map(|signature| signature.as_ref().to_vec())
                .map_err(failed),
            SignerKey::MlDsa(pair) => {
                let mut signature = vec![0u8; pair.algorithm().signature_len()];
                let len = pair.sign(input, &mut signature).map_err(failed)?;
                signature.truncate(len);
                Ok(signature)
            }
        }
    }

    fn verify(verifier: &Verifier, input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        verifier
            .0
            .verify_sig(input, signature)
            .map_err(|_| InvalidSignature)
    }
}

/// An `invalid_key` error.
fn invalid_key(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidKey, message)
}
