//! The cache of verified tokens: a client sends the same access token for its whole
//! lifetime, so a guarded API re-verifies the same signature on almost every request.
//! Verdicts are kept for tokens that verified, keyed by the SHA-256 of the token's exact
//! bytes, in a bounded concurrent cache (`quick_cache`, weighed in bytes).
//!
//! What a cached verdict must still pass on every hit, or it is dropped and the token
//! verified again:
//!
//! - the time claims (`exp`, `nbf`, `iat`, the maximum age) against now, with the
//!   validation's own rules ([`Validation::check_times`](jwt_strict::Validation::check_times));
//! - the keys: the version of the key source it was verified with must be unchanged
//!   (a remote key set that replaced its set after a rotation or a withdrawal drops every
//!   verdict reached with the old one).
//!
//! Each layer has its own cache, so two layers with different keys or validations
//! never share verdicts. Refusals are not cached: only a token that verified can take
//! a place, so an attacker cannot fill the cache or evict good entries with made-up
//! tokens, and a refusal costs what it cost before (most are refused before any
//! signature check).
//!
//! A verdict is kept from a token's second verification on: the first only notes the
//! token (8 bytes of its digest, in a second bounded `quick_cache`). A token that is
//! never sent again (a client that fetches a token per call, a flood of valid tokens)
//! then costs a digest and two lookups, not a verdict to allocate, hold and later evict
//! from cold memory; and such tokens cannot push out the verdicts of tokens that
//! repeat. A repeated token is verified twice instead of once.

use std::sync::Arc;

use jwt_strict::NumericDate;
use quick_cache::Weighter;
use quick_cache::sync::Cache;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::trust::Checks;
use crate::verified::VerifiedToken;

/// The default memory budget: 16 MiB, about 13,000 typical access tokens (the heap held
/// when full, measured by the `cache_memory` example: 16.6 MB).
pub(crate) const DEFAULT_CACHE_BYTES: usize = 16 << 20;

/// A verdict: the verified token, the checks it passed and their keys' version, and its
/// time claims for the re-check.
struct Verdict {
    token: VerifiedToken,
    checks: Arc<Checks>,
    keys_version: u64,
    exp: Option<NumericDate>,
    nbf: Option<NumericDate>,
    iat: Option<NumericDate>,
    bytes: u64,
}

/// Weighs a verdict by the bytes it holds.
#[derive(Clone, Copy, Debug)]
struct ByBytes;

impl Weighter<[u8; 32], Arc<Verdict>> for ByBytes {
    fn weight(&self, _key: &[u8; 32], verdict: &Arc<Verdict>) -> u64 {
        verdict.bytes
    }
}

/// The verified-token cache of one layer.
pub(crate) struct TokenCache {
    verdicts: Cache<[u8; 32], Arc<Verdict>, ByBytes>,
    /// Tokens verified once and not yet kept, by the first 8 bytes of their digest (a
    /// collision only keeps a verdict one verification early).
    seen_once: Cache<u64, ()>,
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("entries", &self.verdicts.len())
            .field("bytes", &self.verdicts.weight())
            .field("seen_once", &self.seen_once.len())
            .finish()
    }
}

impl TokenCache {
    /// A cache of at most `bytes` (estimated) of verdicts and notes.
    pub(crate) fn new(bytes: usize) -> TokenCache {
        let bytes = u64::try_from(bytes).unwrap_or(u64::MAX);
        // One slot per KiB of the budget, for notes and (as quick_cache's estimate) for
        // verdicts: a typical verdict holds a little more. The notes take a sixteenth of
        // the budget, the verdicts the rest.
        let slots = bytes / BYTES_PER_SLOT;
        let verdict_bytes = bytes - slots * NOTE_BYTES;
        let slots = usize::try_from(slots).unwrap_or(usize::MAX).max(1);
        TokenCache {
            verdicts: Cache::with_weighter(slots, verdict_bytes, ByBytes),
            seen_once: Cache::new(slots),
        }
    }

    /// The cached verified token for the token whose digest is `key`, when its verdict
    /// still stands at `now`.
    pub(crate) fn get(&self, key: &TokenKey, now: NumericDate) -> Option<VerifiedToken> {
        let key = &key.0;
        let verdict = self.verdicts.get(key)?;
        let checks = &verdict.checks;
        let stands = checks.keys.version() == verdict.keys_version
            && checks
                .validation
                .check_times(verdict.exp, verdict.nbf, verdict.iat, now)
                .is_ok();
        if stands {
            Some(verdict.token.clone())
        } else {
            self.verdicts.remove(key);
            None
        }
    }

