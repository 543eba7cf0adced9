//! Reading a token without verifying it. Nothing here proves who made a token.

use serde::de::DeserializeOwned;

use crate::compact;
use crate::error::Error;
use crate::header::Header;
use crate::json;
use crate::json::strict::Noted;
use crate::jws;
use crate::token::{claims_text, refused};
use crate::validation::DEFAULT_MAX_TOKEN_LEN;

/// A token's header and claims, read **without** checking its signature or any claim.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct UnverifiedToken<T> {
    /// The header, as the token states it.
    pub header: Header,
    /// The claims, as the token states them: anyone could have written them.
    pub claims: T,
}

/// Reads a token's header and claims without verifying anything: for display, debugging,
/// or choosing a key by `kid` before calling [`crate::decode`]. Never base a decision on
/// what this returns.
///
/// The format rules still apply (size limit of 64 KiB, three segments, strict base64url,
/// JSON objects without duplicate members, a known `alg` that is not `none`).
///
/// # Errors
///
/// `token_too_large`, `malformed_token`, `invalid_algorithm`, or `invalid_claim` when the
/// claims do not fit `T`.
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::danger::read_unverified;
/// use serde_json::{Map, Value};
///
/// let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLW5vdC1jaGVja2VkLWF0LWFsbC0xMjM0NTY";
/// let unverified = read_unverified::<Map<String, Value>>(token)?;
/// assert_eq!(unverified.claims["sub"], "alice");
/// # Ok::<(), jwt_strict::Error>(())
/// ```
pub fn read_unverified<T: DeserializeOwned>(token: &str) -> Result<UnverifiedToken<T>, Error> {
    read_unverified_within(token, DEFAULT_MAX_TOKEN_LEN)
}

/// [`read_unverified`] with the size limit `max_len` (a [`Validation`](crate::Validation)'s
/// [`token_len_limit`](crate::Validation::token_len_limit)): for reading `iss` to choose
/// among configured issuers before verifying, refusing exactly the tokens the
/// verification would for their size.
///
/// # Errors
///
/// As [`read_unverified`].
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{danger::read_unverified_within, ErrorKind};
/// use serde_json::{Map, Value};
///
/// let token = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJodHRwczovL2EuZXhhbXBsZS8ifQ.c2ln";
/// let unverified = read_unverified_within::<Map<String, Value>>(token, 1024)?;
/// assert_eq!(unverified.claims["iss"], "https://a.example/");
/// let err = read_unverified_within::<Map<String, Value>>(token, 16).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::TokenTooLarge);
/// # Ok::<(), jwt_strict::Error>(())
/// ```
pub fn read_unverified_within<T: DeserializeOwned>(
    token: &str,
    max_len: usize,
) -> Result<UnverifiedToken<T>, Error> {
    let segments = compact::split(token, max_len)?;
    let header = jws::parse_header(segments.header)?;
    let payload = compact::decode(segments.payload, "payload")?;
    compact::decode(segments.signature, "signature")?;
    let text = claims_text(&payload)?;
    let claims = json::strict::read_claims(text, &[], &mut Noted::default())
        .map_err(|err| refused(text, None, err))?;
    Ok(UnverifiedToken { header, claims })
}

/// Reads only a token's header, without verifying anything and without decoding the
/// payload: for choosing a key by `kid` or `alg` before calling [`crate::decode`]. The
/// header's format rules apply (size limit of 64 KiB, three segments, strict base64url,
/// a JSON object without duplicate members, a known `alg` that is not `none`); the
/// payload and signature segments are not looked at, so a token whose claims are not
/// JSON is reported by the later `decode`, as `malformed_token`, not here.
///
/// # Errors
///
/// `token_too_large`, `malformed_token` or `invalid_algorithm`.
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{danger::peek_header, Algorithm};
///
/// let token = "eyJhbGciOiJQUzI1NiIsImtpZCI6ImsxIn0.bm90IGpzb24.c2ln";
/// let header = peek_header(token)?;
/// assert_eq!((header.alg, header.kid.as_deref()), (Algorithm::Ps256, Some("k1")));
/// # Ok::<(), jwt_strict::Error>(())
/// ```
pub fn peek_header(token: &str) -> Result<Header, Error> {
    peek_header_within(token, DEFAULT_MAX_TOKEN_LEN)
}

/// [`peek_header`] with the size limit `max_len` (a [`Validation`](crate::Validation)'s
/// [`token_len_limit`](crate::Validation::token_len_limit)), so that a pre-check before
/// verification refuses exactly the tokens the verification would.
///
/// # Errors
///
/// As [`peek_header`].
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{danger::peek_header_within, ErrorKind};
///
/// let token = "eyJhbGciOiJQUzI1NiJ9.bm90IGpzb24.c2ln";
/// assert!(peek_header_within(token, 64).is_ok());
/// assert_eq!(peek_header_within(token, 16).unwrap_err().kind(), ErrorKind::TokenTooLarge);
/// ```
pub fn peek_header_within(token: &str, max_len: usize) -> Result<Header, Error> {
    let segments = compact::split(token, max_len)?;
    jws::parse_header(segments.header)
}
