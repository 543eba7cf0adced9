//! Structural mutations on every backend: each must give the same answer (the same
//! error kind) as every other, and no mutant may verify. Regression tests for the two
//! disagreements the byte-flipping harnesses missed: RSA-PSS signatures one byte short
//! (OpenSSL took them), and Ed25519 keys of small order (with which OpenSSL verified
//! forgeries).

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use jwt_core::{Algorithm, ErrorKind, JwsVerifier, NumericDate, Validation, decode_at};
use jwt_test::backends::BACKENDS;
use jwt_test::fuzz_targets::{fixed_keys, outcome};
use jwt_test::mutations::{
    bad_ed25519_public_keys, ed25519_identity_r_signature, ed25519_identity_signature_spelled,
    ed25519_jwk, ed25519_noncanonical_identity_encodings, ed25519_spki_der, header_alg_mutations,
    rsa_private_jwk_mutations, signature_mutations,
};
use jwt_test::{b64url_encode, fixture};
use serde_json::{Value, json};

fn now() -> NumericDate {
    NumericDate::from_unix_seconds(1_800_000_000).unwrap()
}

#[test]
fn every_structural_mutant_gets_one_refusal_from_every_backend() {
    let keys = fixed_keys();
    let mut total = 0;
    let mut failures = Vec::new();
    for (index, key) in keys.keys.iter().enumerate() {
        let having = BACKENDS
            .iter()
            .filter(|backend| backend.algorithms().contains(&key.alg))
            .count();
        assert_eq!(key.verifiers.len(), having, "{}", key.alg);
        let mut count = 0;
        for base in [&keys.tokens[index], &keys.zero_led[index]] {
            for (_, verifier) in &key.verifiers {
                assert_eq!(
                    outcome(base, verifier.as_ref()),
                    Ok(()),
                    "{}: the base token",
                    key.alg
                );
            }
            let mut mutants = signature_mutations(base, key.alg);
            mutants.extend(header_alg_mutations(base));
            for mutant in mutants {
                let outcomes: Vec<(&str, Result<(), ErrorKind>)> = key
                    .verifiers
                    .iter()
                    .map(|(name, verifier)| (*name, outcome(&mutant.value, verifier.as_ref())))
                    .collect();
                let first = outcomes[0].1;
                if first.is_ok() || outcomes.iter().any(|(_, o)| *o != first) {
                    failures.push(format!("{} {}: {outcomes:?}", key.alg, mutant.what));
                }
                count += 1;
            }
        }
        println!(
            "{}: {count} structural mutants, one refusal each on every backend",
            key.alg
        );
        total += count;
    }
    assert!(
        failures.is_empty(),
        "backends disagree or accept:\n{}",
        failures.join("\n")
    );
    // Per token: 5 length mutants, plus 6 ECDSA / 17 EdDSA / 2 RSA / 3 ML-DSA shape
    // mutants, plus 15 header algs (every other algorithm); two tokens per algorithm.
    assert_eq!(keys.keys.len(), 13, "ML-DSA needs a backend that has it");
    assert_eq!(
        total,
        2 * (6 * (5 + 2 + 15) + 3 * (5 + 6 + 15) + (5 + 17 + 15) + 3 * (5 + 3 + 15))
    );
}

#[test]
fn rsa_signatures_one_byte_short_are_refused_by_every_backend() {
    let keys = fixed_keys();
    for (index, key) in keys.keys.iter().enumerate() {
        if !key.alg.name().starts_with(['R', 'P']) {
            continue;
        }
        let token = &keys.zero_led[index];
        let (input, signature) = token.rsplit_once('.').unwrap();
        let signature = jwt_test::b64url(signature);
        assert_eq!(
            signature[0], 0,
            "{}: the token's signature starts with a zero",
            key.alg
        );
        let short = format!("{input}.{}", b64url_encode(&signature[1..]));
        for (name, verifier) in &key.verifiers {
            assert_eq!(
                outcome(token, verifier.as_ref()),
                Ok(()),
                "{name} {}",
                key.alg
            );
            assert_eq!(
                outcome(&short, verifier.as_ref()),
                Err(ErrorKind::InvalidSignature),
                "{name} {}: a signature one byte short (its leading zero stripped)",
                key.alg
            );
            assert!(
                verifier.verify(input.as_bytes(), &signature[1..]).is_err(),
                "{name}"
            );
        }
    }
}

