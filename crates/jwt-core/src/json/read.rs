//! The strict reader: one JSON object, UTF-8, no repeated member name at any depth
//! (RFC 7515 §4 and RFC 7519 §4 allow refusing them; refusing removes parser
//! differentials), nothing after the object, nesting bounded by serde_json's recursion
//! limit of 128.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::Raw;
use super::names::SeenNames;
use crate::error::{Error, ErrorKind, shorten};

/// Reads `text` as one JSON object by the rules above, and hands each top-level member
/// whose name `wanted` selects to `take`, its value borrowed from `text` where it has no
/// escapes; every other member is checked and dropped.
///
/// # Errors
///
/// serde_json's error for a rule broken: a repeated name (`duplicate member name "…"`),
/// bad syntax, a value that is not an object, trailing data, too deep a nesting.
pub(crate) fn read_object<'de>(
    text: &'de str,
    wanted: impl Fn(&str) -> bool,
    take: impl FnMut(Cow<'de, str>, Raw<'de>),
) -> Result<(), serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer.deserialize_map(TopLevel { wanted, take })?;
    deserializer.end()
}

/// `bytes` as text, for [`read_object`]: checked once as a whole instead of string by
/// string.
///
/// # Errors
///
/// An error that says where the first byte that is not UTF-8 is.
pub(crate) fn utf8(bytes: &[u8]) -> Result<&str, serde_json::Error> {
    std::str::from_utf8(bytes).map_err(de::Error::custom)
}

/// Parses `bytes` as one JSON object by the rules tokens follow (UTF-8, no duplicate
/// member names at any depth, nothing after the object, nesting bounded), for other
/// JSON documents that must meet them, such as a JWK or a JWK Set.
///
/// # Errors
///
/// An error of `kind` whose message says "the `what` is not a valid JSON object" and why,
/// quoting at most a short part of the input.
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{parse_json_object, ErrorKind};
///
/// let jwk = parse_json_object(br#"{"kty":"OKP","crv":"Ed25519"}"#, "JWK", ErrorKind::InvalidKey)?;
/// assert_eq!(jwk["kty"], "OKP");
/// let twice = parse_json_object(br#"{"kty":"OKP","kty":"RSA"}"#, "JWK", ErrorKind::InvalidKey);
/// assert!(twice.unwrap_err().to_string().contains("duplicate member name \"kty\""));
/// # Ok::<(), jwt_strict::Error>(())
/// ```
pub fn parse_json_object(
    bytes: &[u8],
    what: &str,
    kind: ErrorKind,
) -> Result<Map<String, Value>, Error> {
    let mut object = Map::new();
    utf8(bytes)
        .and_then(|text| {
            read_object(
                text,
                |_| true,
                |name, value| {
                    object.insert(name.into_owned(), value.to_value());
                },
            )
        })
        .map_err(|err| not_an_object(kind, what, err))?;
    Ok(object)
}

/// The error for a document the strict reader refused: "the `what` is not a valid JSON
/// object" and serde_json's reason, shortened.
#[cold]
pub(crate) fn not_an_object(kind: ErrorKind, what: &str, err: serde_json::Error) -> Error {
    Error::new(
        kind,
        format!("the {what} is not a valid JSON object: {}", shorten(&err)),
    )
    .with_source(err)
}

/// The top-level object: every name checked, the wanted members handed over.
struct TopLevel<W, T> {
    wanted: W,
    take: T,
}

impl<'de, W: Fn(&str) -> bool, T: FnMut(Cow<'de, str>, Raw<'de>)> Visitor<'de> for TopLevel<W, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, access: A) -> Result<(), A::Error> {
        read_members(
            access,
            |name, keep, access| {
                let value = access.next_value_seed(Walk { keep })?;
                if keep {
                    (self.take)(name, value);
                }
                Ok(())
            },
            &self.wanted,
        )
    }
}

