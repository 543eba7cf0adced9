//! Reads the common header in one pass: `alg` and, optionally, `typ`, `cty` and `kid`,
//! every one a string, each at most once. That is nearly every token's header, and it
//! needs none of the member-by-member checks of [`Header::from_members`]. Any other
//! header (another member, a value of another type, a repeated name, an unknown
//! algorithm, bad JSON) is left to the full read, which says what is wrong with it.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde_json::Map;

use crate::alg::Algorithm;
use crate::header::Header;
use crate::json::MemberName;

/// The header, when it is a common one.
pub(crate) fn read_common(bytes: &[u8]) -> Option<Header> {
    if let Some(header) = read_canonical(bytes) {
        return Some(header);
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let header = deserializer.deserialize_map(CommonHeader).ok()?;
    deserializer.end().ok()?;
    Some(header)
}

/// The header when its text is exactly one of the spellings libraries write:
/// `{"alg":"A"}`, `{"alg":"A","typ":"JWT"}` or `{"typ":"JWT","alg":"A"}`, with `A` the
/// name of a supported algorithm. A byte-for-byte comparison, not a parse: any text it
/// takes is that exact JSON, which every parser reads alike.
fn read_canonical(bytes: &[u8]) -> Option<Header> {
    let (alg, typ) = if let Some(rest) = bytes.strip_prefix(br#"{"alg":""#) {
        match rest.strip_suffix(br#"","typ":"JWT"}"#) {
            Some(alg) => (alg, true),
            None => (rest.strip_suffix(br#""}"#)?, false),
        }
    } else {
        let rest = bytes.strip_prefix(br#"{"typ":"JWT","alg":""#)?;
        (rest.strip_suffix(br#""}"#)?, true)
    };
    let alg = Algorithm::ALL
        .into_iter()
        .find(|known| known.name().as_bytes() == alg)?;
    Some(Header {
        alg,
        typ: typ.then(|| "JWT".to_owned()),
        cty: None,
        kid: None,
        crit: None,
        extra: Map::new(),
    })
}

struct CommonHeader;

impl<'de> Visitor<'de> for CommonHeader {
    type Value = Header;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a header of string members alg, typ, cty and kid")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Header, A::Error> {
        let (mut alg, mut typ, mut cty, mut kid) = (None, None, None, None);
        while let Some(name) = access.next_key_seed(MemberName)? {
            let slot = match name.as_ref() {
                "alg" => &mut alg,
                "typ" => &mut typ,
                "cty" => &mut cty,
                "kid" => &mut kid,
                _ => return Err(de::Error::custom("not a common header member")),
            };
            if slot.is_some() {
                return Err(de::Error::custom("a repeated header member"));
            }
            *slot = Some(access.next_value_seed(StringValue)?);
        }
        let alg = alg
            .ok_or_else(|| de::Error::custom("no alg"))?
            .parse::<Algorithm>()
            .map_err(de::Error::custom)?;
        Ok(Header {
            alg,
            typ: typ.map(Cow::into_owned),
            cty: cty.map(Cow::into_owned),
            kid: kid.map(Cow::into_owned),
            crit: None,
            extra: Map::new(),
        })
    }
}

/// A string value, borrowed when it has no escapes; any other JSON type is an error.
struct StringValue;

impl<'de> DeserializeSeed<'de> for StringValue {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(MemberName)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_object;

    fn full(bytes: &[u8]) -> Option<Header> {
        let members = parse_object(bytes, &|_| true).ok()?;
        Header::from_members(&members).ok()
    }

    /// Every canonical spelling, and each with one byte changed, dropped or added: the
    /// exact comparison takes only canonical text, and reads it as the full read does.
    #[test]
    fn canonical_headers_are_read_as_the_full_read_reads_them() {
        let mut taken = 0;
        for alg in Algorithm::ALL {
            let name = alg.name();
            for text in [
                format!(r#"{{"alg":"{name}"}}"#),
                format!(r#"{{"alg":"{name}","typ":"JWT"}}"#),
                format!(r#"{{"typ":"JWT","alg":"{name}"}}"#),
            ] {
                let canonical = read_canonical(text.as_bytes());
                assert!(canonical.is_some(), "{text}");
                assert_eq!(canonical, full(text.as_bytes()), "{text}");
                taken += 1;
                let bytes = text.as_bytes();
                for at in 0..=bytes.len() {
                    for edit in 0..3 {
                        let mut changed = bytes.to_vec();
                        match edit {
                            0 if at < bytes.len() => changed[at] ^= 0x20,
                            1 if at < bytes.len() => {
                                changed.remove(at);
                            }
                            _ => changed.insert(at, b' '),
                        }
                        if let Some(header) = read_canonical(&changed) {
                            assert_eq!(Some(header), full(&changed), "{changed:?}");
                        }
                    }
                }
            }
        }
        assert_eq!(taken, 3 * Algorithm::ALL.len());
        assert_eq!(read_canonical(br#"{"alg":"none"}"#), None);
        assert_eq!(read_canonical(br#"{"alg":"HS256","typ":"jwt"}"#), None);
    }

    #[test]
    fn reads_common_headers_as_the_full_read_does() {
        for text in [
            r#"{"alg":"HS256"}"#,
            r#"{"alg":"HS256","typ":"JWT"}"#,
            r#"{"typ":"at+jwt","kid":"k-1","alg":"ES256","cty":"JWT"}"#,
            r#"{"alg":"RS256","kid":"\u006b\"1"}"#,
            r#" { "alg" : "EdDSA" } "#,
        ] {
            let common = read_common(text.as_bytes());
            assert!(common.is_some(), "{text}");
            assert_eq!(common, full(text.as_bytes()), "{text}");
        }
    }

    /// What the one pass leaves to the full read, which refuses most of it and reads
    /// the rest (other members).
    #[test]
    fn leaves_everything_else_to_the_full_read() {
        for text in [
            r#"{"alg":"HS256","alg":"HS256"}"#,
            r#"{"alg":"HS256","\u0061lg":"none"}"#,
            r#"{"alg":"none"}"#,
            r#"{"alg":"HS257"}"#,
            r#"{"alg":"HS256","typ":null}"#,
            r#"{"alg":"HS256","kid":1}"#,
            r#"{"alg":["HS256"]}"#,
            r#"{"typ":"JWT"}"#,
            r#"{"alg":"HS256","enc":"A128GCM"}"#,
            r#"{"alg":"HS256","crit":["exp"],"exp":1}"#,
            r#"{"alg":"HS256","jku":"https://x"}"#,
            r#"{"alg":"HS256"} {}"#,
            r#"{"alg":"HS256","typ":"JWT",}"#,
            "[]",
        ] {
            assert_eq!(read_common(text.as_bytes()), None, "{text}");
        }
        assert!(full(br#"{"alg":"HS256","jku":"https://x"}"#).is_some());
    }
}
