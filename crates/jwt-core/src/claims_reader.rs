//! Reads a token's claims into the caller's type in one pass over the JSON text, with
//! the strictness of [`crate::json`] (one object, no duplicate member names at any depth,
//! nothing after it), and sets aside what validation reads: the registered claims'
//! values and the names of the other required claims.
//!
//! `decode` checks what was set aside once the caller's type is built. When this pass
//! fails, for whatever reason, `decode` reads the claims again the slow way, which
//! reports the first failure in the documented order; so this pass only has to be right
//! when it succeeds.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::forward_to_deserialize_any;
use smallvec::SmallVec;

use crate::claims::{Registered, RegisteredValues};
use crate::json::{Build, MemberName, Raw, SeenNames};
use crate::json_checked::{CheckedMap, CheckedSeed, NameDeserializer, for_each_deserialize_method};

/// What one pass sets aside for the checks.
#[derive(Debug, Default)]
pub(crate) struct Kept<'de> {
    /// The registered claims' values.
    pub(crate) registered: RegisteredValues<'de>,
    /// The other required claims present, by their index in the required list.
    pub(crate) present: SmallVec<[usize; 4]>,
}

/// What validation needs of a top-level member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Keep {
    /// The value of this registered claim.
    Value(Registered),
    /// Only that it is there: the required claim of this index.
    Presence(usize),
    /// Nothing.
    Nothing,
}

/// Builds a `T` from the claims' JSON text, setting aside in `kept` what `keep` asks
/// for.
pub(crate) fn read_once<'de, T: de::Deserialize<'de>>(
    bytes: &'de [u8],
    keep: &impl Fn(&str) -> Keep,
    kept: &mut Kept<'de>,
) -> Result<T, serde_json::Error> {
    // UTF-8 checked once for the whole text, not string by string.
    let text = std::str::from_utf8(bytes).map_err(de::Error::custom)?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let claims = T::deserialize(Top {
        deserializer: &mut deserializer,
        kept,
        keep,
    })?;
    deserializer.end()?;
    Ok(claims)
}

/// The claims object as the caller's type sees it: always an object, whatever the type
/// asks for (a type that wants something else fails, and the slow path says why).
struct Top<'a, 'de, K> {
    deserializer: &'a mut serde_json::Deserializer<serde_json::de::StrRead<'de>>,
    kept: &'a mut Kept<'de>,
    keep: &'a K,
}

impl<'de, K: Fn(&str) -> Keep> Deserializer<'de> for Top<'_, 'de, K> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserializer.deserialize_map(TopVisitor {
            visitor,
            kept: self.kept,
            keep: self.keep,
        })
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

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct TopVisitor<'a, 'de, V, K> {
    visitor: V,
    kept: &'a mut Kept<'de>,
    keep: &'a K,
}

impl<'de, V: Visitor<'de>, K: Fn(&str) -> Keep> Visitor<'de> for TopVisitor<'_, 'de, V, K> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_map<A: MapAccess<'de>>(self, access: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_map(TopMap {
            map: CheckedMap {
                access,
                seen: SeenNames::default(),
            },
            kept: self.kept,
            keep: self.keep,
            pending: Keep::Nothing,
        })
    }
}

/// The top-level members: names checked, kept members set aside as they pass.
struct TopMap<'a, 'de, A, K> {
    map: CheckedMap<'de, A>,
    kept: &'a mut Kept<'de>,
    keep: &'a K,
    /// What to keep of the member whose name was just read.
    pending: Keep,
}

