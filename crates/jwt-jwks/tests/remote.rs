//! The remote key set against real servers on 127.0.0.1:0: caching, revalidation,
//! rotation, cooldown, single flight, timeouts, stale-if-error, size caps, redirects and
//! HTTPS with a custom root. Time is moved by hand ([`ManualClock`]), never slept on.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use jwt_jwks::{ManualClock, RemoteKeySet, RemoteKeySetBuilder};
use jwt_strict::{Algorithm, ErrorKind, RegisteredClaims};
use support::{Answer, Server, Signer, http_server, set_of, validation};

const MINUTE: Duration = Duration::from_secs(60);

fn client(server: &Server, clock: &Arc<ManualClock>) -> RemoteKeySetBuilder {
    RemoteKeySet::builder(&server.url("/jwks.json")).clock(clock.clone())
}

async fn verifies(keys: &RemoteKeySet, token: &str) -> Result<String, ErrorKind> {
    keys.decode::<RegisteredClaims>(token, &validation())
        .await
        .map(|data| data.claims.sub.unwrap_or_default())
        .map_err(|err| err.kind())
}

/// `count` lookups of `token` at once, each on its own task.
fn spawn_lookups(
    keys: &RemoteKeySet,
    token: &str,
    count: usize,
) -> Vec<tokio::task::JoinHandle<Result<String, ErrorKind>>> {
    (0..count)
        .map(|_| {
            let (keys, token) = (keys.clone(), token.to_owned());
            tokio::spawn(async move { verifies(&keys, &token).await })
        })
        .collect()
}

#[tokio::test]
async fn first_fetch_verifies_then_the_set_is_cached() {
    let a = Signer::new("a", Algorithm::Es256);
    let server = http_server(Answer::set(&set_of(&[&a]))).await;
    let clock = Arc::new(ManualClock::new());
    let keys = client(&server, &clock).build().unwrap();
    assert_eq!(
        server.script.hits(),
        0,
        "nothing is fetched before the first lookup"
    );
    for _ in 0..10 {
        assert_eq!(verifies(&keys, &a.token()).await, Ok("alice".to_owned()));
    }
    assert_eq!(server.script.hits(), 1);
    let stats = keys.stats();
    assert_eq!((stats.requests, stats.updates, stats.failures), (1, 1, 0));
    // The same set answers a token that fails for its own reasons, without a request.
    let other = Signer::new("a", Algorithm::Es256);
    assert_eq!(
        verifies(&keys, &other.token()).await,
        Err(ErrorKind::InvalidSignature)
    );
    assert_eq!(server.script.hits(), 1);
}

#[tokio::test]
async fn cache_control_max_age_sets_the_lifetime_within_bounds() {
    let a = Signer::new("a", Algorithm::Es256);
    let token = a.token();
    // (max-age offered, lifetime expected): honoured, clamped up to 1 min, down to 24 h,
    // and 10 min when absent.
    for (max_age, lifetime) in [
        (Some(300), 300),
        (Some(5), 60),
        (Some(200_000), 86_400),
        (None, 600),
    ] {
        let answer = Answer::set(&set_of(&[&a]));
        let answer = match max_age {
            Some(seconds) => answer.max_age(seconds),
            None => answer,
        };
        let server = http_server(answer).await;
        let clock = Arc::new(ManualClock::new());
        let keys = client(&server, &clock).build().unwrap();
        assert!(verifies(&keys, &token).await.is_ok());
        // The refresh starts 30 s before freshness ends, in the background.
        clock.advance(Duration::from_secs(lifetime - 31));
        assert!(verifies(&keys, &token).await.is_ok());
        keys.wait_idle().await;
        assert_eq!(
            server.script.hits(),
            1,
            "max-age {max_age:?}: no refresh before {lifetime}s - 30s"
        );
        clock.advance(Duration::from_secs(2));
        assert!(verifies(&keys, &token).await.is_ok());
        keys.wait_idle().await;
        assert_eq!(
            server.script.hits(),
            2,
            "max-age {max_age:?}: refreshed ahead of {lifetime}s"
        );
        assert_eq!(keys.stats().stale_serves, 0);
    }
}