/// Reads an object's members, refusing a repeated name: `each` reads the value of the
/// member named (to keep when `wanted` says so).
fn read_members<'de, A: MapAccess<'de>>(
    mut access: A,
    mut each: impl FnMut(Cow<'de, str>, bool, &mut A) -> Result<(), A::Error>,
    wanted: &impl Fn(&str) -> bool,
) -> Result<(), A::Error> {
    let mut seen = SeenNames::default();
    while let Some(name) = access.next_key_seed(MemberName)? {
        seen.insert(&name)?;
        let keep = wanted(&name);
        each(name, keep, &mut access)?;
    }
    Ok(())
}

/// A member name, borrowed from the input when it has no escapes (`Cow::Owned` when it
/// has: [`super::key::Key`] tells them apart).
pub(crate) struct MemberName;

impl<'de> DeserializeSeed<'de> for MemberName {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for MemberName {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

/// Reads one value of any type, refusing repeated member names in the objects inside:
/// as a [`Raw`] when `keep`, walked over and dropped (arrays and objects left empty)
/// otherwise.
#[derive(Clone, Copy)]
pub(crate) struct Walk {
    pub(crate) keep: bool,
}

impl<'de> DeserializeSeed<'de> for Walk {
    type Value = Raw<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw<'de>, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk {
    type Value = Raw<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw<'de>, E> {
        Ok(Raw::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw<'de>, E> {
        Ok(Raw::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw<'de>, E> {
        Ok(Raw::UInt(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw<'de>, E> {
        Ok(Raw::Float(v))
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Raw<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = access.next_element_seed(self)? {
            if self.keep {
                items.push(item);
            }
        }
        Ok(Raw::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<Raw<'de>, A::Error> {
        let mut members = Vec::new();
        read_members(
            access,
            |name, keep, access| {
                let value = access.next_value_seed(self)?;
                if keep {
                    members.push((name, value));
                }
                Ok(())
            },
            &|_| self.keep,
        )?;
        Ok(Raw::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> Result<Value, serde_json::Error> {
        let mut members = Vec::new();
        read_object(
            utf8(bytes)?,
            |_| true,
            |name, value| members.push((name, value)),
        )?;
        Ok(Raw::Object(members).to_value())
    }

    fn none(bytes: &[u8]) -> Result<(), serde_json::Error> {
        read_object(utf8(bytes)?, |_| false, |_, _| {})
    }

    #[test]
    fn hands_over_the_wanted_members_only_borrowed_where_it_can() {
        let text = r#"{"a":1,"b":{"c":[true,null]},"d":"x","s":"plain","e":"esc\u0061ped"}"#;
        let mut taken = Vec::new();
        read_object(
            text,
            |name| name != "d",
            |name, value| taken.push((name, value)),
        )
        .unwrap();
        assert_eq!(
            Raw::Object(taken.clone()).to_value(),
            serde_json::json!({"a":1,"b":{"c":[true,null]},"s":"plain","e":"escaped"})
        );
        assert!(matches!(&taken[2].1, Raw::Str(Cow::Borrowed("plain"))));
        assert!(matches!(&taken[3].1, Raw::Str(Cow::Owned(s)) if s == "escaped"));
    }

    #[test]
    fn many_members_are_checked_for_duplicates_in_linear_time() {
        let mut members: Vec<String> = (0..50_000).map(|i| format!("\"m{i}\":{i}")).collect();
        none(format!("{{{}}}", members.join(",")).as_bytes()).unwrap();
        members.push("\"m7\":0".to_owned());
        let err = none(format!("{{{}}}", members.join(",")).as_bytes()).unwrap_err();
        assert!(err.to_string().contains("\"m7\""), "{err}");
    }

    #[test]
    fn refuses_duplicates_at_any_depth_and_after_unescaping() {
        for input in [
            &br#"{"alg":"RS256","alg":"none"}"#[..],
            br#"{"alg":"RS256","\u0061lg":"none"}"#,
            br#"{"cnf":{"jkt":"a","jkt":"b"}}"#,
            br#"{"x":[{"k":1,"k":2}]}"#,
            br#"{"x":[[{"k":{"q":1,"\u0071":2}}]]}"#,
        ] {
            let err = all(input).unwrap_err();
            assert!(err.to_string().contains("duplicate member name"), "{err}");
            let skipped = none(input).unwrap_err();
            assert!(skipped.to_string().contains("duplicate member name"));
        }
        // Names differing only in case are different names.
        assert_eq!(
            all(br#"{"Exp":1,"exp":2}"#).unwrap(),
            serde_json::json!({"Exp":1,"exp":2})
        );
    }

    #[test]
    fn refuses_non_objects_trailing_data_and_bad_text() {
        for input in [
            &b"[]"[..],
            b"\"str\"",
            b"123",
            b"null",
            b"",
            b"{}x",
            b"{} {}",
            b"{\"a\":1,}",
            b"\xEF\xBB\xBF{}",
            b"{\"a\":\"\xFF\"}",
            b"{\"a\":\"\xC0\x80\"}",
            br#"{"a":"\ud800"}"#,
            br#"{"a":NaN}"#,
            br#"{"a":01}"#,
            br#"{"a":1e400}"#,
            b"{\"a\":1}\0",
        ] {
            assert!(all(input).is_err(), "{:?}", String::from_utf8_lossy(input));
            assert!(none(input).is_err());
        }
    }

    #[test]
    fn nesting_is_bounded_without_overflowing_the_stack() {
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(all(deep.as_bytes()).is_err());
        assert!(none(deep.as_bytes()).is_err());
    }
}
