//! `jwt verify --jwks URL` against a JWK Set server on 127.0.0.1:0.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::net::SocketAddr;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;

/// The status and body the server answers, and how many requests it had.
#[derive(Default)]
struct Served {
    answer: Mutex<(u16, String)>,
    hits: AtomicUsize,
}

/// A server on its own runtime, for as long as the returned runtime lives.
fn server(served: Arc<Served>) -> (tokio::runtime::Runtime, SocketAddr) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    // Issuer metadata for the issuer http://{addr}/ (OpenID Connect Discovery).
    let metadata = serde_json::json!({"issuer": format!("http://{addr}/"),
        "jwks_uri": format!("http://{addr}/jwks.json")})
    .to_string();
    let app = Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(move || async move { metadata }),
        )
        .route(
            "/jwks.json",
            get(|State(served): State<Arc<Served>>| async move {
                served.hits.fetch_add(1, Ordering::SeqCst);
                let (status, body) = served.answer.lock().unwrap().clone();
                (StatusCode::from_u16(status).unwrap(), body)
            }),
        )
        .with_state(served);
    runtime.spawn(async move { axum::serve(listener, app).await.unwrap() });
    (runtime, addr)
}

fn jwt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jwt"))
        .args(args)
        .env_remove("JWT_SECRET")
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let output = jwt(args);
    assert!(
        output.status.success(),
        "jwt {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Runs, expecting exit `code` and an error of `kind`; returns the error line.
fn fails(args: &[&str], code: i32, kind: &str) -> String {
    let output = jwt(args);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        output.status.code(),
        Some(code),
        "jwt {}: {stderr}",
        args.join(" ")
    );
    let line = stderr.lines().next().unwrap_or_default().to_owned();
    assert!(line.starts_with(&format!("error: {kind}: ")), "{line}");
    line
}

#[test]
fn verify_fetches_the_key_set_from_a_url() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    ok(&["gen-cert", "--alg", "ES256", "--out", out]);
    let private = format!("{out}/private_key.pem");
    let certificate = format!("{out}/public_key.pem");
    let set = ok(&["jwk", "--set", &certificate]);
    let served = Arc::new(Served::default());
    *served.answer.lock().unwrap() = (200, set);
    let (_runtime, addr) = server(served.clone());
    let url = format!("http://{addr}/jwks.json");

    let token = ok(&[
        "encode",
        "--alg",
        "ES256",
        "--key",
        &private,
        "--kid",
        "--sub",
        "alice",
        "--aud",
        "api://orders",
        "--exp",
        "1h",
    ]);
    let token = token.trim();
    let backends = ok(&["backends"]);
    for backend in backends.lines().filter_map(|line| line.split(' ').next()) {
        let claims = ok(&[
            "verify",
            "--alg",
            "ES256",
            "--jwks",
            &url,
            "--aud",
            "api://orders",
            "--backend",
            backend,
            token,
        ]);
        assert!(claims.contains(r#""sub":"alice""#), "{claims}");
    }
    let verifications = backends.lines().count();
    assert_eq!(served.hits.load(Ordering::SeqCst), verifications);

    // A kid the set does not have: rejected, exit 1 (one fetch; the refetch waits for
    // the cooldown).
    let unknown = ok(&[
        "encode", "--alg", "ES256", "--key", &private, "--kid", "2027-01", "--exp", "1h",
    ]);
    let line = fails(
        &["verify", "--alg", "ES256", "--jwks", &url, unknown.trim()],
        1,
        "no_matching_key",
    );
    assert!(line.contains("2027-01"), "{line}");
    // The token's claims still count: a wrong audience is exit 1.
    fails(
        &[
            "verify",
            "--alg",
            "ES256",
            "--jwks",
            &url,
            "--aud",
            "api://billing",
            token,
        ],
        1,
        "invalid_audience",
    );

    // The server fails: a key source problem, exit 2, saying what failed.
    *served.answer.lock().unwrap() = (503, "down for maintenance".to_owned());
    let line = fails(
        &["verify", "--alg", "ES256", "--jwks", &url, token],
        2,
        "key_source",
    );
    assert!(
        line.contains("HTTP status 503") && line.contains(&url),
        "{line}"
    );
    *served.answer.lock().unwrap() = (200, "{\"keys\": 7}".to_owned());
    let line = fails(
        &["verify", "--alg", "ES256", "--jwks", &url, token],
        2,
        "key_source",
    );
    assert!(line.contains("not a usable JWK Set"), "{line}");
}

#[test]
fn verify_refuses_plain_http_to_another_host_before_connecting() {
    let token = "eyJhbGciOiJFUzI1NiJ9.e30.c2ln";
    for url in [
        "http://example.com/jwks.json",
        "http://192.0.2.1:8080/jwks.json",
        "ftp://127.0.0.1/jwks.json",
    ] {
        let line = fails(
            &["verify", "--alg", "ES256", "--jwks", url, token],
            2,
            "key_source",
        );
        assert!(line.contains("refusing the key set URL"), "{line}");
    }
    // A file name is still a file.
    let line = fails(
        &[
            "verify",
            "--alg",
            "ES256",
            "--jwks",
            "no-such-jwks.json",
            token,
        ],
        2,
        "io",
    );
    assert!(line.contains("no-such-jwks.json"), "{line}");
}

#[test]
fn verify_discovers_the_issuers_keys_and_requires_its_iss() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    ok(&["gen-cert", "--alg", "EdDSA", "--out", out]);
    let private = format!("{out}/private_key.pem");
    let set = ok(&["jwk", "--set", &format!("{out}/public_key.pem")]);
    let served = Arc::new(Served::default());
    *served.answer.lock().unwrap() = (200, set);
    let (_runtime, addr) = server(served.clone());
    let issuer = format!("http://{addr}/");
    let token_from = |iss: &str| {
        let token = ok(&[
            "encode", "--alg", "EdDSA", "--key", &private, "--kid", "--iss", iss, "--exp", "1h",
        ]);
        token.trim().to_owned()
    };
    let claims = ok(&[
        "verify",
        "--alg",
        "EdDSA",
        "--issuer",
        &issuer,
        &token_from(&issuer),
    ]);
    assert!(
        claims.contains(&format!("\"iss\":\"{issuer}\"")),
        "{claims}"
    );
    assert_eq!(served.hits.load(Ordering::SeqCst), 1);
    // The same keys, another iss: refused, exit 1.
    let line = fails(
        &[
            "verify",
            "--alg",
            "EdDSA",
            "--issuer",
            &issuer,
            &token_from("https://other.test/"),
        ],
        1,
        "invalid_issuer",
    );
    assert!(line.contains("https://other.test/"), "{line}");
    // An issuer without metadata: exit 2, saying where it looked.
    let line = fails(
        &[
            "verify",
            "--alg",
            "EdDSA",
            "--issuer",
            &format!("http://{addr}/nobody"),
            &token_from(&issuer),
        ],
        2,
        "key_source",
    );
    assert!(line.contains("no metadata document"), "{line}");
    // An issuer is a URL the client may fetch.
    fails(
        &[
            "verify",
            "--alg",
            "EdDSA",
            "--issuer",
            "http://issuer.example/",
            &token_from(&issuer),
        ],
        2,
        "key_source",
    );
}
