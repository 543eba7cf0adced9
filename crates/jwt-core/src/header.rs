//! The JOSE header of a JWS (RFC 7515 §4).

use std::borrow::Cow;
use std::collections::HashSet;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::alg::Algorithm;
use crate::error::{Error, ErrorKind, quote};
use crate::json::Raw;

/// Header parameter names registered by RFC 7515 and RFC 7518, which `crit` must not list
/// (RFC 7515 §4.1.11).
const REGISTERED: [&str; 20] = [
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit", "enc",
    "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
];

/// Members with a dedicated field; [`Header::extra`] must not repeat them.
const FIELDS: [&str; 5] = ["alg", "typ", "cty", "kid", "crit"];

/// The protected header of a compact JWS.
///
/// On decode, every member is checked for its JSON type (a `kid` that is not a string is
/// `malformed_token`) and kept: the five with a field of their own, the rest in
/// [`extra`](Header::extra). Key-carrying members (`jwk`, `jku`, `x5u`, `x5c`) are kept
/// for inspection but never used to find a key.
///
/// On encode, `alg` must be the signer's algorithm: make the header with
/// [`Header::new`] from the key you will sign with.
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{Algorithm, Header};
///
/// let mut header = Header::new(Algorithm::Hs256);
/// header.kid = Some("2026-11".into());
/// assert_eq!(header.typ.as_deref(), Some("JWT"));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Header {
    /// The signature algorithm (`alg`, RFC 7515 §4.1.1).
    pub alg: Algorithm,
    /// The media type of the whole token (`typ`, §4.1.9), e.g. `JWT` or `at+jwt`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typ: Option<String>,
    /// The media type of the payload (`cty`, §4.1.10); `JWT` for nested tokens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cty: Option<String>,
    /// A hint naming the key that signed the token (`kid`, §4.1.4).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// Extensions the recipient must understand (`crit`, §4.1.11).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crit: Option<Vec<String>>,
    /// Every other member, as JSON.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Header {
    /// A header for `alg` with `typ` set to `JWT`, as PyJWT and most libraries write it.
    pub fn new(alg: Algorithm) -> Header {
        Header {
            alg,
            typ: Some("JWT".to_owned()),
            cty: None,
            kid: None,
            crit: None,
            extra: Map::new(),
        }
    }

    /// The header as the JSON text that is base64url-encoded into a token.
    #[cfg(test)]
    pub(crate) fn to_json(&self) -> Result<Vec<u8>, Error> {
        let mut json = Vec::with_capacity(64);
        self.write_json(&mut json)?;
        Ok(json)
    }

    /// Appends the header's JSON text to `json`.
    pub(crate) fn write_json(&self, json: &mut Vec<u8>) -> Result<(), Error> {
        if let Some(name) = FIELDS.iter().find(|name| self.extra.contains_key(**name)) {
            return Err(Error::for_claim(
                ErrorKind::InvalidClaim,
                name,
                format!("header member {name} must be set through its field, not `extra`"),
            ));
        }
        if let Some(crit) = &self.crit {
            // Refuse to write a header that this library would refuse to read.
            let listed = crit
                .iter()
                .map(|name| Raw::Str(name.as_str().into()))
                .collect();
            crit_names(&Raw::Array(listed), |name| self.extra.contains_key(name))?;
        }
        crate::json::write::write(self, "header", json)
    }
}

/// A header read member by member, as the strict reader hands the members over: each
/// registered member's type checked as it comes, `crit` and `alg` once all are in.
#[derive(Default)]
pub(crate) struct HeaderMembers<'de> {
    alg: Option<Raw<'de>>,
    typ: Option<String>,
    cty: Option<String>,
    kid: Option<String>,
    crit: Option<Raw<'de>>,
    extra: Map<String, Value>,
    /// The first member refused.
    refused: Option<Error>,
}

impl<'de> HeaderMembers<'de> {
    /// Takes the member `name`; a refusal is kept for [`HeaderMembers::finish`].
    pub(crate) fn member(&mut self, name: Cow<'de, str>, value: Raw<'de>) {
        if self.refused.is_none()
            && let Err(refused) = self.take(name, value)
        {
            self.refused = Some(refused);
        }
    }

