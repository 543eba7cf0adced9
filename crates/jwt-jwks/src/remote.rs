//! The cache: a held key set, kept fresh, refetched for unknown `kid`s at most once per
//! cooldown, one request at a time, and served past its freshness when refreshes fail.

use std::borrow::Cow;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use jwt_strict::keys::KeySet;
use jwt_strict::{Error, ErrorKind, NumericDate, TokenData, Validation};
use reqwest::Url;
use reqwest::header::HeaderValue;
use serde::de::DeserializeOwned;
use tracing::Instrument;

use crate::builder::{Config, Source};
use crate::discovery;
use crate::fetch::{Fetched, Request};
use crate::stats::{Counters, Stats};
use crate::url_policy::shown;

/// An identity provider's JWK Set, fetched over HTTPS and kept up to date.
///
/// Cheap to clone (clones share the cache); make one per issuer and keep it for the
/// life of the program. See the [crate docs](crate) for the rules it follows.
///
/// ```no_run
/// use jwt_strict::{Algorithm, Validation};
/// use jwt_jwks::RemoteKeySet;
///
/// # async fn demo(token: &str) -> Result<(), jwt_strict::Error> {
/// let keys = RemoteKeySet::new("https://issuer.example/.well-known/jwks.json")?;
/// let validation = Validation::new()
///     .algorithms([Algorithm::Rs256])
///     .issuer("https://issuer.example/")
///     .audience("api://orders");
/// let verified = keys.decode::<jwt_strict::RegisteredClaims>(token, &validation).await?;
/// println!("{:?}", verified.claims.sub);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct RemoteKeySet {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    config: Config,
    client: reqwest::Client,
    state: Mutex<State>,
    /// Held by the one task whose request is under way (single-flight); shared with a
    /// background refresh, which owns it while it runs.
    in_flight: Arc<tokio::sync::Mutex<()>>,
    counters: Counters,
}

/// What the cache holds; locked only briefly, never across a request.
#[derive(Debug, Default)]
struct State {
    held: Option<Held>,
    /// When the last request was sent.
    last_request: Option<Instant>,
    /// Whether that request was sent for a token naming a key the set did not hold.
    last_for_unknown_kid: bool,
    /// What the last request's failure was, if it failed: the answer while no set is held.
    last_failure: Option<String>,
    /// Counts finished requests, so that a task that waited for another's request
    /// knows it need not send its own.
    generation: u64,
    /// The set's URL, once discovered (a set configured by issuer).
    discovered: Option<Discovered>,
    /// Counts the sets that replaced the held one (see `RemoteKeySet::set_version`).
    version: u64,
}

/// What the issuer's metadata said, and until when it stands.
#[derive(Debug)]
struct Discovered {
    jwks_uri: Url,
    until: Instant,
}

/// The last good set.
#[derive(Debug)]
struct Held {
    keys: Arc<KeySet>,
    etag: Option<HeaderValue>,
    /// When a lookup starts a background refresh: a while before `fresh_until`.
    refresh_from: Instant,
    fresh_until: Instant,
}

impl Held {
    fn new(
        keys: Arc<KeySet>,
        etag: Option<HeaderValue>,
        now: Instant,
        lifetime: Duration,
        ahead: Duration,
    ) -> Held {
        Held {
            keys,
            etag,
            refresh_from: now + lifetime.saturating_sub(ahead.min(lifetime / 2)),
            fresh_until: now + lifetime,
        }
    }
}

/// A snapshot of the cache for one lookup.
struct Snapshot {
    keys: Option<Arc<KeySet>>,
    fresh: bool,
    usable: bool,
    /// A refresh should start: the set is near or past its freshness and the last
    /// request was at least the cooldown ago.
    refresh_due: bool,
    generation: u64,
}

/// Why a request is wanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reason {
    /// No set is held, or the held one is past its freshness.
    Refresh,
    /// A token names a key the fresh set does not hold.
    UnknownKey,
}

impl RemoteKeySet {
    /// A client for the JWK Set at `url` with the default settings (see
    /// [`RemoteKeySet::builder`]). Nothing is fetched until the first lookup.
    ///
    /// # Errors
    ///
    /// `key_source` when the URL is not `https` (or `http` on a loopback host), or the
    /// HTTP client cannot be made.
    pub fn new(url: &str) -> Result<RemoteKeySet, Error> {
        RemoteKeySet::builder(url).build()
    }

