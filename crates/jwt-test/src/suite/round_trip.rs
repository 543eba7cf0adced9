//! Round trips with generated keys, and the attacks on key/algorithm binding.

use jwt_core::{
    Algorithm, AlgorithmFamily, ErrorKind, Header, JwsSigner, JwsVerifier, NumericDate,
    RegisteredClaims, Validation, decode_at, encode,
};
use jwt_hs::HmacKey;
use serde_json::{Value, json};

use jwt_keys::{Backend, SigningKey, VerifyingKey};

use crate::fixture;

/// Every asymmetric algorithm.
pub const ASYMMETRIC: [Algorithm; 10] = [
    Algorithm::Rs256,
    Algorithm::Rs384,
    Algorithm::Rs512,
    Algorithm::Ps256,
    Algorithm::Ps384,
    Algorithm::Ps512,
    Algorithm::Es256,
    Algorithm::Es384,
    Algorithm::Es512,
    Algorithm::EdDsa,
];

/// The ML-DSA algorithms (RFC 9964), on the backends that declare them.
pub const ML_DSA: [Algorithm; 3] = [Algorithm::MlDsa44, Algorithm::MlDsa65, Algorithm::MlDsa87];

const NOW: i64 = 1_800_000_000;

fn now() -> NumericDate {
    NumericDate::from_unix_seconds(NOW).unwrap()
}

fn claims() -> Value {
    json!({"iss": "https://auth.example", "sub": "alice", "exp": NOW + 60, "scope": ["a", "b"]})
}

fn validation() -> Validation {
    Validation::new()
        .issuer("https://auth.example")
        .subject("alice")
}

/// What each backend signs with a generated key, its own public key verifies: every
/// algorithm it declares (the classic ten on every backend, ML-DSA where it has it).
pub fn every_algorithm<B: Backend>() {
    for alg in ASYMMETRIC {
        assert!(
            B::ALGORITHMS.contains(&alg),
            "{}: every backend has {alg}",
            B::NAME
        );
    }
    let declared = ASYMMETRIC
        .into_iter()
        .chain(ML_DSA)
        .filter(|alg| B::ALGORITHMS.contains(alg));
    for alg in declared {
        let key =
            SigningKey::<B>::generate(alg).unwrap_or_else(|err| panic!("{} {alg}: {err}", B::NAME));
        assert_eq!(key.algorithm(), alg);
        let token = encode(&Header::new(alg), &claims(), &key).unwrap();
        let data = decode_at::<Value>(&token, &key.verifying_key(), &validation(), now())
            .unwrap_or_else(|err| panic!("{} {alg}: {err}", B::NAME));
        assert_eq!(data.claims, claims());
        assert_eq!(data.header.alg, alg);
    }
}

/// A key made for one algorithm refuses a token of every other algorithm with
/// `invalid_algorithm`, before any cryptography.
pub fn keys_refuse_other_algorithms<B: Backend>() {
    let rsa_pem = String::from_utf8(fixture("private_key.pem")).unwrap();
    let keys: Vec<(Algorithm, SigningKey<B>)> = ASYMMETRIC
        .into_iter()
        .map(|alg| (alg, signing_key::<B>(alg, &rsa_pem)))
        .collect();
    let mut tokens = Vec::new();
    for (alg, key) in &keys {
        tokens.push((*alg, encode(&Header::new(*alg), &claims(), key).unwrap()));
    }
    for alg in [Algorithm::Hs256, Algorithm::Hs384, Algorithm::Hs512] {
        let key = HmacKey::new(alg, &[7u8; 64]).unwrap();
        tokens.push((alg, encode(&Header::new(alg), &claims(), &key).unwrap()));
    }
    let mut refusals = 0;
    for (verifier_alg, key) in &keys {
        let (verifier_alg, verifier) = (*verifier_alg, key.verifying_key());
        for (token_alg, token) in &tokens {
            let outcome = decode_at::<Value>(token, &verifier, &validation(), now());
            if *token_alg == verifier_alg {
                outcome.unwrap();
                continue;
            }
            let err = outcome.unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::InvalidAlgorithm,
                "{verifier_alg} key, {token_alg} token: {err}"
            );
            assert!(err.to_string().contains(token_alg.name()), "{err}");
            refusals += 1;
        }
    }
    assert_eq!(refusals, 10 * 12);
}

/// A key for `alg`: RS*/PS* reuse the fixture RSA key (generating six 2048-bit keys
/// would only slow the suite), the others are generated.
fn signing_key<B: Backend>(alg: Algorithm, rsa_pem: &str) -> SigningKey<B> {
    match alg.family() {
        AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss => {
            SigningKey::<B>::from_pem(rsa_pem, alg).unwrap()
        }
        _ => SigningKey::<B>::generate(alg).unwrap(),
    }
}

