//! The one pass that reads a token's claims into the caller's type: serde_json's own
//! deserializer, wrapped ([`Strict`]) so that whatever the type reads or skips, every
//! object on the way is checked for repeated member names, the claims must be an object,
//! and the values the claim checks need are noted as the type reads them.
//!
//! The wrapper changes nothing the type sees: each `deserialize_*` call goes to
//! serde_json unchanged, with the type's visitor wrapped ([`StrictVisitor`]) to watch what
//! serde_json hands it. A member name is read by the wrapper, checked against the
//! object's others, and handed to the name's type as serde_json would hand it ([`Key`]).
//! What is noted ([`Note`]) is a registered claim's value, as [`Raw`], or nothing. Where a
//! visit does not show a registered claim's value whole (the type reads it as `f32`, a
//! 128-bit integer, bytes or an enum) and for serde_json's `RawValue`, the value's text
//! is taken as it stands, read by the strict reader, and given to serde_json again to
//! read as asked.

use std::borrow::Cow;
use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};
use serde_json::de::StrRead;
use serde_json::value::RawValue;
use smallvec::SmallVec;

use super::Raw;
use super::key::Key;
use super::names::SeenNames;
use super::read::{MemberName, Walk, read_object};
use crate::claims::{Registered, RegisteredValues};

/// What the claim checks read, noted as the claims are read.
#[derive(Debug, Default)]
pub(crate) struct Noted<'de> {
    /// The registered claims' values.
    pub(crate) registered: RegisteredValues<'de>,
    /// The required claims present other than registered ones (whose values say they
    /// are), by their index in the required list.
    pub(crate) present: SmallVec<[usize; 4]>,
}

impl<'de> Noted<'de> {
    /// The registered claim the member `name` is, if it is one; otherwise notes that it
    /// is there when it is required.
    pub(crate) fn member(&mut self, name: &str, required: &[String]) -> Option<Registered> {
        let claim = Registered::from_name(name);
        if claim.is_none()
            && let Some(index) = required.iter().position(|r| r == name)
        {
            self.present.push(index);
        }
        claim
    }

    /// Whether the claim `name`, the `index`th required one, is there.
    pub(crate) fn has(&self, name: &str, index: usize) -> bool {
        match Registered::from_name(name) {
            Some(claim) => self.registered.get(claim).is_some(),
            None => self.present.contains(&index),
        }
    }
}

/// Reads the claims `text` into `T` in one strict pass, noting in `noted` the registered
/// claims and which of the `required` claims are there.
///
/// # Errors
///
/// serde_json's error when the text breaks a rule of [`super::read`] or does not fit `T`
/// (which of the two is not told: the caller asks the strict reader).
pub(crate) fn read_claims<'de, T: Deserialize<'de>>(
    text: &'de str,
    required: &[String],
    noted: &mut Noted<'de>,
) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let claims = T::deserialize(Strict {
        inner: &mut deserializer,
        note: Note::Claims(Claims { required, noted }),
    })?;
    deserializer.end()?;
    Ok(claims)
}

/// The claims object's state: what to note of its members.
struct Claims<'n, 'de> {
    required: &'n [String],
    noted: &'n mut Noted<'de>,
}

/// What to note of the value being read.
enum Note<'n, 'de> {
    /// Nothing: only check the objects inside.
    Nothing,
    /// A registered claim's value.
    Value(&'n mut Option<Raw<'de>>),
    /// The claims themselves, which must be an object.
    Claims(Claims<'n, 'de>),
}

impl<'de> Note<'_, 'de> {
    /// Notes a scalar the type was handed; the claims themselves are never one.
    fn scalar<E: de::Error>(self, value: impl FnOnce() -> Raw<'de>) -> Result<(), E> {
        match self {
            Note::Nothing => Ok(()),
            Note::Value(slot) => {
                *slot = Some(value());
                Ok(())
            }
            Note::Claims(_) => Err(E::custom("the claims are not a JSON object")),
        }
    }
}

/// The error for a value the type read without any of it reaching the wrapper.
fn unnoted<E: de::Error>() -> E {
    E::custom("a value was read without being seen")
}

/// serde_json's private name for its `RawValue`, whose text it hands over unread.
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

/// A deserializer that reads as `inner` does, checking and noting (see the module docs).
struct Strict<'n, 'de, D> {
    inner: D,
    note: Note<'n, 'de>,
}