    fn take(&mut self, name: Cow<'de, str>, value: Raw<'de>) -> Result<(), Error> {
        match name.as_ref() {
            "enc" => {
                return Err(malformed(
                    "enc",
                    "the header has enc: this is a JWE, not a JWS",
                ));
            }
            "alg" => self.alg = Some(value),
            "typ" => self.typ = Some(string_member("typ", value)?),
            "cty" => self.cty = Some(string_member("cty", value)?),
            "kid" => self.kid = Some(string_member("kid", value)?),
            "crit" => self.crit = Some(value),
            other => {
                check_registered_type(other, &value)?;
                self.extra.insert(other.to_owned(), value.to_value());
            }
        }
        Ok(())
    }

    /// The header, once every member is in.
    ///
    /// # Errors
    ///
    /// `malformed_token` for a member of the wrong type (the first met) or a `crit` that
    /// breaks RFC 7515 §4.1.11; `invalid_algorithm` for an `alg` missing, `none` or
    /// unknown; `unsupported_critical_header` for `b64: false`.
    pub(crate) fn finish(self) -> Result<Header, Error> {
        if let Some(refused) = self.refused {
            return Err(refused);
        }
        let extra = self.extra;
        // crit may list only members that are not registered, which are all in `extra`.
        let crit = match &self.crit {
            Some(crit) => Some(crit_names(crit, |name| extra.contains_key(name))?),
            None => None,
        };
        let alg = match self.alg {
            Some(Raw::Str(name)) => name.parse::<Algorithm>().map_err(|err| {
                Error::for_claim(ErrorKind::InvalidAlgorithm, "alg", err.to_string())
            })?,
            Some(other) => {
                return Err(malformed(
                    "alg",
                    format!("header alg must be a string, found {}", other.type_name()),
                ));
            }
            None => {
                return Err(Error::for_claim(
                    ErrorKind::InvalidAlgorithm,
                    "alg",
                    "the header has no alg",
                ));
            }
        };
        Ok(Header {
            alg,
            typ: self.typ,
            cty: self.cty,
            kid: self.kid,
            crit,
            extra,
        })
    }
}

fn crit_names(value: &Raw<'_>, in_header: impl Fn(&str) -> bool) -> Result<Vec<String>, Error> {
    let Raw::Array(items) = value else {
        return Err(malformed(
            "crit",
            format!(
                "header crit must be an array of strings, found {}",
                value.type_name()
            ),
        ));
    };
    if items.is_empty() {
        return Err(malformed("crit", "header crit must not be an empty array"));
    }
    let mut names: Vec<String> = Vec::with_capacity(items.len());
    let mut listed: HashSet<&str> = HashSet::with_capacity(items.len());
    for item in items {
        let Raw::Str(name) = item else {
            return Err(malformed(
                "crit",
                format!("header crit must list strings, found {}", item.type_name()),
            ));
        };
        if REGISTERED.contains(&name.as_ref()) {
            return Err(malformed(
                "crit",
                format!(
                    "header crit lists {}, a registered parameter that must not appear there",
                    quote(name)
                ),
            ));
        }
        if !in_header(name) {
            return Err(malformed(
                "crit",
                format!(
                    "header crit lists {}, which the header does not contain",
                    quote(name)
                ),
            ));
        }
        if !listed.insert(name.as_ref()) {
            return Err(malformed(
                "crit",
                format!("header crit lists {} twice", quote(name)),
            ));
        }
        names.push(name.clone().into_owned());
    }
    Ok(names)
}

fn string_member(name: &str, value: Raw<'_>) -> Result<String, Error> {
    match value {
        Raw::Str(s) => Ok(s.into_owned()),
        other => Err(malformed(
            name,
            format!(
                "header {name} must be a string, found {}",
                other.type_name()
            ),
        )),
    }
}

/// Checks the JSON type of the registered members that have no field of their own.
fn check_registered_type(name: &str, value: &Raw<'_>) -> Result<(), Error> {
    let (fits, expected) = match name {
        "jku" | "x5u" | "x5t" | "x5t#S256" => (matches!(value, Raw::Str(_)), "a string"),
        "jwk" => (matches!(value, Raw::Object(_)), "an object"),
        "x5c" => (
            matches!(value, Raw::Array(items) if items.iter().all(|i| matches!(i, Raw::Str(_)))),
            "an array of strings",
        ),
        "b64" => match value {
            Raw::Bool(true) => (true, ""),
            Raw::Bool(false) => {
                return Err(Error::for_claim(
                    ErrorKind::UnsupportedCriticalHeader,
                    "b64",
                    "the header asks for an unencoded payload (b64: false, RFC 7797), which is not supported",
                ));
            }
            _ => (false, "a boolean"),
        },
        _ => (true, ""),
    };
    if fits {
        Ok(())
    } else {
        Err(malformed(
            name,
            format!(
                "header {name} must be {expected}, found {}",
                value.type_name()
            ),
        ))
    }
}

