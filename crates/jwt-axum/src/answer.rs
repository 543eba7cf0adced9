//! The answers to requests that do not pass (RFC 6750 §3): status, `WWW-Authenticate`,
//! and a small JSON body with `error` and `error_description`.

use axum::http::header::{CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use jwt_strict::ErrorKind;

use crate::bearer::Malformed;

/// Why a request was turned away; its response says so as RFC 6750 asks.
///
/// It is also the rejection of the [`Claims`](crate::Claims) and
/// [`VerifiedToken`](crate::VerifiedToken) extractors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    reason: Reason,
    realm: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Reason {
    /// No credentials: 401, `WWW-Authenticate: Bearer` without an error code.
    Missing,
    /// Malformed credentials: 400 `invalid_request`.
    Malformed(Malformed),
    /// The token does not verify, or its claims do not fit: 401 `invalid_token`.
    InvalidToken(ErrorKind),
    /// The token lacks the route's scope: 403 `insufficient_scope`.
    InsufficientScope(String),
    /// The keys cannot be had (a remote key set down with no stale copy): 503.
    Unavailable(ErrorKind),
}

impl Rejection {
    pub(crate) fn missing(realm: Option<&str>) -> Rejection {
        Rejection::new(Reason::Missing, realm)
    }

    pub(crate) fn malformed(why: Malformed, realm: Option<&str>) -> Rejection {
        Rejection::new(Reason::Malformed(why), realm)
    }

    /// A token that failed with `kind`: 401, or 503 when the failure is the key
    /// source's (or the server's keys), not the token's.
    pub(crate) fn failed(kind: ErrorKind, realm: Option<&str>) -> Rejection {
        let reason = if kind.is_token_rejection() {
            Reason::InvalidToken(kind)
        } else {
            Reason::Unavailable(kind)
        };
        Rejection::new(reason, realm)
    }

    pub(crate) fn insufficient_scope(scope: &str, realm: Option<&str>) -> Rejection {
        Rejection::new(Reason::InsufficientScope(scope.to_owned()), realm)
    }

    fn new(reason: Reason, realm: Option<&str>) -> Rejection {
        Rejection {
            reason,
            realm: realm.map(str::to_owned),
        }
    }

    /// The HTTP status of the answer.
    pub fn status(&self) -> StatusCode {
        match self.reason {
            Reason::Missing | Reason::InvalidToken(_) => StatusCode::UNAUTHORIZED,
            Reason::Malformed(_) => StatusCode::BAD_REQUEST,
            Reason::InsufficientScope(_) => StatusCode::FORBIDDEN,
            Reason::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The error kind of a token that did not verify.
    pub fn error_kind(&self) -> Option<ErrorKind> {
        match self.reason {
            Reason::InvalidToken(kind) | Reason::Unavailable(kind) => Some(kind),
            _ => None,
        }
    }

    /// The RFC 6750 error code (none for missing credentials, RFC 6750 §3.1) and its
    /// description.
    fn code(&self) -> (Option<&'static str>, String) {
        let (code, description) = match &self.reason {
            Reason::Missing => {
                return (None, "send Authorization: Bearer <access token>".to_owned());
            }
            Reason::Malformed(why) => ("invalid_request", why.description().to_owned()),
            Reason::InvalidToken(kind) => ("invalid_token", kind.as_str().to_owned()),
            Reason::InsufficientScope(scope) => (
                "insufficient_scope",
                format!("the token lacks scope {scope}"),
            ),
            Reason::Unavailable(kind) => ("temporarily_unavailable", kind.as_str().to_owned()),
        };
        (Some(code), description)
    }

    /// The `WWW-Authenticate` challenge (none on 503).
    fn challenge(&self) -> Option<String> {
        let mut params = Vec::new();
        if let Some(realm) = &self.realm {
            params.push(format!("realm=\"{}\"", quoted(realm)));
        }
        match &self.reason {
            Reason::Missing => {}
            Reason::Unavailable(_) => return None,
            Reason::InsufficientScope(scope) => {
                let (code, description) = self.code();
                params.push(format!("error=\"{}\"", code.unwrap_or_default()));
                params.push(format!("error_description=\"{}\"", quoted(&description)));
                params.push(format!("scope=\"{}\"", quoted(scope)));
            }
            _ => {
                let (code, description) = self.code();
                params.push(format!("error=\"{}\"", code.unwrap_or_default()));
                params.push(format!("error_description=\"{}\"", quoted(&description)));
            }
        }
        Some(if params.is_empty() {
            "Bearer".to_owned()
        } else {
            format!("Bearer {}", params.join(", "))
        })
    }
}

/// Text for a quoted-string: `"` and `\` escaped, control characters dropped.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| !c.is_control()) {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        // Without credentials there is no error code (RFC 6750 §3.1): the body carries
        // the description alone.
        let body = match self.code() {
            (Some(code), description) => {
                serde_json::json!({"error": code, "error_description": description})
            }
            (None, description) => serde_json::json!({ "error_description": description }),
        }
        .to_string();
        let mut response = (self.status(), body).into_response();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Some(challenge) = self.challenge()
            && let Ok(value) = HeaderValue::from_str(&challenge)
        {
            headers.insert(WWW_AUTHENTICATE, value);
        }
        if matches!(self.reason, Reason::Unavailable(_)) {
            headers.insert(RETRY_AFTER, HeaderValue::from_static("30"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge(rejection: &Rejection) -> Option<String> {
        rejection.challenge()
    }

    #[test]
    fn challenges_follow_rfc_6750() {
        assert_eq!(
            challenge(&Rejection::missing(None)).as_deref(),
            Some("Bearer")
        );
        assert_eq!(
            challenge(&Rejection::missing(Some("orders"))).as_deref(),
            Some("Bearer realm=\"orders\"")
        );
        assert_eq!(
            challenge(&Rejection::failed(ErrorKind::ExpiredSignature, None)).as_deref(),
            Some("Bearer error=\"invalid_token\", error_description=\"expired_signature\"")
        );
        assert_eq!(
            challenge(&Rejection::insufficient_scope(
                "orders:write",
                Some("a \"b\"")
            ))
            .as_deref(),
            Some(
                "Bearer realm=\"a \\\"b\\\"\", error=\"insufficient_scope\", \
                 error_description=\"the token lacks scope orders:write\", scope=\"orders:write\""
            )
        );
        assert_eq!(
            challenge(&Rejection::failed(ErrorKind::KeySource, None)),
            None
        );
        assert_eq!(
            Rejection::failed(ErrorKind::KeySource, None).status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        assert_eq!(
            Rejection::failed(ErrorKind::NoMatchingKey, None).status(),
            StatusCode::UNAUTHORIZED
        );
    }
}
