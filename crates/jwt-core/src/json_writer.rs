//! Writes JSON values that hold no object (scalars, strings, arrays of them) straight
//! into a buffer, byte for byte as serde_json's compact serializer writes them, for the
//! claims writer. A string without characters to escape (nearly every claim) is copied
//! whole, not looked at byte by byte; any other string is written by serde_json itself.
//! What this writer does not take (an object, a float, an enum variant with content)
//! ends the write with [`UNSUPPORTED`], and the caller writes the value another way.

use std::fmt::Display;

use serde::ser::{self, Impossible, Serialize, SerializeSeq, Serializer};

/// The error message of a value this writer leaves to the caller.
pub(crate) const UNSUPPORTED: &str = "\u{0}jwt-core: write plainly and parse back";

fn unsupported<T>() -> Result<T, serde_json::Error> {
    Err(ser::Error::custom(UNSUPPORTED))
}

/// Appends `s` as a JSON string, as serde_json writes it.
pub(crate) fn write_str(out: &mut Vec<u8>, s: &str) -> Result<(), serde_json::Error> {
    if needs_escaping(s.as_bytes()) {
        return serde_json::to_writer(out, s);
    }
    out.reserve(s.len() + 2);
    out.push(b'"');
    out.extend_from_slice(s.as_bytes());
    out.push(b'"');
    Ok(())
}

/// Whether any byte must be escaped in a JSON string: a quote, a backslash or a control
/// character. Looks at 8 bytes at a time with exact word tests (a byte is zero in a word
/// exactly when `(w - 0x01…01) & !w & 0x80…80` is not zero; below `n` for `n <= 0x80`,
/// with `n` in place of 1).
fn needs_escaping(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGHS != 0;
    let has_below_space = |w: u64| w.wrapping_sub(ONES * 0x20) & !w & HIGHS != 0;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let Some(word) = word.first_chunk::<8>() else {
            continue;
        };
        let w = u64::from_ne_bytes(*word);
        if has_below_space(w) || has_zero(w ^ (ONES * 0x22)) || has_zero(w ^ (ONES * 0x5c)) {
            return true;
        }
    }
    words
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// A value's JSON, appended to `out`.
pub(crate) struct ValueWriter<'o> {
    pub(crate) out: &'o mut Vec<u8>,
}

