//! The JSON path's contract, held on generated JSON: for a caller's type `T`, `decode`
//! accepts exactly what `serde_json::from_slice::<T>` accepts and the token rules allow,
//! with serde_json's value; `encode` writes serde_json's bytes whenever it accepts. The
//! JSON is generated as a tree whose member names are known after unescaping, so what
//! the rules allow is worked out here from the tree, not by the reader under test.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::collections::HashMap;

use jwt_strict::{
    Algorithm, ErrorKind, Header, NumericDate, RegisteredClaims, Validation, decode_at, encode,
};
use jwt_test::fuzz_targets::signed_token;
use jwt_test::json_equivalence::{
    Exotic, RawClaims, Typed, decodes_as_serde_json, encodes_as_serde_json, key,
};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// Generated JSON: each leaf's text and what it is; each member name as written and as
/// read.
#[derive(Clone, Debug)]
enum Node {
    Leaf(&'static str, Leaf),
    Array(Vec<Node>),
    Object(Vec<(Name, Node)>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Leaf {
    Null,
    Bool,
    /// A number a NumericDate can hold.
    Date,
    /// A number out of a NumericDate's range.
    Number,
    Str,
}

/// A member name: its JSON spelling (escaped or not) and the name it reads as.
type Name = (&'static str, &'static str);

const LEAVES: [(&str, Leaf); 24] = [
    ("null", Leaf::Null),
    ("true", Leaf::Bool),
    ("false", Leaf::Bool),
    ("0", Leaf::Date),
    ("-0", Leaf::Date),
    ("1", Leaf::Date),
    ("2", Leaf::Date),
    ("-1", Leaf::Date),
    ("1800000600", Leaf::Date),
    ("1.5", Leaf::Date),
    ("1e3", Leaf::Date),
    ("-2.5E-3", Leaf::Date),
    ("18446744073709551615", Leaf::Number),
    ("-9223372036854775808", Leaf::Number),
    ("1e300", Leaf::Number),
    ("\"x\"", Leaf::Str),
    ("\"\"", Leaf::Str),
    ("\"Admin\"", Leaf::Str),
    ("\"Reader\"", Leaf::Str),
    ("\"\\u0041dmin\"", Leaf::Str),
    ("\"esc\\\"aped\\n\"", Leaf::Str),
    ("\"\u{e9}\\ud83d\\ude00\"", Leaf::Str),
    ("\"1\"", Leaf::Str),
    ("\"true\"", Leaf::Str),
];

/// Top-level names: the registered claims (two of them also escaped) and the fields of
/// [`Typed`].
const TOP_NAMES: [Name; 16] = [
    ("iss", "iss"),
    ("sub", "sub"),
    ("aud", "aud"),
    ("exp", "exp"),
    ("nbf", "nbf"),
    ("iat", "iat"),
    ("jti", "jti"),
    ("\\u0065xp", "exp"),
    ("a\\u0075d", "aud"),
    ("role", "role"),
    ("ids", "ids"),
    ("flags", "flags"),
    ("wrap", "wrap"),
    ("pair", "pair"),
    ("a", "a"),
    ("\\u0061", "a"),
];

/// Names inside: map keys serde reads as numbers and booleans (and spellings of them it
/// refuses: a leading zero, a sign, a space, an escape), enum variants, a field.
const INNER_NAMES: [Name; 17] = [
    ("k", "k"),
    ("\\u006b", "k"),
    ("1", "1"),
    ("2", "2"),
    ("01", "01"),
    ("-1", "-1"),
    ("1 ", "1 "),
    ("1.0", "1.0"),
    ("\\u0031", "1"),
    ("true", "true"),
    ("tru\\u0065", "true"),
    ("false", "false"),
    ("Admin", "Admin"),
    ("Reader", "Reader"),
    ("Pair", "Pair"),
    ("Scoped", "Scoped"),
    ("scope", "scope"),
];

fn node(names: &'static [Name]) -> impl Strategy<Value = Node> {
    let leaf = prop::sample::select(&LEAVES[..]).prop_map(|(text, what)| Node::Leaf(text, what));
    leaf.prop_recursive(4, 32, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Node::Array),
            prop::collection::vec((prop::sample::select(names), inner), 0..4)
                .prop_map(Node::Object),
        ]
    })
}

fn claims() -> impl Strategy<Value = Node> {
    let member = (prop::sample::select(&TOP_NAMES[..]), node(&INNER_NAMES));
    prop::collection::vec(member, 0..8).prop_map(Node::Object)
}

