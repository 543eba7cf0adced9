//! Errors: one [`Error`] type whose [`ErrorKind`] is a stable, snake_case name.

use std::error::Error as StdError;
use std::fmt;

/// What went wrong, as a stable name that tools print and tests match on.
///
/// The `Display` form is the snake_case name (`expired_signature`), which is also what
/// [`ErrorKind::as_str`] returns. The list is the contract of DESIGN.md's "Error kinds".
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{ErrorKind, NumericDate};
///
/// let err = NumericDate::from_unix_seconds(i64::MAX).unwrap_err();
/// match err.kind() {
///     ErrorKind::InvalidClaim => println!("refused: {err}"),
///     other => panic!("unexpected {other}"),
/// }
/// assert_eq!(ErrorKind::ExpiredSignature.to_string(), "expired_signature");
/// # Ok::<(), jwt_strict::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not a well-formed compact JWS: segments, base64url, JSON, UTF-8, header types.
    MalformedToken,
    /// The token is longer than the configured limit.
    TokenTooLarge,
    /// `alg` is `none`, unknown, not allowed, or does not fit the key.
    InvalidAlgorithm,
    /// The signature does not verify (including a signature of the wrong length).
    InvalidSignature,
    /// `exp` has passed, or the token is older than the maximum age.
    ExpiredSignature,
    /// `nbf` has not been reached yet.
    ImmatureSignature,
    /// `iat` lies in the future.
    InvalidIssuedAt,
    /// `aud` does not name an accepted audience, or names one where none is accepted.
    InvalidAudience,
    /// `iss` is not one of the accepted issuers.
    InvalidIssuer,
    /// `sub` is not the expected subject.
    InvalidSubject,
    /// The header's `typ` is not the expected type.
    InvalidType,
    /// A required claim is absent.
    MissingClaim,
    /// A claim has the wrong JSON type or a value out of range.
    InvalidClaim,
    /// `crit` names an extension this verifier does not implement.
    UnsupportedCriticalHeader,
    /// A key could not be read or used: wrong format, type, curve or algorithm.
    InvalidKey,
    /// A key is too weak for its algorithm (HMAC secret shorter than the hash, RSA under 2048 bits).
    WeakKey,
    /// Reading or writing a file failed.
    Io,
    /// A key set holds no trusted key for the token's `kid` and `alg`, or several when
    /// the token names no `kid`.
    NoMatchingKey,
    /// The keys could not be had: a remote key set could not be fetched or read (timeout,
    /// refused connection, HTTP status, size, a set that does not parse), and no earlier
    /// copy may stand in; or its address is not one the client will fetch.
    KeySource,
}

impl ErrorKind {
    /// Every kind, in the order of the enum.
    pub const ALL: [ErrorKind; 19] = [
        ErrorKind::MalformedToken,
        ErrorKind::TokenTooLarge,
        ErrorKind::InvalidAlgorithm,
        ErrorKind::InvalidSignature,
        ErrorKind::ExpiredSignature,
        ErrorKind::ImmatureSignature,
        ErrorKind::InvalidIssuedAt,
        ErrorKind::InvalidAudience,
        ErrorKind::InvalidIssuer,
        ErrorKind::InvalidSubject,
        ErrorKind::InvalidType,
        ErrorKind::MissingClaim,
        ErrorKind::InvalidClaim,
        ErrorKind::UnsupportedCriticalHeader,
        ErrorKind::InvalidKey,
        ErrorKind::WeakKey,
        ErrorKind::Io,
        ErrorKind::NoMatchingKey,
        ErrorKind::KeySource,
    ];

