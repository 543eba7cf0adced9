//! The stages of `decode`, one function each, for the benchmarks' per-stage breakdown
//! (`cargo xtask bench`). Compiled only with the `bench-stages` feature, which the bench
//! crate turns on: not part of the API, and free to change. Each stage runs on its own,
//! from its own input.

use serde::de::DeserializeOwned;

use crate::compact;
use crate::error::Error;
use crate::time::NumericDate;
use crate::token::{claims_text, read_claims};
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

/// Reading the decoded claims strictly and checking them, as `decode` does before it
/// builds the caller's type.
pub fn check_claims(
    claims_json: &[u8],
    validation: &Validation,
    now: NumericDate,
) -> Result<(), Error> {
    validation.check_claims(claims_text(claims_json)?, now)
}

/// Building the caller's type from the decoded claims, as `decode` does last.
pub fn read_claims_into<T: DeserializeOwned>(claims_json: &[u8]) -> Result<T, Error> {
    read_claims(claims_text(claims_json)?)
}
