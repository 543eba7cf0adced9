//! Counters of what the client did, readable at any time.

use std::sync::atomic::{AtomicU64, Ordering};

/// What a [`RemoteKeySet`](crate::RemoteKeySet) has done since it was made.
///
/// ```
/// # async fn demo(keys: &jwt_jwks::RemoteKeySet) {
/// let stats = keys.stats();
/// println!("{} requests, {} failed, {} stale answers", stats.requests, stats.failures, stats.stale_serves);
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Key set requests sent (discovery requests are counted apart).
    pub requests: u64,
    /// Responses whose key set was read and now serves (200 with a well-formed set).
    pub updates: u64,
    /// Of those, sets with no usable key: the provider withdrew every key (or serves
    /// none this client can use), and every token is refused until it serves one.
    pub empty_updates: u64,
    /// `304 Not Modified` answers to a revalidation: the held set stays, fresh again.
    pub not_modified: u64,
    /// Requests that failed: timeout, connection, HTTP status, size, a body that is not
    /// a JWK Set. A failure never replaces the held set.
    pub failures: u64,
    /// Lookups answered from a set past its freshness because a refresh failed or was
    /// under way (stale-if-error).
    pub stale_serves: u64,
    /// Lookups of a `kid` the set does not hold that did not refetch, because the last
    /// request was less than the cooldown ago; they were answered `no_matching_key`.
    pub cooldown_refusals: u64,
    /// Issuer metadata documents read and accepted (a set configured by issuer).
    pub discoveries: u64,
    /// Discoveries that failed: no document, a wrong `issuer`, a refused `jwks_uri`, or
    /// the request failed. The last `jwks_uri` found, if any, stays in use.
    pub discovery_failures: u64,
}

/// The live counters behind [`Stats`].
#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) requests: AtomicU64,
    pub(crate) updates: AtomicU64,
    pub(crate) empty_updates: AtomicU64,
    pub(crate) not_modified: AtomicU64,
    pub(crate) failures: AtomicU64,
    pub(crate) stale_serves: AtomicU64,
    pub(crate) cooldown_refusals: AtomicU64,
    pub(crate) discoveries: AtomicU64,
    pub(crate) discovery_failures: AtomicU64,
}

impl Counters {
    pub(crate) fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self) -> Stats {
        let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        Stats {
            requests: read(&self.requests),
            updates: read(&self.updates),
            empty_updates: read(&self.empty_updates),
            not_modified: read(&self.not_modified),
            failures: read(&self.failures),
            stale_serves: read(&self.stale_serves),
            cooldown_refusals: read(&self.cooldown_refusals),
            discoveries: read(&self.discoveries),
            discovery_failures: read(&self.discovery_failures),
        }
    }
}
