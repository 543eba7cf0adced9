//! Against a real, certified OpenID Provider: panva's `oidc-provider` (npm, pinned by
//! `tests/oidc-provider/package-lock.json`), started by these tests on 127.0.0.1 with
//! fresh keys at every start. Discovery by issuer, RFC 9068 access tokens by the
//! client-credentials grant for RS256, ES256 and EdDSA, rotation and withdrawal by
//! restart, an outage, and two providers trusted side by side.
//!
//! The provider is installed with `npm ci` into `$JWT_OPENID_PROVIDER_DIR` (`.ci/run` sets
//! it and installs first), else `~/.cache/jwt-strict/openid-provider`; a test that cannot
//! install or start it fails and says why.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::routing::get;
use jwt_axum::{BearerAuth, Claims, TrustedIssuer, require_scope};
use jwt_jwks::{ManualClock, RemoteKeySet};
use jwt_strict::{Algorithm, ErrorKind, Validation};
use serde_json::{Map, Value};
use tower::ServiceExt;

const CLIENT: &str = "orders-ui";
const CLIENT_SECRET: &str = "orders-ui-secret-of-at-least-32-bytes";
/// The provider's resources and the algorithm each one's tokens are signed with.
const RESOURCES: [(&str, Algorithm); 3] = [
    ("api://rs256", Algorithm::Rs256),
    ("api://es256", Algorithm::Es256),
    ("api://eddsa", Algorithm::EdDsa),
];

/// The folder the provider is installed in, installed once per test run.
fn installed() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oidc-provider");
        let dir = std::env::var_os("JWT_OPENID_PROVIDER_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                let home = std::env::var_os("HOME").expect("HOME is set");
                Path::new(&home).join(".cache/jwt-strict/openid-provider")
            });
        std::fs::create_dir_all(&dir).unwrap();
        let lock = std::fs::read(source.join("package-lock.json")).unwrap();
        let current = std::fs::read(dir.join("package-lock.json")).ok();
        for file in ["package.json", "package-lock.json", "provider.mjs"] {
            std::fs::copy(source.join(file), dir.join(file)).unwrap();
        }
        let module = dir.join("node_modules/oidc-provider/package.json");
        if current.as_deref() != Some(lock.as_slice()) || !module.exists() {
            let status = Command::new("npm")
                .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                .current_dir(&dir)
                .status()
                .unwrap_or_else(|err| {
                    panic!("cannot run npm to install oidc-provider (Node.js 20+ and npm are needed): {err}")
                });
            assert!(status.success(), "npm ci in {} failed: {status}", dir.display());
        }
        dir
    })
}

/// A running provider; stopped when dropped.
struct Provider {
    child: Child,
    issuer: String,
    port: u16,
}

