//! Where `decode` finds the key for a token: one verifier, or a set of keys the
//! application trusts, among which the token's `kid` and `alg` only select.

use crate::alg::Algorithm;
use crate::error::Error;
use crate::header::Header;
use crate::traits::JwsVerifier;

/// The keys a token may be verified with.
///
/// Every [`JwsVerifier`] is one: the key itself, whatever the header says. A key set
/// (`jwt_strict::keys::KeySet`) is another: it picks the key whose `kid`, `alg` and type fit the
/// token's header, and answers `no_matching_key` when none does. A key is never taken
/// from the token itself (`jwk`, `jku`, `x5u`, `x5c` are ignored).
///
/// `decode` asks for the key after checking the header's format and its `alg` against
/// the allowed algorithms, and before any cryptography. It passes the verifier's explicit
/// allow-list ([`Validation::algorithms`](crate::Validation::algorithms)), or `None` when
/// it has none: a source whose keys do not all name their algorithm needs it to know
/// which algorithms such a key may serve (RFC 8725 3.1).
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{Algorithm, Error, ErrorKind, Header, JwsVerifier, KeySource};
///
/// /// Two keys, told apart by `kid`.
/// struct TwoKeys<V> { old: V, new: V }
///
/// impl<V: JwsVerifier> KeySource for TwoKeys<V> {
///     type Verifier = V;
///     fn key_for(&self, header: &Header, _allowed: Option<&[Algorithm]>) -> Result<&V, Error> {
///         match header.kid.as_deref() {
///             Some("2026-10") => Ok(&self.old),
///             Some("2026-11") => Ok(&self.new),
///             other => Err(Error::new(
///                 ErrorKind::NoMatchingKey,
///                 format!("no trusted key has kid {other:?}"),
///             )),
///         }
///     }
/// }
/// ```
pub trait KeySource {
    /// The verifier handed out for a token.
    type Verifier: JwsVerifier + ?Sized;

    /// The key to verify a token with `header` (whose `alg` is allowed), given the
    /// verifier's explicit allow-list of algorithms, if it has one.
    ///
    /// # Errors
    ///
    /// `no_matching_key` when no trusted key fits the header; `invalid_algorithm` when
    /// one would, but only for an algorithm the allow-list has to name.
    fn key_for(
        &self,
        header: &Header,
        allowed: Option<&[Algorithm]>,
    ) -> Result<&Self::Verifier, Error>;
}

impl<V: JwsVerifier + ?Sized> KeySource for V {
    type Verifier = V;

    fn key_for(&self, _header: &Header, _allowed: Option<&[Algorithm]>) -> Result<&V, Error> {
        Ok(self)
    }
}
