//! The command line: subcommands, parsing, and the one-line errors.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use jwt_strict::Algorithm;

use crate::failure::Failure;
use crate::{decode, encode, gen_cert, jwk, verify};

/// Make, inspect and verify JSON Web Tokens.
#[derive(Debug, Parser)]
#[command(name = "jwt", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Make a signed token from claims.
    #[command(after_help = "Examples:\n  \
        jwt encode --alg HS256 --secret-file secret.bin --iss https://auth.example --aud api://orders --exp 15m --jti\n  \
        JWT_SECRET='a shared secret of at least 32 bytes' jwt encode --alg HS256 --sub bob --exp 1h\n  \
        jwt encode --alg RS256 --key private_key.pem --sub alice --claim scope='\"orders:read\"' --exp 1h\n\n\
        Secrets: --secret-file takes the file's exact bytes. JWT_SECRET takes the variable's bytes,\n\
        but a shell's $(cat FILE) drops trailing newlines and cannot hold NUL bytes:\n\
        give a binary secret (head -c 32 /dev/urandom) with --secret-file.")]
    Encode(encode::EncodeArgs),
    /// Show a token's header and claims WITHOUT verifying anything.
    #[command(after_help = "Example:\n  jwt decode eyJhbGciOi...\n  echo \"$TOKEN\" | jwt decode")]
    Decode(decode::DecodeArgs),
    /// Check a token's signature, algorithm and claims; print its claims.
    #[command(after_help = "Examples:\n  \
        jwt verify --alg RS256 --key public_key.pem --iss https://auth.example --aud api://orders \"$TOKEN\"\n  \
        echo \"$TOKEN\" | jwt verify --alg HS256 --secret-file secret.bin --leeway 30\n  \
        jwt verify --alg RS256,ES256 --jwks jwks.json --aud api://orders \"$TOKEN\"\n  \
        jwt verify --alg RS256 --jwks https://issuer.example/.well-known/jwks.json --iss https://issuer.example/ --aud api://orders \"$TOKEN\"\n  \
        jwt verify --alg RS256,ES256 --issuer https://tenant.auth0.example/ --aud api://orders \"$TOKEN\"\n\n\
        Exit codes: 0 valid, 1 token rejected, 2 key, file or usage problem.")]
    Verify(verify::VerifyArgs),
    /// Make a key pair and a self-signed certificate: private_key.pem and public_key.pem.
    #[command(
        after_help = "Example:\n  jwt gen-cert --alg ES256 --subject 'CN=auth.example,O=Example' --out keys/"
    )]
    GenCert(gen_cert::GenCertArgs),
    /// Write key files as JWKs or a JWK Set (kid: the RFC 7638 thumbprint), to publish.
    #[command(after_help = "Examples:\n  \
        jwt jwk --set public_key.pem > jwks.json\n  \
        jwt jwk --alg RS256 --kid 2026-11 private_key.pem\n  \
        jwt jwk --thumbprint public_key.pem\n\n\
        --private adds the private members: the output is then a secret.")]
    Jwk(jwk::JwkArgs),
    /// List the asymmetric backends compiled in, one per line, the default first: its
    /// name, then the algorithms it implements (HS* always run on jwt-hs).
    #[command(
        after_help = "Example:\n  jwt backends\n  jwt verify --backend \"$(jwt backends | tail -n 1 | cut -d' ' -f1)\" --alg ES256 --key public_key.pem \"$TOKEN\""
    )]
    Backends,
}

/// Runs the command line `args` (the program name first) and returns the exit code,
/// having printed the output and, on failure, the one-line error.
pub fn main_with(args: impl IntoIterator<Item = std::ffi::OsString>) -> ExitCode {
    let args: Vec<std::ffi::OsString> = args.into_iter().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => {
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            let failure = usage_failure(&err, &args);
            eprintln!("{failure}");
            return failure.exit_code();
        }
    };
    let outcome = match &cli.command {
        Command::Encode(args) => encode::run(args),
        Command::Decode(args) => decode::run(args),
        Command::Verify(args) => verify::run(args),
        Command::GenCert(args) => gen_cert::run(args),
        Command::Jwk(args) => jwk::run(args),
        Command::Backends => {
            for backend in jwt_strict::BACKENDS {
                let algorithms: Vec<&str> =
                    backend.algorithms().iter().map(|alg| alg.name()).collect();
                println!("{} {}", backend.name, algorithms.join(" "));
            }
            Ok(())
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("{failure}");
            failure.exit_code()
        }
    }
}

/// Parses an `--alg` value: the exact registered name.
pub(crate) fn parse_algorithm(name: &str) -> Result<Algorithm, String> {
    name.parse::<Algorithm>().map_err(|err| err.to_string())
}

/// A clap error as a usage failure: clap's whole message, its hints (a similar argument,
/// the possible values) and usage line included, and a pointer to the help of the
/// subcommand at fault.
fn usage_failure(err: &clap::Error, args: &[std::ffi::OsString]) -> Failure {
    let rendered = err.render().to_string();
    let command = <Cli as clap::CommandFactory>::command();
    let subcommand = args.iter().skip(1).find_map(|arg| {
        command
            .get_subcommands()
            .map(clap::Command::get_name)
            .find(|name| arg.to_str() == Some(*name))
    });
    let help = match subcommand {
        Some(name) => format!("jwt {name} --help"),
        None => "jwt --help".to_owned(),
    };
    let mut message = String::new();
    for line in rendered.trim_end().lines() {
        if line.starts_with("For more information, try") {
            continue;
        }
        message.push_str(line.strip_prefix("error: ").unwrap_or(line));
        message.push('\n');
    }
    message.push_str(&format!("For more information, try '{help}'."));
    Failure::command_line(message)
}
