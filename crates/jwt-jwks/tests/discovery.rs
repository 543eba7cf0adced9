//! A key set configured by issuer: OpenID Connect Discovery, then RFC 8414; the exact
//! issuer check; jwks_uri under the URL rules; rediscovery with stale-if-error; and the
//! issuer required of tokens. Real servers on 127.0.0.1:0, time moved by hand.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use std::sync::Arc;
use std::time::Duration;

use jwt_jwks::{ManualClock, RemoteKeySet, Stats};
use jwt_strict::{Algorithm, ErrorKind, RegisteredClaims, Validation};
use serde_json::json;
use support::{Answer, Server, Signer, http_server, set_of};

const OIDC: &str = "/.well-known/openid-configuration";

/// The checks without an issuer: the key set's own is required.
fn any_issuer() -> Validation {
    Validation::new()
        .algorithms([Algorithm::Es256, Algorithm::EdDsa])
        .audience("api://orders")
}

fn metadata(issuer: &str, jwks_uri: &str) -> Answer {
    Answer::set(&json!({"issuer": issuer, "jwks_uri": jwks_uri,
        "response_types_supported": ["code"]}))
}

async fn verdict(keys: &RemoteKeySet, token: &str) -> Result<String, String> {
    keys.decode::<RegisteredClaims>(token, &any_issuer())
        .await
        .map(|data| data.claims.sub.unwrap_or_default())
        .map_err(|err| format!("{}: {err}", err.kind()))
}

async fn server_with(signer: &Signer) -> Server {
    http_server(Answer::set(&set_of(&[signer])).max_age(600)).await
}

/// A signer, a server of its key set, and the server's root as the issuer.
async fn provider() -> (Signer, Server, String) {
    let a = Signer::new("a", Algorithm::Es256);
    let server = server_with(&a).await;
    let issuer = server.url("/");
    (a, server, issuer)
}

#[tokio::test]
async fn openid_discovery_finds_the_keys_and_requires_the_issuer() {
    let (a, server, issuer) = provider().await;
    server
        .script
        .serve(OIDC, metadata(&issuer, &server.url("/jwks.json")));
    let keys = RemoteKeySet::issuer_builder(&issuer).build().unwrap();
    assert_eq!(keys.issuer(), Some(issuer.as_str()));
    assert_eq!(keys.url(), server.url(OIDC), "before the first discovery");
    assert_eq!(
        server.script.hits_at(OIDC),
        0,
        "nothing fetched before a lookup"
    );
    assert_eq!(
        verdict(&keys, &a.token_for("a", &issuer)).await,
        Ok("alice".into())
    );
    assert_eq!(keys.url(), server.url("/jwks.json"));
    // A token from the same keys naming another issuer is refused: the validation named
    // none, so the key set's issuer is required.
    let other = verdict(&keys, &a.token_for("a", "https://other.test/")).await;
    assert!(other.unwrap_err().starts_with("invalid_issuer"));
    // A validation that names issuers is used as it is.
    let named = any_issuer().issuer("https://other.test/");
    let data = keys
        .decode::<RegisteredClaims>(&a.token_for("a", "https://other.test/"), &named)
        .await
        .unwrap();
    assert_eq!(data.claims.sub.as_deref(), Some("alice"));
    let stats = keys.stats();
    assert_eq!((stats.discoveries, stats.requests), (1, 1));
    assert_eq!(server.script.hits_at(OIDC), 1);
}

#[tokio::test]
async fn rfc_8414_metadata_is_read_when_openid_discovery_has_none() {
    let a = Signer::new("a", Algorithm::EdDsa);
    let server = server_with(&a).await;
    let issuer = server.url("/tenants/shop");
    let oauth = "/.well-known/oauth-authorization-server/tenants/shop";
    server
        .script
        .serve(oauth, metadata(&issuer, &server.url("/jwks.json")));
    let keys = RemoteKeySet::issuer_builder(&issuer).build().unwrap();
    assert_eq!(
        verdict(&keys, &a.token_for("a", &issuer)).await,
        Ok("alice".into())
    );
    assert_eq!(server.script.hits_at(oauth), 1);
    // With neither document, the error names both places and what they answered.
    let lost = RemoteKeySet::issuer_builder(&server.url("/nobody"))
        .build()
        .unwrap();
    let err = lost.key_set().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::KeySource);
    for part in [
        "/nobody/.well-known/openid-configuration answered 404",
        "/.well-known/oauth-authorization-server/nobody answered 404",
    ] {
        assert!(err.to_string().contains(part), "{err}");
    }
}

