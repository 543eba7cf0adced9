//! How long a fetched key set stays fresh: the response's `Cache-Control: max-age`,
//! clamped to the client's bounds.

use std::time::Duration;

use reqwest::header::{CACHE_CONTROL, HeaderMap};

/// The bounds a response's lifetime is held to, and the lifetime when it names none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Lifetimes {
    pub(crate) shortest: Duration,
    pub(crate) longest: Duration,
    pub(crate) default: Duration,
}

impl Lifetimes {
    /// How long a response with `headers` stays fresh: `max-age` clamped to
    /// [shortest, longest]; `no-cache` and `no-store` count as 0 (so: shortest); no
    /// directive gives the default.
    pub(crate) fn of(&self, headers: &HeaderMap) -> Duration {
        let mut max_age = None;
        for value in headers.get_all(CACHE_CONTROL) {
            let Ok(value) = value.to_str() else { continue };
            for directive in value.split(',').map(str::trim) {
                let (name, argument) = directive.split_once('=').unwrap_or((directive, ""));
                let name = name.trim();
                if name.eq_ignore_ascii_case("no-cache") || name.eq_ignore_ascii_case("no-store") {
                    max_age = Some(Duration::ZERO);
                } else if name.eq_ignore_ascii_case("max-age")
                    && let Some(seconds) = delta_seconds(argument)
                {
                    max_age =
                        Some(max_age.map_or(seconds, |earlier: Duration| earlier.min(seconds)));
                }
            }
        }
        max_age
            .unwrap_or(self.default)
            .clamp(self.shortest, self.longest.max(self.shortest))
    }
}

/// RFC 9111 delta-seconds (digits, optionally quoted); a number too large to hold is
/// the largest.
fn delta_seconds(text: &str) -> Option<Duration> {
    let text = text.trim();
    let text = text
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(text);
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(Duration::from_secs(text.parse().unwrap_or(u64::MAX)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    const BOUNDS: Lifetimes = Lifetimes {
        shortest: Duration::from_secs(60),
        longest: Duration::from_secs(86_400),
        default: Duration::from_secs(600),
    };

    fn lifetime(values: &[&str]) -> u64 {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(CACHE_CONTROL, HeaderValue::from_str(value).unwrap());
        }
        BOUNDS.of(&headers).as_secs()
    }

    #[test]
    fn max_age_is_clamped_and_defaults() {
        assert_eq!(lifetime(&[]), 600);
        assert_eq!(lifetime(&["public, max-age=3600"]), 3600);
        assert_eq!(lifetime(&["Max-Age = \"7200\" "]), 7200);
        assert_eq!(lifetime(&["max-age=5"]), 60);
        assert_eq!(lifetime(&["max-age=0"]), 60);
        assert_eq!(lifetime(&["max-age=999999999"]), 86_400);
        assert_eq!(lifetime(&["max-age=99999999999999999999999"]), 86_400);
        assert_eq!(lifetime(&["no-store"]), 60);
        assert_eq!(lifetime(&["max-age=3600", "no-cache"]), 60);
        assert_eq!(lifetime(&["max-age=3600, max-age=120"]), 120);
        assert_eq!(lifetime(&["max-age=-5"]), 600);
        assert_eq!(lifetime(&["max-age=1h"]), 600);
        assert_eq!(lifetime(&["s-maxage=5, must-revalidate"]), 600);
    }
}
