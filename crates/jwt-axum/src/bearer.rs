//! Reading the bearer token of a request (RFC 6750 §2.1): the `Authorization` header
//! only, scheme `Bearer` in any case, exactly one token of the b64token syntax. A header
//! with another scheme (`Basic …`) carries no bearer credentials: the request is answered
//! as one without authentication (RFC 6750 §3.1), not as a malformed one.

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;

/// Why a request's credentials are malformed (RFC 6750 `invalid_request`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Malformed {
    TwoHeaders,
    NotSpace,
    Empty,
    BadCharacters,
}

impl Malformed {
    /// What the answer's `error_description` says.
    pub(crate) fn description(self) -> &'static str {
        match self {
            Malformed::TwoHeaders => "more than one Authorization header",
            Malformed::NotSpace => "the Bearer scheme must be followed by a space",
            Malformed::Empty => "the bearer token is empty",
            Malformed::BadCharacters => "the bearer token has characters a token cannot have",
        }
    }
}

/// The request's bearer token: `Ok(None)` without an `Authorization` header, or with
/// one of another scheme.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Result<Option<&str>, Malformed> {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(Malformed::TwoHeaders);
    }
    let value = value.to_str().map_err(|_| Malformed::BadCharacters)?;
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    if !scheme.eq_ignore_ascii_case("bearer") {
        // `Bearer` then a tab or another whitespace: meant as a bearer token, ill-formed.
        let meant = value
            .get(..6)
            .is_some_and(|s| s.eq_ignore_ascii_case("bearer"))
            && value.get(6..7).is_some_and(|c| c.trim().is_empty());
        return if meant {
            Err(Malformed::NotSpace)
        } else {
            Ok(None)
        };
    }
    let token = rest.trim_start_matches(' ');
    if token.is_empty() {
        return Err(Malformed::Empty);
    }
    if !is_b64token(token) {
        return Err(Malformed::BadCharacters);
    }
    Ok(Some(token))
}

/// RFC 6750 b64token: `1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`.
fn is_b64token(token: &str) -> bool {
    let body = token.trim_end_matches('=');
    !body.is_empty()
        && body.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn read(values: &[&str]) -> Result<Option<String>, Malformed> {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        }
        bearer_token(&headers).map(|token| token.map(str::to_owned))
    }

    #[test]
    fn one_bearer_token_in_the_authorization_header() {
        assert_eq!(read(&[]), Ok(None));
        assert_eq!(read(&["Bearer a.b.c"]), Ok(Some("a.b.c".into())));
        assert_eq!(read(&["bearer a.b.c"]), Ok(Some("a.b.c".into())));
        assert_eq!(
            read(&["BEARER  a.b-_~+/c=="]),
            Ok(Some("a.b-_~+/c==".into()))
        );
        assert_eq!(
            read(&["Bearer a.b.c", "Bearer a.b.c"]),
            Err(Malformed::TwoHeaders)
        );
        assert_eq!(read(&["Basic YWxpY2U6cHc="]), Ok(None));
        assert_eq!(read(&["Bearera.b.c"]), Ok(None));
        assert_eq!(read(&["Bearer\ta.b.c"]), Err(Malformed::NotSpace));
        assert_eq!(read(&["Bearer"]), Err(Malformed::Empty));
        assert_eq!(read(&["Bearer   "]), Err(Malformed::Empty));
        assert_eq!(read(&["Bearer a.b.c d"]), Err(Malformed::BadCharacters));
        assert_eq!(read(&["Bearer a.b.c,x"]), Err(Malformed::BadCharacters));
        assert_eq!(read(&["Bearer ==="]), Err(Malformed::BadCharacters));
        assert_eq!(read(&["Bearer a=b"]), Err(Malformed::BadCharacters));
    }
}
