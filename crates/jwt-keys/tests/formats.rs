//! Every key format into key material, read from the suite's fixture keys.

#![allow(clippy::unwrap_used, clippy::panic)]

use jwt_core::{Algorithm, ErrorKind};
use jwt_keys::{
    EcCurve, Jwk, JwkKey, KeyMaterial, KeyOperation, PrivateKeyMaterial, PublicKeyMaterial,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../jwt-test/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn pem(name: &str) -> String {
    String::from_utf8(fixture(name)).unwrap()
}

#[test]
fn each_format_gives_the_right_material() {
    for (name, expected) in [
        ("private_key.pem", "RSA 2048-bit private key"),
        ("public_key.pem", "RSA 2048-bit public key"),
        ("rsa2048-pkcs1.pem", "RSA 2048-bit private key"),
        ("rsa2048-spki.pem", "RSA 2048-bit public key"),
        ("rsa2048-pkcs1-public.pem", "RSA 2048-bit public key"),
        ("p256-sec1.pem", "EC P-256 private key"),
        ("p256-pkcs8.pem", "EC P-256 private key"),
        ("p256-spki.pem", "EC P-256 public key"),
        ("p384-pkcs8.pem", "EC P-384 private key"),
        ("p521-pkcs8.pem", "EC P-521 private key"),
        ("ed25519-pkcs8.pem", "Ed25519 private key"),
        ("ed25519-spki.pem", "Ed25519 public key"),
    ] {
        let material =
            KeyMaterial::from_pem(&pem(name)).unwrap_or_else(|err| panic!("{name}: {err}"));
        assert_eq!(material.describe(), expected, "{name}");
        let again = KeyMaterial::from_pem_or_der(&fixture(name)).unwrap();
        assert_eq!(again.describe(), expected, "{name}");
    }
    for (name, expected) in [
        ("rsa2048-pkcs8.der", "RSA 2048-bit private key"),
        ("rsa2048-cert.der", "RSA 2048-bit public key"),
    ] {
        assert_eq!(
            KeyMaterial::from_der(&fixture(name)).unwrap().describe(),
            expected
        );
        assert_eq!(
            KeyMaterial::from_pem_or_der(&fixture(name))
                .unwrap()
                .describe(),
            expected
        );
    }
}

#[test]
fn the_certificate_and_the_private_key_hold_the_same_public_key() {
    let KeyMaterial::Public(PublicKeyMaterial::Rsa(from_cert)) =
        KeyMaterial::from_pem(&pem("public_key.pem")).unwrap()
    else {
        panic!("expected RSA")
    };
    let KeyMaterial::Private(PrivateKeyMaterial::Rsa(private)) =
        KeyMaterial::from_pem(&pem("private_key.pem")).unwrap()
    else {
        panic!("expected RSA")
    };
    assert_eq!(&from_cert, private.public());
    assert_eq!(from_cert.public_exponent(), [1, 0, 1]);
}

#[test]
fn sec1_keys_carry_their_public_point() {
    let KeyMaterial::Private(PrivateKeyMaterial::Ec(key)) =
        KeyMaterial::from_pem(&pem("p256-sec1.pem")).unwrap()
    else {
        panic!("expected EC")
    };
    let KeyMaterial::Public(PublicKeyMaterial::Ec(public)) =
        KeyMaterial::from_pem(&pem("p256-spki.pem")).unwrap()
    else {
        panic!("expected EC")
    };
    assert_eq!(key.curve(), EcCurve::P256);
    assert_eq!(key.scalar().len(), 32);
    assert_eq!(key.public(), Some(&public));
}

#[test]
fn text_around_the_block_is_ignored_and_the_first_key_wins() {
    let with_noise = format!(
        "Bag Attributes\n  friendlyName: test\n{}\n{}",
        pem("p256-spki.pem"),
        pem("public_key.pem")
    );
    assert_eq!(
        KeyMaterial::from_pem(&with_noise).unwrap().describe(),
        "EC P-256 public key"
    );
}

#[test]
fn refusals_say_what_was_expected() {
    let cases: [(String, ErrorKind, &str); 7] = [
        (
            pem("rsa1024-pkcs8.pem"),
            ErrorKind::WeakKey,
            "at least 2048 bits, this one has 1024",
        ),
        (
            pem("p256-encrypted.pem"),
            ErrorKind::InvalidKey,
            "encrypted",
        ),
        (
            pem("secp256k1-sec1.pem"),
            ErrorKind::InvalidKey,
            "P-256, P-384 or P-521",
        ),
        (
            "no pem here".to_owned(),
            ErrorKind::InvalidKey,
            "no key or certificate found",
        ),
        (
            pem("p256-spki.pem").replace("-----END PUBLIC KEY-----", ""),
            ErrorKind::InvalidKey,
            "no -----END PUBLIC KEY----- line",
        ),
        (
            pem("p256-spki.pem").replace("PUBLIC KEY", "OPENSSH PRIVATE KEY"),
            ErrorKind::InvalidKey,
            "is not a key or certificate",
        ),
        (
            pem("p256-spki.pem").replace("PUBLIC KEY", "CERTIFICATE"),
            ErrorKind::InvalidKey,
            "not an X.509 certificate",
        ),
    ];
    for (input, kind, says) in cases {
        let err = KeyMaterial::from_pem(&input).unwrap_err();
        assert_eq!(err.kind(), kind, "{err}");
        assert!(
            err.to_string().contains(says),
            "{err:?} should say {says:?}"
        );
    }
    let err = KeyMaterial::from_der(b"\x30\x03\x02\x01\x00").unwrap_err();
    assert!(err.to_string().contains("expected PKCS#8"), "{err}");
}

#[test]
fn jwk_restrictions() {
    let rsa_public = r#"{"kty":"RSA","alg":"RS256","use":"sig","key_ops":["verify"],"e":"AQAB","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"}"#;
    let jwk = Jwk::parse(rsa_public).unwrap();
    assert!(matches!(jwk.key, JwkKey::Public(PublicKeyMaterial::Rsa(_))));
    jwk.check_usable(Algorithm::Rs256, KeyOperation::Verify)
        .unwrap();
    for (alg, op, says) in [
        (
            Algorithm::Ps256,
            KeyOperation::Verify,
            "for alg \"RS256\", not PS256",
        ),
        (
            Algorithm::Rs256,
            KeyOperation::Sign,
            "do not include \"sign\"",
        ),
    ] {
        let err = jwk.check_usable(alg, op).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidKey);
        assert!(err.to_string().contains(says), "{err}");
    }
    for bad in [
        r#"[]"#,
        r#"{"kty":"RSA"}"#,
        r#"{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}"#,
        r#"{"kty":"EC","crv":"secp256k1","x":"AA","y":"AA"}"#,
        r#"{"kty":"OKP","crv":"Ed448","x":"AA"}"#,
        r#"{"kty":"oct","k":"AA=="}"#,
        r#"{"kty":"oct","k":5}"#,
        r#"{"kty":"DSA"}"#,
    ] {
        assert_eq!(
            Jwk::parse(bad).unwrap_err().kind(),
            ErrorKind::InvalidKey,
            "{bad}"
        );
    }
}

#[test]
fn jwks_with_a_member_twice_are_refused_like_tokens() {
    let x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    let good = format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{x}"}}"#);
    Jwk::parse(&good).unwrap();
    for twice in [
        // The last value would win in a lenient parser, a different key from the first.
        format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{x}","x":"{x}"}}"#),
        format!(r#"{{"kty":"OKP","kty":"OKP","crv":"Ed25519","x":"{x}"}}"#),
        format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{x}","alg":"EdDSA","alg":"ES256"}}"#),
        // At any depth, after unescaping.
        format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{x}","ext":{{"a":1,"\u0061":2}}}}"#),
    ] {
        let err = Jwk::parse(&twice).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidKey, "{twice}");
        assert!(err.to_string().contains("duplicate member name"), "{err}");
    }
}
