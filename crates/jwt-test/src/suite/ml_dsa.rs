//! ML-DSA-44/65/87 (RFC 9964): the RFC's JOSE examples and Wycheproof's verify and
//! sign-seed vectors, on every backend that declares the algorithms; on the others, the
//! refusal (`invalid_algorithm` naming the backend), never a panic or another backend.

use jwt_core::{Algorithm, ErrorKind, JwsSigner, JwsVerifier, Validation, jws};
use jwt_keys::{
    Backend, Jwk, KeyMaterial, MlDsaLevel, MlDsaPrivateParts, PrivateKeyMaterial,
    PublicKeyMaterial, SigningKey, VerifyingKey,
};
use serde_json::Value;

use crate::{Tally, b64url, hex, load, public_jwk, str_field};

/// The levels, their file names and their Wycheproof case counts (verify, sign-seed).
const LEVELS: [(Algorithm, &str, usize, usize); 3] = [
    (Algorithm::MlDsa44, "44", 180, 86),
    (Algorithm::MlDsa65, "65", 210, 105),
    (Algorithm::MlDsa87, "87", 241, 96),
];

/// Why cases with a context are left out, by name.
const WITH_CONTEXT: &str =
    "a non-empty context: out of scope for JOSE, which signs with the empty context (RFC 9964)";

fn has_context(test: &Value) -> bool {
    test["ctx"].as_str().is_some_and(|ctx| !ctx.is_empty())
}

/// On a backend without `alg`: every way of making a key for it is `invalid_algorithm`
/// naming the backend.
fn check_refused<B: Backend>(alg: Algorithm, public_jwk: &str, private_jwk: &str) {
    let refusals = [
        VerifyingKey::<B>::from_jwk(public_jwk, alg).map(drop),
        SigningKey::<B>::from_jwk(private_jwk, alg).map(drop),
        SigningKey::<B>::generate(alg).map(drop),
    ];
    for refusal in refusals {
        let err = refusal.expect_err("a backend without ML-DSA made an ML-DSA key");
        assert_eq!(
            err.kind(),
            ErrorKind::InvalidAlgorithm,
            "{}: {err}",
            B::NAME
        );
        assert!(err.to_string().contains(B::NAME), "{err}");
        assert!(err.to_string().contains(alg.name()), "{err}");
    }
}

/// RFC 9964's examples: the JWK's thumbprint is its `kid`, the compact JWS verifies
/// with the public and the private JWK and its signing input and signature are the
/// example's raw ones, the seed makes the example's public key, and a private JWK whose
/// `pub` is another key's is refused. A fresh signature verifies (signing is hedged, so
/// it is not the example's).
pub fn jose_examples<B: Backend>() {
    for (alg, level, _, _) in LEVELS {
        let example = load(&format!("mldsa-jose/ML_DSA_{level}.jose.json"));
        let jwk = &example["jwk"];
        let parsed = Jwk::parse(&jwk.to_string()).unwrap();
        assert_eq!(parsed.thumbprint().unwrap(), str_field(jwk, "kid"), "{alg}");
        assert_eq!(
            b64url(str_field(jwk, "pub")),
            hex(str_field(&example, "raw_public_key"))
        );
        assert_eq!(
            b64url(str_field(jwk, "priv")),
            hex(str_field(&example, "priv"))
        );
        let public = public_jwk(jwk);
        if !B::ALGORITHMS.contains(&alg) {
            check_refused::<B>(alg, &public, &jwk.to_string());
            continue;
        }
        let token = str_field(&example, "jws");
        let (signing_input, signature) = token.rsplit_once('.').unwrap();
        assert_eq!(
            signing_input.as_bytes(),
            hex(str_field(&example, "raw_to_be_signed"))
        );
        assert_eq!(b64url(signature), hex(str_field(&example, "raw_signature")));
        let verifier = VerifyingKey::<B>::from_jwk(&public, alg)
            .unwrap_or_else(|err| panic!("{}: {alg} public JWK refused: {err}", B::NAME));
        let verified = jws::verify(token, &verifier, &Validation::new())
            .unwrap_or_else(|err| panic!("{}: the {alg} example refused: {err}", B::NAME));
        assert_eq!(verified.header.alg, alg);
        let signer = SigningKey::<B>::from_jwk(&jwk.to_string(), alg).unwrap();
        jws::verify(token, &signer.verifying_key(), &Validation::new()).unwrap();
        let fresh = signer.sign(signing_input.as_bytes()).unwrap();
        assert_eq!(fresh.len(), alg.signature_len().unwrap());
        verifier.verify(signing_input.as_bytes(), &fresh).unwrap();
        // The example's pub with another seed: mismatched.
        let mut other = jwk.clone();
        other["priv"] = Value::String(crate::b64url_encode(&[7u8; 32]));
        let err = SigningKey::<B>::from_jwk(&other.to_string(), alg).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidKey);
        assert!(
            err.to_string().contains("mismatched AKP parameters"),
            "{err}"
        );
    }
}

