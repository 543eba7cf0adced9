//! The layer: read the bearer token, verify it, hand the claims on or answer as RFC
//! 6750 says.

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use jwt_strict::{NumericDate, Validation};
use tower::{Layer, Service};

use crate::answer::Rejection;
use crate::bearer::{Malformed, bearer_token, cookie_token};
use crate::cache::{DEFAULT_CACHE_BYTES, TokenCache, TokenKey};
use crate::keys::Keys;
use crate::trust::{Passed, Trust, TrustedIssuer};
use crate::verified::{Realm, VerifiedToken};

/// Guards the routes it wraps with bearer access tokens.
///
/// A request with a valid token reaches the handler with its [`VerifiedToken`] (read it
/// with [`Claims`](crate::Claims)); any other is answered here:
///
/// | request | status | `WWW-Authenticate` |
/// |---|---|---|
/// | no `Authorization` header, or one of another scheme (`Basic …`) (and no token cookie, when the layer reads one) | 401 | `Bearer` (and `realm`), no error code |
/// | two headers, `Bearer` not followed by a space, an empty or ill-formed token (two token cookies, one that is not a token) | 400 | `error="invalid_request"` |
/// | a token that does not verify | 401 | `error="invalid_token"`, `error_description` = the error kind |
/// | the keys cannot be had (remote key set down, no stale copy) | 503 | none; `Retry-After: 30` |
///
/// Bodies are JSON: `{"error": …, "error_description": …}` (without `error` when no
/// credentials came, as RFC 6750 §3.1 asks of the challenge). Descriptions name the error
/// kind and never the key, the token or what the validation expected. Scopes are
/// checked per route with [`require_scope`](crate::require_scope) (403).
///
/// ```
/// use axum::{Router, routing::get};
/// use jwt_strict::{Algorithm, Validation, hs::HmacKey};
/// use jwt_axum::{BearerAuth, Claims, Keys};
///
/// async fn me(Claims(claims): Claims<jwt_strict::RegisteredClaims>) -> String {
///     claims.sub.unwrap_or_default()
/// }
///
/// let key = HmacKey::new(Algorithm::Hs256, b"a shared secret of at least 32 bytes")?;
/// let validation = Validation::new().issuer("https://auth.example").audience("api://orders");
/// let app: Router = Router::new()
///     .route("/me", get(me))
///     .layer(BearerAuth::new(Keys::local(key), validation).realm("orders"));
/// # Ok::<(), jwt_strict::Error>(())
/// ```
#[derive(Clone)]
pub struct BearerAuth {
    config: Arc<Config>,
}

#[derive(Clone)]
struct Config {
    trust: Trust,
    realm: Option<Arc<str>>,
    optional: bool,
    cookie: Option<Arc<str>>,
    /// The cache of verified tokens; `None` when turned off.
    cache: Option<Arc<TokenCache>>,
}

impl BearerAuth {
    /// Verifies with `keys` and `validation`.
    pub fn new(keys: impl Into<Keys>, validation: Validation) -> BearerAuth {
        BearerAuth::with_trust(Trust::one(keys.into(), validation))
    }

    /// Trusts several issuers, each with its keys and checks: for multi-tenant APIs and
    /// migrations between identity providers. The token's `iss`, read before
    /// verification only to choose among them, selects one; the token must then verify
    /// with that issuer's keys and pass its checks. A token naming no listed issuer is
    /// refused (401 `invalid_token`) without any request for keys, and a token signed
    /// with one issuer's key that names another fails that other's keys. A later entry
    /// for the same issuer replaces an earlier one.
    ///
    /// ```
    /// use axum::{Router, routing::get};
    /// use jwt_strict::{Algorithm, Validation};
    /// use jwt_axum::{BearerAuth, TrustedIssuer};
    ///
    /// let checks = Validation::new().algorithms([Algorithm::Rs256, Algorithm::Es256]).audience("api://orders");
    /// let layer = BearerAuth::trusting([
    ///     TrustedIssuer::discovered("https://tenant-a.example/", checks.clone())?,
    ///     TrustedIssuer::discovered("https://login.example/realms/b", checks)?,
    /// ]);
    /// let app: Router = Router::new().route("/orders", get(|| async { "[]" })).layer(layer);
    /// # Ok::<(), jwt_strict::Error>(())
    /// ```
    pub fn trusting(issuers: impl IntoIterator<Item = TrustedIssuer>) -> BearerAuth {
        BearerAuth::with_trust(Trust::issuers(issuers))
    }

