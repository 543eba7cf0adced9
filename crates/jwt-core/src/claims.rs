//! The registered claims of RFC 7519 §4.1, read strictly: a claim of the wrong JSON type
//! is an error, never coerced and never treated as absent.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, ErrorKind, quote};
use crate::header::json_type;
use crate::time::NumericDate;

/// The names of the registered claims, RFC 7519 §4.1.
pub const REGISTERED_CLAIMS: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// The `aud` claim: one audience or a list of them (RFC 7519 §4.1.3).
///
/// ```
/// use jwt_core::Audience;
///
/// let one: Audience = serde_json::from_str(r#""api://orders""#).unwrap();
/// let many: Audience = serde_json::from_str(r#"["a","api://orders"]"#).unwrap();
/// assert!(one.contains("api://orders") && many.contains("api://orders"));
/// assert!(!many.contains("API://ORDERS")); // case-sensitive, exact
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Audience {
    /// A single audience, written as a JSON string.
    One(String),
    /// Several audiences, written as a JSON array of strings.
    Many(Vec<String>),
}

impl Audience {
    /// Whether `audience` is this audience or one of the list, compared exactly.
    pub fn contains(&self, audience: &str) -> bool {
        self.iter().any(|a| a == audience)
    }

    /// Every audience named.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let items: &[String] = match self {
            Audience::One(one) => std::slice::from_ref(one),
            Audience::Many(many) => many,
        };
        items.iter().map(String::as_str)
    }
}

impl From<&str> for Audience {
    fn from(audience: &str) -> Self {
        Audience::One(audience.to_owned())
    }
}

impl From<String> for Audience {
    fn from(audience: String) -> Self {
        Audience::One(audience)
    }
}

impl From<Vec<String>> for Audience {
    fn from(audiences: Vec<String>) -> Self {
        Audience::Many(audiences)
    }
}

/// The registered claims of RFC 7519 §4.1, every one optional.
///
/// Use it on its own, or flatten it into your claims struct to make and read tokens
/// with your own claims beside these:
///
/// ```
/// use jwt_core::{NumericDate, RegisteredClaims};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize)]
/// struct AccessClaims {
///     #[serde(flatten)]
///     registered: RegisteredClaims,
///     scope: String,
/// }
///
/// let claims = AccessClaims {
///     registered: RegisteredClaims {
///         iss: Some("https://auth.example".into()),
///         aud: Some("api://orders".into()),
///         exp: Some(NumericDate::from_unix_seconds(1_900_000_000)?),
///         ..RegisteredClaims::default()
///     },
///     scope: "orders:read".into(),
/// };
/// assert_eq!(
///     serde_json::to_string(&claims).unwrap(),
///     r#"{"iss":"https://auth.example","aud":"api://orders","exp":1900000000,"scope":"orders:read"}"#
/// );
/// # Ok::<(), jwt_core::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RegisteredClaims {
    /// Issuer (`iss`, §4.1.1): who made the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    /// Subject (`sub`, §4.1.2): whom the token is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    /// Audience (`aud`, §4.1.3): who the token is meant for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aud: Option<Audience>,
    /// Expiration time (`exp`, §4.1.4): the token is refused from this time on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exp: Option<NumericDate>,
    /// Not before (`nbf`, §4.1.5): the token is refused before this time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nbf: Option<NumericDate>,
    /// Issued at (`iat`, §4.1.6): when the token was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat: Option<NumericDate>,
    /// JWT ID (`jti`, §4.1.7): a unique identifier of the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jti: Option<String>,
}

impl RegisteredClaims {
    /// Reads the registered claims out of a claims object's members, refusing any of the
    /// wrong JSON type (`null` included) with `invalid_claim` naming the claim.
    pub(crate) fn from_members(members: &Map<String, Value>) -> Result<RegisteredClaims, Error> {
        Ok(RegisteredClaims {
            iss: string_claim(members, "iss")?,
            sub: string_claim(members, "sub")?,
            aud: audience_claim(members)?,
            exp: date_claim(members, "exp")?,
            nbf: date_claim(members, "nbf")?,
            iat: date_claim(members, "iat")?,
            jti: string_claim(members, "jti")?,
        })
    }
}