impl Provider {
    /// Starts one on `port` (0: any free port) and waits until it accepts connections.
    fn start(port: u16) -> Provider {
        let mut child = Command::new("node")
            .arg("provider.mjs")
            .arg(port.to_string())
            .current_dir(installed())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start node: {err}"));
        let stdout = child.stdout.take().unwrap();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = send.send(line);
        });
        let line = receive
            .recv_timeout(Duration::from_secs(20))
            .expect("the provider did not start within 20 s");
        let started: Value = serde_json::from_str(&line)
            .unwrap_or_else(|err| panic!("the provider said {line:?}: {err}"));
        let issuer = started["issuer"].as_str().unwrap().to_owned();
        let port = issuer.rsplit(':').next().unwrap().parse().unwrap();
        Provider {
            child,
            issuer,
            port,
        }
    }

    /// Stops it and starts a new one on the same port: every key is new, and the old
    /// ones are withdrawn.
    fn restart(mut self) -> Provider {
        let port = self.port;
        self.stop();
        Provider::start(port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// An access token for `resource` by the client-credentials grant.
    async fn token(&self, resource: &str) -> String {
        let response = reqwest::Client::new()
            .post(format!("{}/token", self.issuer))
            .basic_auth(CLIENT, Some(CLIENT_SECRET))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "grant_type=client_credentials&scope=orders%3Aread&resource={}",
                resource.replace(':', "%3A").replace('/', "%2F")
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        let body: Value = response.json().await.unwrap();
        body["access_token"].as_str().unwrap().to_owned()
    }
}

impl Drop for Provider {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The RFC 9068 checks for one of the provider's resources.
fn access_token(issuer: &str, resource: &str, alg: Algorithm) -> Validation {
    Validation::access_token(issuer, resource).algorithms([alg])
}

async fn orders(Claims(claims): Claims<Map<String, Value>>) -> String {
    format!(
        "orders for {}",
        claims["client_id"].as_str().unwrap_or_default()
    )
}

/// A guarded `/orders` behind `layer`; the status of a request with `token`.
async fn status_of(app: &Router, token: &str) -> StatusCode {
    let request = Request::get("/orders")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    app.clone().oneshot(request).await.unwrap().status()
}

fn orders_api(layer: BearerAuth) -> Router {
    use axum::handler::Handler;
    Router::new()
        .route("/orders", get(orders.layer(require_scope("orders:read"))))
        .layer(layer)
}

#[tokio::test]
async fn discovery_and_rfc_9068_tokens_for_three_algorithms() {
    let provider = Provider::start(0);
    let keys = RemoteKeySet::for_issuer(&provider.issuer).unwrap();
    for (resource, alg) in RESOURCES {
        let token = provider.token(resource).await;
        let header = jwt_strict::danger::peek_header(&token).unwrap();
        assert_eq!((header.alg, header.typ.as_deref()), (alg, Some("at+jwt")));
        let data = keys
            .decode::<Map<String, Value>>(&token, &access_token(&provider.issuer, resource, alg))
            .await
            .unwrap();
        assert_eq!(data.claims["client_id"], CLIENT);
        assert_eq!(data.claims["scope"], "orders:read");
        // Another resource's audience, or an algorithm not allowed: refused.
        let other = if alg == Algorithm::Es256 {
            "api://rs256"
        } else {
            "api://es256"
        };
        let err = keys
            .decode::<Map<String, Value>>(
                &token,
                &Validation::access_token(&provider.issuer, other).algorithms([alg]),
            )
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidAudience, "{resource}");
        let other_alg = if alg == Algorithm::Rs256 {
            Algorithm::Es256
        } else {
            Algorithm::Rs256
        };
        let err = keys
            .decode::<Map<String, Value>>(
                &token,
                &access_token(&provider.issuer, resource, other_alg),
            )
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm, "{resource}");
    }
    let stats = keys.stats();
    assert_eq!(
        (stats.discoveries, stats.requests, stats.failures),
        (1, 1, 0)
    );
    assert_eq!(keys.url(), format!("{}/jwks", provider.issuer));

    // Through the middleware: the issuer by discovery, the three audiences.
    let mut validation = Validation::access_token(&provider.issuer, "api://rs256").algorithms([
        Algorithm::Rs256,
        Algorithm::Es256,
        Algorithm::EdDsa,
    ]);
    validation = validation.audience("api://es256").audience("api://eddsa");
    let app = orders_api(BearerAuth::trusting([TrustedIssuer::discovered(
        &provider.issuer,
        validation,
    )
    .unwrap()]));
    for (resource, _) in RESOURCES {
        assert_eq!(
            status_of(&app, &provider.token(resource).await).await,
            StatusCode::OK
        );
    }
}