    /// The stable snake_case name, e.g. `"invalid_audience"`.
    ///
    /// ```
    /// # use jwt_core as jwt_strict;
    /// assert_eq!(jwt_strict::ErrorKind::TokenTooLarge.as_str(), "token_too_large");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorKind::MalformedToken => "malformed_token",
            ErrorKind::TokenTooLarge => "token_too_large",
            ErrorKind::InvalidAlgorithm => "invalid_algorithm",
            ErrorKind::InvalidSignature => "invalid_signature",
            ErrorKind::ExpiredSignature => "expired_signature",
            ErrorKind::ImmatureSignature => "immature_signature",
            ErrorKind::InvalidIssuedAt => "invalid_issued_at",
            ErrorKind::InvalidAudience => "invalid_audience",
            ErrorKind::InvalidIssuer => "invalid_issuer",
            ErrorKind::InvalidSubject => "invalid_subject",
            ErrorKind::InvalidType => "invalid_type",
            ErrorKind::MissingClaim => "missing_claim",
            ErrorKind::InvalidClaim => "invalid_claim",
            ErrorKind::UnsupportedCriticalHeader => "unsupported_critical_header",
            ErrorKind::InvalidKey => "invalid_key",
            ErrorKind::WeakKey => "weak_key",
            ErrorKind::Io => "io",
            ErrorKind::NoMatchingKey => "no_matching_key",
            ErrorKind::KeySource => "key_source",
        }
    }

    /// Whether this kind means "the token was rejected" rather than a problem with keys,
    /// files, the key source or the caller's configuration (`invalid_key`, `weak_key`,
    /// `io`, `key_source`).
    ///
    /// ```
    /// # use jwt_core as jwt_strict;
    /// use jwt_strict::ErrorKind;
    /// assert!(ErrorKind::ExpiredSignature.is_token_rejection());
    /// assert!(!ErrorKind::WeakKey.is_token_rejection());
    /// ```
    pub const fn is_token_rejection(self) -> bool {
        !matches!(
            self,
            ErrorKind::InvalidKey | ErrorKind::WeakKey | ErrorKind::Io | ErrorKind::KeySource
        )
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of every fallible operation in the workspace.
///
/// [`kind`](Error::kind) says what class of failure it is; `Display` gives a message that
/// says what was expected and what the token had, never a secret; [`claim`](Error::claim)
/// names the claim or header member concerned, when there is one. Errors from other
/// crates (serde_json, a crypto library, the OS) are reachable through
/// [`source`](StdError::source) and never appear in the public type.
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{Error, ErrorKind};
///
/// let err = Error::new(ErrorKind::InvalidKey, "expected a PKCS#8 PEM, found a certificate");
/// assert_eq!(err.kind(), ErrorKind::InvalidKey);
/// assert_eq!(err.to_string(), "expected a PKCS#8 PEM, found a certificate");
/// ```
pub struct Error {
    kind: ErrorKind,
    message: String,
    claim: Option<String>,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl Error {
    /// Makes an error of `kind` with a message that says what was expected and what was found.
    #[cold]
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            claim: None,
            source: None,
        }
    }

    /// Makes an error about one claim or header member, which [`Error::claim`] then names.
    #[cold]
    pub fn for_claim(kind: ErrorKind, claim: &str, message: impl Into<String>) -> Self {
        Error {
            claim: Some(claim.to_owned()),
            ..Error::new(kind, message)
        }
    }

    /// Attaches the lower-level error that caused this one.
    #[cold]
    #[must_use]
    pub fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// The stable class of this error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The claim (`exp`, `aud`, …) or header member (`alg`, `crit`, `typ`) this error is
    /// about, if it is about one.
    pub fn claim(&self) -> Option<&str> {
        self.claim.as_deref()
    }

    /// The message without the kind; the same text `Display` prints.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.kind).field("message", &self.message);
        if let Some(claim) = &self.claim {
            d.field("claim", claim);
        }
        if let Some(source) = &self.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Error::new(ErrorKind::Io, err.to_string()).with_source(err)
    }
}

