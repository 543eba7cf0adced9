//! Every algorithm on every backend, beside the peer libraries and the raw primitives.
//!
//! Groups are named `<ALG>-<operation>` (sign, verify, encode, decode) and hold one
//! function per contender, so each group's figures come from the same run.
//! `cargo xtask bench` runs this and writes the report.

#![allow(clippy::unwrap_used, missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jwt_benches::{ALGORITHMS, contenders, primitives, signing_input};

fn algorithms(c: &mut Criterion) {
    for alg in ALGORITHMS {
        let message = signing_input(alg);
        let primitives = primitives(alg);
        let mut group = c.benchmark_group(format!("{alg}-sign"));
        for primitive in &primitives {
            group.bench_function(primitive.name, |b| {
                b.iter(|| (primitive.sign)(black_box(&message)))
            });
        }
        group.finish();
        let mut group = c.benchmark_group(format!("{alg}-verify"));
        for primitive in &primitives {
            let signature = (primitive.sign)(&message);
            group.bench_function(primitive.name, |b| {
                b.iter(|| {
                    assert!((primitive.verify)(
                        black_box(&message),
                        black_box(&signature)
                    ))
                });
            });
        }
        group.finish();

        let contenders = contenders(alg);
        let mut group = c.benchmark_group(format!("{alg}-encode"));
        for contender in &contenders {
            group.bench_function(contender.name, |b| b.iter(|| (contender.encode)()));
        }
        group.finish();
        let mut group = c.benchmark_group(format!("{alg}-decode"));
        for contender in &contenders {
            let token = (contender.encode)();
            group.bench_function(contender.name, |b| {
                b.iter(|| assert!((contender.decode)(black_box(&token))))
            });
        }
        group.finish();
    }
}

/// The stages of an HS256 decode, each alone, for the report's breakdown: group
/// `HS256-stages`, one function per stage (see `jwt_core::stages`), then the whole decode.
fn stages(c: &mut Criterion) {
    let mut group = c.benchmark_group("HS256-stages");
    for (stage, call) in jwt_benches::hs256_stage_calls() {
        group.bench_function(stage, |b| b.iter(&call));
    }
    group.finish();
}

criterion_group!(benches, algorithms, stages);
criterion_main!(benches);
