//! The `jwt` command end to end: every subcommand, every exit code, every error kind
//! `verify` can print, tokens from arguments and standard input, and each backend.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use jwt_strict::{Algorithm, Header, JwsSigner, jws};
use serde_json::{Value, json};

const SECRET: &[u8] = b"a CLI test secret of 32+ bytes!!!";
const ASYMMETRIC: [&str; 10] = [
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
];

struct Run {
    args: Vec<String>,
    stdin: Option<Vec<u8>>,
    env: Vec<(&'static str, String)>,
}

fn jwt<S: AsRef<str>>(args: &[S]) -> Run {
    Run {
        args: args.iter().map(|a| a.as_ref().to_owned()).collect(),
        stdin: None,
        env: Vec::new(),
    }
}

impl Run {
    fn stdin(mut self, bytes: impl Into<Vec<u8>>) -> Run {
        self.stdin = Some(bytes.into());
        self
    }

    fn env(mut self, name: &'static str, value: impl Into<String>) -> Run {
        self.env.push((name, value.into()));
        self
    }

    fn output(self) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_jwt"));
        command.args(&self.args).env_remove("JWT_SECRET");
        for (name, value) in &self.env {
            command.env(name, value);
        }
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("jwt runs");
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(self.stdin.as_deref().unwrap_or_default())
            .unwrap();
        drop(stdin);
        child.wait_with_output().unwrap()
    }

