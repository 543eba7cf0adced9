//! The load benchmark (`cargo xtask bench --load`, and a section of the full report): the
//! example orders API in release, on each backend, with and without its cache of
//! verified tokens, driven over loopback by `wrk` (Debian's package; installed when
//! missing and root): its open route `/health` against its guarded route `/me` with a
//! repeated RS256, ES256 or EdDSA token, and a run where every request carries a new
//! token (the cache's worst case).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use jwt_strict::{Algorithm, Header};

use crate::demo_api::Api;
use serde_json::json;

const ISSUER: &str = "https://auth.example.com";
const AUDIENCE: &str = "api://orders";
/// Connections and threads of `wrk` (2 cores are shared with the server).
const CONNECTIONS: &str = "16";
const ALGORITHMS: [(Algorithm, &str); 3] = [
    (Algorithm::Rs256, "private_key.pem"),
    (Algorithm::Es256, "p256-pkcs8.pem"),
    (Algorithm::EdDsa, "ed25519-pkcs8.pem"),
];
/// Distinct tokens of each round of the new-token run per second of a run: more than
/// its requests (checked), so that none repeats (each round has its own).
const NEW_TOKENS_PER_SECOND: usize = 25_000;
/// Rounds per configuration, alternating between the processes compared (the hit path
/// is the same for every algorithm and backend, and 3 rounds let the load's noise move
/// its ratio by 10 points between them).
const ROUNDS: usize = 5;
/// Rounds of the new-token run, whose difference is the smallest measured.
const NEW_TOKEN_ROUNDS: usize = 5;

/// The median of `values`.
fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

/// What one `wrk` run measured.
struct Measured {
    requests_per_second: f64,
    /// Requests completed.
    requests: u64,
    p50_ms: f64,
    p99_ms: f64,
    errors: bool,
}

