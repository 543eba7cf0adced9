//! `jwt decode`: a token's header and claims, NOT verified.

use clap::Args;
use jwt_strict::{NumericDate, danger};
use serde_json::{Map, Value, json};

use crate::failure::Failure;
use crate::{input, time};

/// The options of `jwt decode`.
#[derive(Debug, Args)]
pub(crate) struct DecodeArgs {
    /// The token; absent or `-`: read from standard input.
    token: Option<String>,
}

/// Prints `{"header": …, "claims": …}`, warns that nothing was verified, and says when
/// `exp`, `nbf` and `iat` fall.
pub(crate) fn run(args: &DecodeArgs) -> Result<(), Failure> {
    let token = input::token(args.token.as_deref())?;
    let read = danger::read_unverified::<Map<String, Value>>(&token).map_err(Failure::rejected)?;
    let header = serde_json::to_value(&read.header).unwrap_or(Value::Null);
    let shown = json!({"header": header, "claims": read.claims});
    println!(
        "{}",
        serde_json::to_string_pretty(&shown).unwrap_or_default()
    );
    eprintln!(
        "warning: NOT verified: the signature and claims were not checked; anyone can write this (use `jwt verify`)"
    );
    let now = NumericDate::now();
    for name in ["iat", "nbf", "exp"] {
        let Some(value) = read.claims.get(name) else {
            continue;
        };
        match value.as_f64().map(NumericDate::from_f64) {
            Some(Ok(when)) => eprintln!("{name}: {when} ({})", time::relative(when, now)),
            _ => eprintln!("{name}: {value} is not a NumericDate"),
        }
    }
    Ok(())
}
