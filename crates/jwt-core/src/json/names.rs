//! The member names of one JSON object, to refuse a name seen twice.

use std::borrow::Cow;
use std::collections::HashSet;

use serde::de;

/// The names of one object seen so far: compared one by one while there are few (no
/// allocation for the small objects tokens hold), hashed once there are more, so a huge
/// object is still checked in linear time.
#[derive(Default)]
pub(crate) struct SeenNames<'de> {
    few: smallvec::SmallVec<[Cow<'de, str>; SeenNames::FEW]>,
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
        let first_time = match &mut self.many {
            None if self.few.len() < Self::FEW => {
                let new = !self.few.contains(name);
                if new {
                    self.few.push(name.clone());
                }
                new
            }
            None => {
                let mut many: HashSet<Cow<'de, str>> = self.few.drain(..).collect();
                let new = many.insert(name.clone());
                self.many = Some(many);
                new
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
        for count in [
            1,
            SeenNames::FEW - 1,
            SeenNames::FEW,
            SeenNames::FEW + 1,
            500,
        ] {
            let names: Vec<String> = (0..count).map(|i| format!("n{i}")).collect();
            assert!(insert_all(&names).is_ok(), "{count}");
            for repeated in [0, count / 2, count - 1] {
                let mut twice = names.clone();
                twice.push(names[repeated].clone());
                let err = insert_all(&twice).unwrap_err();
                assert!(
                    err.to_string()
                        .contains(&format!("duplicate member name \"n{repeated}\"")),
                    "{count} {err}"
                );
            }
        }
        // Names differing only in case, or in length, are different names.
        assert!(insert_all(&["Exp".into(), "exp".into(), "ex".into(), "".into()]).is_ok());
    }
}