    fn with_trust(trust: Trust) -> BearerAuth {
        BearerAuth {
            config: Arc::new(Config {
                trust,
                realm: None,
                optional: false,
                cookie: None,
                cache: Some(Arc::new(TokenCache::new(DEFAULT_CACHE_BYTES))),
            }),
        }
    }

    /// Names the protection space in every challenge (`realm="…"`).
    #[must_use]
    pub fn realm(self, realm: &str) -> BearerAuth {
        self.with(|config| config.realm = Some(Arc::from(realm)))
    }

    /// Lets requests without an `Authorization` header through (handlers see no
    /// token: `Option<Claims<T>>` is `None`). A token that is present must still
    /// verify, and a malformed header is still 400.
    #[must_use]
    pub fn optional(self) -> BearerAuth {
        self.with(|config| config.optional = true)
    }

    /// Also reads the token from the cookie `name` when the request has no bearer
    /// `Authorization` header (browser-facing APIs whose token lives in an `HttpOnly`
    /// cookie). Off by default. The header wins when both are present; two cookies of
    /// that name, or one that is not a token, are 400 `invalid_request`. The query string
    /// is never read (RFC 6750 §2.3 and §5.3 advise against it).
    ///
    /// A browser sends cookies with requests other sites start: set the cookie
    /// `SameSite=Strict` (or `Lax`) and `Secure`, and keep state-changing routes safe
    /// from cross-site requests, as for any cookie-authenticated API.
    ///
    /// ```
    /// use jwt_strict::{Algorithm, Validation, hs::HmacKey};
    /// use jwt_axum::{BearerAuth, Keys};
    ///
    /// let key = HmacKey::new(Algorithm::Hs256, b"a shared secret of at least 32 bytes")?;
    /// let layer = BearerAuth::new(Keys::local(key), Validation::new()).cookie("access_token");
    /// # Ok::<(), jwt_strict::Error>(())
    /// ```
    #[must_use]
    pub fn cookie(self, name: &str) -> BearerAuth {
        self.with(|config| config.cookie = Some(Arc::from(name)))
    }

    /// Sets the memory budget of the cache of verified tokens (default 16 MiB: a typical
    /// access token's verdict holds about 1.2 KB, so about 13,000 tokens; the least
    /// recently useful verdicts go first).
    ///
    /// A client sends the same token for its whole life, so most requests carry a token
    /// already verified: the layer keeps the verdict of each token that verified, keyed
    /// by the SHA-256 of its exact bytes, and a repeat is served without verifying its
    /// signature again. Every hit still re-checks `exp`, `nbf`, `iat` and the maximum
    /// age against now (to the second, with the validation's leeway), and stands only
    /// while the keys it was verified with are unchanged (a remote key set that replaced
    /// its set after a rotation or withdrawal drops every verdict reached with the old
    /// one). Each layer has its own cache, so layers with different keys or validations
    /// never share verdicts. Refusals are not cached: only tokens that verified take a
    /// place, so made-up tokens can neither fill the cache nor evict good entries.
    /// A verdict is kept from a token's second verification on (the first only notes
    /// the token): a token sent once costs a SHA-256 and two lookups, and cannot push out
    /// the verdicts of tokens that repeat.
    ///
    /// ```
    /// use jwt_strict::{Algorithm, Validation, hs::HmacKey};
    /// use jwt_axum::{BearerAuth, Keys};
    ///
    /// let secret = b"a shared secret of at least 32 bytes";
    /// let keys = || HmacKey::new(Algorithm::Hs256, secret).map(Keys::local);
    /// let small = BearerAuth::new(keys()?, Validation::new()).cache_bytes(1 << 20);
    /// let none = BearerAuth::new(keys()?, Validation::new()).without_cache();
    /// # Ok::<(), jwt_strict::Error>(())
    /// ```
    #[must_use]
    pub fn cache_bytes(self, bytes: usize) -> BearerAuth {
        self.with(|config| config.cache = Some(Arc::new(TokenCache::new(bytes))))
    }

