//! Project Wycheproof on a backend's verifiers: the signature primitive files, and the
//! JWS file through the token path with keys read from its JWKs.

use std::sync::atomic::{AtomicBool, Ordering};

use jwt_core::{
    Algorithm, AlgorithmFamily, ErrorKind, InvalidSignature, JwsVerifier, Validation, jws,
};
use serde_json::Value;

use jwt_keys::{Backend, VerifyingKey};

use crate::{Tally, hex, load, str_field};

/// How a file's `acceptable` cases are judged. Every one of them is RSA PKCS#1 v1.5's
/// `MissingNull` (a DigestInfo without the NULL parameter): we require it refused, the
/// strict reading of RFC 8017 9.2 that compares the whole encoded message.
const ACCEPTABLE_MUST_BE_REFUSED: bool = true;

enum Expected {
    Valid,
    Invalid,
}

fn expected(test: &Value, params_fit_jws: bool) -> Expected {
    match str_field(test, "result") {
        "valid" if params_fit_jws => Expected::Valid,
        "valid" | "invalid" => Expected::Invalid,
        "acceptable" if ACCEPTABLE_MUST_BE_REFUSED => Expected::Invalid,
        other => panic!("tcId {}: unexpected result {other}", test["tcId"]),
    }
}

/// What one vector case gave on one backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseOutcome {
    /// The file and test case, e.g. `ed25519_test.json tcId 7`.
    pub case: String,
    /// Whether the case must verify (under this library's stated policies).
    pub expected_valid: bool,
    /// Accepted, or the kind of error it was refused with.
    pub outcome: Result<(), ErrorKind>,
    /// Whether the backend's verifier ran on the case. A refusal that came before it (a
    /// key refused at load, an algorithm the key does not serve, a format rule) made no
    /// signature check, and is counted apart.
    pub verifier_ran: bool,
}

/// Runs one signature file and returns every case's outcome: each group's key from its
/// `publicKeyPem` (read by jwt-x509, so key import is tested too), each case through
/// the backend's verifier. `params_fit_jws` says whether a group's parameters are the
/// algorithm's own (PSS salt and MGF hash); cases of other groups must be refused.
pub fn signature_file_outcomes<B: Backend>(
    file: &str,
    alg: Algorithm,
    params_fit_jws: &dyn Fn(&Value) -> bool,
) -> Vec<CaseOutcome> {
    let data = load(&format!("wycheproof/testvectors_v1/{file}"));
    let mut outcomes = Vec::new();
    for group in data["testGroups"].as_array().unwrap() {
        let fits = params_fit_jws(group);
        let key = VerifyingKey::<B>::from_pem(str_field(group, "publicKeyPem"), alg);
        for test in group["tests"].as_array().unwrap() {
            let (outcome, verifier_ran) = match &key {
                Ok(key) => (
                    key.verify(&hex(str_field(test, "msg")), &hex(str_field(test, "sig")))
                        .map_err(|_| ErrorKind::InvalidSignature),
                    true,
                ),
                Err(err) => (Err(err.kind()), false),
            };
            outcomes.push(CaseOutcome {
                case: format!(
                    "{file} as {alg} tcId {} ({})",
                    test["tcId"], test["comment"]
                ),
                expected_valid: matches!(expected(test, fits), Expected::Valid),
                outcome,
                verifier_ran,
            });
        }
    }
    outcomes
}

/// Tallies outcomes against their expected results. A valid case passes when it
/// verifies; an invalid one when the verifier ran and refused it. An invalid case
/// refused before the verifier ran (its group's key refused at load) is counted apart,
/// and must be expected.
fn tally(name: String, outcomes: &[CaseOutcome]) -> Tally {
    let mut tally = Tally::new(&name);
    for case in outcomes {
        match (case.expected_valid, &case.outcome, case.verifier_ran) {
            (true, Ok(()), _) | (false, Err(ErrorKind::InvalidSignature), true) => tally.pass(),
            (false, Err(kind), false) => {
                tally.refuse_early(&format!("{kind}: the group's key was refused at load"));
            }
            _ => tally.fail(format!(
                "{}: expected {}, got {:?} (verifier ran: {})",
                case.case,
                if case.expected_valid {
                    "valid"
                } else {
                    "invalid"
                },
                case.outcome,
                case.verifier_ran
            )),
        }
    }
    tally
}

