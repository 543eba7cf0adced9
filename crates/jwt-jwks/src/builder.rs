//! The client's settings, with safe defaults.

use std::sync::Arc;
use std::time::Duration;

use jwt_strict::{BackendEntry, Error, ErrorKind};
use reqwest::Url;

use crate::blocking::BlockingRemoteKeySet;
use crate::cache_control::Lifetimes;
use crate::clock::{Clock, SystemClock};
use crate::discovery::checked_issuer;
use crate::remote::{DEFAULT_STALE_IF_ERROR, RemoteKeySet};
use crate::url_policy::{checked_url, redirect_policy};

/// Where the set comes from.
#[derive(Debug)]
pub(crate) enum Source {
    /// A JWK Set URL.
    KeySet(Url),
    /// An issuer whose metadata names the set's URL (`jwks_uri`).
    Issuer { id: String, url: Url },
}

/// The settings of one client, as built.
#[derive(Debug)]
pub(crate) struct Config {
    pub(crate) source: Source,
    pub(crate) rediscover_every: Duration,
    pub(crate) timeout: Duration,
    pub(crate) max_body: usize,
    pub(crate) lifetimes: Lifetimes,
    pub(crate) cooldown: Duration,
    pub(crate) refresh_ahead: Duration,
    pub(crate) stale_if_error: Duration,
    pub(crate) backend: &'static BackendEntry,
    pub(crate) clock: Arc<dyn Clock>,
}

/// Settings for a [`RemoteKeySet`]; every one has a default.
///
/// | setting | default |
/// |---|---|
/// | [`timeout`](Self::timeout) (connect, and the whole request) | 5 s |
/// | [`max_body_bytes`](Self::max_body_bytes) | 1 MiB |
/// | redirects | at most 3, never from https to http |
/// | [`max_age_bounds`](Self::max_age_bounds) (`Cache-Control: max-age` clamped to) | 1 min to 24 h |
/// | [`default_max_age`](Self::default_max_age) (no `max-age`) | 10 min |
/// | [`cooldown`](Self::cooldown) (between refetches for unknown `kid`s; the first after another request goes at once) | 30 s |
/// | [`refresh_ahead`](Self::refresh_ahead) (a lookup this long before freshness ends refreshes in the background; at most half the lifetime) | 30 s |
/// | [`stale_if_error`](Self::stale_if_error) (serving the last good set past its freshness) | 24 h |
/// | [`rediscover_every`](Self::rediscover_every) (reading an issuer's metadata again; a set configured by issuer only) | 24 h |
/// | [`backend`](Self::backend) | the first of `jwt_strict::BACKENDS` |
///
/// ```
/// use std::time::Duration;
/// use jwt_jwks::RemoteKeySet;
///
/// let keys = RemoteKeySet::builder("https://issuer.example/.well-known/jwks.json")
///     .timeout(Duration::from_secs(2))
///     .cooldown(Duration::from_secs(60))
///     .build()?;
/// assert_eq!(keys.url(), "https://issuer.example/.well-known/jwks.json");
///
/// // Plain http only on this machine.
/// let err = RemoteKeySet::builder("http://issuer.example/jwks.json").build().unwrap_err();
/// assert_eq!(err.kind(), jwt_strict::ErrorKind::KeySource);
/// # Ok::<(), jwt_strict::Error>(())
/// ```
#[derive(Debug)]
#[must_use]
pub struct RemoteKeySetBuilder {
    url: String,
    by_issuer: bool,
    rediscover_every: Duration,
    timeout: Duration,
    max_body: usize,
    max_redirects: usize,
    lifetimes: Lifetimes,
    cooldown: Duration,
    refresh_ahead: Duration,
    stale_if_error: Duration,
    backend: Option<&'static BackendEntry>,
    root_certificates: Option<Vec<u8>>,
    clock: Arc<dyn Clock>,
}

impl RemoteKeySet {
    /// Settings for a client of the JWK Set at `url`.
    pub fn builder(url: &str) -> RemoteKeySetBuilder {
        RemoteKeySetBuilder {
            url: url.to_owned(),
            by_issuer: false,
            rediscover_every: Duration::from_secs(24 * 3600),
            timeout: Duration::from_secs(5),
            max_body: 1 << 20,
            max_redirects: 3,
            lifetimes: Lifetimes {
                shortest: Duration::from_secs(60),
                longest: Duration::from_secs(24 * 3600),
                default: Duration::from_secs(600),
            },
            cooldown: Duration::from_secs(30),
            refresh_ahead: Duration::from_secs(30),
            stale_if_error: DEFAULT_STALE_IF_ERROR,
            backend: None,
            root_certificates: None,
            clock: Arc::new(SystemClock),
        }
    }

    /// Settings for a client of `issuer`'s keys, found through its metadata: OpenID
    /// Connect Discovery (`{issuer}/.well-known/openid-configuration`), else RFC 8414
    /// (`/.well-known/oauth-authorization-server`). The document must name exactly
    /// `issuer`, and its `jwks_uri` must pass the same URL rules as a key set's.
    ///
    /// ```
    /// use jwt_jwks::RemoteKeySet;
    ///
    /// let keys = RemoteKeySet::issuer_builder("https://tenant.example/").build()?;
    /// assert_eq!(keys.issuer(), Some("https://tenant.example/"));
    /// # Ok::<(), jwt_strict::Error>(())
    /// ```
    pub fn issuer_builder(issuer: &str) -> RemoteKeySetBuilder {
        RemoteKeySetBuilder {
            by_issuer: true,
            ..RemoteKeySet::builder(issuer)
        }
    }
}

