//! The heap the cache of verified tokens holds, measured with a counting allocator: the
//! heap still held by a guarded route after its requests, with the cache on less the same
//! with it off, from before the layer is made (so the cache's own tables count).
//!
//! - per verdict: 10,000 distinct typical access tokens (the benchmarks' claims), each
//!   sent twice (a verdict is kept from a token's second verification), within the
//!   default budget so that none is evicted;
//! - per token seen once: the same tokens sent once (only noted);
//! - the whole cache at the default budget, full: 40,000 tokens sent twice, four times
//!   what it holds.
//!
//! ```text
//! cargo run --release -p jwt-benches --example cache_memory
//! ```

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::cast_possible_wrap,
    missing_docs
)]

use std::alloc::System;

use axum::http::StatusCode;
use axum::routing::get;
use jwt_axum::{BearerAuth, Keys};
use jwt_benches::layer_request::status;
use jwt_strict::hs::HmacKey;
use jwt_strict::{Algorithm, Header, Validation};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Tokens that fit the default budget.
const TOKENS: usize = 10_000;
/// Tokens that overfill it.
const OVERFILL: usize = 40_000;

fn key() -> HmacKey {
    HmacKey::new(Algorithm::Hs256, jwt_benches::SECRET).unwrap()
}

fn layer(cache: bool) -> BearerAuth {
    let validation = Validation::new()
        .issuer(jwt_benches::ISSUER)
        .audience(jwt_benches::AUDIENCE);
    let layer = BearerAuth::new(Keys::local(key()), validation);
    if cache { layer } else { layer.without_cache() }
}

/// The heap still held after sending every token `times` times through a route behind
/// a layer made inside the measured region (with the cache or without), keeping the
/// router (and so its cache) alive.
fn held_after(cache: bool, tokens: &[String], times: usize) -> isize {
    let region = Region::new(GLOBAL);
    let app = axum::Router::new()
        .route("/me", get(|| async { "ok" }))
        .layer(layer(cache));
    for token in tokens {
        for _ in 0..times {
            assert_eq!(status(&app, "/me", token), StatusCode::OK);
        }
    }
    let change = region.change();
    drop(std::hint::black_box(app));
    change.bytes_allocated as isize - change.bytes_deallocated as isize
}

/// What the cache holds beyond the cache-off route after `tokens`, each sent `times`.
fn cache_heap(tokens: &[String], times: usize) -> isize {
    held_after(true, tokens, times) - held_after(false, tokens, times)
}

fn main() {
    let signer = key();
    let tokens: Vec<String> = (0..OVERFILL)
        .map(|i| {
            let mut claims = jwt_benches::claims();
            claims.jti = format!("{i:036}");
            jwt_strict::encode(&Header::new(Algorithm::Hs256), &claims, &signer).unwrap()
        })
        .collect();
    let fitting = &tokens[..TOKENS];
    let empty = cache_heap(&[], 0);
    let per_verdict = (cache_heap(fitting, 2) - empty) / TOKENS as isize;
    let per_seen_once = (cache_heap(fitting, 1) - empty) / TOKENS as isize;
    let full = cache_heap(&tokens, 2);
    println!(
        "{}",
        serde_json::json!({
            "token_bytes": tokens[0].len(),
            "empty_cache_bytes": empty,
            "heap_per_verdict": per_verdict,
            "heap_per_token_seen_once": per_seen_once,
            "default_budget_bytes": 16 << 20,
            "full_cache_at_default_budget_bytes": full,
        })
    );
}
