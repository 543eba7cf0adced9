//! `jwt encode`: claims from options, files and standard input, signed into a token.

use std::path::PathBuf;

use clap::Args;
use jwt_strict::{Algorithm, ErrorKind, Header, NumericDate, REGISTERED_CLAIMS};
use serde_json::{Map, Value};

use crate::failure::Failure;
use crate::keys::KeyArgs;
use crate::{input, time};

/// The options of `jwt encode`.
#[derive(Debug, Args)]
pub(crate) struct EncodeArgs {
    /// The signing algorithm: HS256/384/512, RS256/384/512, PS256/384/512,
    /// ES256/384/512 or EdDSA.
    #[arg(long, value_parser = crate::cli::parse_algorithm)]
    alg: Algorithm,
    #[command(flatten)]
    key: KeyArgs,
    /// The header's kid; without a value, the signing key's RFC 7638 thumbprint (what
    /// `jwt jwk` writes as the kid of its public JWK).
    #[arg(long, value_name = "ID", num_args = 0..=1)]
    kid: Option<Option<String>>,
    /// The header's typ.
    #[arg(long, value_name = "TYP", default_value = "JWT")]
    typ: String,
    /// The issuer claim.
    #[arg(long, value_name = "S")]
    iss: Option<String>,
    /// The subject claim.
    #[arg(long, value_name = "S")]
    sub: Option<String>,
    /// An audience; once gives a string, several give a list.
    #[arg(long, value_name = "S")]
    aud: Vec<String>,
    /// Expiry: a duration from now (30s, 15m, 2h, 7d) or a NumericDate.
    #[arg(long, value_name = "DUR|DATE", conflicts_with = "no_exp")]
    exp: Option<String>,
    /// Make a token without exp on purpose (verifiers require exp by default).
    #[arg(long)]
    no_exp: bool,
    /// Not before: a duration from now or a NumericDate.
    #[arg(long, value_name = "DUR|DATE")]
    nbf: Option<String>,
    /// Leave out iat (issued at), which is now by default.
    #[arg(long)]
    no_iat: bool,
    /// The token id; without a value, a random 128-bit id.
    #[arg(long, value_name = "ID", num_args = 0..=1, default_missing_value = "")]
    jti: Option<String>,
    /// A claim NAME=VALUE; VALUE is JSON when it parses as JSON, else a string.
    #[arg(long, value_name = "NAME=VALUE")]
    claim: Vec<String>,
    /// A JSON object of claims to merge, from FILE or - (standard input).
    #[arg(long, value_name = "FILE|-")]
    claims: Option<PathBuf>,
}

/// Makes the token and prints it.
pub(crate) fn run(args: &EncodeArgs) -> Result<(), Failure> {
    let now = NumericDate::now();
    let claims = build_claims(args, now)?;
    let key = args.key.read(&[args.alg])?;
    let signer = key.signer(args.alg)?;
    let mut header = Header::new(args.alg);
    header.typ = Some(args.typ.clone());
    header.kid = match &args.kid {
        Some(Some(kid)) => Some(kid.clone()),
        Some(None) => Some(key.thumbprint()?),
        None => None,
    };
    let token = jwt_strict::encode(&header, &claims, &signer).map_err(Failure::problem)?;
    if !claims.contains_key("exp") && !args.no_exp {
        eprintln!(
            "warning: the token has no exp: verifiers (jwt verify, Validation::new()) require \
             exp by default and will refuse it; give --exp 15m (or a date), or --no-exp to \
             mean it"
        );
    }
    println!("{token}");
    Ok(())
}

fn build_claims(args: &EncodeArgs, now: NumericDate) -> Result<Map<String, Value>, Failure> {
    let mut claims = match &args.claims {
        None => Map::new(),
        Some(path) => {
            let bytes = input::file(path)?;
            match serde_json::from_slice(&bytes) {
                Ok(Value::Object(members)) => members,
                Ok(_) => {
                    return Err(invalid_claims(format!(
                        "{} must hold a JSON object",
                        path.display()
                    )));
                }
                Err(err) => {
                    return Err(invalid_claims(format!(
                        "{} is not JSON: {err}",
                        path.display()
                    )));
                }
            }
        }
    };
    let from_file: Vec<String> = claims.keys().cloned().collect();
    let mut from_options: Vec<String> = Vec::new();
    let mut add =
        |claims: &mut Map<String, Value>, name: &str, value: Value| -> Result<(), Failure> {
            let registered = REGISTERED_CLAIMS.contains(&name);
            if registered
                && (from_options.iter().any(|n| n == name) || from_file.iter().any(|n| n == name))
            {
                return Err(Failure::invalid(
                    ErrorKind::InvalidClaim,
                    format!("claim {name} is given twice"),
                ));
            }
            from_options.push(name.to_owned());
            claims.insert(name.to_owned(), value);
            Ok(())
        };
    for pair in &args.claim {
        let Some((name, value)) = pair.split_once('=') else {
            return Err(invalid_claims(format!(
                "--claim {pair:?} is not NAME=VALUE"
            )));
        };
        if name.is_empty() {
            return Err(invalid_claims(format!(
                "--claim {pair:?} has an empty name"
            )));
        }
        let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned()));
        add(&mut claims, name, value)?;
    }
    if let Some(iss) = &args.iss {
        add(&mut claims, "iss", Value::String(iss.clone()))?;
    }
    if let Some(sub) = &args.sub {
        add(&mut claims, "sub", Value::String(sub.clone()))?;
    }
    match args.aud.as_slice() {
        [] => {}
        [one] => add(&mut claims, "aud", Value::String(one.clone()))?,
        many => add(
            &mut claims,
            "aud",
            many.iter().cloned().map(Value::String).collect(),
        )?,
    }
    for (name, option) in [("exp", &args.exp), ("nbf", &args.nbf)] {
        if let Some(text) = option {
            let when = time::parse_time(text, now)
                .map_err(|why| invalid_claims(format!("--{name}: {why}")))?;
            add(
                &mut claims,
                name,
                serde_json::to_value(when).map_err(|err| invalid_claims(err.to_string()))?,
            )?;
        }
    }
    if let Some(jti) = &args.jti {
        let jti = if jti.is_empty() {
            random_id()?
        } else {
            jti.clone()
        };
        add(&mut claims, "jti", Value::String(jti))?;
    }
    if !args.no_iat && !claims.contains_key("iat") {
        claims.insert("iat".to_owned(), Value::from(now.as_unix_seconds()));
    }
    Ok(claims)
}

/// A random 128-bit id, as 32 hex digits.
fn random_id() -> Result<String, Failure> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|err| {
        Failure::invalid(ErrorKind::Io, format!("the random source failed: {err}"))
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn invalid_claims(message: String) -> Failure {
    Failure::invalid(ErrorKind::InvalidClaim, message)
}
