//! Whether an RSA private key's numbers fit together: checked once here, so that every
//! backend accepts and refuses the same private keys. (OpenSSL checks the CRT values a
//! file carries; the `rsa` crate recomputes them and would silently use a key whose
//! file is corrupt.)

use crypto_bigint::{BoxedUint, ConcatenatingMul, NonZero};
use jwt_core::Error;
use zeroize::Zeroizing;

use crate::material::{RsaPrivateNumbers, invalid};

/// A secret number, wiped on drop.
type Secret = Zeroizing<BoxedUint>;

fn number(bytes: &[u8]) -> Secret {
    Zeroizing::new(BoxedUint::from_be_slice_vartime(bytes))
}

/// `x − 1` as a divisor, `None` when `x` ≤ 1.
fn minus_one(x: &BoxedUint) -> Option<NonZero<BoxedUint>> {
    let one = BoxedUint::one_with_precision(x.bits_precision());
    if x.bit_width_vartime() <= 1 {
        return None;
    }
    NonZero::new(x.wrapping_sub(&one)).into_option()
}

/// Whether `a` and `b` are the same number, whatever their precisions.
fn same(a: &BoxedUint, b: &BoxedUint) -> bool {
    let (a, b) = (
        Zeroizing::new(a.to_be_bytes_trimmed_vartime()),
        Zeroizing::new(b.to_be_bytes_trimmed_vartime()),
    );
    a == b
}

fn is_one(x: &BoxedUint) -> bool {
    x.bit_width_vartime() == 1
}

/// Checks n = p·q, dp = d mod (p − 1), dq = d mod (q − 1), qi·q ≡ 1 (mod p) with
/// qi < p, and e·dp ≡ 1 (mod p − 1), e·dq ≡ 1 (mod q − 1) (so d is e's inverse).
///
/// Primality of p and q is not tested: with n = p·q and the exponent congruences
/// above, a key whose p or q were composite could not sign anything that verifies.
pub(crate) fn check_consistent(numbers: &RsaPrivateNumbers<'_>) -> Result<(), Error> {
    let inconsistent = |what: &str| invalid(format!("the RSA private key is inconsistent: {what}"));
    let (n, e) = (number(numbers.n), number(numbers.e));
    let (d, p, q) = (number(numbers.d), number(numbers.p), number(numbers.q));
    let (dp, dq, qi) = (number(numbers.dp), number(numbers.dq), number(numbers.qi));
    if !same(&Zeroizing::new(p.concatenating_mul(&*q)), &n) {
        return Err(inconsistent("n is not p·q"));
    }
    let (Some(p1), Some(q1)) = (minus_one(&p), minus_one(&q)) else {
        return Err(inconsistent("a prime factor is 1"));
    };
    let p_nz = NonZero::new((*p).clone())
        .into_option()
        .ok_or_else(|| inconsistent("p is zero"))?;
    if !same(&Zeroizing::new(d.rem(&p1)), &dp) {
        return Err(inconsistent("dp is not d mod (p − 1)"));
    }
    if !same(&Zeroizing::new(d.rem(&q1)), &dq) {
        return Err(inconsistent("dq is not d mod (q − 1)"));
    }
    if !same(&Zeroizing::new(qi.rem(&p_nz)), &qi)
        || !is_one(&Zeroizing::new(qi.concatenating_mul(&*q).rem(&p_nz)))
    {
        return Err(inconsistent("qi is not the inverse of q mod p"));
    }
    if !is_one(&Zeroizing::new(e.concatenating_mul(&*dp).rem(&p1)))
        || !is_one(&Zeroizing::new(e.concatenating_mul(&*dq).rem(&q1)))
    {
        return Err(inconsistent("d is not the inverse of e"));
    }
    Ok(())
}
