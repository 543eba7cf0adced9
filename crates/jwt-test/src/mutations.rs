//! Structural mutations: the inputs on which backends have disagreed, or could, made on
//! purpose rather than hoped for from flipped bytes. Signatures a byte short or long (a
//! leading zero stripped or added), ECDSA r or s of the wrong width, Ed25519 `S + L` and
//! small-order `R`, headers whose `alg` is not the key's, Ed25519 public keys of small or
//! mixed order or in non-canonical encodings, RSA private keys whose CRT values do not
//! fit. The cross-backend tests run every one on every backend, and the differential
//! fuzz target picks among them; every backend must give the same answer (the same
//! error kind), and no mutant may verify.

use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
use curve25519_dalek::edwards::EdwardsPoint;
use curve25519_dalek::scalar::Scalar;
use jwt_core::Algorithm;
use jwt_keys::{KeyMaterial, PrivateKeyMaterial};
use serde_json::{Value, json};
use sha2::{Digest, Sha512};

use crate::b64url_encode;

/// A mutated input and what was done to it.
#[derive(Debug, Clone)]
pub struct Mutant<T> {
    /// What was changed, for reports.
    pub what: String,
    /// The mutated input.
    pub value: T,
}

fn mutant<T>(what: impl Into<String>, value: T) -> Mutant<T> {
    Mutant {
        what: what.into(),
        value,
    }
}

/// The group order L of Ed25519, little-endian.
fn ed25519_order() -> [u8; 32] {
    let mut l = (Scalar::ZERO - Scalar::ONE).to_bytes();
    // L − 1 ends in 0xec: adding one cannot carry.
    l[0] += 1;
    l
}