impl<'de, A: MapAccess<'de>, K: Fn(&str) -> Keep> MapAccess<'de> for TopMap<'_, 'de, A, K> {
    type Error = A::Error;

    fn next_key_seed<N: DeserializeSeed<'de>>(
        &mut self,
        seed: N,
    ) -> Result<Option<N::Value>, A::Error> {
        let Some(name) = self.map.access.next_key_seed(MemberName)? else {
            return Ok(None);
        };
        self.pending = (self.keep)(&name);
        match self.pending {
            // A registered claim is a duplicate when its value is already set aside
            // (the value of the first is read before the second name): the other names
            // are all the scan has to hold.
            Keep::Value(claim) if self.kept.registered.get(claim).is_some() => {
                return Err(de::Error::custom(format_args!(
                    "duplicate member name {}",
                    crate::error::quote(&name)
                )));
            }
            Keep::Value(_) => {}
            _ => self.map.seen.insert(&name)?,
        }
        seed.deserialize(NameDeserializer::new(name)).map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, A::Error> {
        match std::mem::replace(&mut self.pending, Keep::Nothing) {
            Keep::Value(claim) => {
                let slot = self.kept.registered.slot(claim);
                let value = self.map.access.next_value_seed(Recording {
                    seed,
                    into: &mut *slot,
                })?;
                if slot.is_none() {
                    return Err(de::Error::custom(UNRECORDED));
                }
                Ok(value)
            }
            Keep::Presence(index) => {
                self.kept.present.push(index);
                self.map.access.next_value_seed(CheckedSeed(seed))
            }
            Keep::Nothing => self.map.next_value_seed(seed),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// The error that sends a value the recording does not follow to the slow path.
const UNRECORDED: &str = "a registered claim read in a way the one pass does not record";

/// A seed whose value is recorded, as the caller's type reads it, into `into`: scalars,
/// strings and arrays of them, which is all a registered claim of the right type holds.
/// A value read any other way (as a map, an enum, bytes, a 128-bit integer) is an error,
/// and the slow path reads it instead.
struct Recording<'r, 'de, S> {
    seed: S,
    into: &'r mut Option<Raw<'de>>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Recording<'_, 'de, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(RecordingDeserializer {
            inner: deserializer,
            into: self.into,
        })
    }
}

struct RecordingDeserializer<'r, 'de, D> {
    inner: D,
    into: &'r mut Option<Raw<'de>>,
}

/// Forwards `deserialize_*` methods to the inner deserializer with a recording visitor.
macro_rules! forward_recorded {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method($($arg,)* RecordingVisitor { visitor, into: self.into })
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for RecordingDeserializer<'_, 'de, D> {
    type Error = D::Error;

    for_each_deserialize_method!(forward_recorded);

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        visitor.visit_newtype_struct(self)
    }

    /// A registered claim the caller's type has no field for: read whole, strictly.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        *self.into = Some(Build.deserialize(self.inner)?);
        visitor.visit_unit()
    }
}

struct RecordingVisitor<'r, 'de, V> {
    visitor: V,
    into: &'r mut Option<Raw<'de>>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for RecordingVisitor<'_, 'de, V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<V::Value, E> {
        *self.into = Some(Raw::Bool(v));
        self.visitor.visit_bool(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<V::Value, E> {
        *self.into = Some(Raw::Int(v));
        self.visitor.visit_i64(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<V::Value, E> {
        *self.into = Some(Raw::UInt(v));
        self.visitor.visit_u64(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<V::Value, E> {
        if !v.is_finite() {
            return Err(E::custom(UNRECORDED));
        }
        *self.into = Some(Raw::Float(v));
        self.visitor.visit_f64(v)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
        *self.into = Some(Raw::Str(Cow::Borrowed(v)));
        self.visitor.visit_borrowed_str(v)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
        *self.into = Some(Raw::Str(Cow::Owned(v.to_owned())));
        self.visitor.visit_str(v)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
        *self.into = Some(Raw::Str(Cow::Owned(v.clone())));
        self.visitor.visit_string(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        *self.into = Some(Raw::Null);
        self.visitor.visit_unit()
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        *self.into = Some(Raw::Null);
        self.visitor.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<V::Value, D::Error> {
        self.visitor.visit_some(RecordingDeserializer {
            inner: deserializer,
            into: self.into,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<V::Value, D::Error> {
        self.visitor.visit_newtype_struct(RecordingDeserializer {
            inner: deserializer,
            into: self.into,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, access: A) -> Result<V::Value, A::Error> {
        let mut seq = RecordingSeq {
            access,
            items: Vec::new(),
        };
        let value = self.visitor.visit_seq(&mut seq)?;
        *self.into = Some(Raw::Array(seq.items));
        Ok(value)
    }
}

struct RecordingSeq<'de, A> {
    access: A,
    items: Vec<Raw<'de>>,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for &mut RecordingSeq<'de, A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        let mut item = None;
        let Some(value) = self.access.next_element_seed(Recording {
            seed,
            into: &mut item,
        })?
        else {
            return Ok(None);
        };
        self.items
            .push(item.ok_or_else(|| de::Error::custom(UNRECORDED))?);
        Ok(Some(value))
    }

    fn size_hint(&self) -> Option<usize> {
        self.access.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RegisteredClaims, Validation};
    use proptest::prelude::*;
    use serde::Deserialize;
    use serde_json::{Map, Value};

    fn registered(name: &str) -> Keep {
        match (Registered::from_name(name), name) {
            (Some(claim), _) => Keep::Value(claim),
            (None, "scope") => Keep::Presence(0),
            _ => Keep::Nothing,
        }
    }

    type KeptAsJson = Vec<(&'static str, Value)>;

    /// The value read, with the registered claims set aside (as JSON values, in the
    /// order of `REGISTERED_CLAIMS`) and whether `scope` was seen.
    fn read<T: de::DeserializeOwned>(text: &str) -> Result<(T, KeptAsJson, bool), String> {
        let mut kept = Kept::default();
        read_once::<T>(text.as_bytes(), &registered, &mut kept)
            .map(|claims| {
                let values = Registered::ALL
                    .into_iter()
                    .filter_map(|claim| {
                        let value = kept.registered.get(claim)?;
                        Some((claim.name(), value.to_value()))
                    })
                    .collect();
                (claims, values, kept.present.contains(&0))
            })
            .map_err(|err| err.to_string())
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Access {
        #[serde(flatten)]
        registered: RegisteredClaims,
        scope: String,
        roles: Vec<String>,
    }

    #[test]
    fn builds_the_type_and_sets_aside_what_validation_reads() {
        let text =
            r#"{"iss":"i","roles":["a"],"aud":["x","y"],"scope":"s","exp":9,"other":{"k":1}}"#;
        let (claims, kept, scope) = read::<Access>(text).unwrap();
        assert_eq!(claims, serde_json::from_str::<Access>(text).unwrap());
        assert_eq!(
            kept,
            vec![
                ("iss", Value::from("i")),
                ("aud", serde_json::json!(["x", "y"])),
                ("exp", Value::from(9)),
            ]
        );
        assert!(scope);
        let (map, _, _) = read::<Map<String, Value>>(text).unwrap();
        assert_eq!(
            Value::Object(map),
            serde_json::from_str::<Value>(text).unwrap()
        );
    }

    #[test]
    fn refuses_what_the_strict_parse_refuses() {
        for text in [
            r#"{"exp":1,"exp":2}"#,
            r#"{"exp":1,"\u0065xp":2}"#,
            r#"{"roles":[],"scope":"","other":{"k":1,"k":2}}"#,
            r#"{"roles":[],"scope":"","aud":[{"k":1,"k":2}]}"#,
            r#"{"roles":[],"scope":""} {}"#,
            r#"{"roles":[],"scope":"","iss":"\ud800"}"#,
            "[]",
        ] {
            assert!(read::<Access>(text).is_err(), "{text}");
            assert!(read::<Map<String, Value>>(text).is_err(), "{text}");
            assert!(read::<de::IgnoredAny>(text).is_err(), "{text}");
        }
    }

    /// JSON text for a value, with member names that can repeat (also after
    /// unescaping: `\u0061` is `a`) at any depth.
    fn json_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just("null".to_owned()),
            any::<bool>().prop_map(|b| b.to_string()),
            any::<i64>().prop_map(|i| i.to_string()),
            (-1e12f64..1e12).prop_map(|f| Value::from(f).to_string()),
            "[a-z\\\"\u{e9}]{0,5}".prop_map(|s| Value::String(s).to_string()),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4)
                    .prop_map(|items| format!("[{}]", items.join(","))),
                prop::collection::vec(
                    (prop_oneof![Just("a"), Just("b"), Just("\\u0061")], inner),
                    0..4
                )
                .prop_map(|members| object_text(&members)),
            ]
        })
    }

    fn object_text(members: &[(&str, String)]) -> String {
        let members: Vec<String> = members
            .iter()
            .map(|(name, value)| format!("\"{name}\":{value}"))
            .collect();
        format!("{{{}}}", members.join(","))
    }

    /// A top-level member: a registered claim with a value that passes the checks, or
    /// any name (registered, required, other, escaped) with any value.
    fn member() -> impl Strategy<Value = (&'static str, String)> {
        let valid = prop_oneof![
            Just(("exp", (crate::tests::NOW + 600).to_string())),
            Just(("iss", "\"i\"".to_owned())),
            Just(("aud", "[\"x\",\"a\"]".to_owned())),
            Just(("sub", "\"s\"".to_owned())),
            Just(("scope", "\"read\"".to_owned())),
        ];
        let names = prop_oneof![
            Just("iss"),
            Just("aud"),
            Just("exp"),
            Just("nbf"),
            Just("jti"),
            Just("scope"),
            Just("a"),
            Just("\\u0065xp"),
        ];
        prop_oneof![3 => valid, 2 => (names, json_text())]
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Typed {
        #[serde(flatten)]
        registered: RegisteredClaims,
        #[serde(default)]
        scope: Option<String>,
        #[serde(default)]
        a: Option<Value>,
    }

    /// When the one pass succeeds, its checks pass and fail as the step-by-step read's,
    /// and build the same claims; returns whether the one pass succeeded.
    fn agree<T: de::DeserializeOwned + PartialEq + fmt::Debug>(
        text: &str,
        validation: &Validation,
    ) -> bool {
        let now = crate::tests::now();
        let step_by_step = crate::token::read_step_by_step::<T>(text.as_bytes(), validation, now);
        let mut kept = Kept::default();
        let keep = |name: &str| validation.keeps(name);
        let Ok(claims) = read_once::<T>(text.as_bytes(), &keep, &mut kept) else {
            return false;
        };
        match (validation.check_kept(&kept, now), step_by_step) {
            (Ok(()), Ok(expected)) => assert_eq!(claims, expected, "{text}"),
            (Err(_), Err(_)) => {}
            (one_pass, step_by_step) => {
                panic!("{text}: one pass {one_pass:?}, step by step {step_by_step:?}")
            }
        }
        true
    }

    proptest! {
        #[test]
        fn the_one_pass_answers_as_the_step_by_step_read(
            members in prop::collection::vec(member(), 0..7)
        ) {
            let text = object_text(&members);
            for validation in [
                Validation::new(),
                Validation::new().issuer("i").audience("a").require("scope"),
            ] {
                agree::<Map<String, Value>>(&text, &validation);
                agree::<Typed>(&text, &validation);
                agree::<RegisteredClaims>(&text, &validation);
                agree::<de::IgnoredAny>(&text, &validation);
            }
        }
    }

    #[test]
    fn typical_claims_take_the_one_pass() {
        let text = format!(
            r#"{{"iss":"i","sub":"s","aud":["x","a"],"exp":{},"scope":"read","a":{{"b":[1]}}}}"#,
            crate::tests::NOW + 600
        );
        let validation = Validation::new().issuer("i").audience("a").require("scope");
        assert!(agree::<Typed>(&text, &validation));
        assert!(agree::<Map<String, Value>>(&text, &validation));
        // A duplicate, a check that fails: the one pass refuses or the checks do.
        assert!(!agree::<Typed>(
            &text.replace(r#""a":{"#, r#""exp":1,"a":{"#),
            &validation
        ));
        assert!(agree::<Typed>(
            &text.replace(r#""iss":"i""#, r#""iss":"j""#),
            &validation
        ));
    }

    /// Types that do not take an object fail here (the slow path reports them).
    #[test]
    fn other_shapes_fail() {
        assert!(read::<String>(r#"{"a":1}"#).is_err());
        assert!(read::<Vec<u8>>(r#"{"a":1}"#).is_err());
        #[derive(Debug, Deserialize)]
        enum Tagged {
            #[allow(dead_code)]
            Exp(u8),
        }
        assert!(read::<Tagged>(r#"{"Exp":1}"#).is_err());
        let (ignored, kept, scope) = read::<de::IgnoredAny>(r#"{"exp":1,"x":[{}]}"#).unwrap();
        assert_eq!(ignored, de::IgnoredAny);
        assert_eq!(kept, vec![("exp", Value::from(1))]);
        assert!(!scope);
    }
}
