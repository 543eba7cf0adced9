//! The `jwt` command. See `jwt --help`, and each subcommand's `--help`.

use std::process::ExitCode;

fn main() -> ExitCode {
    jwt_strict_cli::cli::main_with(std::env::args_os())
}
