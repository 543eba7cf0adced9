//! HS256 decode in a loop, for a profiler: `perf record cargo run --release -p jwt-benches --example hs256_decode_loop`.
#![allow(clippy::unwrap_used, missing_docs)]
fn main() {
    let contender = jwt_benches::contenders(jwt::Algorithm::Hs256).remove(0);
    let token = (contender.encode)();
    for _ in 0..2_000_000 {
        assert!((contender.decode)(std::hint::black_box(&token)));
    }
}
