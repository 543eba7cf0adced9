//! JWTs: claims as JSON objects, signed and verified as compact JWS.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, ErrorKind, shorten};
use crate::header::Header;
use crate::json;
use crate::json::read::not_an_object;
use crate::json::strict::Noted;
use crate::jws;
use crate::key_source::KeySource;
use crate::time::NumericDate;
use crate::traits::JwsSigner;
use crate::validation::Validation;

/// A verified token: its header and its claims, read into the type the caller chose.
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{Algorithm, JwsSigner, JwsVerifier, InvalidSignature, SignError};
/// use jwt_strict::{Header, NumericDate, TokenData, Validation};
///
/// #[derive(serde::Deserialize)]
/// struct Claims { sub: String }
/// # #[derive(Debug)] struct Demo;
/// # impl JwsSigner for Demo { fn algorithm(&self) -> Algorithm { Algorithm::Hs256 } fn sign(&self, _: &[u8]) -> Result<Vec<u8>, SignError> { Ok(vec![7; 32]) } }
/// # impl JwsVerifier for Demo { fn algorithm(&self) -> Algorithm { Algorithm::Hs256 } fn verify(&self, _: &[u8], s: &[u8]) -> Result<(), InvalidSignature> { if s == [7; 32] { Ok(()) } else { Err(InvalidSignature) } } }
/// # let key = Demo;
/// let token = jwt_strict::encode(&Header::new(Algorithm::Hs256), &serde_json::json!({"sub": "alice", "exp": 60}), &key)?;
/// let now = NumericDate::from_unix_seconds(0)?;
/// let data: TokenData<Claims> = jwt_strict::decode_at(&token, &key, &Validation::new(), now)?;
/// assert_eq!((data.header.alg, data.claims.sub.as_str()), (Algorithm::Hs256, "alice"));
/// # Ok::<(), jwt_strict::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct TokenData<T> {
    /// The protected header.
    pub header: Header,
    /// The claims.
    pub claims: T,
}

/// Makes a signed JWT: `claims` (any `Serialize` that writes a JSON object) under
/// `header`, signed by `signer`.
///
/// Registered claims are checked as they would be on decode: an `exp` that is a string,
/// say, is refused here rather than producing a token nobody accepts.
///
/// # Errors
///
/// - `invalid_claim` when the claims do not serialize to a JSON object with unique
///   member names, or a registered claim has the wrong type;
/// - the errors of [`jws::sign`].
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{encode, Algorithm, Header};
/// use serde_json::json;
/// # fn demo(key: &dyn jwt_strict::JwsSigner) -> Result<(), jwt_strict::Error> {
/// let token = encode(&Header::new(key.algorithm()), &json!({"sub": "alice", "exp": 1900000000}), key)?;
/// # Ok(()) }
/// ```
pub fn encode<C: Serialize + ?Sized, S: JwsSigner + ?Sized>(
    header: &Header,
    claims: &C,
    signer: &S,
) -> Result<String, Error> {
    jws::sign_with(header, signer, |json| {
        json::write::write_claims(claims, json)
    })
}

/// Verifies a JWT at the current time and reads its claims into `T`.
///
/// `T` can be your own `Deserialize` struct, [`RegisteredClaims`](crate::RegisteredClaims), or
/// `serde_json::Map<String, Value>` for every claim as JSON.
///
/// The checks run in this order, so a forged token is never reported as merely expired:
///
/// 1. length against the limit (`token_too_large`), before any decoding;
/// 2. three segments, canonical unpadded base64url, a header that is a UTF-8 JSON object
///    without duplicate members and with registered members of the right types
///    (`malformed_token`);
/// 3. `alg`: not `none` and allowed by `validation` (`invalid_algorithm`); then the key:
///    `verifier` itself, or the one a key set picks by `kid` and `alg`
///    (`no_matching_key`, see [`KeySource`]); `alg` is the key's own
///    (`invalid_algorithm`); `crit` (`unsupported_critical_header`); `typ` (`invalid_type`);
/// 4. the signature: its length where the algorithm fixes it, then the cryptography
///    (`invalid_signature`);
/// 5. the claims: a UTF-8 JSON object without duplicate members at any depth
///    (`malformed_token`), registered claims of the right type (`invalid_claim`; the
///    first of `iss`, `sub`, `aud`, `exp`, `nbf`, `iat`, `jti` when several are wrong),
///    required claims (`missing_claim`), `exp`, `nbf`, `iat`, maximum age, `iss`, `aud`,
///    `sub`;
/// 6. the claims read into `T` as `serde_json::from_str::<T>` reads them
///    (`invalid_claim` when they do not fit).
///
/// Where two faults meet in one token, the earlier step's is reported: a repeated member
/// name beside an expired `exp` is `malformed_token`, an expired `exp` in claims that do
/// not fit `T` is `expired_signature`.
///
/// # Errors
///
/// An [`Error`] whose kind says which check failed and whose message says what was
/// expected and what the token had.
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{decode, RegisteredClaims, Validation};
/// # fn demo(token: &str, key: &dyn jwt_strict::JwsVerifier) -> Result<(), jwt_strict::Error> {
/// let validation = Validation::new().issuer("https://auth.example").audience("api://orders");
/// let data = decode::<RegisteredClaims>(token, key, &validation)?;
/// println!("token for {:?}", data.claims.sub);
/// # Ok(()) }
/// ```
pub fn decode<T: DeserializeOwned>(
    token: &str,
    verifier: &(impl KeySource + ?Sized),
    validation: &Validation,
) -> Result<TokenData<T>, Error> {
    decode_at(token, verifier, validation, NumericDate::now())
}

/// [`decode`] at the time `now` instead of the system clock's.
///
/// # Errors
///
/// As [`decode`].
pub fn decode_at<T: DeserializeOwned>(
    token: &str,
    verifier: &(impl KeySource + ?Sized),
    validation: &Validation,
    now: NumericDate,
) -> Result<TokenData<T>, Error> {
    jws::verify_with(token, verifier, validation, |header, payload| {
        let text = claims_text(payload)?;
        let mut noted = Noted::default();
        let claims = json::strict::read_claims::<T>(text, validation.required(), &mut noted)
            .map_err(|err| refused(text, Some((validation, now)), err))?;
        validation.check_noted(&noted, now)?;
        Ok(TokenData { header, claims })
    })
}

/// Why reading the claims in one pass failed: the first rule broken or check failed, in
/// the documented order (the claims read again by the strict reader, and checked when
/// `checks` are given), or else that they do not fit the caller's type. Cold: only a
/// refused token comes here.
#[cold]
#[inline(never)]
pub(crate) fn refused(
    text: &str,
    checks: Option<(&Validation, NumericDate)>,
    err: serde_json::Error,
) -> Error {
    let first_failure = match checks {
        Some((validation, now)) => validation.check_claims(text, now),
        None => json::read_object(text, |_| false, |_, _| {}).map_err(malformed_claims),
    };
    first_failure.err().unwrap_or_else(|| {
        Error::new(
            ErrorKind::InvalidClaim,
            format!(
                "the claims do not fit the requested type: {}",
                shorten(&err)
            ),
        )
        .with_source(err)
    })
}

/// The claims segment's bytes as text (`malformed_token` when they are not UTF-8).
pub(crate) fn claims_text(payload: &[u8]) -> Result<&str, Error> {
    json::read::utf8(payload).map_err(malformed_claims)
}

/// The error for claims the strict reader refused (`malformed_token`).
pub(crate) fn malformed_claims(err: serde_json::Error) -> Error {
    not_an_object(ErrorKind::MalformedToken, "claims", err)
}
