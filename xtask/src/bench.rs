//! `cargo xtask bench [--quick]`: runs the criterion benches, the allocation count and
//! the interleaved ratios, then writes `target/bench-report/report.md`, the same as
//! `report.html` with the charts in place, and the SVG charts beside them (one per
//! algorithm family with a panel per operation, the HS256 decode's stages, and our
//! ratio to each peer). criterion's own reports stay in `target/criterion/`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use serde_json::Value;

/// The algorithms, families and operations of the report, in order.
const FAMILIES: [(&str, &[&str]); 5] = [
    ("HMAC", &["HS256", "HS384", "HS512"]),
    ("RSA", &["RS256", "RS384", "RS512", "PS256"]),
    ("ECDSA", &["ES256", "ES384", "ES512"]),
    ("EdDSA", &["EdDSA"]),
    ("ML-DSA", &["ML-DSA-44", "ML-DSA-65", "ML-DSA-87"]),
];
const OPERATIONS: [&str; 4] = ["sign", "verify", "encode", "decode"];
const PEERS: [&str; 3] = ["jsonwebtoken", "jsonwebtoken-awslc", "jwt-simple"];

/// Runs the benches and writes the report.
pub(crate) fn run(root: &Path, quick: bool, load_only: bool) -> ExitCode {
    let outcome = if load_only {
        run_load(root, quick)
    } else {
        run_inner(root, quick)
    };
    match outcome {
        Ok(report) => {
            println!("wrote {}", report.display());
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: io: {message}");
            ExitCode::from(2)
        }
    }
}

/// Seconds per `wrk` run of the load benchmark.
fn load_seconds(quick: bool) -> u64 {
    if quick { 2 } else { 5 }
}

/// The load benchmark alone, into `target/bench-report/load.md`.
fn run_load(root: &Path, quick: bool) -> Result<PathBuf, String> {
    let section = crate::bench_load::section(root, load_seconds(quick))?;
    let out = root.join("target/bench-report");
    std::fs::create_dir_all(&out)
        .map_err(|err| format!("cannot create {}: {err}", out.display()))?;
    let path = out.join("load.md");
    std::fs::write(
        &path,
        format!(
            "# Load benchmark

Machine: {}.
{section}",
            machine()
        ),
    )
    .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
    Ok(path)
}

fn run_inner(root: &Path, quick: bool) -> Result<PathBuf, String> {
    let target = root.join("target");
    let mut bench = Command::new(env!("CARGO"));
    bench.current_dir(root).args([
        "bench",
        "-p",
        "jwt-benches",
        "--bench",
        "algorithms",
        "--bench",
        "axum_layer",
        "--",
    ]);
    if quick {
        bench.args([
            "--quick",
            "--warm-up-time",
            "0.3",
            "--measurement-time",
            "1",
        ]);
    }
    status(&mut bench, "cargo bench")?;
    let allocations = parse_allocations(&bench_binary(root, "alloc-count", &[])?);
    let interleaved: Vec<Value> =
        bench_binary(root, "interleaved", if quick { &["--quick"] } else { &[] })?
            .lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect();
    let (medians, intervals) = read_medians(&target.join("criterion"))?;
    let out = target.join("bench-report");
    std::fs::create_dir_all(&out)
        .map_err(|err| format!("cannot create {}: {err}", out.display()))?;
    let stages = stage_times(&medians, &interleaved);
    let (instructions, instruction_shares) =
        crate::bench_instructions::section(root, &interleaved)?;
    let targets = crate::bench_targets::section(&interleaved, &allocations, &instruction_shares);
    let mut report = render_report(&medians, &stages, &allocations, &targets, quick);
    report.push_str(&render_axum_layer(&medians));
    report.push_str(&render_token_sizes(&interleaved));
    report.push_str(&crate::bench_load::section(root, load_seconds(quick))?);
    report.push_str(&render_interleaved(&interleaved));
    report.push_str(&render_serde_floor(&interleaved));
    report.push_str(&instructions);
    report.push_str(
        "\n## Our ratio to each peer on the same primitives (interleaved)\n\n![summary](summary.svg)\n",
    );
    let path = out.join("report.md");
    std::fs::write(&path, &report)
        .map_err(|err| format!("cannot write {}: {err}", path.display()))?;
    let mut charts = vec![(
        "summary.svg".to_owned(),
        crate::bench_charts::summary_chart(&interleaved),
    )];
    if let Some(svg) = crate::bench_charts::stages_chart(&stages) {
        charts.push(("hs256-stages.svg".to_owned(), svg));
    }
    let contenders = contenders(&medians);
    for (family, algs) in FAMILIES {
        charts.push((
            format!("{}.svg", family.to_lowercase()),
            crate::bench_charts::family_chart(family, algs, &contenders, &medians, &intervals),
        ));
    }
    for (name, svg) in &charts {
        let chart = out.join(name);
        std::fs::write(&chart, svg)
            .map_err(|err| format!("cannot write {}: {err}", chart.display()))?;
    }
    let html = out.join("report.html");
    std::fs::write(&html, crate::bench_html::markdown_page(&report))
        .map_err(|err| format!("cannot write {}: {err}", html.display()))?;
    Ok(path)
}

