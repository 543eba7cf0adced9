//! What the JWT layer costs over the raw primitive, in instructions: each decode and its
//! raw verify run under callgrind (`benches/examples/layer_loop.rs`), which counts the
//! instructions of the loop alone. Unlike time, the count does not move with the load of
//! a shared machine, so a layer of a few percent over a 30 µs RSA verify is told apart.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Operations counted per run: enough that the loop's own cost is the operation's.
const COUNT: u32 = 40;

/// The report section, or a line saying why there is none (no valgrind).
pub(crate) fn section(root: &Path, interleaved: &[Value]) -> Result<String, String> {
    let heading = "\n### What the JWT layer costs over the raw primitive (instructions)\n\n";
    if Command::new("valgrind").arg("--version").output().is_err() {
        return Ok(format!(
            "{heading}Skipped: `valgrind` is not installed (`apt install valgrind`).\n"
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
        "{heading}Each decode and the raw verify under it, counted by callgrind \
         (`benches/examples/layer_loop.rs`, {COUNT} operations a run, the loop alone); the \
         count is the same from run to run whatever else the machine does. Under valgrind \
         the CPU has no SHA extensions, so HMAC and the digests cost more than natively.\n\n\
         | alg | contender | floor | floor | decode | layer | layer / floor |\n\
         |---|---|---|---|---|---|---|\n"
    );
    for (alg, contender, floor) in decode_pairs(interleaved) {
        // One token for both runs, so the raw verify checks the signature the decode does.
        let token = token_of(&program, &alg, &contender)?;
        let decode = instructions(&program, &[&alg, &contender, "decode"], &token)?;
        let raw = instructions(&program, &[&alg, &contender, &floor], &token)?;
        let layer = decode - raw;
        out.push_str(&format!(
            "| {alg} | {contender} | {floor} | {} | {} | {} | {:+.1}% |\n",
            thousands(raw),
            thousands(decode),
            thousands(layer),
            layer / raw * 100.0
        ));
    }
    Ok(out)
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

/// Instructions per operation of `layer_loop ARGS COUNT TOKEN` under callgrind.
fn instructions(program: &Path, args: &[&str], token: &str) -> Result<f64, String> {
    let output = Command::new("valgrind")
        .args([
            "--tool=callgrind",
            "--toggle-collect=layer_loop::run",
            "--callgrind-out-file=/dev/null",
        ])
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
    let collected = stderr
        .lines()
        .find_map(|line| line.split("Collected : ").nth(1))
        .and_then(|count| count.trim().parse::<f64>().ok())
        .ok_or_else(|| format!("callgrind printed no count for {args:?}: {stderr}"))?;
    Ok(collected / f64::from(COUNT))
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
}