fn string_claim(members: &Map<String, Value>, name: &str) -> Result<Option<String>, Error> {
    match members.get(name) {
        None => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(other) => Err(wrong_type(name, "a string", other)),
    }
}

fn audience_claim(members: &Map<String, Value>) -> Result<Option<Audience>, Error> {
    match members.get("aud") {
        None => Ok(None),
        Some(Value::String(one)) => Ok(Some(Audience::One(one.clone()))),
        Some(Value::Array(items)) => {
            let mut many = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(one) => many.push(one.clone()),
                    other => {
                        return Err(Error::for_claim(
                            ErrorKind::InvalidClaim,
                            "aud",
                            format!(
                                "claim aud must be a string or an array of strings, found an array holding {}",
                                json_type(other)
                            ),
                        ));
                    }
                }
            }
            Ok(Some(Audience::Many(many)))
        }
        Some(other) => Err(wrong_type("aud", "a string or an array of strings", other)),
    }
}

fn date_claim(members: &Map<String, Value>, name: &str) -> Result<Option<NumericDate>, Error> {
    let Some(value) = members.get(name) else {
        return Ok(None);
    };
    let Value::Number(number) = value else {
        return Err(wrong_type(
            name,
            "a NumericDate (a number of seconds)",
            value,
        ));
    };
    let date = if let Some(seconds) = number.as_i64() {
        NumericDate::from_unix_seconds(seconds)
    } else if let Some(seconds) = number.as_f64() {
        NumericDate::from_f64(seconds)
    } else {
        NumericDate::from_f64(f64::NAN)
    };
    date.map(Some).map_err(|err| {
        Error::for_claim(
            ErrorKind::InvalidClaim,
            name,
            format!("claim {name} is out of range: {err}"),
        )
    })
}

fn wrong_type(name: &str, expected: &str, found: &Value) -> Error {
    let shown = match found {
        Value::String(s) => format!("the string {}", quote(s)),
        other => json_type(other).to_owned(),
    };
    Error::for_claim(
        ErrorKind::InvalidClaim,
        name,
        format!("claim {name} must be {expected}, found {shown}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(value: Value) -> Result<RegisteredClaims, Error> {
        let Value::Object(members) = value else {
            panic!("test input must be an object")
        };
        RegisteredClaims::from_members(&members)
    }

    #[test]
    fn reads_all_registered_claims() {
        let claims = read(json!({
            "iss":"i","sub":"s","aud":["a","b"],"exp":10,"nbf":1.5,"iat":-1,"jti":"j","x":1
        }))
        .unwrap();
        assert_eq!(claims.iss.as_deref(), Some("i"));
        assert_eq!(
            claims.aud,
            Some(Audience::Many(vec!["a".into(), "b".into()]))
        );
        assert_eq!(claims.nbf.unwrap().as_f64(), 1.5);
        assert_eq!(claims.iat.unwrap().as_unix_seconds(), -1);
    }

    #[test]
    fn wrong_types_are_invalid_claim_naming_the_claim() {
        for (name, value) in [
            ("exp", json!("4102444800")),
            ("exp", json!(true)),
            ("exp", json!(null)),
            ("exp", json!([1])),
            ("nbf", json!({})),
            ("iat", json!("1638202770")),
            ("iss", json!(1)),
            ("sub", json!(null)),
            ("jti", json!(["x"])),
            ("aud", json!(1)),
            ("aud", json!({"api://a": true})),
            ("aud", json!(["api://a", 1])),
            ("exp", json!(1e300)),
            ("exp", json!(18_446_744_073_709_551_615_u64)),
        ] {
            let err = read(json!({ name: value })).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidClaim, "{name}={value}");
            assert_eq!(err.claim(), Some(name));
            assert!(err.to_string().contains(name), "{err}");
        }
    }
}