    /// Keeps the verdict for the token of `key`, which has just verified, if it verified
    /// before (else notes that it did).
    pub(crate) fn insert(
        &self,
        key: TokenKey,
        checks: Arc<Checks>,
        keys_version: u64,
        verified: &VerifiedToken,
    ) {
        let [a, b, c, d, e, f, g, h, ..] = key.0;
        let tag = u64::from_le_bytes([a, b, c, d, e, f, g, h]);
        if self.seen_once.remove(&tag).is_none() {
            self.seen_once.insert(tag, ());
            return;
        }
        let claims = verified.claims();
        let verdict = Verdict {
            token: verified.clone(),
            checks,
            keys_version,
            exp: time_claim(claims, "exp"),
            nbf: time_claim(claims, "nbf"),
            iat: time_claim(claims, "iat"),
            bytes: key.1,
        };
        self.verdicts.insert(key.0, Arc::new(verdict));
    }

    /// How many verdicts are held, and their estimated bytes.
    #[cfg(test)]
    pub(crate) fn usage(&self) -> (usize, u64) {
        (self.verdicts.len(), self.verdicts.weight())
    }
}

/// The fixed cost of an entry besides its claims: the key, the verdict, the token's
/// shared claims map and scope list, and the cache's own slot.
const ENTRY_OVERHEAD: u64 = 384;

/// The heap of a note of a token seen once (measured: 60 bytes).
const NOTE_BYTES: u64 = 64;

/// The budget per slot: the notes, and the verdicts quick_cache sizes its tables for.
const BYTES_PER_SLOT: u64 = 1024;

/// A token's place in the cache: the SHA-256 of its exact bytes, and what its verdict
/// is estimated to hold. Computed once per request.
pub(crate) struct TokenKey([u8; 32], u64);

impl TokenKey {
    /// The key of `token`. A verdict holds the claims map, about twice the token's
    /// length with the map's nodes, besides the fixed overhead (a typical access token
    /// of 407 bytes: 1,202 bytes of heap measured by the `cache_memory` example, 1,198
    /// estimated).
    pub(crate) fn of(token: &str) -> TokenKey {
        let claims = u64::try_from(token.len().saturating_mul(2)).unwrap_or(u64::MAX);
        TokenKey(
            Sha256::digest(token.as_bytes()).into(),
            ENTRY_OVERHEAD.saturating_add(claims),
        )
    }
}

fn time_claim(claims: &Map<String, Value>, name: &str) -> Option<NumericDate> {
    claims
        .get(name)
        .and_then(Value::as_f64)
        .and_then(|seconds| NumericDate::from_f64(seconds).ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::Keys;
    use jwt_strict::Validation;
    use serde_json::json;

    fn checks() -> Arc<Checks> {
        let key = jwt_strict::hs::HmacKey::new(
            jwt_strict::Algorithm::Hs256,
            b"a shared secret of at least 32 bytes",
        )
        .unwrap();
        Arc::new(Checks {
            keys: Keys::local(key),
            validation: Validation::new(),
        })
    }

    fn verified(i: usize) -> VerifiedToken {
        let claims = json!({"sub": format!("user-{i}"), "exp": 4_000_000_000u64,
            "scope": "orders:read orders:write profile", "jti": format!("{i:036}")});
        let Value::Object(claims) = claims else {
            unreachable!()
        };
        VerifiedToken::new(claims)
    }

    fn now() -> NumericDate {
        NumericDate::from_unix_seconds(1_800_000_000).unwrap()
    }

    #[test]
    fn the_cache_holds_no_more_than_its_budget() {
        let checks = checks();
        let cache = TokenCache::new(20 * 1024);
        for i in 0..200 {
            let verified = verified(i);
            // Kept from the second verification on.
            for _ in 0..2 {
                let key = TokenKey::of(&format!("{i:0600}"));
                cache.insert(key, checks.clone(), 0, &verified);
            }
        }
        let (entries, bytes) = cache.usage();
        assert!(bytes <= 20 * 1024, "{bytes} bytes held");
        assert!((10..=40).contains(&entries), "{entries} entries");
        let kept = (0..200)
            .filter(|i| {
                cache
                    .get(&TokenKey::of(&format!("{i:0600}")), now())
                    .is_some()
            })
            .count();
        assert_eq!(kept, entries, "what is held is served");
    }

    #[test]
    fn a_verdict_is_kept_from_the_second_verification_and_one_off_tokens_evict_nothing() {
        let checks = checks();
        let cache = TokenCache::new(20 * 1024);
        let repeated = "a".repeat(600);
        cache.insert(TokenKey::of(&repeated), checks.clone(), 0, &verified(0));
        assert!(cache.get(&TokenKey::of(&repeated), now()).is_none());
        cache.insert(TokenKey::of(&repeated), checks.clone(), 0, &verified(0));
        assert!(cache.get(&TokenKey::of(&repeated), now()).is_some());
        // A thousand tokens verified once each, far beyond the budget: none is kept, and
        // the repeated token's verdict stays.
        for i in 1..=1000 {
            let key = TokenKey::of(&format!("{i:0600}"));
            cache.insert(key, checks.clone(), 0, &verified(i));
        }
        assert_eq!(cache.usage().0, 1);
        assert!(cache.get(&TokenKey::of(&repeated), now()).is_some());
    }
}