/// Runs the `jwt-benches` binary `name` (release build) with `args` and returns what it
/// printed.
fn bench_binary(root: &Path, name: &str, args: &[&str]) -> Result<String, String> {
    let output = Command::new(env!("CARGO"))
        .current_dir(root)
        .args([
            "run",
            "-q",
            "--release",
            "-p",
            "jwt-benches",
            "--bin",
            name,
            "--",
        ])
        .args(args)
        .output()
        .map_err(|err| format!("cannot run {name}: {err}"))?;
    if !output.status.success() {
        return Err(format!(
            "{name} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

fn status(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command
        .status()
        .map_err(|err| format!("cannot run {what}: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed: {status}"))
    }
}

/// (group, contender) → median nanoseconds, from criterion's `estimates.json` files.
pub(crate) type Medians = BTreeMap<(String, String), f64>;

/// (group, contender) → criterion's 95% confidence interval of the median, nanoseconds.
pub(crate) type Intervals = BTreeMap<(String, String), (f64, f64)>;

fn read_medians(criterion: &Path) -> Result<(Medians, Intervals), String> {
    let mut medians = Medians::new();
    let mut intervals = Intervals::new();
    let groups = std::fs::read_dir(criterion)
        .map_err(|err| format!("no criterion results in {}: {err}", criterion.display()))?;
    for group in groups.flatten() {
        let group_name = group.file_name().to_string_lossy().into_owned();
        let Ok(functions) = std::fs::read_dir(group.path()) else {
            continue;
        };
        for function in functions.flatten() {
            let estimates = function.path().join("new").join("estimates.json");
            let Ok(text) = std::fs::read_to_string(&estimates) else {
                continue;
            };
            let Ok(json) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let key = (
                group_name.clone(),
                function.file_name().to_string_lossy().into_owned(),
            );
            let at = |pointer: &str| json.pointer(pointer).and_then(Value::as_f64);
            if let (Some(low), Some(high)) = (
                at("/median/confidence_interval/lower_bound"),
                at("/median/confidence_interval/upper_bound"),
            ) {
                intervals.insert(key.clone(), (low, high));
            }
            if let Some(median) = at("/median/point_estimate") {
                medians.insert(key, median);
            }
        }
    }
    if medians.is_empty() {
        return Err(format!(
            "no criterion estimates under {}",
            criterion.display()
        ));
    }
    Ok((medians, intervals))
}

/// The axum layer's cost per request: the `axum-layer` group of `benches/axum_layer.rs`.
fn render_axum_layer(medians: &Medians) -> String {
    let mut out = String::from(
        "\n## An axum route guarded by jwt-axum, per request\n\n\
         One request through `tower::ServiceExt::oneshot` (no network): to the route without \
         the layer, through `BearerAuth` with its cache off (token read, verified, claims \
         handed to the handler), the token's `decode` alone, and through `BearerAuth` with \
         its cache on and the token repeated (a hit: no signature check). The layer's own \
         cost is what is left of the uncached difference once the decode is taken out. \
         RS256 runs on the default backend (AWS-LC when every backend is compiled in).\n\n\
         | alg | no layer | through the layer | decode alone | the layer's own cost | through the layer, cached |\n|---|---|---|---|---|---|\n",
    );
    for alg in ["HS256", "RS256"] {
        let at = |what: &str| {
            medians
                .get(&("axum-layer".to_owned(), format!("{alg}-{what}")))
                .copied()
        };
        let (Some(open), Some(guarded), Some(decode)) =
            (at("no-layer"), at("through-layer"), at("decode-alone"))
        else {
            continue;
        };
        let cached = at("through-layer-cached").map_or_else(String::new, human);
        let _ = writeln!(
            out,
            "| {alg} | {} | {} | {} | {} | {cached} |",
            human(open),
            human(guarded),
            human(decode),
            human(guarded - open - decode),
        );
    }
    out
}

/// (alg, contender) → (encode, decode, decode's layer share) allocations.
pub(crate) type Allocations = BTreeMap<(String, String), (u64, u64, u64)>;

fn parse_allocations(text: &str) -> Allocations {
    text.lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|v| {
            Some((
                (
                    v.get("alg")?.as_str()?.to_owned(),
                    v.get("contender")?.as_str()?.to_owned(),
                ),
                (
                    v.get("encode")?.as_u64()?,
                    v.get("decode")?.as_u64()?,
                    v.get("decode_layer")?.as_u64()?,
                ),
            ))
        })
        .collect()
}

/// The contenders criterion measured whose names start with `prefix`, in order: ours are
/// `jwt` and `jwt-<backend>` for every backend the bench build had (the registry's),
/// the floors `raw-<backend>` and `raw-hmac`. No backend is named here.
fn measured(medians: &Medians, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut names: Vec<String> = medians
        .keys()
        .map(|(_, contender)| contender.clone())
        .filter(|contender| keep(contender))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Every contender measured, in a fixed order (ours, the raw floors, the peers), so a
/// contender has the same colour in every chart.
fn contenders(medians: &Medians) -> Vec<String> {
    let mut all = ours(medians);
    all.extend(measured(medians, |c| c.starts_with("raw-")));
    all.extend(PEERS.iter().map(|p| (*p).to_owned()));
    all
}

/// `jwt` and `jwt-<backend>`, as measured.
fn ours(medians: &Medians) -> Vec<String> {
    measured(medians, |c| {
        c == "jwt" || (c.starts_with("jwt-") && !PEERS.contains(&c))
    })
}

/// Our contender and its raw floor: `jwt`/`raw-hmac`, `jwt-<backend>`/`raw-<backend>`.
fn floors(medians: &Medians) -> Vec<(String, String)> {
    ours(medians)
        .into_iter()
        .map(|ours| {
            let raw = match ours.strip_prefix("jwt-") {
                Some(backend) => format!("raw-{backend}"),
                None => "raw-hmac".to_owned(),
            };
            (ours, raw)
        })
        .collect()
}

fn median(medians: &Medians, alg: &str, operation: &str, contender: &str) -> Option<f64> {
    medians
        .get(&(format!("{alg}-{operation}"), contender.to_owned()))
        .copied()
}

/// A duration for people: `812 ns`, `2.31 µs`, `1.62 ms`.
pub(crate) fn human(ns: f64) -> String {
    if ns < 1_000.0 {
        format!("{ns:.0} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else {
        format!("{:.2} ms", ns / 1_000_000.0)
    }
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    format!("{cpu}, {cores} cores (shared), {rustc}")
}

fn render_report(
    medians: &Medians,
    stages: &StageTimes,
    allocations: &Allocations,
    targets: &str,
    quick: bool,
) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Benchmark report\n");
    let _ = writeln!(out, "Machine: {}.", machine());
    let _ = writeln!(
        out,
        "Mode: {}. Every figure is criterion's median time per operation; ratios compare figures from this one run.\n",
        if quick {
            "`--quick` (short measurements: read ratios as ±10-20%)"
        } else {
            "full criterion defaults"
        }
    );
    let _ = writeln!(
        out,
        "Contenders: `jwt` (this workspace; HMAC runs on jwt-hs), `jwt-<backend>` (each backend of its registry), `jsonwebtoken` 12 (`rust_crypto` provider), `jsonwebtoken-awslc` (jsonwebtoken 12, `aws_lc_rs` provider), `jwt-simple` 0.15 (`pure-rust`), and `raw-*`, the primitive crate alone, with keys held as our backend for that crate holds them (`raw-awslc` verifies on a `ParsedPublicKey`; `raw-openssl` verifies RSA and ECDSA on one `EVP_PKEY_CTX` kept for the key and signs ECDSA with `ECDSA_do_sign`). encode and decode use the same claims (iss, sub, aud, exp, nbf, iat, jti, scope) and keys for all; decode checks alg, signature, iss, aud, exp and nbf.\n"
    );

    out.push_str(targets);
    let _ = writeln!(out, "## Time per operation\n");
    for (family, algs) in FAMILIES {
        let _ = writeln!(out, "### {family}\n");
        let ours = ours(medians);
        let raws = measured(medians, |c| c.starts_with("raw-"));
        let contenders: Vec<&str> = ours
            .iter()
            .chain(&raws)
            .map(String::as_str)
            .chain(PEERS)
            .filter(|c| {
                algs.iter().any(|alg| {
                    OPERATIONS
                        .iter()
                        .any(|op| median(medians, alg, op, c).is_some())
                })
            })
            .collect();
        let _ = writeln!(out, "| alg | operation | {} |", contenders.join(" | "));
        let _ = writeln!(out, "|---|---|{}", "---|".repeat(contenders.len()));
        for alg in algs {
            for operation in OPERATIONS {
                let cells: Vec<String> = contenders
                    .iter()
                    .map(|c| median(medians, alg, operation, c).map_or("".to_owned(), human))
                    .collect();
                let _ = writeln!(out, "| {alg} | {operation} | {} |", cells.join(" | "));
            }
        }
        let _ = writeln!(out, "\n![{family}]({}.svg)\n", family.to_lowercase());
        if family == "HMAC" {
            out.push_str(&render_stages_table(stages));
        }
    }

    let _ = writeln!(
        out,
        "## Ratios to the peers (peer time / our time; above 1 means we are faster)\n"
    );
    let _ = writeln!(
        out,
        "| alg | operation | ours | vs jsonwebtoken | vs jsonwebtoken-awslc | vs jwt-simple |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for (_, algs) in FAMILIES {
        for alg in algs {
            for operation in ["encode", "decode"] {
                for ours in &ours(medians) {
                    let Some(our_time) = median(medians, alg, operation, ours) else {
                        continue;
                    };
                    let ratio = |peer: &str| {
                        median(medians, alg, operation, peer)
                            .map_or("n/a".to_owned(), |t| format!("{:.2}x", t / our_time))
                    };
                    let _ = writeln!(
                        out,
                        "| {alg} | {operation} | {ours} | {} | {} | {} |",
                        ratio("jsonwebtoken"),
                        ratio("jsonwebtoken-awslc"),
                        ratio("jwt-simple")
                    );
                }
            }
        }
    }

    let _ = writeln!(out, "\n## What the JWT layer adds over the raw primitive\n");
    let _ = writeln!(
        out,
        "`sign`/`verify` through our `JwsSigner`/`JwsVerifier` against the primitive crate alone, and a full `decode` (parsing, validation) against a raw verify.\n"
    );
    let _ = writeln!(
        out,
        "| alg | backend | sign overhead | verify overhead | decode over raw verify |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for (_, algs) in FAMILIES {
        for alg in algs {
            for (ours, raw) in &floors(medians) {
                let overhead = |operation: &str, base_op: &str| match (
                    median(medians, alg, operation, ours),
                    median(medians, alg, base_op, raw),
                ) {
                    (Some(a), Some(b)) => format!("{:+.1}%", (a / b - 1.0) * 100.0),
                    _ => String::new(),
                };
                let sign = overhead("sign", "sign");
                if sign.is_empty() {
                    continue;
                }
                let _ = writeln!(
                    out,
                    "| {alg} | {ours} | {sign} | {} | {} |",
                    overhead("verify", "verify"),
                    overhead("decode", "verify")
                );
            }
        }
    }

    let _ = writeln!(out, "\n## Heap allocations per operation\n");
    let _ = writeln!(
        out,
        "`decode (layer)` leaves out what building the caller's claims type costs by itself (its `String` fields): what the JWT layer allocates. An encode allocates nothing of the caller's.\n"
    );
    let _ = writeln!(
        out,
        "| alg | contender | encode | decode | decode (layer) |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for (_, algs) in FAMILIES {
        for alg in algs {
            for contender in ours(medians).iter().map(String::as_str).chain(PEERS) {
                if let Some((encode, decode, layer)) =
                    allocations.get(&((*alg).to_owned(), contender.to_owned()))
                {
                    let _ = writeln!(
                        out,
                        "| {alg} | {contender} | {encode} | {decode} | {layer} |"
                    );
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "\nReproduce with `cargo xtask bench` (or `--quick`); criterion's own reports are in `target/criterion/`."
    );
    out
}

/// The interleaved measurement's ratios and layer costs, as tables.
/// The typical access token's size per algorithm, beside RS256's and ES256's.
fn render_token_sizes(lines: &[Value]) -> String {
    let sizes: Vec<(&str, f64)> = lines
        .iter()
        .filter(|line| text(line, "kind") == "token_size")
        .map(|line| (text(line, "alg"), number(line, "bytes")))
        .collect();
    let size_of = |alg: &str| sizes.iter().find(|(a, _)| *a == alg).map(|(_, n)| *n);
    let mut out = String::from(
        "\n## Token sizes\n\nThe typical access token of these benchmarks (the same claims), compact, in bytes, and beside RS256's (RSA 2048) and ES256's.\n\n| alg | bytes | × RS256 | × ES256 |\n|---|---|---|---|\n",
    );
    for (alg, bytes) in &sizes {
        let times = |base: Option<f64>| base.map_or(String::new(), |b| format!("{:.1}", bytes / b));
        let _ = writeln!(
            out,
            "| {alg} | {bytes} | {} | {} |",
            times(size_of("RS256")),
            times(size_of("ES256"))
        );
    }
    out
}

fn render_interleaved(lines: &[Value]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n## Interleaved ratios\n\nThe contenders of one algorithm and operation timed in alternating short windows, round after round; each figure is the median of the per-round ratios, with the quartiles. Ratio = peer time / our time (above 1: we are faster). Layer = time minus the raw primitive's in the same round (`decode` over a raw verify, `encode` over a raw sign); the layer ratio is ours over the peer's where both stand on the same primitive crate (below 1: ours costs less).\n"
    );
    let _ = writeln!(
        out,
        "| alg | operation | ours | peer | ratio [p25–p75] | layer ratio [p25–p75] |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for ratio in lines.iter().filter(|v| text(v, "kind") == "ratio") {
        let same = |v: &&Value| {
            text(v, "kind") == "layer_ratio"
                && ["alg", "operation", "ours", "peer"]
                    .iter()
                    .all(|key| text(v, key) == text(ratio, key))
        };
        let layer = lines.iter().find(same).map_or(String::new(), |v| {
            format!(
                "{:.2} [{:.2}–{:.2}]",
                number(v, "median"),
                number(v, "p25"),
                number(v, "p75")
            )
        });
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.2}x [{:.2}–{:.2}] | {layer} |",
            text(ratio, "alg"),
            text(ratio, "operation"),
            text(ratio, "ours"),
            text(ratio, "peer"),
            number(ratio, "median"),
            number(ratio, "p25"),
            number(ratio, "p75"),
        );
    }
    let _ = writeln!(
        out,
        "\n### What the JWT layer costs over the raw primitive (interleaved)\n\nThe layer is the time over the raw primitive in the same round: its median [quartiles], as a share of the floor's median, and each round's layer over that round's floor (median [quartiles]; the peer ratios above are taken the same way).\n\n| alg | operation | contender | floor | floor time | layer [p25–p75] | layer / floor | per round [p25–p75] |\n|---|---|---|---|---|---|---|---|"
    );
    for layer in lines.iter().filter(|v| text(v, "kind") == "layer") {
        let floor = text(layer, "floor");
        let floor_time = lines
            .iter()
            .find(|v| {
                text(v, "kind") == "time"
                    && text(v, "contender") == floor
                    && text(v, "alg") == text(layer, "alg")
                    && text(v, "operation") == text(layer, "operation")
            })
            .map_or(f64::NAN, |v| number(v, "median_ns"));
        let cost = number(layer, "median_ns");
        let per_round = if layer.get("share_median").is_some() {
            format!(
                "{:+.1}% [{:+.1}–{:+.1}%]",
                number(layer, "share_median") * 100.0,
                number(layer, "share_p25") * 100.0,
                number(layer, "share_p75") * 100.0
            )
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {floor} | {} | {} [{}–{}] | {:+.1}% | {per_round} |",
            text(layer, "alg"),
            text(layer, "operation"),
            text(layer, "contender"),
            human(floor_time),
            human(cost),
            human(number(layer, "p25_ns")),
            human(number(layer, "p75_ns")),
            cost / floor_time * 100.0
        );
    }
    out
}

/// Each asymmetric decode beside its raw verify and beside the raw verify followed by a
/// plain `serde_json` read of the same claims into the same type: how much of the decode's
/// cost over the primitive any serde-based decode pays, and what ours adds beyond it.
fn render_serde_floor(lines: &[Value]) -> String {
    let rows: Vec<&Value> = lines
        .iter()
        .filter(|v| text(v, "kind") == "serde_floor")
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\n### Decode over a raw verify plus a plain serde_json read (interleaved)\n\nBeside each raw verify, the same verify followed by `serde_json::from_slice` of the token's claims into the same claims type (five `String`s and three integers) is timed in the same rounds. That plain read is the least any decode into a serde type adds to the primitive; \"ours beyond it\" is what our decode costs on top (the split, base64url, header, the duplicate-member and claim checks), with its quartiles. Percentages are of the raw verify.\n\n| alg | contender | raw verify | plain serde_json read | decode over the raw verify | ours beyond verify + serde_json [p25–p75] |\n|---|---|---|---|---|---|\n",
    );
    for row in rows {
        let same = |v: &&Value, kind: &str, name: &str| {
            text(v, "kind") == kind
                && text(v, "alg") == text(row, "alg")
                && text(v, "operation") == "decode"
                && text(v, name) == text(row, if kind == "time" { "floor" } else { "contender" })
        };
        let raw = lines
            .iter()
            .find(|v| same(v, "time", "contender"))
            .map_or(f64::NAN, |v| number(v, "median_ns"));
        let layer = lines
            .iter()
            .find(|v| same(v, "layer", "contender"))
            .map_or(f64::NAN, |v| number(v, "median_ns"));
        let share = |ns: f64| format!("{} ({:+.1}%)", human(ns), ns / raw * 100.0);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} [{}–{}] |",
            text(row, "alg"),
            text(row, "contender"),
            human(raw),
            share(number(row, "serde_ns")),
            share(layer),
            share(number(row, "over_ns")),
            human(number(row, "over_p25_ns")),
            human(number(row, "over_p75_ns")),
        );
    }
    out
}

