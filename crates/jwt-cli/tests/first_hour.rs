//! What a new user runs into in the first hour: command-line mistakes answered with
//! clap's whole message (kind `usage`, exit 2, a pointer to the subcommand's help), a
//! token made without `exp`, and the hints for a PEM given to `--jwks`, a token pasted
//! with its `Bearer ` prefix, and a `--out` folder that does not exist.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

const SECRET: &str = "a shared secret of at least 32 bytes";

fn jwt(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jwt"))
        .args(args)
        .env("JWT_SECRET", SECRET)
        .output()
        .expect("jwt runs")
}

/// The exit code and stderr of a failed run; stdout must be empty.
fn failed(args: &[&str]) -> (i32, String) {
    let output = jwt(args);
    assert!(
        output.stdout.is_empty(),
        "jwt {args:?}: stdout {:?}",
        output.stdout
    );
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn fresh_token(extra: &[&str]) -> String {
    let mut args = vec!["encode", "--alg", "HS256", "--sub", "alice"];
    args.extend_from_slice(extra);
    let output = jwt(&args);
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

#[test]
fn command_line_mistakes_keep_clap_message_and_hint() {
    let token = fresh_token(&["--exp", "1h"]);
    for (args, says) in [
        (
            vec!["verify", "--secret-file", "s.bin", token.as_str()],
            vec![
                "--alg <ALG>",
                "For more information, try 'jwt verify --help'.",
            ],
        ),
        (
            vec!["verfy", token.as_str()],
            vec![
                "unrecognized subcommand 'verfy'",
                "a similar subcommand exists: 'verify'",
                "For more information, try 'jwt --help'.",
            ],
        ),
        (
            vec![
                "verify",
                "--alg",
                "HS256",
                "--audience",
                "api://orders",
                token.as_str(),
            ],
            vec![
                "unexpected argument '--audience' found",
                "a similar argument exists: '--aud'",
                "For more information, try 'jwt verify --help'.",
            ],
        ),
        (
            vec!["gen-cert", "--alg", "HS256"],
            vec![
                "invalid value 'HS256' for '--alg <ALG>'",
                "[possible values: RS256, PS256, ES256, ES384, ES512, EdDSA, ML-DSA-44, ML-DSA-65, ML-DSA-87]",
                "For more information, try 'jwt gen-cert --help'.",
            ],
        ),
    ] {
        let (code, stderr) = failed(&args);
        assert_eq!(code, 2, "jwt {args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: usage: "),
            "jwt {args:?}: {stderr}"
        );
        for expected in says {
            assert!(
                stderr.contains(expected),
                "jwt {args:?}: no {expected:?} in {stderr}"
            );
        }
    }
}

#[test]
fn a_token_without_exp_is_made_with_a_warning_unless_asked_for() {
    let output = jwt(&["encode", "--alg", "HS256", "--sub", "alice"]);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("warning: the token has no exp: verifiers")
            && stderr.contains("--no-exp"),
        "{stderr}"
    );
    // The warning is true: the token is refused by a default verifier.
    let token = String::from_utf8(output.stdout).unwrap();
    let (code, stderr) = failed(&["verify", "--alg", "HS256", token.trim()]);
    assert_eq!(code, 1);
    assert!(stderr.starts_with("error: missing_claim: "), "{stderr}");
    // --no-exp means it: no warning. --exp gives none either.
    for extra in [["--no-exp"].as_slice(), ["--exp", "5m"].as_slice()] {
        let mut args = vec!["encode", "--alg", "HS256", "--sub", "alice"];
        args.extend_from_slice(extra);
        let output = jwt(&args);
        assert!(output.status.success());
        assert!(output.stderr.is_empty(), "{extra:?}: {:?}", output.stderr);
    }
    let (code, stderr) = failed(&["encode", "--alg", "HS256", "--exp", "5m", "--no-exp"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: usage: "), "{stderr}");
}

#[test]
fn common_slips_get_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    // A PEM key or certificate given to --jwks.
    let pem = dir.path().join("public_key.pem");
    std::fs::write(
        &pem,
        "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n",
    )
    .unwrap();
    let (code, stderr) = failed(&[
        "verify",
        "--alg",
        "EdDSA",
        "--jwks",
        pem.to_str().unwrap(),
        "x.y.z",
    ]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: invalid_key: "), "{stderr}");
    assert!(
        stderr.contains("not a JWK Set: give it with --key"),
        "{stderr}"
    );
    // A token pasted with the Authorization header's scheme.
    let token = fresh_token(&["--exp", "1h"]);
    for pasted in [format!("Bearer {token}"), format!("bearer {token}")] {
        let (code, stderr) = failed(&["verify", "--alg", "HS256", &pasted]);
        assert_eq!(code, 1);
        assert!(stderr.starts_with("error: malformed_token: "), "{stderr}");
        assert!(stderr.contains("give the token alone"), "{stderr}");
    }
    // gen-cert into a folder that does not exist.
    let missing = dir.path().join("keys");
    let (code, stderr) = failed(&[
        "gen-cert",
        "--alg",
        "ES256",
        "--out",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("does not exist; create it first (mkdir -p"),
        "{stderr}"
    );
}

#[test]
fn messages_say_an_rsa_key() {
    let certificate = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../jwt-test/fixtures/public_key.pem"
    );
    let (code, stderr) = failed(&[
        "encode",
        "--alg",
        "RS256",
        "--key",
        certificate,
        "--exp",
        "5m",
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("an RSA 2048-bit public key cannot sign; expected a private key"),
        "{stderr}"
    );
}