/// While a set is held, no lookup waits on the key server: a refresh that takes 2 s
/// (due ahead of freshness, or past it) runs in the background and the held set
/// answers at once. Only a cold start waits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_lookup_waits_on_a_slow_server_while_a_set_is_held() {
    let a = Signer::new("a", Algorithm::Es256);
    let b = Signer::new("b", Algorithm::Es256);
    let slow = Duration::from_secs(2);
    let server = http_server(Answer::set(&set_of(&[&a])).max_age(60).delayed(slow)).await;
    let clock = Arc::new(ManualClock::new());
    let keys = client(&server, &clock).build().unwrap();
    let began = Instant::now();
    assert!(verifies(&keys, &a.token()).await.is_ok());
    assert!(began.elapsed() >= slow, "a cold start waits for the set");
    server
        .script
        .answer(Answer::set(&set_of(&[&a, &b])).max_age(60).delayed(slow));
    // In the refresh-ahead window, then past freshness: answered from the held set.
    for step in [31, 61] {
        clock.advance(Duration::from_secs(step));
        let began = Instant::now();
        for _ in 0..20 {
            assert!(verifies(&keys, &a.token()).await.is_ok());
        }
        assert!(
            began.elapsed() < Duration::from_millis(500),
            "20 lookups took {:?}",
            began.elapsed()
        );
        keys.wait_idle().await;
    }
    // One background refresh each time, and the lookups past freshness were stale
    // answers; the refreshes brought the new key.
    assert_eq!(server.script.hits(), 3);
    assert_eq!(keys.stats().stale_serves, 20);
    assert_eq!(verifies(&keys, &b.token()).await, Ok("alice".to_owned()));
    assert_eq!(server.script.hits(), 3);
}

#[tokio::test]
async fn an_etag_revalidates_with_if_none_match() {
    let a = Signer::new("a", Algorithm::Es256);
    let server = http_server(Answer::set(&set_of(&[&a])).max_age(120).etag("\"v1\"")).await;
    let clock = Arc::new(ManualClock::new());
    let keys = client(&server, &clock).build().unwrap();
    let before = keys.key_set().await.unwrap();
    clock.advance(Duration::from_secs(121));
    assert!(verifies(&keys, &a.token()).await.is_ok());
    keys.wait_idle().await;
    assert_eq!(
        (server.script.hits(), server.script.revalidations()),
        (2, 1)
    );
    let stats = keys.stats();
    assert_eq!(
        (stats.updates, stats.not_modified, stats.stale_serves),
        (1, 1, 1)
    );
    assert!(
        Arc::ptr_eq(&before, &keys.key_set().await.unwrap()),
        "304 keeps the held set"
    );
    // Fresh again for the 304's max-age (its refresh due 30 s before the end).
    clock.advance(Duration::from_secs(89));
    assert!(verifies(&keys, &a.token()).await.is_ok());
    keys.wait_idle().await;
    assert_eq!(server.script.hits(), 2);
    // A new ETag brings the new set.
    let b = Signer::new("b", Algorithm::EdDsa);
    server
        .script
        .answer(Answer::set(&set_of(&[&a, &b])).max_age(120).etag("\"v2\""));
    clock.advance(Duration::from_secs(2));
    assert!(verifies(&keys, &a.token()).await.is_ok());
    keys.wait_idle().await;
    assert_eq!(keys.stats().updates, 2);
    assert!(verifies(&keys, &b.token()).await.is_ok());
    assert_eq!(server.script.hits(), 3);
}

