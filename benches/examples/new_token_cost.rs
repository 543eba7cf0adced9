//! What the cache of verified tokens costs when it cannot help: every request carries a
//! token never seen before (a client that fetches a token per call, or a flood of valid
//! tokens). Two guarded routes, one with the cache and one without, take the same
//! distinct tokens in alternating rounds on one thread, with no network and no runtime;
//! the cost is the median over the rounds of (with − without) per request, beside the
//! request's own time without the cache. Each round sends both routes a slice of tokens
//! of its own, so no token repeats in either.
//!
//! ```text
//! cargo run --release -p jwt-benches --example new_token_cost -- [BACKEND] [ALG] [TOKENS] [ROUNDS]
//! ```
//!
//! Defaults: `awslc ES256 40000 7`. A token sent once is only noted (its verdict would
//! be kept at its second verification); with the default budget of 16 MiB the cache
//! holds 16,384 notes, so TOKENS above that fill them in the warm-up and the rounds
//! measure a full cache that evicts a note on each request.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::cast_precision_loss,
    missing_docs
)]

use std::time::Instant;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use jwt_axum::{BearerAuth, Keys, VerifiedToken};
use jwt_benches::layer_request::status;
use jwt_benches::{AUDIENCE, ISSUER, SECRET, private_pem, quartiles};
use jwt_strict::hs::HmacKey;
use jwt_strict::{Algorithm, AlgorithmFamily, Header, JwsSigner, JwsVerifier, Validation};
use serde_json::json;

/// Nanoseconds per request for `tokens` through `router`.
fn per_request(router: &Router, tokens: &[String]) -> f64 {
    let start = Instant::now();
    for token in tokens {
        assert_eq!(status(router, "/me", token), StatusCode::OK);
    }
    start.elapsed().as_nanos() as f64 / tokens.len() as f64
}

fn main() {
    let mut args = std::env::args().skip(1);
    let backend = args.next().unwrap_or_else(|| "awslc".to_owned());
    let alg = args.next().unwrap_or_else(|| "ES256".to_owned());
    let count: usize = args.next().map_or(40_000, |n| n.parse().unwrap());
    let rounds: usize = args.next().map_or(7, |n| n.parse().unwrap());
    let alg: Algorithm = alg.parse().unwrap();
    let entry = jwt_strict::backend_named(&backend).expect("a compiled-in backend");
    let pem = private_pem(alg);
    let hmac = alg.family() == AlgorithmFamily::Hmac;
    let signer: Box<dyn JwsSigner> = if hmac {
        Box::new(HmacKey::new(alg, SECRET).unwrap())
    } else {
        entry.signer_from_pem_or_der(pem.as_bytes(), alg).unwrap()
    };
    let exp = jwt_strict::NumericDate::now().as_unix_seconds() + 3600;
    // One slice for the warm-up, then one per round.
    let tokens: Vec<String> = (0..count * (rounds + 1))
        .map(|i| {
            let claims = json!({"iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "exp": exp,
                "jti": format!("new-{i}"), "scope": "orders:read"});
            jwt_strict::encode(&Header::new(alg), &claims, &*signer).unwrap()
        })
        .collect();
    let validation = Validation::new()
        .algorithms([alg])
        .issuer(ISSUER)
        .audience(AUDIENCE);
    let route = |layer: BearerAuth| {
        Router::new()
            .route("/me", get(|_token: VerifiedToken| async { "ok" }))
            .layer(layer)
    };
    let verifier = || -> Box<dyn JwsVerifier> {
        if hmac {
            Box::new(HmacKey::new(alg, SECRET).unwrap())
        } else {
            entry.verifier_from_pem_or_der(pem.as_bytes(), alg).unwrap()
        }
    };
    let cached = route(BearerAuth::new(Keys::local(verifier()), validation.clone()));
    let uncached = route(BearerAuth::new(Keys::local(verifier()), validation).without_cache());
    let mut slices = tokens.chunks(count);
    let warm_up = slices.next().unwrap();
    per_request(&cached, warm_up);
    per_request(&uncached, warm_up);
    let (mut without, mut costs) = (Vec::new(), Vec::new());
    for (round, slice) in slices.enumerate() {
        // Alternate which goes first.
        let (off, on) = if round % 2 == 0 {
            let off = per_request(&uncached, slice);
            (off, per_request(&cached, slice))
        } else {
            let on = per_request(&cached, slice);
            (per_request(&uncached, slice), on)
        };
        println!("round {round}: without {off:.0} ns, with {on:.0} ns");
        without.push(off);
        costs.push(on - off);
    }
    let (without, _, _) = quartiles(without);
    let (cost, _, _) = quartiles(costs);
    println!(
        "{alg} on {backend}: a request without the cache {without:.0} ns; the cache adds {cost:.0} ns ({:+.2}%)",
        100.0 * cost / without
    );
}
