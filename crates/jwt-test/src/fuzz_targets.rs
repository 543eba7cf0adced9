//! The bodies of the fuzz targets, shared by the cargo-fuzz project in `fuzz/` (nightly,
//! libFuzzer) and by the stable test that replays every corpus and regression file, so
//! CI checks the corpora without nightly.
//!
//! Each function takes arbitrary bytes, must never panic, hang or allocate without
//! bound, and panics itself only when an invariant breaks (a round trip that does not
//! come back equal, two backends that disagree).

use std::sync::OnceLock;

use base64ct::{Base64UrlUnpadded, Encoding};
use jwt_core::{
    Algorithm, ErrorKind, Header, JwsSigner, JwsVerifier, NumericDate, Validation, danger,
    decode_at, encode, jws,
};
use jwt_hs::HmacKey;
use jwt_x509::{Certificate, Jwk, KeyMaterial, LoadSigningKey, LoadVerifyingKey};
use serde_json::{Map, Value};

use crate::suite::round_trip::ASYMMETRIC;

/// The time every target checks tokens at.
fn now() -> NumericDate {
    NumericDate::from_unix_seconds(1_800_000_000).unwrap_or_else(|_| NumericDate::now())
}

/// The HMAC secret the targets sign and verify with.
pub const FUZZ_SECRET: &[u8] =
    b"fuzzing secret: long enough that HS256, HS384 and HS512 all accept it";

/// A fixed key pair per asymmetric algorithm, on both backends.
pub struct FixedKeys {
    /// (algorithm, RustCrypto signer, RustCrypto verifier, OpenSSL verifier).
    pub keys: Vec<(
        Algorithm,
        jwt_rs_rustcrypto::SigningKey,
        jwt_rs_rustcrypto::VerifyingKey,
        jwt_rs_openssl::VerifyingKey,
    )>,
    /// A valid token per algorithm, signed by the RustCrypto key.
    pub tokens: Vec<String>,
}

impl std::fmt::Debug for FixedKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixedKeys")
            .field("algorithms", &self.keys.len())
            .finish_non_exhaustive()
    }
}

/// The fixed keys, loaded once from `crates/jwt-test/fixtures/`.
pub fn fixed_keys() -> &'static FixedKeys {
    static KEYS: OnceLock<FixedKeys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = Vec::new();
        let mut tokens = Vec::new();
        for alg in ASYMMETRIC {
            let file = match alg {
                Algorithm::Es256 => "p256-pkcs8.pem",
                Algorithm::Es384 => "p384-pkcs8.pem",
                Algorithm::Es512 => "p521-pkcs8.pem",
                Algorithm::EdDsa => "ed25519-pkcs8.pem",
                _ => "private_key.pem",
            };
            let pem = String::from_utf8(crate::fixture(file)).unwrap_or_default();
            let (Ok(signer), Ok(openssl)) = (
                jwt_rs_rustcrypto::SigningKey::from_pem(&pem, alg),
                jwt_rs_openssl::VerifyingKey::from_pem(&pem, alg),
            ) else {
                continue;
            };
            let claims = serde_json::json!({"iss": "https://issuer.example", "aud": "api", "sub": "fuzz", "exp": 1_800_000_600, "nbf": 1_799_999_000});
            if let Ok(token) = encode(&Header::new(alg), &claims, &signer) {
                tokens.push(token);
            }
            let verifier = signer.verifying_key();
            keys.push((alg, signer, verifier, openssl));
        }
        FixedKeys { keys, tokens }
    })
}

fn strict() -> Validation {
    Validation::new()
        .issuer("https://issuer.example")
        .audience("api")
        .require("sub")
        .max_token_len(16 * 1024)
}