#[tokio::test]
async fn rotation_a_new_kid_is_followed_at_once_and_a_second_unknown_kid_waits() {
    let old = Signer::new("2026-10", Algorithm::Es256);
    let new = Signer::new("2026-11", Algorithm::EdDsa);
    let server = http_server(Answer::set(&set_of(&[&old])).max_age(3600)).await;
    let clock = Arc::new(ManualClock::new());
    let keys = client(&server, &clock).build().unwrap();
    assert!(verifies(&keys, &old.token()).await.is_ok());
    // The provider rotates.
    server
        .script
        .answer(Answer::set(&set_of(&[&old, &new])).max_age(3600));
    // 10 s after the last request, which was not for an unknown kid: the new kid is
    // fetched at once, without waiting out the cooldown.
    clock.advance(Duration::from_secs(10));
    assert_eq!(verifies(&keys, &new.token()).await, Ok("alice".to_owned()));
    assert_eq!(server.script.hits(), 2);
    assert_eq!(keys.stats().cooldown_refusals, 0);
    assert!(verifies(&keys, &old.token()).await.is_ok());
    assert!(verifies(&keys, &new.token()).await.is_ok());
    assert_eq!(server.script.hits(), 2);
    // That request was for an unknown kid: another unknown kid within the cooldown
    // waits for it (refused without a request), and is fetched after it.
    let third = Signer::new("2026-12", Algorithm::Es256);
    server
        .script
        .answer(Answer::set(&set_of(&[&old, &new, &third])).max_age(3600));
    clock.advance(Duration::from_secs(10));
    assert_eq!(
        verifies(&keys, &third.token()).await,
        Err(ErrorKind::NoMatchingKey)
    );
    assert_eq!(
        (server.script.hits(), keys.stats().cooldown_refusals),
        (2, 1)
    );
    clock.advance(Duration::from_secs(21));
    assert_eq!(
        verifies(&keys, &third.token()).await,
        Ok("alice".to_owned())
    );
    assert_eq!(server.script.hits(), 3);
}