/// OIDC Discovery 4.3: the document's issuer must be exactly the one configured; and
/// its jwks_uri passes the same rules as a configured key set URL.
#[tokio::test]
async fn a_document_for_another_issuer_or_a_refused_jwks_uri_is_not_used() {
    let (a, server, issuer) = provider().await;
    let jwks = server.url("/jwks.json");
    for (document, says) in [
        (
            metadata(issuer.trim_end_matches('/'), &jwks),
            "expected exactly",
        ),
        (metadata("https://evil.example/", &jwks), "expected exactly"),
        (
            metadata(&issuer, "http://keys.example/jwks.json"),
            "jwks_uri is refused: refusing the key set URL",
        ),
        (
            Answer::set(&json!({"issuer": issuer})),
            "it has no jwks_uri",
        ),
        (
            Answer {
                body: format!(r#"{{"issuer":"{issuer}","issuer":"{issuer}","jwks_uri":"{jwks}"}}"#)
                    .into_bytes(),
                ..Answer::set(&json!({}))
            },
            "duplicate field `issuer`",
        ),
    ] {
        server.script.serve(OIDC, document);
        let keys = RemoteKeySet::issuer_builder(&issuer).build().unwrap();
        let err = verdict(&keys, &a.token_for("a", &issuer))
            .await
            .unwrap_err();
        assert!(err.starts_with("key_source") && err.contains(says), "{err}");
        assert_eq!(keys.stats().discovery_failures, 1);
    }
    assert_eq!(server.script.hits(), 0, "no key set was fetched");
}

#[tokio::test]
async fn the_issuer_is_checked_when_the_client_is_built() {
    for (issuer, says) in [
        ("http://issuer.example/", "loopback hosts only"),
        ("https://issuer.example/?tenant=1", "query or fragment"),
    ] {
        let err = RemoteKeySet::issuer_builder(issuer).build().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::KeySource);
        assert!(err.to_string().contains(says), "{err}");
    }
}

/// The metadata is read again after the interval; when it cannot be, the last jwks_uri
/// keeps serving for the stale-if-error window; a moved jwks_uri is followed.
#[tokio::test]
async fn rediscovery_follows_a_moved_jwks_uri_and_survives_failures() {
    let (a, server, issuer) = provider().await;
    server
        .script
        .serve(OIDC, metadata(&issuer, &server.url("/jwks.json")));
    let clock = Arc::new(ManualClock::new());
    let keys = RemoteKeySet::issuer_builder(&issuer)
        .clock(clock.clone())
        .rediscover_every(Duration::from_secs(3600))
        .stale_if_error(Duration::from_secs(7200))
        .build()
        .unwrap();
    let token = a.token_for("a", &issuer);
    assert!(verdict(&keys, &token).await.is_ok());
    // Past the interval the provider's metadata fails: the keys still verify.
    server.script.serve(OIDC, Answer::status(500));
    clock.advance(Duration::from_secs(3601));
    assert!(verdict(&keys, &token).await.is_ok());
    keys.wait_idle().await;
    let stats: Stats = keys.stats();
    assert_eq!((stats.discoveries, stats.discovery_failures), (1, 1));
    assert_eq!(stats.updates, 2, "the set itself was refreshed");
    // The metadata moves the set (to a path that redirects to the same set).
    server
        .script
        .serve(OIDC, metadata(&issuer, &server.url("/hop/0")));
    clock.advance(Duration::from_secs(600));
    assert!(verdict(&keys, &token).await.is_ok());
    keys.wait_idle().await;
    assert_eq!(keys.url(), server.url("/hop/0"));
    assert_eq!(keys.stats().discoveries, 2);
    // Metadata failing beyond the stale-if-error window stops the set.
    server.script.serve(OIDC, Answer::status(500));
    clock.advance(Duration::from_secs(3 * 3600 + 1));
    let err = verdict(&keys, &token).await.unwrap_err();
    assert!(
        err.starts_with("key_source") && err.contains("answered 500"),
        "{err}"
    );
}
