//! Where `decode` finds the key for a token: one verifier, or a set of keys the
//! application trusts, among which the token's `kid` and `alg` only select.

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
/// the allowed algorithms, and before any cryptography:
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{Error, ErrorKind, Header, JwsVerifier, KeySource};
///
/// /// Two keys, told apart by `kid`.
/// struct TwoKeys<V> { old: V, new: V }
///
/// impl<V: JwsVerifier> KeySource for TwoKeys<V> {
///     type Verifier = V;
///     fn key_for(&self, header: &Header) -> Result<&V, Error> {
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

    /// The key to verify a token with `header` (whose `alg` is allowed).
    ///
    /// # Errors
    ///
    /// `no_matching_key` when no trusted key fits the header.
    fn key_for(&self, header: &Header) -> Result<&Self::Verifier, Error>;
}

impl<V: JwsVerifier + ?Sized> KeySource for V {
    type Verifier = V;

    fn key_for(&self, _header: &Header) -> Result<&V, Error> {
        Ok(self)
    }
}
