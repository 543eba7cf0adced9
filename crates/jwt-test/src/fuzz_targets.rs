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
use jwt_keys::{Jwk, KeyMaterial};
use jwt_x509::Certificate;
use serde_json::{Map, Value};

use crate::backends::BACKENDS;
use crate::suite::round_trip::{ASYMMETRIC, ML_DSA};

/// The time every target checks tokens at.
fn now() -> NumericDate {
    NumericDate::from_unix_seconds(1_800_000_000).unwrap_or_else(|_| NumericDate::now())
}

/// The HMAC secret the targets sign and verify with.
pub const FUZZ_SECRET: &[u8] =
    b"fuzzing secret: long enough that HS256, HS384 and HS512 all accept it";

/// One asymmetric algorithm's fixed key: a signer, and a verifier on every backend that
/// has the algorithm.
#[derive(Debug)]
pub struct FixedKey {
    /// The algorithm.
    pub alg: Algorithm,
    /// The signer, on the first backend of the registry that has the algorithm.
    pub signer: Box<dyn JwsSigner>,
    /// The same key's public half on every backend of [`BACKENDS`] that has the
    /// algorithm, by name.
    pub verifiers: Vec<(&'static str, Box<dyn JwsVerifier>)>,
}

/// A fixed key pair per asymmetric algorithm, on every backend.
pub struct FixedKeys {
    /// A key per algorithm of `ASYMMETRIC`, then of `ML_DSA` (when a backend has it), in
    /// that order.
    pub keys: Vec<FixedKey>,
    /// A valid token per algorithm, signed by the default backend's key.
    pub tokens: Vec<String>,
    /// A valid token per algorithm whose signature starts with a zero byte, so that
    /// stripping it makes a second spelling of a valid signature.
    pub zero_led: Vec<String>,
}

impl std::fmt::Debug for FixedKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixedKeys")
            .field("algorithms", &self.keys.len())
            .finish_non_exhaustive()
    }
}

/// The claims of the fixed tokens.
fn fixed_claims() -> Value {
    serde_json::json!({"iss": "https://issuer.example", "aud": "api", "sub": "fuzz", "exp": 1_800_000_600, "nbf": 1_799_999_000})
}

/// The fixed keys, loaded once from `crates/jwt-test/fixtures/`.
pub fn fixed_keys() -> &'static FixedKeys {
    static KEYS: OnceLock<FixedKeys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = Vec::new();
        let mut tokens = Vec::new();
        let mut zero_led = Vec::new();
        for alg in ASYMMETRIC.into_iter().chain(ML_DSA) {
            let file = match alg {
                Algorithm::Es256 => "p256-pkcs8.pem",
                Algorithm::Es384 => "p384-pkcs8.pem",
                Algorithm::Es512 => "p521-pkcs8.pem",
                Algorithm::EdDsa => "ed25519-pkcs8.pem",
                Algorithm::MlDsa44 => "ml-dsa-44-pkcs8.pem",
                Algorithm::MlDsa65 => "ml-dsa-65-pkcs8.pem",
                Algorithm::MlDsa87 => "ml-dsa-87-pkcs8.pem",
                _ => "private_key.pem",
            };
            let pem = crate::fixture(file);
            let having = || {
                BACKENDS
                    .iter()
                    .filter(move |backend| backend.algorithms().contains(&alg))
            };
            let Some(Ok(signer)) = having()
                .next()
                .map(|backend| backend.signer_from_pem_or_der(&pem, alg))
            else {
                continue;
            };
            let verifiers: Vec<_> = having()
                .filter_map(|backend| {
                    backend
                        .verifier_from_pem_or_der(&pem, alg)
                        .ok()
                        .map(|verifier| (backend.name, verifier))
                })
                .collect();
            if let Ok(token) = encode(&Header::new(alg), &fixed_claims(), &*signer) {
                tokens.push(token);
            }
            zero_led.push(crate::mutations::zero_led_token(&*signer, &fixed_claims()));
            keys.push(FixedKey {
                alg,
                signer,
                verifiers,
            });
        }
        FixedKeys {
            keys,
            tokens,
            zero_led,
        }
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
                let _ = decode_at::<Map<String, Value>>(token, &key, &validation, now());
                let _ = jws::verify(token, &key, &validation);
            }
        }
        family => {
            let index = match family {
                1 => 0, // RS256
                2 => 6, // ES256
                _ => 9, // EdDSA
            };
            if let Some(key) = keys.keys.get(index) {
                for (_, verifier) in &key.verifiers {
                    let _ = decode_at::<Map<String, Value>>(token, verifier, &validation, now());
                }
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
        let _ = decode_at::<Value>(&token, &key, validation, now());
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
                let _ = jwk.check_usable(alg, jwt_keys::KeyOperation::Verify);
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
        for backend in BACKENDS {
            let _ = backend.verifier_from_pem_or_der(data, alg);
            if let Some(text) = text {
                let _ = backend.verifier_from_jwk(text, alg);
            }
        }
    }
}

