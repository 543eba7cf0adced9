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
                seen.insert(&name)?;
                kept.push((name, value));
            } else {
                access.next_value_seed(Skip)?;
                seen.insert(&name)?;
            }
        }
        Ok(kept)
    }
}

/// The member names of one object seen so far, without allocating for the small
/// objects tokens hold: each name's fingerprint (its length and first bytes) in a short
/// array, which is the whole name for names of up to 7 bytes; longer names are kept
/// beside it and compared when their fingerprints match. Past
/// [`SeenNames::SCAN_LIMIT`] names, a hash set keeps large objects linear.
#[derive(Default)]
pub(crate) struct SeenNames<'de> {
    prints: [u64; SeenNames::SCAN_LIMIT],
    count: usize,
    long: smallvec::SmallVec<[Cow<'de, str>; 4]>,
    many: Option<HashSet<Cow<'de, str>>>,
}

impl<'de> SeenNames<'de> {
    const SCAN_LIMIT: usize = 16;

    /// Notes `name`, refusing it if it was seen before.
    #[expect(
        clippy::ptr_arg,
        reason = "a borrowed name is kept as the `Cow` it came in, without a copy"
    )]
    pub(crate) fn insert<E: de::Error>(&mut self, name: &Cow<'de, str>) -> Result<(), E> {
        let duplicate = if let Some(set) = &mut self.many {
            !set.insert(name.clone())
        } else if let Some(slot) = self.prints.get_mut(self.count) {
            let print = fingerprint(name);
            *slot = print;
            let seen = self.prints.get(..self.count).unwrap_or_default();
            let duplicate = seen.contains(&print)
                && (name.len() <= FINGERPRINTED || self.long.iter().any(|long| long == name));
            self.count += 1;
            if name.len() > FINGERPRINTED {
                self.long.push(name.clone());
            }
            duplicate
        } else {
            let short = self
                .prints
                .iter()
                .filter_map(|print| short_name(*print))
                .map(Cow::Owned);
            let mut set: HashSet<Cow<'de, str>> = self.long.drain(..).chain(short).collect();
            let duplicate = !set.insert(name.clone());
            self.many = Some(set);
            duplicate
        };
        if duplicate {
            return Err(E::custom(format_args!(
                "duplicate member name {}",
                crate::error::quote(name)
            )));
        }
        Ok(())
    }
}

/// The longest name a fingerprint holds whole.
const FINGERPRINTED: usize = 7;

/// A name's first 7 bytes and, in the top byte, its length (255 for any longer than
/// that): the name itself for names of up to 7 bytes, which differ exactly when their
/// fingerprints do; a longer name never has a shorter one's fingerprint.
fn fingerprint(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let head = match bytes.first_chunk::<8>() {
        Some(head) => u64::from_le_bytes(*head),
        None => {
            let mut head = [0u8; 8];
            if let Some(start) = head.get_mut(..bytes.len()) {
                start.copy_from_slice(bytes);
            }
            u64::from_le_bytes(head)
        }
    };
    let len = u64::from(u8::try_from(bytes.len()).unwrap_or(u8::MAX));
    (head & 0x00ff_ffff_ffff_ffff) | len << 56
}

/// The name a fingerprint holds whole, if it holds one.
fn short_name(print: u64) -> Option<String> {
    let bytes = print.to_le_bytes();
    let len = usize::from(bytes[7]);
    let name = bytes.get(..len).filter(|_| len <= FINGERPRINTED)?;
    Some(String::from_utf8_lossy(name).into_owned())
}

/// A member name, borrowed from the input when it has no escapes.
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

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Builds a [`Raw`] value, refusing duplicate member names in nested objects.
pub(crate) struct Build;

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
            seen.insert(&name)?;
            members.push((name, value));
        }
        Ok(Raw::Object(members))
    }
}

/// Walks a value without keeping it, refusing duplicate member names at any depth.
pub(crate) struct Skip;

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
            seen.insert(&name)?;
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
    fn names_sharing_a_fingerprint_are_told_apart() {
        let names = [
            "",
            "a",
            r"a\u0000",
            "ab",
            "abcdefg",
            "abcdefgh",
            "abcdefgi",
            "abcdefgh_long",
            r"\u00e9",
            r"\u00e9\u00e9\u00e9\u00e9",
            r"\u00e9\u00e9\u00e9\u00e9x",
        ];
        for count in [names.len(), 20] {
            // Enough names to pass the scan limit, with the ones above among them.
            let mut members: Vec<String> = (0..count.saturating_sub(names.len()))
                .map(|i| format!("\"pad{i}\":0"))
                .collect();
            members.extend(names.iter().map(|name| format!("\"{name}\":1")));
            let unique = format!("{{{}}}", members.join(","));
            assert_eq!(all(unique.as_bytes()).unwrap().len(), count, "{unique}");
            for name in names {
                let twice = format!("{{{},\"{name}\":2}}", members.join(","));
                let err = all(twice.as_bytes()).unwrap_err();
                assert!(err.to_string().contains("duplicate member name"), "{twice}");
            }
        }
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