/// The string in `field` of an interleaved line; empty when there is none.
pub(crate) fn text<'a>(line: &'a Value, field: &str) -> &'a str {
    line.get(field).and_then(Value::as_str).unwrap_or("")
}

/// The number in `field` of an interleaved line; NaN when there is none, which every
/// comparison refuses and every table shows as such.
pub(crate) fn number(line: &Value, field: &str) -> f64 {
    line.get(field).and_then(Value::as_f64).unwrap_or(f64::NAN)
}

/// The HS256 decode's stage times (`jwt_benches::STAGES` → nanoseconds) and where they
/// come from.
pub(crate) struct StageTimes {
    times: BTreeMap<String, f64>,
    /// Whether the interleaved run timed them (the stages and the whole decode in the same
    /// rounds) rather than criterion's `HS256-stages` group (each in its own spell).
    interleaved: bool,
}

/// The stage times of the interleaved run when it has every stage the breakdown needs,
/// else criterion's.
pub(crate) fn stage_times(medians: &Medians, interleaved: &[Value]) -> StageTimes {
    let from_interleaved: BTreeMap<String, f64> = interleaved
        .iter()
        .filter(|line| line["kind"] == "stage")
        .filter_map(|line| {
            Some((
                line["stage"].as_str()?.to_owned(),
                line["median_ns"].as_f64()?,
            ))
        })
        .collect();
    let from_interleaved = StageTimes {
        times: from_interleaved,
        interleaved: true,
    };
    if stage_parts(&from_interleaved).is_some() {
        return from_interleaved;
    }
    StageTimes {
        times: medians
            .iter()
            .filter(|((group, _), _)| group == "HS256-stages")
            .map(|((_, stage), ns)| (stage.clone(), *ns))
            .collect(),
        interleaved: false,
    }
}

