//! Heap allocations per `encode` and per `decode`, for each contender and algorithm,
//! counted by a wrapping global allocator. Prints one JSON object per line:
//! `{"alg":"HS256","contender":"jwt","encode":3,"decode":6,"decode_layer":1}`.
//!
//! `decode_layer` is the JWT layer's own share of a decode: the total minus the
//! allocations of building the caller's type alone (its `String` fields), measured here
//! by reading the same claims JSON into it. An encode allocates nothing of the caller's,
//! so all of `encode` is the layer's (the token itself among them).

#![allow(clippy::unwrap_used)]

use std::alloc::System;

use jwt_benches::{ALGORITHMS, AccessClaims, claims, contenders};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations made by `work`, the fewest of a few runs (a first run may fill caches).
fn allocations(mut work: impl FnMut()) -> usize {
    (0..3)
        .map(|_| {
            let region = Region::new(GLOBAL);
            work();
            region.change().allocations
        })
        .min()
        .unwrap_or(0)
}

fn main() {
    let claims_json = serde_json::to_vec(&claims()).unwrap();
    let caller = allocations(|| {
        let claims: AccessClaims =
            serde_json::from_slice(std::hint::black_box(&claims_json)).unwrap();
        drop(std::hint::black_box(claims));
    });
    for alg in ALGORITHMS {
        for contender in contenders(alg) {
            let token = (contender.encode)();
            let encode = allocations(|| drop(std::hint::black_box((contender.encode)())));
            let decode = allocations(|| assert!((contender.decode)(std::hint::black_box(&token))));
            println!(
                "{}",
                serde_json::json!({
                    "alg": alg.name(),
                    "contender": contender.name,
                    "encode": encode,
                    "decode": decode,
                    "decode_layer": decode.saturating_sub(caller),
                })
            );
        }
    }
}
