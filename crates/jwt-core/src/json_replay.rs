//! Reads a parsed [`Raw`] value into any `Deserialize` type, replaying the calls
//! serde_json would have made on the text it came from (`visit_u64` for a non-negative
//! integer, `visit_borrowed_str` for a string without escapes, …). `decode` parses the
//! claims once, checks them, and builds the caller's type from the same parse.

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserializer, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

use crate::json::{Member, Raw, TopMembers};

/// Builds a `T` from `value`, with serde_json's error type.
#[cfg(test)]
pub(crate) fn from_raw<'de, T: de::Deserialize<'de>>(
    value: Raw<'de>,
) -> Result<T, serde_json::Error> {
    T::deserialize(Replay(value))
}

/// Builds a `T` from the members of a top-level object, with serde_json's error type.
pub(crate) fn from_members<'de, T: de::Deserialize<'de>>(
    members: TopMembers<'de>,
) -> Result<T, serde_json::Error> {
    T::deserialize(Object(members))
}

/// Hands an object's members to `visitor` as a map, refusing members it leaves unread.
fn visit_object<'de, V: Visitor<'de>>(
    members: impl IntoIterator<Item = Member<'de>>,
    visitor: V,
) -> Result<V::Value, serde_json::Error> {
    let mut access = MapDeserializer::new(
        members
            .into_iter()
            .map(|(name, value)| (Name(name), Replay(value))),
    );
    let value = visitor.visit_map(&mut access)?;
    access.end()?;
    Ok(value)
}

/// A top-level object's members as a serde `Deserializer`.
struct Object<'de>(TopMembers<'de>);

impl<'de> Deserializer<'de> for Object<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visit_object(self.0, visitor)
    }

    /// An object is never `null`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        Replay(Raw::Object(self.0.into_vec())).deserialize_enum(name, variants, visitor)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// A [`Raw`] value as a serde `Deserializer`.
struct Replay<'de>(Raw<'de>);

impl<'de> IntoDeserializer<'de, serde_json::Error> for Replay<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

/// A member name as a serde `Deserializer`: borrowed from the token when it had no escapes.
struct Name<'de>(std::borrow::Cow<'de, str>);

impl<'de> IntoDeserializer<'de, serde_json::Error> for Name<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Name<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            std::borrow::Cow::Borrowed(name) => visitor.visit_borrowed_str(name),
            std::borrow::Cow::Owned(name) => visitor.visit_string(name),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> Deserializer<'de> for Replay<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Raw::Null => visitor.visit_unit(),
            Raw::Bool(b) => visitor.visit_bool(b),
            Raw::Int(i) => visitor.visit_i64(i),
            Raw::UInt(u) => visitor.visit_u64(u),
            Raw::Float(f) => visitor.visit_f64(f),
            Raw::Str(std::borrow::Cow::Borrowed(s)) => visitor.visit_borrowed_str(s),
            Raw::Str(std::borrow::Cow::Owned(s)) => visitor.visit_string(s),
            Raw::Array(items) => {
                let mut access = SeqDeserializer::new(items.into_iter().map(Replay));
                let value = visitor.visit_seq(&mut access)?;
                access.end()?;
                Ok(value)
            }
            Raw::Object(members) => visit_object(members, visitor),
        }
    }

    /// `null` is `None`; anything else is `Some` (as serde_json reads options).
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Raw::Null => visitor.visit_none(),
            other => visitor.visit_some(Replay(other)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    /// A unit variant is a string; a variant with content is an object of one member
    /// (serde_json's externally tagged form).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.0 {
            Raw::Str(variant) => visitor.visit_enum(Name(variant).into_deserializer_enum()),
            Raw::Object(members) => {
                let mut members = members.into_iter();
                match (members.next(), members.next()) {
                    (Some((variant, value)), None) => visitor.visit_enum(Variant {
                        name: variant,
                        value,
                    }),
                    _ => Err(de::Error::invalid_value(
                        de::Unexpected::Map,
                        &"an object with exactly one member (an enum variant)",
                    )),
                }
            }
            other => Err(de::Error::invalid_type(
                unexpected(&other),
                &"an enum variant",
            )),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

impl<'de> Name<'de> {
    /// The name as the variant of a unit-only enum access.
    fn into_deserializer_enum(self) -> Variant<'de> {
        Variant {
            name: self.0,
            value: Raw::Null,
        }
    }
}

/// One enum variant: its name and its content (`null` for a unit variant).
struct Variant<'de> {
    name: std::borrow::Cow<'de, str>,
    value: Raw<'de>,
}

impl<'de> de::EnumAccess<'de> for Variant<'de> {
    type Error = serde_json::Error;
    type Variant = Replay<'de>;

    fn variant_seed<S: de::DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), Self::Error> {
        let variant = seed.deserialize(Name(self.name))?;
        Ok((variant, Replay(self.value)))
    }
}

