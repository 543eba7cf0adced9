//! The README's `jwt` examples work when pasted: the block after the `cli-example`
//! marker runs in a fresh folder, with this build's `jwt` first on the PATH.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

#[test]
fn readme_cli_examples_run() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let after_marker = readme
        .split("<!-- cli-example")
        .nth(1)
        .expect("the README marks its CLI example");
    let block = after_marker
        .split("```sh\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a sh block after the marker");
    assert!(block.contains("jwt verify"), "{block}");
    let dir = tempfile::tempdir().unwrap();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_jwt")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("bash")
        .args(["-euo", "pipefail", "-c", block])
        .current_dir(dir.path())
        .env("PATH", path)
        .env_remove("JWT_SECRET")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "README block failed:\n{block}\nstdout:\n{stdout}\nstderr:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // Four verifications print their claims, one line of JSON each.
    let verified: Vec<&str> = stdout
        .lines()
        .filter(|line| line.starts_with("{\""))
        .collect();
    assert_eq!(verified.len(), 4, "{stdout}");
    for (line, sub) in verified.iter().zip(["alice", "carol", "bob", "dave"]) {
        assert!(line.contains(&format!("\"sub\":\"{sub}\"")), "{stdout}");
    }
}