/// A Wycheproof signature file, the algorithm its cases are verified as, and how many
/// cases it has.
pub type SignatureFile = (&'static str, Algorithm, usize);

/// Every signature file the suite runs. `rsa_pss_misc_test.json` appears three times:
/// its 150 signatures, each valid under its own group's hash, MGF hash and salt length,
/// are verified as PS256, PS384 and PS512 with the JWS parameters, and only the groups
/// with exactly those parameters may verify (a verifier that guessed the salt length
/// would accept the rest).
pub const SIGNATURE_FILES: [SignatureFile; 22] = [
    ("rsa_signature_2048_sha256_test.json", Algorithm::Rs256, 259),
    ("rsa_signature_2048_sha384_test.json", Algorithm::Rs384, 258),
    ("rsa_signature_2048_sha512_test.json", Algorithm::Rs512, 259),
    ("rsa_signature_3072_sha256_test.json", Algorithm::Rs256, 259),
    ("rsa_signature_3072_sha384_test.json", Algorithm::Rs384, 259),
    ("rsa_signature_3072_sha512_test.json", Algorithm::Rs512, 260),
    ("rsa_signature_4096_sha256_test.json", Algorithm::Rs256, 258),
    ("rsa_signature_4096_sha384_test.json", Algorithm::Rs384, 259),
    ("rsa_signature_4096_sha512_test.json", Algorithm::Rs512, 259),
    (
        "rsa_pss_2048_sha256_mgf1_32_test.json",
        Algorithm::Ps256,
        108,
    ),
    (
        "rsa_pss_3072_sha256_mgf1_32_test.json",
        Algorithm::Ps256,
        108,
    ),
    (
        "rsa_pss_4096_sha256_mgf1_32_test.json",
        Algorithm::Ps256,
        108,
    ),
    (
        "rsa_pss_2048_sha384_mgf1_48_test.json",
        Algorithm::Ps384,
        141,
    ),
    (
        "rsa_pss_4096_sha384_mgf1_48_test.json",
        Algorithm::Ps384,
        141,
    ),
    (
        "rsa_pss_4096_sha512_mgf1_64_test.json",
        Algorithm::Ps512,
        179,
    ),
    ("rsa_pss_misc_test.json", Algorithm::Ps256, 150),
    ("rsa_pss_misc_test.json", Algorithm::Ps384, 150),
    ("rsa_pss_misc_test.json", Algorithm::Ps512, 150),
    (
        "ecdsa_secp256r1_sha256_p1363_test.json",
        Algorithm::Es256,
        262,
    ),
    (
        "ecdsa_secp384r1_sha384_p1363_test.json",
        Algorithm::Es384,
        280,
    ),
    (
        "ecdsa_secp521r1_sha512_p1363_test.json",
        Algorithm::Es512,
        318,
    ),
    ("ed25519_test.json", Algorithm::EdDsa, 151),
];

/// The outcomes of one entry of [`SIGNATURE_FILES`], its parameters checked.
pub fn signature_file<B: Backend>((file, alg, _): SignatureFile) -> Vec<CaseOutcome> {
    let fits = |group: &Value| match alg.family() {
        AlgorithmFamily::RsaPss if file.starts_with("rsa_pss_misc") => pss_params_fit(group, alg),
        AlgorithmFamily::RsaPss => {
            assert!(pss_params_fit(group, alg), "{file}: not the JWS parameters");
            true
        }
        AlgorithmFamily::EdDsa => true,
        _ => {
            assert_eq!(group["sha"], hash_name(alg), "{file}");
            true
        }
    };
    signature_file_outcomes::<B>(file, alg, &fits)
}

fn run_files<B: Backend>(which: impl Fn(&SignatureFile) -> bool) {
    let selected: Vec<&SignatureFile> = SIGNATURE_FILES
        .iter()
        .filter(|entry| which(entry))
        .collect();
    assert!(!selected.is_empty(), "the file filter selected no file");
    for entry in selected {
        let (file, alg, cases) = *entry;
        let outcomes = signature_file::<B>(*entry);
        assert_eq!(outcomes.len(), cases, "{file}: case count");
        let mut tally = tally(format!("{} {file} as {alg}", B::NAME), &outcomes);
        let early = early_refusals(file);
        tally.expect_early(early);
        tally.finish(cases - early, 0);
    }
}

/// Invalid cases of a signature file refused before the verifier runs: none. (Every
/// group's key loads, so every case reaches the backend's verifier.)
fn early_refusals(_file: &str) -> usize {
    0
}

fn hash_name(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::Rs256 | Algorithm::Ps256 | Algorithm::Es256 => "SHA-256",
        Algorithm::Rs384 | Algorithm::Ps384 | Algorithm::Es384 => "SHA-384",
        _ => "SHA-512",
    }
}