/// The outcome of a verification, as the backends are compared: accepted, or the kind.
///
/// # Errors
///
/// The kind of the error `decode` refused the token with.
pub fn outcome<V: JwsVerifier + ?Sized>(token: &str, verifier: &V) -> Result<(), ErrorKind> {
    let validation = Validation::new()
        .required_claims([] as [&str; 0])
        .audience("api");
    decode_at::<Value>(token, verifier, &validation, now())
        .map(drop)
        .map_err(|err| err.kind())
}

/// `differential`: every backend must give the same answer (accepted, or the same
/// error kind) on the same input. The first byte picks an algorithm; the second a mode:
///
/// - 0: a valid token with bytes flipped (the rest as (position, xor) triples);
/// - 1: the rest as a token;
/// - 2: a structural mutation of a valid token ([`crate::mutations`]: signatures a byte
///   short or long, wrong-width r or s, `S + L`, small-order `R`, a header `alg` that is
///   not the key's), chosen by the next two bytes (the first also picks the token whose
///   signature starts with a zero byte), with byte flips from the rest on top; without
///   flips the mutant must be refused;
/// - 3: a key mutation: an Ed25519 public key of small or mixed order or in a
///   non-canonical encoding, or an RSA private key with CRT values that do not fit,
///   loaded on every backend (the same outcome everywhere, and refused).
pub fn differential(data: &[u8]) {
    let keys = fixed_keys();
    let (Some(&pick), Some(&mode)) = (data.first(), data.get(1)) else {
        return;
    };
    let rest = data.get(2..).unwrap_or_default();
    let index = usize::from(pick) % keys.keys.len().max(1);
    let Some(key) = keys.keys.get(index) else {
        return;
    };
    let token = match mode % 4 {
        0 => keys.tokens.get(index).map(|valid| flip_bytes(valid, rest)),
        1 => Some(String::from_utf8_lossy(rest).into_owned()),
        2 => structural_mutant(keys, index, key.alg, rest),
        _ => {
            key_mutation(rest);
            None
        }
    };
    let Some(token) = token else {
        return;
    };
    let outcomes: Vec<(&str, Result<(), ErrorKind>)> = key
        .verifiers
        .iter()
        .map(|(name, verifier)| (*name, outcome(&token, verifier.as_ref())))
        .collect();
    assert_same(key.alg, "decode", &outcomes, &token);
    if mode % 4 == 2 && rest.len() <= 2 {
        assert!(
            outcomes.iter().all(|(_, outcome)| outcome.is_err()),
            "{}: a structural mutant verified: {outcomes:?} on {token:?}",
            key.alg
        );
    }
    // The raw verifiers too, on the token's own signing input and signature bytes.
    if let Some((signing_input, signature)) = token.rsplit_once('.')
        && let Ok(signature) = Base64UrlUnpadded::decode_vec(signature)
    {
        let raw: Vec<(&str, Result<(), ErrorKind>)> = key
            .verifiers
            .iter()
            .map(|(name, verifier)| {
                let verified = verifier
                    .verify(signing_input.as_bytes(), &signature)
                    .map_err(|_| ErrorKind::InvalidSignature);
                (*name, verified)
            })
            .collect();
        assert_same(key.alg, "raw verify", &raw, &token);
    }
}

/// Panics unless every backend's outcome is the first one's.
fn assert_same(
    alg: Algorithm,
    what: &str,
    outcomes: &[(&str, Result<(), ErrorKind>)],
    input: &str,
) {
    if let Some((first_name, first)) = outcomes.first() {
        for (name, outcome) in outcomes {
            assert_eq!(
                first, outcome,
                "{alg} {what}: {first_name} {first:?}, {name} {outcome:?} on {input:?}"
            );
        }
    }
}

