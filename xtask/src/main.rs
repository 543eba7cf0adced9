//! Project automation, run as `cargo xtask <command>` (the alias is in
//! `.cargo/config.toml`).
//!
//! Commands arrive with the issues that need them: `gen-cert` (keys and self-signed
//! certificates), `demo` (the tutorial end to end), `bench` and `fuzz`. Until then the
//! tutorial's walk-through is `cargo run -p jwt --example hs256`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The commands this xtask knows, with a line of help each.
const COMMANDS: [(&str, &str); 1] = [("help", "print this list")];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        None | Some("help" | "--help" | "-h") => {
            print_help();
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("error: unknown xtask command {other:?}");
            print_help();
            ExitCode::from(2)
        }
    }
}

fn print_help() {
    println!("usage: cargo xtask <command>");
    println!("workspace: {}", project_root().display());
    println!("commands:");
    for (name, help) in COMMANDS {
        println!("  {name:<10} {help}");
    }
}

/// The workspace root: the parent of this crate's folder.
fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