/// Whether a PSS group uses the JWS parameters of `alg` (RFC 7518 3.5): MGF1 with the
/// same hash, and a salt as long as the hash.
fn pss_params_fit(group: &Value, alg: Algorithm) -> bool {
    let salt = match alg {
        Algorithm::Ps256 => 32,
        Algorithm::Ps384 => 48,
        _ => 64,
    };
    group["sha"] == hash_name(alg)
        && group["mgf"] == "MGF1"
        && group["mgfSha"] == hash_name(alg)
        && group["sLen"] == salt
}

/// The RSASSA-PKCS1-v1_5 files: RS256/384/512 on 2048, 3072 and 4096-bit keys.
pub fn rsa_pkcs1_files<B: Backend>() {
    run_files::<B>(|(file, _, _)| file.starts_with("rsa_signature_"));
}

/// The RSASSA-PSS files whose parameters are the JWS ones (salt = hash length).
pub fn rsa_pss_files<B: Backend>() {
    run_files::<B>(|(file, _, _)| {
        file.starts_with("rsa_pss_") && !file.starts_with("rsa_pss_misc")
    });
}

/// `rsa_pss_misc_test.json` as PS256, PS384 and PS512 (see [`SIGNATURE_FILES`]).
pub fn rsa_pss_misc_file<B: Backend>() {
    run_files::<B>(|(file, _, _)| file.starts_with("rsa_pss_misc"));
}

/// The ECDSA files in the P1363 (fixed-width r‖s) encoding JWS uses.
pub fn ecdsa_files<B: Backend>() {
    run_files::<B>(|(file, _, _)| file.starts_with("ecdsa_"));
}

/// `ed25519_test.json`.
pub fn ed25519_file<B: Backend>() {
    run_files::<B>(|(file, _, _)| file.starts_with("ed25519"));
}

/// Cases of the JWS file whose expected result follows a policy we do not share:
/// tcIds 346 and 350 (RFC 7520 figure 20) are PS384 tokens checked with a JWK whose
/// `alg` is PS256, and 347 and 351 (figure 27) ES512 tokens with a JWK `alg` of
/// "ES521", which is not a registered name. We bind a key to its JWK's `alg` and refuse
/// all four.
const JWK_ALG_MISMATCH: [u64; 4] = [346, 347, 350, 351];

/// `json_web_signature_test.json`, every asymmetric group: the verifier is read from the
/// group's JWK (public when there is one), bound to the JWK's `alg` (or, when it has
/// none, the token's), and the token goes through `jws::verify`, the token path of
/// `decode` up to the claims (most payloads here are not JSON claims). Returns the
/// outcomes and the number of HMAC cases left to jwt-hs.
pub fn json_web_signature_outcomes<B: Backend>() -> (Vec<CaseOutcome>, usize) {
    let file = "json_web_signature_test.json";
    let data = load(&format!("wycheproof/testvectors_v1/{file}"));
    let mut outcomes = Vec::new();
    let mut hmac_cases = 0;
    for group in data["testGroups"].as_array().unwrap() {
        let tests = group["tests"].as_array().unwrap();
        if group["private"]["kty"] == "oct" {
            hmac_cases += tests.len();
            continue;
        }
        let jwk = if group["public"].is_object() {
            &group["public"]
        } else {
            &group["private"]
        };
        // The key is bound to what the application would configure for it: the JWK's
        // own alg, else the one its curve implies, else RS256 for an RSA key. Never to
        // the token's alg, which would let a case "pass" without a signature check.
        let alg = jwk["alg"]
            .as_str()
            .and_then(|name| name.parse::<Algorithm>().ok())
            .or_else(|| jwk_default_alg(jwk));
        for test in tests {
            let token = str_field(test, "jws");
            let ran = AtomicBool::new(false);
            let outcome = match alg {
                Some(alg) => VerifyingKey::<B>::from_jwk(&jwk.to_string(), alg)
                    .and_then(|key| {
                        let spy = Spy {
                            inner: &key,
                            ran: &ran,
                        };
                        jws::verify(token, &spy, &Validation::new()).map(drop)
                    })
                    .map_err(|err| err.kind()),
                None => Err(ErrorKind::InvalidKey),
            };
            outcomes.push(CaseOutcome {
                case: format!("{file} tcId {} ({})", test["tcId"], test["comment"]),
                expected_valid: str_field(test, "result") == "valid",
                outcome,
                verifier_ran: ran.load(Ordering::Relaxed),
            });
        }
    }
    (outcomes, hmac_cases)
}

