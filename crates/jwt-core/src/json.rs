//! Strict JSON for headers and claims: one object, UTF-8, no duplicate member names at
//! any depth (RFC 7515 §4, RFC 7519 §4 allow refusing them; refusing removes parser
//! differentials), nesting bounded by serde_json's recursion limit of 128.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Parses `bytes` as one JSON object and returns the top-level members whose names
/// `keep` selects; every other member is checked (duplicates, UTF-8, syntax) and dropped.
pub(crate) fn parse_object(
    bytes: &[u8],
    keep: &dyn Fn(&str) -> bool,
) -> Result<Map<String, Value>, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let members = TopLevel { keep }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(members)
}

struct TopLevel<'k> {
    keep: &'k dyn Fn(&str) -> bool,
}

impl<'de> DeserializeSeed<'de> for TopLevel<'_> {
    type Value = Map<String, Value>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopLevel<'_> {
    type Value = Map<String, Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut seen = HashSet::new();
        let mut kept = Map::new();
        while let Some(name) = access.next_key_seed(MemberName)? {
            if (self.keep)(&name) {
                let value = access.next_value_seed(Build)?;
                kept.insert(name.clone().into_owned(), value);
            } else {
                access.next_value_seed(Skip)?;
            }
            insert_unique(&mut seen, name)?;
        }
        Ok(kept)
    }
}

fn insert_unique<'de, E: de::Error>(
    seen: &mut HashSet<Cow<'de, str>>,
    name: Cow<'de, str>,
) -> Result<(), E> {
    if seen.contains(&name) {
        return Err(E::custom(format_args!(
            "duplicate member name {}",
            crate::error::quote(&name)
        )));
    }
    seen.insert(name);
    Ok(())
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

/// Builds a [`Value`], refusing duplicate member names in nested objects.
struct Build;

impl<'de> DeserializeSeed<'de> for Build {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Build {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("a JSON number must be finite"))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = access.next_element_seed(Build)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut seen = HashSet::new();
        let mut members = Map::new();
        while let Some(name) = access.next_key_seed(MemberName)? {
            let value = access.next_value_seed(Build)?;
            members.insert(name.clone().into_owned(), value);
            insert_unique(&mut seen, name)?;
        }
        Ok(Value::Object(members))
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
        let mut seen = HashSet::new();
        while let Some(name) = access.next_key_seed(MemberName)? {
            access.next_value_seed(Skip)?;
            insert_unique(&mut seen, name)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(bytes: &[u8]) -> Result<Map<String, Value>, serde_json::Error> {
        parse_object(bytes, &|_| true)
    }

    #[test]
    fn keeps_selected_members_only() {
        let kept =
            parse_object(br#"{"a":1,"b":{"c":[true,null]},"d":"x"}"#, &|n| n != "d").unwrap();
        assert_eq!(
            Value::Object(kept),
            serde_json::json!({"a":1,"b":{"c":[true,null]}})
        );
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