/// Runs the load benchmark for `seconds` per run and returns its report section.
pub(crate) fn section(root: &Path, seconds: u64) -> Result<String, String> {
    ensure_wrk()?;
    let status = Command::new(env!("CARGO"))
        .current_dir(root)
        .args([
            "build",
            "--release",
            "-q",
            "-p",
            "jwt-axum",
            "--example",
            "orders_api",
        ])
        .status()
        .map_err(|err| format!("cannot run cargo: {err}"))?;
    if !status.success() {
        return Err("building the example API failed".to_owned());
    }
    let binary = root.join("target/release/examples/orders_api");
    let backends = compiled_backends(&binary)?;
    let fixtures = root.join("crates/jwt-test/fixtures");
    let work = tempfile::tempdir().map_err(|err| err.to_string())?;
    let mut out = format!(
        "\n## Load: a guarded route against the open one\n\nThe example orders API (release) on loopback, driven by `wrk -t1 -c{CONNECTIONS} -d{seconds}s` on the same 2 cores: its open route `GET /health` and its guarded `GET /me` with one valid token repeated (a client's steady state), on each backend, with the cache of verified tokens on and off (two processes side by side, {ROUNDS} alternating rounds; medians). Guarded / open is the median of the rounds' guarded requests per second over the same process's open route's, measured one after the other.\n\n| alg | backend | cache | open req/s | guarded req/s | guarded / open | p50 | p99 |\n|---|---|---|---|---|---|---|---|\n"
    );
    for (alg, key) in ALGORITHMS {
        let pem = std::fs::read_to_string(fixtures.join(key)).map_err(|err| err.to_string())?;
        let token = tokens(alg, &pem, 1)?.pop().unwrap_or_default();
        let header = format!("Authorization: Bearer {token}");
        for backend in &backends {
            // Both processes run side by side; the rounds alternate between them.
            let on = start(&binary, alg, &fixtures.join(key), backend, true)?;
            let off = start(&binary, alg, &fixtures.join(key), backend, false)?;
            let mut rounds = [Vec::new(), Vec::new()];
            for _ in 0..ROUNDS {
                for (api, runs) in [&on, &off].into_iter().zip(rounds.iter_mut()) {
                    let open = wrk(api, "/health", &[], seconds)?;
                    let guarded = wrk(api, "/me", &["-H", &header], seconds)?;
                    if guarded.errors || open.errors {
                        return Err(format!("{alg} on {backend}: wrk saw failed requests"));
                    }
                    runs.push((open, guarded));
                }
            }
            for (cache, runs) in ["on", "off"].into_iter().zip(&rounds) {
                let ratio =
                    median(runs.iter().map(|(open, guarded)| {
                        guarded.requests_per_second / open.requests_per_second
                    }));
                let _ = writeln!(
                    out,
                    "| {alg} | {backend} | {cache} | {:.0} | {:.0} | {:.0}% | {:.2} ms | {:.2} ms |",
                    median(runs.iter().map(|(open, _)| open.requests_per_second)),
                    median(runs.iter().map(|(_, guarded)| guarded.requests_per_second)),
                    100.0 * ratio,
                    median(runs.iter().map(|(_, guarded)| guarded.p50_ms)),
                    median(runs.iter().map(|(_, guarded)| guarded.p99_ms)),
                );
            }
        }
    }
    // Every request a new token: the cache can only cost.
    let (alg, key) = (Algorithm::Es256, "p256-pkcs8.pem");
    let pem = std::fs::read_to_string(fixtures.join(key)).map_err(|err| err.to_string())?;
    let per_round = NEW_TOKENS_PER_SECOND * usize::try_from(seconds).unwrap_or(usize::MAX);
    let all = tokens(alg, &pem, per_round * NEW_TOKEN_ROUNDS)?;
    let scripts = all
        .chunks(per_round)
        .enumerate()
        .map(|(round, tokens)| {
            new_token_script(&work.path().join(format!("round-{round}.lua")), tokens)
                .map(|path| path.to_string_lossy().into_owned())
        })
        .collect::<Result<Vec<_>, String>>()?;
    let _ = writeln!(
        out,
        "\nEvery request a new {alg} token (each round its own {per_round} distinct tokens, none repeated), cache on against off, {NEW_TOKEN_ROUNDS} rounds, each process first in every other one (medians; on / off is the median of the rounds' ratios):\n\n| backend | cache off req/s | cache on req/s | on / off | p50 on | p99 on |\n|---|---|---|---|---|---|"
    );
    for backend in &backends {
        let off_api = start(&binary, alg, &fixtures.join(key), backend, false)?;
        let on_api = start(&binary, alg, &fixtures.join(key), backend, true)?;
        let mut pairs = Vec::new();
        for (round, script) in scripts.iter().enumerate() {
            let run = |api| wrk(api, "/me", &["-s", script], seconds);
            let pair = if round % 2 == 0 {
                let off = run(&off_api)?;
                (off, run(&on_api)?)
            } else {
                let on = run(&on_api)?;
                (run(&off_api)?, on)
            };
            if pair.0.errors || pair.1.errors {
                return Err(format!("new tokens on {backend}: wrk saw failed requests"));
            }
            if pair.0.requests.max(pair.1.requests) > per_round as u64 {
                return Err(format!(
                    "new tokens on {backend}: more requests than the round's {per_round} tokens"
                ));
            }
            pairs.push(pair);
        }
        let _ = writeln!(
            out,
            "| {backend} | {:.0} | {:.0} | {:.1}% | {:.2} ms | {:.2} ms |",
            median(pairs.iter().map(|(off, _)| off.requests_per_second)),
            median(pairs.iter().map(|(_, on)| on.requests_per_second)),
            100.0
                * median(
                    pairs
                        .iter()
                        .map(|(off, on)| on.requests_per_second / off.requests_per_second)
                ),
            median(pairs.iter().map(|(_, on)| on.p50_ms)),
            median(pairs.iter().map(|(_, on)| on.p99_ms)),
        );
    }
    Ok(out)
}

/// The backends the example API was built with (`--backends`), fastest first.
fn compiled_backends(binary: &Path) -> Result<Vec<String>, String> {
    let output = Command::new(binary)
        .arg("--backends")
        .output()
        .map_err(|err| format!("cannot run the example API: {err}"))?;
    let names: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    if !output.status.success() || names.is_empty() {
        return Err("the example API did not list its backends".to_owned());
    }
    Ok(names)
}

/// `count` access tokens for `alg`, signed with the fixture key `pem`, each with its own
/// `jti`.
fn tokens(alg: Algorithm, pem: &str, count: usize) -> Result<Vec<String>, String> {
    let signer = jwt_strict::BACKENDS
        .first()
        .ok_or("no backend")?
        .signer_from_pem_or_der(pem.as_bytes(), alg)
        .map_err(|err| err.to_string())?;
    let exp = jwt_strict::NumericDate::now().as_unix_seconds() + 3600;
    (0..count)
        .map(|i| {
            let claims = json!({"iss": ISSUER, "aud": AUDIENCE, "sub": "alice", "exp": exp,
                "jti": format!("load-{i}"), "scope": "orders:read"});
            jwt_strict::encode(&Header::new(alg), &claims, &*signer).map_err(|err| err.to_string())
        })
        .collect()
}

