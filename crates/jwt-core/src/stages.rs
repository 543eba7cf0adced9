//! The stages of `decode`, one function each, for the benchmarks' per-stage breakdown
//! (`cargo xtask bench`). Not part of the API: hidden from the docs, and free to change.
//! Each stage runs on its own, from the token, so a stage's time includes the earlier
//! stages it needs only where its doc says so.

use serde::de::DeserializeOwned;

use crate::compact;
use crate::error::Error;
use crate::json;
use crate::time::NumericDate;
use crate::validation::Validation;

/// Splitting the token into its three segments (after the length check).
pub fn split(token: &str) -> Result<usize, Error> {
    compact::split(token, usize::MAX).map(|segments| segments.signing_input.len())
}

/// Decoding one base64url segment onto the stack, as `decode` does.
pub fn decode_segment(segment: &str) -> Result<usize, Error> {
    compact::with_decoded(segment, "segment", |bytes| Ok(bytes.len()))
}

/// Reading the header from its decoded JSON (parse and member checks).
pub fn parse_header(header_json: &[u8]) -> Result<crate::Header, Error> {
    let members =
        json::parse_object(header_json, &|_| true).map_err(crate::token::claims_not_an_object)?;
    crate::Header::from_members(&members)
}

/// Parsing the decoded claims (strict JSON, every member kept).
pub fn parse_claims(claims_json: &[u8]) -> Result<usize, Error> {
    json::parse_object(claims_json, &|_| true)
        .map(|members| members.len())
        .map_err(crate::token::claims_not_an_object)
}

/// Parsing and validating the decoded claims.
pub fn validate_claims(
    claims_json: &[u8],
    validation: &Validation,
    now: NumericDate,
) -> Result<(), Error> {
    let members =
        json::parse_object(claims_json, &|_| true).map_err(crate::token::claims_not_an_object)?;
    validation.check_claims(&members, now)
}

/// Parsing, validating and reading the decoded claims into `T`: everything `decode`
/// does with the payload.
pub fn read_claims<T: DeserializeOwned>(
    claims_json: &[u8],
    validation: &Validation,
    now: NumericDate,
) -> Result<T, Error> {
    let members =
        json::parse_object(claims_json, &|_| true).map_err(crate::token::claims_not_an_object)?;
    validation.check_claims(&members, now)?;
    crate::token::read_claims(members)
}
