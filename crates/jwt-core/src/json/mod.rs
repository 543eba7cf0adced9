//! JSON in and out of tokens, one path each way.
//!
//! **Reading** ([`read`]): a token's header and claims are JSON objects read by one strict
//! reader, a visitor over serde_json's own parser. It refuses what serde_json would let
//! through silently (a repeated member name at any depth, `\u`-escaped spellings
//! included) and hands the top-level members its caller asks for over as borrowed
//! [`Raw`] values: the header's members become the [`Header`](crate::Header), the
//! registered claims go to the checks. A decode reads the claims twice over the same
//! text: first this reader (the format rules, then the claim checks on what it handed
//! over), then `serde_json::from_str` builds the caller's type. So a decode accepts
//! exactly what serde_json accepts for that type and the rules allow, with serde_json's
//! value, and reports the first broken rule before any complaint about the type.
//!
//! **Writing** ([`write`]): `encode` writes the claims with serde_json and reads them back
//! with the same strict reader, so a token is only made when a decode would read it:
//! one JSON object, no repeated member names, registered claims of the right types.

mod key;
mod names;
pub(crate) mod read;
pub(crate) mod strict;
pub(crate) mod write;

#[cfg(test)]
mod equivalence;

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
