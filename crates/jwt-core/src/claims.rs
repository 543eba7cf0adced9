//! The registered claims of RFC 7519 §4.1, read strictly: a claim of the wrong JSON type
//! is an error, never coerced and never treated as absent.

use crate::error::{Error, ErrorKind, quote, shorten};
use crate::json::Raw;
use crate::time::NumericDate;
use serde::{Deserialize, Serialize};

/// The names of the registered claims, RFC 7519 §4.1.
pub const REGISTERED_CLAIMS: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// The `aud` claim: one audience or a list of them (RFC 7519 §4.1.3).
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::Audience;
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
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{NumericDate, RegisteredClaims};
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
/// # Ok::<(), jwt_strict::Error>(())
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

/// A token's registered claims, borrowed from its parsed members and type-checked: what
/// validation reads, without copying a string.
#[derive(Debug, Default)]
pub(crate) struct ClaimsView<'m> {
    pub(crate) iss: Option<&'m str>,
    pub(crate) sub: Option<&'m str>,
    pub(crate) aud: Option<AudienceView<'m>>,
    pub(crate) exp: Option<NumericDate>,
    pub(crate) nbf: Option<NumericDate>,
    pub(crate) iat: Option<NumericDate>,
    pub(crate) jti: Option<&'m str>,
}

impl<'m> ClaimsView<'m> {
    /// Reads the registered claims out of their values, refusing any of the wrong JSON
    /// type (`null` included) with `invalid_claim` naming the claim; when several are
    /// wrong, the first in the order of [`REGISTERED_CLAIMS`] is reported.
    pub(crate) fn from_values(values: &'m RegisteredValues<'m>) -> Result<ClaimsView<'m>, Error> {
        let mut view = ClaimsView::default();
        for claim in Registered::ALL {
            if let Some(value) = values.get(claim) {
                view.read(claim, value)?;
            }
        }
        Ok(view)
    }

    fn read(&mut self, claim: Registered, value: &'m Raw<'m>) -> Result<(), Error> {
        let name = claim.name();
        match claim {
            Registered::Iss => self.iss = Some(string_claim(name, value)?),
            Registered::Sub => self.sub = Some(string_claim(name, value)?),
            Registered::Jti => self.jti = Some(string_claim(name, value)?),
            Registered::Aud => self.aud = Some(audience_claim(value)?),
            Registered::Exp => self.exp = Some(date_claim(name, value)?),
            Registered::Nbf => self.nbf = Some(date_claim(name, value)?),
            Registered::Iat => self.iat = Some(date_claim(name, value)?),
        }
        Ok(())
    }
}

/// One of the registered claims, RFC 7519 §4.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Registered {
    Iss,
    Sub,
    Aud,
    Exp,
    Nbf,
    Iat,
    Jti,
}

impl Registered {
    /// Every registered claim, in the order of [`REGISTERED_CLAIMS`].
    pub(crate) const ALL: [Registered; 7] = [
        Registered::Iss,
        Registered::Sub,
        Registered::Aud,
        Registered::Exp,
        Registered::Nbf,
        Registered::Iat,
        Registered::Jti,
    ];

    /// The registered claim called `name`, if it is one.
    pub(crate) fn from_name(name: &str) -> Option<Registered> {
        let [a, b, c] = name.as_bytes() else {
            return None;
        };
        match (a, b, c) {
            (b'i', b's', b's') => Some(Registered::Iss),
            (b's', b'u', b'b') => Some(Registered::Sub),
            (b'a', b'u', b'd') => Some(Registered::Aud),
            (b'e', b'x', b'p') => Some(Registered::Exp),
            (b'n', b'b', b'f') => Some(Registered::Nbf),
            (b'i', b'a', b't') => Some(Registered::Iat),
            (b'j', b't', b'i') => Some(Registered::Jti),
            _ => None,
        }
    }

    /// The claim's name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Registered::Iss => "iss",
            Registered::Sub => "sub",
            Registered::Aud => "aud",
            Registered::Exp => "exp",
            Registered::Nbf => "nbf",
            Registered::Iat => "iat",
            Registered::Jti => "jti",
        }
    }
}

/// The registered claims' values as a token has them, not yet type-checked.
#[derive(Debug, Default)]
pub(crate) struct RegisteredValues<'de> {
    values: [Option<Raw<'de>>; 7],
}

