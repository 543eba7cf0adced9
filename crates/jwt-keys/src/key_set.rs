//! JWK Sets (RFC 7517 §5) of trusted keys, for verifying tokens whose `kid` and `alg`
//! select among them.
//!
//! Parsing is strict about the set and lenient about single keys: a set that holds
//! private key members, mixes HMAC secrets with public keys, or names two keys of one
//! kind with the same `kid` is refused whole; a key that cannot serve (an unsupported
//! type, curve or `alg`, `use` other than `sig`, `key_ops` without `verify`, a weak or
//! invalid key) is left out and listed in [`KeySet::skipped`] with the reason.

use std::fmt;

use jwt_core::{Algorithm, AlgorithmFamily, Error, ErrorKind, Header, JwsVerifier, KeySource};
use serde_json::{Map, Value};

use crate::jwk::{Jwk, JwkKey, KeyOperation};
use crate::material::invalid;

/// The largest key set read: issuers publish a handful of keys.
const MAX_KEYS: usize = 100;

/// The members that make a JWK private (`k` makes it a shared secret).
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "priv"];

/// Makes the verifier of one key for one algorithm: the backend's for public keys, the
/// HMAC crate's for `oct` secrets.
pub type MakeVerifier<'a> = dyn Fn(&JwkKey, Algorithm) -> Result<Box<dyn JwsVerifier>, Error> + 'a;

/// A set of trusted verification keys, read from a JWK Set.
///
/// The facade's `jwt_strict::key_set` reads one on the default backend (and `oct` keys on
/// jwt-hs); [`KeySet::from_json_with`] takes any way of making verifiers. A key
/// set is a [`KeySource`]: `decode` takes it where it takes one key.
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } }
/// use jwt_strict::{Error, ErrorKind};
/// use jwt_strict::keys::KeySet;
///
/// let jwks = r#"{"keys":[
///     {"kty":"OKP","crv":"Ed25519","kid":"a","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
///     {"kty":"EC","crv":"P-256","kid":"b","use":"enc",
///      "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}"#;
/// // A backend makes the verifiers; this one refuses every key, to show the list.
/// let set = KeySet::from_json_with(jwks, &|_, alg| {
///     Err(Error::new(ErrorKind::InvalidKey, format!("no backend for {alg}")))
/// })?;
/// assert!(set.is_empty());
/// let reasons: Vec<String> = set.skipped().iter().map(|key| key.reason.to_string()).collect();
/// assert!(reasons[0].contains("no backend for EdDSA"));
/// assert!(reasons[1].contains(r#"use is "enc""#));
///
/// // Private members are refused whole, whatever the backend.
/// let private = r#"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}]}"#;
/// let err = KeySet::from_json_with(private, &|_, _| unreachable!()).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidKey);
/// # Ok::<(), Error>(())
/// ```
pub struct KeySet {
    keys: Vec<TrustedKey>,
    skipped: Vec<SkippedKey>,
}

/// One usable key of a set: its `kid`, a verifier per algorithm it may serve, and
/// whether its JWK named the algorithm.
struct TrustedKey {
    kid: Option<String>,
    verifiers: Vec<Box<dyn JwsVerifier>>,
    /// The JWK had `alg`. Without it, the key serves the first of `verifiers` (its
    /// type's first algorithm) by default, and the others only when the verifier's
    /// allow-list names them.
    named: bool,
}

impl TrustedKey {
    /// The verifier for `alg`, if this key may serve it under `allowed`.
    fn serving(
        &self,
        alg: Algorithm,
        allowed: Option<&[Algorithm]>,
    ) -> Option<&(dyn JwsVerifier + 'static)> {
        let (position, verifier) = self
            .verifiers
            .iter()
            .enumerate()
            .find(|(_, verifier)| verifier.algorithm() == alg)?;
        let may = self.named || position == 0 || allowed.is_some_and(|list| list.contains(&alg));
        may.then_some(verifier.as_ref())
    }
}

/// A key of a set that was left out, and why.
#[derive(Debug)]
#[non_exhaustive]
pub struct SkippedKey {
    /// Its position in the set's `keys` array.
    pub index: usize,
    /// Its `kid`, if it has one.
    pub kid: Option<String>,
    /// Why it cannot serve.
    pub reason: Error,
}

