//! One request through an axum router guarded by `jwt_axum::BearerAuth`, with no network
//! and no runtime: what the layer's bench and examples send.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header::AUTHORIZATION};
use futures_util::FutureExt;
use tower::ServiceExt;

/// The status of a `GET path` to `router` with the bearer `token`, run to completion at
/// once (nothing in it may wait on I/O: the layer's keys are local).
pub fn status(router: &Router, path: &str, token: &str) -> StatusCode {
    let request = Request::get(path)
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    router
        .clone()
        .oneshot(request)
        .now_or_never()
        .expect("a request with local keys completes at once")
        .unwrap()
        .status()
}
