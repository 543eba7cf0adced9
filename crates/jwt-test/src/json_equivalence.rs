//! jwt-core's JSON path held against serde_json: the body of the `json_equivalence`
//! fuzz target (see [`crate::fuzz_targets::json_equivalence`]) and the comparisons the
//! property test in `tests/json_equivalence.rs` makes on generated JSON.
//!
//! The contract: for a caller's type `T`, `decode` accepts exactly what
//! `serde_json::from_slice::<T>` accepts and the token rules allow, with serde_json's
//! value; `encode` writes serde_json's bytes whenever it accepts.

use std::collections::{BTreeMap, HashMap};
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
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::fuzz_targets::{FUZZ_SECRET, signed_token};

/// An enum of every variant kind.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub enum Role {
    /// A newtype variant around an `Option` (`{"Admin":null}`, never `"Admin"`).
    Admin(Option<String>),
    /// A unit variant.
    Reader,
    /// A tuple variant.
    Pair(u8, u8),
    /// A struct variant.
    Scoped {
        /// Its one field.
        scope: String,
    },
}

/// A newtype struct.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Wrap(pub Value);

/// Claims of the shapes serde reads differently: a flattened struct, an enum of every
/// variant kind, maps keyed by numbers and booleans, a newtype, a tuple.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Typed {
    /// The registered claims, flattened.
    #[serde(flatten)]
    pub registered: RegisteredClaims,
    /// An enum.
    #[serde(default)]
    pub role: Option<Role>,
    /// A map keyed by numbers.
    #[serde(default)]
    pub ids: Option<HashMap<u32, Value>>,
    /// A map keyed by booleans.
    #[serde(default)]
    pub flags: Option<HashMap<bool, Option<u8>>>,
    /// A newtype.
    #[serde(default)]
    pub wrap: Option<Wrap>,
    /// A tuple.
    #[serde(default)]
    pub pair: Option<(i64, Box<str>)>,
}

/// Registered claims read the ways whose visits do not show the value whole (`f32`,
/// 128-bit integers, bytes, an enum, serde_json's `RawValue`), beside a raw member and a
/// map keyed by an enum.
#[derive(Debug, Deserialize)]
pub struct Exotic {
    /// `exp` as an `f32`.
    #[serde(default)]
    pub exp: Option<f32>,
    /// `nbf` as an `i128`.
    #[serde(default)]
    pub nbf: Option<i128>,
    /// `iat` as a `u128`.
    #[serde(default)]
    pub iat: Option<u128>,
    /// `aud` as an enum.
    #[serde(default)]
    pub aud: Option<Variant>,
    /// `sub` as bytes.
    #[serde(default)]
    pub sub: Option<Bytes>,
    /// `iss` as raw JSON text.
    #[serde(default)]
    pub iss: Option<Box<RawValue>>,
    /// Any value as raw JSON text.
    #[serde(default)]
    pub wrap: Option<Box<RawValue>>,
    /// A map keyed by an enum.
    #[serde(default)]
    pub ids: Option<BTreeMap<Variant, i8>>,
}

/// Compared by what it shows: `RawValue` has no `PartialEq`.
impl PartialEq for Exotic {
    fn eq(&self, other: &Self) -> bool {
        format!("{self:?}") == format!("{other:?}")
    }
}

/// The claims whole, as raw JSON text (serde_json's `RawValue`), compared by their text.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
pub struct RawClaims(pub Box<RawValue>);

impl PartialEq for RawClaims {
    fn eq(&self, other: &Self) -> bool {
        self.0.get() == other.0.get()
    }
}

/// Unit variants, one named like a number.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum Variant {
    /// `"Admin"`.
    Admin,
    /// `"Reader"`.
    Reader,
    /// `"1"`.
    #[serde(rename = "1")]
    One,
}

/// Bytes, read with `deserialize_byte_buf`.
#[derive(Debug, PartialEq)]
pub struct Bytes(pub Vec<u8>);

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Bytes;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Bytes, A::Error> {
                let mut bytes = Vec::new();
                while let Some(byte) = seq.next_element()? {
                    bytes.push(byte);
                }
                Ok(Bytes(bytes))
            }
        }
        deserializer.deserialize_byte_buf(Visit)
    }
}

/// The key every token is signed and checked with.
pub fn key() -> HmacKey {
    HmacKey::new(Algorithm::Hs256, FUZZ_SECRET).unwrap_or_else(|err| panic!("{err}"))
}

/// The time every token is checked at.
pub fn now() -> NumericDate {
    NumericDate::from_unix_seconds(1_800_000_000).unwrap_or_else(|err| panic!("{err}"))
}

