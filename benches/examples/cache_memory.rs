//! The heap the cache of verified tokens holds per entry, measured: 20,000 distinct
//! typical access tokens (the benchmarks' claims) through a guarded route with the cache
//! on, then the same with it off; the difference of the heap still held, per token. Also
//! what the cache estimates per entry, which its 16 MiB budget is counted in.
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

use axum::body::Body;
use axum::http::Request;
use axum::routing::get;
use futures_util::FutureExt;
use jwt_axum::{BearerAuth, Keys};
use jwt_strict::hs::HmacKey;
use jwt_strict::{Algorithm, Header, Validation};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};
use tower::ServiceExt;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const TOKENS: usize = 20_000;

/// The heap still held after sending every token through a route behind `layer`,
/// keeping the router (and so its cache) alive.
fn held_after(layer: BearerAuth, tokens: &[String]) -> isize {
    let app = axum::Router::new()
        .route("/me", get(|| async { "ok" }))
        .layer(layer);
    let region = Region::new(GLOBAL);
    for token in tokens {
        let request = Request::get("/me")
            .header("authorization", format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        let response = app
            .clone()
            .oneshot(request)
            .now_or_never()
            .expect("local keys answer at once")
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let change = region.change();
    drop(std::hint::black_box(app));
    change.bytes_allocated as isize - change.bytes_deallocated as isize
}

fn main() {
    let key = || HmacKey::new(Algorithm::Hs256, jwt_benches::SECRET).unwrap();
    let signer = key();
    let tokens: Vec<String> = (0..TOKENS)
        .map(|i| {
            let mut claims = jwt_benches::claims();
            claims.jti = format!("{:036}", i);
            jwt_strict::encode(&Header::new(Algorithm::Hs256), &claims, &signer).unwrap()
        })
        .collect();
    let validation = || {
        Validation::new()
            .issuer(jwt_benches::ISSUER)
            .audience(jwt_benches::AUDIENCE)
    };
    let with = held_after(BearerAuth::new(Keys::local(key()), validation()), &tokens);
    let without = held_after(
        BearerAuth::new(Keys::local(key()), validation()).without_cache(),
        &tokens,
    );
    let per_entry = (with - without) / TOKENS as isize;
    println!(
        "{}",
        serde_json::json!({
            "tokens": TOKENS,
            "token_bytes": tokens[0].len(),
            "heap_per_entry": per_entry,
            "default_budget_bytes": 16 << 20,
            "entries_at_default_budget_by_heap": (16 << 20) / per_entry.max(1),
        })
    );
}
