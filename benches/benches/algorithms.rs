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
/// `HS256-stages`, one function per stage (see `jwt::stages`), then the whole decode.
fn stages(c: &mut Criterion) {
    use jwt::{Algorithm, NumericDate, Validation, stages};
    use jwt_benches::{AUDIENCE, AccessClaims, ISSUER, STAGES};
    let contenders = contenders(Algorithm::Hs256);
    let ours = contenders.first().unwrap();
    let token = (ours.encode)();
    let mut segments = token.split('.');
    let (header, payload, signature) = (
        segments.next().unwrap(),
        segments.next().unwrap(),
        segments.next().unwrap(),
    );
    let decode = |segment: &str| {
        use base64ct::{Base64UrlUnpadded, Encoding};
        Base64UrlUnpadded::decode_vec(segment).unwrap()
    };
    let (header_json, claims_json) = (decode(header), decode(payload));
    let validation = Validation::new()
        .algorithms([Algorithm::Hs256])
        .issuer(ISSUER)
        .audience(AUDIENCE);
    let now = NumericDate::now();
    let hmac = primitives(Algorithm::Hs256)
        .into_iter()
        .find(|p| p.name == "raw-hmac")
        .unwrap();
    let message = token.rsplit_once('.').unwrap().0.as_bytes().to_vec();
    let mac = (hmac.sign)(&message);
    let mut group = c.benchmark_group("HS256-stages");
    for stage in STAGES {
        group.bench_function(stage, |b| match stage {
            "split" => b.iter(|| stages::split(black_box(&token)).unwrap()),
            "base64 header" => b.iter(|| stages::decode_segment(black_box(header)).unwrap()),
            "base64 payload" => b.iter(|| stages::decode_segment(black_box(payload)).unwrap()),
            "base64 signature" => b.iter(|| stages::decode_segment(black_box(signature)).unwrap()),
            "header" => b.iter(|| stages::parse_header(black_box(&header_json)).unwrap()),
            "claims read" => b.iter(|| {
                stages::read_claims::<AccessClaims>(black_box(&claims_json), &validation).unwrap()
            }),
            "claims checked" => b.iter(|| {
                stages::check_claims::<AccessClaims>(black_box(&claims_json), &validation, now)
                    .unwrap()
            }),
            "hmac" => b.iter(|| assert!((hmac.verify)(black_box(&message), black_box(&mac)))),
            _ => b.iter(|| assert!((ours.decode)(black_box(&token)))),
        });
    }
    group.finish();
}

criterion_group!(benches, algorithms, stages);
criterion_main!(benches);
