//! RS256/384/512 (RSASSA-PKCS1-v1_5, RFC 7518 §3.3) and PS256/384/512 (RSASSA-PSS with
//! MGF1 and a salt as long as the hash, §3.5) on OpenSSL.

use jwt_core::{Algorithm, Error};
use jwt_keys::{PrivateKeyMaterial, RsaPrivateNumbers, RsaPrivateParts};
use openssl::bn::BigNum;
use openssl::error::ErrorStack;
use openssl::hash::{MessageDigest, hash};
use openssl::md::{Md, MdRef};
use openssl::pkey::{PKey, Private};
use openssl::rsa::{Padding, Rsa};
use openssl::sign::{RsaPssSaltlen, Signer};
use zeroize::Zeroizing;

use crate::context_pool::ContextPool;
use crate::{invalid_key, openssl_error};

/// The digest (for hashing, and as the context names it) and whether the padding is PSS,
/// for an RSA algorithm.
fn scheme(alg: Algorithm) -> Result<(MessageDigest, &'static MdRef, bool), ErrorStack> {
    match alg {
        Algorithm::Rs256 => Ok((MessageDigest::sha256(), Md::sha256(), false)),
        Algorithm::Rs384 => Ok((MessageDigest::sha384(), Md::sha384(), false)),
        Algorithm::Rs512 => Ok((MessageDigest::sha512(), Md::sha512(), false)),
        Algorithm::Ps256 => Ok((MessageDigest::sha256(), Md::sha256(), true)),
        Algorithm::Ps384 => Ok((MessageDigest::sha384(), Md::sha384(), true)),
        Algorithm::Ps512 => Ok((MessageDigest::sha512(), Md::sha512(), true)),
        _ => Err(ErrorStack::get()),
    }
}

/// OpenSSL's private key from the key's numbers; the `BigNum`s move into the key, which
/// OpenSSL wipes when it frees it.
pub(crate) fn private_key(parts: &RsaPrivateParts) -> Result<PKey<Private>, Error> {
    let build = || {
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
    };
    let rsa = build().map_err(|err| openssl_error("the RSA private key was refused", err))?;
    if !rsa.check_key().unwrap_or(false) {
        return Err(invalid_key("the RSA private key is inconsistent"));
    }
    PKey::from_rsa(rsa).map_err(|err| openssl_error("the RSA private key was refused", err))
}

pub(crate) fn generate(bits: usize) -> Result<PrivateKeyMaterial, Error> {
    let bits = u32::try_from(bits).map_err(|_| invalid_key("RSA key size out of range"))?;
    let rsa = Rsa::generate(bits).map_err(|err| openssl_error("RSA key generation failed", err))?;
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

pub(crate) fn sign(
    key: &PKey<Private>,
    alg: Algorithm,
    input: &[u8],
) -> Result<Vec<u8>, ErrorStack> {
    let (digest, _, pss) = scheme(alg)?;
    let mut signer = Signer::new(digest, key)?;
    if pss {
        signer.set_rsa_padding(Padding::PKCS1_PSS)?;
        signer.set_rsa_pss_saltlen(RsaPssSaltlen::DIGEST_LENGTH)?;
        // MGF1 uses the signature's digest unless told otherwise (RFC 7518 3.5 wants
        // that one): setting it again costs more than the rest of the setup.
    }
    signer.sign_oneshot_to_vec(input)
}

/// Verifies on a context from the key's pool: the input is hashed, then the context is
/// initialised again and set to the algorithm's padding and digest (an initialisation
/// clears what the context's last use set) and checks the signature over the hash.
pub(crate) fn verify(
    pool: &ContextPool,
    alg: Algorithm,
    input: &[u8],
    signature: &[u8],
) -> Result<bool, ErrorStack> {
    let (digest, md, pss) = scheme(alg)?;
    let hashed = hash(digest, input)?;
    pool.with_context(|context| {
        context.verify_init()?;
        if pss {
            context.set_rsa_padding(Padding::PKCS1_PSS)?;
            // On verification, DIGEST_LENGTH demands exactly that salt length.
            context.set_rsa_pss_saltlen(RsaPssSaltlen::DIGEST_LENGTH)?;
            // MGF1 uses the signature's digest by default, as for signing.
        }
        context.set_signature_md(md)?;
        // A refused signature leaves the context whole: it goes back to the pool.
        Ok(context.verify(&hashed, signature).unwrap_or(false))
    })
}
