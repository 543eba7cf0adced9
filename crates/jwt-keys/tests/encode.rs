//! Key material written back out is what OpenSSL writes, and reads back the same.

#![allow(clippy::unwrap_used, clippy::panic)]

use jwt_keys::{KeyMaterial, PrivateKeyMaterial};

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../jwt-test/fixtures")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn private(name: &str) -> PrivateKeyMaterial {
    match KeyMaterial::from_pem_or_der(&fixture(name)).unwrap() {
        KeyMaterial::Private(key) => key,
        KeyMaterial::Public(_) => panic!("{name} is public"),
    }
}

#[test]
fn pkcs8_is_byte_for_byte_what_openssl_wrote() {
    // OpenSSL's PKCS#8 for RSA and Ed25519 is the canonical encoding we write too.
    let rsa = private("private_key.pem");
    assert_eq!(
        rsa.to_pkcs8_der().unwrap().as_slice(),
        fixture("rsa2048-pkcs8.der")
    );
    assert_eq!(
        rsa.to_pkcs8_pem().unwrap().as_str(),
        String::from_utf8(fixture("private_key.pem")).unwrap()
    );
    let ed = private("ed25519-pkcs8.pem");
    assert_eq!(
        ed.to_pkcs8_pem().unwrap().as_str(),
        String::from_utf8(fixture("ed25519-pkcs8.pem")).unwrap()
    );
}

#[test]
fn every_key_type_round_trips() {
    for name in [
        "private_key.pem",
        "rsa2048-pkcs1.pem",
        "p256-sec1.pem",
        "p384-pkcs8.pem",
        "p521-pkcs8.pem",
        "ed25519-pkcs8.pem",
    ] {
        let key = private(name);
        let again = match KeyMaterial::from_der(&key.to_pkcs8_der().unwrap()).unwrap() {
            KeyMaterial::Private(again) => again,
            KeyMaterial::Public(_) => panic!("{name}: read back as public"),
        };
        assert_eq!(
            again.to_pkcs8_der().unwrap(),
            key.to_pkcs8_der().unwrap(),
            "{name}"
        );
        assert_eq!(again.describe(), key.describe(), "{name}");
    }
}

#[test]
fn spki_is_byte_for_byte_what_openssl_wrote() {
    for name in ["rsa2048-spki.pem", "p256-spki.pem", "ed25519-spki.pem"] {
        let KeyMaterial::Public(public) = KeyMaterial::from_pem_or_der(&fixture(name)).unwrap()
        else {
            panic!("{name} is private")
        };
        assert_eq!(
            public.to_spki_pem().unwrap(),
            String::from_utf8(fixture(name)).unwrap(),
            "{name}"
        );
    }
}
