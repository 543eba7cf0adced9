//! ES256, ES384 and ES512 (ECDSA on P-256, P-384 and P-521, RFC 7518 §3.4) on the
//! `p256`, `p384` and `p521` crates: fixed-width r‖s, deterministic signing (RFC 6979).

use jwt_core::{Error, InvalidSignature, SignError};
use jwt_keys::{EcCurve, EcPrivateParts, EcPublicParts, PrivateKeyMaterial};
use signature::{Signer, Verifier};
use zeroize::Zeroizing;

use crate::invalid_key;

pub(crate) enum SigningKey {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
}

pub(crate) enum VerifyingKey {
    P256(p256::ecdsa::VerifyingKey),
    P384(p384::ecdsa::VerifyingKey),
    P521(p521::ecdsa::VerifyingKey),
}

pub(crate) fn signing_key(parts: &EcPrivateParts) -> Result<SigningKey, Error> {
    let scalar = parts.scalar();
    let refused = |_| {
        invalid_key(format!(
            "the {} private scalar is zero or not below the group order",
            parts.curve()
        ))
    };
    Ok(match parts.curve() {
        EcCurve::P256 => {
            SigningKey::P256(p256::ecdsa::SigningKey::from_slice(scalar).map_err(refused)?)
        }
        EcCurve::P384 => {
            SigningKey::P384(p384::ecdsa::SigningKey::from_slice(scalar).map_err(refused)?)
        }
        EcCurve::P521 => {
            SigningKey::P521(p521::ecdsa::SigningKey::from_slice(scalar).map_err(refused)?)
        }
    })
}

pub(crate) fn verifying_key(public: &EcPublicParts) -> Result<VerifyingKey, Error> {
    let point = public.point();
    let key = match public.curve() {
        EcCurve::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map(VerifyingKey::P256),
        EcCurve::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(point).map(VerifyingKey::P384),
        EcCurve::P521 => p521::ecdsa::VerifyingKey::from_sec1_bytes(point).map(VerifyingKey::P521),
    };
    key.map_err(|_| {
        invalid_key(format!(
            "the {} public key is not a point on the curve",
            public.curve()
        ))
    })
}

pub(crate) fn public_key(parts: &EcPrivateParts) -> Result<EcPublicParts, Error> {
    let point = match signing_key(parts)? {
        SigningKey::P256(k) => k.verifying_key().to_sec1_point(false).as_bytes().to_vec(),
        SigningKey::P384(k) => k.verifying_key().to_sec1_point(false).as_bytes().to_vec(),
        SigningKey::P521(k) => k.verifying_key().to_sec1_point(false).as_bytes().to_vec(),
    };
    EcPublicParts::new(parts.curve(), &point)
}

pub(crate) fn generate(curve: EcCurve) -> Result<PrivateKeyMaterial, Error> {
    use p256::elliptic_curve::Generate;
    let rng = &mut getrandom::SysRng;
    let failed = |err: getrandom::Error| invalid_key(format!("the random source failed: {err}"));
    let scalar = Zeroizing::new(match curve {
        EcCurve::P256 => p256::ecdsa::SigningKey::try_generate_from_rng(rng)
            .map_err(failed)?
            .to_bytes()
            .to_vec(),
        EcCurve::P384 => p384::ecdsa::SigningKey::try_generate_from_rng(rng)
            .map_err(failed)?
            .to_bytes()
            .to_vec(),
        EcCurve::P521 => p521::ecdsa::SigningKey::try_generate_from_rng(rng)
            .map_err(failed)?
            .to_bytes()
            .to_vec(),
    });
    EcPrivateParts::new(curve, &scalar, None).map(PrivateKeyMaterial::Ec)
}

pub(crate) fn sign(key: &SigningKey, input: &[u8]) -> Result<Vec<u8>, SignError> {
    let failed = |err: signature::Error| SignError::new("ECDSA signing failed").with_source(err);
    Ok(match key {
        SigningKey::P256(k) => Signer::<p256::ecdsa::Signature>::try_sign(k, input)
            .map_err(failed)?
            .to_bytes()
            .to_vec(),
        SigningKey::P384(k) => Signer::<p384::ecdsa::Signature>::try_sign(k, input)
            .map_err(failed)?
            .to_bytes()
            .to_vec(),
        SigningKey::P521(k) => Signer::<p521::ecdsa::Signature>::try_sign(k, input)
            .map_err(failed)?
            .to_bytes()
            .to_vec(),
    })
}

/// Accepts only the fixed-width r‖s form; r and s must lie in [1, n − 1].
pub(crate) fn verify(
    key: &VerifyingKey,
    input: &[u8],
    signature: &[u8],
) -> Result<(), InvalidSignature> {
    match key {
        VerifyingKey::P256(k) => {
            p256::ecdsa::Signature::from_slice(signature).and_then(|sig| k.verify(input, &sig))
        }
        VerifyingKey::P384(k) => {
            p384::ecdsa::Signature::from_slice(signature).and_then(|sig| k.verify(input, &sig))
        }
        VerifyingKey::P521(k) => {
            p521::ecdsa::Signature::from_slice(signature).and_then(|sig| k.verify(input, &sig))
        }
    }
    .map_err(|_| InvalidSignature)
}
