//! Where the layer finds the keys: one key or a key set held in memory, or a remote
//! key set fetched over HTTPS.

use std::fmt;
use std::sync::Arc;

use jwt_jwks::RemoteKeySet;
use jwt_strict::{Error, KeySource, Validation};
use serde_json::{Map, Value};

/// The keys a [`BearerAuth`](crate::BearerAuth) verifies with.
///
/// Made with `From`: any key or [`jwt_strict::keys::KeySet`] (anything that is a [`KeySource`]),
/// wrapped in [`Keys::local`], or a [`RemoteKeySet`].
///
/// ```
/// use jwt_strict::{Algorithm, hs::HmacKey};
/// use jwt_axum::Keys;
///
/// let key = HmacKey::new(Algorithm::Hs256, b"a shared secret of at least 32 bytes")?;
/// let keys = Keys::local(key);
/// # Ok::<(), jwt_strict::Error>(())
/// ```
#[derive(Clone)]
pub struct Keys {
    source: Source,
}

#[derive(Clone)]
enum Source {
    Local(Arc<dyn LocalKeys>),
    Remote(RemoteKeySet),
}

/// A [`KeySource`] held in memory, behind a trait object.
trait LocalKeys: Send + Sync {
    fn decode(&self, token: &str, validation: &Validation) -> Result<Map<String, Value>, Error>;
}

impl<K: KeySource + Send + Sync> LocalKeys for K {
    fn decode(&self, token: &str, validation: &Validation) -> Result<Map<String, Value>, Error> {
        jwt_strict::decode(token, self, validation).map(|data| data.claims)
    }
}

impl Keys {
    /// One key, or a key set, held in memory.
    pub fn local(keys: impl KeySource + Send + Sync + 'static) -> Keys {
        Keys {
            source: Source::Local(Arc::new(keys)),
        }
    }

    /// An identifier of the keys that changes when they do: always 0 for keys held in
    /// memory; a remote key set's [`RemoteKeySet::set_version`] (reading it starts a
    /// due refresh, as a lookup would).
    pub(crate) fn version(&self) -> u64 {
        match &self.source {
            Source::Local(_) => 0,
            Source::Remote(remote) => remote.set_version(),
        }
    }

    /// The claims of `token` once it verifies.
    pub(crate) async fn decode(
        &self,
        token: &str,
        validation: &Validation,
    ) -> Result<Map<String, Value>, Error> {
        match &self.source {
            Source::Local(keys) => keys.decode(token, validation),
            Source::Remote(remote) => remote
                .decode(token, validation)
                .await
                .map(|data| data.claims),
        }
    }
}

impl From<RemoteKeySet> for Keys {
    fn from(remote: RemoteKeySet) -> Keys {
        Keys {
            source: Source::Remote(remote),
        }
    }
}

impl fmt::Debug for Keys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Local(_) => f.write_str("Keys::Local"),
            Source::Remote(remote) => write!(f, "Keys::Remote({})", remote.url()),
        }
    }
}
