//! Writes the claims as JSON and checks them in the same pass, for `encode`: the claims
//! must be a JSON object without duplicate member names, and the registered claims must
//! have the types `decode` requires. A struct of names, numbers, strings and arrays (what
//! claims usually are) is checked as it is written, with no second parse; anything else
//! (a nested object, an enum at the top) is written plainly and parsed back, as before,
//! so the rules are the same for every shape.

use std::borrow::Cow;
use std::fmt::Display;

use serde::ser::{self, Impossible, Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::claims::{ClaimsView, REGISTERED_CLAIMS, Registered};
use crate::error::{Error, ErrorKind};
use crate::json::{self, Member, Raw, SeenNames};
use crate::json_writer::{ValueWriter, write_str};

/// The registered claims met, held inline (there are seven).
type CapturedClaims = smallvec::SmallVec<[Member<'static>; 7]>;

/// Why the single pass stopped: a rule broken, or a shape it leaves to the parse.
const FALLBACK: &str = crate::json_writer::UNSUPPORTED;

/// Appends the claims' JSON to `out` after checking them (see the module docs).
pub(crate) fn write_claims<C: Serialize + ?Sized>(
    claims: &C,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    let start = out.len();
    if write_in_one_pass(claims, out)? {
        return Ok(());
    }
    out.truncate(start);
    write_and_parse_back(claims, out)
}

/// The single pass: `Ok(true)` when the claims were written and checked, `Ok(false)`
/// when they are left to the parse (a shape it does not take, or a registered claim of
/// the wrong type, which the parse names exactly).
fn write_in_one_pass<C: Serialize + ?Sized>(claims: &C, out: &mut Vec<u8>) -> Result<bool, Error> {
    let mut registered = CapturedClaims::new();
    let written = claims.serialize(TopLevel {
        out,
        registered: &mut registered,
    });
    match written {
        Ok(()) => Ok(ClaimsView::from_members(&registered).is_ok()),
        Err(err) if err.to_string() != FALLBACK => Err(not_an_object(&err)),
        Err(_) => Ok(false),
    }
}

/// The general path: serde_json writes the claims, and the strict parser reads them back.
fn write_and_parse_back<C: Serialize + ?Sized>(claims: &C, out: &mut Vec<u8>) -> Result<(), Error> {
    let start = out.len();
    serde_json::to_writer(&mut *out, claims).map_err(|err| {
        Error::new(
            ErrorKind::InvalidClaim,
            format!("the claims cannot be written as JSON: {err}"),
        )
        .with_source(err)
    })?;
    let registered = json::parse_object(out.get(start..).unwrap_or_default(), &|name| {
        REGISTERED_CLAIMS.contains(&name)
    })
    .map_err(|err| not_an_object(&err))?;
    ClaimsView::from_members(&registered)?;
    Ok(())
}

fn not_an_object(err: &serde_json::Error) -> Error {
    Error::new(
        ErrorKind::InvalidClaim,
        format!("the claims must serialize to a JSON object without duplicate members: {err}"),
    )
}

fn fallback<T>() -> Result<T, serde_json::Error> {
    Err(ser::Error::custom(FALLBACK))
}

/// The claims themselves: only an object (a struct or a map) is written in one pass.
struct TopLevel<'a> {
    out: &'a mut Vec<u8>,
    registered: &'a mut CapturedClaims,
}

/// Every non-object shape at the top falls back to the parse, which refuses it with the
/// parser's own message.
macro_rules! fall_back {
    ($($method:ident($($arg:ty),*);)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> {
            fallback()
        })*
    };
}

impl<'a> Serializer for TopLevel<'a> {
    type Ok = ();
    type Error = serde_json::Error;
    type SerializeSeq = Impossible<(), serde_json::Error>;
    type SerializeTuple = Impossible<(), serde_json::Error>;
    type SerializeTupleStruct = Impossible<(), serde_json::Error>;
    type SerializeTupleVariant = Impossible<(), serde_json::Error>;
    type SerializeMap = TopMembers<'a>;
    type SerializeStruct = TopMembers<'a>;
    type SerializeStructVariant = Impossible<(), serde_json::Error>;

