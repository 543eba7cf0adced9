//! `cargo xtask slow-provider`: the example API verifying with a remote key set whose
//! server answers its first request at once and every later one after 8 s, while the
//! set's freshness ends mid-run. Prints the latency of requests with valid tokens (p50,
//! p99, the slowest, how many took over 50 ms) and when the key server was asked: with
//! refresh ahead, once a set is held no request waits on the key server.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::routing::get;
use jwt_strict::{Algorithm, Error, ErrorKind, Header};
use serde_json::json;

const ISSUER: &str = "https://issuer.test/";
const AUDIENCE: &str = "api://orders";
/// How long the key server takes to answer every request after its first.
const SLOW: Duration = Duration::from_secs(8);
/// The set's freshness (`Cache-Control: max-age`; the client's shortest).
const MAX_AGE_SECS: u64 = 60;
/// Concurrent callers.
const CALLERS: usize = 4;
/// The goal: no request slower than this once a set is held.
const GOAL: Duration = Duration::from_millis(50);

/// When the key server was asked, since its first request.
#[derive(Default)]
struct KeyServer {
    first: std::sync::OnceLock<Instant>,
    asked_at: Mutex<Vec<Duration>>,
    count: AtomicUsize,
}

fn failed(what: &str, err: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Io, format!("{what}: {err}"))
}

/// Runs the measurement for `seconds` of calls (at least past the set's freshness).
pub(crate) fn run(seconds: u64) -> Result<(), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let key = jwt_strict::BACKENDS
        .first()
        .ok_or_else(|| Error::new(ErrorKind::InvalidKey, "no backend compiled in"))?
        .generate(Algorithm::Es256, 2048)?;
    let jwk = jwt_strict::keys::public_jwk(&key.public, Some(Algorithm::Es256), Some("k1"))?;
    let set = jwt_strict::keys::jwk_set(vec![jwk]).to_string();
    let server = Arc::new(KeyServer::default());
    let jwks_url = runtime.block_on(serve_keys(set, server.clone()))?;
    println!(
        "key server: {jwks_url}, max-age {MAX_AGE_SECS} s; the first answer at once, every later one after {} s",
        SLOW.as_secs()
    );
    println!("building (release) and starting the example API; cargo's progress follows");
    let api = crate::demo_api::start_example(
        &[
            "--alg", "ES256", "--iss", ISSUER, "--aud", AUDIENCE, "--jwks", &jwks_url,
        ],
        true,
    )?;
    let mut header = Header::new(Algorithm::Es256);
    header.kid = Some("k1".to_owned());
    let now = jwt_strict::NumericDate::now().as_unix_seconds();
    let claims = json!({"iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "exp": now + 3600});
    let token = jwt_strict::encode(&header, &claims, &*key.signer)?;
    let url = format!("http://{}/me", api.addr);
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|err| failed("no HTTP client", err))?;
    let (cold, latencies, refused) = runtime.block_on(async {
        let cold_start = Instant::now();
        let status = call(&client, &url, &token).await?;
        if status != 200 {
            return Err(Error::new(
                ErrorKind::Io,
                format!("the first call got {status}"),
            ));
        }
        let cold = cold_start.elapsed();
        let until = Instant::now() + Duration::from_secs(seconds);
        let callers: Vec<_> = (0..CALLERS)
            .map(|_| {
                let (client, url, token) = (client.clone(), url.clone(), token.clone());
                tokio::spawn(async move {
                    let mut latencies = Vec::new();
                    let mut refused = 0usize;
                    while Instant::now() < until {
                        let sent = Instant::now();
                        match call(&client, &url, &token).await {
                            Ok(200) => latencies.push(sent.elapsed()),
                            _ => refused += 1,
                        }
                    }
                    (latencies, refused)
                })
            })
            .collect();
        let mut all = Vec::new();
        let mut refused = 0;
        for caller in callers {
            let (latencies, failures) = caller.await.map_err(|err| failed("a caller", err))?;
            all.extend(latencies);
            refused += failures;
        }
        Ok((cold, all, refused))
    })?;
    drop(api);
    report(cold, latencies, refused, &server, seconds)
}

async fn call(client: &reqwest::Client, url: &str, token: &str) -> Result<u16, Error> {
    let response = client
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .map_err(|err| failed("GET /me", err))?;
    Ok(response.status().as_u16())
}

/// Serves `set` at /jwks.json on a free loopback port; returns its URL.
async fn serve_keys(set: String, server: Arc<KeyServer>) -> Result<String, Error> {
    let app = Router::new().route(
        "/jwks.json",
        get(move || {
            let (set, server) = (set.clone(), server.clone());
            async move {
                let first = server.count.fetch_add(1, Ordering::SeqCst) == 0;
                let first_at = *server.first.get_or_init(Instant::now);
                if let Ok(mut asked) = server.asked_at.lock() {
                    asked.push(first_at.elapsed());
                }
                if !first {
                    tokio::time::sleep(SLOW).await;
                }
                (
                    [
                        ("cache-control", format!("max-age={MAX_AGE_SECS}")),
                        ("content-type", "application/json".to_owned()),
                    ],
                    set,
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(format!("http://{addr}/jwks.json"))
}

fn report(
    cold: Duration,
    mut latencies: Vec<Duration>,
    refused: usize,
    server: &KeyServer,
    seconds: u64,
) -> Result<(), Error> {
    latencies.sort();
    // The nearest-rank quantile: per-mille `q` of the sorted latencies.
    let at = |q: usize| {
        let index = (latencies.len().saturating_sub(1) * q).div_ceil(1000);
        latencies.get(index).copied().unwrap_or_default()
    };
    let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    let slowest = latencies.last().copied().unwrap_or_default();
    let over = latencies.iter().filter(|&&d| d > GOAL).count();
    let asked: Vec<String> = server
        .asked_at
        .lock()
        .map(|asked| {
            asked
                .iter()
                .map(|d| format!("{:.1} s", d.as_secs_f64()))
                .collect()
        })
        .unwrap_or_default();
    println!();
    println!("| measure | value |");
    println!("|---|---|");
    println!(
        "| run | {seconds} s, {CALLERS} callers, freshness {MAX_AGE_SECS} s, key server {} s per answer after its first |",
        SLOW.as_secs()
    );
    println!(
        "| cold start (no set held: waits for the first fetch) | {} |",
        ms(cold)
    );
    println!(
        "| requests with a valid token after it | {} (refused or failed: {refused}) |",
        latencies.len()
    );
    println!(
        "| p50 / p99 / p99.9 | {} / {} / {} |",
        ms(at(500)),
        ms(at(990)),
        ms(at(999))
    );
    println!("| slowest | {} |", ms(slowest));
    println!("| over {} | {over} |", ms(GOAL));
    println!(
        "| key server asked at (since its first request) | {} |",
        asked.join(", ")
    );
    if refused > 0 || over > 0 {
        return Err(Error::new(
            ErrorKind::Io,
            format!(
                "{refused} requests refused and {over} over {} once a set was held",
                ms(GOAL)
            ),
        ));
    }
    Ok(())
}
