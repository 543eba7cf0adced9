//! The conformance suite's shared parts: where the external test vectors live, how to
//! load them, and a tally that refuses to pass when a loader ran nothing.
//!
//! The vectors (RFC 7515/7519/7520/7638/8037 examples, Project Wycheproof) live in this
//! crate's `vectors/` folder, with their licenses and origins (`vectors/README.md`), or
//! in `$JWT_VECTORS_DIR`. A vector file that cannot be read fails its test: no vector
//! test skips.

#![warn(missing_docs)]
// This crate is test code: a failed expectation must stop the test with a message.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod backend;
pub mod backends;
pub mod fuzz_targets;
pub mod json_equivalence;
pub mod mutations;
pub mod suite;

use std::path::PathBuf;

use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::Value;

/// The environment variable that overrides where the vectors are.
pub const VECTORS_DIR_VAR: &str = "JWT_VECTORS_DIR";

/// The vectors folder: `$JWT_VECTORS_DIR`, else this crate's `vectors/`.
pub fn vectors_dir() -> PathBuf {
    match std::env::var_os(VECTORS_DIR_VAR) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("vectors"),
    }
}

/// Loads the vector file at `relative` (e.g. `"rfc/rfc7515_rfc7519_examples.json"`).
///
/// Panics, failing the test, when the file cannot be read or is not JSON.
pub fn load(relative: &str) -> Value {
    let path = vectors_dir().join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|err| {
        panic!(
            "cannot read vector file {} (set {VECTORS_DIR_VAR} to another folder): {err}",
            path.display()
        )
    });
    serde_json::from_str(&text)
        .unwrap_or_else(|err| panic!("vector file {} is not JSON: {err}", path.display()))
}

/// Decodes a hex string from a Wycheproof file.
pub fn hex(s: &str) -> Vec<u8> {
    ::hex::decode(s).unwrap_or_else(|err| panic!("bad hex {s:?}: {err}"))
}

/// Decodes an unpadded base64url string from a JWK or a token.
pub fn b64url(s: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(s).unwrap_or_else(|err| panic!("bad base64url {s:?}: {err}"))
}

/// Encodes bytes as unpadded base64url.
pub fn b64url_encode(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

/// A JWK's public half, as JSON text: the private members removed.
pub fn public_jwk(jwk: &Value) -> String {
    let mut public = jwk.clone();
    if let Some(members) = public.as_object_mut() {
        for private in ["d", "p", "q", "dp", "dq", "qi", "oth", "priv"] {
            members.remove(private);
        }
    }
    public.to_string()
}

/// The bytes of a test key in `crates/jwt-test/fixtures/`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    std::fs::read(&path)
        .unwrap_or_else(|err| panic!("cannot read fixture {}: {err}", path.display()))
}

/// The string at `key` in a JSON object.
pub fn str_field<'v>(value: &'v Value, key: &str) -> &'v str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("field {key:?} is not a string in {value}"))
}

/// Counts what a vector file's cases did, and checks the counts against what the file
/// must yield, so a loader that silently reads nothing cannot pass.
#[derive(Debug, Default)]
pub struct Tally {
    /// The file's name, for the report.
    pub file: String,
    /// Cases whose outcome matched the expected result.
    pub passed: usize,
    /// Cases that did not apply, by reason.
    pub skipped: Vec<(String, usize)>,
    /// Cases where this library deliberately answers otherwise than the file, by the
    /// policy that makes it do so.
    pub divergent: Vec<(String, usize)>,
    /// Cases whose outcome did not match, with a description of each.
    pub failures: Vec<String>,
    /// Invalid cases refused before the verifier ran (a key refused at load, an
    /// algorithm the key does not serve), by reason: not passes, since no signature
    /// check was made. Each must be expected ([`Tally::expect_early`]).
    pub early: Vec<(String, usize)>,
    /// Invalid cases that core's format rules refused before the verifier ran (a
    /// signature of the wrong length, a non-canonical encoding): passes, counted apart.
    pub format: usize,
    /// How many early refusals the file is known to have.
    pub expected_early: usize,
}

impl Tally {
    /// A tally for the vector file `file`.
    pub fn new(file: &str) -> Tally {
        Tally {
            file: file.to_owned(),
            ..Tally::default()
        }
    }

    /// Records a case that matched.
    pub fn pass(&mut self) {
        self.passed += 1;
    }

    /// Records a case that did not match.
    pub fn fail(&mut self, what: String) {
        self.failures.push(what);
    }

    /// Records an invalid case refused before the verifier ran, for `reason`.
    pub fn refuse_early(&mut self, reason: &str) {
        add(&mut self.early, reason, 1);
    }

    /// Records an invalid case refused by core's format rules before the verifier: a
    /// pass, counted apart.
    pub fn refuse_by_format(&mut self) {
        self.passed += 1;
        self.format += 1;
    }

    /// Declares how many invalid cases of the file are refused before the verifier
    /// runs; [`Tally::finish`] fails on any other number (none, by default).
    pub fn expect_early(&mut self, count: usize) {
        self.expected_early = count;
    }

    /// The number of cases refused before the verifier ran.
    pub fn early_total(&self) -> usize {
        self.early.iter().map(|(_, n)| n).sum()
    }

    /// Records `count` cases skipped for `reason`.
    pub fn skip(&mut self, reason: &str, count: usize) {
        add(&mut self.skipped, reason, count);
    }

    /// Records a case answered otherwise than the file says, because of `policy`.
    pub fn diverge(&mut self, policy: &str) {
        add(&mut self.divergent, policy, 1);
    }

    /// The number of skipped cases.
    pub fn skipped_total(&self) -> usize {
        self.skipped.iter().map(|(_, n)| n).sum()
    }

    /// The number of divergent cases.
    pub fn divergent_total(&self) -> usize {
        self.divergent.iter().map(|(_, n)| n).sum()
    }

    /// Prints the counts, then fails on any mismatch, or when the numbers of cases that
    /// passed and that diverged by policy are not the expected ones.
    pub fn finish(self, expected_passed: usize, expected_divergent: usize) {
        let list = |items: &[(String, usize)]| {
            let shown: Vec<String> = items.iter().map(|(why, n)| format!("{n} {why}")).collect();
            shown.join("; ")
        };
        println!(
            "{}: {} passed ({} of them refused by core's format rules before the verifier), \
             {} failed, {} refused before the verifier ({}), {} divergent by policy ({}), \
             {} skipped ({})",
            self.file,
            self.passed,
            self.format,
            self.failures.len(),
            self.early_total(),
            list(&self.early),
            self.divergent_total(),
            list(&self.divergent),
            self.skipped_total(),
            list(&self.skipped)
        );
        assert!(
            self.failures.is_empty(),
            "{}: {} cases did not give the expected result:\n{}",
            self.file,
            self.failures.len(),
            self.failures.join("\n")
        );
        assert_eq!(
            self.passed, expected_passed,
            "{}: expected {expected_passed} cases to run and pass",
            self.file
        );
        assert_eq!(
            self.divergent_total(),
            expected_divergent,
            "{}: expected {expected_divergent} cases to diverge by policy",
            self.file
        );
        assert_eq!(
            self.early_total(),
            self.expected_early,
            "{}: cases refused before the verifier ran: {}",
            self.file,
            list(&self.early)
        );
    }
}

fn add(counts: &mut Vec<(String, usize)>, reason: &str, count: usize) {
    match counts.iter_mut().find(|(r, _)| r == reason) {
        Some((_, n)) => *n += count,
        None => counts.push((reason.to_owned(), count)),
    }
}
