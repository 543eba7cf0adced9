//! What the JWT layer costs over the raw primitive, in instructions and in first-level
//! instruction-cache misses: each decode, its raw verify, and that verify followed by a
//! plain `serde_json` read of the claims, run under callgrind
//! (`benches/examples/layer_loop.rs`), which counts the loop alone. Unlike time, the
//! counts do not move with the load of a shared machine, so a layer of a few percent over
//! a 30 µs RSA verify is told apart, and so is why it costs more time than instructions.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::bench_targets::InstructionShares;

/// Operations counted per run: enough that the loop's own cost is the operation's.
const COUNT: u32 = 40;

/// The caches callgrind models (`size,associativity,line size`), pinned rather than read
/// from the CPU so the misses counted are the same on every machine: 32 KiB, 8-way
/// first-level caches of 64-byte lines, as current x86 cores have, and a 32 MiB last
/// level.
const CACHES: [&str; 3] = ["--I1=32768,8,64", "--D1=32768,8,64", "--LL=33554432,16,64"];

/// The report section, or a line saying why there is none (no valgrind), and each
/// decode's layer as a share of its raw verify's instructions, by (alg, contender).
pub(crate) fn section(
    root: &Path,
    interleaved: &[Value],
) -> Result<(String, InstructionShares), String> {
    let mut shares = InstructionShares::new();
    let heading = "\n### What the JWT layer costs over the raw primitive (instructions and instruction-cache misses)\n\n";
    if Command::new("valgrind").arg("--version").output().is_err() {
        return Ok((
            format!("{heading}Skipped: `valgrind` is not installed (`apt install valgrind`).\n"),
            shares,
        ));
    }
    let build = Command::new(env!("CARGO"))
        .current_dir(root)
        .args([
            "build",
            "-q",
            "--release",
            "-p",
            "jwt-benches",
            "--example",
            "layer_loop",
        ])
        .status()
        .map_err(|err| format!("cannot build layer_loop: {err}"))?;
    if !build.success() {
        return Err(format!("building layer_loop failed: {build}"));
    }
    let program = root.join("target/release/examples/layer_loop");
    let mut out = format!(
        "{heading}Each decode, the raw verify under it, and that verify followed by a plain \
         `serde_json::from_slice` of the same claims into the same type, counted by callgrind \
         (`benches/examples/layer_loop.rs`, {COUNT} operations a run, the loop alone); the \
         counts are the same from run to run whatever else the machine does. Under valgrind \
         the CPU has no SHA extensions, so HMAC and the digests cost more than natively.\n\n\
         Beside the instructions, the misses per operation of a first-level instruction cache \
         of 32 KiB (8-way, 64-byte lines, as current x86 cores have; pinned, not read from \
         this CPU). Code that does not fit in it beside the primitive's is fetched again on \
         every operation, a cost the instruction count does not show: where a decode's misses \
         are far above its floor's, its time over the raw verify (above) is a larger share \
         than its instructions are. The plain read shows the share any decoder into a serde \
         type pays. The raw verify runs its own copy of the primitive's code, placed \
         elsewhere in the program, so where code that barely fits falls in the cache can move \
         a count by hundreds either way.\n\n\
         | alg | contender | floor | instructions: floor | decode | layer | layer / floor | I1 misses: floor | floor + serde_json read | decode |\n\
         |---|---|---|---|---|---|---|---|---|---|\n"
    );
    for (alg, contender, floor) in decode_pairs(interleaved) {
        // One token for all three runs, so the raw verify checks the signature the decode
        // does.
        let token = token_of(&program, &alg, &contender)?;
        let with_read = format!("{floor}+serde_json");
        let count = |what: &str| counts(&program, &[&alg, &contender, what], &token);
        // Side by side: the counts do not depend on what else runs, and most of a run is
        // valgrind starting the program.
        let (decode, raw, read) = std::thread::scope(|scope| {
            let decode = scope.spawn(|| count("decode"));
            let raw = scope.spawn(|| count(&floor));
            let read = count(&with_read);
            let joined = |run: std::thread::ScopedJoinHandle<'_, _>| {
                run.join()
                    .unwrap_or_else(|_| Err("a callgrind run panicked".to_owned()))
            };
            (joined(decode), joined(raw), read)
        });
        let (decode, raw, read) = (decode?, raw?, read?);
        let layer = decode.instructions - raw.instructions;
        shares.insert((alg.clone(), contender.clone()), layer / raw.instructions);
        out.push_str(&format!(
            "| {alg} | {contender} | {floor} | {} | {} | {} | {:+.1}% | {:.0} | {:.0} | {:.0} |\n",
            thousands(raw.instructions),
            thousands(decode.instructions),
            thousands(layer),
            layer / raw.instructions * 100.0,
            raw.i1_misses,
            read.i1_misses,
            decode.i1_misses,
        ));
    }
    Ok((out, shares))
}

