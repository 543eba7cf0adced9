//! Guard an axum API with JWT access tokens: a tower layer that reads
//! `Authorization: Bearer`, verifies the token with one key, a key set or an identity
//! provider's remote key set, and answers as RFC 6750 says (401, 400, 403, and 503 when
//! the keys cannot be had, never 500); extractors that hand handlers the claims;
//! per-route scopes; and the RFC 9068 access-token profile
//! ([`jwt_strict::Validation::access_token`]).
//!
//! This crate picks no backend: tokens verify on the keys it is given, made on the
//! backend the application enabled on `jwt-strict` (`features = ["awslc"]`, say).
//!
//! ```no_run
//! use axum::{Router, handler::Handler, routing::get};
//! use jwt_strict::{Algorithm, Validation};
//! use jwt_axum::{BearerAuth, Claims, require_scope};
//! use jwt_jwks::RemoteKeySet;
//!
//! #[derive(serde::Deserialize)]
//! struct AccessToken { sub: String }
//!
//! async fn me(Claims(token): Claims<AccessToken>) -> String { token.sub }
//! async fn orders() -> &'static str { "[]" }
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let keys = RemoteKeySet::new("https://auth.example/.well-known/jwks.json")?;
//! let validation = Validation::access_token("https://auth.example/", "api://orders")
//!     .algorithms([Algorithm::Rs256]);
//! let app = Router::new()
//!     .route("/me", get(me))
//!     .route("/orders", get(orders.layer(require_scope("orders:read"))))
//!     .layer(BearerAuth::new(keys, validation).realm("orders"));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! axum::serve(listener, app).await?;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

mod answer;
mod bearer;
mod cache;
mod keys;
mod layer;
mod scope;
mod trust;
mod verified;

pub use answer::Rejection;
pub use keys::Keys;
pub use layer::{BearerAuth, BearerAuthService};
pub use scope::{RequireScope, RequireScopeService, require_scope};
pub use trust::TrustedIssuer;
pub use verified::{Claims, VerifiedToken};

/// The README's Rust examples, compiled and run as doc tests so they cannot go stale.
/// They are compiled here, in the crate highest in the workspace's layers, because this
/// is the one that sees every crate they use (`jwt-strict` with `hs`, `x509` and a backend,
/// `jwt-jwks`, `jwt-axum`).
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