    fall_back! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_str(&str); serialize_bytes(&[u8]); serialize_none(); serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Self::Error> {
        value.serialize(self)
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
        fallback()
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        fallback()
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Self::Error> {
        fallback()
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Self::Error> {
        fallback()
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        fallback()
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        self.out.push(b'{');
        Ok(TopMembers {
            out: self.out,
            first: true,
            seen: SeenNames::default(),
            registered: self.registered,
            pending: None,
        })
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, Self::Error> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        fallback()
    }
}

/// The members of the claims object: names checked for duplicates, registered claims
/// captured for the type checks, values written by [`ValueWriter`].
struct TopMembers<'a> {
    out: &'a mut Vec<u8>,
    /// Whether no member is written yet.
    first: bool,
    /// The names other than registered claims' (those are in `registered`).
    seen: SeenNames<'static>,
    registered: &'a mut CapturedClaims,
    /// The name of the member whose value comes next.
    pending: Option<Cow<'static, str>>,
}

impl TopMembers<'_> {
    fn name(&mut self, name: &str) -> Result<(), serde_json::Error> {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
        write_str(self.out, name)?;
        self.out.push(b':');
        Ok(())
    }

    fn member<T: Serialize + ?Sized>(
        &mut self,
        name: Cow<'static, str>,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        if let Some(claim) = Registered::from_name(&name) {
            if self.registered.iter().any(|(met, _)| met == claim.name()) {
                return Err(ser::Error::custom(format_args!(
                    "duplicate member name {}",
                    crate::error::quote(&name)
                )));
            }
            let keep_strings = matches!(claim, Registered::Exp | Registered::Nbf | Registered::Iat);
            let captured = value.serialize(Capture { keep_strings })?;
            self.registered
                .push((Cow::Borrowed(claim.name()), captured));
        } else {
            self.seen.insert::<serde_json::Error>(&name)?;
        }
        value.serialize(ValueWriter { out: self.out })
    }
}

impl SerializeMap for TopMembers<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Self::Error> {
        let name = key.serialize(MemberName)?;
        self.name(&name)?;
        self.pending = Some(name);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        let Some(name) = self.pending.take() else {
            return fallback();
        };
        self.member(name, value)
    }

    fn end(self) -> Result<(), Self::Error> {
        self.out.push(b'}');
        Ok(())
    }
}

impl ser::SerializeStruct for TopMembers<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.name(name)?;
        self.member(Cow::Borrowed(name), value)
    }

    fn end(self) -> Result<(), Self::Error> {
        SerializeMap::end(self)
    }
}

/// A member name: any string (an owned copy, as the key's lifetime is unknown).
struct MemberName;

impl Serializer for MemberName {
    type Ok = Cow<'static, str>;
    type Error = serde_json::Error;
    type SerializeSeq = Impossible<Self::Ok, serde_json::Error>;
    type SerializeTuple = Impossible<Self::Ok, serde_json::Error>;
    type SerializeTupleStruct = Impossible<Self::Ok, serde_json::Error>;
    type SerializeTupleVariant = Impossible<Self::Ok, serde_json::Error>;
    type SerializeMap = Impossible<Self::Ok, serde_json::Error>;
    type SerializeStruct = Impossible<Self::Ok, serde_json::Error>;
    type SerializeStructVariant = Impossible<Self::Ok, serde_json::Error>;

