//! The writer: claims and headers written with the bytes serde_json writes, checked as
//! they are written, so that a token is only made when a decode would read it: one JSON
//! object, no repeated member name at any depth, registered claims of the types `decode`
//! requires.
//!
//! serde_json writes every scalar and every member name ([`write_key`] has it write a map
//! key, so numbers and booleans as keys come out as it writes them); [`Writer`] writes the
//! punctuation between them, as serde_json's compact formatter does, and keeps each
//! object's names. The registered claims' values are read back from what was written, by
//! the strict reader, and checked as a decode checks them.

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;
use serde::de::DeserializeSeed;
use serde::ser::{self, SerializeMap as _, Serializer};
use smallvec::SmallVec;

use super::names::SeenNames;
use super::read::{Walk, not_an_object};
use crate::claims::{ClaimsView, Registered, RegisteredValues};
use crate::error::{Error, ErrorKind};

/// Where each registered claim's value was written.
type Written = SmallVec<[(Registered, Range<usize>); 7]>;

/// Appends `claims` to `out` as serde_json writes them, after checking that a decode
/// would read them (see the module docs).
///
/// # Errors
///
/// `invalid_claim`: serde_json cannot write the claims, they are not a JSON object, a
/// member name repeats, or a registered claim has the wrong type (named as a decode names
/// it).
pub(crate) fn write_claims<C: Serialize + ?Sized>(
    claims: &C,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    let mut registered = Written::new();
    let writer = Writer {
        out: &mut *out,
        claims: Some(&mut registered),
    };
    claims
        .serialize(writer)
        .map_err(|err| not_an_object(ErrorKind::InvalidClaim, "claims", err))?;
    let mut values = RegisteredValues::default();
    for (claim, range) in registered {
        let text = std::str::from_utf8(out.get(range).unwrap_or_default())
            .map_err(|err| Error::new(ErrorKind::InvalidClaim, err.to_string()))?;
        let mut value = serde_json::Deserializer::from_str(text);
        let value = Walk { keep: true }
            .deserialize(&mut value)
            .map_err(|err| not_an_object(ErrorKind::InvalidClaim, "claims", err))?;
        *values.slot(claim) = Some(value);
    }
    ClaimsView::from_values(&values)?;
    Ok(())
}

/// Appends `value` to `out` as serde_json writes it, refusing repeated member names;
/// `what` names it in the error.
///
/// # Errors
///
/// `invalid_claim` when it cannot be written (a map key that is not a string, a
/// `Serialize` impl that fails, a repeated member name).
pub(crate) fn write<T: Serialize + ?Sized>(
    value: &T,
    what: &str,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    value
        .serialize(Writer { out, claims: None })
        .map_err(|err| {
            Error::new(
                ErrorKind::InvalidClaim,
                format!("the {what} cannot be written as JSON: {err}"),
            )
            .with_source(err)
        })
}

/// serde_json's private names for the structs whose one field it writes as raw JSON text:
/// `RawValue`, and `Number` with its `arbitrary_precision` feature.
const RAW_TEXT_TOKENS: [&str; 2] = [
    "$serde_json::private::RawValue",
    "$serde_json::private::Number",
];

/// Writes one value; `claims` is set for the claims themselves, which must be an object
/// and whose registered claims' values are located as they are written.
struct Writer<'o> {
    out: &'o mut Vec<u8>,
    claims: Option<&'o mut Written>,
}

impl<'o> Writer<'o> {
    /// Refuses anything but an object for the claims themselves.
    fn not_the_claims(&self, what: &str) -> Result<(), serde_json::Error> {
        match self.claims {
            Some(_) => Err(ser::Error::custom(format_args!(
                "the claims are written as {what}, not as an object of claims"
            ))),
            None => Ok(()),
        }
    }

