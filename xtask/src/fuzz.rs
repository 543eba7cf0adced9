//! `cargo xtask fuzz [--seconds N] [--seed] [TARGET]`: runs the cargo-fuzz targets
//! (installing cargo-fuzz when it is missing) for N seconds each, and prints their
//! executions and any crash. `--seed` first rewrites the committed seed corpora.

use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

/// The fuzz targets, in `fuzz/fuzz_targets/`.
const TARGETS: [&str; 6] = [
    "decode",
    "header_claims",
    "keys",
    "differential",
    "roundtrip",
    "json_equivalence",
];

/// Runs the targets and reports.
pub(crate) fn run(root: &Path, seconds: u64, seed: bool, target: Option<&str>) -> ExitCode {
    match run_inner(root, seconds, seed, target) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: io: {message}");
            ExitCode::from(2)
        }
    }
}

fn run_inner(root: &Path, seconds: u64, seed: bool, target: Option<&str>) -> Result<bool, String> {
    let targets: Vec<&str> = match target {
        Some(name) if TARGETS.contains(&name) => vec![name],
        Some(name) => {
            return Err(format!(
                "no fuzz target {name:?}; targets: {}",
                TARGETS.join(", ")
            ));
        }
        None => TARGETS.to_vec(),
    };
    if seed {
        run_command(
            Command::new(env!("CARGO")).current_dir(root).args([
                "run",
                "-q",
                "-p",
                "jwt-test",
                "--example",
                "fuzz_seeds",
            ]),
            "writing the seed corpora",
        )?;
    }
    ensure_cargo_fuzz()?;
    let fuzz_dir = root.join("fuzz");
    let mut all_clean = true;
    for name in targets {
        println!("== fuzz target {name}, {seconds}s");
        // Each run grows a scratch corpus beside the committed seeds; only seeds and
        // regressions (fuzz/artifacts) are kept in the repository.
        let scratch = fuzz_dir.join("corpus").join(name);
        let output = Command::new("cargo")
            .current_dir(&fuzz_dir)
            .args(["+nightly", "fuzz", "run", name])
            .arg("--")
            .arg(format!("-max_total_time={seconds}"))
            .arg("-max_len=4096")
            .arg(scratch)
            .stdout(Stdio::inherit())
            .stderr(Stdio::piped())
            .output()
            .map_err(|err| format!("cannot run cargo fuzz: {err}"))?;
        let log = String::from_utf8_lossy(&output.stderr);
        let executions = log
            .lines()
            .rev()
            .find_map(|line| line.strip_prefix("Done ").map(str::to_owned));
        match executions {
            Some(done) if output.status.success() => println!("   ok: {done}"),
            _ => {
                all_clean = false;
                let crash: Vec<&str> = log
                    .lines()
                    .filter(|l| {
                        l.contains("Test unit written to")
                            || l.contains("panicked")
                            || l.contains("ERROR")
                    })
                    .collect();
                println!(
                    "   CRASH or failure in {name} (exit {}):\n   {}",
                    output.status,
                    crash.join("\n   ")
                );
                println!(
                    "   keep the input under fuzz/artifacts/{name}/ as a regression once fixed"
                );
            }
        }
    }
    Ok(all_clean)
}

fn ensure_cargo_fuzz() -> Result<(), String> {
    let installed = Command::new("cargo")
        .args(["+nightly", "fuzz", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if installed {
        return Ok(());
    }
    println!("installing cargo-fuzz (cargo install cargo-fuzz --locked)");
    run_command(
        Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]),
        "installing cargo-fuzz",
    )
}

fn run_command(command: &mut Command, what: &str) -> Result<(), String> {
    let status = command.status().map_err(|err| format!("{what}: {err}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} failed: {status}"))
    }
}
