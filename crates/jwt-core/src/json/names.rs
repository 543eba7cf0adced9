//! The member names of one JSON object, to refuse a name seen twice.

use std::borrow::Cow;
use std::collections::HashSet;

use serde::de;

/// The names of one object seen so far, without allocating for the small objects
/// tokens hold: each name's [`fingerprint`], which is the whole name for names of up to
/// 7 bytes; longer names are also kept, and compared when their fingerprints match. Past
/// [`SeenNames::FEW`] names, a hash set keeps a huge object linear.
#[derive(Default)]
pub(crate) struct SeenNames<'de> {
    prints: smallvec::SmallVec<[u64; SeenNames::FEW]>,
    long: smallvec::SmallVec<[Cow<'de, str>; 4]>,
    many: Option<HashSet<Cow<'de, str>>>,
}

impl<'de> SeenNames<'de> {
    /// How many names are compared one by one before they are hashed.
    const FEW: usize = 16;

    /// Notes `name`, refusing it if it was seen before.
    #[expect(
        clippy::ptr_arg,
        reason = "a borrowed name is kept as the `Cow` it came in, without a copy"
    )]
    pub(crate) fn insert<E: de::Error>(&mut self, name: &Cow<'de, str>) -> Result<(), E> {
        let whole = name.len() <= WHOLE;
        let first_time = match &mut self.many {
            None if self.prints.len() < Self::FEW => {
                let print = fingerprint(name);
                let seen = self.prints.contains(&print)
                    && (whole || self.long.iter().any(|long| long == name));
                self.prints.push(print);
                if !whole {
                    self.long.push(name.clone());
                }
                !seen
            }
            None => {
                let short = self.prints.iter().filter_map(|print| short_name(*print));
                let mut many: HashSet<Cow<'de, str>> = self.long.drain(..).chain(short).collect();
                let first_time = many.insert(name.clone());
                self.many = Some(many);
                first_time
            }
            Some(many) => many.insert(name.clone()),
        };
        if first_time {
            Ok(())
        } else {
            Err(E::custom(format_args!(
                "duplicate member name {}",
                crate::error::quote(name)
            )))
        }
    }
}

/// The longest name a fingerprint holds whole.
const WHOLE: usize = 7;

/// The name a fingerprint holds whole, if it holds one.
fn short_name(print: u64) -> Option<Cow<'static, str>> {
    let [bytes @ .., len] = print.to_le_bytes();
    let name = bytes.get(..usize::from(len))?;
    Some(Cow::Owned(std::str::from_utf8(name).ok()?.to_owned()))
}

/// A name's first 7 bytes and, in the top byte, its length (255 for any longer): the
/// whole name for names of up to 7 bytes, which differ exactly when their fingerprints
/// do; a longer name never has a shorter one's fingerprint.
fn fingerprint(name: &str) -> u64 {
    let bytes = name.as_bytes();
    let head = match bytes.first_chunk::<8>() {
        Some(head) => u64::from_le_bytes(*head),
        // Byte by byte: a copy of a few bytes would be a call to memcpy.
        None => bytes
            .iter()
            .rev()
            .fold(0, |head, byte| head << 8 | u64::from(*byte)),
    };
    let len = u64::from(u8::try_from(bytes.len()).unwrap_or(u8::MAX));
    (head & 0x00ff_ffff_ffff_ffff) | len << 56
}

#[cfg(test)]
mod tests {
    use super::*;

    fn insert_all(names: &[String]) -> Result<(), serde_json::Error> {
        let mut seen = SeenNames::default();
        names
            .iter()
            .try_for_each(|name| seen.insert(&Cow::Borrowed(name.as_str())))
    }

    #[test]
    fn a_repeated_name_is_refused_before_and_after_the_names_are_hashed() {
        let counts = [
            1,
            SeenNames::FEW - 1,
            SeenNames::FEW,
            SeenNames::FEW + 1,
            500,
        ];
        for (count, prefix) in counts
            .into_iter()
            .flat_map(|count| [(count, "n"), (count, "a long name ")])
        {
            let names: Vec<String> = (0..count).map(|i| format!("{prefix}{i}")).collect();
            assert!(insert_all(&names).is_ok(), "{count}");
            for repeated in [0, count / 2, count - 1] {
                let mut twice = names.clone();
                twice.push(names[repeated].clone());
                let err = insert_all(&twice).unwrap_err();
                assert!(
                    err.to_string()
                        .contains(&format!("duplicate member name \"{prefix}{repeated}\"")),
                    "{count} {err}"
                );
            }
        }
        // Names differing only in case, or in length, are different names; so are long
        // names that share a fingerprint, and names holding NUL.
        let distinct = [
            "Exp", "exp", "ex", "", "\0", "a\0", "abcdefgh", "abcdefgi", "abcdefg",
        ];
        assert!(insert_all(&distinct.map(str::to_owned)).is_ok());
        let long = [
            "abcdefgh".to_owned(),
            "abcdefgx".to_owned(),
            "abcdefgh".to_owned(),
        ];
        assert!(insert_all(&long).is_err());
    }
}
