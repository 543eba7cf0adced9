//! Signing and verifying compact JWS with any payload bytes (RFC 7515).
//!
//! [`crate::encode`] and [`crate::decode`] build JWTs on top of these; use these directly
//! for payloads that are not JWT claims, such as RFC 7515's `Payload` examples.

use crate::compact::{self, Segments};
use crate::error::{Error, ErrorKind};
use crate::header::{Header, HeaderMembers};
use crate::json;
use crate::json::read::not_an_object;
use crate::key_source::KeySource;
use crate::traits::{JwsSigner, JwsVerifier};
use crate::validation::Validation;

/// A JWS whose signature has verified: its header and its payload bytes.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct VerifiedJws {
    /// The protected header.
    pub header: Header,
    /// The payload, base64url-decoded.
    pub payload: Vec<u8>,
}

/// Signs `payload` under `header` and returns the compact serialization.
///
/// The token's `alg` is the signer's, whatever `header.alg` says: a key is bound to one
/// algorithm, so a header made for another one cannot produce a mislabelled token.
/// If the header has no `kid` and the signer has one, the signer's is written.
///
/// # Errors
///
/// - `invalid_claim` when a header member cannot be written (see [`Header`]);
/// - `invalid_key` when the signer fails, or returns a signature of the wrong length.
///
/// ```
/// # use jwt_core as jwt_strict;
/// # use jwt_strict::{jws, Algorithm, Header};
/// # fn demo(signer: &dyn jwt_strict::JwsSigner) -> Result<(), jwt_strict::Error> {
/// let token = jws::sign(&Header::new(signer.algorithm()), b"Payload", signer)?;
/// # Ok(()) }
/// ```
pub fn sign<S: JwsSigner + ?Sized>(
    header: &Header,
    payload: &[u8],
    signer: &S,
) -> Result<String, Error> {
    sign_with(header, signer, |json| {
        json.extend_from_slice(payload);
        Ok(())
    })
}

/// [`sign`], with the payload appended by `write_payload` to the buffer that already
/// holds the header's JSON: header and payload share one allocation, and the token is
/// the only other one (besides the signer's signature).
pub(crate) fn sign_with<S: JwsSigner + ?Sized>(
    header: &Header,
    signer: &S,
    write_payload: impl FnOnce(&mut Vec<u8>) -> Result<(), Error>,
) -> Result<String, Error> {
    let alg = signer.algorithm();
    let add_kid = header.kid.is_none() && signer.key_id().is_some();
    let mut json = Vec::with_capacity(512);
    if header.alg != alg || add_kid {
        let mut fitted = header.clone();
        fitted.alg = alg;
        if add_kid {
            fitted.kid = signer.key_id().map(str::to_owned);
        }
        fitted.write_json(&mut json)?;
    } else {
        header.write_json(&mut json)?;
    }
    let header_len = json.len();
    write_payload(&mut json)?;
    let (header_json, payload) = json.split_at(header_len);
    let signature_len = alg.signature_len().unwrap_or(512);
    let mut token = String::with_capacity(
        compact::encoded_len(header_json.len())
            + compact::encoded_len(payload.len())
            + compact::encoded_len(signature_len)
            + 2,
    );
    compact::encode_into(header_json, &mut token);
    token.push('.');
    compact::encode_into(payload, &mut token);
    let signature = signer.sign(token.as_bytes())?;
    if let Some(expected) = alg.signature_len()
        && signature.len() != expected
    {
        return Err(Error::new(
            ErrorKind::InvalidKey,
            format!(
                "the signer returned {} bytes; {alg} signatures are {expected} bytes",
                signature.len()
            ),
        ));
    }
    token.push('.');
    compact::encode_into(&signature, &mut token);
    Ok(token)
}

/// Verifies a compact JWS and returns its header and payload; no claim is checked.
///
/// Applies every format rule and the parts of `validation` that concern the token rather
/// than its claims: size limit, algorithms, `crit`, `typ`.
///
/// # Errors
///
/// `token_too_large`, `malformed_token`, `invalid_algorithm`, `no_matching_key`,
/// `unsupported_critical_header`, `invalid_type` or `invalid_signature`; see
/// [`crate::decode`] for the order.
pub fn verify<K: KeySource + ?Sized>(
    token: &str,
    keys: &K,
    validation: &Validation,
) -> Result<VerifiedJws, Error> {
    verify_with(token, keys, validation, |header, payload| {
        Ok(VerifiedJws {
            header,
            payload: payload.to_vec(),
        })
    })
}

/// [`verify`], handing the header and the borrowed payload to `read`.
pub(crate) fn verify_with<K: KeySource + ?Sized, R>(
    token: &str,
    keys: &K,
    validation: &Validation,
    read: impl FnOnce(Header, &[u8]) -> Result<R, Error>,
) -> Result<R, Error> {
    let segments = compact::split(token, validation.token_len_limit())?;
    let header = parse_header(segments.header)?;
    validation.check_alg_allowed(&header)?;
    let verifier = keys.key_for(&header, validation.allowed_algorithms())?;
    validation.check_header(&header, verifier.algorithm())?;
    compact::with_decoded(segments.payload, "payload", |payload| {
        check_signature(&segments, &header, verifier)?;
        read(header, payload)
    })
}

/// Decodes and reads the header segment.
pub(crate) fn parse_header(segment: &str) -> Result<Header, Error> {
    compact::with_decoded(segment, "header", parse_header_json)
}

/// Reads the header from its JSON with the strict reader.
pub(crate) fn parse_header_json(bytes: &[u8]) -> Result<Header, Error> {
    let mut members = HeaderMembers::default();
    json::read::utf8(bytes)
        .and_then(|text| {
            json::read_object(text, |_| true, |name, value| members.member(name, value))
        })
        .map_err(|err| not_an_object(ErrorKind::MalformedToken, "header", err))?;
    members.finish()
}

fn check_signature<V: JwsVerifier + ?Sized>(
    segments: &Segments<'_>,
    header: &Header,
    verifier: &V,
) -> Result<(), Error> {
    compact::with_decoded(segments.signature, "signature", |signature| {
        if let Some(expected) = header.alg.signature_len()
            && signature.len() != expected
        {
            return Err(Error::for_claim(
                ErrorKind::InvalidSignature,
                "signature",
                format!(
                    "{} signatures are {expected} bytes, the token's is {} bytes",
                    header.alg,
                    signature.len()
                ),
            ));
        }
        verifier
            .verify(segments.signing_input.as_bytes(), signature)
            .map_err(|err| {
                Error::for_claim(
                    ErrorKind::InvalidSignature,
                    "signature",
                    format!("the {} signature does not verify with this key", header.alg),
                )
                .with_source(err)
            })
    })
}