#[test]
fn ed25519_keys_of_small_or_mixed_order_are_refused_by_every_backend() {
    let bad = bad_ed25519_public_keys();
    assert_eq!(bad.len(), 8 + 8 + 1 + 7 + 3);
    for key in &bad {
        for backend in BACKENDS {
            let spki =
                backend.verifier_from_pem_or_der(&ed25519_spki_der(&key.value), Algorithm::EdDsa);
            let jwk = backend.verifier_from_jwk(&ed25519_jwk(&key.value), Algorithm::EdDsa);
            for (form, loaded) in [("SPKI", spki), ("JWK", jwk)] {
                assert_eq!(
                    loaded.map(drop).map_err(|err| err.kind()),
                    Err(ErrorKind::InvalidKey),
                    "{} loaded {} as {form}",
                    backend.name,
                    key.what
                );
            }
        }
    }
    // The identity's forgery, R = identity and S = 0, is a token no key can check now.
    let good = fixture("ed25519-spki.pem");
    for backend in BACKENDS {
        backend
            .verifier_from_pem_or_der(&good, Algorithm::EdDsa)
            .unwrap();
    }
}

#[test]
fn ed25519_signatures_with_small_order_r_are_refused_by_every_backend() {
    let seed = [7u8; 32];
    let message = b"eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhbGljZSJ9";
    let (public, signature) = ed25519_identity_r_signature(&seed, message);
    let private_jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(&public), "d": b64url_encode(&seed)}).to_string();
    let token = format!(
        "{}.{}",
        std::str::from_utf8(message).unwrap(),
        b64url_encode(&signature)
    );
    for backend in BACKENDS {
        // The key is a good one: its own signatures verify, so the refusal below is
        // about R alone.
        let signer = backend
            .signer_from_jwk(&private_jwk, Algorithm::EdDsa)
            .unwrap();
        let verifier = backend
            .verifier_from_jwk(&ed25519_jwk(&public), Algorithm::EdDsa)
            .unwrap();
        let honest = signer.sign(message).unwrap();
        verifier.verify(message, &honest).unwrap();
        assert!(
            verifier.verify(message, &signature).is_err(),
            "{}: R = identity verified",
            backend.name
        );
        let validation = Validation::new().required_claims([] as [&str; 0]);
        let refused = decode_at::<Value>(&token, verifier.as_ref(), &validation, now());
        assert_eq!(
            refused.unwrap_err().kind(),
            ErrorKind::InvalidSignature,
            "{}",
            backend.name
        );
    }
}

/// The shared check refuses R of small order only in its canonical spellings; these pass
/// it, so each backend must refuse them by itself (the rustcrypto backend's `verify`
/// compares the recomputed R's encoding with the signature's bytes, as `verify_strict`
/// did not need to).
#[test]
fn ed25519_signatures_whose_r_spells_the_identity_another_way_are_refused_by_every_backend() {
    let seed = [9u8; 32];
    let message = b"eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJib2IifQ";
    let encodings = ed25519_noncanonical_identity_encodings();
    assert_eq!(encodings.len(), 3);
    for (what, r) in encodings {
        let (public, signature) = ed25519_identity_signature_spelled(&seed, message, r);
        assert!(
            jwt_keys::check_ed25519_signature(&signature).is_ok(),
            "{what}: the shared check refuses it, so no backend would see it"
        );
        assert!(
            holds_for_the_point_named(&public, &signature, message),
            "{what}: a verifier that compares points would refuse it too, so it tests nothing"
        );
        let mut other_s = signature;
        other_s[40] ^= 1;
        assert!(!holds_for_the_point_named(&public, &other_s, message));
        for backend in BACKENDS {
            let verifier = backend
                .verifier_from_jwk(&ed25519_jwk(&public), Algorithm::EdDsa)
                .unwrap();
            assert!(
                verifier.verify(message, &signature).is_err(),
                "{}: R = the identity spelled {what} verified",
                backend.name
            );
        }
    }
}