fn malformed(name: &str, message: impl Into<String>) -> Error {
    Error::for_claim(ErrorKind::MalformedToken, name, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: Value) -> Result<Header, Error> {
        crate::jws::parse_header_json(value.to_string().as_bytes())
    }

    #[test]
    fn reads_every_field_and_keeps_the_rest() {
        let header = parse(json!({
            "alg": "ES256", "typ": "at+jwt", "cty": "JWT", "kid": "k1",
            "crit": ["exp"], "exp": 5, "x5t": "abc"
        }))
        .unwrap();
        assert_eq!(header.alg, Algorithm::Es256);
        assert_eq!(header.typ.as_deref(), Some("at+jwt"));
        assert_eq!(header.cty.as_deref(), Some("JWT"));
        assert_eq!(header.kid.as_deref(), Some("k1"));
        assert_eq!(header.crit, Some(vec!["exp".to_owned()]));
        assert_eq!(header.extra.len(), 2);
    }

    #[test]
    fn wrong_member_types_are_malformed_and_named() {
        for (member, header) in [
            ("kid", json!({"alg":"HS256","kid":null})),
            ("typ", json!({"alg":"HS256","typ":0})),
            ("cty", json!({"alg":"HS256","cty":{}})),
            ("jku", json!({"alg":"HS256","jku":[]})),
            ("x5c", json!({"alg":"HS256","x5c":"abc"})),
            ("jwk", json!({"alg":"HS256","jwk":"string"})),
            ("crit", json!({"alg":"HS256","crit":null})),
            ("b64", json!({"alg":"HS256","b64":"false"})),
            ("alg", json!({"alg":256})),
            ("enc", json!({"alg":"HS256","enc":"A128GCM"})),
        ] {
            let err = parse(header).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedToken, "{member}: {err}");
            assert_eq!(err.claim(), Some(member));
            assert!(err.to_string().contains(member), "{err}");
        }
    }

    #[test]
    fn missing_none_and_unknown_alg_are_invalid_algorithm() {
        for header in [
            json!({"typ":"JWT"}),
            json!({"alg":"none"}),
            json!({"alg":"NONE"}),
            json!({"alg":"HS257"}),
        ] {
            let err = parse(header).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm, "{err}");
            assert_eq!(err.claim(), Some("alg"));
        }
    }

    #[test]
    fn malformed_crit_values() {
        for (header, says) in [
            (json!({"alg":"HS256","crit":[]}), "empty"),
            (
                json!({"alg":"HS256","crit":["kid"],"kid":"x"}),
                "registered",
            ),
            (json!({"alg":"HS256","crit":["ext"]}), "does not contain"),
            (json!({"alg":"HS256","crit":["ext","ext"],"ext":1}), "twice"),
            (json!({"alg":"HS256","crit":[1]}), "strings"),
        ] {
            let err = parse(header).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedToken);
            assert!(err.to_string().contains(says), "{err}");
        }
    }

    #[test]
    fn crit_with_many_entries_is_checked_in_linear_time() {
        // 50 000 extensions, all listed in crit: quadratic checking makes over 10^9
        // string comparisons (many seconds); linear checking takes milliseconds.
        let mut header = serde_json::Map::new();
        header.insert("alg".into(), json!("HS256"));
        let names: Vec<String> = (0..50_000).map(|i| format!("ext{i}")).collect();
        for name in &names {
            header.insert(name.clone(), json!(1));
        }
        header.insert("crit".into(), json!(names));
        let started = std::time::Instant::now();
        let parsed = parse(Value::Object(header)).unwrap();
        assert_eq!(parsed.crit.map(|c| c.len()), Some(50_000));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn unencoded_payload_is_unsupported() {
        let err = parse(json!({"alg":"HS256","b64":false,"crit":["b64"]})).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnsupportedCriticalHeader);
    }

    #[test]
    fn writes_fields_in_order_and_refuses_shadowing_extra() {
        let mut header = Header::new(Algorithm::Hs256);
        header.kid = Some("k".into());
        header.extra.insert("zzz".into(), json!(1));
        assert_eq!(
            String::from_utf8(header.to_json().unwrap()).unwrap(),
            r#"{"alg":"HS256","typ":"JWT","kid":"k","zzz":1}"#
        );
        header.extra.insert("alg".into(), json!("none"));
        assert_eq!(header.to_json().unwrap_err().claim(), Some("alg"));
    }
}