/// The JWS file's asymmetric cases, each with its expected result; the four of
/// `JWK_ALG_MISMATCH` (tcIds 346, 347, 350, 351) are refused by our key binding.
pub fn json_web_signature_file<B: Backend>() {
    let (outcomes, hmac_cases) = json_web_signature_outcomes::<B>();
    let mut tally = Tally::new(&format!(
        "{} json_web_signature_test.json (asymmetric groups)",
        B::NAME
    ));
    tally.skip("cases of HMAC groups (jwt-hs runs them)", hmac_cases);
    for case in &outcomes {
        let id: u64 = case
            .case
            .split("tcId ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap();
        let verified = case.outcome.is_ok();
        if (case.expected_valid && verified)
            || (!case.expected_valid && case.verifier_ran && !verified)
        {
            tally.pass();
        } else if !case.expected_valid
            && matches!(
                case.outcome,
                Err(ErrorKind::MalformedToken | ErrorKind::InvalidSignature)
            )
        {
            // Refused by core's format rules (encoding, segment count, signature length)
            // before the verifier: the spelling, not the signature, is wrong.
            tally.refuse_by_format();
        } else if !case.expected_valid && case.outcome.is_err() {
            let reason = match case.outcome {
                Err(ErrorKind::InvalidKey) => {
                    "invalid_key: the JWK's use or key_ops forbid verification (353-356)"
                }
                Err(ErrorKind::InvalidAlgorithm) => {
                    "invalid_algorithm: the token's alg is not the key's (alg confusion, none)"
                }
                _ => "another kind",
            };
            println!(
                "refused before the verifier: {}: {:?}",
                case.case, case.outcome
            );
            tally.refuse_early(reason);
        } else if JWK_ALG_MISMATCH.contains(&id) && case.expected_valid {
            // 346/350 bind the key to PS256 and meet a PS384 token; 347/351 bind it to
            // the token's ES512 and meet the JWK's "ES521".
            let expected_kind = if matches!(id, 346 | 350) {
                ErrorKind::InvalidAlgorithm
            } else {
                ErrorKind::InvalidKey
            };
            assert_eq!(case.outcome, Err(expected_kind), "{}", case.case);
            tally.diverge("valid tokens whose JWK alg differs from the token's (346/347/350/351)");
        } else {
            tally.fail(format!(
                "{}: expected {}, got {:?}",
                case.case, case.expected_valid, case.outcome
            ));
        }
    }
    tally.expect_early(JWS_EARLY_REFUSALS);
    tally.finish(357 - JWS_EARLY_REFUSALS, 4);
}

/// Invalid cases of the JWS file refused before the verifier ran: the four whose JWK
/// forbids verification (`use: enc`, `key_ops` without `verify`), and those whose
/// token names an algorithm other than the key's (HS256 tokens checked with an RSA or
/// EC key, `none`, and the like), which key/alg binding refuses without any
/// cryptography. Counted by [`json_web_signature_file`], listed in its report.
const JWS_EARLY_REFUSALS: usize = 14;

/// A verifier that records whether its `verify` ran.
struct Spy<'a, V: ?Sized> {
    inner: &'a V,
    ran: &'a AtomicBool,
}

impl<V: JwsVerifier + ?Sized> std::fmt::Debug for Spy<'_, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl<V: JwsVerifier + ?Sized> JwsVerifier for Spy<'_, V> {
    fn algorithm(&self) -> Algorithm {
        self.inner.algorithm()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        self.ran.store(true, Ordering::Relaxed);
        self.inner.verify(signing_input, signature)
    }
}

/// The algorithm a JWK without `alg` is configured for: the one its curve implies, or
/// RS256 for RSA (the tutorial's, and what an application would pick).
fn jwk_default_alg(jwk: &Value) -> Option<Algorithm> {
    match (jwk["kty"].as_str()?, jwk["crv"].as_str()) {
        ("RSA", _) => Some(Algorithm::Rs256),
        ("EC", Some("P-256")) => Some(Algorithm::Es256),
        ("EC", Some("P-384")) => Some(Algorithm::Es384),
        ("EC", Some("P-521")) => Some(Algorithm::Es512),
        ("OKP", Some("Ed25519")) => Some(Algorithm::EdDsa),
        _ => None,
    }
}
