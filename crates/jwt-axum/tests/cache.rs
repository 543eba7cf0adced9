//! The cache of verified tokens: a repeat token is served without verifying its
//! signature again once it has verified twice, yet a cached token is refused at its `exp` (to the second, with the
//! leeway), a key withdrawn or rotated out drops its tokens' verdicts at the next
//! refresh, two layers with different validations share nothing, and refusals are not
//! cached.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use jwt_axum::{BearerAuth, Keys};
use jwt_strict::hs::HmacKey;
use jwt_strict::{Algorithm, Header, InvalidSignature, JwsVerifier, Validation};
use serde_json::{Value, json};
use tower::ServiceExt;

const SECRET: &[u8] = b"a shared secret of at least 32 bytes, for tests";

/// An HS256 key that counts the signatures it checks.
#[derive(Debug)]
struct Counting {
    key: HmacKey,
    checks: Arc<AtomicUsize>,
}

impl JwsVerifier for Counting {
    fn algorithm(&self) -> Algorithm {
        Algorithm::Hs256
    }

    fn verify(&self, input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        self.checks.fetch_add(1, Ordering::SeqCst);
        self.key.verify(input, signature)
    }
}

fn counting() -> (Keys, Arc<AtomicUsize>) {
    let checks = Arc::new(AtomicUsize::new(0));
    let key = Counting {
        key: HmacKey::new(Algorithm::Hs256, SECRET).unwrap(),
        checks: checks.clone(),
    };
    (Keys::local(key), checks)
}

fn token(claims: Value) -> String {
    let key = HmacKey::new(Algorithm::Hs256, SECRET).unwrap();
    jwt_strict::encode(&Header::new(Algorithm::Hs256), &claims, &key).unwrap()
}

/// The wall clock, in seconds since the epoch (finer than a NumericDate's second).
fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64()
}

fn guarded(layer: BearerAuth) -> Router {
    Router::new()
        .route("/me", get(|| async { "ok" }))
        .layer(layer)
}

/// The status and `WWW-Authenticate` of a request with `token`.
async fn status(app: &Router, token: &str) -> (StatusCode, String) {
    let request = Request::get("/me")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status(), challenge)
}