    fn ok(self) -> String {
        let args = self.args.join(" ");
        let output = self.output();
        assert!(
            output.status.success(),
            "jwt {args}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs and checks the exit code and the first stderr line's kind.
    fn fails(self, code: i32, kind: &str) -> String {
        let args = self.args.join(" ");
        let output = self.output();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(code), "jwt {args}: {stderr}");
        let first = stderr.lines().next().unwrap_or_default();
        assert!(
            first.starts_with(&format!("error: {kind}: ")),
            "jwt {args}: {stderr}"
        );
        assert!(
            output.stdout.is_empty(),
            "jwt {args}: stdout {:?}",
            String::from_utf8_lossy(&output.stdout)
        );
        first.to_owned()
    }
}

struct Keys {
    dir: tempfile::TempDir,
}

impl Keys {
    fn new() -> Keys {
        let keys = Keys {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::write(keys.secret(), SECRET).unwrap();
        keys
    }

    fn secret(&self) -> PathBuf {
        self.dir.path().join("secret.bin")
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_owned()
    }

    /// `jwt gen-cert` keys for `alg`: (private key, certificate).
    fn generated(&self, alg: &str) -> (String, String) {
        let out = self.dir.path().join(alg);
        std::fs::create_dir_all(&out).unwrap();
        jwt(&[
            "gen-cert",
            "--alg",
            cert_alg(alg),
            "--out",
            out.to_str().unwrap(),
        ])
        .ok();
        (
            path_str(&out.join("private_key.pem")),
            path_str(&out.join("public_key.pem")),
        )
    }
}

fn path_str(path: &Path) -> String {
    path.to_str().unwrap().to_owned()
}

/// gen-cert makes keys for these algorithms; the others share their key type.
fn cert_alg(alg: &str) -> &str {
    match alg {
        "RS384" | "RS512" => "RS256",
        "PS384" | "PS512" => "PS256",
        other => other,
    }
}

fn hs256_token(keys: &Keys, extra: &[&str]) -> String {
    let secret = path_str(&keys.secret());
    let mut args = vec!["encode", "--alg", "HS256", "--secret-file", &secret];
    args.extend_from_slice(extra);
    jwt(&args).ok().trim().to_owned()
}

fn verify_hs256(keys: &Keys, extra: &[&str]) -> Run {
    let secret = path_str(&keys.secret());
    let mut args = vec!["verify", "--alg", "HS256", "--secret-file", &secret];
    args.extend_from_slice(extra);
    jwt(&args)
}

/// Signs raw header and claims text with the test secret: tokens `encode` would refuse.
fn forged(header: Header, claims: &str) -> String {
    let key = jwt_strict::hs::HmacKey::new(Algorithm::Hs256, SECRET).unwrap();
    jws::sign(&header, claims.as_bytes(), &key).unwrap()
}

#[test]
fn encode_then_verify_every_algorithm_with_gen_cert_keys() {
    let keys = Keys::new();
    for alg in ASYMMETRIC {
        let (private, certificate) = keys.generated(alg);
        let token = jwt(&[
            "encode", "--alg", alg, "--key", &private, "--sub", "alice", "--exp", "1h",
        ])
        .ok();
        for key in [&certificate, &private] {
            let claims: Value = serde_json::from_str(
                &jwt(&["verify", "--alg", alg, "--key", key, token.trim()]).ok(),
            )
            .unwrap();
            assert_eq!(claims["sub"], "alice", "{alg}");
        }
    }
    for alg in ["HS256", "HS384", "HS512"] {
        let secret = keys.path("wide-secret.bin");
        std::fs::write(&secret, [7u8; 64]).unwrap();
        let token = jwt(&[
            "encode",
            "--alg",
            alg,
            "--secret-file",
            &secret,
            "--exp",
            "1h",
        ])
        .ok();
        jwt(&[
            "verify",
            "--alg",
            alg,
            "--secret-file",
            &secret,
            token.trim(),
        ])
        .ok();
    }
}

#[test]
fn encode_builds_the_claims_users_expect() {
    let keys = Keys::new();
    let claims_file = keys.path("claims.json");
    std::fs::write(&claims_file, r#"{"scope": "orders:read", "tenant": 7}"#).unwrap();
    let token = hs256_token(
        &keys,
        &[
            "--iss",
            "https://auth.example",
            "--sub",
            "alice",
            "--aud",
            "api://orders",
            "--exp",
            "15m",
            "--nbf",
            "0s",
            "--jti",
            "--claim",
            "admin=true",
            "--claim",
            "name=Alice",
            "--claim",
            "tenant=8",
            "--claims",
            &claims_file,
            "--kid",
            "k1",
            "--typ",
            "at+jwt",
        ],
    );
    let decoded: Value = serde_json::from_str(&jwt(&["decode", &token]).ok()).unwrap();
    let claims = &decoded["claims"];
    assert_eq!(claims["aud"], "api://orders", "one --aud is a string");
    assert_eq!(claims["admin"], true, "JSON values stay JSON");
    assert_eq!(claims["name"], "Alice", "other values are strings");
    assert_eq!(claims["tenant"], 8, "--claim wins over --claims");
    assert_eq!(claims["scope"], "orders:read");
    assert_eq!(
        claims["jti"].as_str().unwrap().len(),
        32,
        "a random 128-bit id"
    );
    let iat = claims["iat"].as_i64().unwrap();
    assert_eq!(claims["exp"].as_i64().unwrap() - iat, 900);
    assert_eq!(
        decoded["header"],
        json!({"alg": "HS256", "typ": "at+jwt", "kid": "k1"})
    );

    let two = hs256_token(
        &keys,
        &["--aud", "a", "--aud", "b", "--no-iat", "--jti", "fixed-id"],
    );
    let decoded: Value = serde_json::from_str(&jwt(&["decode", &two]).ok()).unwrap();
    assert_eq!(
        decoded["claims"],
        json!({"aud": ["a", "b"], "jti": "fixed-id"})
    );
    assert_eq!(decoded["header"]["typ"], "JWT");

    let from_stdin = jwt(&[
        "encode",
        "--alg",
        "HS256",
        "--secret-file",
        &path_str(&keys.secret()),
        "--claims",
        "-",
    ])
    .stdin(r#"{"sub": "piped"}"#)
    .ok();
    let decoded: Value = serde_json::from_str(&jwt(&["decode", from_stdin.trim()]).ok()).unwrap();
    assert_eq!(decoded["claims"]["sub"], "piped");
}

#[test]
fn encode_refuses_a_registered_claim_given_twice() {
    let keys = Keys::new();
    let secret = path_str(&keys.secret());
    let claims_file = keys.path("claims.json");
    std::fs::write(&claims_file, r#"{"iss": "from-file"}"#).unwrap();
    for extra in [
        vec!["--iss", "a", "--claim", "iss=b"],
        vec!["--claim", "sub=a", "--claim", "sub=b"],
        vec!["--claims", &claims_file, "--iss", "a"],
        vec!["--exp", "1h", "--claim", "exp=5"],
    ] {
        let mut args = vec!["encode", "--alg", "HS256", "--secret-file", &secret];
        args.extend(extra);
        let line = jwt(&args).fails(2, "invalid_claim");
        assert!(line.contains("given twice"), "{line}");
    }
    jwt(&[
        "encode",
        "--alg",
        "HS256",
        "--secret-file",
        &secret,
        "--claim",
        "noequals",
    ])
    .fails(2, "invalid_claim");
    jwt(&[
        "encode",
        "--alg",
        "HS256",
        "--secret-file",
        &secret,
        "--claim",
        "exp=\"soon\"",
    ])
    .fails(2, "invalid_claim");
    jwt(&[
        "encode",
        "--alg",
        "HS256",
        "--secret-file",
        &secret,
        "--exp",
        "tomorrow",
    ])
    .fails(2, "invalid_claim");
    jwt(&[
        "encode",
        "--alg",
        "HS256",
        "--secret-file",
        &secret,
        "--claims",
        &keys.path("missing.json"),
    ])
    .fails(2, "io");
}

#[test]
fn secrets_come_from_a_file_or_the_environment_never_argv() {
    let keys = Keys::new();
    let token = hs256_token(&keys, &["--exp", "1h"]);
    jwt(&["verify", "--alg", "HS256", &token])
        .env("JWT_SECRET", String::from_utf8(SECRET.to_vec()).unwrap())
        .ok();
    let line = jwt(&["verify", "--alg", "HS256", &token]).fails(2, "invalid_key");
    assert!(line.contains("JWT_SECRET"), "{line}");
    jwt(&["verify", "--alg", "HS256", "--secret", "x", &token]).fails(2, "usage");
    let short = keys.path("short.bin");
    std::fs::write(&short, b"too short").unwrap();
    jwt(&["encode", "--alg", "HS256", "--secret-file", &short]).fails(2, "weak_key");
}

#[test]
fn tokens_come_from_arguments_or_standard_input() {
    let keys = Keys::new();
    let token = hs256_token(&keys, &["--exp", "1h", "--sub", "x"]);
    let positional = verify_hs256(&keys, &[&token]).ok();
    let piped = verify_hs256(&keys, &[]).stdin(format!("{token}\n")).ok();
    let dash = verify_hs256(&keys, &["-"])
        .stdin(format!("  {token}\r\n"))
        .ok();
    assert_eq!(positional, piped);
    assert_eq!(positional, dash);
    assert_eq!(positional.lines().count(), 1, "one line of JSON");
    let claims: Value = serde_json::from_str(&positional).unwrap();
    assert_eq!(claims["sub"], "x");
    jwt(&["decode"]).stdin(format!("{token}\n")).ok();
}

#[test]
fn decode_prints_json_and_warns_that_nothing_was_verified() {
    let keys = Keys::new();
    let token = hs256_token(&keys, &["--exp", "1h", "--nbf", "0s"]);
    let forged = format!("{}AAAA", &token[..token.len() - 4]);
    let output = jwt(&["decode", &forged]).output();
    assert!(output.status.success());
    let shown: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(shown["header"]["alg"], "HS256");
    assert!(shown["claims"]["exp"].is_i64());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("NOT verified"), "{stderr}");
    assert!(
        stderr.contains("exp: 20") && stderr.contains("Z (in 59m") || stderr.contains("Z (in 1h"),
        "{stderr}"
    );
    assert!(
        stderr.contains("nbf: ") && stderr.contains("iat: "),
        "{stderr}"
    );
    jwt(&["decode", "not-a-token"]).fails(1, "malformed_token");
    jwt(&["decode", "eyJhbGciOiJub25lIn0.e30."]).fails(1, "invalid_algorithm");
}

#[test]
fn every_error_kind_verify_can_print() {
    let keys = Keys::new();
    let good = hs256_token(
        &keys,
        &["--iss", "i", "--sub", "s", "--aud", "a", "--exp", "1h"],
    );
    let accept = ["--iss", "i", "--aud", "a"];
    let with = |extra: &[&str]| {
        let mut args: Vec<&str> = accept.to_vec();
        args.extend_from_slice(extra);
        args.iter()
            .map(|a| (*a).to_owned())
            .collect::<Vec<String>>()
    };
    let run = |extra: Vec<String>| {
        verify_hs256(&keys, &extra.iter().map(String::as_str).collect::<Vec<_>>())
    };

    run(with(&[&good])).ok();
    // Rejected tokens: exit 1.
    run(with(&["not.a-token"])).fails(1, "malformed_token");
    run(with(&[]))
        .stdin("x".repeat(70_000))
        .fails(1, "token_too_large");
    let hs384 = jwt(&[
        "encode",
        "--alg",
        "HS384",
        "--secret-file",
        &keys.path("wide.bin"),
    ]);
    std::fs::write(keys.path("wide.bin"), [1u8; 48]).unwrap();
    let hs384 = {
        drop(hs384);
        jwt(&[
            "encode",
            "--alg",
            "HS384",
            "--secret-file",
            &keys.path("wide.bin"),
            "--exp",
            "1h",
        ])
        .ok()
    };
    run(with(&[hs384.trim()])).fails(1, "invalid_algorithm");
    let tampered = format!(
        "{}{}",
        &good[..good.len() - 1],
        if good.ends_with('A') { "E" } else { "A" }
    );
    run(with(&[&tampered])).fails(1, "invalid_signature");
    run(with(&["--now", "9999999999", &good])).fails(1, "expired_signature");
    let later = hs256_token(
        &keys,
        &["--iss", "i", "--aud", "a", "--exp", "2h", "--nbf", "1h"],
    );
    run(with(&[&later])).fails(1, "immature_signature");
    let future_iat = hs256_token(
        &keys,
        &[
            "--iss",
            "i",
            "--aud",
            "a",
            "--exp",
            "2h",
            "--claim",
            "iat=9999999999",
        ],
    );
    run(with(&[&future_iat])).fails(1, "invalid_issued_at");
    run(vec![
        "--iss".into(),
        "i".into(),
        "--aud".into(),
        "other".into(),
        good.clone(),
    ])
    .fails(1, "invalid_audience");
    run(vec![
        "--iss".into(),
        "other".into(),
        "--aud".into(),
        "a".into(),
        good.clone(),
    ])
    .fails(1, "invalid_issuer");
    run(with(&["--sub", "other", &good])).fails(1, "invalid_subject");
    run(with(&["--typ", "at+jwt", &good])).fails(1, "invalid_type");
    run(with(&["--require", "jti", &good])).fails(1, "missing_claim");
    let bad_exp = forged(
        Header::new(Algorithm::Hs256),
        r#"{"iss":"i","aud":"a","exp":"never"}"#,
    );
    run(with(&[&bad_exp])).fails(1, "invalid_claim");
    let mut critical = Header::new(Algorithm::Hs256);
    critical.crit = Some(vec!["http://example.invalid/ext".into()]);
    critical
        .extra
        .insert("http://example.invalid/ext".into(), json!(true));
    let crit = forged(critical, r#"{"iss":"i","aud":"a","exp":9999999999}"#);
    run(with(&[&crit])).fails(1, "unsupported_critical_header");
    // Key, file and usage problems: exit 2.
    let garbage = keys.path("garbage.pem");
    std::fs::write(&garbage, "not a key").unwrap();
    jwt(&["verify", "--alg", "ES256", "--key", &garbage, &good]).fails(2, "invalid_key");
    let short = keys.path("short.bin");
    std::fs::write(&short, b"short").unwrap();
    jwt(&["verify", "--alg", "HS256", "--secret-file", &short, &good]).fails(2, "weak_key");
    jwt(&[
        "verify",
        "--alg",
        "ES256",
        "--key",
        &keys.path("missing.pem"),
        &good,
    ])
    .fails(2, "io");
    jwt(&[
        "verify",
        "--alg",
        "HS999",
        "--secret-file",
        &path_str(&keys.secret()),
        &good,
    ])
    .fails(2, "usage");
    jwt(&["verify", "--secret-file", &path_str(&keys.secret()), &good]).fails(2, "usage");
    jwt(&[
        "verify",
        "--alg",
        "HS256",
        "--secret-file",
        "x",
        "--key",
        "y",
        &good,
    ])
    .fails(2, "usage");
    jwt(&["verify", "--alg", "HS256", "--now", "soon", &good]).fails(2, "usage");
    jwt(&["bogus"]).fails(2, "usage");
}

#[test]
fn alg_lists_and_keys_that_do_not_fit() {
    let keys = Keys::new();
    let (es_private, es_certificate) = keys.generated("ES256");
    let (ed_private, _) = keys.generated("EdDSA");
    let es = jwt(&[
        "encode",
        "--alg",
        "ES256",
        "--key",
        &es_private,
        "--exp",
        "1h",
    ])
    .ok();
    let ed = jwt(&[
        "encode",
        "--alg",
        "EdDSA",
        "--key",
        &ed_private,
        "--exp",
        "1h",
    ])
    .ok();
    // A comma list or repeats: the token's alg must be one of them.
    jwt(&[
        "verify",
        "--alg",
        "ES256,ES384",
        "--key",
        &es_certificate,
        es.trim(),
    ])
    .ok();
    jwt(&[
        "verify",
        "--alg",
        "ES384",
        "--alg",
        "ES256",
        "--key",
        &es_certificate,
        es.trim(),
    ])
    .ok();
    jwt(&[
        "verify",
        "--alg",
        "ES256",
        "--key",
        &es_certificate,
        ed.trim(),
    ])
    .fails(1, "invalid_algorithm");
    // The token's alg is allowed but does not fit the key: the token is refused.
    let es384 = forged_es384_header(&es);
    let line = jwt(&[
        "verify",
        "--alg",
        "ES256,ES384",
        "--key",
        &es_certificate,
        &es384,
    ])
    .fails(1, "invalid_algorithm");
    assert!(line.contains("ES384") && line.contains("ES256"), "{line}");
    // A key that cannot serve an algorithm asked for is a usage problem.
    let line = jwt(&[
        "verify",
        "--alg",
        "RS256",
        "--key",
        &es_certificate,
        es.trim(),
    ])
    .fails(2, "invalid_key");
    assert!(
        line.contains("EC P-256") && line.contains("RS256"),
        "{line}"
    );
    jwt(&[
        "verify",
        "--alg",
        "HS256,ES256",
        "--key",
        &es_certificate,
        es.trim(),
    ])
    .fails(2, "invalid_algorithm");
    jwt(&["encode", "--alg", "ES256", "--key", &es_certificate]).fails(2, "invalid_key");
    jwt(&["encode", "--alg", "HS256", "--key", &es_private]).fails(2, "invalid_key");
}

/// The ES256 token with its header saying ES384 (signature unchanged).
fn forged_es384_header(token: &str) -> String {
    let (_, rest) = token.trim().split_once('.').unwrap();
    let es384 = jws::sign(&Header::new(Algorithm::Es384), b"", &StubSigner).unwrap();
    let header = es384.split('.').next().unwrap();
    format!("{header}.{rest}")
}

/// Produces an ES384-sized signature of zeros: only the header it gets is used.
#[derive(Debug)]
struct StubSigner;

impl JwsSigner for StubSigner {
    fn algorithm(&self) -> Algorithm {
        Algorithm::Es384
    }

    fn sign(&self, _: &[u8]) -> Result<Vec<u8>, jwt_strict::SignError> {
        Ok(vec![0; 96])
    }
}

#[test]
fn backend_choice() {
    let keys = Keys::new();
    let (private, certificate) = keys.generated("PS256");
    let token = jwt(&[
        "encode",
        "--alg",
        "PS256",
        "--key",
        &private,
        "--exp",
        "1h",
        "--backend",
        "rustcrypto",
    ])
    .ok();
    jwt(&[
        "verify",
        "--alg",
        "PS256",
        "--key",
        &certificate,
        "--backend",
        "rustcrypto",
        token.trim(),
    ])
    .ok();
    let hs = hs256_token(&keys, &["--exp", "1h"]);
    verify_hs256(&keys, &["--backend", "rustcrypto", &hs]).ok();
    #[cfg(feature = "openssl")]
    {
        jwt(&[
            "verify",
            "--alg",
            "PS256",
            "--key",
            &certificate,
            "--backend",
            "openssl",
            token.trim(),
        ])
        .ok();
        let by_openssl = jwt(&[
            "encode",
            "--alg",
            "PS256",
            "--key",
            &private,
            "--exp",
            "1h",
            "--backend",
            "openssl",
        ])
        .ok();
        jwt(&[
            "verify",
            "--alg",
            "PS256",
            "--key",
            &certificate,
            "--backend",
            "rustcrypto",
            by_openssl.trim(),
        ])
        .ok();
        verify_hs256(&keys, &["--backend", "openssl", &hs]).ok();
    }
    #[cfg(not(feature = "openssl"))]
    {
        let line = jwt(&[
            "verify",
            "--alg",
            "PS256",
            "--key",
            &certificate,
            "--backend",
            "openssl",
            token.trim(),
        ])
        .fails(2, "invalid_key");
        assert!(line.contains("compiled in: rustcrypto"), "{line}");
    }
    jwt(&[
        "verify",
        "--alg",
        "PS256",
        "--key",
        &certificate,
        "--backend",
        "boringssl",
        token.trim(),
    ])
    .fails(2, "invalid_key");
}

#[test]
fn gen_cert_writes_the_tutorials_files() {
    let keys = Keys::new();
    let out = keys.dir.path().join("certs");
    std::fs::create_dir(&out).unwrap();
    let said = jwt(&[
        "gen-cert",
        "--alg",
        "ES384",
        "--days",
        "10",
        "--subject",
        "CN=cli.example",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    assert!(
        said.contains("EC P-384") && said.contains("SHA-256 fingerprint"),
        "{said}"
    );
    assert!(out.join("private_key.pem").exists() && out.join("public_key.pem").exists());
    jwt(&["gen-cert", "--alg", "ES384", "--out", out.to_str().unwrap()]).fails(2, "io");
    jwt(&[
        "gen-cert",
        "--bits",
        "1024",
        "--out",
        out.to_str().unwrap(),
        "--force",
    ])
    .fails(2, "weak_key");
    jwt(&["gen-cert", "--alg", "HS256"]).fails(2, "usage");
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    for command in ["encode", "decode", "verify", "gen-cert", "jwk"] {
        let help = jwt(&[command, "--help"]).ok();
        assert!(help.contains("Example"), "{command}: {help}");
    }
    let top = jwt(&["--help"]).ok();
    for command in ["encode", "decode", "verify", "gen-cert", "jwk"] {
        assert!(top.contains(command), "{top}");
    }
}

/// The backend names of `jwt backends`' output: the first word of each line.
fn backend_names(listed: &str) -> Vec<String> {
    listed
        .lines()
        .filter_map(|line| line.split(' ').next())
        .map(str::to_owned)
        .collect()
}

/// The backends this binary has, by `--backend` name, as `jwt backends` lists them.
fn compiled_backends() -> Vec<String> {
    backend_names(&jwt(&["backends"]).ok())
}

#[test]
fn verify_reads_only_the_header_to_choose_among_algorithms() {
    let keys = Keys::new();
    let (private, certificate) = keys.generated("PS256");
    let pem = std::fs::read_to_string(&private).unwrap();
    let signer = jwt_strict::backend::SigningKey::from_pem(&pem, Algorithm::Ps256).unwrap();
    // A correctly signed PS256 token whose payload is not JSON: the signature verifies
    // with the PS256 verifier, then the claims are refused as malformed.
    let token = jws::sign(&Header::new(Algorithm::Ps256), b"not json", &signer).unwrap();
    for backend in &compiled_backends() {
        jwt(&[
            "verify",
            "--alg",
            "RS256,PS256",
            "--key",
            &certificate,
            "--backend",
            backend,
            &token,
        ])
        .fails(1, "malformed_token");
    }
}

#[test]
fn a_token_on_standard_input_that_is_not_utf8_is_malformed() {
    let keys = Keys::new();
    let mut bytes = hs256_token(&keys, &["--exp", "1h"]).into_bytes();
    bytes.insert(5, 0xff);
    let line = verify_hs256(&keys, &[])
        .stdin(bytes.clone())
        .fails(1, "malformed_token");
    assert!(line.contains("not UTF-8"), "{line}");
    jwt(&["decode"]).stdin(bytes).fails(1, "malformed_token");
}

#[test]
fn key_secret_and_claims_files_are_read_up_to_a_limit() {
    let keys = Keys::new();
    let big = keys.path("big.pem");
    std::fs::write(&big, vec![b'A'; 1024 * 1024 + 1]).unwrap();
    let started = std::time::Instant::now();
    for file in ["/dev/zero", big.as_str()] {
        for args in [
            vec!["verify", "--alg", "RS256", "--key", file, "x.y.z"],
            vec!["verify", "--alg", "HS256", "--secret-file", file, "x.y.z"],
            vec![
                "encode",
                "--alg",
                "HS256",
                "--secret-file",
                &path_str(&keys.secret()),
                "--claims",
                file,
            ],
        ] {
            let line = jwt(&args).fails(2, "io");
            assert!(line.contains("larger than 1024 KiB"), "{line}");
        }
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    // A file just under the limit is read (and refused for what it is, not its size).
    std::fs::write(&big, vec![b'A'; 1024 * 1024]).unwrap();
    jwt(&["verify", "--alg", "RS256", "--key", &big, "x.y.z"]).fails(2, "invalid_key");
}

#[test]
fn encode_help_shows_exact_ways_to_give_a_secret() {
    let help = jwt(&["encode", "--help"]).ok();
    assert!(!help.contains("$(cat secret.bin) jwt"), "{help}");
    assert!(help.contains("--secret-file secret.bin"), "{help}");
    assert!(help.contains("trailing newlines"), "{help}");
}

#[test]
fn every_backend_refuses_short_rsa_signatures_and_small_order_ed25519_keys() {
    let keys = Keys::new();
    let (private, certificate) = keys.generated("PS256");
    let pem = std::fs::read_to_string(&private).unwrap();
    for alg in [Algorithm::Ps256, Algorithm::Ps384] {
        let signer = jwt_strict::backend::SigningKey::from_pem(&pem, alg).unwrap();
        // About one signature in 256 starts with a zero byte.
        let token = (0..20_000)
            .map(|i| {
                let claims = json!({"exp": 4_000_000_000u64, "jti": i.to_string()});
                jwt_strict::encode(&Header::new(alg), &claims, &signer).unwrap()
            })
            .find(|token| {
                let signature = token.rsplit('.').next().unwrap();
                base64_decode(signature).first() == Some(&0)
            })
            .unwrap();
        let (input, signature) = token.rsplit_once('.').unwrap();
        let short = format!("{input}.{}", base64_encode(&base64_decode(signature)[1..]));
        for backend in &compiled_backends() {
            let alg = alg.name();
            jwt(&[
                "verify",
                "--alg",
                alg,
                "--key",
                &certificate,
                "--backend",
                backend,
                &token,
            ])
            .ok();
            let line = jwt(&[
                "verify",
                "--alg",
                alg,
                "--key",
                &certificate,
                "--backend",
                backend,
                &short,
            ])
            .fails(1, "invalid_signature");
            assert!(line.contains("does not verify"), "{backend}: {line}");
        }
    }
    // The identity as an Ed25519 key: R = identity, S = 0 "verified" any token on OpenSSL.
    let mut identity = vec![
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, 0x01,
    ];
    identity.extend_from_slice(&[0u8; 31]);
    let key_file = keys.path("identity.der");
    std::fs::write(&key_file, &identity).unwrap();
    let mut forgery = vec![0u8; 64];
    forgery[0] = 1;
    let token = format!(
        "{}.{}.{}",
        base64_encode(br#"{"alg":"EdDSA"}"#),
        base64_encode(br#"{"sub":"admin","exp":4000000000}"#),
        base64_encode(&forgery)
    );
    for backend in &compiled_backends() {
        let line = jwt(&[
            "verify",
            "--alg",
            "EdDSA",
            "--key",
            &key_file,
            "--backend",
            backend,
            &token,
        ])
        .fails(2, "invalid_key");
        assert!(line.contains("small order"), "{backend}: {line}");
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::decode_vec(text).unwrap()
}

fn base64_encode(bytes: &[u8]) -> String {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::encode_string(bytes)
}

#[test]
fn backends_lists_the_compiled_in_backends_default_first() {
    let listed = jwt(&["backends"]).ok();
    let names = backend_names(&listed);
    let expected: Vec<&str> = jwt_strict::BACKENDS
        .iter()
        .map(|backend| backend.name)
        .collect();
    assert_eq!(names, expected);
    assert_eq!(
        names.first().map(String::as_str),
        Some(jwt_strict::backend::NAME)
    );
    // Each line names the backend's algorithms: ML-DSA only where the backend has it.
    for (line, backend) in listed.lines().zip(jwt_strict::BACKENDS) {
        let algorithms: Vec<&str> = line.split(' ').skip(1).collect();
        let expected: Vec<&str> = backend.algorithms().iter().map(|alg| alg.name()).collect();
        assert_eq!(algorithms, expected, "{line}");
        assert!(algorithms.contains(&"ES256"), "{line}");
        assert_eq!(
            algorithms.contains(&"ML-DSA-65"),
            backend.name != "openssl",
            "{line}"
        );
    }
    // Every listed backend is one --backend accepts.
    let keys = Keys::new();
    let (private, certificate) = keys.generated("ES256");
    for name in &names {
        let token = jwt(&[
            "encode",
            "--alg",
            "ES256",
            "--key",
            &private,
            "--exp",
            "1h",
            "--backend",
            name,
        ])
        .ok();
        jwt(&[
            "verify",
            "--alg",
            "ES256",
            "--key",
            &certificate,
            "--backend",
            name,
            token.trim(),
        ])
        .ok();
    }
}

/// The issuer and verifier flow with a key set: keys of several types published with
/// `jwt jwk --set`, tokens signed with `--kid` (the thumbprint), verified with `--jwks`.
#[test]
fn key_sets_publish_select_and_refuse() {
    let keys = Keys::new();
    let mut files = Vec::new();
    for alg in ["RS256", "ES384", "EdDSA"] {
        files.push((alg, keys.generated(alg)));
    }
    let certificates: Vec<&str> = files.iter().map(|(_, (_, cert))| cert.as_str()).collect();
    let mut args = vec!["jwk", "--set"];
    args.extend(&certificates);
    let set = jwt(&args).ok();
    let jwks = keys.path("jwks.json");
    std::fs::write(&jwks, &set).unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&set).unwrap();
    assert_eq!(parsed["keys"].as_array().unwrap().len(), 3);
    for (alg, (private, certificate)) in &files {
        // The kid encode writes is the thumbprint jwk writes, from either key file.
        let thumbprint = jwt(&["jwk", "--thumbprint", certificate]).ok();
        assert_eq!(thumbprint, jwt(&["jwk", "--thumbprint", private]).ok());
        let token = jwt(&[
            "encode", "--alg", alg, "--key", private, "--kid", "--sub", "a", "--exp", "1h",
        ])
        .ok();
        let token = token.trim();
        let header = jwt(&["decode", token]).ok();
        assert!(header.contains(thumbprint.trim()), "{header}");
        for backend in &backend_names(&jwt(&["backends"]).ok()) {
            let claims = jwt(&[
                "verify",
                "--alg",
                alg,
                "--jwks",
                &jwks,
                "--backend",
                backend,
                token,
            ])
            .ok();
            assert!(claims.contains(r#""sub":"a""#), "{claims}");
        }
        // A kid the set does not have: rejected (exit 1), saying which.
        let other = jwt(&[
            "encode", "--alg", alg, "--key", private, "--kid", "unknown", "--exp", "1h",
        ])
        .ok();
        let line = jwt(&["verify", "--alg", alg, "--jwks", &jwks, other.trim()])
            .fails(1, "no_matching_key");
        assert!(line.contains("\"unknown\""), "{line}");
    }
    // A private JWK on request only, and never in a set for verification.
    let (_, (private, _)) = &files[1];
    let public = jwt(&["jwk", private]).ok();
    assert!(!public.contains(r#""d":"#), "{public}");
    let secret = jwt(&["jwk", "--private", private]).ok();
    assert!(secret.contains(r#""d":"#), "{secret}");
    let private_set = keys.path("private.json");
    std::fs::write(&private_set, format!(r#"{{"keys":[{}]}}"#, secret.trim())).unwrap();
    let token = jwt(&["encode", "--alg", "ES384", "--key", private, "--exp", "1h"]).ok();
    jwt(&[
        "verify",
        "--alg",
        "ES384",
        "--jwks",
        &private_set,
        token.trim(),
    ])
    .fails(2, "invalid_key");
    jwt(&[
        "verify",
        "--alg",
        "ES384",
        "--jwks",
        &keys.path("missing.json"),
        token.trim(),
    ])
    .fails(2, "io");
    jwt(&["jwk", "--kid", "x", private, private]).fails(2, "invalid_key");
    jwt(&["jwk", "--alg", "RS256", private]).fails(2, "invalid_key");
    // An HMAC secret's kid is its oct thumbprint.
    let token = jwt(&[
        "encode",
        "--alg",
        "HS256",
        "--secret-file",
        keys.secret().to_str().unwrap(),
        "--kid",
        "--exp",
        "1h",
    ])
    .ok();
    let header = jwt(&["decode", token.trim()]).ok();
    assert!(
        header.contains(&jwt_strict::keys::secret_thumbprint(SECRET)),
        "{header}"
    );
}