    /// serde_json, to write one scalar into `out`.
    fn scalar(self) -> Result<serde_json::Serializer<&'o mut Vec<u8>>, serde_json::Error> {
        self.not_the_claims("a single value")?;
        Ok(serde_json::Serializer::new(self.out))
    }

    /// An array's items, after its `[`.
    fn items(self) -> Result<Items<'o>, serde_json::Error> {
        self.not_the_claims("an array")?;
        self.out.push(b'[');
        Ok(Items {
            out: self.out,
            first: true,
        })
    }

    /// An object's members, after its `{`.
    fn object(self) -> Object<'o> {
        self.out.push(b'{');
        Object {
            out: self.out,
            first: true,
            seen: SeenNames::default(),
            claims: self.claims,
            value_of: None,
        }
    }

    /// An enum variant with a value, `{"variant":` then the value: never the claims
    /// themselves (a decode does not read them from an enum either).
    fn variant(self, variant: &str) -> Result<&'o mut Vec<u8>, serde_json::Error> {
        self.not_the_claims("an enum variant")?;
        self.out.push(b'{');
        serde_json::to_writer(&mut *self.out, variant)?;
        self.out.push(b':');
        Ok(self.out)
    }
}

/// Writes a scalar with serde_json.
macro_rules! scalars {
    ($($method:ident($($ty:ty)?);)*) => {$(
        fn $method(self $(, v: $ty)?) -> Result<(), serde_json::Error> {
            self.scalar()?.$method($(v as $ty)?)
        }
    )*};
}

impl<'o> Serializer for Writer<'o> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Items<'o>;
    type SerializeTuple = Items<'o>;
    type SerializeTupleStruct = Items<'o>;
    type SerializeTupleVariant = Variant<Items<'o>>;
    type SerializeMap = Object<'o>;
    type SerializeStruct = Struct<'o>;
    type SerializeStructVariant = Variant<Object<'o>>;

    scalars! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_i128(i128); serialize_u8(u8); serialize_u16(u16);
        serialize_u32(u32); serialize_u64(u64); serialize_u128(u128); serialize_f32(f32);
        serialize_f64(f64); serialize_char(char); serialize_str(&str);
        serialize_bytes(&[u8]); serialize_none(); serialize_unit();
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<(), serde_json::Error> {
        self.scalar()?.serialize_unit_struct(name)
    }

    fn serialize_unit_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
    ) -> Result<(), serde_json::Error> {
        self.scalar()?.serialize_unit_variant(name, index, variant)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let out = self.variant(variant)?;
        value.serialize(Writer {
            out: &mut *out,
            claims: None,
        })?;
        out.push(b'}');
        Ok(())
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Items<'o>, serde_json::Error> {
        self.items()
    }

    fn serialize_tuple(self, _len: usize) -> Result<Items<'o>, serde_json::Error> {
        self.items()
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Items<'o>, serde_json::Error> {
        self.items()
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<Items<'o>>, serde_json::Error> {
        let out = self.variant(variant)?;
        let items = Writer { out, claims: None }.items()?;
        Ok(Variant(items))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Object<'o>, serde_json::Error> {
        Ok(self.object())
    }

    fn serialize_struct(
        self,
        name: &'static str,
        _len: usize,
    ) -> Result<Struct<'o>, serde_json::Error> {
        if RAW_TEXT_TOKENS.contains(&name) {
            self.not_the_claims("raw JSON text")?;
            return Ok(Struct::RawText(self.out));
        }
        Ok(Struct::Object(self.object()))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Variant<Object<'o>>, serde_json::Error> {
        let out = self.variant(variant)?;
        Ok(Variant(Writer { out, claims: None }.object()))
    }
}

/// An array's items.
struct Items<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl<'o> Items<'o> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
        value.serialize(Writer {
            out: &mut *self.out,
            claims: None,
        })
    }
}

/// The `SerializeSeq`-like traits, all by [`Items::item`] and [`Close::close`].
macro_rules! items {
    ($($trait:ident::$method:ident;)*) => {$(
        impl ser::$trait for Items<'_> {
            type Ok = ();
            type Error = serde_json::Error;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
                self.item(value)
            }

            fn end(self) -> Result<(), serde_json::Error> {
                self.close();
                Ok(())
            }
        }
    )*};
}

items! {
    SerializeSeq::serialize_element;
    SerializeTuple::serialize_element;
    SerializeTupleStruct::serialize_field;
}

/// An array or object that writes its closing bracket, and gives the output back.
trait Close<'o> {
    fn close(self) -> &'o mut Vec<u8>;
}

impl<'o> Close<'o> for Items<'o> {
    fn close(self) -> &'o mut Vec<u8> {
        self.out.push(b']');
        self.out
    }
}

impl<'o> Close<'o> for Object<'o> {
    fn close(self) -> &'o mut Vec<u8> {
        self.out.push(b'}');
        self.out
    }
}