/// `decode`: arbitrary bytes as a token through the full decode, with a fixed key per
/// algorithm family and a strict validation; also the unverified reader and the JWS layer.
pub fn decode(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(token) = std::str::from_utf8(rest) else {
        return;
    };
    let _ = danger::read_unverified::<Value>(token);
    let keys = fixed_keys();
    let validation = strict();
    match selector % 4 {
        0 => {
            if let Ok(key) = HmacKey::new(Algorithm::Hs256, FUZZ_SECRET) {
                let _ = decode_at::<Map<String, Value>, _>(token, &key, &validation, now());
                let _ = jws::verify(token, &key, &validation);
            }
        }
        family => {
            let index = match family {
                1 => 0, // RS256
                2 => 6, // ES256
                _ => 9, // EdDSA
            };
            if let Some((_, _, rustcrypto, openssl)) = keys.keys.get(index) {
                let _ = decode_at::<Map<String, Value>, _>(token, rustcrypto, &validation, now());
                let _ = decode_at::<Map<String, Value>, _>(token, openssl, &validation, now());
            }
        }
    }
}

/// `header_claims`: arbitrary bytes split into header and claims JSON, made into a
/// correctly signed HS256 token, so parsing and every claim check is reached.
pub fn header_claims(data: &[u8]) {
    let (header, claims) = match data.iter().position(|b| *b == 0xff) {
        Some(split) => (
            data.get(..split).unwrap_or_default(),
            data.get(split + 1..).unwrap_or_default(),
        ),
        None => (br#"{"alg":"HS256","typ":"JWT"}"#.as_slice(), data),
    };
    let Ok(key) = HmacKey::new(Algorithm::Hs256, FUZZ_SECRET) else {
        return;
    };
    let token = signed_token(header, claims, &key);
    let validations = [
        Validation::new(),
        strict(),
        Validation::new()
            .required_claims([] as [&str; 0])
            .leeway(std::time::Duration::from_secs(60))
            .max_age(std::time::Duration::from_secs(3600))
            .typ("JWT")
            .subject("fuzz")
            .understand_critical("ext"),
    ];
    for validation in &validations {
        let _ = decode_at::<Value, _>(&token, &key, validation, now());
    }
    let _ = danger::read_unverified::<Map<String, Value>>(&token);
}

/// A token of raw header and claims bytes with a valid HMAC.
pub fn signed_token(header: &[u8], claims: &[u8], key: &HmacKey) -> String {
    let mut token = crate::b64url_encode(header);
    token.push('.');
    token.push_str(&crate::b64url_encode(claims));
    let signature = key.sign(token.as_bytes()).unwrap_or_default();
    token.push('.');
    token.push_str(&crate::b64url_encode(&signature));
    token
}

/// `keys`: arbitrary bytes as PEM, DER, certificate and JWK input to the key loaders,
/// and whatever loads handed to both backends.
pub fn keys(data: &[u8]) {
    let text = std::str::from_utf8(data).ok();
    let mut materials = Vec::new();
    materials.push(KeyMaterial::from_pem_or_der(data));
    materials.push(KeyMaterial::from_der(data));
    if let Some(text) = text {
        materials.push(KeyMaterial::from_pem(text));
        if let Ok(jwk) = Jwk::parse(text) {
            for alg in Algorithm::ALL {
                let _ = jwk.check_usable(alg, jwt_x509::KeyOperation::Verify);
            }
        }
        let _ = Certificate::from_pem(text).map(|c| {
            (
                c.subject(),
                c.not_after(),
                c.fingerprint_sha256(),
                c.public_key(),
            )
        });
    }
    let _ = Certificate::from_der(data).map(|c| (c.issuer(), c.serial_number(), c.public_key()));
    for material in materials.into_iter().flatten() {
        let _ = material.describe();
        if let KeyMaterial::Private(private) = &material {
            let _ = private.to_pkcs8_der();
        }
        if let KeyMaterial::Public(public) = &material {
            let _ = public.to_spki_der();
        }
    }
    for alg in [
        Algorithm::Rs256,
        Algorithm::Ps384,
        Algorithm::Es256,
        Algorithm::Es512,
        Algorithm::EdDsa,
    ] {
        let _ = jwt_rs_rustcrypto::VerifyingKey::from_pem_or_der(data, alg);
        let _ = jwt_rs_openssl::VerifyingKey::from_pem_or_der(data, alg);
        if let Some(text) = text {
            let _ = jwt_rs_rustcrypto::VerifyingKey::from_jwk(text, alg);
            let _ = jwt_rs_openssl::VerifyingKey::from_jwk(text, alg);
        }
    }
}

/// The outcome of a verification, as the backends are compared: accepted, or the kind.
fn outcome<V: JwsVerifier + ?Sized>(token: &str, verifier: &V) -> Result<(), ErrorKind> {
    let validation = Validation::new()
        .required_claims([] as [&str; 0])
        .audience("api");
    decode_at::<Value, _>(token, verifier, &validation, now())
        .map(drop)
        .map_err(|err| err.kind())
}

/// `differential`: the first byte picks an algorithm, the second whether to mutate a
/// valid token (the rest as (position, xor) pairs) or take the rest as a token; the
/// RustCrypto and OpenSSL verifiers must give the same answer.
pub fn differential(data: &[u8]) {
    let keys = fixed_keys();
    let (Some(&pick), Some(&mode)) = (data.first(), data.get(1)) else {
        return;
    };
    let rest = data.get(2..).unwrap_or_default();
    let Some((alg, _, rustcrypto, openssl)) =
        keys.keys.get(usize::from(pick) % keys.keys.len().max(1))
    else {
        return;
    };
    let token = if mode % 2 == 0 {
        let Some(valid) = keys
            .tokens
            .get(usize::from(pick) % keys.tokens.len().max(1))
        else {
            return;
        };
        let mut bytes = valid.clone().into_bytes();
        for pair in rest.chunks(3) {
            if let [high, low, flip] = pair {
                let len = bytes.len().max(1);
                let at = usize::from(u16::from_be_bytes([*high, *low])) % len;
                if let Some(byte) = bytes.get_mut(at) {
                    *byte ^= flip;
                }
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        String::from_utf8_lossy(rest).into_owned()
    };
    let (ours, theirs) = (outcome(&token, rustcrypto), outcome(&token, openssl));
    assert_eq!(
        ours, theirs,
        "{alg}: rustcrypto {ours:?}, openssl {theirs:?} on {token:?}"
    );
    // The raw verifiers too, on the token's own signing input and signature bytes.
    if let Some((signing_input, signature)) = token.rsplit_once('.')
        && let Ok(signature) = Base64UrlUnpadded::decode_vec(signature)
    {
        let a = rustcrypto
            .verify(signing_input.as_bytes(), &signature)
            .is_ok();
        let b = openssl.verify(signing_input.as_bytes(), &signature).is_ok();
        assert_eq!(a, b, "{alg}: raw verify disagrees on {token:?}");
    }
}

/// `roundtrip`: bytes that parse as a JSON object are encoded then decoded, and must
/// come back equal.
pub fn roundtrip(data: &[u8]) {
    let Ok(Value::Object(claims)) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let Ok(key) = HmacKey::new(Algorithm::Hs512, FUZZ_SECRET) else {
        return;
    };
    let Ok(token) = encode(&Header::new(Algorithm::Hs512), &claims, &key) else {
        return;
    };
    let mut validation = Validation::new()
        .required_claims([] as [&str; 0])
        .leeway(std::time::Duration::MAX);
    match claims.get("aud") {
        Some(Value::String(aud)) => validation = validation.audience(aud.clone()),
        Some(Value::Array(auds)) => {
            for aud in auds.iter().filter_map(Value::as_str) {
                validation = validation.audience(aud);
            }
        }
        _ => {}
    }
    let future_iat = claims
        .get("iat")
        .and_then(Value::as_f64)
        .is_some_and(|iat| iat > 1_800_000_000.0);
    match decode_at::<Map<String, Value>, _>(&token, &key, &validation, now()) {
        Ok(data) => assert_eq!(data.claims, claims, "round trip changed the claims"),
        Err(err) => {
            // Only an empty aud list (names no audience) may be refused, and an iat the
            // huge leeway still cannot cover is impossible; anything else is a bug.
            let empty_aud = matches!(claims.get("aud"), Some(Value::Array(a)) if a.is_empty());
            assert!(
                empty_aud && err.kind() == ErrorKind::InvalidAudience
                    || future_iat && err.kind() == ErrorKind::InvalidIssuedAt,
                "encoded claims refused on decode: {err} ({:?})",
                err.kind()
            );
        }
    }
}