impl KeySet {
    /// Reads a JWK Set, making each key's verifiers with `make`.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the text is not a JWK Set (an object whose `keys` is an
    /// array of at most 100 objects), when a key has private members, when secrets and
    /// public keys are mixed, or when two keys of one kind (`kty` and `crv`) share a
    /// `kid`, usable or not.
    pub fn from_json_with(json: &str, make: &MakeVerifier<'_>) -> Result<KeySet, Error> {
        let set = jwt_core::parse_json_object(json.as_bytes(), "JWK Set", ErrorKind::InvalidKey)?;
        let entries = match set.get("keys") {
            Some(Value::Array(entries)) => entries,
            Some(_) => return Err(invalid("a JWK Set's keys must be an array")),
            None => return Err(invalid("the JWK Set has no keys member")),
        };
        if entries.len() > MAX_KEYS {
            return Err(invalid(format!(
                "the JWK Set has {} keys; at most {MAX_KEYS} are read",
                entries.len()
            )));
        }
        let mut members = Vec::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            let Value::Object(entry) = entry else {
                return Err(invalid(format!(
                    "key {index} of the JWK Set is not an object"
                )));
            };
            if let Some(name) = PRIVATE_MEMBERS
                .iter()
                .find(|name| entry.contains_key(**name))
            {
                return Err(invalid(format!(
                    "key {index} of the JWK Set has the private member {name}; a set for \
                     verification holds public keys only"
                )));
            }
            members.push(entry);
        }
        let secrets = members.iter().filter(|entry| is_secret(entry)).count();
        if secrets != 0 && secrets != members.len() {
            return Err(invalid(
                "the JWK Set mixes HMAC secrets (oct) with public keys; use one set for each",
            ));
        }
        let mut set = KeySet {
            keys: Vec::new(),
            skipped: Vec::new(),
        };
        let mut kinds: Vec<(&str, String)> = Vec::new();
        for entry in &members {
            if let Some(Value::String(kid)) = entry.get("kid") {
                let kind = kind(entry);
                if kinds.iter().any(|(k, t)| k == kid && *t == kind) {
                    return Err(invalid(format!(
                        "the JWK Set has two {kind} keys with kid {}; a kid must name one key",
                        shown(kid)
                    )));
                }
                kinds.push((kid, kind));
            }
        }
        for (index, entry) in members.into_iter().enumerate() {
            match trusted_key(entry, make) {
                Ok(key) => set.keys.push(key),
                Err(reason) => set.skipped.push(SkippedKey {
                    index,
                    kid: entry.get("kid").and_then(Value::as_str).map(str::to_owned),
                    reason,
                }),
            }
        }
        Ok(set)
    }

    /// The keys left out, with the reason for each.
    pub fn skipped(&self) -> &[SkippedKey] {
        &self.skipped
    }

    /// How many keys of the set can verify.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no key of the set can verify.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

impl KeySource for KeySet {
    type Verifier = dyn JwsVerifier;

    /// The one key whose `kid` is the token's (when it names one) and that serves the
    /// token's `alg`: named by its JWK's `alg`, or, for a key whose JWK names none, its
    /// type's first algorithm or one that `allowed` names.
    fn key_for(
        &self,
        header: &Header,
        allowed: Option<&[Algorithm]>,
    ) -> Result<&Self::Verifier, Error> {
        let alg = header.alg;
        let kid = header.kid.as_deref();
        let with_kid = || {
            self.keys
                .iter()
                .filter(move |key| kid.is_none() || key.kid.as_deref() == kid)
        };
        let mut candidates = with_kid().filter_map(|key| key.serving(alg, allowed));
        let first = candidates.next();
        if first.is_none()
            && let Some(unnamed) = with_kid().find(|key| key.serving(alg, Some(&[alg])).is_some())
        {
            let default = unnamed
                .verifiers
                .first()
                .map(|v| v.algorithm().name())
                .unwrap_or("");
            return Err(Error::new(
                ErrorKind::InvalidAlgorithm,
                format!(
                    "the trusted key{} names no alg, so it serves {default} alone unless the \
                     allowed algorithms (Validation::algorithms) name {alg} (RFC 8725 3.1)",
                    unnamed
                        .kid
                        .as_deref()
                        .map(|kid| format!(" with kid {}", shown(kid)))
                        .unwrap_or_default()
                ),
            ));
        }
        match (first, candidates.next(), kid) {
            (Some(only), None, _) => Ok(only),
            (None, _, Some(kid)) => Err(no_match(format!(
                "no trusted key has kid {} and serves {alg}{}",
                shown(kid),
                self.left_out(Some(kid))
            ))),
            (None, _, None) => Err(no_match(format!(
                "no trusted key serves {alg}{}",
                self.left_out(None)
            ))),
            (Some(_), Some(_), Some(kid)) => Err(no_match(format!(
                "the token has kid {} and {} trusted keys with that kid serve {alg}; a kid \
                 must name one key",
                shown(kid),
                2 + candidates.count()
            ))),
            (Some(_), Some(_), None) => Err(no_match(format!(
                "the token has no kid and {} trusted keys serve {alg}; a kid is needed to \
                 choose",
                2 + candidates.count()
            ))),
        }
    }
}