/// An object's members: each name written and checked against the others, each value
/// written after it.
struct Object<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
    seen: SeenNames<'static>,
    /// Set for the claims themselves: where their registered claims' values are.
    claims: Option<&'o mut Written>,
    /// The registered claim whose value comes next.
    value_of: Option<Registered>,
}

impl Object<'_> {
    /// Writes the separator before the next member's name.
    fn next(&mut self) {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
    }

    /// Notes the member `name` (as written, escaped: two names are the same exactly when
    /// their escaped forms are), refusing it if it was seen before.
    fn name(
        &mut self,
        name: &str,
        keep: impl FnOnce() -> Cow<'static, str>,
    ) -> Result<(), serde_json::Error> {
        self.seen.insert_with(name, keep)?;
        self.value_of = self.claims.as_ref().and(Registered::from_name(name));
        Ok(())
    }

    /// A field's member: its name, known to be a string.
    fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.next();
        serde_json::to_writer(&mut *self.out, name)?;
        self.name(name, || Cow::Borrowed(name))?;
        self.value(value)
    }

    /// Writes the value of the member just named.
    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        self.out.push(b':');
        let start = self.out.len();
        value.serialize(Writer {
            out: &mut *self.out,
            claims: None,
        })?;
        if let (Some(claim), Some(written)) = (self.value_of.take(), &mut self.claims) {
            written.push((claim, start..self.out.len()));
        }
        Ok(())
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_key<K: Serialize + ?Sized>(&mut self, key: &K) -> Result<(), serde_json::Error> {
        self.next();
        let written = write_key(self.out, key)?;
        let quoted = self.out.get(written).unwrap_or_default();
        let name = quoted
            .get(1..quoted.len().saturating_sub(1))
            .unwrap_or_default();
        let name = std::str::from_utf8(name).map_err(ser::Error::custom)?;
        self.seen
            .insert_with(name, || Cow::Owned(name.to_owned()))?;
        self.value_of = self.claims.as_ref().and(Registered::from_name(name));
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.value(value)
    }

    fn end(self) -> Result<(), serde_json::Error> {
        self.close();
        Ok(())
    }
}

/// A struct: an object, or the raw JSON text serde_json writes for its `RawValue`.
#[expect(
    clippy::large_enum_variant,
    reason = "an object on the stack, as every struct is one; boxing it would allocate"
)]
enum Struct<'o> {
    Object(Object<'o>),
    RawText(&'o mut Vec<u8>),
}

impl ser::SerializeStruct for Struct<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        match self {
            Struct::Object(object) => object.field(name, value),
            Struct::RawText(out) => {
                let serde_json::Value::String(text) = serde_json::to_value(value)? else {
                    return Err(ser::Error::custom("raw JSON text that is not a string"));
                };
                // Read as a decode would read it: repeated names refused.
                let mut read = serde_json::Deserializer::from_str(&text);
                Walk { keep: false }.deserialize(&mut read)?;
                read.end()?;
                out.extend_from_slice(text.as_bytes());
                Ok(())
            }
        }
    }

    fn end(self) -> Result<(), serde_json::Error> {
        if let Struct::Object(object) = self {
            object.close();
        }
        Ok(())
    }
}

/// An enum variant's items or members, closed with the object around them.
struct Variant<C>(C);

impl<'o> ser::SerializeTupleVariant for Variant<Items<'o>> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.0.item(value)
    }

    fn end(self) -> Result<(), serde_json::Error> {
        self.0.close().push(b'}');
        Ok(())
    }
}

impl<'o> ser::SerializeStructVariant for Variant<Object<'o>> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        self.0.field(name, value)
    }

    fn end(self) -> Result<(), serde_json::Error> {
        self.0.close().push(b'}');
        Ok(())
    }
}

/// Writes a map key as serde_json writes it (a string as it is, a number or boolean
/// quoted; anything else refused with serde_json's error), and returns where it is.
fn write_key<K: Serialize + ?Sized>(
    out: &mut Vec<u8>,
    key: &K,
) -> Result<Range<usize>, serde_json::Error> {
    let start = out.len();
    let mut json = serde_json::Serializer::new(&mut *out);
    // A map's first key: serde_json writes the map's `{`, then the key.
    let mut map = json.serialize_map(None)?;
    map.serialize_key(key)?;
    if out.get(start) == Some(&b'{') {
        out.remove(start);
    }
    Ok(start..out.len())
}
