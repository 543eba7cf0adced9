//! A serde `Deserializer` that wraps another (serde_json's) and refuses duplicate member
//! names in every object the caller's type reads, at any depth, including the values it
//! ignores: the strictness of [`crate::json`] while the caller's type is built straight
//! from the text, without an intermediate tree.
//!
//! Every deserialize call is forwarded with its visitor wrapped, so every map, sequence,
//! option, newtype and enum the inner deserializer hands out is wrapped in turn. Two
//! calls are not forwarded: `deserialize_ignored_any` walks the value with the checking
//! [`Skip`](crate::json) instead of serde_json's unchecked skip, and
//! `deserialize_newtype_struct` visits the wrapper itself (as serde_json does for every
//! newtype except its raw-value token, which would otherwise read text unchecked).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde::forward_to_deserialize_any;

use crate::json::{MemberName, SeenNames, Skip};

/// A deserializer whose every object is checked for duplicate member names.
pub(crate) struct Checked<D>(pub(crate) D);

/// A seed whose value is read through [`Checked`].
pub(crate) struct CheckedSeed<S>(pub(crate) S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for CheckedSeed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Checked(deserializer))
    }
}

/// Calls `$callback!` with every `deserialize_*` method a wrapper forwards as is (all
/// but `deserialize_newtype_struct` and `deserialize_ignored_any`), with their extra
/// arguments: one list for the wrapping deserializers of the claims reader.
macro_rules! for_each_deserialize_method {
    ($callback:ident) => {
        $callback! {
        deserialize_any();
        deserialize_bool();
        deserialize_i8();
        deserialize_i16();
        deserialize_i32();
        deserialize_i64();
        deserialize_i128();
        deserialize_u8();
        deserialize_u16();
        deserialize_u32();
        deserialize_u64();
        deserialize_u128();
        deserialize_f32();
        deserialize_f64();
        deserialize_char();
        deserialize_str();
        deserialize_string();
        deserialize_bytes();
        deserialize_byte_buf();
        deserialize_option();
        deserialize_unit();
        deserialize_unit_struct(name: &'static str);
        deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier();
        }
    };
}
pub(crate) use for_each_deserialize_method;

/// Forwards `deserialize_*` methods to the inner deserializer with the visitor wrapped.
macro_rules! forward_checked {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.0.$method($($arg,)* CheckedVisitor(visitor))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Checked<D> {
    type Error = D::Error;

    for_each_deserialize_method!(forward_checked);

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Skip)?;
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A visitor whose maps, sequences and nested deserializers are wrapped.
struct CheckedVisitor<V>(V);

/// Forwards `visit_*` methods of plain values to the inner visitor.
macro_rules! forward_visits {
    ($($method:ident($ty:ty);)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.0.$method(v)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for CheckedVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    forward_visits! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(Checked(deserializer))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(Checked(deserializer))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, access: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(CheckedSeq(access))
    }

    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(CheckedMap {
            access,
            seen: SeenNames::default(),
        })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, access: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(CheckedEnum(access))
    }
}

struct CheckedSeq<A>(A);

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for CheckedSeq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(CheckedSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// An object's members, each name checked against the ones before it.
pub(crate) struct CheckedMap<'de, A> {
    pub(crate) access: A,
    pub(crate) seen: SeenNames<'de>,
}

impl<'de, A: MapAccess<'de>> CheckedMap<'de, A> {
    /// The next member name, checked, as it was read.
    pub(crate) fn next_name(&mut self) -> Result<Option<Cow<'de, str>>, A::Error> {
        let Some(name) = self.access.next_key_seed(MemberName)? else {
            return Ok(None);
        };
        self.seen.insert(&name)?;
        Ok(Some(name))
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for CheckedMap<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        match self.next_name()? {
            Some(name) => seed.deserialize(NameDeserializer::new(name)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        self.access.next_value_seed(CheckedSeed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.access.size_hint()
    }
}

struct CheckedEnum<A>(A);

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for CheckedEnum<A> {
    type Error = A::Error;
    type Variant = CheckedVariant<A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let (value, variant) = self.0.variant_seed(seed)?;
        Ok((value, CheckedVariant(variant)))
    }
}

struct CheckedVariant<A>(A);

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for CheckedVariant<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        self.0.newtype_variant_seed(CheckedSeed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, CheckedVisitor(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, CheckedVisitor(visitor))
    }
}

/// A member name, already read and checked, as a deserializer of the map's error type:
/// borrowed from the text when it had no escapes.
pub(crate) struct NameDeserializer<'de, E> {
    name: Cow<'de, str>,
    error: PhantomData<E>,
}

