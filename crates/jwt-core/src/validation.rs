//! What a verifier accepts: algorithms, size, critical extensions and the claim checks.

use std::time::Duration;

use crate::alg::Algorithm;
use crate::claims::ClaimsView;
use crate::error::{Error, ErrorKind, quote};
use crate::header::Header;
use crate::json::strict::{Noted, note_claims};
use crate::time::{NumericDate, seconds};
use crate::token::malformed_claims;

/// The default limit on a whole token's length: 64 KiB.
pub const DEFAULT_MAX_TOKEN_LEN: usize = 64 * 1024;

/// The checks [`crate::decode`] applies after the signature verifies, and the limits it
/// applies before.
///
/// The defaults are the safe ones; each setter's doc says what it changes:
///
/// | setting | default |
/// |---|---|
/// | algorithms | only the verifying key's own algorithm; with a key set, the `alg` each key's JWK names, and for a key that names none, only its type's first (RS256 for RSA, HS256 for `oct`; EC and Ed25519 keys have one) |
/// | maximum token length | 64 KiB ([`DEFAULT_MAX_TOKEN_LEN`]) |
/// | required claims | `exp` |
/// | issuers | not checked |
/// | audiences | none accepted: a token with `aud` is refused (RFC 7519 §4.1.3) |
/// | subject | not checked |
/// | `typ` | not checked |
/// | leeway | 0 seconds |
/// | maximum age from `iat` | none |
/// | understood `crit` extensions | none |
///
/// Whatever the settings, `exp` and `nbf` are checked whenever they are present, an
/// `iat` in the future is refused, and a registered claim of the wrong JSON type is
/// `invalid_claim`.
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{Algorithm, Validation};
/// use std::time::Duration;
///
/// let validation = Validation::new()
///     .algorithms([Algorithm::Hs256])
///     .issuer("https://auth.example")
///     .audience("api://orders")
///     .require("sub")
///     .leeway(Duration::from_secs(30));
/// # let _ = validation;
/// ```
#[derive(Clone, Debug)]
pub struct Validation {
    algorithms: Option<Vec<Algorithm>>,
    max_token_len: usize,
    required: Vec<String>,
    issuers: Vec<String>,
    audiences: Vec<String>,
    subject: Option<String>,
    typ: Option<String>,
    leeway: Duration,
    max_age: Option<Duration>,
    understood_critical: Vec<String>,
}

impl Default for Validation {
    fn default() -> Self {
        Validation::new()
    }
}

impl Validation {
    /// The safe defaults listed on [`Validation`].
    pub fn new() -> Validation {
        Validation {
            algorithms: None,
            max_token_len: DEFAULT_MAX_TOKEN_LEN,
            required: vec!["exp".to_owned()],
            issuers: Vec::new(),
            audiences: Vec::new(),
            subject: None,
            typ: None,
            leeway: Duration::ZERO,
            max_age: None,
            understood_critical: Vec::new(),
        }
    }

    /// The checks of a JWT access token (RFC 9068 §4): header `typ` `at+jwt` (so an ID
    /// token or another JWT cannot pass as one), `iss` exactly `issuer`, `aud` naming
    /// `audience`, and `exp`, `sub`, `client_id`, `iat` and `jti` present. Chain more
    /// checks as usual, e.g. [`algorithms`](Validation::algorithms).
    ///
    /// ```
    /// # use jwt_core as jwt_strict;
    /// use jwt_strict::{Algorithm, Validation};
    ///
    /// let validation = Validation::access_token("https://auth.example/", "api://orders")
    ///     .algorithms([Algorithm::Rs256, Algorithm::Es256]);
    /// ```
    pub fn access_token(issuer: impl Into<String>, audience: impl Into<String>) -> Validation {
        ["sub", "client_id", "iat", "jti"]
            .into_iter()
            .fold(Validation::new(), Validation::require)
            .typ("at+jwt")
            .issuer(issuer)
            .audience(audience)
    }

