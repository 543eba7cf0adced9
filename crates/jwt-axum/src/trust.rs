//! Whom the layer trusts: one key source with its checks, or several issuers, each with
//! its own. With several, the token's `iss`, read before verification only to choose
//! among them, selects one; the token must then verify with that issuer's keys and pass
//! its checks.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use jwt_jwks::RemoteKeySet;
use jwt_strict::{Error, ErrorKind, Validation, danger};
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::keys::Keys;

/// One issuer an API trusts: its keys and the checks its tokens must pass. Give a list
/// of them to [`BearerAuth::trusting`](crate::BearerAuth::trusting).
///
/// The validation is used as given, with the issuer added to its accepted `iss` when it
/// does not name it: a token selects this entry by naming exactly this issuer.
///
/// ```
/// use jwt_strict::{Algorithm, Validation};
/// use jwt_axum::TrustedIssuer;
///
/// let tenant = TrustedIssuer::discovered(
///     "https://tenant.example/",
///     Validation::new().algorithms([Algorithm::Rs256]).audience("api://orders"),
/// )?;
/// assert_eq!(tenant.issuer(), "https://tenant.example/");
/// # Ok::<(), jwt_strict::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TrustedIssuer {
    issuer: String,
    checks: Arc<Checks>,
}

/// Keys and the validation they are used with.
#[derive(Debug)]
pub(crate) struct Checks {
    pub(crate) keys: Keys,
    pub(crate) validation: Validation,
}

/// A token's verified claims, the checks it passed, and the version of their keys read
/// before it was verified (for the cache of verified tokens).
pub(crate) struct Passed {
    pub(crate) claims: Map<String, Value>,
    pub(crate) checks: Arc<Checks>,
    pub(crate) keys_version: u64,
}

impl Checks {
    async fn decode(self: &Arc<Checks>, token: &str) -> Result<Passed, Error> {
        let keys_version = self.keys.version();
        let claims = self.keys.decode(token, &self.validation).await?;
        Ok(Passed {
            claims,
            checks: self.clone(),
            keys_version,
        })
    }
}

impl TrustedIssuer {
    /// `issuer`, whose tokens verify with `keys` (one key, a key set, a remote key set)
    /// and pass `validation`.
    pub fn new(issuer: &str, keys: impl Into<Keys>, validation: Validation) -> TrustedIssuer {
        let validation = if validation.issuers().iter().any(|known| known == issuer) {
            validation
        } else {
            validation.issuer(issuer)
        };
        TrustedIssuer {
            issuer: issuer.to_owned(),
            checks: Arc::new(Checks {
                keys: keys.into(),
                validation,
            }),
        }
    }

    /// `issuer`, whose keys are found through its metadata
    /// ([`RemoteKeySet::for_issuer`]: OpenID Connect Discovery, else RFC 8414).
    ///
    /// # Errors
    ///
    /// `key_source` when the issuer is not an `https` URL (or `http` on a loopback
    /// host) without query or fragment.
    pub fn discovered(issuer: &str, validation: Validation) -> Result<TrustedIssuer, Error> {
        Ok(TrustedIssuer::new(
            issuer,
            RemoteKeySet::for_issuer(issuer)?,
            validation,
        ))
    }

    /// The issuer, as tokens must name it in `iss`.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }
}

/// What the layer verifies with.
#[derive(Clone)]
pub(crate) enum Trust {
    /// One key source and its checks, for every token.
    One(Arc<Checks>),
    /// Several issuers, chosen by the token's `iss`.
    Issuers {
        by_iss: HashMap<String, Arc<Checks>>,
        /// The largest token any issuer's validation accepts: the limit for reading `iss`.
        read_limit: usize,
    },
}

/// The one claim read before verification when several issuers are trusted.
#[derive(Deserialize)]
struct Issuer {
    iss: Option<String>,
}

impl Trust {
    pub(crate) fn one(keys: Keys, validation: Validation) -> Trust {
        Trust::One(Arc::new(Checks { keys, validation }))
    }

    /// A later entry for the same issuer replaces an earlier one.
    pub(crate) fn issuers(issuers: impl IntoIterator<Item = TrustedIssuer>) -> Trust {
        let by_iss: HashMap<String, Arc<Checks>> = issuers
            .into_iter()
            .map(|trusted| (trusted.issuer, trusted.checks))
            .collect();
        let read_limit = by_iss
            .values()
            .map(|checks| checks.validation.token_len_limit())
            .max()
            .unwrap_or(0);
        Trust::Issuers { by_iss, read_limit }
    }

    /// The claims of `token` once it verifies with the keys and checks it is due.
    pub(crate) async fn decode(&self, token: &str) -> Result<Passed, Error> {
        match self {
            Trust::One(checks) => checks.decode(token).await,
            Trust::Issuers { by_iss, read_limit } => {
                // Read only to choose; nothing is trusted until the chosen keys verify.
                let unverified = danger::read_unverified_within::<Issuer>(token, *read_limit)?;
                let Some(iss) = unverified.claims.iss else {
                    return Err(Error::new(
                        ErrorKind::MissingClaim,
                        "the token has no iss claim, so no trusted issuer can be chosen",
                    ));
                };
                match by_iss.get(&iss) {
                    Some(checks) => checks.decode(token).await,
                    None => Err(Error::new(
                        ErrorKind::InvalidIssuer,
                        format!(
                            "the issuer {iss:?} is not one of the {} trusted",
                            by_iss.len()
                        ),
                    )),
                }
            }
        }
    }
}

impl fmt::Debug for Trust {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Trust::One(checks) => write!(f, "{:?}", checks.keys),
            Trust::Issuers { by_iss, .. } => {
                let mut issuers: Vec<&String> = by_iss.keys().collect();
                issuers.sort();
                f.debug_tuple("Issuers").field(&issuers).finish()
            }
        }
    }
}