/// The classic confusion: an HS256 token whose MAC key is the bytes of the verifier's
/// RSA public key PEM. Every RSA verifier refuses it as `invalid_algorithm`.
pub fn hs256_with_rsa_public_key_bytes<B: Backend>() {
    let public_pem = fixture("rsa2048-spki.pem");
    let forger = HmacKey::new(Algorithm::Hs256, &public_pem).unwrap();
    let token = encode(&Header::new(Algorithm::Hs256), &claims(), &forger).unwrap();
    let pem = String::from_utf8(public_pem).unwrap();
    for alg in &ASYMMETRIC[..6] {
        let verifier = VerifyingKey::<B>::from_pem(&pem, *alg).unwrap();
        let err = decode_at::<Value>(&token, &verifier, &validation(), now()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm, "{alg}: {err}");
    }
}

/// CVE-2022-21449 ("psychic signatures"): r = s = 0 verifies nothing.
pub fn ecdsa_psychic_signature<B: Backend>() {
    for alg in [Algorithm::Es256, Algorithm::Es384, Algorithm::Es512] {
        let key = SigningKey::<B>::generate(alg).unwrap();
        let token = encode(&Header::new(alg), &claims(), &key).unwrap();
        let (signing_input, _) = token.rsplit_once('.').unwrap();
        let zeros = vec![0u8; alg.signature_len().unwrap()];
        assert!(
            key.verifying_key()
                .verify(signing_input.as_bytes(), &zeros)
                .is_err()
        );
        let forged = format!("{signing_input}.{}", crate::b64url_encode(&zeros));
        let err =
            decode_at::<Value>(&forged, &key.verifying_key(), &validation(), now()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidSignature, "{alg}: {err}");
    }
}

/// Flipped bits anywhere in the signature, or a changed payload, are `invalid_signature`.
pub fn tampered_tokens<B: Backend>() {
    let rsa_pem = String::from_utf8(fixture("private_key.pem")).unwrap();
    for alg in ASYMMETRIC {
        let key = signing_key::<B>(alg, &rsa_pem);
        let token = encode(&Header::new(alg), &claims(), &key).unwrap();
        let (signing_input, signature) = token.rsplit_once('.').unwrap();
        let mut signature = crate::b64url(signature);
        let verifier = key.verifying_key();
        for bit in [0, 9, signature.len() * 8 - 1] {
            signature[bit / 8] ^= 1 << (bit % 8);
            let forged = format!("{signing_input}.{}", crate::b64url_encode(&signature));
            let err = decode_at::<Value>(&forged, &verifier, &validation(), now()).unwrap_err();
            assert_eq!(
                err.kind(),
                ErrorKind::InvalidSignature,
                "{alg} bit {bit}: {err}"
            );
            signature[bit / 8] ^= 1 << (bit % 8);
        }
        let other = RegisteredClaims {
            sub: Some("mallory".into()),
            ..Default::default()
        };
        let other_payload = crate::b64url_encode(&serde_json::to_vec(&other).unwrap());
        let (header, _) = signing_input.split_once('.').unwrap();
        let swapped = format!(
            "{header}.{other_payload}.{}",
            crate::b64url_encode(&signature)
        );
        let err = decode_at::<Value>(&swapped, &verifier, &validation(), now()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidSignature, "{alg}: {err}");
    }
}

/// ES* signatures are always exactly 64/96/132 bytes: signing many times makes the
/// leading-zero r or s (1 in 256 per half) turn up, and each must keep its width.
pub fn ecdsa_fixed_width<B: Backend>() {
    for alg in [Algorithm::Es256, Algorithm::Es384, Algorithm::Es512] {
        let key = SigningKey::<B>::generate(alg).unwrap();
        let verifier = key.verifying_key();
        let width = alg.signature_len().unwrap();
        let half = width / 2;
        let mut leading_zero_halves = 0;
        // At least 600 signatures; past that, go on until a leading zero has turned up
        // (each half starts with 0x00 once in 256), so the check is not left to chance.
        let mut signed = 0u32;
        while signed < 600 || (leading_zero_halves == 0 && signed < 6000) {
            let message = signed.to_be_bytes();
            let signature = key.sign(&message).unwrap();
            assert_eq!(signature.len(), width, "{alg}");
            verifier.verify(&message, &signature).unwrap();
            if signature[0] == 0 || signature[half] == 0 {
                leading_zero_halves += 1;
            }
            signed += 1;
        }
        // P-521's top byte is at most 1, so its halves nearly always start with 0x00 or 0x01.
        assert!(
            leading_zero_halves > 0,
            "{alg}: no signature with a leading zero byte in {signed}"
        );
    }
}
