//! Project automation, run as `cargo xtask <command>` (the alias is in
//! `.cargo/config.toml`).
//!
//! - `gen-cert`: a key pair and self-signed certificate, as the tutorial's
//!   `openssl req -x509 -nodes -newkey rsa:2048 -keyout private_key.pem -out public_key.pem`
//!   (the same code as `jwt gen-cert`).
//! - `demo`: the tutorial end to end.
//! - `slow-provider`: request latency while the key server takes 8 s to answer.
//!
//! Errors are one line, `error: <kind>: <message>`, with exit code 2.

mod bench;
mod bench_charts;
mod bench_html;
mod bench_instructions;
mod bench_load;
mod bench_targets;
mod demo;
mod demo_api;
mod demo_discovery;
mod fuzz;
mod slow_provider;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Project automation for the jwt workspace.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Make a key pair and a self-signed X.509 certificate: private_key.pem (PKCS#8, mode
    /// 0600) and public_key.pem (the certificate).
    #[command(
        after_help = "Example:\n  cargo xtask gen-cert --alg ES256 --subject 'CN=auth.example,O=Example' --out keys/"
    )]
    GenCert(jwt_strict_cli::gen_cert::GenCertArgs),
    /// The tutorial end to end: keys, an HS256 and an RS256 token, verification on each
    /// compiled-in backend, every validation failure for real, and the example orders
    /// API (jwt-axum) called over HTTP on a loopback port. Exits 0 only if every step
    /// behaved as it says.
    Demo,
    /// Run the criterion benches (every algorithm, every backend, the peer libraries),
    /// the allocation count and the interleaved ratios, and write
    /// target/bench-report/report.md and report.html with their SVG charts.
    Bench {
        /// Short measurements: a few minutes on 2 cores.
        #[arg(long)]
        quick: bool,
        /// Only the load benchmark (the example API under wrk, cache on and off), into
        /// target/bench-report/load.md.
        #[arg(long)]
        load: bool,
    },
    /// The example API with a remote key set whose server takes 8 s to answer after its
    /// first, while the set's freshness ends mid-run: the latency of requests with valid
    /// tokens (p50, p99, the slowest). Fails if any was refused or took over 50 ms.
    SlowProvider {
        /// Seconds of calls (the set's freshness is 60 s).
        #[arg(long, default_value_t = 90)]
        seconds: u64,
    },
    /// Run the cargo-fuzz targets (nightly; installs cargo-fuzz when missing) and print
    /// executions and any crash.
    Fuzz {
        /// Seconds per target.
        #[arg(long, default_value_t = 60)]
        seconds: u64,
        /// Rewrite the committed seed corpora first.
        #[arg(long)]
        seed: bool,
        /// One target: decode, header_claims, keys, differential, roundtrip or json_equivalence
        /// (default: all).
        target: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            // --help and --version: print them as clap formats them.
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            eprintln!("{}", one_line(&err));
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::GenCert(args) => match jwt_strict_cli::gen_cert::run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(failure) => {
                eprintln!("{failure}");
                ExitCode::from(2)
            }
        },
        Command::Demo => demo::run(),
        Command::Bench { quick, load } => bench::run(&project_root(), quick, load),
        Command::SlowProvider { seconds } => match slow_provider::run(seconds) {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {}: {err}", err.kind());
                ExitCode::from(1)
            }
        },
        Command::Fuzz {
            seconds,
            seed,
            target,
        } => fuzz::run(&project_root(), seconds, seed, target.as_deref()),
    }
}

/// clap's error on one line: its first line, plus the possible values when it lists them.
fn one_line(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let mut lines = rendered.lines().map(str::trim);
    let mut line = lines
        .next()
        .unwrap_or("error: invalid arguments")
        .to_owned();
    if let Some(values) = lines.find(|l| l.starts_with("[possible values:")) {
        line.push(' ');
        line.push_str(values);
    }
    line
}

/// The workspace root: the parent of this crate's folder.
fn project_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(
            || std::path::PathBuf::from("."),
            std::path::Path::to_path_buf,
        )
}
