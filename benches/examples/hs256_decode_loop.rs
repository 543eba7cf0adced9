//! HS256 decode (or, with the argument `encode`, encode) in a loop, for a profiler:
//! `perf record -g target/release/examples/hs256_decode_loop [encode]` after
//! `cargo build --release -p jwt-benches --example hs256_decode_loop`. `ITERS` sets the
//! number of rounds (default 2,000,000), e.g. `ITERS=200000` under
//! `valgrind --tool=callgrind`, whose instruction counts do not move with the machine's load.

#![allow(clippy::unwrap_used, missing_docs)]

fn main() {
    let contender = jwt_benches::contenders(jwt_strict::Algorithm::Hs256).remove(0);
    let token = (contender.encode)();
    let encode = std::env::args().nth(1).as_deref() == Some("encode");
    for _ in 0..std::env::var("ITERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000_000)
    {
        if encode {
            drop(std::hint::black_box((contender.encode)()));
        } else {
            assert!((contender.decode)(std::hint::black_box(&token)));
        }
    }
}