impl<'de, E> NameDeserializer<'de, E> {
    pub(crate) fn new(name: Cow<'de, str>) -> Self {
        NameDeserializer {
            name,
            error: PhantomData,
        }
    }
}

impl<'de, E: de::Error> Deserializer<'de> for NameDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.name {
            Cow::Borrowed(name) => visitor.visit_borrowed_str(name),
            Cow::Owned(name) => visitor.visit_string(name),
        }
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::Value;
    use std::collections::HashMap;

    fn checked<T: de::DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let value = T::deserialize(Checked(&mut deserializer))?;
        deserializer.end()?;
        Ok(value)
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum Shape {
        Unit,
        New(HashMap<String, u8>),
        Tuple(Value, Value),
        Struct { inner: Value },
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Known {
        a: Option<Value>,
        #[serde(default)]
        shape: Option<Shape>,
        #[serde(flatten)]
        rest: HashMap<String, Value>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Ignoring {
        a: u8,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Wrapper(Value);

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(untagged)]
    enum Untagged {
        Map(HashMap<String, Value>),
    }

    /// Each place a nested object can sit, with a duplicate there: every one refused,
    /// and the same text without the duplicate read as serde_json reads it.
    #[test]
    fn duplicates_are_refused_wherever_the_type_reads_or_skips_them() {
        let places = [
            r#"{"a":{"k":1,"k":2}}"#,
            r#"{"a":[{"k":1,"k":2}]}"#,
            r#"{"b":{"k":1,"k":2}}"#,
            r#"{"a":null,"a":null}"#,
            r#"{"shape":{"New":{"k":1,"k":2}}}"#,
            r#"{"shape":{"Tuple":[{"k":1,"k":2},null]}}"#,
            r#"{"shape":{"Struct":{"inner":{"k":1,"k":2}}}}"#,
            r#"{"shape":{"Struct":{"inner":1,"inner":2}}}"#,
        ];
        for text in places {
            let err = checked::<Known>(text).unwrap_err();
            assert!(
                err.to_string().contains("duplicate member name"),
                "{text}: {err}"
            );
            let err = checked::<Value>(text).unwrap_err();
            assert!(
                err.to_string().contains("duplicate member name"),
                "{text}: {err}"
            );
            let err = checked::<Untagged>(text).unwrap_err();
            assert!(
                err.to_string().contains("duplicate member name"),
                "{text}: {err}"
            );
            let fixed = text
                .replacen(":1,\"k\":2", ":1", 1)
                .replacen(":1,\"inner\":2", ":1", 1);
            let fixed = fixed.replacen(r#""a":null,"a":null"#, r#""a":null"#, 1);
            assert_eq!(
                checked::<Known>(&fixed).unwrap(),
                serde_json::from_str::<Known>(&fixed).unwrap(),
                "{fixed}"
            );
        }
        // Ignored members are walked, not skipped unchecked.
        let err = checked::<Ignoring>(r#"{"a":1,"z":{"k":[{"q":1,"q":2}]}}"#).unwrap_err();
        assert!(
            err.to_string().contains("duplicate member name \"q\""),
            "{err}"
        );
        assert_eq!(
            checked::<Ignoring>(r#"{"a":1,"z":{"k":[{"q":1}]}}"#).unwrap(),
            Ignoring { a: 1 }
        );
        let err = checked::<Wrapper>(r#"{"k":1,"k":2}"#).unwrap_err();
        assert!(err.to_string().contains("duplicate member name"), "{err}");
        let err = checked::<Option<Value>>(r#"{"k":1,"\u006b":2}"#).unwrap_err();
        assert!(err.to_string().contains("duplicate member name"), "{err}");
    }

    #[test]
    fn values_are_what_serde_json_reads() {
        let text = r#"{"a":"esc\u0061ped","shape":"Unit","n":-1,"f":1.5,"big":18446744073709551615,"s":[true,null,"x"]}"#;
        assert_eq!(
            checked::<Known>(text).unwrap(),
            serde_json::from_str::<Known>(text).unwrap()
        );
        assert_eq!(
            checked::<Value>(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
        let err = checked::<Ignoring>(r#"{"a":"x"}"#).unwrap_err();
        let direct = serde_json::from_str::<Ignoring>(r#"{"a":"x"}"#).unwrap_err();
        assert_eq!(err.to_string(), direct.to_string());
    }

    #[test]
    fn nesting_stays_bounded() {
        let deep = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(checked::<Value>(&deep).is_err());
        assert!(checked::<Ignoring>(&format!("{{\"a\":1,\"z\":{deep}}}")).is_err());
    }
}
