//! A member name, once read and checked, handed to the type that reads it (a struct's
//! field names, a map's keys) exactly as serde_json's own key deserializer hands it: as
//! a string, or parsed as the number or boolean the key's type asks for.

use std::borrow::Cow;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, VariantAccess, Visitor};
use serde::forward_to_deserialize_any;

/// A member name for the key's type. `Cow::Borrowed` is a name written without escapes,
/// `Cow::Owned` one with: serde_json parses numbers and booleans only from the former.
pub(crate) struct Key<'de, E> {
    name: Cow<'de, str>,
    error: PhantomData<E>,
}

impl<'de, E> Key<'de, E> {
    pub(crate) fn new(name: Cow<'de, str>) -> Self {
        Key {
            name,
            error: PhantomData,
        }
    }
}

impl<'de, E: de::Error> Key<'de, E> {
    /// The name as the text of a number, for `parse` to read as serde_json reads a
    /// numeric key: unescaped, starting with a digit or `-`, the number filling the name.
    fn number<V: Visitor<'de>>(
        self,
        parse: impl FnOnce(
            &mut serde_json::Deserializer<serde_json::de::StrRead<'de>>,
            V,
        ) -> Result<V::Value, serde_json::Error>,
        visitor: V,
    ) -> Result<V::Value, E> {
        let Cow::Borrowed(text) = self.name else {
            return Err(E::custom("expected a numeric member name without escapes"));
        };
        let numeric = text.starts_with(|c: char| c.is_ascii_digit() || c == '-')
            && !text.ends_with([' ', '\t', '\n', '\r']);
        if !numeric {
            return Err(E::custom("expected a numeric member name"));
        }
        let mut number = serde_json::Deserializer::from_str(text);
        parse(&mut number, visitor)
            .and_then(|value| number.end().map(|()| value))
            .map_err(E::custom)
    }
}

/// Reads the name as a number of the type `$method` asks for.
macro_rules! numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
            self.number(|number, visitor| number.$method(visitor), visitor)
        }
    )*};
}

impl<'de, E: de::Error> Deserializer<'de> for Key<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.name {
            Cow::Borrowed(name) => visitor.visit_borrowed_str(name),
            Cow::Owned(name) => visitor.visit_str(&name),
        }
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.name {
            Cow::Borrowed("true") => visitor.visit_bool(true),
            Cow::Borrowed("false") => visitor.visit_bool(false),
            name => Err(de::Error::invalid_type(
                de::Unexpected::Str(&name),
                &visitor,
            )),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_enum(self)
    }

    /// serde_json hands a key's text over as bytes without unescaping it; here that text
    /// is the name only when it has no escapes.
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.name {
            Cow::Borrowed(name) => visitor.visit_borrowed_bytes(name.as_bytes()),
            Cow::Owned(_) => Err(E::custom(
                "a member name with escapes cannot be read as bytes",
            )),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        self.deserialize_bytes(visitor)
    }

    forward_to_deserialize_any! {
        char str string unit unit_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}

/// A name read as an enum: the variant of that name, with no value (a unit variant).
impl<'de, E: de::Error> EnumAccess<'de> for Key<'de, E> {
    type Error = E;
    type Variant = UnitOnly<E>;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, UnitOnly<E>), E> {
        Ok((seed.deserialize(self)?, UnitOnly(PhantomData)))
    }
}

/// The variant a name names, which carries no value.
pub(crate) struct UnitOnly<E>(PhantomData<E>);

impl<'de, E: de::Error> VariantAccess<'de> for UnitOnly<E> {
    type Error = E;

    fn unit_variant(self) -> Result<(), E> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, _seed: S) -> Result<S::Value, E> {
        Err(not_unit("newtype variant"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, E> {
        Err(not_unit("tuple variant"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, E> {
        Err(not_unit("struct variant"))
    }
}

fn not_unit<E: de::Error>(expected: &str) -> E {
    E::invalid_type(de::Unexpected::UnitVariant, &expected)
}
