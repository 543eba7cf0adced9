//! RS256/384/512 (RSASSA-PKCS1-v1_5) and PS256/384/512 (RSASSA-PSS, MGF1 with the same
//! hash, salt as long as the hash) on the `rsa` crate. Signing blinds the private
//! operation with the operating system's random source; see the crate docs on
//! RUSTSEC-2023-0071.

use jwt_core::{Algorithm, Error, InvalidSignature, SignError};
use jwt_keys::{
    MAX_RSA_BITS, MIN_RSA_BITS, PrivateKeyMaterial, RsaPrivateNumbers, RsaPrivateParts,
    RsaPublicParts,
};
use rsa::BoxedUint;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use sha2::{Sha256, Sha384, Sha512};
use zeroize::Zeroizing;

use crate::invalid_key;

pub(crate) fn public_key(parts: &RsaPublicParts) -> Result<rsa::PublicKey, Error> {
    rsa::PublicKey::new_with_size_limits(
        BoxedUint::from_be_slice_vartime(parts.modulus()),
        BoxedUint::from_be_slice_vartime(parts.public_exponent()),
        MIN_RSA_BITS..=MAX_RSA_BITS,
    )
    .map_err(|err| invalid_key(format!("the RSA public key was refused: {err}")))
}

/// The key from its numbers (their consistency checked by `jwt-x509`).
pub(crate) fn private_key(parts: &RsaPrivateParts) -> Result<rsa::PrivateKey, Error> {
    let public = parts.public();
    let [p, q] = parts.primes();
    rsa::PrivateKey::from_components(
        BoxedUint::from_be_slice_vartime(public.modulus()),
        BoxedUint::from_be_slice_vartime(public.public_exponent()),
        BoxedUint::from_be_slice_vartime(parts.private_exponent()),
        vec![
            BoxedUint::from_be_slice_vartime(p),
            BoxedUint::from_be_slice_vartime(q),
        ],
    )
    .map_err(|err| invalid_key(format!("the RSA private key is inconsistent: {err}")))
}

pub(crate) fn generate(bits: usize) -> Result<PrivateKeyMaterial, Error> {
    let key = rsa::PrivateKey::new(&mut getrandom::SysRng, bits)
        .map_err(|err| invalid_key(format!("RSA key generation failed: {err}")))?;
    let missing = || invalid_key("the RSA key has no precomputed CRT values");
    let [p, q] = match key.primes() {
        [p, q] => [p, q].map(|prime| Zeroizing::new(prime.as_ref().to_be_bytes())),
        _ => return Err(invalid_key("only two-prime RSA keys are made")),
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

pub(crate) fn sign(
    key: &rsa::PrivateKey,
    alg: Algorithm,
    input: &[u8],
) -> Result<Vec<u8>, SignError> {
    let signed = match alg {
        Algorithm::Rs256 => key.pkcs1v15_sign::<Sha256>(input),
        Algorithm::Rs384 => key.pkcs1v15_sign::<Sha384>(input),
        Algorithm::Rs512 => key.pkcs1v15_sign::<Sha512>(input),
        Algorithm::Ps256 => key.pss_sign::<Sha256>(input),
        Algorithm::Ps384 => key.pss_sign::<Sha384>(input),
        Algorithm::Ps512 => key.pss_sign::<Sha512>(input),
        other => return Err(SignError::new(format!("an RSA key cannot sign {other}"))),
    };
    signed.map_err(|err| SignError::new(format!("RSA signing failed: {err}")).with_source(err))
}

pub(crate) fn verify(
    key: &rsa::PublicKey,
    alg: Algorithm,
    input: &[u8],
    signature: &[u8],
) -> Result<(), InvalidSignature> {
    let verified = match alg {
        Algorithm::Rs256 => key.pkcs1v15_verify::<Sha256>(input, signature),
        Algorithm::Rs384 => key.pkcs1v15_verify::<Sha384>(input, signature),
        Algorithm::Rs512 => key.pkcs1v15_verify::<Sha512>(input, signature),
        Algorithm::Ps256 => key.pss_verify::<Sha256>(input, signature),
        Algorithm::Ps384 => key.pss_verify::<Sha384>(input, signature),
        Algorithm::Ps512 => key.pss_verify::<Sha512>(input, signature),
        _ => return Err(InvalidSignature),
    };
    verified.map_err(|_| InvalidSignature)
}