/// A `wrk` script at `path` that sends each token of `tokens` once, in turn.
fn new_token_script(path: &Path, tokens: &[String]) -> Result<PathBuf, String> {
    let mut lua = String::from("tokens = {\n");
    for token in tokens {
        let _ = writeln!(lua, "\"{token}\",");
    }
    lua.push_str(
        "}\ni = 0\nrequest = function()\n  i = i % #tokens + 1\n  return wrk.format(\"GET\", \"/me\", {[\"Authorization\"] = \"Bearer \" .. tokens[i]})\nend\n",
    );
    std::fs::write(path, lua).map_err(|err| err.to_string())?;
    Ok(path.to_path_buf())
}

/// Starts the example on a free port and waits for `listening on ADDR`.
fn start(
    binary: &Path,
    alg: Algorithm,
    key: &Path,
    backend: &str,
    cache: bool,
) -> Result<Api, String> {
    let mut command = Command::new(binary);
    command
        .args([
            "--addr",
            "127.0.0.1:0",
            "--alg",
            alg.name(),
            "--iss",
            ISSUER,
            "--aud",
            AUDIENCE,
        ])
        .arg("--key")
        .arg(key)
        .args(["--backend", backend]);
    if !cache {
        command.arg("--no-cache");
    }
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| format!("cannot start the example API: {err}"))?;
    crate::demo_api::listening(child, Duration::from_secs(30)).map_err(|err| err.to_string())
}

/// One `wrk` run against `path`.
fn wrk(api: &Api, path: &str, extra: &[&str], seconds: u64) -> Result<Measured, String> {
    let output = Command::new("wrk")
        .args([
            "-t1",
            "-c",
            CONNECTIONS,
            "-d",
            &format!("{seconds}s"),
            "--latency",
        ])
        .args(extra)
        .arg(format!("http://{}{path}", api.addr))
        .output()
        .map_err(|err| format!("cannot run wrk: {err}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!("wrk failed: {text}"));
    }
    parse_wrk(&text).ok_or_else(|| format!("cannot read wrk's output:\n{text}"))
}

fn parse_wrk(text: &str) -> Option<Measured> {
    let field = |prefix: &str| {
        text.lines()
            .map(str::trim)
            .find_map(|line| line.strip_prefix(prefix))
            .map(str::trim)
    };
    let requests_per_second = field("Requests/sec:")?.parse().ok()?;
    let requests = text
        .lines()
        .find_map(|line| line.trim().split_once(" requests in "))?
        .0
        .parse()
        .ok()?;
    Some(Measured {
        requests_per_second,
        requests,
        p50_ms: duration_ms(field("50%")?)?,
        p99_ms: duration_ms(field("99%")?)?,
        errors: text.contains("Non-2xx or 3xx responses") || text.contains("Socket errors"),
    })
}

/// `wrk`'s `123.45us`, `1.23ms` or `1.02s`, in milliseconds.
fn duration_ms(text: &str) -> Option<f64> {
    let (number, factor) = if let Some(us) = text.strip_suffix("us") {
        (us, 0.001)
    } else if let Some(ms) = text.strip_suffix("ms") {
        (ms, 1.0)
    } else {
        (text.strip_suffix('s')?, 1000.0)
    };
    number.trim().parse::<f64>().ok().map(|n| n * factor)
}

/// `wrk` from the distribution's packages, installed when missing and allowed.
fn ensure_wrk() -> Result<(), String> {
    let present = || Command::new("wrk").arg("--version").output().is_ok();
    if present() {
        return Ok(());
    }
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| out.stdout.starts_with(b"0"));
    if root {
        let _ = Command::new("apt-get")
            .args(["install", "-y", "-q", "wrk"])
            .status();
    }
    if present() {
        Ok(())
    } else {
        Err("the load benchmark needs wrk: apt-get install wrk".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrk_output() {
        let text = "Running 2s test @ http://127.0.0.1:1/me\n  1 threads and 16 connections\n  Thread Stats   Avg      Stdev     Max   +/- Stdev\n    Latency   786.20us  100.00us   2.00ms   90.00%\n  Latency Distribution\n     50%  750.00us\n     75%  800.00us\n     90%  900.00us\n     99%    1.50ms\n  40000 requests in 2.00s, 5.00MB read\nRequests/sec:  20000.50\nTransfer/sec:      2.50MB\n";
        let measured = parse_wrk(text).unwrap();
        assert!((measured.requests_per_second - 20_000.5).abs() < 1e-9);
        assert!((measured.p50_ms - 0.75).abs() < 1e-9);
        assert!((measured.p99_ms - 1.5).abs() < 1e-9);
        assert!(!measured.errors);
        assert_eq!(measured.requests, 40_000);
        assert_eq!(duration_ms("1.02s"), Some(1020.0));
    }
}
