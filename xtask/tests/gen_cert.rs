//! `cargo xtask gen-cert` end to end, in temporary folders.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn gen_cert(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["gen-cert", "--out", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    xtask(&args)
}

#[test]
fn writes_the_tutorials_two_files_with_a_private_mode() {
    let dir = tempfile::tempdir().unwrap();
    let output = gen_cert(
        dir.path(),
        &[
            "--alg",
            "ES256",
            "--subject",
            "CN=auth.example,O=Example",
            "--days",
            "30",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("EC P-256 private key for ES256"),
        "{stdout}"
    );
    assert!(stdout.contains("CN=auth.example,O=Example"), "{stdout}");
    assert!(stdout.contains("SHA-256 fingerprint "), "{stdout}");
    let key = std::fs::read_to_string(dir.path().join("private_key.pem")).unwrap();
    let cert = std::fs::read_to_string(dir.path().join("public_key.pem")).unwrap();
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"));
    assert!(cert.starts_with("-----BEGIN CERTIFICATE-----"));
    let parsed = jwt_strict::x509::Certificate::from_pem(&cert).unwrap();
    assert!(stdout.contains(&parsed.fingerprint_sha256()), "{stdout}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join("private_key.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn refuses_to_overwrite_without_force_and_replaces_with_it() {
    let dir = tempfile::tempdir().unwrap();
    assert!(gen_cert(dir.path(), &["--alg", "EdDSA"]).status.success());
    let key_before = std::fs::read(dir.path().join("private_key.pem")).unwrap();
    let cert_before = std::fs::read(dir.path().join("public_key.pem")).unwrap();

    let refused = gen_cert(dir.path(), &["--alg", "EdDSA"]);
    assert_eq!(refused.status.code(), Some(2));
    let message = stderr(&refused);
    assert!(
        message.starts_with("error: io: ") && message.contains("--force"),
        "{message}"
    );
    assert_eq!(message.lines().count(), 1, "{message}");
    assert_eq!(
        std::fs::read(dir.path().join("private_key.pem")).unwrap(),
        key_before
    );
    assert_eq!(
        std::fs::read(dir.path().join("public_key.pem")).unwrap(),
        cert_before
    );

    // Only the certificate present: still refused, and the key file is not created.
    std::fs::remove_file(dir.path().join("private_key.pem")).unwrap();
    assert_eq!(
        gen_cert(dir.path(), &["--alg", "EdDSA"]).status.code(),
        Some(2)
    );
    assert!(!dir.path().join("private_key.pem").exists());

    let forced = gen_cert(dir.path(), &["--alg", "EdDSA", "--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert_ne!(
        std::fs::read(dir.path().join("public_key.pem")).unwrap(),
        cert_before
    );
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    for (args, says) in [
        (vec!["--alg", "HS256"], "HS256"),
        (vec!["--alg", "RS256", "--bits", "1024"], "weak_key"),
        (
            vec!["--alg", "RS256", "--bits", "2500"],
            "2048, 3072 or 4096",
        ),
        (vec!["--alg", "ES256", "--bits", "2048"], "--bits applies"),
        (vec!["--days", "0"], "1 to 36500 days"),
        (vec!["--days", "soon"], "--days"),
        (
            vec!["--subject", "no equals sign"],
            "not a distinguished name",
        ),
        (vec!["--subject", ""], "not a distinguished name"),
        (vec!["--bogus"], "--bogus"),
    ] {
        let output = gen_cert(dir.path(), &args);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {message}");
        assert!(message.starts_with("error: "), "{args:?}: {message}");
        assert!(message.contains(says), "{args:?}: {message}");
        assert_eq!(message.trim_end().lines().count(), 1, "{args:?}: {message}");
    }
    let output = xtask(&["gen-cert", "--out", missing.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("does not exist; create it first (mkdir -p"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written on bad input"
    );
}

#[test]
fn unwritable_folder_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o500)).unwrap();
        // Root writes into a read-only folder anyway: find out which case this is.
        let probe = dir.path().join("probe");
        let writable = std::fs::write(&probe, b"").is_ok();
        let _ = std::fs::remove_file(&probe);
        let output = gen_cert(dir.path(), &["--alg", "ES256"]);
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        if writable {
            assert!(output.status.success(), "{}", stderr(&output));
            assert_eq!(left, ["private_key.pem", "public_key.pem"]);
        } else {
            assert_eq!(output.status.code(), Some(2));
            assert!(
                stderr(&output).starts_with("error: io: cannot write"),
                "{}",
                stderr(&output)
            );
            assert!(left.is_empty(), "{left:?}");
        }
    }
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    let output = gen_cert(&file, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with("error: io: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_failed_force_leaves_the_old_pair_and_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    assert!(gen_cert(dir.path(), &["--alg", "EdDSA"]).status.success());
    let key_before = std::fs::read(dir.path().join("private_key.pem")).unwrap();
    // The certificate's place is taken by a folder: the new pair cannot be put in place.
    std::fs::remove_file(dir.path().join("public_key.pem")).unwrap();
    std::fs::create_dir(dir.path().join("public_key.pem")).unwrap();
    std::fs::write(dir.path().join("public_key.pem").join("inside"), b"x").unwrap();
    let output = gen_cert(dir.path(), &["--alg", "EdDSA", "--force"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).starts_with("error: io: "),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(dir.path().join("private_key.pem")).unwrap(),
        key_before,
        "the old key must survive a failed --force"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "no temporary file left: {names:?}");

    // A successful --force leaves exactly the two files, the key matching the certificate.
    std::fs::remove_dir_all(dir.path().join("public_key.pem")).unwrap();
    let output = gen_cert(dir.path(), &["--alg", "EdDSA", "--force"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    let cert = std::fs::read_to_string(dir.path().join("public_key.pem")).unwrap();
    let key = std::fs::read(dir.path().join("private_key.pem")).unwrap();
    assert_ne!(key, key_before);
    let certificate = jwt_strict::x509::Certificate::from_pem(&cert).unwrap();
    let signer =
        jwt_strict::backend::SigningKey::from_pem_or_der(&key, jwt_strict::Algorithm::EdDsa)
            .unwrap();
    certificate
        .check_key(&signer.verifying_key().public_material().unwrap())
        .unwrap();
}

#[test]
fn help_shows_an_example() {
    let output = xtask(&["gen-cert", "--help"]);
    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(
        help.contains("Example:") && help.contains("--alg"),
        "{help}"
    );
}
