//! The tutorial's certificate (`openssl req -x509 … -out public_key.pem`) reads, and
//! certifies the tutorial's private key.

#![allow(clippy::unwrap_used, clippy::panic)]

use jwt_keys::{KeyMaterial, PrivateKeyMaterial};
use jwt_x509::Certificate;

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../jwt-test/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

#[test]
fn the_tutorial_certificate_reads() {
    let certificate =
        Certificate::from_pem(&String::from_utf8(fixture("public_key.pem")).unwrap()).unwrap();
    assert_eq!(certificate.subject(), "CN=localhost");
    assert_eq!(certificate.issuer(), "CN=localhost");
    assert_eq!(certificate.der(), fixture("rsa2048-cert.der"));
    assert_eq!(certificate.fingerprint_sha256().len(), 32 * 3 - 1);
    assert!(certificate.not_before() < certificate.not_after());
    let KeyMaterial::Private(PrivateKeyMaterial::Rsa(key)) =
        KeyMaterial::from_pem_or_der(&fixture("private_key.pem")).unwrap()
    else {
        panic!("expected RSA")
    };
    certificate
        .check_key(&jwt_keys::PublicKeyMaterial::Rsa(key.public().clone()))
        .unwrap();
    assert!(Certificate::from_pem("no certificate").is_err());
    assert!(Certificate::from_der(&fixture("rsa2048-pkcs8.der")).is_err());
}