#[tokio::test]
async fn a_flood_of_random_kids_makes_at_most_one_request_per_cooldown() {
    let a = Signer::new("a", Algorithm::Es256);
    let server = http_server(Answer::set(&set_of(&[&a])).max_age(86_400)).await;
    let clock = Arc::new(ManualClock::new());
    let keys = client(&server, &clock).build().unwrap();
    assert!(verifies(&keys, &a.token()).await.is_ok());
    let mut random = 0x9e37_79b9_7f4a_7c15_u64;
    let started = jwt_jwks::Clock::now(&*clock);
    for i in 0..1000 {
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        let token = a.token_with_kid(&format!("{random:016x}"));
        assert_eq!(verifies(&keys, &token).await, Err(ErrorKind::NoMatchingKey));
        clock.advance(Duration::from_millis(200));
        if i == 599 {
            // Two minutes of random kids: at most 4 requests caused by them.
            let caused = server.script.hits() - 1;
            println!("random kids over two minutes caused {caused} requests");
            assert!(caused <= 4, "{caused} requests in two minutes");
        }
    }
    // 1,000 tokens over 200 s of the clock: the first fetch, one at once for the first
    // unknown kid (a rotation would look the same), then at most one per 30 s.
    let elapsed = (jwt_jwks::Clock::now(&*clock) - started).as_secs();
    let allowed = 2 + usize::try_from(elapsed / 30).unwrap();
    let hits = server.script.hits();
    assert!(hits <= allowed, "{hits} requests, allowed {allowed}");
    assert!(
        hits >= 2,
        "the flood did refetch after the cooldown ({hits} requests)"
    );
    let stats = keys.stats();
    assert_eq!(
        usize::try_from(stats.cooldown_refusals).unwrap(),
        1000 - (hits - 1)
    );
    // Known kids kept verifying throughout.
    assert!(verifies(&keys, &a.token()).await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_lookups_that_miss_share_one_request() {
    let a = Signer::new("a", Algorithm::Es256);
    let b = Signer::new("b", Algorithm::Es256);
    // No set held yet: 200 concurrent first lookups, one request, even with no
    // cooldown at all (waiters use the request they waited for).
    let server = http_server(
        Answer::set(&set_of(&[&a]))
            .max_age(3600)
            .delayed(Duration::from_millis(300)),
    )
    .await;
    let clock = Arc::new(ManualClock::new());
    let no_cooldown = client(&server, &clock)
        .cooldown(Duration::ZERO)
        .build()
        .unwrap();
    let token = a.token();
    let tasks = spawn_lookups(&no_cooldown, &token, 200);
    for task in tasks {
        assert_eq!(task.await.unwrap(), Ok("alice".to_owned()));
    }
    assert_eq!(server.script.hits(), 1);

    let keys = client(&server, &clock).build().unwrap();
    assert!(verifies(&keys, &token).await.is_ok());
    assert_eq!(server.script.hits(), 2);

    // The provider rotates; 200 concurrent lookups of the unknown kid, one request.
    server.script.answer(
        Answer::set(&set_of(&[&a, &b]))
            .max_age(3600)
            .delayed(Duration::from_millis(300)),
    );
    clock.advance(Duration::from_secs(31));
    let token = b.token();
    let known = a.token();
    let tasks = spawn_lookups(&keys, &token, 200);
    // Meanwhile a known kid answers at once, not waiting for the request under way.
    let began = Instant::now();
    assert!(verifies(&keys, &known).await.is_ok());
    assert!(
        began.elapsed() < Duration::from_millis(250),
        "{:?}",
        began.elapsed()
    );
    for task in tasks {
        assert_eq!(task.await.unwrap(), Ok("alice".to_owned()));
    }
    assert_eq!(server.script.hits(), 3);
}

#[tokio::test]
async fn a_slow_server_times_out() {
    let a = Signer::new("a", Algorithm::Es256);
    let server = http_server(Answer::set(&set_of(&[&a])).delayed(Duration::from_secs(10))).await;
    let clock = Arc::new(ManualClock::new());
    let keys = client(&server, &clock)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let began = Instant::now();
    let err = keys
        .decode::<RegisteredClaims>(&a.token(), &validation())
        .await
        .unwrap_err();
    assert!(
        began.elapsed() < Duration::from_secs(3),
        "{:?}",
        began.elapsed()
    );
    assert_eq!(err.kind(), ErrorKind::KeySource);
    assert!(err.to_string().contains("no answer within 300ms"), "{err}");
    assert_eq!(keys.stats().failures, 1);
}

/// Each failure that must leave the last good set serving.
fn bad_answers() -> Vec<(&'static str, Answer)> {
    let huge = format!("{{\"keys\":[],\"pad\":\"{}\"}}", "x".repeat(2 << 20));
    let mut huge_with_length = Answer::set(&serde_json::json!({}));
    huge_with_length.body = huge.into_bytes();
    // The same body in chunks without Content-Length: the cap counts as it reads.
    let mut huge_streamed = huge_with_length.clone();
    huge_streamed.streamed = true;
    vec![
        ("HTTP status 500", Answer::status(500)),
        ("HTTP status 404", Answer::status(404)),
        ("not a usable JWK Set", {
            let mut answer = Answer::set(&serde_json::json!({}));
            answer.body = b"{\"keys\": [".to_vec();
            answer
        }),
        ("not a usable JWK Set", {
            let mut answer = Answer::set(&serde_json::json!({}));
            answer.body = b"<html>maintenance</html>".to_vec();
            answer
        }),
        ("larger than 1048576 bytes", huge_with_length),
        ("larger than 1048576 bytes", huge_streamed),
    ]
}

#[tokio::test]
async fn failed_refreshes_keep_serving_the_last_good_set() {
    let a = Signer::new("a", Algorithm::Es256);
    for (what, bad) in bad_answers() {
        let server = http_server(Answer::set(&set_of(&[&a])).max_age(60)).await;
        let clock = Arc::new(ManualClock::new());
        let keys = client(&server, &clock).build().unwrap();
        assert!(verifies(&keys, &a.token()).await.is_ok());
        server.script.answer(bad);
        clock.advance(Duration::from_secs(61));
        assert_eq!(
            verifies(&keys, &a.token()).await,
            Ok("alice".to_owned()),
            "{what}"
        );
        keys.wait_idle().await;
        let stats = keys.stats();
        assert_eq!((stats.failures, stats.stale_serves), (1, 1), "{what}");
        // Within the cooldown, no new request; the stale set answers.
        assert!(verifies(&keys, &a.token()).await.is_ok());
        keys.wait_idle().await;
        assert_eq!(server.script.hits(), 2, "{what}");
        assert_eq!(keys.stats().stale_serves, 2, "{what}");
        // The bad answer never replaced the set: after the cooldown it fails again and
        // the old key still verifies.
        clock.advance(Duration::from_secs(31));
        assert!(verifies(&keys, &a.token()).await.is_ok(), "{what}");
        keys.wait_idle().await;
        assert_eq!(keys.stats().failures, 2, "{what}");
        // 24 h past its freshness, the set stops answering and the error says why.
        clock.advance(Duration::from_secs(24 * 3600));
        let err = keys
            .decode::<RegisteredClaims>(&a.token(), &validation())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::KeySource, "{what}");
        assert!(err.to_string().contains(what), "{what}: {err}");
        // The server recovers: so does the client.
        server.script.answer(Answer::set(&set_of(&[&a])));
        clock.advance(MINUTE);
        assert!(verifies(&keys, &a.token()).await.is_ok(), "{what}");
    }
}

#[tokio::test]
async fn before_any_good_fetch_the_error_says_what_failed() {
    let a = Signer::new("a", Algorithm::Es256);
    for (what, bad) in bad_answers() {
        let server = http_server(bad).await;
        let clock = Arc::new(ManualClock::new());
        let keys = client(&server, &clock).build().unwrap();
        let err = keys
            .decode::<RegisteredClaims>(&a.token(), &validation())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::KeySource, "{what}");
        assert!(err.to_string().contains(what), "{what}: {err}");
        assert!(err.to_string().contains(&server.url("/jwks.json")), "{err}");
        // A second lookup within the cooldown repeats the answer without a request.
        let again = keys.key_set().await.unwrap_err();
        assert_eq!(again.to_string(), err.to_string());
        assert_eq!(server.script.hits(), 1, "{what}");
    }
    // A refused connection: a port nothing listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let keys = RemoteKeySet::new(&format!("http://127.0.0.1:{port}/jwks.json")).unwrap();
    let err = keys.key_set().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::KeySource);
    assert!(err.to_string().contains("cannot connect"), "{err}");
}

