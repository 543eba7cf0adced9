//! Remote JWK Sets: verify tokens from an identity provider whose keys are published at
//! a URL (`https://issuer/.well-known/jwks.json`), and keep verifying while it rotates
//! keys, is slow, or is down.
//!
//! ```no_run
//! use jwt_strict::{Algorithm, Validation};
//! use jwt_jwks::RemoteKeySet;
//!
//! # async fn demo(token: &str) -> Result<(), jwt_strict::Error> {
//! // One per issuer, kept for the life of the program (clones share the cache).
//! let keys = RemoteKeySet::new("https://issuer.example/.well-known/jwks.json")?;
//! let validation = Validation::new()
//!     .algorithms([Algorithm::Rs256, Algorithm::Es256])
//!     .issuer("https://issuer.example/")
//!     .audience("api://orders");
//! let verified = keys.decode::<jwt_strict::RegisteredClaims>(token, &validation).await?;
//! # Ok(()) }
//! ```
//!
//! This crate picks no backend: the keys verify on the first of `jwt_strict::BACKENDS`, the
//! backends the application enabled on `jwt-strict` (`features = ["awslc"]`, say), or on the
//! one [`RemoteKeySetBuilder::backend`] names. With none compiled in, building the client
//! is a `key_source` error that names the features.
//!
//! Users who know their issuer rather than its key set's URL configure it by issuer:
//! [`RemoteKeySet::issuer_builder`] (or [`RemoteKeySet::for_issuer`]).
//!
//! What the client does:
//!
//! - **Addresses.** `https` only; plain `http` only for loopback hosts (127.0.0.0/8,
//!   `::1`, `localhost`), for local development and tests. Anything else is refused
//!   when the client is built, before any request. At most 3 redirects, each to an
//!   address that passes the same rule, and never from https to http.
//! - **Discovery.** A set configured by issuer finds its URL in the issuer's metadata:
//!   OpenID Connect Discovery (`{issuer}/.well-known/openid-configuration`), else
//!   RFC 8414 (`/.well-known/oauth-authorization-server{path}`). The document must name
//!   exactly the configured issuer (OIDC Discovery §4.3), and its `jwks_uri` passes the
//!   address rules above. Tokens must then name that issuer as `iss` (unless the
//!   validation names issuers itself). The metadata is read again every 24 h; when that
//!   fails, the last `jwks_uri` stands for the stale-if-error window.
//! - **Limits.** A connect timeout and a whole-request timeout (5 s each), and a cap on
//!   the body (1 MiB).
//! - **Caching.** A fetched set stays fresh for the response's `Cache-Control: max-age`
//!   clamped to [1 min, 24 h] (10 min when absent); after that it is revalidated with
//!   `If-None-Match` when the server gave an `ETag`.
//! - **Rotation.** A token whose `kid` the fresh set does not hold makes the client
//!   fetch again: at once when the last request was not itself for an unknown `kid` (a
//!   rotation is followed without waiting), else at most once per cooldown (30 s);
//!   meanwhile such tokens are answered `no_matching_key` without a request. A flood of
//!   random `kid`s makes one request at once and one per cooldown after.
//! - **Refresh ahead.** A lookup in the last 30 s of a set's freshness (or after it)
//!   starts its refresh on a background task and is answered from the held set at
//!   once: while a usable set is held, no lookup waits on the key server, however slow
//!   it is. Only a cold start (no set yet, or one past the stale-if-error window) waits,
//!   bounded by the timeout.
//! - **Single flight.** One request at a time: lookups that need one share it, and a
//!   background refresh is not started while a request is under way.
//! - **Stale-if-error.** When a refresh fails (timeout, refused connection, an HTTP
//!   error status, a body too large, not a JWK Set), the last good set keeps answering
//!   for 24 h past its freshness (retried at most once per cooldown), and the failure is logged through `tracing` and
//!   counted in [`Stats`]. A bad response never replaces a good set. With no set to
//!   stand in, the error is `key_source` and says what failed.
//! - **Withdrawal.** A well-formed JWK Set served with 200 replaces the held one, even
//!   when it holds no usable key (`{"keys":[]}`: the provider withdrew every key): its
//!   tokens are then refused (`no_matching_key`), and the update is logged and counted
//!   ([`Stats::empty_updates`]).
//! - **Trust.** Only public keys are used (an `oct` secret in a published set is left
//!   out); keys are selected by `kid` and `alg` among those of the set, never taken from
//!   the token.
//!
//! Every default is a setting of [`RemoteKeySetBuilder`]. Programs without an async
//! runtime (the `jwt` command) use [`BlockingRemoteKeySet`].

#![warn(missing_docs)]

mod blocking;
mod builder;
mod cache_control;
mod clock;
mod discovery;
mod fetch;
mod remote;
mod stats;
mod url_policy;

pub use blocking::BlockingRemoteKeySet;
pub use builder::RemoteKeySetBuilder;
pub use clock::{Clock, ManualClock, SystemClock};
pub use remote::RemoteKeySet;
pub use stats::Stats;