impl<'de> RegisteredValues<'de> {
    /// Where `claim`'s value goes.
    pub(crate) fn slot(&mut self, claim: Registered) -> &mut Option<Raw<'de>> {
        let [iss, sub, aud, exp, nbf, iat, jti] = &mut self.values;
        match claim {
            Registered::Iss => iss,
            Registered::Sub => sub,
            Registered::Aud => aud,
            Registered::Exp => exp,
            Registered::Nbf => nbf,
            Registered::Iat => iat,
            Registered::Jti => jti,
        }
    }

    /// `claim`'s value, if the token has it.
    pub(crate) fn get(&self, claim: Registered) -> Option<&Raw<'de>> {
        let [iss, sub, aud, exp, nbf, iat, jti] = &self.values;
        match claim {
            Registered::Iss => iss,
            Registered::Sub => sub,
            Registered::Aud => aud,
            Registered::Exp => exp,
            Registered::Nbf => nbf,
            Registered::Iat => iat,
            Registered::Jti => jti,
        }
        .as_ref()
    }
}

fn string_claim<'m>(name: &str, value: &'m Raw<'_>) -> Result<&'m str, Error> {
    match value {
        Raw::Str(s) => Ok(s),
        other => Err(wrong_type(name, "a string", other)),
    }
}

/// The `aud` claim, borrowed: one string, or an array whose items are all strings.
#[derive(Debug)]
pub(crate) enum AudienceView<'m> {
    One(&'m str),
    Many(&'m [Raw<'m>]),
}

impl<'m> AudienceView<'m> {
    /// Every audience named.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'m str> + '_ {
        let (one, many): (Option<&'m str>, &'m [Raw<'m>]) = match self {
            AudienceView::One(one) => (Some(one), &[]),
            AudienceView::Many(many) => (None, many),
        };
        one.into_iter()
            .chain(many.iter().filter_map(|item| match item {
                Raw::Str(s) => Some(s.as_ref()),
                _ => None,
            }))
    }
}

fn audience_claim<'m>(value: &'m Raw<'m>) -> Result<AudienceView<'m>, Error> {
    match value {
        Raw::Str(one) => Ok(AudienceView::One(one)),
        Raw::Array(items) => {
            if let Some(other) = items.iter().find(|item| !matches!(item, Raw::Str(_))) {
                return Err(Error::for_claim(
                    ErrorKind::InvalidClaim,
                    "aud",
                    format!(
                        "claim aud must be a string or an array of strings, found an array holding {}",
                        other.type_name()
                    ),
                ));
            }
            Ok(AudienceView::Many(items))
        }
        other => Err(wrong_type("aud", "a string or an array of strings", other)),
    }
}

fn date_claim(name: &str, value: &Raw<'_>) -> Result<NumericDate, Error> {
    let date = match value {
        Raw::Int(seconds) => NumericDate::from_unix_seconds(*seconds),
        Raw::UInt(seconds) => i64::try_from(*seconds)
            .map_err(|_| Error::new(ErrorKind::InvalidClaim, format!("{seconds} is too large")))
            .and_then(NumericDate::from_unix_seconds),
        Raw::Float(seconds) => NumericDate::from_f64(*seconds),
        other => {
            return Err(wrong_type(
                name,
                "a NumericDate (a number of seconds)",
                other,
            ));
        }
    };
    date.map_err(|err| {
        Error::for_claim(
            ErrorKind::InvalidClaim,
            name,
            format!("claim {name} is out of range: {}", shorten(&err)),
        )
    })
}

#[cold]
fn wrong_type(name: &str, expected: &str, found: &Raw<'_>) -> Error {
    let shown = match found {
        Raw::Str(s) => format!("the string {}", quote(s)),
        other => other.type_name().to_owned(),
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
    use serde_json::{Value, json};

    /// Reads `value`'s registered claims, as owned strings for the assertions.
    fn read(value: Value) -> Result<RegisteredClaims, Error> {
        let text = value.to_string();
        let mut values = RegisteredValues::default();
        crate::json::read_object(
            &text,
            |_| true,
            |name, value| {
                if let Some(claim) = Registered::from_name(&name) {
                    *values.slot(claim) = Some(value);
                }
            },
        )
        .unwrap();
        let view = ClaimsView::from_values(&values)?;
        Ok(RegisteredClaims {
            iss: view.iss.map(str::to_owned),
            sub: view.sub.map(str::to_owned),
            aud: view
                .aud
                .map(|aud| Audience::Many(aud.iter().map(str::to_owned).collect())),
            exp: view.exp,
            nbf: view.nbf,
            iat: view.iat,
            jti: view.jti.map(str::to_owned),
        })
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