    /// A client for `issuer`'s keys with the default settings, found through its
    /// metadata (see [`RemoteKeySet::issuer_builder`]). Nothing is fetched until the
    /// first lookup.
    ///
    /// ```no_run
    /// use jwt_strict::{Algorithm, Validation};
    /// use jwt_jwks::RemoteKeySet;
    ///
    /// # async fn demo(token: &str) -> Result<(), jwt_strict::Error> {
    /// let keys = RemoteKeySet::for_issuer("https://tenant.example/")?;
    /// // No issuer named here: the key set's is required as `iss`.
    /// let validation = Validation::new().algorithms([Algorithm::Rs256]).audience("api://orders");
    /// let verified = keys.decode::<jwt_strict::RegisteredClaims>(token, &validation).await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// `key_source` when the issuer is not an `https` URL (or `http` on a loopback host)
    /// without query or fragment, or the HTTP client cannot be made.
    pub fn for_issuer(issuer: &str) -> Result<RemoteKeySet, Error> {
        RemoteKeySet::issuer_builder(issuer).build()
    }

    pub(crate) fn from_config(config: Config, client: reqwest::Client) -> RemoteKeySet {
        RemoteKeySet {
            shared: Arc::new(Shared {
                config,
                client,
                state: Mutex::new(State::default()),
                in_flight: Arc::new(tokio::sync::Mutex::new(())),
                counters: Counters::default(),
            }),
        }
    }

    /// The URL the set is fetched from, without credentials. For a set configured by
    /// issuer, the `jwks_uri` its metadata named, or the metadata's URL before the first
    /// discovery.
    pub fn url(&self) -> String {
        match &self.shared.config.source {
            Source::KeySet(url) => shown(url),
            Source::Issuer { url, .. } => match &self.lock().discovered {
                Some(discovered) => shown(&discovered.jwks_uri),
                None => shown(&discovery::metadata_urls(url)[0]),
            },
        }
    }

    /// The issuer the set was configured by ([`RemoteKeySet::issuer_builder`]), if it
    /// was; its tokens must name it as `iss`.
    pub fn issuer(&self) -> Option<&str> {
        match &self.shared.config.source {
            Source::KeySet(_) => None,
            Source::Issuer { id, .. } => Some(id),
        }
    }

    /// What the client has done so far.
    pub fn stats(&self) -> Stats {
        self.shared.counters.snapshot()
    }

    /// Verifies `token` with the key its header names, as [`jwt_strict::decode`] does with a
    /// key set. The held set answers at once (its refresh, when due, runs in the
    /// background); the lookup waits for a request only when no usable set is held, or
    /// when the token names a key the set does not hold (at once after another request,
    /// else at most once per cooldown). A token whose header cannot be read (`malformed_token`,
    /// `invalid_algorithm`, `token_too_large`) is refused as such before any request.
    ///
    /// For a set configured by issuer, a validation that names no issuer requires that
    /// one as `iss`; one that names issuers is used as it is.
    ///
    /// # Errors
    ///
    /// Every error of [`jwt_strict::decode`]; `no_matching_key` when no key of the set fits,
    /// even after a refetch (or during the cooldown); `key_source` when no set could be
    /// fetched and none may stand in.
    pub async fn decode<T: DeserializeOwned>(
        &self,
        token: &str,
        validation: &Validation,
    ) -> Result<TokenData<T>, Error> {
        self.decode_at(token, validation, NumericDate::now()).await
    }

    /// [`decode`](RemoteKeySet::decode) at a given time for the token's claims (the
    /// cache keeps its own clock).
    ///
    /// # Errors
    ///
    /// As [`decode`](RemoteKeySet::decode).
    pub async fn decode_at<T: DeserializeOwned>(
        &self,
        token: &str,
        validation: &Validation,
        now: NumericDate,
    ) -> Result<TokenData<T>, Error> {
        let validation = &*self.with_issuer(validation);
        // A token that cannot be a JWS says nothing of the keys: it is refused as what it
        // is (`malformed_token`, …) and never makes a request, even with no set held.
        // With the validation's own size limit, so that whether the set is fresh never
        // changes which tokens are accepted.
        if !self.snapshot(self.shared.config.clock.now()).fresh {
            jwt_strict::danger::peek_header_within(token, validation.token_len_limit())?;
        }
        let (keys, generation) = self.keys_and_generation().await?;
        match jwt_strict::decode_at(token, &*keys, validation, now) {
            Err(err) if err.kind() == ErrorKind::NoMatchingKey => {
                match self.request(Reason::UnknownKey, generation).await? {
                    Some(newer) if !Arc::ptr_eq(&newer, &keys) => {
                        jwt_strict::decode_at(token, &*newer, validation, now)
                    }
                    _ => Err(err),
                }
            }
            other => other,
        }
    }