/// `valid` with bytes flipped: `flips` as (position high, position low, xor) triples.
fn flip_bytes(valid: &str, flips: &[u8]) -> String {
    let mut bytes = valid.as_bytes().to_vec();
    for triple in flips.chunks(3) {
        if let [high, low, flip] = triple {
            let len = bytes.len().max(1);
            let at = usize::from(u16::from_be_bytes([*high, *low])) % len;
            if let Some(byte) = bytes.get_mut(at) {
                *byte ^= flip;
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

fn structural_mutant(
    keys: &FixedKeys,
    index: usize,
    alg: Algorithm,
    rest: &[u8],
) -> Option<String> {
    let (&which_token, &which_mutant) = (rest.first()?, rest.get(1)?);
    let base = if which_token % 2 == 1 {
        keys.zero_led.get(index)?
    } else {
        keys.tokens.get(index)?
    };
    let mut mutants = crate::mutations::signature_mutations(base, alg);
    mutants.extend(crate::mutations::header_alg_mutations(base));
    let chosen = mutants.get(usize::from(which_mutant) % mutants.len().max(1))?;
    Some(flip_bytes(&chosen.value, rest.get(2..).unwrap_or_default()))
}

/// The RSA fixture as a JWK and its CRT mutations, made once.
fn rsa_jwk_mutations() -> &'static (String, Vec<crate::mutations::Mutant<String>>) {
    static MUTATIONS: OnceLock<(String, Vec<crate::mutations::Mutant<String>>)> = OnceLock::new();
    MUTATIONS.get_or_init(|| {
        let pem = String::from_utf8(crate::fixture("private_key.pem")).unwrap_or_default();
        crate::mutations::rsa_private_jwk_mutations(&pem)
    })
}

/// Mode 3 of [`differential`]: a bad key on every backend.
fn key_mutation(rest: &[u8]) {
    let (Some(&kind), Some(&which)) = (rest.first(), rest.get(1)) else {
        return;
    };
    if kind % 2 == 0 {
        let bad = crate::mutations::bad_ed25519_public_keys();
        let Some(key) = bad.get(usize::from(which) % bad.len().max(1)) else {
            return;
        };
        let spki = crate::mutations::ed25519_spki_der(&key.value);
        let jwk = crate::mutations::ed25519_jwk(&key.value);
        let loads: Vec<(&str, Result<(), ErrorKind>)> = BACKENDS
            .iter()
            .flat_map(|backend| {
                [
                    (
                        backend.name,
                        backend.verifier_from_pem_or_der(&spki, Algorithm::EdDsa),
                    ),
                    (
                        backend.name,
                        backend.verifier_from_jwk(&jwk, Algorithm::EdDsa),
                    ),
                ]
            })
            .map(|(name, loaded)| (name, loaded.map(drop).map_err(|err| err.kind())))
            .collect();
        assert_same(Algorithm::EdDsa, &key.what, &loads, &jwk);
        assert!(
            loads.iter().all(|(_, loaded)| loaded.is_err()),
            "an Ed25519 key of {} loaded: {loads:?}",
            key.what
        );
    } else {
        let (_, mutants) = rsa_jwk_mutations();
        let Some(mutant) = mutants.get(usize::from(which) % mutants.len().max(1)) else {
            return;
        };
        let loads: Vec<(&str, Result<(), ErrorKind>)> = BACKENDS
            .iter()
            .map(|backend| {
                let loaded = backend.signer_from_jwk(&mutant.value, Algorithm::Rs256);
                (backend.name, loaded.map(drop).map_err(|err| err.kind()))
            })
            .collect();
        assert_same(Algorithm::Rs256, &mutant.what, &loads, &mutant.value);
        assert!(
            loads.iter().all(|(_, loaded)| loaded.is_err()),
            "an RSA key with {} loaded: {loads:?}",
            mutant.what
        );
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
    match decode_at::<Map<String, Value>>(&token, &key, &validation, now()) {
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

/// `json_equivalence`: arbitrary bytes as a token's claims, decoded into several types,
/// must give what `serde_json::from_slice` gives for each type, or a refusal the token
/// rules explain (a repeated member name, a registered claim of the wrong type, an
/// audience); and an encode of claims that decoded writes serde_json's bytes (see
/// [`crate::json_equivalence`]).
pub fn json_equivalence(data: &[u8]) {
    crate::json_equivalence::check(data);
}