/// A seed read through [`Strict`].
struct StrictSeed<'n, 'de, S> {
    seed: S,
    note: Note<'n, 'de>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for StrictSeed<'_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Strict {
            inner,
            note: self.note,
        })
    }
}

/// Forwards `deserialize_*` methods to serde_json with the visitor wrapped.
macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method($($arg,)* StrictVisitor { visitor, note: self.note })
        }
    )*};
}

/// The same, except for a registered claim's value, whose text is read twice
/// ([`read_text`]): these visits do not show the value whole.
macro_rules! forward_or_read_text {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            match self.note {
                note @ Note::Value(_) => read_text(self.inner, note, |text| text.$method($($arg,)* visitor)),
                note => self.inner.$method($($arg,)* StrictVisitor { visitor, note }),
            }
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<'_, 'de, D> {
    type Error = D::Error;

    forward! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_u8(); deserialize_u16();
        deserialize_u32(); deserialize_u64(); deserialize_f64(); deserialize_char();
        deserialize_str(); deserialize_string(); deserialize_option(); deserialize_unit();
        deserialize_unit_struct(name: &'static str); deserialize_seq();
        deserialize_tuple(len: usize); deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map(); deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_identifier();
    }

    forward_or_read_text! {
        deserialize_f32(); deserialize_i128(); deserialize_u128(); deserialize_bytes();
        deserialize_byte_buf();
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        if name == RAW_VALUE_TOKEN {
            return read_text(self.inner, self.note, |text| {
                text.deserialize_newtype_struct(name, visitor)
            });
        }
        let visitor = StrictVisitor {
            visitor,
            note: self.note,
        };
        self.inner.deserialize_newtype_struct(name, visitor)
    }

    /// A value the type skips is read whole by the strict reader all the same.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        match self.note {
            Note::Nothing => {
                self.inner.deserialize_any(Walk { keep: false })?;
            }
            Note::Value(slot) => {
                *slot = Some(self.inner.deserialize_any(Walk { keep: true })?);
            }
            note @ Note::Claims(_) => {
                return self.inner.deserialize_map(StrictVisitor { visitor, note });
            }
        }
        visitor.visit_unit()
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// Reads a value's JSON text as it stands: by the strict reader first, noting what
/// `note` asks (the claims' registered members, a registered claim's value, or nothing),
/// then with a fresh serde_json deserializer as `read` asks.
fn read_text<'de, D: Deserializer<'de>, R>(
    inner: D,
    note: Note<'_, 'de>,
    read: impl FnOnce(&mut serde_json::Deserializer<StrRead<'de>>) -> Result<R, serde_json::Error>,
) -> Result<R, D::Error> {
    let text = <&'de RawValue>::deserialize(inner)?.get();
    let value = |keep| {
        let mut value = serde_json::Deserializer::from_str(text);
        let read = Walk { keep }.deserialize(&mut value)?;
        value.end().map(|()| read)
    };
    match note {
        Note::Nothing => value(false).map(drop),
        Note::Value(slot) => value(true).map(|value| *slot = Some(value)),
        Note::Claims(claims) => note_claims(text, claims.required, claims.noted),
    }
    .map_err(de::Error::custom)?;
    let mut again = serde_json::Deserializer::from_str(text);
    read(&mut again)
        .and_then(|read| again.end().map(|()| read))
        .map_err(de::Error::custom)
}

/// Reads the claims `text` with the strict reader alone, noting in `noted` what the
/// checks read: for claims the caller's type takes as raw text, and to say why a
/// refused pass failed.
///
/// # Errors
///
/// serde_json's error for a rule of [`super::read`] broken.
pub(crate) fn note_claims<'de>(
    text: &'de str,
    required: &[String],
    noted: &mut Noted<'de>,
) -> Result<(), serde_json::Error> {
    read_object(
        text,
        |name| Registered::from_name(name).is_some() || required.iter().any(|r| r == name),
        |name, value| {
            if let Some(claim) = noted.member(&name, required) {
                *noted.registered.slot(claim) = Some(value);
            }
        },
    )
}

/// The type's visitor, watched: what serde_json hands it is noted, and the sequences,
/// maps and enums it reads are read through [`Strict`] in turn.
struct StrictVisitor<'n, 'de, V> {
    visitor: V,
    note: Note<'n, 'de>,
}

/// Notes a scalar and hands it to the type's visitor.
macro_rules! note_scalars {
    ($($method:ident($ty:ty) => $raw:expr;)*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
            self.note.scalar(|| ($raw)(&v))?;
            self.visitor.$method(v)
        }
    )*};
}