impl ValueWriter<'_> {
    fn integer(self, v: impl itoa::Integer) -> Result<(), serde_json::Error> {
        self.out
            .extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
        Ok(())
    }

    fn raw(self, text: &str) -> Result<(), serde_json::Error> {
        self.out.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

impl<'o> Serializer for ValueWriter<'o> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = ItemsWriter<'o>;
    type SerializeTuple = ItemsWriter<'o>;
    type SerializeTupleStruct = ItemsWriter<'o>;
    type SerializeTupleVariant = Impossible<(), serde_json::Error>;
    type SerializeMap = Impossible<(), serde_json::Error>;
    type SerializeStruct = Impossible<(), serde_json::Error>;
    type SerializeStructVariant = Impossible<(), serde_json::Error>;

    fn serialize_bool(self, v: bool) -> Result<(), Self::Error> {
        self.raw(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), Self::Error> {
        self.integer(v)
    }
    fn serialize_i16(self, v: i16) -> Result<(), Self::Error> {
        self.integer(v)
    }
    fn serialize_i32(self, v: i32) -> Result<(), Self::Error> {
        self.integer(v)
    }
    fn serialize_i64(self, v: i64) -> Result<(), Self::Error> {
        self.integer(v)
    }
    fn serialize_i128(self, v: i128) -> Result<(), Self::Error> {
        self.integer(v)
    }
    fn serialize_u8(self, v: u8) -> Result<(), Self::Error> {
        self.integer(v)
    }
    fn serialize_u16(self, v: u16) -> Result<(), Self::Error> {
        self.integer(v)
    }
    fn serialize_u32(self, v: u32) -> Result<(), Self::Error> {
        self.integer(v)
    }
    fn serialize_u64(self, v: u64) -> Result<(), Self::Error> {
        self.integer(v)
    }
    fn serialize_u128(self, v: u128) -> Result<(), Self::Error> {
        self.integer(v)
    }
    /// Floats are left to the caller: how serde_json writes one (`1.0`, `1e300`, `null`
    /// for NaN) decides how it reads back.
    fn serialize_f32(self, _v: f32) -> Result<(), Self::Error> {
        unsupported()
    }
    fn serialize_f64(self, _v: f64) -> Result<(), Self::Error> {
        unsupported()
    }
    fn serialize_char(self, v: char) -> Result<(), Self::Error> {
        write_str(self.out, v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Self::Error> {
        write_str(self.out, v)
    }
    /// As serde_json: an array of numbers.
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Self::Error> {
        let mut items = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            items.serialize_element(byte)?;
        }
        SerializeSeq::end(items)
    }
    fn serialize_none(self) -> Result<(), Self::Error> {
        self.raw("null")
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Self::Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Self::Error> {
        self.raw("null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Self::Error> {
        self.raw("null")
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Self::Error> {
        write_str(self.out, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Self::Error> {
        unsupported()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<ItemsWriter<'o>, Self::Error> {
        self.out.push(b'[');
        Ok(ItemsWriter {
            out: self.out,
            first: true,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<ItemsWriter<'o>, Self::Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<ItemsWriter<'o>, Self::Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        unsupported()
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        unsupported()
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Self::Error> {
        unsupported()
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        unsupported()
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<(), Self::Error> {
        write_str(self.out, &value.to_string())
    }
}

/// The items of an array being written.
pub(crate) struct ItemsWriter<'o> {
    out: &'o mut Vec<u8>,
    first: bool,
}

impl SerializeSeq for ItemsWriter<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
        value.serialize(ValueWriter { out: self.out })
    }

    fn end(self) -> Result<(), Self::Error> {
        self.out.push(b']');
        Ok(())
    }
}

impl ser::SerializeTuple for ItemsWriter<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Self::Error> {
        SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for ItemsWriter<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<(), Self::Error> {
        SerializeSeq::end(self)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::*;

    fn written<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
        let mut out = b"x".to_vec();
        value.serialize(ValueWriter { out: &mut out })?;
        Ok(out.split_off(1))
    }

    fn same_as_serde_json<T: Serialize + ?Sized + std::fmt::Debug>(value: &T) {
        let expected = serde_json::to_vec(value).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&written(value).unwrap()),
            String::from_utf8_lossy(&expected),
            "{value:?}"
        );
    }

    #[derive(serde::Serialize, Debug)]
    enum Role {
        Reader,
    }

    #[derive(serde::Serialize, Debug)]
    struct Id(u32);

    #[test]
    fn writes_what_serde_json_writes() {
        same_as_serde_json(&json!([
            true,
            false,
            null,
            -1,
            0,
            u64::MAX,
            i64::MIN,
            "",
            "a"
        ]));
        same_as_serde_json(&(1u8, -2i16, 3u32, i128::MIN, u128::MAX, 'é', '"'));
        same_as_serde_json(&[Some("x"), None]);
        same_as_serde_json(&(Role::Reader, Id(7), ()));
        same_as_serde_json(&b"bytes"[..]);
        same_as_serde_json(&Vec::<u8>::new());
        // Every byte that must be escaped, at every place in a 16-byte block and past it.
        for escaped in ['"', '\\', '\n', '\u{0}', '\u{1f}'] {
            for at in 0..40 {
                let mut s = "a".repeat(40);
                s.replace_range(at..=at, &escaped.to_string());
                same_as_serde_json(&s);
            }
        }
        same_as_serde_json("\u{7f} \u{e9} \u{2028} \u{1F600} / <>");
    }

    #[test]
    fn leaves_objects_floats_and_variants_with_content_to_the_caller() {
        for value in [json!({}), json!([1, {"a": 1}]), json!(1.5), json!([0.5])] {
            let err = written(&value).unwrap_err();
            assert_eq!(err.to_string(), UNSUPPORTED);
        }
        #[derive(serde::Serialize)]
        enum Content {
            New(u8),
        }
        assert!(written(&Content::New(1)).is_err());
    }

    proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(s in "\\PC{0,40}|[\\x00-\\x7f]{0,40}") {
            same_as_serde_json(&s);
        }

        #[test]
        fn any_array_of_scalars_is_written_as_serde_json_writes_it(
            items in prop::collection::vec(prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                any::<i64>().prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
                "[a-z\"\\\\\\n\\x01\u{e9}]{0,20}".prop_map(Value::String),
            ], 0..6)
        ) {
            same_as_serde_json(&items);
        }
    }
}