    fn serialize_str(self, name: &str) -> Result<Self::Ok, Self::Error> {
        Ok(Cow::Owned(name.to_owned()))
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, Self::Error> {
        Ok(Cow::Borrowed(variant))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok, Self::Error> {
        value.serialize(self)
    }

    fall_back! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_bytes(&[u8]); serialize_none(); serialize_unit();
        serialize_unit_struct(&'static str);
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _value: &T) -> Result<Self::Ok, Self::Error> {
        fallback()
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Self::Ok, Self::Error> {
        fallback()
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        fallback()
    }

    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Self::Error> {
        fallback()
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Self::Error> {
        fallback()
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        fallback()
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        fallback()
    }

    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Self::Error> {
        fallback()
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        fallback()
    }
}

/// A registered claim's value as a [`Raw`], for the type checks `decode` applies; the
/// strings are left out unless an error message would quote them. An object anywhere
/// inside is left to the parse.
struct Capture {
    keep_strings: bool,
}

impl Serializer for Capture {
    type Ok = Raw<'static>;
    type Error = serde_json::Error;
    type SerializeSeq = CapturedItems;
    type SerializeTuple = CapturedItems;
    type SerializeTupleStruct = CapturedItems;
    type SerializeTupleVariant = Impossible<Self::Ok, serde_json::Error>;
    type SerializeMap = Impossible<Self::Ok, serde_json::Error>;
    type SerializeStruct = Impossible<Self::Ok, serde_json::Error>;
    type SerializeStructVariant = Impossible<Self::Ok, serde_json::Error>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok, Self::Error> {
        Ok(Raw::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok, Self::Error> {
        Ok(Raw::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok, Self::Error> {
        Ok(Raw::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok, Self::Error> {
        Ok(Raw::Int(v.into()))
    }
    /// serde_json writes a non-negative `i64` as it would a `u64`, and reads it back so.
    fn serialize_i64(self, v: i64) -> Result<Self::Ok, Self::Error> {
        Ok(u64::try_from(v).map_or(Raw::Int(v), Raw::UInt))
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok, Self::Error> {
        match (u64::try_from(v), i64::try_from(v)) {
            (Ok(u), _) => Ok(Raw::UInt(u)),
            (_, Ok(i)) => Ok(Raw::Int(i)),
            _ => fallback(),
        }
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok, Self::Error> {
        Ok(Raw::UInt(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok, Self::Error> {
        Ok(Raw::UInt(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok, Self::Error> {
        Ok(Raw::UInt(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok, Self::Error> {
        Ok(Raw::UInt(v))
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok, Self::Error> {
        u64::try_from(v).map_or_else(|_| fallback(), |u| Ok(Raw::UInt(u)))
    }
    /// Floats are left to the parse: how serde_json writes one (`1.0`, `1e300`, `null`
    /// for NaN) decides how it reads back.
    fn serialize_f32(self, _v: f32) -> Result<Self::Ok, Self::Error> {
        fallback()
    }
    fn serialize_f64(self, _v: f64) -> Result<Self::Ok, Self::Error> {
        fallback()
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok, Self::Error> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok, Self::Error> {
        Ok(Raw::Str(if self.keep_strings {
            Cow::Owned(v.to_owned())
        } else {
            Cow::Borrowed("")
        }))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok, Self::Error> {
        let mut items = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            items.serialize_element(byte)?;
        }
        SerializeSeq::end(items)
    }
    fn serialize_none(self) -> Result<Self::Ok, Self::Error> {
        Ok(Raw::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, Self::Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, Self::Error> {
        Ok(Raw::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok, Self::Error> {
        Ok(Raw::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, Self::Error> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok, Self::Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Self::Ok, Self::Error> {
        fallback()
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, Self::Error> {
        Ok(CapturedItems {
            keep_strings: self.keep_strings,
            items: Vec::with_capacity(len.unwrap_or(0).min(64)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, Self::Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, Self::Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Self::Error> {
        fallback()
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Self::Error> {
        fallback()
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Self::Error> {
        fallback()
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Self::Error> {
        fallback()
    }
    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<Self::Ok, Self::Error> {
        self.serialize_str(&value.to_string())
    }
}

/// The items of an array being captured.
struct CapturedItems {
    keep_strings: bool,
    items: Vec<Raw<'static>>,
}

impl SerializeSeq for CapturedItems {
    type Ok = Raw<'static>;
    type Error = serde_json::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        let item = value.serialize(Capture {
            keep_strings: self.keep_strings,
        })?;
        self.items.push(item);
        Ok(())
    }

    fn end(self) -> Result<Self::Ok, Self::Error> {
        Ok(Raw::Array(self.items))
    }
}

impl ser::SerializeTuple for CapturedItems {
    type Ok = Raw<'static>;
    type Error = serde_json::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<Self::Ok, Self::Error> {
        SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for CapturedItems {
    type Ok = Raw<'static>;
    type Error = serde_json::Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<Self::Ok, Self::Error> {
        SerializeSeq::end(self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde::ser::SerializeMap as _;
    use serde_json::{Value, json};

    use super::*;

    /// The one-pass writer and the write-and-parse path: the same bytes, or the same
    /// refusal (kind and claim).
    fn same_as_parse_back<C: Serialize + ?Sized>(claims: &C) -> Result<Vec<u8>, Error> {
        let (mut fast, mut slow) = (b"prefix".to_vec(), b"prefix".to_vec());
        let one_pass = write_claims(claims, &mut fast).map(|()| fast);
        let parsed = write_and_parse_back(claims, &mut slow).map(|()| slow);
        match (&one_pass, &parsed) {
            (Ok(a), Ok(b)) => assert_eq!(a, b),
            (Err(a), Err(b)) => {
                assert_eq!((a.kind(), a.claim()), (b.kind(), b.claim()), "{a} / {b}")
            }
            _ => panic!("one pass {one_pass:?}, parsed back {parsed:?}"),
        }
        one_pass.map(|bytes| bytes.get(6..).unwrap_or_default().to_vec())
    }

    /// Writes the member `name` twice, at the top or inside `inner`.
    struct Twice {
        name: &'static str,
        nested: bool,
    }

    impl Serialize for Twice {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            if self.nested {
                map.serialize_entry(
                    "inner",
                    &Twice {
                        name: self.name,
                        nested: false,
                    },
                )?;
            } else {
                map.serialize_entry(self.name, &1)?;
                map.serialize_entry(self.name, &2)?;
            }
            map.end()
        }
    }

    #[derive(serde::Serialize)]
    struct Flattened {
        sub: &'static str,
        #[serde(flatten)]
        extra: BTreeMap<&'static str, Value>,
    }

    #[derive(serde::Serialize)]
    enum Shape {
        Unit,
        Object { exp: u64 },
    }

    #[test]
    fn typical_claims_take_the_single_pass() {
        #[derive(serde::Serialize)]
        struct Access<'a> {
            #[serde(flatten)]
            registered: &'a crate::RegisteredClaims,
            scope: &'a str,
            roles: [&'a str; 2],
        }
        let registered = crate::RegisteredClaims {
            iss: Some("https://auth.example".into()),
            sub: Some("alice".into()),
            aud: Some("api".into()),
            exp: crate::NumericDate::from_unix_seconds(1_900_000_000).ok(),
            jti: Some("j".into()),
            ..Default::default()
        };
        let mut out = Vec::new();
        assert!(write_in_one_pass(&registered, &mut out).unwrap());
        let access = Access {
            registered: &registered,
            scope: "read",
            roles: ["a", "b"],
        };
        assert!(write_in_one_pass(&access, &mut Vec::new()).unwrap());
        assert!(write_in_one_pass(&json!({"exp": 5, "aud": ["a"]}), &mut Vec::new()).unwrap());
        // Nested objects and floats take the parse.
        assert!(!write_in_one_pass(&json!({"cnf": {"jkt": "x"}}), &mut Vec::new()).unwrap());
        assert!(!write_in_one_pass(&json!({"exp": 1.5}), &mut Vec::new()).unwrap());
        same_as_parse_back(&access).unwrap();
    }

    #[test]
    fn refuses_and_accepts_as_the_parse_does() {
        for name in ["a", "exp"] {
            for nested in [false, true] {
                let err = same_as_parse_back(&Twice { name, nested }).unwrap_err();
                assert!(err.to_string().contains("duplicate member name"), "{err}");
            }
        }
        let flattened = Flattened {
            sub: "alice",
            extra: BTreeMap::from([("sub", json!("mallory"))]),
        };
        assert!(same_as_parse_back(&flattened).is_err());
        for bad in [
            json!(["not", "an", "object"]),
            json!(null),
            json!({"exp": "tomorrow"}),
            json!({"exp": null}),
            json!({"iss": 5}),
            json!({"aud": ["a", 5]}),
            json!({"aud": {"a": 1}}),
            json!({"jti": ["x"]}),
            json!({"nbf": 1e300}),
            json!({"iat": -1e300}),
        ] {
            let err = same_as_parse_back(&bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidClaim, "{bad}");
        }
        for good in [
            json!({}),
            json!({"exp": 1_900_000_000, "nbf": 1.5, "aud": ["a", "b"], "iss": "i", "x": {"y": [1, {"z": null}]}}),
            json!({"exp": -5, "sub": "\u{e9}\"\\", "scope": "a b", "n": u64::MAX, "m": i64::MIN}),
        ] {
            same_as_parse_back(&good).unwrap();
        }
        same_as_parse_back(&Shape::Object { exp: 5 }).unwrap();
        assert!(same_as_parse_back(&Shape::Unit).is_err());
        same_as_parse_back(&Some(BTreeMap::from([(1u8, 'c')]))).unwrap();
        same_as_parse_back(&BTreeMap::from([("exp", 7i128), ("iat", 0)])).unwrap();
        same_as_parse_back(&BTreeMap::from([("aud", serde_bytes_like(b"ab"))])).unwrap_err();
    }

    /// Bytes, which serde_json writes as an array of numbers.
    fn serde_bytes_like(bytes: &'static [u8]) -> Vec<u8> {
        bytes.to_vec()
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            (-1e12f64..1e12).prop_map(Value::from),
            "[a-z\"\\\\\n\u{1}\u{7f}\u{e9}]{0,4}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 16, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map("[a-c]", inner, 0..3)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Any object, registered claims of any type among its members: the two paths
        /// agree.
        #[test]
        fn agrees_with_the_parse_on_any_object(
            members in prop::collection::btree_map(
                prop_oneof![Just("exp".to_owned()), Just("aud".to_owned()), Just("iss".to_owned()), "[a-z]{1,3}"],
                json_value(),
                0..6,
            )
        ) {
            let _ = same_as_parse_back(&members);
        }
    }
}