/// A 64-bit integer as serde_json reads it, or the nearest `f64`, as serde_json reads
/// larger integers.
fn wide(v: i128) -> Raw<'static> {
    match (i64::try_from(v), u64::try_from(v)) {
        (_, Ok(u)) => Raw::UInt(u),
        (Ok(i), _) => Raw::Int(i),
        #[expect(clippy::cast_precision_loss, reason = "as serde_json reads it")]
        _ => Raw::Float(v as f64),
    }
}

/// A `u128` above `i128::MAX` as serde_json reads it: the nearest `f64`.
#[expect(clippy::cast_precision_loss, reason = "as serde_json reads it")]
fn wide_unsigned(v: u128) -> Raw<'static> {
    Raw::Float(v as f64)
}

impl<'de, V: Visitor<'de>> Visitor<'de> for StrictVisitor<'_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    note_scalars! {
        visit_bool(bool) => |v: &bool| Raw::Bool(*v);
        visit_i8(i8) => |v: &i8| Raw::Int((*v).into());
        visit_i16(i16) => |v: &i16| Raw::Int((*v).into());
        visit_i32(i32) => |v: &i32| Raw::Int((*v).into());
        visit_i64(i64) => |v: &i64| Raw::Int(*v);
        visit_i128(i128) => |v: &i128| wide(*v);
        visit_u8(u8) => |v: &u8| Raw::UInt((*v).into());
        visit_u16(u16) => |v: &u16| Raw::UInt((*v).into());
        visit_u32(u32) => |v: &u32| Raw::UInt((*v).into());
        visit_u64(u64) => |v: &u64| Raw::UInt(*v);
        visit_u128(u128) => |v: &u128| i128::try_from(*v).map_or_else(|_| wide_unsigned(*v), wide);
        visit_f32(f32) => |v: &f32| Raw::Float((*v).into());
        visit_f64(f64) => |v: &f64| Raw::Float(*v);
        visit_char(char) => |v: &char| Raw::Str(Cow::Owned(v.to_string()));
        visit_str(&str) => |v: &&str| Raw::Str(Cow::Owned((*v).to_owned()));
        visit_borrowed_str(&'de str) => |v: &&'de str| Raw::Str(Cow::Borrowed(*v));
        visit_string(String) => |v: &String| Raw::Str(Cow::Owned(v.clone()));
        visit_bytes(&[u8]) => |v: &&[u8]| Raw::Str(String::from_utf8_lossy(v).into_owned().into());
        visit_borrowed_bytes(&'de [u8]) => |v: &&[u8]| Raw::Str(String::from_utf8_lossy(v).into_owned().into());
        visit_byte_buf(Vec<u8>) => |v: &Vec<u8>| Raw::Str(String::from_utf8_lossy(v).into_owned().into());
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.note.scalar(|| Raw::Null)?;
        self.visitor.visit_unit()
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.note.scalar(|| Raw::Null)?;
        self.visitor.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(Strict {
            inner,
            note: self.note,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_newtype_struct(Strict {
            inner,
            note: self.note,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, access: A) -> Result<V::Value, A::Error> {
        match self.note {
            Note::Nothing => self.visitor.visit_seq(StrictSeq {
                access,
                items: None,
            }),
            Note::Value(slot) => {
                let mut items = Vec::new();
                let value = self.visitor.visit_seq(StrictSeq {
                    access,
                    items: Some(&mut items),
                })?;
                *slot = Some(Raw::Array(items));
                Ok(value)
            }
            Note::Claims(_) => Err(de::Error::custom("the claims are not a JSON object")),
        }
    }

    /// The map is lent to the type's visitor, not moved: the names seen make it large.
    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<V::Value, A::Error> {
        let mut map = StrictMap {
            access,
            seen: SeenNames::default(),
        };
        match self.note {
            Note::Nothing => self.visitor.visit_map(&mut map),
            // The checks only ask whether a registered claim is an object.
            Note::Value(slot) => {
                let value = self.visitor.visit_map(&mut map)?;
                *slot = Some(Raw::Object(Vec::new()));
                Ok(value)
            }
            Note::Claims(claims) => self.visitor.visit_map(&mut ClaimsMap {
                map,
                claims,
                pending: None,
            }),
        }
    }

    fn visit_enum<A: EnumAccess<'de>>(self, access: A) -> Result<V::Value, A::Error> {
        match self.note {
            Note::Claims(_) => Err(de::Error::custom(
                "the claims type reads them as an enum; read them as a struct, a map, or an \
                 untagged or internally tagged enum",
            )),
            note => self.visitor.visit_enum(StrictEnum { access, note }),
        }
    }
}

/// A sequence's items, read through [`Strict`], noted into `items` when given.
struct StrictSeq<'n, 'de, A> {
    access: A,
    items: Option<&'n mut Vec<Raw<'de>>>,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for StrictSeq<'_, 'de, A> {
    type Error = A::Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        let Some(items) = &mut self.items else {
            let note = Note::Nothing;
            return self.access.next_element_seed(StrictSeed { seed, note });
        };
        let mut item = None;
        let note = Note::Value(&mut item);
        let value = self.access.next_element_seed(StrictSeed { seed, note })?;
        if value.is_some() {
            items.push(item.ok_or_else(unnoted)?);
        }
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.access.size_hint()
    }
}

/// An object's members: each name, as its type reads it, refused when seen before;
/// the values read through [`Strict`].
struct StrictMap<'de, A> {
    access: A,
    seen: SeenNames<'de>,
}

impl<'de, A: MapAccess<'de>> StrictMap<'de, A> {
    /// Reads the next member's name and checks it, shows it to `look`, then hands it to
    /// `seed`.
    fn next_name<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
        look: impl FnOnce(&str),
    ) -> Result<Option<S::Value>, A::Error> {
        let Some(name) = self.access.next_key_seed(MemberName)? else {
            return Ok(None);
        };
        self.seen.insert(&name)?;
        look(&name);
        seed.deserialize(Key::new(name)).map(Some)
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for StrictMap<'de, A> {
    type Error = A::Error;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        self.next_name(seed, |_| {})
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let note = Note::Nothing;
        self.access.next_value_seed(StrictSeed { seed, note })
    }

    fn size_hint(&self) -> Option<usize> {
        self.access.size_hint()
    }
}

/// The claims object's members: as [`StrictMap`], with the registered claims' values and
/// the required claims' presence noted.
struct ClaimsMap<'n, 'de, A> {
    map: StrictMap<'de, A>,
    claims: Claims<'n, 'de>,
    /// The registered claim whose value comes next.
    pending: Option<Registered>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for ClaimsMap<'_, 'de, A> {
    type Error = A::Error;

    fn next_key_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, A::Error> {
        let (claims, pending) = (&mut self.claims, &mut self.pending);
        self.map.next_name(seed, |name| {
            *pending = claims.noted.member(name, claims.required);
        })
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        let Some(claim) = self.pending.take() else {
            return self.map.next_value_seed(seed);
        };
        let slot = self.claims.noted.registered.slot(claim);
        let note = Note::Value(&mut *slot);
        let value = self.map.access.next_value_seed(StrictSeed { seed, note })?;
        if slot.is_none() {
            return Err(unnoted());
        }
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// An enum read through [`Strict`]: its value read strictly.
struct StrictEnum<'n, 'de, A> {
    access: A,
    note: Note<'n, 'de>,
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for StrictEnum<'_, 'de, A> {
    type Error = A::Error;
    type Variant = StrictVariant<A::Variant>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), A::Error> {
        let seed = StrictSeed {
            seed,
            note: self.note,
        };
        let (value, variant) = self.access.variant_seed(seed)?;
        Ok((value, StrictVariant(variant)))
    }
}

/// An enum variant's value, read through [`Strict`].
struct StrictVariant<A>(A);

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for StrictVariant<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, A::Error> {
        let note = Note::Nothing;
        self.0.newtype_variant_seed(StrictSeed { seed, note })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        let note = Note::Nothing;
        self.0.tuple_variant(len, StrictVisitor { visitor, note })
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        let note = Note::Nothing;
        self.0
            .struct_variant(fields, StrictVisitor { visitor, note })
    }
}