/// Wycheproof `mldsa_{44,65,87}_verify_test.json`: each group's key from its SPKI DER;
/// valid cases verify, invalid ones are refused by the verifier, except signatures of
/// the wrong length (refused by the shared shape check first, counted apart) and keys of
/// the wrong length (refused at load). Cases with a context are counted apart.
pub fn wycheproof_verify<B: Backend>() {
    for (alg, level, cases, _) in LEVELS {
        let file = format!("mldsa_{level}_verify_test.json");
        let data = load(&format!("wycheproof/testvectors_v1/{file}"));
        let groups = data["testGroups"].as_array().unwrap();
        if !B::ALGORITHMS.contains(&alg) {
            let err = VerifyingKey::<B>::from_der(&hex(str_field(&groups[0], "publicKeyDer")), alg)
                .unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::InvalidAlgorithm,
                "{}: {err}",
                B::NAME
            );
            continue;
        }
        let mut tally = Tally::new(&file);
        let mut seen = 0;
        let mut early = 0;
        for group in groups {
            let key = VerifyingKey::<B>::from_der(&hex(str_field(group, "publicKeyDer")), alg);
            for test in group["tests"].as_array().unwrap() {
                seen += 1;
                let valid = str_field(test, "result") == "valid";
                if has_context(test) {
                    tally.skip(WITH_CONTEXT, 1);
                    continue;
                }
                let (msg, sig) = (hex(str_field(test, "msg")), hex(str_field(test, "sig")));
                match &key {
                    Err(err) if !valid && err.kind() == ErrorKind::InvalidKey => {
                        early += 1;
                        tally.refuse_early("invalid_key: the group's key was refused at load");
                    }
                    Err(err) => tally.fail(format!("tcId {}: key refused: {err}", test["tcId"])),
                    Ok(_) if !valid && Some(sig.len()) != alg.signature_len() => {
                        tally.refuse_by_format()
                    }
                    Ok(key) => match (valid, key.verify(&msg, &sig)) {
                        (true, Ok(())) | (false, Err(_)) => tally.pass(),
                        (_, outcome) => tally.fail(format!(
                            "tcId {} ({}): expected {}, got {outcome:?}",
                            test["tcId"],
                            test["comment"],
                            str_field(test, "result")
                        )),
                    },
                }
            }
        }
        assert_eq!(seen, cases, "{file}");
        tally.expect_early(early);
        assert_eq!(early, 4, "{file}: the keys of the wrong length");
        tally.finish(cases - 7 - 4, 0);
    }
}

/// Wycheproof `mldsa_{44,65,87}_sign_seed_test.json`: the key made from each group's
/// seed has the group's public key and PKCS#8 encoding (RFC 9881's seed form, byte for
/// byte); each expected signature verifies with it, and a fresh signature of each
/// message verifies too. Seeds of the wrong length are refused; cases given as μ alone
/// (`ML-DSA.Sign_internal`) and cases with a context are counted apart.
pub fn wycheproof_sign_seed<B: Backend>() {
    for (alg, level, _, cases) in LEVELS {
        let level_of = MlDsaLevel::for_algorithm(alg).unwrap();
        if !B::ALGORITHMS.contains(&alg) {
            // A key made from a seed is refused by a backend without the level.
            let parts = MlDsaPrivateParts::new(level_of, &[7u8; 32], None).unwrap();
            let material = KeyMaterial::Private(PrivateKeyMaterial::MlDsa(parts));
            let err = SigningKey::<B>::from_material(material, alg).unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::InvalidAlgorithm,
                "{}: {err}",
                B::NAME
            );
            continue;
        }
        let file = format!("mldsa_{level}_sign_seed_test.json");
        let data = load(&format!("wycheproof/testvectors_v1/{file}"));
        let mut tally = Tally::new(&file);
        let mut seen = 0;
        for group in data["testGroups"].as_array().unwrap() {
            let tests = group["tests"].as_array().unwrap();
            seen += tests.len();
            let seed = group["privateSeed"].as_str().map(hex).unwrap_or_default();
            let parts = match MlDsaPrivateParts::new(level_of, &seed, None) {
                Ok(parts) => parts,
                Err(err) => {
                    assert_eq!(err.kind(), ErrorKind::InvalidKey);
                    for test in tests {
                        assert_eq!(str_field(test, "result"), "invalid", "{file}");
                        tally.refuse_early("invalid_key: a seed that is not 32 bytes");
                    }
                    continue;
                }
            };
            let private = PrivateKeyMaterial::MlDsa(parts);
            if let Some(pkcs8) = group["privateKeyPkcs8"].as_str() {
                assert_eq!(
                    *private.to_pkcs8_der().unwrap(),
                    hex(pkcs8),
                    "{file}: PKCS#8"
                );
                let KeyMaterial::Private(PrivateKeyMaterial::MlDsa(read)) =
                    KeyMaterial::from_der(&hex(pkcs8)).unwrap()
                else {
                    panic!("{file}: the PKCS#8 key is not an ML-DSA private key");
                };
                assert_eq!(read.seed().as_slice(), seed.as_slice());
            }
            let key = SigningKey::<B>::from_material(KeyMaterial::Private(private), alg).unwrap();
            let verifier = key.verifying_key();
            let PublicKeyMaterial::MlDsa(public) = verifier.public_material().unwrap() else {
                panic!("not an ML-DSA public key");
            };
            assert_eq!(
                public.as_bytes(),
                hex(str_field(group, "publicKey")),
                "{file}"
            );
            for test in tests {
                let Some(msg) = test["msg"].as_str().map(hex) else {
                    tally.skip("μ given without the message (ML-DSA.Sign_internal)", 1);
                    continue;
                };
                if has_context(test) {
                    tally.skip(WITH_CONTEXT, 1);
                    continue;
                }
                let expected = hex(str_field(test, "sig"));
                let fresh = key.sign(&msg).unwrap();
                match (
                    verifier.verify(&msg, &expected),
                    verifier.verify(&msg, &fresh),
                ) {
                    (Ok(()), Ok(())) => tally.pass(),
                    outcome => tally.fail(format!("tcId {}: {outcome:?}", test["tcId"])),
                }
            }
        }
        assert_eq!(seen, cases, "{file}");
        tally.expect_early(3);
        let internal = if level == "44" { 8 } else { 17 };
        tally.finish(cases - 3 - 1 - 3 - internal, 0);
    }
}
