//! The stages of `decode`, one function each, for the benchmarks' per-stage breakdown
//! (`cargo xtask bench`). Not part of the API: hidden from the docs, and free to change.
//! Each stage runs on its own, from the token, so a stage's time includes the earlier
//! stages it needs only where its doc says so.

use serde::de::DeserializeOwned;

use crate::compact;
use crate::error::Error;
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

/// Reading the header from its decoded JSON, as `decode` does.
pub fn parse_header(header_json: &[u8]) -> Result<crate::Header, Error> {
    crate::jws::parse_header_json(header_json)
}

/// Reading the decoded claims into `T` in one pass, setting aside what the checks read
/// (the checks themselves not run).
pub fn read_claims<T: DeserializeOwned>(
    claims_json: &[u8],
    validation: &Validation,
) -> Result<T, Error> {
    let mut kept = crate::claims_reader::Kept::default();
    crate::claims_reader::read_once::<T>(claims_json, &|name| validation.keeps(name), &mut kept)
        .map_err(crate::token::claims_not_an_object)
}

/// Reading the decoded claims into `T` and checking them: everything `decode` does
/// with the payload.
pub fn check_claims<T: DeserializeOwned>(
    claims_json: &[u8],
    validation: &Validation,
    now: NumericDate,
) -> Result<T, Error> {
    let mut kept = crate::claims_reader::Kept::default();
    let claims = crate::claims_reader::read_once::<T>(
        claims_json,
        &|name| validation.keeps(name),
        &mut kept,
    )
    .map_err(crate::token::claims_not_an_object)?;
    validation.check_kept(&kept, now)?;
    Ok(claims)
}