/// `a + b` on 32-byte little-endian numbers, dropping a carry out of the top byte.
fn add_le(a: &[u8], b: &[u8; 32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(32);
    let mut carry = 0u16;
    for (x, y) in a.iter().zip(b) {
        let sum = u16::from(*x) + u16::from(*y) + carry;
        out.push(sum.to_le_bytes()[0]);
        carry = sum >> 8;
    }
    out
}

/// The canonical encodings of the eight Ed25519 points of small order.
pub fn ed25519_small_order_points() -> Vec<[u8; 32]> {
    EIGHT_TORSION
        .iter()
        .map(|point| point.compress().to_bytes())
        .collect()
}

/// Every structural mutation of the signature of `token`, a valid token for `alg`.
pub fn signature_mutations(token: &str, alg: Algorithm) -> Vec<Mutant<String>> {
    let Some((input, signature)) = token.rsplit_once('.') else {
        return Vec::new();
    };
    let signature = crate::b64url(signature);
    let with = |what: &str, sig: Vec<u8>| mutant(what, format!("{input}.{}", b64url_encode(&sig)));
    let mut out = Vec::new();
    let first = signature.first().copied().unwrap_or(0);
    out.push(with(
        if first == 0 {
            "leading zero byte stripped"
        } else {
            "first byte dropped"
        },
        signature.get(1..).unwrap_or_default().to_vec(),
    ));
    out.push(with(
        "leading zero byte added",
        [&[0u8][..], &signature].concat(),
    ));
    out.push(with(
        "zero byte appended",
        [&signature[..], &[0u8][..]].concat(),
    ));
    out.push(with(
        "last byte dropped",
        signature
            .get(..signature.len().saturating_sub(1))
            .unwrap_or_default()
            .to_vec(),
    ));
    out.push(with("empty", Vec::new()));
    let half = signature.len() / 2;
    let (left, right) = signature.split_at(half);
    match alg {
        Algorithm::Es256 | Algorithm::Es384 | Algorithm::Es512 => {
            let (r, s) = (left, right);
            let tail = |x: &[u8]| x.get(1..).unwrap_or_default().to_vec();
            out.push(with("r one byte short", [tail(r), s.to_vec()].concat()));
            out.push(with("r one byte long", [&[0u8][..], r, s].concat()));
            out.push(with("s one byte short", [r.to_vec(), tail(s)].concat()));
            out.push(with("s one byte long", [r, &[0u8][..], s].concat()));
            out.push(with("r and s swapped", [s, r].concat()));
            out.push(with("r = s = 0", vec![0u8; signature.len()]));
        }
        Algorithm::EdDsa => {
            let (r, s) = (left, right);
            out.push(with(
                "S + L (a second spelling of S)",
                [r.to_vec(), add_le(s, &ed25519_order())].concat(),
            ));
            for (i, point) in ed25519_small_order_points().iter().enumerate() {
                out.push(with(
                    &format!("R = small-order point #{i}"),
                    [&point[..], s].concat(),
                ));
                out.push(with(
                    &format!("R = small-order point #{i}, S = 0"),
                    [&point[..], &[0u8; 32][..]].concat(),
                ));
            }
        }
        Algorithm::MlDsa44 | Algorithm::MlDsa65 | Algorithm::MlDsa87 => {
            out.push(with("all zero", vec![0u8; signature.len()]));
            for other in crate::suite::round_trip::ML_DSA
                .into_iter()
                .filter(|o| *o != alg)
            {
                let len = other.signature_len().unwrap_or_default();
                let mut resized = signature.clone();
                resized.resize(len, 0);
                out.push(with(&format!("resized to {other}'s length"), resized));
            }
        }
        _ => {
            out.push(with("all zero", vec![0u8; signature.len()]));
            let mut top = signature.clone();
            if let Some(byte) = top.first_mut() {
                *byte = 0xff;
            }
            out.push(with("larger than the modulus", top));
        }
    }
    out
}

/// `token` with its header's `alg` replaced by every other algorithm, the signature kept.
pub fn header_alg_mutations(token: &str) -> Vec<Mutant<String>> {
    let Some((header, rest)) = token.split_once('.') else {
        return Vec::new();
    };
    let Ok(mut header) = serde_json::from_slice::<Value>(&crate::b64url(header)) else {
        return Vec::new();
    };
    let own = header["alg"].as_str().unwrap_or_default().to_owned();
    let mut out = Vec::new();
    for alg in Algorithm::ALL.iter().filter(|alg| alg.name() != own) {
        header["alg"] = json!(alg.name());
        let encoded = b64url_encode(header.to_string().as_bytes());
        out.push(mutant(
            format!("header alg {own} → {alg}"),
            format!("{encoded}.{rest}"),
        ));
    }
    out
}

/// Ed25519 public keys no backend may load: the eight points of small order,
/// non-canonical encodings (y ≥ p, a sign bit on x = 0), points of mixed order (the base
/// point plus a torsion point), and y values that are not on the curve.
pub fn bad_ed25519_public_keys() -> Vec<Mutant<[u8; 32]>> {
    let mut out: Vec<Mutant<[u8; 32]>> = ed25519_small_order_points()
        .into_iter()
        .enumerate()
        .map(|(i, point)| mutant(format!("small-order point #{i}"), point))
        .collect();
    // p = 2^255 − 19. y = p + k (k < 19) spells y = k again.
    for k in [0u8, 1, 2, 18] {
        let mut bytes = [0xffu8; 32];
        bytes[0] = 0xed + k;
        bytes[31] = 0x7f;
        out.push(mutant(format!("y = p + {k} (non-canonical)"), bytes));
        bytes[31] |= 0x80;
        out.push(mutant(format!("y = p + {k}, sign bit set"), bytes));
    }
    let mut negative_zero = [0u8; 32];
    negative_zero[0] = 1;
    negative_zero[31] = 0x80;
    out.push(mutant("the identity with x's sign bit set", negative_zero));
    for (i, torsion) in EIGHT_TORSION.iter().enumerate().skip(1) {
        let mixed: EdwardsPoint = ED25519_BASEPOINT_POINT + torsion;
        out.push(mutant(
            format!("base point + small-order point #{i} (mixed order)"),
            mixed.compress().to_bytes(),
        ));
    }
    for y in [2u8, 3, 5] {
        let mut bytes = [0u8; 32];
        bytes[0] = y;
        out.push(mutant(format!("y = {y}"), bytes));
    }
    out
}

/// An Ed25519 public key as SPKI DER (RFC 8410).
pub fn ed25519_spki_der(key: &[u8; 32]) -> Vec<u8> {
    let prefix = [
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    ];
    [&prefix[..], key].concat()
}

/// An Ed25519 public key as a JWK.
pub fn ed25519_jwk(key: &[u8; 32]) -> String {
    json!({"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(key)}).to_string()
}

/// The public key of an Ed25519 seed, and a signature of `message` whose R is the
/// identity, a point of small order: what the key's holder (and only the holder) can
/// make with s = H(R‖A‖M)·a. A cofactorless verifier that does not refuse small-order R
/// (OpenSSL's) accepts it; `verify_strict` refuses it. Every backend must refuse it.
pub fn ed25519_identity_r_signature(seed: &[u8; 32], message: &[u8]) -> ([u8; 32], [u8; 64]) {
    ed25519_identity_signature_spelled(seed, message, EdwardsPoint::default().compress().to_bytes())
}

/// Every encoding of the identity other than its canonical one (y = 1, sign bit clear),
/// with what each is: y = p + 1, which a decoder that reduces y reads as 1; the sign bit
/// set on x = 0, which RFC 8032 §5.1.3 refuses and a decoder that negates 0 reads as the
/// identity; and both at once. (y = 1 + 2p does not fit in 255 bits.) They are not among
/// the small-order encodings the shared check refuses (those are canonical), so a
/// signature with any of them as R reaches every backend.
pub fn ed25519_noncanonical_identity_encodings() -> Vec<(&'static str, [u8; 32])> {
    const SIGN_BIT: u8 = 0x80;
    let mut y_plus_p = [0xff; 32];
    y_plus_p[0] = 0xee; // p + 1 = 2^255 - 18, little-endian
    y_plus_p[31] = 0x7f;
    let mut negative_zero = EdwardsPoint::default().compress().to_bytes();
    negative_zero[31] |= SIGN_BIT;
    let mut both = y_plus_p;
    both[31] |= SIGN_BIT;
    vec![
        ("y = p + 1", y_plus_p),
        ("sign bit set on x = 0", negative_zero),
        ("y = p + 1 with the sign bit set", both),
    ]
}

/// [`ed25519_identity_r_signature`] with R spelled `r`, an encoding of the identity: s =
/// H(r‖A‖M)·a, so that \[s\]B − \[H(r‖A‖M)\]A is the identity, the point `r` names. A
/// verifier that decodes R and compares points accepts it whatever the spelling; one that
/// compares the recomputed R's canonical encoding with the signature's bytes refuses
/// every spelling but the canonical one.
pub fn ed25519_identity_signature_spelled(
    seed: &[u8; 32],
    message: &[u8],
    r: [u8; 32],
) -> ([u8; 32], [u8; 64]) {
    let expanded: [u8; 64] = Sha512::digest(seed).into();
    let mut clamped = [0u8; 32];
    clamped.copy_from_slice(&expanded[..32]);
    clamped[0] &= 248;
    clamped[31] &= 127;
    clamped[31] |= 64;
    let a = Scalar::from_bytes_mod_order(clamped);
    let public = EdwardsPoint::mul_base(&a).compress().to_bytes();
    let mut hash = Sha512::new();
    hash.update(r);
    hash.update(public);
    hash.update(message);
    let h: [u8; 64] = hash.finalize().into();
    let s = Scalar::from_bytes_mod_order_wide(&h) * a;
    let mut signature = [0u8; 64];
    signature[..32].copy_from_slice(&r);
    signature[32..].copy_from_slice(&s.to_bytes());
    (public, signature)
}

/// The RSA private key in `pem` as a JWK, and that JWK with CRT values that do not fit
/// the key: dp, dq or qi with the low bit flipped (odd where it was even, or the
/// reverse), p and q swapped (qi is then q's inverse no more), dp and dq exchanged.
pub fn rsa_private_jwk_mutations(pem: &str) -> (String, Vec<Mutant<String>>) {
    let Ok(KeyMaterial::Private(PrivateKeyMaterial::Rsa(key))) = KeyMaterial::from_pem(pem) else {
        return (String::new(), Vec::new());
    };
    let [p, q] = key.primes();
    let [dp, dq, qi] = key.crt_values();
    let b64 = |bytes: &[u8]| b64url_encode(bytes);
    let jwk = json!({
        "kty": "RSA",
        "n": b64(key.public().modulus()),
        "e": b64(key.public().public_exponent()),
        "d": b64(key.private_exponent()),
        "p": b64(p), "q": b64(q), "dp": b64(dp), "dq": b64(dq), "qi": b64(qi),
    });
    let mut out = Vec::new();
    for member in ["dp", "dq", "qi", "d"] {
        let mut bytes = crate::b64url(jwk[member].as_str().unwrap_or_default());
        if let Some(low) = bytes.last_mut() {
            *low ^= 1;
        }
        let mut changed = jwk.clone();
        changed[member] = json!(b64(&bytes));
        out.push(mutant(
            format!("{member} with its low bit flipped"),
            changed.to_string(),
        ));
    }
    let mut swapped = jwk.clone();
    swapped["p"] = jwk["q"].clone();
    swapped["q"] = jwk["p"].clone();
    out.push(mutant("p and q swapped", swapped.to_string()));
    let mut exchanged = jwk.clone();
    exchanged["dp"] = jwk["dq"].clone();
    exchanged["dq"] = jwk["dp"].clone();
    out.push(mutant("dp and dq exchanged", exchanged.to_string()));
    (jwk.to_string(), out)
}

/// A valid token for `signer` whose signature's first byte is zero (found by varying a
/// claim; about one signature in 256 has one), so that "leading zero stripped" is a
/// second spelling of a valid signature and not just a wrong one.
///
/// # Panics
///
/// When 20 000 signatures brought none, or the signer fails.
pub fn zero_led_token(signer: &dyn jwt_core::JwsSigner, claims: &Value) -> String {
    let alg = signer.algorithm();
    for counter in 0..20_000u32 {
        let mut claims = claims.clone();
        claims["jti"] = json!(counter.to_string());
        let token = jwt_core::encode(&jwt_core::Header::new(alg), &claims, signer)
            .unwrap_or_else(|err| panic!("{alg} signing failed: {err}"));
        let signature = token.rsplit('.').next().unwrap_or_default();
        if crate::b64url(signature).first() == Some(&0) {
            return token;
        }
    }
    panic!("{alg}: no signature with a leading zero byte in 20 000 tries")
}
