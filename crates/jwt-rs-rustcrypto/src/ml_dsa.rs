//! ML-DSA-44/65/87 (FIPS 204, RFC 9964) on RustCrypto's `ml-dsa`: pure ML-DSA with an
//! empty context, hedged signing (fresh randomness from the operating system per
//! signature, as FIPS 204 recommends).

use jwt_core::{Error, InvalidSignature, SignError};
use jwt_keys::{MlDsaLevel, MlDsaPrivateParts, MlDsaPublicParts, PrivateKeyMaterial};
use ml_dsa::signature::Keypair;
use ml_dsa::{EncodedSignature, EncodedVerifyingKey, MlDsa44, MlDsa65, MlDsa87, MlDsaParams};
use zeroize::Zeroizing;

use crate::invalid_key;

/// A signing key of one level.
pub(crate) enum SigningKey {
    L44(Box<ml_dsa::SigningKey<MlDsa44>>),
    L65(Box<ml_dsa::SigningKey<MlDsa65>>),
    L87(Box<ml_dsa::SigningKey<MlDsa87>>),
}

/// A verifying key of one level.
pub(crate) enum VerifyingKey {
    L44(Box<ml_dsa::VerifyingKey<MlDsa44>>),
    L65(Box<ml_dsa::VerifyingKey<MlDsa65>>),
    L87(Box<ml_dsa::VerifyingKey<MlDsa87>>),
}

fn from_seed<P: MlDsaParams>(parts: &MlDsaPrivateParts) -> Box<ml_dsa::SigningKey<P>> {
    Box::new(ml_dsa::SigningKey::from_seed(&(*parts.seed()).into()))
}

pub(crate) fn signing_key(parts: &MlDsaPrivateParts) -> SigningKey {
    match parts.level() {
        MlDsaLevel::MlDsa44 => SigningKey::L44(from_seed(parts)),
        MlDsaLevel::MlDsa65 => SigningKey::L65(from_seed(parts)),
        MlDsaLevel::MlDsa87 => SigningKey::L87(from_seed(parts)),
    }
}

fn decoded<P: MlDsaParams>(
    public: &MlDsaPublicParts,
) -> Result<Box<ml_dsa::VerifyingKey<P>>, Error> {
    let encoded = EncodedVerifyingKey::<P>::try_from(public.as_bytes()).map_err(|_| {
        invalid_key(format!(
            "the {} public key has the wrong length",
            public.level()
        ))
    })?;
    Ok(Box::new(ml_dsa::VerifyingKey::decode(&encoded)))
}

pub(crate) fn verifying_key(public: &MlDsaPublicParts) -> Result<VerifyingKey, Error> {
    Ok(match public.level() {
        MlDsaLevel::MlDsa44 => VerifyingKey::L44(decoded(public)?),
        MlDsaLevel::MlDsa65 => VerifyingKey::L65(decoded(public)?),
        MlDsaLevel::MlDsa87 => VerifyingKey::L87(decoded(public)?),
    })
}

fn sign_with<P: MlDsaParams>(
    key: &ml_dsa::SigningKey<P>,
    input: &[u8],
) -> Result<Vec<u8>, SignError> {
    let signature = key
        .expanded_key()
        .sign_randomized(input, &[], &mut getrandom::SysRng)
        .map_err(|_| {
            SignError::new("ML-DSA signing failed (random source or rejection sampling)")
        })?;
    Ok(signature.encode().to_vec())
}

pub(crate) fn sign(key: &SigningKey, input: &[u8]) -> Result<Vec<u8>, SignError> {
    match key {
        SigningKey::L44(key) => sign_with(key, input),
        SigningKey::L65(key) => sign_with(key, input),
        SigningKey::L87(key) => sign_with(key, input),
    }
}

fn verify_with<P: MlDsaParams>(
    key: &ml_dsa::VerifyingKey<P>,
    input: &[u8],
    signature: &[u8],
) -> Result<(), InvalidSignature> {
    let encoded = EncodedSignature::<P>::try_from(signature).map_err(|_| InvalidSignature)?;
    let signature = ml_dsa::Signature::<P>::decode(&encoded).ok_or(InvalidSignature)?;
    if key.verify_with_context(input, &[], &signature) {
        Ok(())
    } else {
        Err(InvalidSignature)
    }
}

pub(crate) fn verify(
    key: &VerifyingKey,
    input: &[u8],
    signature: &[u8],
) -> Result<(), InvalidSignature> {
    match key {
        VerifyingKey::L44(key) => verify_with(key, input, signature),
        VerifyingKey::L65(key) => verify_with(key, input, signature),
        VerifyingKey::L87(key) => verify_with(key, input, signature),
    }
}

fn public_of<P: MlDsaParams>(parts: &MlDsaPrivateParts) -> Result<MlDsaPublicParts, Error> {
    let key = from_seed::<P>(parts);
    MlDsaPublicParts::new(parts.level(), &key.verifying_key().encode())
}

pub(crate) fn public_key(parts: &MlDsaPrivateParts) -> Result<MlDsaPublicParts, Error> {
    match parts.level() {
        MlDsaLevel::MlDsa44 => public_of::<MlDsa44>(parts),
        MlDsaLevel::MlDsa65 => public_of::<MlDsa65>(parts),
        MlDsaLevel::MlDsa87 => public_of::<MlDsa87>(parts),
    }
}

pub(crate) fn generate(level: MlDsaLevel) -> Result<PrivateKeyMaterial, Error> {
    let mut seed = Zeroizing::new([0u8; 32]);
    getrandom::fill(seed.as_mut_slice())
        .map_err(|err| invalid_key(format!("the random source failed: {err}")))?;
    MlDsaPrivateParts::new(level, seed.as_slice(), None).map(PrivateKeyMaterial::MlDsa)
}
