//! The same client for programs without an async runtime: it brings its own.

use std::sync::Arc;

use jwt_strict::keys::KeySet;
use jwt_strict::{Error, ErrorKind, NumericDate, TokenData, Validation};
use serde::de::DeserializeOwned;
use tokio::runtime::{Builder, Runtime};

use crate::remote::RemoteKeySet;
use crate::stats::Stats;

/// A [`RemoteKeySet`] that blocks the calling thread, on a small runtime of its own: for
/// command-line tools and other programs without tokio. Inside an async program use
/// [`RemoteKeySet`] itself: these calls refuse to run there.
///
/// ```no_run
/// use jwt_strict::{Algorithm, Validation};
/// use jwt_jwks::RemoteKeySet;
///
/// # fn demo(token: &str) -> Result<(), jwt_strict::Error> {
/// let keys = RemoteKeySet::builder("https://issuer.example/.well-known/jwks.json").build_blocking()?;
/// let validation = Validation::new().algorithms([Algorithm::Rs256]);
/// let verified = keys.decode::<jwt_strict::RegisteredClaims>(token, &validation)?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct BlockingRemoteKeySet {
    remote: RemoteKeySet,
    /// `None` only while being dropped.
    runtime: Option<Runtime>,
}

impl BlockingRemoteKeySet {
    pub(crate) fn new(remote: RemoteKeySet) -> Result<BlockingRemoteKeySet, Error> {
        refuse_inside_runtime()?;
        let runtime = Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|err| {
                Error::new(
                    ErrorKind::KeySource,
                    format!("cannot start the HTTP client's runtime: {err}"),
                )
                .with_source(err)
            })?;
        Ok(BlockingRemoteKeySet {
            remote,
            runtime: Some(runtime),
        })
    }

    /// [`RemoteKeySet::decode`], blocking.
    ///
    /// # Errors
    ///
    /// As [`RemoteKeySet::decode`]; `key_source` inside an async runtime.
    pub fn decode<T: DeserializeOwned>(
        &self,
        token: &str,
        validation: &Validation,
    ) -> Result<TokenData<T>, Error> {
        self.decode_at(token, validation, NumericDate::now())
    }

    /// [`RemoteKeySet::decode_at`], blocking.
    ///
    /// # Errors
    ///
    /// As [`RemoteKeySet::decode`]; `key_source` inside an async runtime.
    pub fn decode_at<T: DeserializeOwned>(
        &self,
        token: &str,
        validation: &Validation,
        now: NumericDate,
    ) -> Result<TokenData<T>, Error> {
        self.block_on(self.remote.decode_at(token, validation, now))
    }

    /// [`RemoteKeySet::key_set`], blocking.
    ///
    /// # Errors
    ///
    /// As [`RemoteKeySet::key_set`]; `key_source` inside an async runtime.
    pub fn key_set(&self) -> Result<Arc<KeySet>, Error> {
        self.block_on(self.remote.key_set())
    }

    /// [`RemoteKeySet::refresh`], blocking.
    ///
    /// # Errors
    ///
    /// As [`RemoteKeySet::refresh`]; `key_source` inside an async runtime.
    pub fn refresh(&self) -> Result<Arc<KeySet>, Error> {
        self.block_on(self.remote.refresh())
    }

    /// What the client has done so far.
    pub fn stats(&self) -> Stats {
        self.remote.stats()
    }

    /// The URL the set is fetched from, without credentials.
    pub fn url(&self) -> String {
        self.remote.url()
    }

    fn block_on<T>(&self, work: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        refuse_inside_runtime()?;
        match &self.runtime {
            Some(runtime) => runtime.block_on(work),
            None => Err(Error::new(ErrorKind::KeySource, "the client is shut down")),
        }
    }
}

impl Drop for BlockingRemoteKeySet {
    fn drop(&mut self) {
        // Dropping a runtime inside another one panics; this way never does.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Blocking inside an async runtime would stall it (tokio panics instead).
fn refuse_inside_runtime() -> Result<(), Error> {
    if tokio::runtime::Handle::try_current().is_ok() {
        return Err(Error::new(
            ErrorKind::KeySource,
            "BlockingRemoteKeySet cannot run inside an async runtime; use RemoteKeySet",
        ));
    }
    Ok(())
}
