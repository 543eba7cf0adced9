//! `jwt verify`: check a token's signature, algorithm and claims.

use std::time::Duration;

use clap::Args;
use std::path::Path;

use jwt_strict::keys::KeySet;
use jwt_strict::{
    Algorithm, BackendEntry, ErrorKind, KeySource, NumericDate, Validation, danger, decode_at,
};
use serde_json::{Map, Value};

use crate::failure::Failure;
use crate::keys::KeyArgs;
use crate::{input, time};

/// The options of `jwt verify`.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The accepted algorithms; repeat, or give a comma list. The token's must be one of
    /// them and fit the key.
    #[arg(long, required = true, value_delimiter = ',', value_parser = crate::cli::parse_algorithm)]
    alg: Vec<Algorithm>,
    #[command(flatten)]
    key: KeyArgs,
    /// A JWK Set of trusted keys, instead of --key or a secret: a file, or an https:// URL
    /// (http:// only for loopback hosts) fetched with a 5 s timeout. The token's kid and
    /// alg pick the key (no key fits: no_matching_key, exit 1; the URL cannot be fetched:
    /// key_source, exit 2).
    #[arg(long, value_name = "FILE|URL", conflicts_with_all = ["key", "secret_file"])]
    jwks: Option<String>,
    /// The issuer whose keys verify, found through its metadata (OpenID Connect
    /// Discovery, else RFC 8414): its jwks_uri is fetched as --jwks URL would be, and the
    /// token's iss must be exactly URL (unless --iss says otherwise).
    #[arg(long, value_name = "URL", conflicts_with_all = ["key", "secret_file", "jwks"])]
    issuer: Option<String>,
    /// An accepted issuer; repeat to accept several.
    #[arg(long, value_name = "S")]
    iss: Vec<String>,
    /// An accepted audience; repeat to accept several. Without one, a token carrying
    /// aud is refused.
    #[arg(long, value_name = "S")]
    aud: Vec<String>,
    /// The required subject.
    #[arg(long, value_name = "S")]
    sub: Option<String>,
    /// The required header typ (compared as a media type).
    #[arg(long, value_name = "TYP")]
    typ: Option<String>,
    /// Seconds of clock skew tolerated for exp, nbf and iat.
    #[arg(long, value_name = "SECS", default_value_t = 0)]
    leeway: u64,
    /// A claim that must be present, besides exp; repeat for several.
    #[arg(long, value_name = "CLAIM")]
    require: Vec<String>,
    /// The time to check at, as a NumericDate (default: now).
    #[arg(long, value_name = "DATE", value_parser = time::parse_date)]
    now: Option<NumericDate>,
    /// The token; absent or `-`: read from standard input.
    token: Option<String>,
}

/// Verifies and prints the claims as one line of JSON.
pub(crate) fn run(args: &VerifyArgs) -> Result<(), Failure> {
    if let Some(issuer) = &args.issuer {
        let keys = jwt_jwks::RemoteKeySet::issuer_builder(issuer);
        return verify_with_remote_set(keys, args);
    }
    if let Some(source) = &args.jwks {
        let backend = args.key.backend()?;
        if is_url(source) {
            return verify_with_remote_set(jwt_jwks::RemoteKeySet::builder(source), args);
        }
        let set = read_key_set(Path::new(source), backend)?;
        let token = input::token(args.token.as_deref())?;
        return print_claims(&token, &set, &validation(args), args.now);
    }
    let key = args.key.read(&args.alg)?;
    // A verifier for each algorithm asked for that the key can serve; a key that can
    // serve none of them is a usage problem (exit 2), while a token whose alg the key
    // cannot serve is a rejected token (exit 1, invalid_algorithm).
    let mut verifiers = Vec::with_capacity(args.alg.len());
    let mut first_problem = None;
    for alg in &args.alg {
        match key.verifier(*alg) {
            Ok(verifier) => verifiers.push((*alg, verifier)),
            Err(failure) => {
                first_problem.get_or_insert(failure);
            }
        }
    }
    if verifiers.is_empty()
        && let Some(failure) = first_problem
    {
        return Err(failure);
    }
    let token = input::token(args.token.as_deref())?;
    let validation = validation(args);
    // The token's own alg picks among the verifiers; when it names none of them (or the
    // header cannot be read), the first one lets decode say what is wrong. Only the
    // header is read here: the claims are decode's, after the signature.
    let token_alg = danger::peek_header(&token).ok().map(|header| header.alg);
    let verifier = verifiers
        .iter()
        .find(|(alg, _)| Some(*alg) == token_alg)
        .or_else(|| verifiers.first())
        .map(|(_, verifier)| verifier)
        .ok_or_else(|| {
            Failure::invalid(jwt_strict::ErrorKind::InvalidAlgorithm, "no --alg given")
        })?;
    print_claims(&token, verifier.as_ref(), &validation, args.now)
}

