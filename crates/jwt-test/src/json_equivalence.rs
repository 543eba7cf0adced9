//! The body of the `json_equivalence` fuzz target (see
//! [`crate::fuzz_targets::json_equivalence`]): jwt-core's JSON path against serde_json.

use std::collections::HashMap;
use std::fmt::Debug;
use std::time::Duration;

use base64ct::{Base64UrlUnpadded, Encoding};
use jwt_core::{
    Algorithm, Error, ErrorKind, Header, NumericDate, REGISTERED_CLAIMS, RegisteredClaims,
    Validation, decode_at, encode,
};
use jwt_hs::HmacKey;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::fuzz_targets::{FUZZ_SECRET, signed_token};

/// Claims of several shapes serde reads differently: a flattened struct, an enum of every
/// variant kind, maps keyed by numbers and booleans, a newtype, a tuple.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Typed {
    #[serde(flatten)]
    registered: RegisteredClaims,
    #[serde(default)]
    role: Option<Role>,
    #[serde(default)]
    ids: Option<HashMap<u32, Value>>,
    #[serde(default)]
    flags: Option<HashMap<bool, Option<i8>>>,
    #[serde(default)]
    wrap: Option<Wrap>,
    #[serde(default)]
    pair: Option<(f64, Box<str>)>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
enum Role {
    Admin(Option<String>),
    Reader,
    Pair(u8, u8),
    Scoped { scope: String },
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Wrap(Value);

/// Checks every type on `claims`.
pub(crate) fn check(claims: &[u8]) {
    let Ok(key) = HmacKey::new(Algorithm::Hs256, FUZZ_SECRET) else {
        return;
    };
    let token = signed_token(br#"{"alg":"HS256"}"#, claims, &key);
    let decode = |validation: &Validation| {
        let now = NumericDate::from_unix_seconds(1_800_000_000).ok()?;
        Some((token.as_str(), &key, validation.clone(), now))
    };
    let Some(setup) = decode(&lenient(claims)) else {
        return;
    };
    if let Some(value) = same_as_serde_json::<Value>(claims, &setup) {
        same_bytes_as_serde_json(&value, &key);
    }
    same_as_serde_json::<Map<String, Value>>(claims, &setup);
    same_as_serde_json::<IgnoredAny>(claims, &setup);
    same_as_serde_json::<RegisteredClaims>(claims, &setup);
    if let Some(typed) = same_as_serde_json::<Typed>(claims, &setup) {
        same_bytes_as_serde_json(&typed, &key);
    }
}

type Setup<'a> = (&'a str, &'a HmacKey, Validation, NumericDate);

/// A validation under which only the JSON rules, the claims' types and an audience can
/// fail: no claim required, every time accepted, and any audience the claims name
/// accepted when they name a string one (an empty or odd `aud` stays refused).
fn lenient(claims: &[u8]) -> Validation {
    let validation = Validation::new()
        .required_claims([] as [&str; 0])
        .leeway(Duration::MAX);
    let audience = serde_json::from_slice::<Map<String, Value>>(claims)
        .ok()
        .and_then(|claims| match claims.get("aud") {
            Some(Value::String(one)) => Some(one.clone()),
            Some(Value::Array(many)) => many.first().and_then(Value::as_str).map(str::to_owned),
            _ => None,
        });
    match audience {
        Some(audience) => validation.audience(audience),
        None => validation,
    }
}

/// Decodes into `T` and holds the answer against serde_json's; returns the value when
/// both read it.
fn same_as_serde_json<T: DeserializeOwned + PartialEq + Debug>(
    claims: &[u8],
    (token, key, validation, now): &Setup<'_>,
) -> Option<T> {
    let ours = decode_at::<T>(token, *key, validation, *now).map(|data| data.claims);
    let theirs = serde_json::from_slice::<T>(claims);
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => {
            assert!(
                ours == theirs,
                "decode read {ours:?}, serde_json {theirs:?}"
            );
            Some(ours)
        }
        (Ok(ours), Err(err)) => panic!("decode read {ours:?} where serde_json refuses: {err}"),
        (Err(err), Ok(_)) => {
            assert!(explained_by_the_rules(&err), "decode refused: {err}");
            None
        }
        (Err(_), Err(_)) => None,
    }
}

/// Whether a refusal of claims serde_json reads is one the token rules make.
fn explained_by_the_rules(err: &Error) -> bool {
    match err.kind() {
        ErrorKind::MalformedToken => err.to_string().contains("duplicate member name"),
        ErrorKind::InvalidClaim => err.claim().is_some_and(|c| REGISTERED_CLAIMS.contains(&c)),
        ErrorKind::InvalidAudience | ErrorKind::MissingClaim => err.claim() == Some("aud"),
        _ => false,
    }
}

/// Encodes claims that decoded and holds the payload against serde_json's bytes.
fn same_bytes_as_serde_json<T: Serialize>(claims: &T, key: &HmacKey) {
    let Ok(expected) = serde_json::to_vec(claims) else {
        return;
    };
    match encode(&Header::new(Algorithm::Hs256), claims, key) {
        Ok(token) => {
            let payload = token.split('.').nth(1).unwrap_or_default();
            let written = Base64UrlUnpadded::decode_vec(payload).unwrap_or_default();
            assert!(
                written == expected,
                "encode wrote other bytes than serde_json's {}",
                String::from_utf8_lossy(&expected)
            );
        }
        Err(err) => panic!("encode refused claims that decoded: {err}"),
    }
}