    /// `validation`, requiring the configured issuer when it names none.
    fn with_issuer<'v>(&self, validation: &'v Validation) -> Cow<'v, Validation> {
        match self.issuer() {
            Some(issuer) if validation.issuers().is_empty() => {
                Cow::Owned(validation.clone().issuer(issuer))
            }
            _ => Cow::Borrowed(validation),
        }
    }

    /// The set as it stands, fetching it first when no usable set is held (a refresh
    /// that is due runs in the background). Hand it to [`jwt_strict::decode`] or keep it to list its keys.
    ///
    /// # Errors
    ///
    /// `key_source` when no set could be fetched and none may stand in.
    pub async fn key_set(&self) -> Result<Arc<KeySet>, Error> {
        self.keys_and_generation().await.map(|(keys, _)| keys)
    }

    /// Fetches the set now (revalidating with `If-None-Match` when the server gave an
    /// `ETag`), whatever its freshness and the cooldown; waits for a request already
    /// under way instead of sending a second.
    ///
    /// # Errors
    ///
    /// `key_source` when the request fails; the held set, if any, stays.
    pub async fn refresh(&self) -> Result<Arc<KeySet>, Error> {
        let _turn = self.shared.in_flight.lock().await;
        self.lock().last_for_unknown_kid = false;
        self.send_request().await
    }

    /// An identifier of the held set that changes whenever a set the provider served
    /// replaces it (a rotation, a withdrawal; a `304 Not Modified` keeps it). Reading it
    /// counts as a lookup for refresh ahead: a refresh that is due starts in the
    /// background. For caches of verified tokens: a verdict reached under one version
    /// stands only while the version is the same.
    ///
    /// ```
    /// # async fn demo(keys: &jwt_jwks::RemoteKeySet) {
    /// let before = keys.set_version();
    /// keys.refresh().await.ok();
    /// if keys.set_version() != before {
    ///     println!("the provider served a new set");
    /// }
    /// # }
    /// ```
    pub fn set_version(&self) -> u64 {
        let snapshot = self.snapshot(self.shared.config.clock.now());
        if snapshot.refresh_due && snapshot.keys.is_some() {
            self.refresh_in_background();
        }
        self.lock().version
    }

    /// Waits until no request for the set is under way (a background refresh, say);
    /// returns at once when none is. For tests and orderly shutdowns: lookups never
    /// need it.
    pub async fn wait_idle(&self) {
        drop(self.shared.in_flight.lock().await);
    }

    async fn keys_and_generation(&self) -> Result<(Arc<KeySet>, u64), Error> {
        let now = self.shared.config.clock.now();
        let snapshot = self.snapshot(now);
        if let Some(keys) = &snapshot.keys
            && snapshot.usable
        {
            // A usable set answers at once; its refresh, when due, runs in the
            // background, so no lookup waits on the key server while a set is held.
            if !snapshot.fresh {
                Counters::bump(&self.shared.counters.stale_serves);
            }
            if snapshot.refresh_due {
                self.refresh_in_background();
            }
            return Ok((keys.clone(), snapshot.generation));
        }
        // No set, or one too stale to answer: this lookup waits (bounded by the timeout).
        match self.request(Reason::Refresh, snapshot.generation).await? {
            Some(keys) => Ok((keys, self.snapshot(now).generation)),
            None => Err(self.no_set()),
        }
    }

    /// Starts a refresh on its own task unless a request is under way; it rechecks that
    /// one is still due once it holds the single-flight turn.
    fn refresh_in_background(&self) {
        let Ok(turn) = self.shared.in_flight.clone().try_lock_owned() else {
            return;
        };
        if !self.snapshot(self.shared.config.clock.now()).refresh_due {
            return;
        }
        let this = self.clone();
        let refresh = async move {
            let _turn = turn;
            this.lock().last_for_unknown_kid = false;
            // A failure is logged and counted by `send_request`; the held set stays.
            let _ = this.send_request().await;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(refresh);
            }
            Err(_) => {
                tracing::debug!(url = %self.url(), "no async runtime: the refresh waits for the next lookup that needs one")
            }
        }
    }

    fn snapshot(&self, now: Instant) -> Snapshot {
        let state = self.lock();
        let config = &self.shared.config;
        let stale_window = config.stale_if_error;
        let cooled = state
            .last_request
            .is_none_or(|last| last + config.cooldown <= now);
        Snapshot {
            keys: state.held.as_ref().map(|held| held.keys.clone()),
            fresh: state
                .held
                .as_ref()
                .is_some_and(|held| now < held.fresh_until),
            usable: state
                .held
                .as_ref()
                .is_some_and(|held| now < held.fresh_until + stale_window),
            refresh_due: cooled
                && state
                    .held
                    .as_ref()
                    .is_some_and(|held| held.refresh_from <= now),
            generation: state.generation,
        }
    }

    /// Sends a request unless another task's request finished while this one waited
    /// its turn, or the last one was less than the cooldown ago. An unknown `kid` may
    /// refetch within the cooldown once: when the last request was not itself sent for
    /// an unknown `kid`, so a rotation is followed at once while a flood of random kids
    /// still makes at most one request per cooldown. Returns the set to use: `None` when
    /// none is held or usable.
    async fn request(&self, reason: Reason, seen: u64) -> Result<Option<Arc<KeySet>>, Error> {
        let counters = &self.shared.counters;
        let _turn = self.shared.in_flight.lock().await;
        let now = self.shared.config.clock.now();
        let (waited_for_another, cooling_down) = {
            let state = self.lock();
            let within = state
                .last_request
                .is_some_and(|last| now < last + self.shared.config.cooldown);
            let rotation = reason == Reason::UnknownKey && !state.last_for_unknown_kid;
            (state.generation != seen, within && !rotation)
        };
        if waited_for_another || cooling_down {
            if reason == Reason::UnknownKey && !waited_for_another {
                Counters::bump(&counters.cooldown_refusals);
                tracing::debug!(url = %self.url(), "unknown kid during the cooldown: not refetching");
            }
            return self.held_or_failure(now, reason);
        }
        self.lock().last_for_unknown_kid = reason == Reason::UnknownKey;
        match self.send_request().await {
            Ok(keys) => Ok(Some(keys)),
            Err(err) => {
                let now = self.shared.config.clock.now();
                match self.held_or_failure(now, reason) {
                    Ok(Some(keys)) => Ok(Some(keys)),
                    _ => Err(err),
                }
            }
        }
    }

    /// The held set when it may still answer (counting a stale answer), else the last
    /// failure.
    fn held_or_failure(&self, now: Instant, reason: Reason) -> Result<Option<Arc<KeySet>>, Error> {
        let snapshot = self.snapshot(now);
        match snapshot.keys {
            Some(keys) if snapshot.fresh => Ok(Some(keys)),
            Some(keys) if snapshot.usable => {
                if reason == Reason::Refresh {
                    Counters::bump(&self.shared.counters.stale_serves);
                    tracing::warn!(url = %self.url(), "serving a stale key set: its refresh failed");
                }
                Ok(Some(keys))
            }
            _ => Err(self.no_set()),
        }
    }

    /// Sends one request (the caller holds `in_flight`) and records its outcome.
    async fn send_request(&self) -> Result<Arc<KeySet>, Error> {
        let shared = &self.shared;
        let config = &shared.config;
        let sent_at = config.clock.now();
        self.lock().last_request = Some(sent_at);
        let url = match self.jwks_url(sent_at).await {
            Ok(url) => url,
            Err(err) => {
                let mut state = self.lock();
                state.generation += 1;
                state.last_failure = Some(err.to_string());
                return Err(err);
            }
        };
        let etag = self.lock().held.as_ref().and_then(|held| held.etag.clone());
        Counters::bump(&shared.counters.requests);
        let request = Request {
            client: &shared.client,
            url: &url,
            etag: etag.as_ref(),
            max_body: config.max_body,
            timeout: config.timeout,
            lifetimes: config.lifetimes,
            backend: config.backend,
        };
        let span =
            tracing::info_span!("jwks_fetch", url = %self.url(), revalidate = etag.is_some());
        let outcome = request.send().instrument(span).await;
        let now = config.clock.now();
        let mut guard = self.lock();
        let state = &mut *guard;
        state.generation += 1;
        match outcome {
            Ok(Fetched::Modified {
                keys,
                etag,
                lifetime,
            }) => {
                Counters::bump(&shared.counters.updates);
                if keys.is_empty() {
                    Counters::bump(&shared.counters.empty_updates);
                }
                tracing::info!(url = %self.url(), keys = keys.len(), skipped = keys.skipped().len(),
                    fresh_for_secs = lifetime.as_secs(), "key set fetched");
                let keys = Arc::new(keys);
                state.version += 1;
                state.held = Some(Held::new(
                    keys.clone(),
                    etag,
                    now,
                    lifetime,
                    config.refresh_ahead,
                ));
                state.last_failure = None;
                Ok(keys)
            }
            Ok(Fetched::NotModified { lifetime }) => match state.held.as_mut() {
                Some(held) => {
                    Counters::bump(&shared.counters.not_modified);
                    tracing::debug!(url = %self.url(), fresh_for_secs = lifetime.as_secs(), "key set not modified");
                    *held = Held::new(
                        held.keys.clone(),
                        held.etag.take(),
                        now,
                        lifetime,
                        config.refresh_ahead,
                    );
                    state.last_failure = None;
                    Ok(held.keys.clone())
                }
                None => {
                    // The set was dropped while revalidating: cannot happen, as nothing
                    // drops it, but answer as a failure rather than trust nothing.
                    Counters::bump(&shared.counters.failures);
                    let err = Error::new(
                        ErrorKind::KeySource,
                        "304 Not Modified without a held key set",
                    );
                    state.last_failure = Some(err.to_string());
                    Err(err)
                }
            },
            Err(err) => {
                Counters::bump(&shared.counters.failures);
                tracing::warn!(url = %self.url(), error = %err, held = state.held.is_some(), "key set fetch failed");
                state.last_failure = Some(err.to_string());
                Err(err)
            }
        }
    }

    /// The URL to fetch the set from: the configured one, or for an issuer the
    /// `jwks_uri` of its metadata, read again once the last reading is older than the
    /// rediscovery interval. When it cannot be read, the last `jwks_uri` stands for the
    /// stale-if-error window. The caller holds `in_flight`.
    async fn jwks_url(&self, now: Instant) -> Result<Url, Error> {
        let shared = &self.shared;
        let config = &shared.config;
        let (id, issuer_url) = match &config.source {
            Source::KeySet(url) => return Ok(url.clone()),
            Source::Issuer { id, url } => (id, url),
        };
        let known = self
            .lock()
            .discovered
            .as_ref()
            .map(|discovered| (discovered.jwks_uri.clone(), discovered.until));
        if let Some((jwks_uri, until)) = &known
            && now < *until
        {
            return Ok(jwks_uri.clone());
        }
        let template = Request {
            client: &shared.client,
            url: issuer_url,
            etag: None,
            max_body: config.max_body,
            timeout: config.timeout,
            lifetimes: config.lifetimes,
            backend: config.backend,
        };
        let span = tracing::info_span!("issuer_discovery", issuer = %id);
        match discovery::jwks_uri(&template, id, issuer_url)
            .instrument(span)
            .await
        {
            Ok(jwks_uri) => {
                Counters::bump(&shared.counters.discoveries);
                tracing::info!(issuer = %id, jwks_uri = %shown(&jwks_uri), "issuer discovered");
                let mut state = self.lock();
                let moved = known.is_some_and(|(earlier, _)| earlier != jwks_uri);
                if moved && let Some(held) = state.held.as_mut() {
                    // The validator belongs to the old URL.
                    held.etag = None;
                }
                state.discovered = Some(Discovered {
                    jwks_uri: jwks_uri.clone(),
                    until: now + config.rediscover_every,
                });
                Ok(jwks_uri)
            }
            Err(err) => {
                Counters::bump(&shared.counters.discovery_failures);
                match known {
                    Some((jwks_uri, until)) if now < until + config.stale_if_error => {
                        tracing::warn!(issuer = %id, error = %err,
                            "rediscovery failed: keeping the last jwks_uri");
                        Ok(jwks_uri)
                    }
                    _ => {
                        tracing::warn!(issuer = %id, error = %err, "discovery failed");
                        Err(err)
                    }
                }
            }
        }
    }

    /// The error when no set may answer: the last failure, or that the held set is too
    /// stale.
    fn no_set(&self) -> Error {
        let state = self.lock();
        let message = match (&state.last_failure, &state.held) {
            (Some(failure), Some(_)) => format!(
                "{failure}; the last good set is more than {:?} past its freshness",
                self.shared.config.stale_if_error
            ),
            (Some(failure), None) => failure.clone(),
            (None, _) => format!("no key set from {} is held", self.url()),
        };
        Error::new(ErrorKind::KeySource, message)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// How long a fetched set stays usable past its freshness when refreshes fail.
pub(crate) const DEFAULT_STALE_IF_ERROR: Duration = Duration::from_secs(24 * 3600);