#[tokio::test]
async fn a_malformed_token_is_refused_as_such_without_a_request() {
    let a = Signer::new("a", Algorithm::Es256);
    let server = http_server(Answer::status(503)).await;
    let clock = Arc::new(ManualClock::new());
    let keys = client(&server, &clock).build().unwrap();
    let garbled = a.token().replacen("eyJ", "eyK", 1);
    for (token, kind) in [
        ("not a token", ErrorKind::MalformedToken),
        (garbled.as_str(), ErrorKind::MalformedToken),
        ("eyJhbGciOiJub25lIn0.e30.", ErrorKind::InvalidAlgorithm),
    ] {
        assert_eq!(verifies(&keys, token).await, Err(kind), "{token}");
    }
    assert_eq!(
        server.script.hits(),
        0,
        "no request for tokens that are not JWS"
    );
    // A well-formed token still asks, and the provider being down is what it hears.
    assert_eq!(verifies(&keys, &a.token()).await, Err(ErrorKind::KeySource));
    assert_eq!(server.script.hits(), 1);
}

#[tokio::test]
async fn stale_if_error_zero_serves_nothing_stale() {
    let a = Signer::new("a", Algorithm::Es256);
    let server = http_server(Answer::set(&set_of(&[&a])).max_age(60)).await;
    let clock = Arc::new(ManualClock::new());
    let keys = client(&server, &clock)
        .stale_if_error(Duration::ZERO)
        .build()
        .unwrap();
    assert!(verifies(&keys, &a.token()).await.is_ok());
    server.script.answer(Answer::status(503));
    clock.advance(Duration::from_secs(61));
    assert_eq!(verifies(&keys, &a.token()).await, Err(ErrorKind::KeySource));
}

#[test]
fn http_to_another_host_is_refused_before_any_request() {
    for url in [
        "http://example.com/jwks.json",
        "http://10.0.0.1/jwks.json",
        "http://[2001:db8::1]/jwks.json",
    ] {
        let err = RemoteKeySet::new(url).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::KeySource);
        assert!(err.to_string().contains("loopback hosts only"), "{err}");
        let err = RemoteKeySet::builder(url).build_blocking().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::KeySource);
    }
}