impl RemoteKeySetBuilder {
    /// The longest a connection may take to open, and the longest a whole request may
    /// take, each.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body read; a larger one is a failed fetch.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// The bounds `Cache-Control: max-age` is clamped to (a longer `shortest` wins).
    pub fn max_age_bounds(mut self, shortest: Duration, longest: Duration) -> Self {
        self.lifetimes.shortest = shortest;
        self.lifetimes.longest = longest;
        self
    }

    /// How long a set stays fresh when its response has no `max-age` (then clamped to
    /// the bounds).
    pub fn default_max_age(mut self, max_age: Duration) -> Self {
        self.lifetimes.default = max_age;
        self
    }

    /// The least time between two requests made for tokens that name an unknown `kid`
    /// (or after a failed refresh).
    pub fn cooldown(mut self, cooldown: Duration) -> Self {
        self.cooldown = cooldown;
        self
    }

    /// How long before a set's freshness ends a lookup starts its refresh in the
    /// background (capped at half the set's lifetime), so that no lookup waits on the key
    /// server while a set is held. `Duration::ZERO` starts it at the end of freshness,
    /// still in the background.
    pub fn refresh_ahead(mut self, ahead: Duration) -> Self {
        self.refresh_ahead = ahead;
        self
    }

    /// How long past its freshness the last good set keeps answering while refreshes
    /// fail. `Duration::ZERO` turns stale answers off.
    pub fn stale_if_error(mut self, window: Duration) -> Self {
        self.stale_if_error = window;
        self
    }

    /// How often an issuer's metadata is read again, for a set configured by issuer
    /// ([`RemoteKeySet::issuer_builder`]). When it cannot be read, the last `jwks_uri`
    /// keeps serving for [`stale_if_error`](Self::stale_if_error) more.
    pub fn rediscover_every(mut self, interval: Duration) -> Self {
        self.rediscover_every = interval;
        self
    }

    /// The backend that verifies with the set's keys (one of `jwt_strict::BACKENDS`).
    pub fn backend(mut self, backend: &'static BackendEntry) -> Self {
        self.backend = Some(backend);
        self
    }

    /// Trusts only the certificates of this PEM bundle for HTTPS, instead of the
    /// system's roots: for an identity provider behind a private CA, or a test server.
    pub fn root_certificates_pem(mut self, pem: &[u8]) -> Self {
        self.root_certificates = Some(pem.to_vec());
        self
    }

    /// The clock freshness, cooldown and staleness are measured on.
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Makes the client. Nothing is fetched until the first lookup.
    ///
    /// # Errors
    ///
    /// `key_source` when the URL (or issuer) is not `https` (nor `http` on a loopback
    /// host), an issuer has a query or fragment, the root certificates do not parse, or the HTTP client cannot be made.
    pub fn build(self) -> Result<RemoteKeySet, Error> {
        let (config, client) = self.parts()?;
        Ok(RemoteKeySet::from_config(config, client))
    }

    /// Makes a client for programs without an async runtime (see
    /// [`BlockingRemoteKeySet`]).
    ///
    /// # Errors
    ///
    /// As [`build`](Self::build), and `key_source` when called inside an async runtime.
    pub fn build_blocking(self) -> Result<BlockingRemoteKeySet, Error> {
        BlockingRemoteKeySet::new(self.build()?)
    }

    fn parts(self) -> Result<(Config, reqwest::Client), Error> {
        let source = if self.by_issuer {
            Source::Issuer {
                url: checked_issuer(&self.url)?,
                id: self.url,
            }
        } else {
            Source::KeySet(checked_url(&self.url)?)
        };
        let backend = match self.backend {
            Some(backend) => backend,
            None => jwt_strict::BACKENDS.first().ok_or_else(|| {
                Error::new(
                    ErrorKind::KeySource,
                    "no asymmetric backend is compiled in: enable one of jwt-strict's features \
                     awslc, openssl or rustcrypto in the application",
                )
            })?,
        };
        let failed = |what: &str, err: reqwest::Error| {
            Error::new(ErrorKind::KeySource, format!("{what}: {err}")).with_source(err)
        };
        let mut client = reqwest::Client::builder()
            .connect_timeout(self.timeout)
            .timeout(self.timeout)
            .redirect(redirect_policy(self.max_redirects))
            .no_proxy()
            .user_agent(concat!("jwt-jwks/", env!("CARGO_PKG_VERSION")));
        if let Some(pem) = &self.root_certificates {
            let roots = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|err| failed("the root certificates do not parse", err))?;
            if roots.is_empty() {
                return Err(Error::new(
                    ErrorKind::KeySource,
                    "the root certificate bundle holds no certificate",
                ));
            }
            client = client.tls_certs_only(roots);
        }
        let client = client
            .build()
            .map_err(|err| failed("cannot make the HTTP client", err))?;
        let config = Config {
            source,
            rediscover_every: self.rediscover_every,
            timeout: self.timeout,
            max_body: self.max_body,
            lifetimes: self.lifetimes,
            cooldown: self.cooldown,
            refresh_ahead: self.refresh_ahead,
            stale_if_error: self.stale_if_error,
            backend,
            clock: self.clock,
        };
        Ok((config, client))
    }
}
