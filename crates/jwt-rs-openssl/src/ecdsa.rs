//! ES256, ES384 and ES512 (ECDSA, RFC 7518 §3.4) on OpenSSL, whose DER signatures are
//! converted to and from the fixed-width r‖s of JWS.

use jwt_core::Error;
use jwt_keys::{EcCurve, EcPrivateParts, EcPublicParts, PrivateKeyMaterial};
use openssl::bn::{BigNum, BigNumContext};
use openssl::ec::{EcGroup, EcKey, EcPoint, PointConversionForm};
use openssl::ecdsa::EcdsaSig;
use openssl::error::ErrorStack;
use openssl::hash::{MessageDigest, hash};
use openssl::md::{Md, MdRef};
use openssl::nid::Nid;
use openssl::pkey::Private;
use zeroize::Zeroizing;

use crate::bignum::SecretBigNum;
use crate::context_pool::ContextPool;
use crate::{invalid_key, openssl_error};

fn group(curve: EcCurve) -> Result<EcGroup, ErrorStack> {
    EcGroup::from_curve_name(match curve {
        EcCurve::P256 => Nid::X9_62_PRIME256V1,
        EcCurve::P384 => Nid::SECP384R1,
        EcCurve::P521 => Nid::SECP521R1,
    })
}

/// The curve's digest (RFC 7518 3.4), for hashing and as a context names it.
fn digest(curve: EcCurve) -> (MessageDigest, &'static MdRef) {
    match curve {
        EcCurve::P256 => (MessageDigest::sha256(), Md::sha256()),
        EcCurve::P384 => (MessageDigest::sha384(), Md::sha384()),
        EcCurve::P521 => (MessageDigest::sha512(), Md::sha512()),
    }
}

/// Checks that a SEC1 point lies on the curve (and is not the point at infinity), as
/// OpenSSL reads it.
pub(crate) fn check_public_key(parts: &EcPublicParts) -> Result<(), Error> {
    let check = || -> Result<(), ErrorStack> {
        let group = group(parts.curve())?;
        let mut ctx = BigNumContext::new()?;
        let point = EcPoint::from_bytes(&group, parts.point(), &mut ctx)?;
        EcKey::from_public_key(&group, &point)?.check_key()
    };
    check().map_err(|err| openssl_error("the EC public key was refused", err))
}

/// OpenSSL's private key from a scalar, which must lie in [1, n − 1].
pub(crate) fn private_key(parts: &EcPrivateParts) -> Result<EcKey<Private>, Error> {
    let load = || -> Result<Option<EcKey<Private>>, ErrorStack> {
        let group = group(parts.curve())?;
        let mut ctx = BigNumContext::new_secure()?;
        let scalar = SecretBigNum::from_slice(parts.scalar())?;
        let mut order = BigNum::new()?;
        group.order(&mut order, &mut ctx)?;
        if scalar.num_bits() == 0 || *scalar >= *order {
            return Ok(None);
        }
        let mut point = EcPoint::new(&group)?;
        point.mul_generator2(&group, &scalar, &mut ctx)?;
        let key = EcKey::from_private_components(&group, &scalar, &point)?;
        key.check_key()?;
        Ok(Some(key))
    };
    load()
        .map_err(|err| openssl_error("the EC private key was refused", err))?
        .ok_or_else(|| {
            invalid_key(format!(
                "the {} private scalar is zero or not below the group order",
                parts.curve()
            ))
        })
}

pub(crate) fn public_key(parts: &EcPrivateParts) -> Result<EcPublicParts, Error> {
    let key = private_key(parts)?;
    let point = BigNumContext::new()
        .and_then(|mut ctx| {
            key.public_key()
                .to_bytes(key.group(), PointConversionForm::UNCOMPRESSED, &mut ctx)
        })
        .map_err(|err| openssl_error("cannot read the EC public key", err))?;
    EcPublicParts::new(parts.curve(), &point)
}

pub(crate) fn generate(curve: EcCurve) -> Result<PrivateKeyMaterial, Error> {
    let key = group(curve)
        .and_then(|group| EcKey::generate(&group))
        .map_err(|err| openssl_error("EC key generation failed", err))?;
    let scalar = Zeroizing::new(key.private_key().to_vec());
    EcPrivateParts::new(curve, &scalar, None).map(PrivateKeyMaterial::Ec)
}

/// Signs, then writes r and s each left-padded to the curve's size (RFC 7518 3.4:
/// they "MUST NOT be shortened to omit any leading zero octets").
pub(crate) fn sign(
    curve: EcCurve,
    key: &EcKey<Private>,
    input: &[u8],
) -> Result<Vec<u8>, ErrorStack> {
    let width = i32::try_from(curve.field_len()).map_err(|_| ErrorStack::get())?;
    let signature = EcdsaSig::sign(&hash(digest(curve).0, input)?, key)?;
    let mut fixed = signature.r().to_vec_padded(width)?;
    fixed.extend(signature.s().to_vec_padded(width)?);
    Ok(fixed)
}

