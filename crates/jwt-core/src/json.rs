//! Strict JSON for headers and claims: one object, UTF-8, no duplicate member names at
//! any depth (RFC 7515 §4, RFC 7519 §4 allow refusing them; refusing removes parser
//! differentials), nesting bounded by serde_json's recursion limit of 128.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A JSON value borrowed from the input where it can be: strings without escapes are
/// slices of the token, so reading a typical header or claims set allocates little.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Raw<'de> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(Cow<'de, str>),
    Array(Vec<Raw<'de>>),
    Object(Members<'de>),
}

/// One member of an object: its name and value.
pub(crate) type Member<'de> = (Cow<'de, str>, Raw<'de>);

/// An object's members in order, names unique.
pub(crate) type Members<'de> = Vec<Member<'de>>;

/// The members of a token's header or claims set: a typical header's held inline, so
/// that reading it does not allocate; a claims set spills to the heap once. (Larger
/// inline arrays cost more in moves than the one allocation they save.)
pub(crate) type TopMembers<'de> = smallvec::SmallVec<[Member<'de>; 4]>;

impl Raw<'_> {
    /// The JSON type, for messages.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Raw::Null => "null",
            Raw::Bool(_) => "a boolean",
            Raw::Int(_) | Raw::UInt(_) | Raw::Float(_) => "a number",
            Raw::Str(_) => "a string",
            Raw::Array(_) => "an array",
            Raw::Object(_) => "an object",
        }
    }

    /// The value as an owned `serde_json::Value`.
    pub(crate) fn to_value(&self) -> Value {
        match self {
            Raw::Null => Value::Null,
            Raw::Bool(b) => Value::Bool(*b),
            Raw::Int(i) => Value::from(*i),
            Raw::UInt(u) => Value::from(*u),
            Raw::Float(f) => Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Raw::Str(s) => Value::String(s.clone().into_owned()),
            Raw::Array(items) => Value::Array(items.iter().map(Raw::to_value).collect()),
            Raw::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|(name, value)| (name.clone().into_owned(), value.to_value()))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }
}

/// Parses `bytes` as one JSON object and returns the top-level members whose names
/// `keep` selects; every other member is checked (duplicates, UTF-8, syntax) and dropped.
pub(crate) fn parse_object<'de>(
    bytes: &'de [u8],
    keep: &dyn Fn(&str) -> bool,
) -> Result<TopMembers<'de>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let members = TopLevel { keep }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(members)
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
/// use jwt_core::{parse_json_object, ErrorKind};
///
/// let jwk = parse_json_object(br#"{"kty":"OKP","crv":"Ed25519"}"#, "JWK", ErrorKind::InvalidKey)?;
/// assert_eq!(jwk["kty"], "OKP");
/// let twice = parse_json_object(br#"{"kty":"OKP","kty":"RSA"}"#, "JWK", ErrorKind::InvalidKey);
/// assert!(twice.unwrap_err().to_string().contains("duplicate member name \"kty\""));
/// # Ok::<(), jwt_core::Error>(())
/// ```
pub fn parse_json_object(
    bytes: &[u8],
    what: &str,
    kind: crate::ErrorKind,
) -> Result<Map<String, Value>, crate::Error> {
    let members = parse_object(bytes, &|_| true).map_err(|err| {
        crate::Error::new(
            kind,
            format!(
                "the {what} is not a valid JSON object: {}",
                crate::error::shorten(&err)
            ),
        )
        .with_source(err)
    })?;
    Ok(members
        .into_iter()
        .map(|(name, value)| (name.into_owned(), value.to_value()))
        .collect())
}

struct TopLevel<'k> {
    keep: &'k dyn Fn(&str) -> bool,
}

impl<'de> DeserializeSeed<'de> for TopLevel<'_> {
    type Value = TopMembers<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = TopMembers<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut seen = SeenNames::default();
        let mut kept = TopMembers::new();
        while let Some(name) = access.next_key_seed(MemberName)? {
            if (self.keep)(&name) {
                let value = access.next_value_seed(Build)?;
                seen.insert(name.clone())?;
                kept.push((name, value));
            } else {
                access.next_value_seed(Skip)?;
                seen.insert(name)?;
            }
        }
        Ok(kept)
    }
}

/// The member names of one object seen so far: a short array scanned in place for the
/// small objects tokens hold (no allocation), a hash set past that so large objects
/// stay linear.
#[derive(Default)]
pub(crate) struct SeenNames<'de> {
    few: [Option<Cow<'de, str>>; SeenNames::SCAN_LIMIT],
    count: usize,
    many: Option<HashSet<Cow<'de, str>>>,
}

impl<'de> SeenNames<'de> {
    const SCAN_LIMIT: usize = 16;

