//! The Ed25519 encodings every backend must treat alike (RFC 8032 §5.1.3 and §5.1.7),
//! checked here so that no backend's laxer primitive decides: a public key must be a
//! canonical encoding of a point of the prime-order subgroup, and a signature's `S` must
//! be below the group order `L` and its `R` not a point of small order.
//!
//! A public key of small order (the identity, say) lets anyone forge: with `R` the
//! identity and `S = 0`, OpenSSL's cofactorless equation holds for every message.
//! A mixed-order key (a prime-order point plus a torsion point) is never made by key
//! generation and makes the cofactored and cofactorless equations disagree. Both are
//! refused when a key is loaded. The point arithmetic is curve25519-dalek's.

use std::sync::LazyLock;

use curve25519_dalek::constants::EIGHT_TORSION;
use curve25519_dalek::edwards::CompressedEdwardsY;
use curve25519_dalek::scalar::Scalar;
use jwt_core::{Error, InvalidSignature};

use crate::material::invalid;

/// The canonical encodings of the eight points of small order.
static SMALL_ORDER_ENCODINGS: LazyLock<[[u8; 32]; 8]> =
    LazyLock::new(|| EIGHT_TORSION.map(|point| point.compress().to_bytes()));

/// Checks an Ed25519 public key's 32 bytes.
///
/// # Errors
///
/// `invalid_key` when the bytes are not a point on the curve, not the point's canonical
/// encoding (y ≥ p, or a sign bit set on x = 0), a point of small order, or a point
/// outside the prime-order subgroup.
pub(crate) fn check_public_key(bytes: &[u8; 32]) -> Result<(), Error> {
    let Some(point) = CompressedEdwardsY(*bytes).decompress() else {
        return Err(invalid(
            "the Ed25519 public key is not a point on the curve",
        ));
    };
    if point.compress().as_bytes() != bytes {
        return Err(invalid(
            "the Ed25519 public key is not a canonical point encoding",
        ));
    }
    if point.is_small_order() {
        return Err(invalid(
            "the Ed25519 public key is a point of small order, with which signatures can be forged",
        ));
    }
    if !point.is_torsion_free() {
        return Err(invalid(
            "the Ed25519 public key is not in the prime-order subgroup (it has a torsion component)",
        ));
    }
    Ok(())
}

/// Checks what every backend must refuse in an Ed25519 signature before its primitive
/// runs: a length other than 64 bytes, `S` ≥ `L` (a second spelling of a valid
/// signature), and an `R` of small order. Backends call it first in `verify`.
///
/// # Errors
///
/// [`InvalidSignature`], without detail, as every verification failure.
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } }
/// use jwt_strict::keys::check_ed25519_signature;
///
/// let mut signature = [0u8; 64];
/// signature[0] = 0x01; // R = the identity, of order 1
/// assert!(check_ed25519_signature(&signature).is_err());
/// assert!(check_ed25519_signature(&signature[..63]).is_err());
/// ```
pub fn check_ed25519_signature(signature: &[u8]) -> Result<(), InvalidSignature> {
    let (Some(r), Some(s)) = (signature.get(..32), signature.get(32..)) else {
        return Err(InvalidSignature);
    };
    let (Ok(r), Ok(s)) = (<[u8; 32]>::try_from(r), <[u8; 32]>::try_from(s)) else {
        return Err(InvalidSignature);
    };
    if bool::from(Scalar::from_canonical_bytes(s).is_none()) || SMALL_ORDER_ENCODINGS.contains(&r) {
        return Err(InvalidSignature);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;

    #[test]
    fn small_order_and_mixed_order_keys_are_refused() {
        for point in EIGHT_TORSION {
            let err = check_public_key(&point.compress().to_bytes()).unwrap_err();
            assert!(err.to_string().contains("small order"), "{err}");
        }
        let generator = ED25519_BASEPOINT_POINT;
        check_public_key(&generator.compress().to_bytes()).unwrap();
        for torsion in EIGHT_TORSION.iter().skip(1) {
            let mixed = generator + torsion;
            let err = check_public_key(&mixed.compress().to_bytes()).unwrap_err();
            assert!(err.to_string().contains("prime-order"), "{err}");
        }
    }

    #[test]
    fn non_canonical_encodings_are_refused() {
        // y = p + 1 ≡ 1: the identity spelled with y ≥ p.
        let mut y_over_p = [0xffu8; 32];
        y_over_p[0] = 0xee;
        y_over_p[31] = 0x7f;
        assert!(check_public_key(&y_over_p).is_err());
        // The base point with its x sign bit flipped is another valid point (−B), but
        // x = 0 with the sign bit set is a second spelling of the identity.
        let mut negative_zero = [0u8; 32];
        negative_zero[0] = 1;
        negative_zero[31] = 0x80;
        assert!(check_public_key(&negative_zero).is_err());
        // Not on the curve at all.
        let mut off_curve = [0u8; 32];
        off_curve[0] = 2;
        assert!(check_public_key(&off_curve).is_err());
    }

    #[test]
    fn signature_s_must_be_below_l_and_r_not_small_order() {
        let r = ED25519_BASEPOINT_POINT.compress().to_bytes();
        let mut signature = [0u8; 64];
        signature[..32].copy_from_slice(&r);
        signature[32] = 1;
        check_ed25519_signature(&signature).unwrap();
        // S = L is not canonical; L − 1 is.
        let l = Scalar::ZERO - Scalar::ONE;
        let mut at_l = l.to_bytes();
        at_l[0] += 1;
        signature[32..].copy_from_slice(&at_l);
        assert!(check_ed25519_signature(&signature).is_err());
        signature[32..].copy_from_slice(&l.to_bytes());
        check_ed25519_signature(&signature).unwrap();
        for point in EIGHT_TORSION {
            signature[..32].copy_from_slice(&point.compress().to_bytes());
            assert!(check_ed25519_signature(&signature).is_err());
        }
        assert!(check_ed25519_signature(&[0u8; 65]).is_err());
    }
}