/// A signer could not produce a signature (a failing random source, a crypto library error).
///
/// [`crate::encode`] turns it into an [`Error`] of kind `invalid_key`.
///
/// ```
/// # use jwt_core as jwt_strict;
/// let err = jwt_strict::SignError::new("the random source failed");
/// assert_eq!(err.to_string(), "the random source failed");
/// ```
#[derive(Debug)]
pub struct SignError {
    message: String,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl SignError {
    /// Makes a signing error with a message saying what failed.
    #[cold]
    pub fn new(message: impl Into<String>) -> Self {
        SignError {
            message: message.into(),
            source: None,
        }
    }

    /// Attaches the lower-level error that caused this one.
    #[cold]
    #[must_use]
    pub fn with_source(mut self, source: impl StdError + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for SignError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

impl From<SignError> for Error {
    fn from(err: SignError) -> Self {
        Error::new(
            ErrorKind::InvalidKey,
            format!("signing failed: {}", err.message),
        )
        .with_source(err)
    }
}

/// A detail-less error: the signature is not valid for this key and signing input.
///
/// Verifiers return nothing more, so no caller can tell a wrong length from a wrong
/// value from a malformed encoding, and no oracle leaks through the error.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InvalidSignature;

impl fmt::Display for InvalidSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid signature")
    }
}

impl StdError for InvalidSignature {}

/// Quotes an attacker-controlled string for a message: JSON-style escapes, at most 64
/// characters, so a hostile token cannot flood a log or forge a line break.
pub(crate) fn quote(s: &str) -> String {
    const MAX_CHARS: usize = 64;
    let mut shown: String = s.chars().take(MAX_CHARS).collect();
    let truncated = shown.len() < s.len();
    if truncated {
        shown.push('…');
    }
    format!("{shown:?}")
}

/// A lower-level error's text for a message. Parsers such as serde_json quote the input
/// they stopped at (`invalid type: string "…40 KB…", expected u64 at line 1 column 9`),
/// so the text is cut to its first and last characters around an ellipsis, keeping what
/// was expected and where, and control characters are escaped: a message stays short
/// and on one line whatever the token held.
pub(crate) fn shorten(err: &dyn fmt::Display) -> String {
    const HEAD: usize = 96;
    const TAIL: usize = 64;
    let mut text = String::new();
    for c in err.to_string().chars() {
        if c.is_control() {
            text.extend(c.escape_default());
        } else {
            text.push(c);
        }
    }
    let count = text.chars().count();
    if count <= HEAD + TAIL {
        return text;
    }
    let mut shown: String = text.chars().take(HEAD).collect();
    shown.push('…');
    shown.extend(text.chars().skip(count - TAIL));
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_display_as_their_stable_names() {
        let names: Vec<String> = ErrorKind::ALL.iter().map(ToString::to_string).collect();
        assert_eq!(
            names,
            [
                "malformed_token",
                "token_too_large",
                "invalid_algorithm",
                "invalid_signature",
                "expired_signature",
                "immature_signature",
                "invalid_issued_at",
                "invalid_audience",
                "invalid_issuer",
                "invalid_subject",
                "invalid_type",
                "missing_claim",
                "invalid_claim",
                "unsupported_critical_header",
                "invalid_key",
                "weak_key",
                "io",
                "no_matching_key",
                "key_source"
            ]
        );
    }

    #[test]
    fn quote_escapes_and_truncates() {
        assert_eq!(quote("a\nb"), "\"a\\nb\"");
        let long = "x".repeat(1000);
        let q = quote(&long);
        assert!(q.chars().count() < 70, "{q}");
        assert!(q.contains('…'));
    }

    #[test]
    fn shorten_keeps_head_and_tail_of_long_texts_on_one_line() {
        let long = format!(
            "invalid type: string \"{}\", expected u64 at line 1 column 40009",
            "A\n".repeat(20_000)
        );
        let short = shorten(&long);
        assert!(short.chars().count() < 200, "{short}");
        assert!(short.starts_with("invalid type: string"), "{short}");
        assert!(
            short.ends_with("expected u64 at line 1 column 40009"),
            "{short}"
        );
        assert!(!short.contains('\n'), "{short}");
        assert_eq!(shorten(&"short text"), "short text");
    }

    #[test]
    fn sign_error_becomes_invalid_key_with_source() {
        let err: Error = SignError::new("rng failed").into();
        assert_eq!(err.kind(), ErrorKind::InvalidKey);
        assert!(err.to_string().contains("rng failed"));
        assert!(err.source().is_some());
    }
}