/// A validation under which only the JSON rules, the claims' types and the audience can
/// fail: no claim required, every time accepted, and every string the claims' `aud`
/// names accepted (so an empty `aud` array, which names none, is refused).
pub fn lenient(claims: &[u8]) -> Validation {
    let validation = Validation::new()
        .required_claims([] as [&str; 0])
        .leeway(Duration::MAX);
    let audiences: Vec<String> = match serde_json::from_slice::<Map<String, Value>>(claims)
        .ok()
        .and_then(|mut claims| claims.remove("aud"))
    {
        Some(Value::String(one)) => vec![one],
        Some(Value::Array(many)) => many
            .into_iter()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    audiences.into_iter().fold(validation, Validation::audience)
}

/// Decodes a token of `claims` into `T` under [`lenient`] validation and holds the
/// answer against `serde_json::from_slice::<T>`, and against `allowed` (whether the
/// token rules allow the claims) where the caller knows it. Returns the value when both
/// read it.
///
/// # Panics
///
/// When the two answer differently: a value serde_json reads differently or not at all,
/// or a refusal neither serde_json nor the token rules explain.
pub fn decodes_as_serde_json<T: DeserializeOwned + PartialEq + Debug>(
    claims: &[u8],
    allowed: Option<bool>,
) -> Option<T> {
    let key = key();
    let token = signed_token(br#"{"alg":"HS256"}"#, claims, &key);
    let ours = decode_at::<T>(&token, &key, &lenient(claims), now()).map(|data| data.claims);
    let theirs = serde_json::from_slice::<T>(claims);
    let text = String::from_utf8_lossy(claims);
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => {
            assert!(
                allowed != Some(false),
                "{text}: decoded, though the rules refuse it"
            );
            assert!(
                ours == theirs,
                "{text}: decode read {ours:?}, serde_json {theirs:?}"
            );
            Some(ours)
        }
        (Ok(ours), Err(err)) => panic!("{text}: decode read {ours:?}, serde_json refuses: {err}"),
        (Err(err), Ok(_)) => {
            assert!(allowed != Some(true), "{text}: decode refused: {err}");
            assert!(
                explained_by_the_rules(claims, &err),
                "{text}: decode refused: {err}"
            );
            None
        }
        (Err(err), Err(_)) => {
            if allowed == Some(true) {
                assert_eq!(err.kind(), ErrorKind::InvalidClaim, "{text}: {err}");
            }
            None
        }
    }
}

/// Whether a refusal of claims serde_json reads is one the token rules make: claims
/// that are not one JSON object, a repeated name, text that is not UTF-8 or nested deeper
/// than 128 (which serde_json skips over unread where the type ignores it), a registered
/// claim of the wrong type, an audience.
fn explained_by_the_rules(claims: &[u8], err: &Error) -> bool {
    let message = err.to_string();
    match err.kind() {
        ErrorKind::MalformedToken => {
            message.contains("duplicate member name")
                || message.contains("recursion limit exceeded")
                || std::str::from_utf8(claims).is_err()
                || !matches!(serde_json::from_slice(claims), Ok(Value::Object(_)))
        }
        ErrorKind::InvalidClaim => err.claim().is_some_and(|c| REGISTERED_CLAIMS.contains(&c)),
        ErrorKind::InvalidAudience => err.claim() == Some("aud"),
        _ => false,
    }
}

/// Encodes `claims` and holds the payload against serde_json's bytes, and the answer
/// against `allowed`.
///
/// # Panics
///
/// When encode writes other bytes, or accepts or refuses against `allowed`.
pub fn encodes_as_serde_json<T: Serialize>(claims: &T, allowed: bool) {
    let Ok(expected) = serde_json::to_vec(claims) else {
        return;
    };
    let text = String::from_utf8_lossy(&expected);
    match encode(&Header::new(Algorithm::Hs256), claims, &key()) {
        Ok(token) => {
            assert!(allowed, "{text}: encoded, though a decode would refuse it");
            let payload = token.split('.').nth(1).unwrap_or_default();
            let written = Base64UrlUnpadded::decode_vec(payload).unwrap_or_default();
            assert!(written == expected, "{text}: encode wrote other bytes");
        }
        Err(err) => {
            assert!(!allowed, "{text}: encode refused: {err}");
            assert_eq!(err.kind(), ErrorKind::InvalidClaim, "{text}: {err}");
        }
    }
}

/// The fuzz target's body: arbitrary bytes as claims, read into every type above (the
/// claims whole as raw text among them), and what decoded encoded again.
pub fn check(claims: &[u8]) {
    if let Some(value) = decodes_as_serde_json::<Value>(claims, None) {
        encodes_as_serde_json(&value, true);
    }
    decodes_as_serde_json::<Map<String, Value>>(claims, None);
    decodes_as_serde_json::<IgnoredAny>(claims, None);
    decodes_as_serde_json::<RegisteredClaims>(claims, None);
    decodes_as_serde_json::<Exotic>(claims, None);
    decodes_as_serde_json::<RawClaims>(claims, None);
    if let Some(typed) = decodes_as_serde_json::<Typed>(claims, None) {
        encodes_as_serde_json(&typed, true);
    }
}
