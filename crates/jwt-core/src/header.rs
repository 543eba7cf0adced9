//! The JOSE header of a JWS (RFC 7515 §4).

use serde::Serialize;
use serde_json::{Map, Value};

use crate::alg::Algorithm;
use crate::error::{Error, ErrorKind, quote};

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
/// use jwt_core::{Algorithm, Header};
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

    /// Reads a header from its parsed members, checking every registered member's type.
    pub(crate) fn from_members(mut members: Map<String, Value>) -> Result<Header, Error> {
        if members.contains_key("enc") {
            return Err(malformed(
                "enc",
                "the header has enc: this is a JWE, not a JWS",
            ));
        }
        let alg = match members.remove("alg") {
            Some(Value::String(name)) => name.parse::<Algorithm>().map_err(|err| {
                Error::for_claim(ErrorKind::InvalidAlgorithm, "alg", err.to_string())
            })?,
            Some(other) => {
                return Err(malformed(
                    "alg",
                    format!("header alg must be a string, found {}", json_type(&other)),
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
        let typ = take_string(&mut members, "typ")?;
        let cty = take_string(&mut members, "cty")?;
        let kid = take_string(&mut members, "kid")?;
        let crit = match members.remove("crit") {
            None => None,
            Some(value) => Some(crit_names(value, &members)?),
        };
        for name in ["jku", "x5u", "x5t", "x5t#S256"] {
            if let Some(value) = members.get(name) {
                expect_type(name, value, "a string", Value::is_string)?;
            }
        }
        if let Some(value) = members.get("jwk") {
            expect_type("jwk", value, "an object", Value::is_object)?;
        }
        if let Some(value) = members.get("x5c") {
            let strings = |v: &Value| v.as_array().is_some_and(|a| a.iter().all(Value::is_string));
            expect_type("x5c", value, "an array of strings", strings)?;
        }
        match members.get("b64") {
            None | Some(Value::Bool(true)) => {}
            Some(Value::Bool(false)) => {
                return Err(Error::for_claim(
                    ErrorKind::UnsupportedCriticalHeader,
                    "b64",
                    "the header asks for an unencoded payload (b64: false, RFC 7797), which is not supported",
                ));
            }
            Some(other) => {
                return Err(malformed(
                    "b64",
                    format!("header b64 must be a boolean, found {}", json_type(other)),
                ));
            }
        }
        Ok(Header {
            alg,
            typ,
            cty,
            kid,
            crit,
            extra: members,
        })
    }

    /// The header as the JSON text that is base64url-encoded into a token.
    pub(crate) fn to_json(&self) -> Result<Vec<u8>, Error> {
        if let Some(name) = FIELDS.iter().find(|name| self.extra.contains_key(**name)) {
            return Err(Error::for_claim(
                ErrorKind::InvalidClaim,
                name,
                format!("header member {name} must be set through its field, not `extra`"),
            ));
        }
        if let Some(crit) = &self.crit {
            // Refuse to write a header that this library would refuse to read.
            let mut members = self.extra.clone();
            for (name, value) in [("typ", &self.typ), ("cty", &self.cty), ("kid", &self.kid)] {
                if let Some(value) = value {
                    members.insert(name.to_owned(), Value::String(value.clone()));
                }
            }
            let names = crit.iter().cloned().map(Value::String).collect();
            crit_names(Value::Array(names), &members)?;
        }
        serde_json::to_vec(self).map_err(|err| {
            Error::new(
                ErrorKind::InvalidClaim,
                format!("the header cannot be written as JSON: {err}"),
            )
            .with_source(err)
        })
    }
}

/// Checks a `crit` value: a non-empty array of distinct strings, none of them a
/// registered name, each present in the header (RFC 7515 §4.1.11).
fn crit_names(value: Value, members: &Map<String, Value>) -> Result<Vec<String>, Error> {
    let Value::Array(items) = value else {
        return Err(malformed(
            "crit",
            format!(
                "header crit must be an array of strings, found {}",
                json_type(&value)
            ),
        ));
    };
    if items.is_empty() {
        return Err(malformed("crit", "header crit must not be an empty array"));
    }
    let mut names: Vec<String> = Vec::with_capacity(items.len());
    for item in items {
        let Value::String(name) = item else {
            return Err(malformed(
                "crit",
                format!("header crit must list strings, found {}", json_type(&item)),
            ));
        };
        if REGISTERED.contains(&name.as_str()) {
            return Err(malformed(
                "crit",
                format!(
                    "header crit lists {}, a registered parameter that must not appear there",
                    quote(&name)
                ),
            ));
        }
        if !members.contains_key(&name) {
            return Err(malformed(
                "crit",
                format!(
                    "header crit lists {}, which the header does not contain",
                    quote(&name)
                ),
            ));
        }
        if names.contains(&name) {
            return Err(malformed(
                "crit",
                format!("header crit lists {} twice", quote(&name)),
            ));
        }
        names.push(name);
    }
    Ok(names)
}

fn take_string(members: &mut Map<String, Value>, name: &str) -> Result<Option<String>, Error> {
    match members.remove(name) {
        None => Ok(None),
        Some(Value::String(value)) => Ok(Some(value)),
        Some(other) => Err(malformed(
            name,
            format!(
                "header {name} must be a string, found {}",
                json_type(&other)
            ),
        )),
    }
}

fn expect_type(
    name: &str,
    value: &Value,
    expected: &str,
    is_expected: impl Fn(&Value) -> bool,
) -> Result<(), Error> {
    if is_expected(value) {
        Ok(())
    } else {
        Err(malformed(
            name,
            format!(
                "header {name} must be {expected}, found {}",
                json_type(value)
            ),
        ))
    }
}

fn malformed(name: &str, message: impl Into<String>) -> Error {
    Error::for_claim(ErrorKind::MalformedToken, name, message)
}

/// The JSON type of a value, for messages.
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: Value) -> Result<Header, Error> {
        let Value::Object(members) = value else {
            panic!("test input must be an object")
        };
        Header::from_members(members)
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