/// Whether \[s\]B − \[H(R‖A‖M)\]A is the point R's bytes decode to (curve25519-dalek's
/// decoder, which reduces y and negates x = 0 to itself): the check of a verifier that
/// compares points rather than encodings.
fn holds_for_the_point_named(public: &[u8; 32], signature: &[u8; 64], message: &[u8]) -> bool {
    use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
    use curve25519_dalek::scalar::Scalar;
    use sha2::{Digest, Sha512};
    let (r, s) = signature.split_at(32);
    let (Some(key), Some(named), Some(s)) = (
        CompressedEdwardsY(*public).decompress(),
        CompressedEdwardsY(r.try_into().unwrap()).decompress(),
        Option::<Scalar>::from(Scalar::from_canonical_bytes(s.try_into().unwrap())),
    ) else {
        return false;
    };
    let k: [u8; 64] = Sha512::new()
        .chain_update(r)
        .chain_update(public)
        .chain_update(message)
        .finalize()
        .into();
    let k = Scalar::from_bytes_mod_order_wide(&k);
    EdwardsPoint::vartime_double_scalar_mul_basepoint(&-k, &key, &s) == named
}

#[test]
fn rsa_private_keys_with_bad_crt_values_are_refused_by_every_backend() {
    let pem = String::from_utf8(fixture("private_key.pem")).unwrap();
    let (jwk, mutants) = rsa_private_jwk_mutations(&pem);
    assert_eq!(mutants.len(), 6);
    for backend in BACKENDS {
        backend
            .signer_from_jwk(&jwk, Algorithm::Rs256)
            .unwrap_or_else(|err| panic!("{}: the unchanged key: {err}", backend.name));
        for mutant in &mutants {
            let loaded = backend.signer_from_jwk(&mutant.value, Algorithm::Rs256);
            let err = loaded.map(drop).unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::InvalidKey,
                "{}: {}",
                backend.name,
                mutant.what
            );
            assert!(
                err.to_string().contains("inconsistent"),
                "{}: {err}",
                mutant.what
            );
        }
    }
}

/// ML-DSA keys: on a backend without ML-DSA, every load is `invalid_algorithm` naming the
/// backends that have it; on those that have it, a public key of another level's length
/// or a seed of the wrong length is `invalid_key` everywhere.
#[test]
fn ml_dsa_keys_get_one_answer_from_every_backend() {
    use jwt_keys::MlDsaLevel;
    for level in MlDsaLevel::ALL {
        let alg = level.algorithm();
        let pem = fixture(&format!("ml-dsa-{}-pkcs8.pem", &level.name()[7..]));
        let having: Vec<&str> = BACKENDS
            .iter()
            .filter(|backend| backend.algorithms().contains(&alg))
            .map(|backend| backend.name)
            .collect();
        for backend in BACKENDS {
            let outcome = backend.verifier_from_pem_or_der(&pem, alg).map(drop);
            if having.contains(&backend.name) {
                outcome.unwrap();
                continue;
            }
            let err = outcome.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm, "{}", backend.name);
            for name in &having {
                assert!(err.to_string().contains(name), "{err}");
            }
        }
        for other in MlDsaLevel::ALL.into_iter().filter(|other| *other != level) {
            let jwk = json!({"kty": "AKP", "alg": alg.name(),
                "pub": b64url_encode(&vec![7u8; other.public_key_len()])})
            .to_string();
            for backend in BACKENDS.iter().filter(|b| having.contains(&b.name)) {
                let err = backend.verifier_from_jwk(&jwk, alg).map(drop).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::InvalidKey, "{}: {err}", backend.name);
            }
        }
        for seed_len in [31usize, 33, 0] {
            let public = jwt_test::b64url_encode(&vec![7u8; level.public_key_len()]);
            let jwk = json!({"kty": "AKP", "alg": alg.name(), "pub": public,
                "priv": b64url_encode(&vec![1u8; seed_len])})
            .to_string();
            for backend in BACKENDS.iter().filter(|b| having.contains(&b.name)) {
                let err = backend.signer_from_jwk(&jwk, alg).map(drop).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::InvalidKey, "{}: {err}", backend.name);
            }
        }
    }
}
