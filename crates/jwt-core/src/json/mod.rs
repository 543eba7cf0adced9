//! JSON in and out of tokens, one path each way.
//!
//! **Reading the claims** ([`strict`]): a decode reads the claims once, straight into the
//! caller's type, with serde_json's own deserializer. A thin wrapper watches what
//! serde_json hands the type's visitors: every object on the way, whether the type reads
//! or skips it, is refused if a member name repeats (after unescaping); map keys go to
//! the type as serde_json hands them ([`key`]); the claims must be an object; and the
//! registered claims' values are noted as they pass, for the checks that follow. So a
//! decode accepts exactly what `serde_json::from_str` accepts for that type and the token
//! rules allow, with serde_json's value (jwt-test's `json_equivalence` property test and
//! fuzz target hold it to that). When
//! the pass fails, nothing is read again to build a value: the token is refused, and the
//! strict reader below only says why, in the documented order of checks.
//!
//! **Reading anything else** ([`read`]): the header, a refused token's claims and other
//! documents with the token rules (a JWK, a JWK Set) go through one strict reader, a
//! visitor over serde_json's parser with the same name check ([`names`]), which hands the
//! top-level members its caller asks for over as [`Raw`] values borrowed from the text.
//!
//! **Writing** ([`write`]): serde_json writes the claims and the header, and the strict
//! reader reads the claims back, so a token is only made when a decode would read it.

mod key;
mod names;
pub(crate) mod read;
pub(crate) mod strict;
pub(crate) mod write;

use std::borrow::Cow;

use serde_json::{Map, Number, Value};

pub use read::parse_json_object;
pub(crate) use read::read_object;

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
    Object(Vec<Member<'de>>),
}

/// One member of an object: its name and value.
pub(crate) type Member<'de> = (Cow<'de, str>, Raw<'de>);

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