impl Node {
    fn text(&self) -> String {
        match self {
            Node::Leaf(text, _) => (*text).to_owned(),
            Node::Array(items) => {
                let items: Vec<String> = items.iter().map(Node::text).collect();
                format!("[{}]", items.join(","))
            }
            Node::Object(members) => {
                let members: Vec<String> = members
                    .iter()
                    .map(|((spelling, _), value)| format!("\"{spelling}\":{}", value.text()))
                    .collect();
                format!("{{{}}}", members.join(","))
            }
        }
    }

    /// Whether an object anywhere in it has a name twice (as read, after unescaping).
    fn repeats_a_name(&self) -> bool {
        match self {
            Node::Leaf(..) => false,
            Node::Array(items) => items.iter().any(Node::repeats_a_name),
            Node::Object(members) => {
                let repeated = members.iter().enumerate().any(|(i, ((_, name), _))| {
                    members
                        .iter()
                        .skip(i + 1)
                        .any(|((_, other), _)| other == name)
                });
                repeated || members.iter().any(|(_, value)| value.repeats_a_name())
            }
        }
    }

    fn is(&self, leaf: Leaf) -> bool {
        matches!(self, Node::Leaf(_, what) if *what == leaf)
    }

    /// Whether the registered claims among the top-level members have the types and
    /// values `decode` requires under `json_equivalence::lenient` validation, which refuses an empty
    /// `aud` array (it names no accepted audience) where `encode` takes it.
    fn registered_claims_pass(&self, empty_aud: bool) -> bool {
        let Node::Object(members) = self else {
            return false;
        };
        members.iter().all(|((_, name), value)| match *name {
            "iss" | "sub" | "jti" => value.is(Leaf::Str),
            "exp" | "nbf" | "iat" => value.is(Leaf::Date),
            "aud" => match value {
                Node::Leaf(_, Leaf::Str) => true,
                Node::Array(items) => {
                    (empty_aud || !items.is_empty()) && items.iter().all(|i| i.is(Leaf::Str))
                }
                _ => false,
            },
            _ => true,
        })
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decode_and_encode_answer_as_serde_json_under_the_token_rules(claims in claims()) {
        let text = claims.text();
        let well_formed = !claims.repeats_a_name();
        let allowed = well_formed && claims.registered_claims_pass(false);
        let (text, allowed) = (text.as_bytes(), Some(allowed));
        decodes_as_serde_json::<Map<String, Value>>(text, allowed);
        decodes_as_serde_json::<Value>(text, allowed);
        decodes_as_serde_json::<IgnoredAny>(text, allowed);
        decodes_as_serde_json::<RegisteredClaims>(text, allowed);
        decodes_as_serde_json::<Exotic>(text, allowed);
        decodes_as_serde_json::<RawClaims>(text, allowed);
        if let Some(typed) = decodes_as_serde_json::<Typed>(text, allowed) {
            encodes_as_serde_json(&typed, true);
        }
        if well_formed {
            let value: Value = serde_json::from_slice(text).unwrap();
            encodes_as_serde_json(&value, claims.registered_claims_pass(true));
        }
    }
}

/// The two places where last round's fast and slow paths disagreed with serde_json.
#[test]
fn a_unit_variant_is_not_a_newtype_variant_and_integer_and_boolean_keys_read() {
    let unit_for_newtype = r#"{"role":"Admin"}"#;
    assert!(serde_json::from_str::<Typed>(unit_for_newtype).is_err());
    assert!(decodes_as_serde_json::<Typed>(unit_for_newtype.as_bytes(), Some(true)).is_none());
    for null_payload in [r#"{"role":{"Admin":null}}"#, r#"{"role":"Reader"}"#] {
        assert!(decodes_as_serde_json::<Typed>(null_payload.as_bytes(), Some(true)).is_some());
    }
    let keys = r#"{"ids":{"1":[true],"2":null},"flags":{"true":1,"false":null}}"#;
    assert!(decodes_as_serde_json::<Typed>(keys.as_bytes(), Some(true)).is_some());
    let typed: Typed = serde_json::from_str(keys).unwrap();
    assert_eq!(typed.ids.as_ref().map(HashMap::len), Some(2));
    encodes_as_serde_json(&typed, true);
}

/// Registered claims read as `f32`, 128-bit integers, bytes, an enum and a `RawValue`
/// are checked on the token's own values, and a repeated name inside a `RawValue` or a
/// map keyed by an enum is refused.
#[test]
fn registered_claims_read_every_way_are_checked_on_the_tokens_values() {
    let exotic = r#"{"exp":1800000600.5,"nbf":-1,"iat":1,"aud":"Admin","sub":"x\u0041","iss":"i","wrap":{"k":[1]},"ids":{"Reader":1,"1":2}}"#;
    assert!(decodes_as_serde_json::<Exotic>(exotic.as_bytes(), Some(true)).is_some());
    // exp read as f32 is 1800000128; the check reads the token's 1800000100.5, passed.
    let expired = signed_token(br#"{"alg":"HS256"}"#, br#"{"exp":1800000100.5}"#, &key());
    let later = NumericDate::from_unix_seconds(1_800_000_110).unwrap();
    let err = decode_at::<Exotic>(&expired, &key(), &Validation::new(), later).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ExpiredSignature, "{err}");
    for wrong in [
        r#"{"iss":{"a":1}}"#,
        r#"{"iss":1}"#,
        r#"{"aud":{"Admin":null}}"#,
        r#"{"sub":[65]}"#,
        r#"{"iat":"1"}"#,
        r#"{"nbf":1e400}"#,
    ] {
        let read = decodes_as_serde_json::<Exotic>(wrong.as_bytes(), Some(false));
        assert!(read.is_none(), "{wrong}");
    }
    for repeated in [
        r#"{"wrap":{"k":1,"\u006b":2}}"#,
        r#"{"iss":"i","wrap":[{"k":1,"k":1}]}"#,
        r#"{"ids":{"Admin":1,"\u0041dmin":2}}"#,
    ] {
        assert!(
            serde_json::from_str::<Exotic>(repeated).is_ok(),
            "{repeated}"
        );
        let read = decodes_as_serde_json::<Exotic>(repeated.as_bytes(), Some(false));
        assert!(read.is_none(), "{repeated}");
    }
}

/// What `encode` refuses, it refuses for the reason a decode would: a repeated name
/// (made by `flatten`, or by map keys serde_json writes alike), claims that are not an
/// object, a registered claim of the wrong type however the type writes it.
#[test]
fn encode_refuses_what_a_decode_would_refuse_and_writes_raw_text_as_it_stands() {
    #[derive(Serialize)]
    struct Flattened {
        sub: &'static str,
        #[serde(flatten)]
        extra: HashMap<&'static str, &'static str>,
    }
    #[derive(Serialize)]
    struct Nested {
        inner: Vec<Flattened>,
    }
    #[derive(Serialize, PartialEq, Eq, Hash)]
    #[serde(untagged)]
    enum Alike {
        Number(u32),
        Text(&'static str),
    }
    let header = Header::new(Algorithm::Hs256);
    let flattened = || Flattened {
        sub: "a",
        extra: HashMap::from([("sub", "b")]),
    };
    let alike = HashMap::from([(
        "m",
        HashMap::from([(Alike::Number(1), 0), (Alike::Text("1"), 0)]),
    )]);
    for refused in [
        encode(&header, &flattened(), &key()),
        encode(
            &header,
            &Nested {
                inner: vec![flattened()],
            },
            &key(),
        ),
        encode(&header, &alike, &key()),
        encode(&header, &[1, 2], &key()),
        encode(&header, &Some("text"), &key()),
    ] {
        let err = refused.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidClaim, "{err}");
    }
    // A registered claim of the wrong type, here written as raw text.
    let raw = RawValue::from_string(r#"{"k":1}"#.to_owned()).unwrap();
    let err = encode(&header, &HashMap::from([("exp", raw.clone())]), &key()).unwrap_err();
    assert_eq!(
        (err.kind(), err.claim()),
        (ErrorKind::InvalidClaim, Some("exp"))
    );
    // Raw text is written as it stands, and checked.
    let claims = HashMap::from([("x", raw)]);
    encodes_as_serde_json(&claims, true);
    let repeated = RawValue::from_string(r#"{"k":1,"k":2}"#.to_owned()).unwrap();
    let err = encode(&header, &HashMap::from([("x", repeated)]), &key()).unwrap_err();
    assert!(err.to_string().contains("duplicate member name"), "{err}");
}

/// Claims read whole as raw JSON text are checked like any others: an object, its
/// registered claims noted.
#[test]
fn claims_read_as_raw_text_are_checked() {
    let expired = signed_token(br#"{"alg":"HS256"}"#, br#"{"exp":1799999990}"#, &key());
    let err = decode_at::<Box<RawValue>>(
        &expired,
        &key(),
        &Validation::new(),
        jwt_test::json_equivalence::now(),
    )
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::ExpiredSignature, "{err}");
    let array = signed_token(br#"{"alg":"HS256"}"#, br#"[1]"#, &key());
    let lenient = Validation::new().required_claims([] as [&str; 0]);
    let err =
        decode_at::<Box<RawValue>>(&array, &key(), &lenient, jwt_test::json_equivalence::now())
            .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedToken, "{err}");
}
