//! Key generation at every supported size and curve.

#![allow(clippy::unwrap_used, clippy::panic)]

use jwt_core::{Algorithm, ErrorKind, JwsSigner, JwsVerifier};
use jwt_keys::{EcCurve, PublicKeyMaterial};
use jwt_rs_rustcrypto::SigningKey;

#[test]
fn rsa_sizes() {
    for (bits, alg) in [
        (2048, Algorithm::Rs256),
        (3072, Algorithm::Ps384),
        (4096, Algorithm::Rs512),
    ] {
        let key = SigningKey::generate_with_rsa_bits(alg, bits).unwrap();
        assert_eq!(key.bits(), Some(bits));
        let signature = key.sign(b"input").unwrap();
        assert_eq!(signature.len(), bits / 8);
        key.verifying_key().verify(b"input", &signature).unwrap();
    }
    assert_eq!(
        SigningKey::generate_with_rsa_bits(Algorithm::Rs256, 1024)
            .unwrap_err()
            .kind(),
        ErrorKind::WeakKey
    );
    assert_eq!(
        SigningKey::generate_with_rsa_bits(Algorithm::Rs256, 2049)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidKey
    );
}

#[test]
fn curves_follow_the_algorithm() {
    for (alg, curve) in [
        (Algorithm::Es256, EcCurve::P256),
        (Algorithm::Es384, EcCurve::P384),
        (Algorithm::Es512, EcCurve::P521),
    ] {
        let key = SigningKey::generate(alg).unwrap();
        let PublicKeyMaterial::Ec(public) = key.verifying_key().public_material().unwrap() else {
            panic!("{alg}: not an EC key");
        };
        assert_eq!(public.curve(), curve);
    }
    let err = SigningKey::generate(Algorithm::Hs256).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidKey);
    assert!(err.to_string().contains("shared secret"), "{err}");
}

#[test]
fn generated_keys_differ() {
    let a = SigningKey::generate(Algorithm::EdDsa).unwrap();
    let b = SigningKey::generate(Algorithm::EdDsa).unwrap();
    assert_ne!(a.sign(b"x").unwrap(), b.sign(b"x").unwrap());
}