/// Verifies a fixed-width r‖s signature; OpenSSL refuses r or s outside [1, n − 1].
///
/// Over the input's hash, on a context from the key's pool (initialised again for each
/// signature), with the signature in OpenSSL's DER. Through EVP on the key held as a
/// provider `PKey`: the low-level `ECDSA_do_verify` on an `EC_KEY` ran about 10% more
/// instructions per ES256 verify on OpenSSL 3.
pub(crate) fn verify(
    curve: EcCurve,
    pool: &ContextPool,
    input: &[u8],
    signature: &[u8],
) -> Result<bool, ErrorStack> {
    let (r, s) = signature
        .split_at_checked(curve.field_len())
        .ok_or_else(ErrorStack::get)?;
    let mut buffer = [0u8; SIGNATURE_DER_MAX];
    let der = signature_der(r, s, &mut buffer).ok_or_else(ErrorStack::get)?;
    let (hash_with, md) = digest(curve);
    let hashed = hash(hash_with, input)?;
    pool.with_context(|context| {
        context.verify_init()?;
        // With the digest named, OpenSSL also checks the hash's length.
        context.set_signature_md(md)?;
        // A refused signature leaves the context whole: it goes back to the pool.
        Ok(context.verify(&hashed, der).unwrap_or(false))
    })
}

/// The longest DER `ECDSA-Sig-Value` of the curves here (P-521: two 66-byte integers,
/// each with a sign byte, tag and length, in a sequence with a two-byte length).
const SIGNATURE_DER_MAX: usize = 2 * (2 + 66 + 1) + 3;

/// The DER `ECDSA-Sig-Value` (RFC 3279 §2.2.3) of r and s, written into `buffer` by
/// `der` (minimal integers: leading zeros dropped, a zero byte before a high bit), with
/// no `BigNum`s: these took half the instructions a decode adds to an ES256 verify.
fn signature_der<'b>(r: &[u8], s: &[u8], buffer: &'b mut [u8]) -> Option<&'b [u8]> {
    use der::Encode;
    use der::asn1::UintRef;

    #[derive(der::Sequence)]
    struct SignatureValue<'a> {
        r: UintRef<'a>,
        s: UintRef<'a>,
    }
    let value = SignatureValue {
        r: UintRef::new(r).ok()?,
        s: UintRef::new(s).ok()?,
    };
    value.encode_to_slice(buffer).ok()
}

#[cfg(test)]
mod tests {
    use openssl::bn::BigNum;
    use openssl::ecdsa::EcdsaSig;
    use proptest::prelude::*;

    use super::{SIGNATURE_DER_MAX, signature_der};

    /// OpenSSL's own DER for r and s, which `signature_der` must match byte for byte.
    fn openssl_der(r: &[u8], s: &[u8]) -> Vec<u8> {
        EcdsaSig::from_private_components(
            BigNum::from_slice(r).unwrap(),
            BigNum::from_slice(s).unwrap(),
        )
        .unwrap()
        .to_der()
        .unwrap()
    }

    /// A field-width integer that often starts with zero bytes or a high bit: the two
    /// cases where DER's minimal integers differ from the fixed-width bytes.
    fn integer(width: usize) -> impl Strategy<Value = Vec<u8>> {
        (
            proptest::collection::vec(any::<u8>(), width),
            0..=width,
            any::<bool>(),
        )
            .prop_map(|(mut bytes, zeros, high)| {
                if let Some(first) = bytes.get_mut(zeros) {
                    *first = if high { *first | 0x80 } else { *first & 0x7f };
                }
                bytes.iter_mut().take(zeros).for_each(|b| *b = 0);
                bytes
            })
    }

    fn pair() -> impl Strategy<Value = (Vec<u8>, Vec<u8>)> {
        prop_oneof![Just(32usize), Just(48), Just(66)]
            .prop_flat_map(|width| (integer(width), integer(width)))
    }

    proptest! {
        #[test]
        fn signature_der_is_openssls_der((r, s) in pair()) {
            let mut buffer = [0u8; SIGNATURE_DER_MAX];
            let ours = signature_der(&r, &s, &mut buffer).unwrap();
            let theirs = openssl_der(&r, &s);
            prop_assert_eq!(ours, theirs.as_slice());
        }
    }

    #[test]
    fn the_largest_p521_signature_fits() {
        let high = [0xff; 66];
        let mut buffer = [0u8; SIGNATURE_DER_MAX];
        let ours = signature_der(&high, &high, &mut buffer).unwrap();
        assert_eq!(ours.len(), SIGNATURE_DER_MAX);
        assert_eq!(ours, openssl_der(&high, &high).as_slice());
    }
}