/// The checks asked for on the command line.
fn validation(args: &VerifyArgs) -> Validation {
    let mut validation = Validation::new()
        .algorithms(args.alg.iter().copied())
        .leeway(Duration::from_secs(args.leeway));
    for iss in &args.iss {
        validation = validation.issuer(iss);
    }
    for aud in &args.aud {
        validation = validation.audience(aud);
    }
    if let Some(sub) = &args.sub {
        validation = validation.subject(sub);
    }
    if let Some(typ) = &args.typ {
        validation = validation.typ(typ);
    }
    for claim in &args.require {
        validation = validation.require(claim);
    }
    validation
}

/// Verifies the token with `keys` and prints its claims as one line of JSON.
fn print_claims(
    token: &str,
    keys: &(impl KeySource + ?Sized),
    validation: &Validation,
    now: Option<NumericDate>,
) -> Result<(), Failure> {
    let now = now.unwrap_or_else(NumericDate::now);
    let data =
        decode_at::<Map<String, Value>>(token, keys, validation, now).map_err(Failure::rejected)?;
    println!("{}", Value::Object(data.claims));
    Ok(())
}

/// Whether `--jwks` names a URL rather than a file.
fn is_url(source: &str) -> bool {
    source.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphabetic())
    })
}

/// Verifies the token with a remote JWK Set (its URL, or its issuer's, refused before
/// any request unless https, or http on a loopback host).
fn verify_with_remote_set(
    keys: jwt_jwks::RemoteKeySetBuilder,
    args: &VerifyArgs,
) -> Result<(), Failure> {
    let keys = keys
        .backend(args.key.backend()?)
        .build_blocking()
        .map_err(Failure::problem)?;
    let token = input::token(args.token.as_deref())?;
    let now = args.now.unwrap_or_else(NumericDate::now);
    let data = keys
        .decode_at::<Map<String, Value>>(&token, &validation(args), now)
        .map_err(|err| {
            if err.kind().is_token_rejection() {
                Failure::rejected(err)
            } else {
                Failure::problem(err)
            }
        })?;
    println!("{}", Value::Object(data.claims));
    Ok(())
}

/// A JWK Set file read on `backend`; a file that is not a usable set is exit 2.
fn read_key_set(path: &Path, backend: &BackendEntry) -> Result<KeySet, Failure> {
    let bytes = input::file(path)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        Failure::invalid(
            ErrorKind::InvalidKey,
            format!("{}: a JWK Set is UTF-8 JSON", path.display()),
        )
    })?;
    jwt_strict::key_set_on(text, backend).map_err(|err| {
        let hint = if text.trim_start().starts_with("-----BEGIN") {
            "; the file is PEM (a key or certificate), not a JWK Set: give it with --key"
        } else {
            ""
        };
        Failure::problem(jwt_strict::Error::new(
            err.kind(),
            format!("{}: {err}{hint}", path.display()),
        ))
    })
}