    /// Accepts only tokens whose `alg` is one of `algorithms` (and, as always, the
    /// verifying key's own). Default: the key's algorithm alone. With a key set, this
    /// list is also what lets a key whose JWK names no `alg` serve more than its type's
    /// first algorithm (an RSA key without `alg` serves RS256 alone unless the list
    /// names PS256, say), as RFC 8725 3.1 asks.
    #[must_use]
    pub fn algorithms(mut self, algorithms: impl IntoIterator<Item = Algorithm>) -> Self {
        self.algorithms = Some(algorithms.into_iter().collect());
        self
    }

    /// Refuses tokens longer than `max_len` bytes with `token_too_large`, before any
    /// decoding. Default: 64 KiB.
    #[must_use]
    pub fn max_token_len(mut self, max_len: usize) -> Self {
        self.max_token_len = max_len;
        self
    }

    /// Requires claim `name` to be present, in addition to those already required.
    /// Default: `exp` alone.
    #[must_use]
    pub fn require(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        if !self.required.contains(&name) {
            self.required.push(name);
        }
        self
    }

    /// Replaces the set of required claims. `required_claims([] as [&str; 0])` accepts
    /// tokens without `exp`, which then never expire: do so only knowingly.
    /// Default: `exp` alone.
    #[must_use]
    pub fn required_claims<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.required = names.into_iter().map(Into::into).collect();
        self
    }

    /// Accepts `issuer` as `iss` (exact, case-sensitive); calling it again accepts
    /// several. Once any issuer is set, `iss` is required. Default: `iss` not checked.
    #[must_use]
    pub fn issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuers.push(issuer.into());
        self
    }

    /// Accepts `audience` in `aud` (exact, case-sensitive); calling it again accepts
    /// several, and a token passes when its `aud` names at least one. Once any audience
    /// is set, `aud` is required. Default: no audience accepted, so a token that carries
    /// `aud` is refused (RFC 7519 §4.1.3).
    #[must_use]
    pub fn audience(mut self, audience: impl Into<String>) -> Self {
        self.audiences.push(audience.into());
        self
    }

    /// Requires `sub` to be exactly `subject`. Default: `sub` not checked.
    #[must_use]
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// Requires the header's `typ` to be `typ`, compared as a media type
    /// (RFC 7515 §4.1.9): case-insensitively, with `application/` optional.
    /// Default: `typ` not checked.
    #[must_use]
    pub fn typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = Some(typ.into());
        self
    }

    /// Tolerates clock skew: `exp` has passed when now ≥ exp + leeway, `nbf` is reached
    /// when now ≥ nbf − leeway, `iat` may lie up to `leeway` in the future.
    /// Default: 0 seconds.
    #[must_use]
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// Refuses tokens issued more than `max_age` (plus the leeway) ago with
    /// `expired_signature`, and makes `iat` required. Default: no maximum age.
    #[must_use]
    pub fn max_age(mut self, max_age: Duration) -> Self {
        self.max_age = Some(max_age);
        self
    }

    /// Declares that the caller implements the header extension `name`, so a token that
    /// lists it in `crit` is not refused for it. Default: no extension understood.
    #[must_use]
    pub fn understand_critical(mut self, name: impl Into<String>) -> Self {
        self.understood_critical.push(name.into());
        self
    }

    /// The issuers accepted as `iss` ([`issuer`](Validation::issuer)); empty when `iss`
    /// is not checked.
    ///
    /// ```
    /// # use jwt_core as jwt_strict;
    /// use jwt_strict::Validation;
    ///
    /// assert!(Validation::new().issuers().is_empty());
    /// let validation = Validation::new().issuer("https://a.example/").issuer("https://b.example/");
    /// assert_eq!(validation.issuers(), ["https://a.example/", "https://b.example/"]);
    /// ```
    pub fn issuers(&self) -> &[String] {
        &self.issuers
    }

    /// The longest token accepted, in bytes ([`max_token_len`](Validation::max_token_len)).
    pub fn token_len_limit(&self) -> usize {
        self.max_token_len
    }

    /// The explicit allow-list, if one was given.
    pub(crate) fn allowed_algorithms(&self) -> Option<&[Algorithm]> {
        self.algorithms.as_deref()
    }

    /// Checks the header's `alg` against the allowed algorithms, before any key is
    /// chosen.
    pub(crate) fn check_alg_allowed(&self, header: &Header) -> Result<(), Error> {
        if let Some(allowed) = &self.algorithms
            && !allowed.contains(&header.alg)
        {
            let names: Vec<&str> = allowed.iter().map(|a| a.name()).collect();
            return Err(Error::for_claim(
                ErrorKind::InvalidAlgorithm,
                "alg",
                format!(
                    "alg {} is not allowed; expected one of [{}]",
                    header.alg,
                    names.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// Checks the header's `alg` against the allow-list and the verifying key, and its
    /// `crit` against the understood extensions. Runs before any cryptography.
    pub(crate) fn check_header(&self, header: &Header, key_alg: Algorithm) -> Result<(), Error> {
        self.check_alg_allowed(header)?;
        if header.alg != key_alg {
            return Err(Error::for_claim(
                ErrorKind::InvalidAlgorithm,
                "alg",
                format!(
                    "alg {} does not fit the verifying key, which is for {key_alg}",
                    header.alg
                ),
            ));
        }
        for name in header.crit.iter().flatten() {
            if !self.understood_critical.contains(name) {
                return Err(Error::for_claim(
                    ErrorKind::UnsupportedCriticalHeader,
                    "crit",
                    format!(
                        "header crit lists {}, an extension this verifier does not implement",
                        quote(name)
                    ),
                ));
            }
        }
        if let Some(expected) = &self.typ {
            let Some(found) = &header.typ else {
                return Err(Error::for_claim(
                    ErrorKind::InvalidType,
                    "typ",
                    format!("the header has no typ; expected {}", quote(expected)),
                ));
            };
            if !same_media_type(expected, found) {
                return Err(Error::for_claim(
                    ErrorKind::InvalidType,
                    "typ",
                    format!(
                        "header typ {} is not the expected {}",
                        quote(found),
                        quote(expected)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The claims that must be present, in the order they were required.
    pub(crate) fn required(&self) -> &[String] {
        &self.required
    }

    /// Reads a verified token's claims with the strict reader and checks them at time
    /// `now`. The first failure is reported, in this order: a broken format rule
    /// (`malformed_token`, say a repeated member name, wherever it is); then the failures
    /// of [`Validation::check_noted`].
    pub(crate) fn check_claims(&self, text: &str, now: NumericDate) -> Result<(), Error> {
        let mut noted = Noted::default();
        note_claims(text, &self.required, &mut noted).map_err(malformed_claims)?;
        self.check_noted(&noted, now)
    }

    /// Checks what reading the claims noted, at time `now`. The first failure is
    /// reported, in this order: a registered claim of the wrong type (`invalid_claim`; the
    /// first of `iss`, `sub`, `aud`, `exp`, `nbf`, `iat`, `jti` when several are); a
    /// required claim missing (`missing_claim`, in the order they were required); then
    /// `exp`, `nbf`, `iat`, the maximum age, `iss`, `aud` and `sub`.
    pub(crate) fn check_noted(&self, noted: &Noted<'_>, now: NumericDate) -> Result<(), Error> {
        let claims = ClaimsView::from_values(&noted.registered)?;
        for (index, name) in self.required.iter().enumerate() {
            if !noted.has(name, index) {
                return Err(missing(name, "it is required"));
            }
        }
        self.check_view(&claims, now)
    }

    /// Checks a token's times at `now` as [`decode`](crate::decode) does, with this
    /// validation's leeway and maximum age: `exp`, then `nbf`, then `iat` (not in the
    /// future), then the maximum age. For re-checking a token verified earlier (a cache
    /// of verified tokens) with the same rules, without verifying it again.
    ///
    /// # Errors
    ///
    /// `expired_signature`, `immature_signature`, `invalid_issued_at`, or `missing_claim`
    /// (`iat` when a maximum age is set).
    ///
    /// ```
    /// # use jwt_core as jwt_strict;
    /// use jwt_strict::{ErrorKind, NumericDate, Validation};
    /// use std::time::Duration;
    ///
    /// let validation = Validation::new().leeway(Duration::from_secs(30));
    /// let at = |s| NumericDate::from_unix_seconds(s).unwrap();
    /// assert!(validation.check_times(Some(at(1000)), None, None, at(1029)).is_ok());
    /// let err = validation.check_times(Some(at(1000)), None, None, at(1030)).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::ExpiredSignature);
    /// ```
    pub fn check_times(
        &self,
        exp: Option<NumericDate>,
        nbf: Option<NumericDate>,
        iat: Option<NumericDate>,
        now: NumericDate,
    ) -> Result<(), Error> {
        let leeway = self.leeway.as_secs_f64();
        let now_s = now.as_f64();
        if let Some(exp) = exp
            && now_s >= exp.as_f64() + leeway
        {
            return Err(Error::for_claim(
                ErrorKind::ExpiredSignature,
                "exp",
                format!(
                    "token expired at {exp} (exp), now {now}, leeway {}",
                    seconds(self.leeway)
                ),
            ));
        }
        if let Some(nbf) = nbf
            && now_s < nbf.as_f64() - leeway
        {
            return Err(Error::for_claim(
                ErrorKind::ImmatureSignature,
                "nbf",
                format!(
                    "token is not valid before {nbf} (nbf), now {now}, leeway {}",
                    seconds(self.leeway)
                ),
            ));
        }
        if let Some(iat) = iat
            && iat.as_f64() > now_s + leeway
        {
            return Err(Error::for_claim(
                ErrorKind::InvalidIssuedAt,
                "iat",
                format!(
                    "token was issued at {iat} (iat), in the future: now {now}, leeway {}",
                    seconds(self.leeway)
                ),
            ));
        }
        if let Some(max_age) = self.max_age {
            let Some(iat) = iat else {
                return Err(missing("iat", "a maximum age is set"));
            };
            if now_s - iat.as_f64() > max_age.as_secs_f64() + leeway {
                return Err(Error::for_claim(
                    ErrorKind::ExpiredSignature,
                    "iat",
                    format!(
                        "token issued at {iat} (iat) is older than the maximum age of {}, now {now}, leeway {}",
                        seconds(max_age),
                        seconds(self.leeway)
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Checks the registered claims' values: times, issuer, audience, subject.
    fn check_view(&self, claims: &ClaimsView<'_>, now: NumericDate) -> Result<(), Error> {
        self.check_times(claims.exp, claims.nbf, claims.iat, now)?;
        self.check_issuer(claims)?;
        self.check_audience(claims)?;
        self.check_subject(claims)
    }

    fn check_issuer(&self, claims: &ClaimsView<'_>) -> Result<(), Error> {
        if self.issuers.is_empty() {
            return Ok(());
        }
        let Some(iss) = claims.iss else {
            return Err(missing("iss", "an issuer is expected"));
        };
        if self.issuers.iter().any(|accepted| accepted == iss) {
            return Ok(());
        }
        Err(Error::for_claim(
            ErrorKind::InvalidIssuer,
            "iss",
            format!(
                "iss {} is not an accepted issuer; expected {}",
                quote(iss),
                one_of(&self.issuers)
            ),
        ))
    }

    fn check_audience(&self, claims: &ClaimsView<'_>) -> Result<(), Error> {
        let Some(aud) = &claims.aud else {
            if self.audiences.is_empty() {
                return Ok(());
            }
            return Err(missing("aud", "an audience is expected"));
        };
        if aud.iter().any(|a| self.audiences.iter().any(|e| e == a)) {
            return Ok(());
        }
        let found: Vec<String> = aud.iter().map(quote).collect();
        let found = format!("[{}]", found.join(", "));
        if self.audiences.is_empty() {
            return Err(Error::for_claim(
                ErrorKind::InvalidAudience,
                "aud",
                format!(
                    "token has aud {found} but this verifier accepts no audience (RFC 7519 4.1.3); \
                     name the accepted audiences"
                ),
            ));
        }
        Err(Error::for_claim(
            ErrorKind::InvalidAudience,
            "aud",
            format!(
                "aud {found} names no accepted audience; expected {}",
                one_of(&self.audiences)
            ),
        ))
    }

    fn check_subject(&self, claims: &ClaimsView<'_>) -> Result<(), Error> {
        let Some(expected) = &self.subject else {
            return Ok(());
        };
        match claims.sub {
            None => Err(missing("sub", "a subject is expected")),
            Some(sub) if sub == expected => Ok(()),
            Some(sub) => Err(Error::for_claim(
                ErrorKind::InvalidSubject,
                "sub",
                format!(
                    "sub {} is not the expected subject {}",
                    quote(sub),
                    quote(expected)
                ),
            )),
        }
    }
}

#[cold]
fn missing(name: &str, why: &str) -> Error {
    Error::for_claim(
        ErrorKind::MissingClaim,
        name,
        format!("the token has no {} claim, and {why}", quote(name)),
    )
}

fn one_of(values: &[String]) -> String {
    match values {
        [one] => quote(one),
        many => {
            let quoted: Vec<String> = many.iter().map(|v| quote(v)).collect();
            format!("one of {}", quoted.join(", "))
        }
    }
}

/// Compares two `typ` values as media types: case-insensitively, `application/` optional
/// (RFC 7515 §4.1.9).
fn same_media_type(a: &str, b: &str) -> bool {
    fn short(t: &str) -> &str {
        match t.get(..12) {
            Some(prefix) if prefix.eq_ignore_ascii_case("application/") => {
                t.get(12..).unwrap_or("")
            }
            _ => t,
        }
    }
    short(a).eq_ignore_ascii_case(short(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    const NOW: i64 = 1_800_000_000;

    fn at(s: i64) -> NumericDate {
        NumericDate::from_unix_seconds(s).unwrap()
    }

    fn check(validation: &Validation, claims: Value) -> Result<(), Error> {
        validation.check_claims(&claims.to_string(), at(NOW))
    }

    fn kind(validation: &Validation, claims: Value) -> Option<ErrorKind> {
        check(validation, claims).err().map(|e| e.kind())
    }

    #[test]
    fn exp_boundary_is_rfc_strict() {
        let v = Validation::new();
        assert_eq!(
            kind(&v, json!({"exp": NOW})),
            Some(ErrorKind::ExpiredSignature)
        );
        assert_eq!(
            kind(&v, json!({"exp": NOW - 1})),
            Some(ErrorKind::ExpiredSignature)
        );
        assert_eq!(kind(&v, json!({"exp": NOW + 1})), None);
        assert_eq!(kind(&v, json!({"exp": NOW as f64 + 0.5})), None);
        assert_eq!(
            kind(&v, json!({"exp": NOW as f64 - 0.5})),
            Some(ErrorKind::ExpiredSignature)
        );
        assert_eq!(
            kind(&v, json!({"exp": -1})),
            Some(ErrorKind::ExpiredSignature)
        );
        assert_eq!(
            kind(&v, json!({"exp": 0})),
            Some(ErrorKind::ExpiredSignature)
        );
        let l = Validation::new().leeway(Duration::from_secs(60));
        assert_eq!(kind(&l, json!({"exp": NOW - 59})), None);
        assert_eq!(
            kind(&l, json!({"exp": NOW - 60})),
            Some(ErrorKind::ExpiredSignature)
        );
    }

    #[test]
    fn nbf_boundary_and_leeway() {
        let v = Validation::new().required_claims([] as [&str; 0]);
        assert_eq!(kind(&v, json!({"nbf": NOW})), None);
        assert_eq!(
            kind(&v, json!({"nbf": NOW + 1})),
            Some(ErrorKind::ImmatureSignature)
        );
        let l = v.clone().leeway(Duration::from_secs(10));
        assert_eq!(kind(&l, json!({"nbf": NOW + 10})), None);
        assert_eq!(
            kind(&l, json!({"nbf": NOW + 11})),
            Some(ErrorKind::ImmatureSignature)
        );
    }

    #[test]
    fn iat_in_the_future_and_max_age() {
        let v = Validation::new().required_claims([] as [&str; 0]);
        assert_eq!(kind(&v, json!({"iat": NOW})), None);
        assert_eq!(
            kind(&v, json!({"iat": NOW + 1})),
            Some(ErrorKind::InvalidIssuedAt)
        );
        let aged = v.clone().max_age(Duration::from_secs(100));
        assert_eq!(kind(&aged, json!({"iat": NOW - 100})), None);
        assert_eq!(
            kind(&aged, json!({"iat": NOW - 101})),
            Some(ErrorKind::ExpiredSignature)
        );
        let err = check(&aged, json!({})).unwrap_err();
        assert_eq!(
            (err.kind(), err.claim()),
            (ErrorKind::MissingClaim, Some("iat"))
        );
    }

    #[test]
    fn huge_leeway_does_not_overflow() {
        let v = Validation::new().leeway(Duration::MAX);
        assert_eq!(
            kind(&v, json!({"exp": 0, "nbf": 253_402_300_799_i64})),
            None
        );
    }

    #[test]
    fn required_claims_default_to_exp_and_can_name_any_claim() {
        let err = check(&Validation::new(), json!({"sub": "x"})).unwrap_err();
        assert_eq!(
            (err.kind(), err.claim()),
            (ErrorKind::MissingClaim, Some("exp"))
        );
        assert!(err.to_string().contains("exp"), "{err}");
        let v = Validation::new().require("scope");
        let err = check(&v, json!({"exp": NOW + 5})).unwrap_err();
        assert_eq!(err.claim(), Some("scope"));
        assert_eq!(kind(&v, json!({"exp": NOW + 5, "scope": "read"})), None);
    }

    #[test]
    fn issuer_any_of_a_set() {
        let v = Validation::new().issuer("a").issuer("b");
        assert_eq!(kind(&v, json!({"exp": NOW + 5, "iss": "b"})), None);
        let err = check(&v, json!({"exp": NOW + 5, "iss": "c"})).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidIssuer);
        assert!(err.to_string().contains("\"c\"") && err.to_string().contains("\"a\", \"b\""));
        assert_eq!(
            kind(&v, json!({"exp": NOW + 5})),
            Some(ErrorKind::MissingClaim)
        );
        assert_eq!(
            kind(&v, json!({"exp": NOW + 5, "iss": "A"})),
            Some(ErrorKind::InvalidIssuer)
        );
    }

    #[test]
    fn audience_string_list_and_none_accepted() {
        let v = Validation::new().audience("api://a");
        for ok in [
            json!("api://a"),
            json!(["api://a"]),
            json!(["x", "api://a"]),
        ] {
            assert_eq!(kind(&v, json!({"exp": NOW + 5, "aud": ok})), None);
        }
        for bad in [
            json!([]),
            json!(""),
            json!("API://A"),
            json!("api://a "),
            json!(["api://ab"]),
        ] {
            let err = check(&v, json!({"exp": NOW + 5, "aud": bad})).unwrap_err();
            assert_eq!(
                (err.kind(), err.claim()),
                (ErrorKind::InvalidAudience, Some("aud"))
            );
        }
        assert_eq!(
            kind(&v, json!({"exp": NOW + 5})),
            Some(ErrorKind::MissingClaim)
        );
        let none = Validation::new();
        let err = check(&none, json!({"exp": NOW + 5, "aud": "api://a"})).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidAudience);
        assert!(err.to_string().contains("accepts no audience"), "{err}");
    }

    #[test]
    fn subject_exact() {
        let v = Validation::new().subject("alice");
        assert_eq!(kind(&v, json!({"exp": NOW + 5, "sub": "alice"})), None);
        assert_eq!(
            kind(&v, json!({"exp": NOW + 5, "sub": "bob"})),
            Some(ErrorKind::InvalidSubject)
        );
        assert_eq!(
            kind(&v, json!({"exp": NOW + 5})),
            Some(ErrorKind::MissingClaim)
        );
    }

    #[test]
    fn typ_compares_as_a_media_type() {
        assert!(same_media_type("JWT", "jwt"));
        assert!(same_media_type("at+jwt", "application/AT+JWT"));
        assert!(!same_media_type("at+jwt", "JWT"));
        assert!(!same_media_type("JWT", "application/"));
    }
}