    /// Turns the cache of verified tokens off: every request's token is verified in
    /// full (see [`cache_bytes`](Self::cache_bytes)).
    #[must_use]
    pub fn without_cache(self) -> BearerAuth {
        self.with(|config| config.cache = None)
    }

    fn with(self, change: impl FnOnce(&mut Config)) -> BearerAuth {
        let mut config = (*self.config).clone();
        change(&mut config);
        BearerAuth {
            config: Arc::new(config),
        }
    }
}

impl Config {
    /// The request's token: the bearer `Authorization` header's, else the named
    /// cookie's when the layer reads one.
    fn credentials<'h>(&self, headers: &'h HeaderMap) -> Result<Option<Cow<'h, str>>, Malformed> {
        if let Some(token) = bearer_token(headers)? {
            return Ok(Some(Cow::Borrowed(token)));
        }
        match &self.cookie {
            Some(name) => Ok(cookie_token(headers, name)?.map(Cow::Owned)),
            None => Ok(None),
        }
    }

    /// The token of the request, verified; `Ok(None)` for a request without one on an
    /// optional layer.
    async fn authenticate(&self, headers: &HeaderMap) -> Result<Option<VerifiedToken>, Rejection> {
        let realm = self.realm.as_deref();
        let token = match self.credentials(headers) {
            Ok(Some(token)) => token,
            Ok(None) if self.optional => return Ok(None),
            Ok(None) => return Err(Rejection::missing(realm)),
            Err(malformed) => return Err(Rejection::malformed(malformed, realm)),
        };
        let key = self.cache.as_ref().map(|_| TokenKey::of(&token));
        if let (Some(cache), Some(key)) = (&self.cache, &key)
            && let Some(verified) = cache.get(key, NumericDate::now())
        {
            return Ok(Some(verified));
        }
        match self.trust.decode(&token).await {
            Ok(Passed {
                claims,
                checks,
                keys_version,
            }) => {
                let verified = VerifiedToken::new(claims);
                if let (Some(cache), Some(key)) = (&self.cache, key) {
                    cache.insert(key, checks, keys_version, &verified);
                }
                Ok(Some(verified))
            }
            Err(err) => {
                tracing::debug!(kind = %err.kind(), error = %err, "bearer token refused");
                Err(Rejection::failed(err.kind(), realm))
            }
        }
    }
}

impl fmt::Debug for BearerAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BearerAuth")
            .field("trust", &self.config.trust)
            .field("realm", &self.config.realm)
            .field("optional", &self.config.optional)
            .field("cookie", &self.config.cookie)
            .field("cache", &self.config.cache)
            .finish_non_exhaustive()
    }
}

impl<S> Layer<S> for BearerAuth {
    type Service = BearerAuthService<S>;

    fn layer(&self, inner: S) -> BearerAuthService<S> {
        BearerAuthService {
            inner,
            config: self.config.clone(),
        }
    }
}

/// The service [`BearerAuth`] wraps around the routes.
#[derive(Clone)]
pub struct BearerAuthService<S> {
    inner: S,
    config: Arc<Config>,
}

impl<S> fmt::Debug for BearerAuthService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BearerAuthService").finish_non_exhaustive()
    }
}

impl<S> Service<Request> for BearerAuthService<S>
where
    S: Service<Request, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        // The inner service that was polled ready goes with this request.
        let ready = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, ready);
        let config = self.config.clone();
        Box::pin(async move {
            match config.authenticate(request.headers()).await {
                Ok(token) => {
                    let extensions = request.extensions_mut();
                    extensions.insert(Realm(config.realm.clone()));
                    if let Some(token) = token {
                        extensions.insert(token);
                    }
                    inner.call(request).await
                }
                Err(rejection) => Ok(rejection.into_response()),
            }
        })
    }
}
