//! The cost of guarding an axum route with `jwt_axum::BearerAuth`, per request, with no
//! network: one request through `tower::ServiceExt::oneshot` to a route with the layer,
//! to the same route without it, and the token's `decode` alone. The layer's own
//! overhead is (through the layer) − (no layer) − (decode alone).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "benchmark setup"
)]

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use criterion::{Criterion, criterion_group, criterion_main};
use jwt_axum::{BearerAuth, Keys, VerifiedToken};
use jwt_benches::layer_request::status;
use jwt_benches::{AUDIENCE, ISSUER, SECRET, claims, private_pem, public_pem};
use jwt_strict::{Algorithm, Header, KeySource, Validation};
use serde_json::{Map, Value};

/// The status of a request to `router` for `/orders` with `token`.
fn request(router: &Router, token: &str) -> StatusCode {
    status(router, "/orders", token)
}

async fn orders(_token: VerifiedToken) -> &'static str {
    "[]"
}

fn bench<K: KeySource + Send + Sync + 'static>(
    c: &mut Criterion,
    alg: Algorithm,
    key: impl Fn() -> K,
    token: &str,
) {
    let validation = Validation::new()
        .algorithms([alg])
        .issuer(ISSUER)
        .audience(AUDIENCE);
    let guarded = Router::new()
        .route("/orders", get(orders))
        .layer(BearerAuth::new(Keys::local(key()), validation.clone()).without_cache());
    let cached = Router::new()
        .route("/orders", get(orders))
        .layer(BearerAuth::new(Keys::local(key()), validation.clone()));
    let open = Router::new().route("/orders", get(|| async { "[]" }));
    assert_eq!(request(&guarded, token), StatusCode::OK);
    assert_eq!(request(&guarded, "x.y.z"), StatusCode::UNAUTHORIZED);
    let mut group = c.benchmark_group("axum-layer");
    group.bench_function(format!("{alg}-no-layer"), |b| {
        b.iter(|| request(&open, token))
    });
    group.bench_function(format!("{alg}-through-layer"), |b| {
        b.iter(|| request(&guarded, token))
    });
    assert_eq!(request(&cached, token), StatusCode::OK);
    group.bench_function(format!("{alg}-through-layer-cached"), |b| {
        b.iter(|| request(&cached, token))
    });
    let key = key();
    group.bench_function(format!("{alg}-decode-alone"), |b| {
        b.iter(|| jwt_strict::decode::<Map<String, Value>>(token, &key, &validation).unwrap())
    });
    group.finish();
}

fn layer(c: &mut Criterion) {
    let hmac = || jwt_strict::hs::HmacKey::new(Algorithm::Hs256, SECRET).unwrap();
    let token = jwt_strict::encode(&Header::new(Algorithm::Hs256), &claims(), &hmac()).unwrap();
    bench(c, Algorithm::Hs256, hmac, &token);

    let alg = Algorithm::Rs256;
    let signer = jwt_strict::backend::SigningKey::from_pem(&private_pem(alg), alg).unwrap();
    let token = jwt_strict::encode(&Header::new(alg), &claims(), &signer).unwrap();
    let public = public_pem(alg);
    let verifier = || jwt_strict::backend::VerifyingKey::from_pem(&public, alg).unwrap();
    bench(c, alg, verifier, &token);
}

criterion_group!(benches, layer);
criterion_main!(benches);
