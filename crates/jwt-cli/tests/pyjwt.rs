//! Interoperability with an independent implementation: PyJWT, the library the tutorial
//! uses. Tokens made by `jwt encode` verify in PyJWT, and tokens made by PyJWT verify
//! with `jwt verify`, for HS256, RS256, PS256, ES256 and EdDSA, with keys and the
//! certificate from `jwt gen-cert`; and key sets both ways: PyJWT's tokens with a `kid`
//! verify against the JWK Set PyJWT writes (RSA, EC P-256/P-384/P-521 and Ed25519 keys in
//! one set) on every backend, and the set `jwt jwk --set` writes loads in PyJWT's
//! `PyJWKSet` and verifies our tokens.
//!
//! Thumbprints are compared with `jwcrypto`'s for keys of every type.
//!
//! The test makes a Python virtual environment in Cargo's target folder and installs
//! `pyjwt`, `cryptography` and `jwcrypto` from the package index. Where that cannot be done it says
//! so and skips, except under `CI=true`, where it fails.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pyjwt_interop.py");

/// The virtual environment's python, with pyjwt, cryptography and jwcrypto installed.
/// The tests of this file run in parallel: the first one in makes the environment while
/// the others wait for it.
fn python() -> PathBuf {
    static SETUP: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = SETUP
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pyjwt-venv");
    let python = venv.join("bin").join("python");
    let ready = |python: &Path| {
        Command::new(python)
            .args(["-c", "import jwt, cryptography, jwcrypto"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if ready(&python) {
        return python;
    }
    let pip = venv.join("bin").join("pip");
    let steps: [(&str, Vec<&str>); 2] = [
        (
            "python3",
            vec!["-m", "venv", "--clear", venv.to_str().unwrap()],
        ),
        (
            pip.to_str().unwrap(),
            vec!["install", "--quiet", "pyjwt", "cryptography", "jwcrypto"],
        ),
    ];
    for (program, args) in &steps {
        let outcome = Command::new(program).args(args).output();
        let failed = match &outcome {
            Ok(output) if output.status.success() => None,
            Ok(output) => Some(String::from_utf8_lossy(&output.stderr).into_owned()),
            Err(err) => Some(err.to_string()),
        };
        if let Some(why) = failed {
            // A test that cannot run fails: it is never passed by skipping.
            panic!("cannot set up PyJWT ({program} {}): {why}", args.join(" "));
        }
    }
    assert!(ready(&python), "pyjwt installed but not importable");
    python
}

fn jwt(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jwt"))
        .args(args)
        .output()
        .expect("jwt runs")
}

fn py(python: &Path, args: &[&str]) -> String {
    let output = Command::new(python)
        .arg(SCRIPT)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "pyjwt {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap().trim().to_owned()
}

/// The key files for `alg`: (signing key, verifying key) paths.
fn keys(dir: &Path, alg: &str) -> (PathBuf, PathBuf) {
    if alg == "HS256" {
        let secret = dir.join("secret.bin");
        std::fs::write(&secret, b"interop secret: 32 bytes or more!!").unwrap();
        return (secret.clone(), secret);
    }
    let out = dir.join(alg);
    std::fs::create_dir_all(&out).unwrap();
    let made = jwt(&["gen-cert", "--alg", alg, "--out", out.to_str().unwrap()]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    (out.join("private_key.pem"), out.join("public_key.pem"))
}

fn key_option(alg: &str) -> &'static str {
    if alg == "HS256" {
        "--secret-file"
    } else {
        "--key"
    }
}

#[test]
fn tokens_cross_between_jwt_and_pyjwt() {
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    for alg in ["HS256", "RS256", "PS256", "ES256", "EdDSA"] {
        let (signing, verifying) = keys(dir.path(), alg);
        let (signing, verifying) = (signing.to_str().unwrap(), verifying.to_str().unwrap());

        // jwt encode -> PyJWT verifies with the certificate (or the secret).
        let made = jwt(&[
            "encode",
            "--alg",
            alg,
            key_option(alg),
            signing,
            "--iss",
            "https://auth.example",
            "--sub",
            "alice",
            "--aud",
            "api://orders",
            "--exp",
            "15m",
            "--jti",
            "--claim",
            "scope=\"orders:read\"",
        ]);
        assert!(
            made.status.success(),
            "{alg}: {}",
            String::from_utf8_lossy(&made.stderr)
        );
        let token = String::from_utf8(made.stdout).unwrap();
        let claims: Value =
            serde_json::from_str(&py(&python, &["verify", alg, verifying, token.trim()])).unwrap();
        assert_eq!(claims["sub"], "alice", "{alg}");
        assert_eq!(claims["scope"], "orders:read", "{alg}");
        assert_eq!(claims["jti"].as_str().map(str::len), Some(32), "{alg}");

        // PyJWT encodes with the private key -> jwt verify with the certificate.
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let py_claims = json!({
            "iss": "https://auth.example", "sub": "bob", "aud": "api://orders",
            "exp": now + 600, "iat": now, "role": "reader",
        });
        let py_token = py(&python, &["encode", alg, signing, &py_claims.to_string()]);
        let checked = jwt(&[
            "verify",
            "--alg",
            alg,
            key_option(alg),
            verifying,
            "--iss",
            "https://auth.example",
            "--aud",
            "api://orders",
            &py_token,
        ]);
        assert!(
            checked.status.success(),
            "{alg}: {}",
            String::from_utf8_lossy(&checked.stderr)
        );
        let verified: Value = serde_json::from_slice(&checked.stdout).unwrap();
        assert_eq!(verified, py_claims, "{alg}");

        // And a PyJWT token with a flipped signature bit is refused.
        let (signed, signature) = py_token.rsplit_once('.').unwrap();
        let flipped = format!(
            "{signed}.{}{}",
            if signature.starts_with('A') { 'B' } else { 'A' },
            &signature[1..]
        );
        let refused = jwt(&[
            "verify",
            "--alg",
            alg,
            key_option(alg),
            verifying,
            "--aud",
            "api://orders",
            &flipped,
        ]);
        assert_eq!(refused.status.code(), Some(1), "{alg}");
    }
}

#[test]
fn key_sets_cross_between_jwt_and_pyjwt() {
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = json!({"sub": "carol", "exp": now + 600});

    // PyJWT's set and tokens -> jwt verify --jwks, on every backend.
    let made: Value = serde_json::from_str(&py(
        &python,
        &[
            "jwks-make",
            dir.path().to_str().unwrap(),
            &claims.to_string(),
        ],
    ))
    .unwrap();
    let py_jwks = dir.path().join("jwks.json");
    let backends = String::from_utf8(jwt(&["backends"]).stdout).unwrap();
    let mut verified = 0;
    for made in made.as_array().unwrap() {
        let (alg, token) = (
            made["alg"].as_str().unwrap(),
            made["token"].as_str().unwrap(),
        );
        for backend in backends.lines().filter_map(|line| line.split(' ').next()) {
            let checked = jwt(&[
                "verify",
                "--alg",
                alg,
                "--jwks",
                py_jwks.to_str().unwrap(),
                "--backend",
                backend,
                token,
            ]);
            assert!(
                checked.status.success(),
                "{alg} on {backend}: {}",
                String::from_utf8_lossy(&checked.stderr)
            );
            assert_eq!(
                serde_json::from_slice::<Value>(&checked.stdout).unwrap(),
                claims
            );
            verified += 1;
        }
    }
    assert_eq!(verified, 5 * backends.lines().count());

    // Our set (jwt jwk --set, kid = thumbprint) and tokens (encode --kid) -> PyJWKSet.
    let mut certificates = Vec::new();
    let mut tokens = Vec::new();
    for alg in ["RS256", "ES256", "ES384", "ES512", "EdDSA"] {
        let (private, certificate) = keys(dir.path(), alg);
        let made = jwt(&[
            "encode",
            "--alg",
            alg,
            "--key",
            private.to_str().unwrap(),
            "--kid",
            "--sub",
            "dave",
            "--exp",
            "10m",
        ]);
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
        tokens.push((
            alg,
            String::from_utf8(made.stdout).unwrap().trim().to_owned(),
        ));
        certificates.push(certificate);
    }
    let mut args = vec!["jwk", "--set"];
    args.extend(certificates.iter().map(|path| path.to_str().unwrap()));
    let set = jwt(&args);
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    let our_jwks = dir.path().join("ours.json");
    std::fs::write(&our_jwks, &set.stdout).unwrap();
    for (alg, token) in &tokens {
        let claims: Value = serde_json::from_str(&py(
            &python,
            &["jwks-verify", our_jwks.to_str().unwrap(), alg, token],
        ))
        .unwrap();
        assert_eq!(claims["sub"], "dave", "{alg}");
    }
}

/// RFC 7638 thumbprints of generated keys of every type agree with jwcrypto's: the kid
/// `jwt jwk` writes, from the private key file and the certificate alike, and the kid
/// `encode --kid` writes for an HMAC secret.
#[test]
fn thumbprints_agree_with_jwcrypto() {
    let python = python();
    let dir = tempfile::tempdir().unwrap();
    for alg in ["RS256", "ES256", "ES384", "ES512", "EdDSA"] {
        let (private, certificate) = keys(dir.path(), alg);
        let jwk = jwt(&["jwk", certificate.to_str().unwrap()]);
        assert!(
            jwk.status.success(),
            "{}",
            String::from_utf8_lossy(&jwk.stderr)
        );
        let jwk: Value = serde_json::from_slice(&jwk.stdout).unwrap();
        let theirs = py(&python, &["thumbprint", &jwk.to_string()]);
        assert_eq!(jwk["kid"], theirs.as_str(), "{alg}");
        let ours = jwt(&["jwk", "--thumbprint", private.to_str().unwrap()]);
        assert_eq!(
            String::from_utf8(ours.stdout).unwrap().trim(),
            theirs,
            "{alg}"
        );
    }
    let (secret, _) = keys(dir.path(), "HS256");
    let token = jwt(&[
        "encode",
        "--alg",
        "HS256",
        "--secret-file",
        secret.to_str().unwrap(),
        "--kid",
        "--exp",
        "1m",
    ]);
    let token = String::from_utf8(token.stdout).unwrap();
    let header: Value =
        serde_json::from_slice(&base64ct_decode(token.split('.').next().unwrap())).unwrap();
    let oct = json!({"kty": "oct", "k": base64ct_encode(&std::fs::read(&secret).unwrap())});
    assert_eq!(
        header["kid"],
        py(&python, &["thumbprint", &oct.to_string()]).as_str()
    );
}

fn base64ct_decode(text: &str) -> Vec<u8> {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::decode_vec(text).unwrap()
}

fn base64ct_encode(bytes: &[u8]) -> String {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::encode_string(bytes)
}