#[tokio::test]
async fn redirects_are_followed_three_times_at_most() {
    let a = Signer::new("a", Algorithm::Es256);
    let server = http_server(Answer::set(&set_of(&[&a]))).await;
    // /hop/2 → /hop/1 → /hop/0 → /jwks.json: three redirects.
    let keys = RemoteKeySet::new(&server.url("/hop/2")).unwrap();
    assert!(verifies(&keys, &a.token()).await.is_ok());
    let keys = RemoteKeySet::new(&server.url("/hop/3")).unwrap();
    let err = keys.key_set().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::KeySource);
    assert!(err.to_string().contains("more than 3 redirects"), "{err}");
    assert_eq!(server.script.hits(), 1);
}

#[tokio::test]
async fn https_with_our_certificate_as_the_only_root() {
    let a = Signer::new("a", Algorithm::Es256);
    let certificate = support::server_certificate();
    let server = support::https_server(Answer::set(&set_of(&[&a])), &certificate).await;
    let keys = RemoteKeySet::builder(&server.url("/jwks.json"))
        .root_certificates_pem(certificate.certificate_pem.as_bytes())
        .build()
        .unwrap();
    assert_eq!(verifies(&keys, &a.token()).await, Ok("alice".to_owned()));
    assert_eq!(server.script.hits(), 1);

    // Another root: the handshake fails, nothing is fetched.
    let other = support::server_certificate();
    let keys = RemoteKeySet::builder(&server.url("/jwks.json"))
        .root_certificates_pem(other.certificate_pem.as_bytes())
        .build()
        .unwrap();
    let err = keys.key_set().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::KeySource);
    assert!(
        err.to_string().to_lowercase().contains("certificate"),
        "{err}"
    );
    assert_eq!(server.script.hits(), 1);

    // A root bundle that is not PEM is refused when the client is built.
    let err = RemoteKeySet::builder(&server.url("/jwks.json"))
        .root_certificates_pem(b"not a certificate")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::KeySource);
}

#[tokio::test]
async fn a_redirect_from_https_to_http_is_refused() {
    let a = Signer::new("a", Algorithm::Es256);
    let plain = http_server(Answer::set(&set_of(&[&a]))).await;
    let certificate = support::server_certificate();
    let secure =
        support::https_server(Answer::redirect(&plain.url("/jwks.json")), &certificate).await;
    let keys = RemoteKeySet::builder(&secure.url("/jwks.json"))
        .root_certificates_pem(certificate.certificate_pem.as_bytes())
        .build()
        .unwrap();
    let err = keys.key_set().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::KeySource);
    assert!(err.to_string().contains("from https to http"), "{err}");
    assert_eq!((secure.script.hits(), plain.script.hits()), (1, 0));
}