#[tokio::test]
async fn a_repeat_token_is_verified_once_and_refusals_are_not_cached() {
    let (keys, checks) = counting();
    let app = guarded(BearerAuth::new(keys, Validation::new()));
    let good = token(json!({"sub": "alice", "exp": in_ten_minutes()}));
    assert_eq!(status(&app, &good).await.0, StatusCode::OK);
    assert_eq!(checks.load(Ordering::SeqCst), 1);
    // The first verification only notes the token; its verdict is kept from the second.
    for _ in 0..9 {
        assert_eq!(status(&app, &good).await.0, StatusCode::OK);
    }
    assert_eq!(checks.load(Ordering::SeqCst), 2, "eight hits");
    // Another token is another entry; a tampered one is refused every time, each time
    // verified again (nothing is cached for it).
    let other = token(json!({"sub": "bob", "exp": in_ten_minutes()}));
    assert_eq!(status(&app, &other).await.0, StatusCode::OK);
    let (signed, signature) = good.rsplit_once('.').unwrap();
    let flipped = if signature.starts_with('A') { 'B' } else { 'A' };
    let tampered = format!("{signed}.{flipped}{}", &signature[1..]);
    for _ in 0..3 {
        assert_eq!(status(&app, &tampered).await.0, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(checks.load(Ordering::SeqCst), 3 + 3);
    // Without the cache, every request verifies.
    let (keys, checks) = counting();
    let app = guarded(BearerAuth::new(keys, Validation::new()).without_cache());
    for _ in 0..4 {
        assert_eq!(status(&app, &good).await.0, StatusCode::OK);
    }
    assert_eq!(checks.load(Ordering::SeqCst), 4);
}

/// A NumericDate ten minutes from now.
fn in_ten_minutes() -> i64 {
    jwt_strict::NumericDate::now().as_unix_seconds() + 600
}

/// Waits until the wall clock passes `at` (seconds) by `margin`.
async fn wait_until(at: f64, margin: f64) {
    let wait = at + margin - now();
    if wait > 0.0 {
        tokio::time::sleep(Duration::from_secs_f64(wait)).await;
    }
}

#[tokio::test]
async fn a_cached_token_is_refused_at_its_exp_with_the_leeway() {
    for leeway in [0u64, 1] {
        let (keys, checks) = counting();
        let validation = Validation::new().leeway(Duration::from_secs(leeway));
        let app = guarded(BearerAuth::new(keys, validation));
        let exp = (jwt_strict::NumericDate::now().as_unix_seconds() + 2) as f64;
        let expiring = token(json!({"sub": "alice", "exp": exp}));
        assert_eq!(status(&app, &expiring).await.0, StatusCode::OK);
        assert_eq!(status(&app, &expiring).await.0, StatusCode::OK);
        // Within the second before exp + leeway (the clock is read to the second): still
        // served, from the cache.
        wait_until(exp + leeway as f64, -0.9).await;
        let asked = now();
        let (code, challenge) = status(&app, &expiring).await;
        assert_eq!(
            code,
            StatusCode::OK,
            "leeway {leeway}: {challenge}, asked at exp {:+.3} s",
            asked - exp
        );
        assert_eq!(checks.load(Ordering::SeqCst), 2, "leeway {leeway}: a hit");
        // At exp + leeway: refused as expired, though it was cached.
        wait_until(exp + leeway as f64, 0.05).await;
        let (code, challenge) = status(&app, &expiring).await;
        assert_eq!(code, StatusCode::UNAUTHORIZED, "leeway {leeway}");
        assert!(challenge.contains("expired_signature"), "{challenge}");
    }
}

#[tokio::test]
async fn two_layers_with_different_validations_do_not_share_verdicts() {
    let (keys, checks) = counting();
    let orders = guarded(BearerAuth::new(
        keys.clone(),
        Validation::new().audience("api://orders"),
    ));
    let billing = guarded(BearerAuth::new(
        keys,
        Validation::new().audience("api://billing"),
    ));
    let for_orders = token(json!({"aud": "api://orders", "exp": in_ten_minutes()}));
    for _ in 0..3 {
        assert_eq!(status(&orders, &for_orders).await.0, StatusCode::OK);
    }
    assert_eq!(checks.load(Ordering::SeqCst), 2, "the third a hit");
    let (code, challenge) = status(&billing, &for_orders).await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
    assert!(challenge.contains("invalid_audience"), "{challenge}");
    assert_eq!(checks.load(Ordering::SeqCst), 3);
}

/// A JWK Set server whose answer the test sets.
async fn jwks_server(answer: Arc<Mutex<String>>) -> String {
    let app = Router::new()
        .route(
            "/jwks.json",
            get(|State(answer): State<Arc<Mutex<String>>>| async move {
                answer.lock().unwrap().clone()
            }),
        )
        .with_state(answer);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/jwks.json")
}

#[tokio::test]
async fn a_withdrawn_or_rotated_key_drops_its_cached_verdicts_at_the_next_refresh() {
    let backend = jwt_strict::BACKENDS[0];
    let old = backend.generate(Algorithm::Es256, 2048).unwrap();
    let new = backend.generate(Algorithm::Es256, 2048).unwrap();
    let jwk = |key: &jwt_strict::GeneratedKey, kid: &str| {
        jwt_strict::keys::public_jwk(&key.public, Some(Algorithm::Es256), Some(kid)).unwrap()
    };
    let signed = |key: &jwt_strict::GeneratedKey, kid: &str| {
        let mut header = Header::new(Algorithm::Es256);
        header.kid = Some(kid.to_owned());
        let claims = json!({"sub": "alice", "exp": in_ten_minutes()});
        jwt_strict::encode(&header, &claims, &*key.signer).unwrap()
    };
    let answer = Arc::new(Mutex::new(
        jwt_strict::keys::jwk_set(vec![jwk(&old, "old")]).to_string(),
    ));
    let url = jwks_server(answer.clone()).await;
    let remote = jwt_jwks::RemoteKeySet::new(&url).unwrap();
    let app = guarded(BearerAuth::new(remote.clone(), Validation::new()));
    let old_token = signed(&old, "old");
    assert_eq!(status(&app, &old_token).await.0, StatusCode::OK);
    assert_eq!(status(&app, &old_token).await.0, StatusCode::OK);
    // The provider rotates the old key out; once the set is refreshed, the cached
    // verdict no longer stands.
    *answer.lock().unwrap() = jwt_strict::keys::jwk_set(vec![jwk(&new, "new")]).to_string();
    remote.refresh().await.unwrap();
    let (code, challenge) = status(&app, &old_token).await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
    assert!(challenge.contains("no_matching_key"), "{challenge}");
    let new_token = signed(&new, "new");
    assert_eq!(status(&app, &new_token).await.0, StatusCode::OK);
    assert_eq!(status(&app, &new_token).await.0, StatusCode::OK);
    // Every key withdrawn: the new key's cached verdict falls too.
    *answer.lock().unwrap() = json!({"keys": []}).to_string();
    remote.refresh().await.unwrap();
    let (code, challenge) = status(&app, &new_token).await;
    assert_eq!(code, StatusCode::UNAUTHORIZED);
    assert!(challenge.contains("no_matching_key"), "{challenge}");
}