impl KeySet {
    /// Why the set's keys with `kid` (any, for `None`, or when the set has no usable key
    /// at all) were left out, for a message.
    fn left_out(&self, kid: Option<&str>) -> String {
        let any = kid.is_none() || self.keys.is_empty();
        let reasons: Vec<String> = self
            .skipped
            .iter()
            .filter(|key| any || key.kid.as_deref() == kid)
            .take(3)
            .map(|key| format!("key {} was left out: {}", key.index, key.reason))
            .collect();
        if reasons.is_empty() {
            String::new()
        } else {
            format!(" (the set's {})", reasons.join("; "))
        }
    }
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kids: Vec<Option<&str>> = self.keys.iter().map(|key| key.kid.as_deref()).collect();
        f.debug_struct("KeySet")
            .field("kids", &kids)
            .field("skipped", &self.skipped.len())
            .finish_non_exhaustive()
    }
}

/// A usable key with its verifiers, or why it cannot serve.
fn trusted_key(entry: &Map<String, Value>, make: &MakeVerifier<'_>) -> Result<TrustedKey, Error> {
    let jwk = Jwk::from_members(entry)?;
    let algorithms: Vec<Algorithm> = match &jwk.alg {
        Some(name) => vec![name.parse::<Algorithm>().map_err(|_| {
            invalid(format!(
                "alg {name:?} is not a supported signature algorithm"
            ))
        })?],
        None => Algorithm::ALL
            .into_iter()
            .filter(|alg| fits(&jwk.key, *alg))
            .collect(),
    };
    let mut verifiers = Vec::new();
    let mut last_refusal = None;
    for alg in algorithms {
        match jwk
            .check_usable(alg, KeyOperation::Verify)
            .and_then(|()| make(&jwk.key, alg))
        {
            Ok(verifier) => verifiers.push(verifier),
            Err(err) => last_refusal = Some(err),
        }
    }
    if verifiers.is_empty() {
        return Err(last_refusal.unwrap_or_else(|| invalid("the key serves no algorithm")));
    }
    Ok(TrustedKey {
        kid: jwk.kid,
        verifiers,
        named: jwk.alg.is_some(),
    })
}

/// Whether `key` is of the kind `alg` needs (its size is checked when it is made).
fn fits(key: &JwkKey, alg: Algorithm) -> bool {
    match key {
        JwkKey::Secret(_) => alg.family() == AlgorithmFamily::Hmac,
        JwkKey::Public(public) => public.check_algorithm(alg).is_ok(),
        JwkKey::Private(_) => false,
    }
}

fn is_secret(entry: &Map<String, Value>) -> bool {
    entry.get("kty").and_then(Value::as_str) == Some("oct")
}

/// A key's kind for the kid uniqueness rule: `kty`, and `crv` for the key types whose
/// curve decides the algorithm (EC, OKP). A `crv` on any other key type means nothing
/// and does not make a second kind: two RSA keys with one kid are refused whatever else
/// they carry.
fn kind(entry: &Map<String, Value>) -> String {
    let field = |name| entry.get(name).and_then(Value::as_str).unwrap_or_default();
    let kty = field("kty");
    match kty {
        "EC" | "OKP" => format!("{kty} {}", field("crv")).trim().to_owned(),
        _ => kty.to_owned(),
    }
}

fn no_match(message: String) -> Error {
    Error::new(ErrorKind::NoMatchingKey, message)
}

/// A kid as messages show it: quoted, escaped, shortened.
fn shown(text: &str) -> String {
    let shown: String = text.chars().take(64).collect();
    format!("{shown:?}")
}
