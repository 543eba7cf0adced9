//! Per-route scope requirements: 403 `insufficient_scope` for a token without them.

use std::fmt;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use futures_util::future::{Either, Ready, ready};
use tower::{Layer, Service};

use crate::answer::Rejection;
use crate::verified::{Realm, VerifiedToken};

/// Requires the verified token to grant `scope` (in `scope` or `scp`); put it on a
/// route or handler inside a [`BearerAuth`](crate::BearerAuth).
///
/// A token without it is answered 403 with `WWW-Authenticate: Bearer
/// error="insufficient_scope", scope="…"`; a request without a token, 401.
///
/// ```
/// use axum::{Router, handler::Handler, routing::get};
/// use jwt_axum::require_scope;
///
/// async fn list() -> &'static str { "[]" }
/// async fn create() -> &'static str { "{}" }
///
/// let orders: Router = Router::new().route(
///     "/orders",
///     get(list.layer(require_scope("orders:read"))).post(create.layer(require_scope("orders:write"))),
/// );
/// ```
pub fn require_scope(scope: &str) -> RequireScope {
    RequireScope {
        scope: Arc::from(scope),
    }
}

/// The layer [`require_scope`] makes.
#[derive(Clone, Debug)]
pub struct RequireScope {
    scope: Arc<str>,
}

impl<S> Layer<S> for RequireScope {
    type Service = RequireScopeService<S>;

    fn layer(&self, inner: S) -> RequireScopeService<S> {
        RequireScopeService {
            inner,
            scope: self.scope.clone(),
        }
    }
}

/// The service [`RequireScope`] wraps around a route.
#[derive(Clone)]
pub struct RequireScopeService<S> {
    inner: S,
    scope: Arc<str>,
}

impl<S> fmt::Debug for RequireScopeService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequireScopeService")
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl<S> Service<Request> for RequireScopeService<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Either<S::Future, Ready<Result<Response, S::Error>>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let realm = request
            .extensions()
            .get::<Realm>()
            .and_then(|realm| realm.0.as_deref());
        let refusal = match request.extensions().get::<VerifiedToken>() {
            Some(token) if token.has_scope(&self.scope) => None,
            Some(_) => Some(Rejection::insufficient_scope(&self.scope, realm)),
            None => Some(Rejection::missing(realm)),
        };
        match refusal {
            None => Either::Left(self.inner.call(request)),
            Some(rejection) => Either::Right(ready(Ok(rejection.into_response()))),
        }
    }
}