/// A restart makes new keys and withdraws the old: a token with a new kid is accepted at
/// once, and the withdrawn keys' tokens are refused from the fetch that followed.
#[tokio::test]
async fn rotation_by_restart_is_followed_at_once_and_withdrawn_keys_are_refused() {
    let provider = Provider::start(0);
    let issuer = provider.issuer.clone();
    let keys = RemoteKeySet::for_issuer(&issuer).unwrap();
    let validation = access_token(&issuer, "api://es256", Algorithm::Es256);
    let old = provider.token("api://es256").await;
    keys.decode::<Map<String, Value>>(&old, &validation)
        .await
        .unwrap();

    let restarted_at = Instant::now();
    let provider = provider.restart();
    let new = provider.token("api://es256").await;
    assert_ne!(
        jwt_strict::danger::peek_header(&new).unwrap().kid,
        jwt_strict::danger::peek_header(&old).unwrap().kid
    );
    keys.decode::<Map<String, Value>>(&new, &validation)
        .await
        .unwrap();
    let followed = restarted_at.elapsed();
    let err = keys
        .decode::<Map<String, Value>>(&old, &validation)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoMatchingKey);
    let withdrawn = restarted_at.elapsed();
    assert!(followed < Duration::from_secs(10), "{followed:?}");
    println!(
        "rotation: new kid accepted {:.2} s after the restart; the withdrawn key's token refused {:.2} s after it",
        followed.as_secs_f64(),
        withdrawn.as_secs_f64()
    );
    let stats = keys.stats();
    assert_eq!((stats.requests, stats.cooldown_refusals), (2, 1));
}

/// The provider goes down: the held keys keep verifying past their freshness (the
/// refresh fails in the background, counted); a client that never got keys says
/// `key_source`.
#[tokio::test]
async fn an_outage_keeps_the_held_keys_and_a_cold_start_says_key_source() {
    let mut provider = Provider::start(0);
    let clock = Arc::new(ManualClock::new());
    let keys = RemoteKeySet::issuer_builder(&provider.issuer)
        .clock(clock.clone())
        .build()
        .unwrap();
    let validation = access_token(&provider.issuer, "api://eddsa", Algorithm::EdDsa);
    let token = provider.token("api://eddsa").await;
    keys.decode::<Map<String, Value>>(&token, &validation)
        .await
        .unwrap();
    provider.stop();
    // An hour on: past the set's freshness, within the stale-if-error window.
    clock.advance(Duration::from_secs(3600));
    let cold = RemoteKeySet::for_issuer(&provider.issuer).unwrap();
    let err = cold.key_set().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::KeySource);
    assert!(err.to_string().contains("cannot connect"), "{err}");
    let data = keys.decode::<Map<String, Value>>(&token, &validation).await;
    // The refresh fails in the background; the held keys stand in.
    assert!(data.is_ok(), "{data:?}");
    keys.wait_idle().await;
    let stats = keys.stats();
    assert_eq!(
        (stats.failures, stats.stale_serves, stats.updates),
        (1, 1, 1),
        "{stats:?}"
    );
}

/// Two providers trusted side by side, a third not: each trusted one's tokens pass with
/// its own keys; the third's are refused as invalid_issuer.
#[tokio::test]
async fn two_providers_trusted_side_by_side() {
    let a = Provider::start(0);
    let b = Provider::start(0);
    let stranger = Provider::start(0);
    let checks = |issuer: &str| {
        Validation::access_token(issuer, "api://rs256").algorithms([Algorithm::Rs256])
    };
    let app = orders_api(BearerAuth::trusting([
        TrustedIssuer::discovered(&a.issuer, checks(&a.issuer)).unwrap(),
        TrustedIssuer::discovered(&b.issuer, checks(&b.issuer)).unwrap(),
    ]));
    for provider in [&a, &b] {
        let token = provider.token("api://rs256").await;
        assert_eq!(
            status_of(&app, &token).await,
            StatusCode::OK,
            "{}",
            provider.issuer
        );
    }
    let token = stranger.token("api://rs256").await;
    let request = Request::get("/orders")
        .header("authorization", format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let challenge = response.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        challenge.contains("invalid_token") && challenge.contains("invalid_issuer"),
        "{challenge}"
    );
}
