//! Which addresses a key set is fetched from: `https`, or plain `http` on a loopback
//! host only; and which redirects are followed.

use std::fmt;
use std::net::IpAddr;

use jwt_strict::{Error, ErrorKind};
use reqwest::Url;
use reqwest::redirect::{Attempt, Policy};

/// Parses `url` and checks that the client may fetch it.
pub(crate) fn checked_url(url: &str) -> Result<Url, Error> {
    let parsed = Url::parse(url).map_err(|err| {
        Error::new(
            ErrorKind::KeySource,
            format!("the key set URL {url:?} is not a URL: {err}"),
        )
    })?;
    match refusal(&parsed) {
        None => Ok(parsed),
        Some(why) => Err(Error::new(
            ErrorKind::KeySource,
            format!("refusing the key set URL {}: {why}", shown(&parsed)),
        )),
    }
}

/// Why the client will not fetch `url`, if it will not.
fn refusal(url: &Url) -> Option<String> {
    match url.scheme() {
        "https" => None,
        "http" if is_loopback(url) => None,
        "http" => Some(format!(
            "plain http is allowed for loopback hosts only (127.0.0.0/8, ::1, localhost), \
             not {}; use https",
            url.host_str().unwrap_or_default()
        )),
        other => Some(format!("expected an https URL, found scheme {other:?}")),
    }
}

/// Whether the URL's host is this machine: 127.0.0.0/8, `::1` or `localhost`.
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        Some(url::Host::Domain(name)) => {
            let name = name.strip_suffix('.').unwrap_or(name);
            name.eq_ignore_ascii_case("localhost")
        }
        None => false,
    }
}

/// The URL as shown in messages and logs: without user name, password, query or
/// fragment, which may carry credentials.
pub(crate) fn shown(url: &Url) -> String {
    let mut clean = url.clone();
    // Both only fail for URLs that cannot have credentials, which is fine.
    let _ = clean.set_username("");
    let _ = clean.set_password(None);
    clean.set_query(None);
    clean.set_fragment(None);
    clean.to_string()
}

/// Follows at most `max` redirects, each to an address [`checked_url`] would accept, and
/// never from https to http.
pub(crate) fn redirect_policy(max: usize) -> Policy {
    Policy::custom(move |attempt: Attempt<'_>| {
        let from_https = attempt
            .previous()
            .last()
            .is_some_and(|previous| previous.scheme() == "https");
        let refused = if attempt.previous().len() > max {
            Some(format!("more than {max} redirects"))
        } else if from_https && attempt.url().scheme() != "https" {
            Some(format!(
                "a redirect from https to {} ({})",
                attempt.url().scheme(),
                shown(attempt.url())
            ))
        } else {
            refusal(attempt.url())
                .map(|why| format!("a redirect to {}: {why}", shown(attempt.url())))
        };
        match refused {
            Some(why) => attempt.error(RedirectRefused(why)),
            None => attempt.follow(),
        }
    })
}

/// A redirect the client would not follow.
#[derive(Debug)]
struct RedirectRefused(String);

impl fmt::Display for RedirectRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refused {}", self.0)
    }
}

impl std::error::Error for RedirectRefused {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_http_on_loopback_only() {
        for ok in [
            "https://issuer.example/.well-known/jwks.json",
            "http://127.0.0.1:8080/jwks.json",
            "http://127.8.9.10/jwks.json",
            "http://[::1]:9000/jwks.json",
            "http://localhost/jwks.json",
            "http://LOCALHOST./jwks.json",
        ] {
            assert!(checked_url(ok).is_ok(), "{ok}");
        }
        for (refused, why) in [
            ("http://example.com/jwks.json", "loopback hosts only"),
            ("http://128.0.0.1/jwks.json", "loopback hosts only"),
            (
                "http://localhost.example.com/jwks.json",
                "loopback hosts only",
            ),
            ("http://[::2]/jwks.json", "loopback hosts only"),
            ("ftp://127.0.0.1/jwks.json", "scheme \"ftp\""),
            ("file:///etc/jwks.json", "scheme \"file\""),
            ("jwks.json", "not a URL"),
        ] {
            let err = checked_url(refused).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::KeySource, "{refused}");
            assert!(err.to_string().contains(why), "{refused}: {err}");
        }
    }

    #[test]
    fn shown_urls_carry_no_credentials() {
        let url = Url::parse("https://user:pw@issuer.example/jwks?token=abc#x").unwrap();
        assert_eq!(shown(&url), "https://issuer.example/jwks");
        let err = checked_url("http://user:pw@example.com/jwks?key=abc").unwrap_err();
        assert!(!err.to_string().contains("pw") && !err.to_string().contains("abc"));
    }
}