#[tokio::test]
async fn published_secrets_are_left_out() {
    let a = Signer::new("a", Algorithm::Es256);
    let set = serde_json::json!({"keys": [{"kty": "oct", "kid": "s", "alg": "HS256",
        "k": "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}]});
    let server = http_server(Answer::set(&set)).await;
    let keys = RemoteKeySet::new(&server.url("/jwks.json")).unwrap();
    let err = keys
        .decode::<RegisteredClaims>(&a.token(), &validation())
        .await
        .unwrap_err();
    // The set is well formed: it is held, with its secret left out and the reason given.
    assert_eq!(err.kind(), ErrorKind::NoMatchingKey);
    assert!(err.to_string().contains("public keys only"), "{err}");
    // The first fetch, and one refetch for the token's kid: both sets held no usable key.
    assert_eq!(keys.stats().empty_updates, 2);
}

/// A well-formed set served with 200 replaces the held one even when it holds no usable
/// key: the provider withdrew every key, and a token signed with a withdrawn key is
/// refused at once, not kept trusted through the stale-if-error window. A body that is
/// not a JWK Set is still a failure that keeps the last good set.
#[tokio::test]
async fn a_withdrawn_key_is_refused_as_soon_as_the_set_says_so() {
    let a = Signer::new("a", Algorithm::Es256);
    for withdrawn in [
        serde_json::json!({"keys": []}),
        serde_json::json!({"keys": [{"kty": "EC", "crv": "P-192", "kid": "old"}]}),
    ] {
        let server = http_server(Answer::set(&set_of(&[&a])).max_age(60)).await;
        let clock = Arc::new(ManualClock::new());
        let keys = client(&server, &clock).build().unwrap();
        assert!(verifies(&keys, &a.token()).await.is_ok());
        server.script.answer(Answer::set(&withdrawn).max_age(60));
        // The lookup that starts the refresh is answered from the held set; the
        // refresh brings the withdrawal, and the next lookup is refused.
        clock.advance(Duration::from_secs(31));
        assert!(verifies(&keys, &a.token()).await.is_ok(), "{withdrawn}");
        keys.wait_idle().await;
        assert_eq!(
            verifies(&keys, &a.token()).await,
            Err(ErrorKind::NoMatchingKey),
            "{withdrawn}"
        );
        // The token's kid, now unknown, refetched once (the last request was not for an
        // unknown kid) and found it withdrawn too.
        let stats = keys.stats();
        assert_eq!(
            (
                stats.updates,
                stats.empty_updates,
                stats.failures,
                stats.stale_serves
            ),
            (3, 2, 0, 0),
            "{withdrawn}"
        );
        // The provider publishes the key again: it is followed.
        server
            .script
            .answer(Answer::set(&set_of(&[&a])).max_age(60));
        clock.advance(Duration::from_secs(61));
        assert!(verifies(&keys, &a.token()).await.is_ok(), "{withdrawn}");
    }
}

/// The size limit is the validation's, whether the set is fresh or not: a token the
/// validation allows is not refused by the pre-check made while the set is stale.
#[tokio::test]
async fn the_token_size_limit_is_the_validations_whatever_the_cache_holds() {
    let a = Signer::new("a", Algorithm::Es256);
    let server = http_server(Answer::set(&set_of(&[&a])).max_age(60)).await;
    let clock = Arc::new(ManualClock::new());
    let keys = client(&server, &clock).build().unwrap();
    let mut header = jwt_strict::Header::new(Algorithm::Es256);
    header.kid = Some("a".into());
    let claims = serde_json::json!({"iss": "https://issuer.test/", "sub": "alice",
        "aud": "api://orders", "exp": 4_000_000_000u64, "pad": "x".repeat(100_000)});
    let big = jwt_strict::encode(&header, &claims, &*a.key.signer).unwrap();
    assert!(big.len() > 100_000);
    let roomy = validation().max_token_len(200_000);
    for fresh in [false, true, false] {
        if !fresh {
            clock.advance(Duration::from_secs(61));
        }
        let data = keys.decode::<RegisteredClaims>(&big, &roomy).await.unwrap();
        assert_eq!(data.claims.sub.as_deref(), Some("alice"), "fresh: {fresh}");
        let err = keys
            .decode::<RegisteredClaims>(&big, &validation())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::TokenTooLarge, "fresh: {fresh}");
    }
}

#[test]
fn the_blocking_client_works_without_a_runtime_and_refuses_inside_one() {
    let a = Signer::new("a", Algorithm::Es256);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = runtime.block_on(http_server(Answer::set(&set_of(&[&a]))));
    let keys = RemoteKeySet::builder(&server.url("/jwks.json"))
        .build_blocking()
        .unwrap();
    let verified = keys
        .decode::<RegisteredClaims>(&a.token(), &validation())
        .unwrap();
    assert_eq!(verified.claims.sub.as_deref(), Some("alice"));
    assert_eq!(keys.stats().requests, 1);
    // Inside a runtime it says so instead of blocking it (or panicking), and dropping
    // it there is safe.
    let inside = runtime.block_on(async move {
        let err = keys.key_set().unwrap_err();
        drop(keys);
        err
    });
    assert_eq!(inside.kind(), ErrorKind::KeySource);
    assert!(inside.to_string().contains("inside an async runtime"));
}