/// (alg, contender, floor) for every decode the interleaved run measured over a floor.
fn decode_pairs(interleaved: &[Value]) -> Vec<(String, String, String)> {
    let mut pairs: Vec<(String, String, String)> = interleaved
        .iter()
        .filter(|line| line["kind"] == "layer" && line["operation"] == "decode")
        .filter_map(|line| {
            Some((
                line["alg"].as_str()?.to_owned(),
                line["contender"].as_str()?.to_owned(),
                line["floor"].as_str()?.to_owned(),
            ))
        })
        .collect();
    pairs.dedup();
    pairs
}

/// A token of `contender`'s for `alg`, made by `layer_loop ALG CONTENDER token 0`.
fn token_of(program: &Path, alg: &str, contender: &str) -> Result<String, String> {
    let output = Command::new(program)
        .args([alg, contender, "token", "0"])
        .output()
        .map_err(|err| format!("cannot run layer_loop: {err}"))?;
    let token = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if !output.status.success() || token.is_empty() {
        return Err(format!(
            "layer_loop {alg} {contender} token failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(token)
}

/// What callgrind counts of one operation.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Counts {
    /// Instructions executed.
    instructions: f64,
    /// First-level instruction-cache misses.
    i1_misses: f64,
}

/// Per operation of `layer_loop ARGS COUNT TOKEN` under callgrind, with the caches of
/// [`CACHES`].
fn counts(program: &Path, args: &[&str], token: &str) -> Result<Counts, String> {
    let output = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--toggle-collect=layer_loop::run",
            "--callgrind-out-file=/dev/null",
            "--cache-sim=yes",
        ])
        .args(CACHES)
        .arg(program)
        .args(args)
        .arg(COUNT.to_string())
        .arg(token)
        .output()
        .map_err(|err| format!("cannot run valgrind: {err}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!(
            "layer_loop {args:?} failed under valgrind: {stderr}"
        ));
    }
    let per_operation = |event: &str| {
        collected(&stderr, event)
            .map(|total| total / f64::from(COUNT))
            .ok_or_else(|| format!("callgrind printed no {event} count for {args:?}: {stderr}"))
    };
    Ok(Counts {
        instructions: per_operation("Ir")?,
        i1_misses: per_operation("I1mr")?,
    })
}

/// The total of `event` in callgrind's summary, which names the events on one line
/// (`Events    : Ir Dr Dw I1mr …`) and gives their totals in that order on the next
/// (`Collected : 1303596 127452 …`).
fn collected(stderr: &str, event: &str) -> Option<f64> {
    let field = |prefix: &str| {
        stderr
            .lines()
            .find_map(|line| line.split(prefix).nth(1))
            .map(str::split_whitespace)
    };
    let index = field("Events    : ")?.position(|name| name == event)?;
    field("Collected : ")?.nth(index)?.parse().ok()
}

/// `297412` as `297.4k`.
fn thousands(count: f64) -> String {
    format!("{:.1}k", count / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_come_from_the_decode_layers() {
        let lines: Vec<Value> = [
            r#"{"kind":"layer","operation":"decode","alg":"RS256","contender":"jwt-awslc","floor":"raw-awslc"}"#,
            r#"{"kind":"layer","operation":"encode","alg":"RS256","contender":"jwt-awslc","floor":"raw-awslc"}"#,
            r#"{"kind":"ratio","operation":"decode","alg":"RS256"}"#,
        ]
        .iter()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
        assert_eq!(
            decode_pairs(&lines),
            vec![("RS256".into(), "jwt-awslc".into(), "raw-awslc".into())]
        );
        assert_eq!(thousands(297_412.0), "297.4k");
    }

    #[test]
    fn counts_are_read_by_the_event_names() {
        let stderr = "==7588== Events    : Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\n\
                      ==7588== Collected : 1303596 127452 101967 12133 0 12 7 0 6\n";
        assert_eq!(collected(stderr, "Ir"), Some(1_303_596.0));
        assert_eq!(collected(stderr, "I1mr"), Some(12_133.0));
        assert_eq!(collected(stderr, "DLmw"), Some(6.0));
        assert_eq!(collected(stderr, "Bc"), None);
        assert_eq!(collected("==1== Collected : 5\n", "Ir"), None);
    }
}