/// The stages of an HS256 decode as parts of its time: (label, nanoseconds), each stage's
/// own share (a stage timed with the ones before it has those subtracted), then what is
/// left of the whole decode. `None` when a stage was not timed.
pub(crate) fn stage_parts(stages: &StageTimes) -> Option<(Vec<(&'static str, f64)>, f64)> {
    let stage = |name: &str| stages.times.get(name).copied();
    let base64 = stage("base64 header")? + stage("base64 payload")? + stage("base64 signature")?;
    let read = stage("claims read")?;
    let checked = stage("claims checked")?;
    let parts = vec![
        ("split", stage("split")?),
        ("base64url, 3 segments", base64),
        ("header", stage("header")?),
        ("claims into the caller's type (one pass)", read),
        ("claims checks", (checked - read).max(0.0)),
        ("HMAC-SHA256", stage("hmac")?),
    ];
    let decode = stage("decode")?;
    let named: f64 = parts.iter().map(|(_, ns)| ns).sum();
    let mut parts = parts;
    parts.push(("the rest", (decode - named).max(0.0)));
    Some((parts, decode))
}

/// The HS256 decode's per-stage breakdown as a table.
fn render_stages_table(stages: &StageTimes) -> String {
    let Some((parts, decode)) = stage_parts(stages) else {
        return String::new();
    };
    let how = if stages.interleaved {
        "Each stage timed alone (`jwt_core::stages`), in alternating windows with the whole decode, round after round (as the interleaved ratios below), so the stages and the decode meet the same spells of the machine; medians. criterion's group `HS256-stages` times the same calls one after another."
    } else {
        "Each stage timed alone (`jwt_core::stages`, criterion's group `HS256-stages`), one after another: on a shared machine the spells of each differ, and \"the rest\" takes up the difference."
    };
    let mut out = format!(
        "#### Where an HS256 decode's time goes\n\n{how} \"The rest\" is the whole decode minus the stages.\n\n| stage | time | share |\n|---|---|---|\n",
    );
    for (label, ns) in &parts {
        let _ = writeln!(
            out,
            "| {label} | {} | {:.0}% |",
            human(*ns),
            ns / decode * 100.0
        );
    }
    let _ = writeln!(out, "| **decode** | **{}** | 100% |", human(decode));
    out.push_str("\n![HS256 decode stages](hs256-stages.svg)\n\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axum_layer_table_takes_the_decode_out_of_the_difference() {
        let mut medians = Medians::new();
        for (what, ns) in [
            ("no-layer", 1_500.0),
            ("through-layer", 4_000.0),
            ("decode-alone", 2_000.0),
        ] {
            medians.insert(("axum-layer".to_owned(), format!("HS256-{what}")), ns);
        }
        let table = render_axum_layer(&medians);
        assert!(
            table.contains("| HS256 | 1.50 µs | 4.00 µs | 2.00 µs | 500 ns |"),
            "{table}"
        );
        assert!(!table.contains("| RS256 |"), "no figures, no row: {table}");
    }

    /// The interleaved binary's output, one JSON object a line.
    fn parse_lines(lines: &[&str]) -> Vec<Value> {
        lines
            .iter()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    #[test]
    fn the_layer_table_shows_the_median_and_its_quartiles() {
        let lines = parse_lines(&[
            r#"{"kind":"time","alg":"RS256","operation":"decode","contender":"raw-awslc","median_ns":20000.0}"#,
            r#"{"kind":"time","alg":"RS256","operation":"encode","contender":"raw-awslc","median_ns":900000.0}"#,
            r#"{"kind":"layer","alg":"RS256","operation":"decode","contender":"jwt-awslc","floor":"raw-awslc","median_ns":2000.0,"p25_ns":1500.0,"p75_ns":2500.0,"share_median":0.095,"share_p25":0.07,"share_p75":0.125}"#,
            r#"{"kind":"layer","alg":"RS256","operation":"encode","contender":"jwt-awslc","floor":"raw-awslc","median_ns":9000.0,"p25_ns":-1000.0,"p75_ns":20000.0}"#,
        ]);
        let table = render_interleaved(&lines);
        assert!(
            table.contains("| RS256 | decode | jwt-awslc | raw-awslc | 20.00 µs | 2.00 µs [1.50 µs–2.50 µs] | +10.0% | +9.5% [+7.0–+12.5%] |"),
            "{table}"
        );
        // A line without the per-round share (an older run) leaves its cell empty.
        assert!(
            table.contains("| RS256 | encode | jwt-awslc | raw-awslc | 900.00 µs | 9.00 µs [-1000 ns–20.00 µs] | +1.0% |  |"),
            "{table}"
        );
    }

    #[test]
    fn the_serde_floor_table_puts_each_cost_beside_its_own_raw_verify() {
        let lines = parse_lines(&[
            r#"{"kind":"time","alg":"RS256","operation":"decode","contender":"raw-awslc","median_ns":20000.0}"#,
            r#"{"kind":"time","alg":"RS256","operation":"decode","contender":"raw-openssl","median_ns":40000.0}"#,
            r#"{"kind":"time","alg":"RS256","operation":"encode","contender":"raw-awslc","median_ns":900000.0}"#,
            r#"{"kind":"layer","alg":"RS256","operation":"decode","contender":"jwt-awslc","floor":"raw-awslc","median_ns":2000.0}"#,
            r#"{"kind":"layer","alg":"RS256","operation":"decode","contender":"jwt-openssl","floor":"raw-openssl","median_ns":3000.0}"#,
            r#"{"kind":"serde_floor","alg":"RS256","operation":"decode","contender":"jwt-awslc","floor":"raw-awslc","serde_ns":1000.0,"over_ns":800.0,"over_p25_ns":700.0,"over_p75_ns":900.0}"#,
            r#"{"kind":"serde_floor","alg":"RS256","operation":"decode","contender":"jwt-openssl","floor":"raw-openssl","serde_ns":1200.0,"over_ns":1600.0,"over_p25_ns":1500.0,"over_p75_ns":1700.0}"#,
        ]);
        let table = render_serde_floor(&lines);
        assert!(
            table.contains("| RS256 | jwt-awslc | 20.00 µs | 1.00 µs (+5.0%) | 2.00 µs (+10.0%) | 800 ns (+4.0%) [700 ns–900 ns] |"),
            "{table}"
        );
        assert!(
            table.contains("| RS256 | jwt-openssl | 40.00 µs | 1.20 µs (+3.0%) | 3.00 µs (+7.5%) | 1.60 µs (+4.0%) [1.50 µs–1.70 µs] |"),
            "{table}"
        );
        assert!(
            render_serde_floor(&lines[..5]).is_empty(),
            "no rows, no table"
        );
    }

    #[test]
    fn the_stage_breakdown_takes_the_interleaved_times_when_it_has_them_all() {
        let mut medians = Medians::new();
        for (stage, ns) in [
            ("split", 50.0),
            ("base64 header", 30.0),
            ("base64 payload", 60.0),
            ("base64 signature", 20.0),
            ("header", 40.0),
            ("claims read", 900.0),
            ("claims checked", 950.0),
            ("hmac", 400.0),
            ("decode", 2_500.0),
        ] {
            medians.insert(("HS256-stages".to_owned(), stage.to_owned()), ns);
        }
        let stage_line = |stage: &str, ns: f64| {
            format!(
                r#"{{"kind":"stage","alg":"HS256","operation":"decode","stage":"{stage}","median_ns":{ns}}}"#
            )
        };
        let stages = [
            ("split", 30.0),
            ("base64 header", 25.0),
            ("base64 payload", 55.0),
            ("base64 signature", 20.0),
            ("header", 30.0),
            ("claims read", 530.0),
            ("claims checked", 620.0),
            ("hmac", 360.0),
            ("decode", 1_300.0),
        ];
        let lines: Vec<String> = stages.iter().map(|(s, ns)| stage_line(s, *ns)).collect();
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let interleaved = parse_lines(&lines);

        let from_interleaved = stage_times(&medians, &interleaved);
        let (parts, decode) = stage_parts(&from_interleaved).unwrap();
        assert_eq!(decode, 1_300.0);
        let part =
            |parts: &[(&str, f64)], label: &str| parts.iter().find(|(l, _)| *l == label).unwrap().1;
        assert_eq!(part(&parts, "base64url, 3 segments"), 100.0);
        assert_eq!(part(&parts, "claims checks"), 90.0);
        // 1300 - (30 + 100 + 30 + 530 + 90 + 360)
        assert_eq!(part(&parts, "the rest"), 160.0);
        assert!(render_stages_table(&from_interleaved).contains("alternating windows"));

        // Without the whole decode the interleaved lines are not enough: criterion's.
        let from_criterion = stage_times(&medians, &interleaved[..8]);
        let (parts, decode) = stage_parts(&from_criterion).unwrap();
        assert_eq!(decode, 2_500.0);
        // 2500 - (50 + 110 + 40 + 900 + 50 + 400)
        assert_eq!(part(&parts, "the rest"), 950.0);
        assert!(render_stages_table(&from_criterion).contains("criterion's group"));
        // Nor without any other stage: here the header.
        let without_header: Vec<Value> = interleaved
            .iter()
            .filter(|line| line["stage"] != "header")
            .cloned()
            .collect();
        assert!(!stage_times(&medians, &without_header).interleaved);

        let nothing = stage_times(&Medians::new(), &[]);
        assert!(stage_parts(&nothing).is_none());
        assert!(render_stages_table(&nothing).is_empty());
    }
}