impl<'de> de::VariantAccess<'de> for Replay<'de> {
    type Error = serde_json::Error;

    fn unit_variant(self) -> Result<(), Self::Error> {
        match self.0 {
            Raw::Null => Ok(()),
            other => Err(de::Error::invalid_type(unexpected(&other), &"unit variant")),
        }
    }

    fn newtype_variant_seed<S: de::DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<S::Value, Self::Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_any(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_any(visitor)
    }
}

/// What a value is, for serde's "invalid type" messages.
fn unexpected<'a>(value: &'a Raw<'_>) -> de::Unexpected<'a> {
    match value {
        Raw::Null => de::Unexpected::Unit,
        Raw::Bool(b) => de::Unexpected::Bool(*b),
        Raw::Int(i) => de::Unexpected::Signed(*i),
        Raw::UInt(u) => de::Unexpected::Unsigned(*u),
        Raw::Float(f) => de::Unexpected::Float(*f),
        Raw::Str(s) => de::Unexpected::Str(s),
        Raw::Array(_) => de::Unexpected::Seq,
        Raw::Object(_) => de::Unexpected::Map,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde::Deserialize;
    use serde::de::DeserializeOwned;
    use serde_json::Value;

    use super::*;
    use crate::json::parse_object;

    /// serde_json's answer for `text` as `T`, and the replay's, from the top-level members
    /// and from the object as a value: all accept with the same value, or all refuse.
    fn same_as_serde_json<T: DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) {
        let direct = serde_json::from_str::<T>(text);
        let members = || parse_object(text.as_bytes(), &|_| true);
        for replayed in [
            members().and_then(from_members::<T>),
            members().and_then(|m| from_raw::<T>(Raw::Object(m.into_vec()))),
        ] {
            match (&direct, &replayed) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
                (Err(_), Err(_)) => {}
                _ => panic!("{text}: serde_json {direct:?}, replay {replayed:?}"),
            }
        }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    enum Role {
        Reader,
        Limited(u8),
        Scoped { scope: String },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Strict {
        sub: String,
        #[serde(default)]
        exp: Option<u64>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Typical {
        sub: String,
        exp: u64,
        nbf: Option<i64>,
        aud: Vec<String>,
        ratio: f64,
        pair: (u8, bool),
        role: Role,
        extra: BTreeMap<String, Value>,
        #[serde(rename = "x-tag")]
        tag: Option<char>,
    }

    #[test]
    fn builds_the_same_values_and_refuses_the_same_inputs_as_serde_json() {
        let typical = r#"{"sub":"al\u0069ce","exp":1800000000,"nbf":null,"aud":["a","b"],"ratio":-0.5,"pair":[7,true],"role":"Reader","extra":{"k":[1,{"z":null}]},"x-tag":"é","more":1}"#;
        same_as_serde_json::<Typical>(typical);
        for role in [
            r#""Reader""#,
            r#"{"Limited":9}"#,
            r#"{"Scoped":{"scope":"s"}}"#,
            r#"{"Limited":300}"#,
            r#""Other""#,
            r#"{"Limited":1,"Reader":null}"#,
            "5",
        ] {
            same_as_serde_json::<BTreeMap<String, Role>>(&format!(r#"{{"r":{role}}}"#));
        }
        for text in [
            r#"{"sub":"a"}"#,
            r#"{"sub":"a","exp":5}"#,
            r#"{"sub":"a","other":1}"#,
            r#"{"sub":5}"#,
            r#"{"exp":-1,"sub":"a"}"#,
            r#"{"sub":"a","exp":1.5}"#,
        ] {
            same_as_serde_json::<Strict>(text);
        }
        same_as_serde_json::<BTreeMap<String, (u8, u8)>>(r#"{"t":[1,2,3]}"#);
        same_as_serde_json::<BTreeMap<String, (u8, u8)>>(r#"{"t":[1]}"#);
        same_as_serde_json::<BTreeMap<String, i8>>(r#"{"n":-129}"#);
        same_as_serde_json::<BTreeMap<String, u64>>(r#"{"n":18446744073709551615}"#);
        same_as_serde_json::<BTreeMap<String, Value>>(r#"{"n":-9223372036854775808,"f":1e300}"#);
        same_as_serde_json::<Value>(typical);
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1e12f64..1e12).prop_map(Value::from),
            "[a-z\"\\\\\u{e9}\u{1F600}]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map("[a-e]{1,2}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Any JSON object reads back to the same `Value` through the replay as through
        /// serde_json.
        #[test]
        fn any_object_replays_as_serde_json_reads_it(
            members in prop::collection::btree_map("[a-z]{1,3}", json_value(), 0..6)
        ) {
            let text = serde_json::to_string(&members).unwrap();
            same_as_serde_json::<Value>(&text);
            same_as_serde_json::<BTreeMap<String, Value>>(&text);
        }
    }
}
