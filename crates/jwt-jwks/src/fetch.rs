//! One request for the key set: status, size cap, revalidation, and reading the set.

use std::error::Error as StdError;
use std::time::Duration;

use jwt_strict::keys::KeySet;
use jwt_strict::{BackendEntry, Error, ErrorKind};
use reqwest::header::{ACCEPT, ETAG, HeaderValue, IF_NONE_MATCH};
use reqwest::{Client, StatusCode, Url};

use crate::cache_control::Lifetimes;
use crate::url_policy::shown;

/// What a successful request brought.
pub(crate) enum Fetched {
    /// A new set, with its validator and how long it stays fresh.
    Modified {
        keys: KeySet,
        etag: Option<HeaderValue>,
        lifetime: Duration,
    },
    /// `304 Not Modified`: the held set is fresh again for `lifetime`.
    NotModified { lifetime: Duration },
}

/// What one request needs besides the URL.
pub(crate) struct Request<'a> {
    pub(crate) client: &'a Client,
    pub(crate) url: &'a Url,
    pub(crate) etag: Option<&'a HeaderValue>,
    pub(crate) max_body: usize,
    pub(crate) timeout: Duration,
    pub(crate) lifetimes: Lifetimes,
    pub(crate) backend: &'static BackendEntry,
}

/// What a GET brought: a body of at most the size cap, or `304 Not Modified`.
pub(crate) enum Got {
    Body {
        text: String,
        etag: Option<HeaderValue>,
        lifetime: Duration,
    },
    NotModified {
        lifetime: Duration,
    },
    /// Any other status than 200 or 304.
    Status(StatusCode),
}

impl Request<'_> {
    /// Sends the request and reads the answer; every failure is `key_source` and says
    /// what failed.
    pub(crate) async fn send(&self) -> Result<Fetched, Error> {
        let what = "the key set";
        let (text, etag, lifetime) = match self
            .get("application/jwk-set+json, application/json", what)
            .await?
        {
            Got::NotModified { lifetime } => return Ok(Fetched::NotModified { lifetime }),
            Got::Status(status) => return Err(self.status_failure(what, status)),
            Got::Body {
                text,
                etag,
                lifetime,
            } => (text, etag, lifetime),
        };
        let keys = jwt_strict::public_key_set_on(&text, self.backend).map_err(|err| {
            self.failure(what, format!("the body is not a usable JWK Set: {err}"))
        })?;
        if keys.is_empty() {
            // A well-formed set is what the provider trusts now, even with no usable key:
            // every key withdrawn. It replaces the held set (a failure would keep the
            // withdrawn keys trusted through the stale-if-error window).
            let reasons: Vec<String> = keys
                .skipped()
                .iter()
                .map(|key| format!("key {}: {}", key.index, key.reason))
                .collect();
            tracing::warn!(
                url = %shown(self.url),
                skipped = %reasons.join("; "),
                "the key set holds no usable key: every token will be refused until it does"
            );
        }
        Ok(Fetched::Modified {
            keys,
            etag,
            lifetime,
        })
    }

    /// One GET of `self.url` accepting `accept`, revalidating with the ETag if any:
    /// size cap and UTF-8 checked; a status other than 200 or 304 is returned as such. `what` names the document in messages.
    pub(crate) async fn get(&self, accept: &str, what: &str) -> Result<Got, Error> {
        let mut request = self.client.get(self.url.clone()).header(ACCEPT, accept);
        if let Some(etag) = self.etag {
            request = request.header(IF_NONE_MATCH, etag.clone());
        }
        let mut response = request
            .send()
            .await
            .map_err(|err| self.failed(what, &err))?;
        let lifetime = self.lifetimes.of(response.headers());
        match response.status() {
            StatusCode::OK => {}
            StatusCode::NOT_MODIFIED if self.etag.is_some() => {
                return Ok(Got::NotModified { lifetime });
            }
            status => return Ok(Got::Status(status)),
        }
        let etag = response.headers().get(ETAG).cloned();
        if let Some(length) = response.content_length()
            && length > self.max_body as u64
        {
            return Err(self.too_large(what));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|err| self.failed(what, &err))?
        {
            if body.len() + chunk.len() > self.max_body {
                return Err(self.too_large(what));
            }
            body.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(body)
            .map_err(|_| self.failure(what, "the body is not UTF-8".to_owned()))?;
        Ok(Got::Body {
            text,
            etag,
            lifetime,
        })
    }

    pub(crate) fn failure(&self, what: &str, why: String) -> Error {
        Error::new(
            ErrorKind::KeySource,
            format!("fetching {what} {} failed: {why}", shown(self.url)),
        )
    }

    pub(crate) fn status_failure(&self, what: &str, status: StatusCode) -> Error {
        self.failure(what, format!("the server answered HTTP status {status}"))
    }

    fn too_large(&self, what: &str) -> Error {
        self.failure(
            what,
            format!("the body is larger than {} bytes", self.max_body),
        )
    }

    /// The failure of a request reqwest could not complete, said plainly.
    fn failed(&self, what: &str, err: &reqwest::Error) -> Error {
        let why = if err.is_timeout() {
            format!("no answer within {:?}", self.timeout)
        } else if err.is_redirect() {
            innermost(err)
        } else if err.is_connect() {
            format!("cannot connect: {}", innermost(err))
        } else {
            innermost(err)
        };
        self.failure(what, why)
    }
}

/// The deepest cause of `err`, which says what happened (reqwest's own message names
/// the URL, which may carry credentials).
fn innermost(err: &reqwest::Error) -> String {
    let mut cause: &dyn StdError = err;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}
