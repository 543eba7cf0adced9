//! The stages of `decode`, one function each, for the benchmarks' per-stage breakdown
//! (`cargo xtask bench`). Compiled only with the `bench-stages` feature, which the bench
//! crate turns on: not part of the API, and free to change. Each stage runs on its own,
//! from its own input.

use serde::de::DeserializeOwned;

use crate::compact;
use crate::error::Error;
use crate::json::strict::{Noted, read_claims as read_into};
use crate::time::NumericDate;
use crate::token::{claims_text, refused};
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

/// Reading the decoded claims into `T` in one pass, noting what the checks read (the
/// checks themselves not run).
pub fn read_claims<T: DeserializeOwned>(
    claims_json: &[u8],
    validation: &Validation,
) -> Result<T, Error> {
    let text = claims_text(claims_json)?;
    let mut noted = Noted::default();
    read_into::<T>(text, validation.required(), &mut noted).map_err(|err| refused(text, None, err))
}

/// Reading the decoded claims into `T` and checking them: everything `decode` does
/// with the payload.
pub fn check_claims<T: DeserializeOwned>(
    claims_json: &[u8],
    validation: &Validation,
    now: NumericDate,
) -> Result<T, Error> {
    let text = claims_text(claims_json)?;
    let mut noted = Noted::default();
    let claims = read_into::<T>(text, validation.required(), &mut noted)
        .map_err(|err| refused(text, Some((validation, now)), err))?;
    validation.check_noted(&noted, now)?;
    Ok(claims)
}