    pub(crate) fn insert<E: de::Error>(&mut self, name: Cow<'de, str>) -> Result<(), E> {
        let duplicate = if let Some(set) = &mut self.many {
            !set.insert(name.clone())
        } else if self.count < Self::SCAN_LIMIT {
            let duplicate = self.few.iter().flatten().any(|seen| same_name(seen, &name));
            if let Some(slot) = self.few.get_mut(self.count) {
                *slot = Some(name.clone());
            }
            self.count += 1;
            duplicate
        } else {
            let mut set: HashSet<Cow<'de, str>> =
                self.few.iter_mut().filter_map(Option::take).collect();
            let duplicate = !set.insert(name.clone());
            self.many = Some(set);
            duplicate
        };
        if duplicate {
            return Err(E::custom(format_args!(
                "duplicate member name {}",
                crate::error::quote(&name)
            )));
        }
        Ok(())
    }
}

/// Whether two member names are equal, looking at the length and the first byte before
/// the bytes: a claims set's names are mostly three bytes long and differ at the first.
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b
}

/// A member name, borrowed from the input when it has no escapes.
struct MemberName;

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

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Builds a [`Raw`] value, refusing duplicate member names in nested objects.
struct Build;

impl<'de> DeserializeSeed<'de> for Build {
    type Value = Raw<'de>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Build {
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
        if v.is_finite() {
            Ok(Raw::Float(v))
        } else {
            Err(E::custom("a JSON number must be finite"))
        }
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw<'de>, E> {
        Ok(Raw::Str(Cow::Owned(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Raw<'de>, E> {
        Ok(Raw::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Raw<'de>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = access.next_element_seed(Build)? {
            items.push(item);
        }
        Ok(Raw::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Raw<'de>, A::Error> {
        let mut seen = SeenNames::default();
        let mut members = Members::new();
        while let Some(name) = access.next_key_seed(MemberName)? {
            let value = access.next_value_seed(Build)?;
            seen.insert(name.clone())?;
            members.push((name, value));
        }
        Ok(Raw::Object(members))
    }
}

/// Walks a value without keeping it, refusing duplicate member names at any depth.
struct Skip;

impl<'de> DeserializeSeed<'de> for Skip {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Skip {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<(), A::Error> {
        while access.next_element_seed(Skip)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<(), A::Error> {
        let mut seen = SeenNames::default();
        while let Some(name) = access.next_key_seed(MemberName)? {
            access.next_value_seed(Skip)?;
            seen.insert(name)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> Result<Map<String, Value>, serde_json::Error> {
        parse_object(bytes, &|_| true).map(|members| {
            match Raw::Object(members.into_vec()).to_value() {
                Value::Object(map) => map,
                _ => Map::new(),
            }
        })
    }

    #[test]
    fn keeps_selected_members_only() {
        let kept =
            parse_object(br#"{"a":1,"b":{"c":[true,null]},"d":"x"}"#, &|n| n != "d").unwrap();
        assert_eq!(
            Raw::Object(kept.into_vec()).to_value(),
            serde_json::json!({"a":1,"b":{"c":[true,null]}})
        );
        let borrowed = parse_object(br#"{"s":"plain","e":"esc\u0061ped"}"#, &|_| true).unwrap();
        assert!(matches!(&borrowed[0].1, Raw::Str(Cow::Borrowed("plain"))));
        assert!(matches!(&borrowed[1].1, Raw::Str(Cow::Owned(s)) if s == "escaped"));
    }

    #[test]
    fn many_members_are_checked_for_duplicates_in_linear_time() {
        let mut members: Vec<String> = (0..50_000).map(|i| format!("\"m{i}\":{i}")).collect();
        let unique = format!("{{{}}}", members.join(","));
        assert_eq!(
            parse_object(unique.as_bytes(), &|_| false).unwrap().len(),
            0
        );
        members.push("\"m7\":0".to_owned());
        let duplicated = format!("{{{}}}", members.join(","));
        let err = parse_object(duplicated.as_bytes(), &|_| false).unwrap_err();
        assert!(err.to_string().contains("\"m7\""), "{err}");
    }

    #[test]
    fn refuses_duplicates_at_any_depth_and_after_unescaping() {
        for input in [
            &br#"{"alg":"RS256","alg":"none"}"#[..],
            br#"{"alg":"RS256","\u0061lg":"none"}"#,
            br#"{"cnf":{"jkt":"a","jkt":"b"}}"#,
            br#"{"x":[{"k":1,"k":2}]}"#,
        ] {
            let err = all(input).unwrap_err();
            assert!(err.to_string().contains("duplicate member name"), "{err}");
            let skipped = parse_object(input, &|_| false).unwrap_err();
            assert!(skipped.to_string().contains("duplicate member name"));
        }
        // Names differing only in case are different names.
        assert_eq!(all(br#"{"Exp":1,"exp":2}"#).unwrap().len(), 2);
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
            assert!(parse_object(input, &|_| false).is_err());
        }
    }

    #[test]
    fn nesting_is_bounded_without_overflowing_the_stack() {
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(all(deep.as_bytes()).is_err());
        assert!(parse_object(deep.as_bytes(), &|_| false).is_err());
    }
}
