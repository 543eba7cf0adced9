//! What the layer hands to handlers: the verified token's claims and scopes, and the
//! extractors that read them.

use std::sync::Arc;

use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::answer::Rejection;

/// A token the layer verified: its claims and the scopes they grant.
///
/// An extractor of its own, for handlers that want the raw claims:
///
/// ```
/// use jwt_axum::VerifiedToken;
///
/// async fn me(token: VerifiedToken) -> String {
///     format!("{:?} may {:?}", token.claims().get("sub"), token.scopes())
/// }
/// ```
#[derive(Clone, Debug)]
pub struct VerifiedToken {
    inner: Arc<Verified>,
}

#[derive(Debug)]
struct Verified {
    claims: Map<String, Value>,
    scopes: Vec<String>,
}

impl VerifiedToken {
    pub(crate) fn new(claims: Map<String, Value>) -> VerifiedToken {
        let scopes = scopes_of(&claims);
        VerifiedToken {
            inner: Arc::new(Verified { claims, scopes }),
        }
    }

    /// Every claim of the token.
    pub fn claims(&self) -> &Map<String, Value> {
        &self.inner.claims
    }

    /// The scopes the token grants: the space-separated `scope` claim (RFC 8693, RFC
    /// 9068) and the `scp` claim (an array, or a space-separated string), together.
    pub fn scopes(&self) -> &[String] {
        &self.inner.scopes
    }

    /// Whether the token grants `scope`.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.inner.scopes.iter().any(|granted| granted == scope)
    }

    /// The claims read into `T`.
    fn read<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.inner.claims)
    }
}

/// The scopes of `scope` and `scp`, in order, each once.
fn scopes_of(claims: &Map<String, Value>) -> Vec<String> {
    let mut scopes: Vec<String> = Vec::new();
    for name in ["scope", "scp"] {
        let words: Vec<&str> = match claims.get(name) {
            Some(Value::String(text)) => text.split(' ').collect(),
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        for word in words.into_iter().filter(|word| !word.is_empty()) {
            if !scopes.iter().any(|seen| seen == word) {
                scopes.push(word.to_owned());
            }
        }
    }
    scopes
}

/// Set by the layer on every request it lets through, so that extractors answer with
/// the configured realm.
#[derive(Clone, Debug, Default)]
pub(crate) struct Realm(pub(crate) Option<Arc<str>>);

fn realm(parts: &Parts) -> Option<&str> {
    parts
        .extensions
        .get::<Realm>()
        .and_then(|realm| realm.0.as_deref())
}

impl<S: Send + Sync> FromRequestParts<S> for VerifiedToken {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Rejection> {
        parts
            .extensions
            .get::<VerifiedToken>()
            .cloned()
            .ok_or_else(|| Rejection::missing(realm(parts)))
    }
}

impl<S: Send + Sync> OptionalFromRequestParts<S> for VerifiedToken {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Option<Self>, Rejection> {
        Ok(parts.extensions.get::<VerifiedToken>().cloned())
    }
}

/// The verified token's claims, read into the handler's type `T` (any `Deserialize`
/// type: your own struct, `jwt_strict::RegisteredClaims`, a `serde_json` map).
///
/// Without a verified token the request is answered 401; claims that do not fit `T`
/// answer 401 `invalid_token` (`invalid_claim`). `Option<Claims<T>>` is `None` on a
/// route whose layer is [`optional`](crate::BearerAuth::optional) and got no token.
///
/// ```
/// use jwt_axum::Claims;
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct AccessToken { sub: String, client_id: String }
///
/// async fn whoami(Claims(token): Claims<AccessToken>) -> String {
///     format!("{} via {}", token.sub, token.client_id)
/// }
///
/// async fn greeting(claims: Option<Claims<AccessToken>>) -> String {
///     match claims {
///         Some(Claims(token)) => format!("hello {}", token.sub),
///         None => "hello, stranger".to_owned(),
///     }
/// }
/// ```
#[derive(Clone, Debug)]
pub struct Claims<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Claims<T> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Rejection> {
        let token = parts
            .extensions
            .get::<VerifiedToken>()
            .ok_or_else(|| Rejection::missing(realm(parts)))?;
        read(token, parts)
    }
}

impl<T: DeserializeOwned, S: Send + Sync> OptionalFromRequestParts<S> for Claims<T> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Option<Self>, Rejection> {
        match parts.extensions.get::<VerifiedToken>() {
            Some(token) => read(token, parts).map(Some),
            None => Ok(None),
        }
    }
}

fn read<T: DeserializeOwned>(token: &VerifiedToken, parts: &Parts) -> Result<Claims<T>, Rejection> {
    token.read().map(Claims).map_err(|err| {
        tracing::debug!(error = %err, "verified claims do not fit the handler's type");
        Rejection::failed(jwt_strict::ErrorKind::InvalidClaim, realm(parts))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scopes(claims: Value) -> Vec<String> {
        let Value::Object(map) = claims else {
            unreachable!()
        };
        VerifiedToken::new(map).scopes().to_vec()
    }

    #[test]
    fn scopes_come_from_scope_and_scp() {
        assert_eq!(scopes(json!({"scope": "a b  c"})), ["a", "b", "c"]);
        assert_eq!(scopes(json!({"scp": ["a", "b"]})), ["a", "b"]);
        assert_eq!(scopes(json!({"scp": "a b"})), ["a", "b"]);
        assert_eq!(
            scopes(json!({"scope": "a b", "scp": ["b", "c", 7]})),
            ["a", "b", "c"]
        );
        assert!(scopes(json!({"scope": 7})).is_empty());
        assert!(scopes(json!({})).is_empty());
    }
}
