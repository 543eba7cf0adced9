//! HS256, HS384 and HS512 for the `jwt` workspace: HMAC with SHA-2 (RFC 7518 §3.2), on
//! the RustCrypto `hmac` and `sha2` crates, whatever asymmetric backend is chosen.
//!
//! - A secret shorter than the hash output (32, 48 or 64 bytes) is refused as
//!   `weak_key`, as RFC 7518 §3.2 requires.
//! - Tags are compared in constant time (`hmac`'s `verify_slice`), never with `==`.
//! - The key is bound to one algorithm when it is made; the secret itself is not kept,
//!   only the HMAC state derived from it, which is zeroized on drop and never printed.
//!
//! ```
//! # mod jwt_strict { pub use jwt_core::*; pub mod hs { pub use jwt_hs::*; } }
//! use jwt_strict::hs::HmacKey;
//! use jwt_strict::{decode_at, encode, Algorithm, Header, NumericDate, RegisteredClaims, Validation};
//!
//! let key = HmacKey::new(Algorithm::Hs256, b"a shared secret of at least 32 bytes")?;
//! let now = NumericDate::from_unix_seconds(1_800_000_000)?;
//! let claims = RegisteredClaims {
//!     sub: Some("alice".into()),
//!     exp: now.checked_add(std::time::Duration::from_secs(300)),
//!     ..Default::default()
//! };
//! let token = encode(&Header::new(key.algorithm()), &claims, &key)?;
//! let data = decode_at::<RegisteredClaims>(&token, &key, &Validation::new(), now)?;
//! assert_eq!(data.claims.sub.as_deref(), Some("alice"));
//! # Ok::<(), jwt_strict::Error>(())
//! ```

#![warn(missing_docs)]

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use jwt_core::{Algorithm, Error, ErrorKind, InvalidSignature, JwsSigner, JwsVerifier, SignError};
use sha2::{Sha256, Sha384, Sha512};

/// An HMAC secret bound to one of HS256, HS384 or HS512; it both signs and verifies.
///
/// Not `Clone`: share one key between threads with `Arc<HmacKey>`, which implements the
/// same traits.
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod hs { pub use jwt_hs::*; } }
/// use jwt_strict::hs::HmacKey;
/// use jwt_strict::{Algorithm, ErrorKind, Header, NumericDate, RegisteredClaims, Validation};
///
/// let key = HmacKey::new(Algorithm::Hs256, b"a shared secret of at least 32 bytes")?;
/// let now = NumericDate::from_unix_seconds(1_800_000_000)?;
/// let claims = RegisteredClaims { exp: now.checked_add(std::time::Duration::from_secs(60)), ..Default::default() };
/// let token = jwt_strict::encode(&Header::new(Algorithm::Hs256), &claims, &key)?;
/// jwt_strict::decode_at::<RegisteredClaims>(&token, &key, &Validation::new(), now)?;
/// // A secret shorter than the hash is refused.
/// let err = HmacKey::new(Algorithm::Hs256, b"short").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::WeakKey);
/// # Ok::<(), jwt_strict::Error>(())
/// ```
pub struct HmacKey {
    alg: Algorithm,
    keyed: KeyedMac,
    kid: Option<String>,
}

/// The HMAC state after absorbing the key, cloned for every message; sha2's `zeroize`
/// feature wipes it on drop.
enum KeyedMac {
    Sha256(Hmac<Sha256>),
    Sha384(Hmac<Sha384>),
    Sha512(Hmac<Sha512>),
}

impl HmacKey {
    /// Makes a key for `alg` (HS256, HS384 or HS512) from the secret's exact bytes.
    ///
    /// # Errors
    ///
    /// - `invalid_key` when `alg` is not an HMAC algorithm;
    /// - `weak_key` when the secret is shorter than the hash output: 32 bytes for HS256,
    ///   48 for HS384, 64 for HS512 (RFC 7518 §3.2).
    ///
    /// ```
    /// # mod jwt_strict { pub use jwt_core::*; pub mod hs { pub use jwt_hs::*; } }
    /// use jwt_strict::{Algorithm, ErrorKind};
    /// use jwt_strict::hs::HmacKey;
    ///
    /// let err = HmacKey::new(Algorithm::Hs256, b"secret").unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::WeakKey);
    /// ```
    pub fn new(alg: Algorithm, secret: &[u8]) -> Result<HmacKey, Error> {
        let (keyed, min_len) = match alg {
            Algorithm::Hs256 => (
                Hmac::<Sha256>::new_from_slice(secret).map(KeyedMac::Sha256),
                32,
            ),
            Algorithm::Hs384 => (
                Hmac::<Sha384>::new_from_slice(secret).map(KeyedMac::Sha384),
                48,
            ),
            Algorithm::Hs512 => (
                Hmac::<Sha512>::new_from_slice(secret).map(KeyedMac::Sha512),
                64,
            ),
            other => {
                return Err(Error::new(
                    ErrorKind::InvalidKey,
                    format!("an HMAC secret signs HS256, HS384 or HS512, not {other}"),
                ));
            }
        };
        if secret.len() < min_len {
            return Err(Error::new(
                ErrorKind::WeakKey,
                format!(
                    "{alg} needs a secret of at least {min_len} bytes (RFC 7518 3.2), this one has {}",
                    secret.len()
                ),
            ));
        }
        let keyed = keyed.map_err(|err| {
            Error::new(
                ErrorKind::InvalidKey,
                format!("the {alg} secret was refused: {err}"),
            )
            .with_source(err)
        })?;
        Ok(HmacKey {
            alg,
            keyed,
            kid: None,
        })
    }

    /// Sets the key identifier written as `kid` in headers of tokens this key signs.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> HmacKey {
        self.kid = Some(kid.into());
        self
    }

    /// The algorithm this key is bound to.
    pub fn algorithm(&self) -> Algorithm {
        self.alg
    }

    fn tag(&self, message: &[u8]) -> Vec<u8> {
        match &self.keyed {
            KeyedMac::Sha256(mac) => mac
                .clone()
                .chain_update(message)
                .finalize()
                .into_bytes()
                .to_vec(),
            KeyedMac::Sha384(mac) => mac
                .clone()
                .chain_update(message)
                .finalize()
                .into_bytes()
                .to_vec(),
            KeyedMac::Sha512(mac) => mac
                .clone()
                .chain_update(message)
                .finalize()
                .into_bytes()
                .to_vec(),
        }
    }
}

impl fmt::Debug for HmacKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HmacKey")
            .field("alg", &self.alg)
            .field("kid", &self.kid)
            .field("secret", &format_args!("[secret key elided]"))
            .finish()
    }
}

impl JwsSigner for HmacKey {
    fn algorithm(&self) -> Algorithm {
        self.alg
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SignError> {
        Ok(self.tag(signing_input))
    }
}

impl JwsVerifier for HmacKey {
    fn algorithm(&self) -> Algorithm {
        self.alg
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// Recomputes the tag and compares it in constant time; a tag of any other length
    /// than the hash output is refused.
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        let verified = match &self.keyed {
            KeyedMac::Sha256(mac) => mac
                .clone()
                .chain_update(signing_input)
                .verify_slice(signature),
            KeyedMac::Sha384(mac) => mac
                .clone()
                .chain_update(signing_input)
                .verify_slice(signature),
            KeyedMac::Sha512(mac) => mac
                .clone()
                .chain_update(signing_input)
                .verify_slice(signature),
        };
        verified.map_err(|_| InvalidSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET_64: &[u8; 64] =
        b"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn minimum_lengths_follow_rfc_7518() {
        for (alg, min) in [
            (Algorithm::Hs256, 32),
            (Algorithm::Hs384, 48),
            (Algorithm::Hs512, 64),
        ] {
            HmacKey::new(alg, &SECRET_64[..min]).unwrap();
            let err = HmacKey::new(alg, &SECRET_64[..min - 1]).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::WeakKey);
            assert!(
                err.to_string().contains(&format!("at least {min} bytes")),
                "{err}"
            );
            assert!(
                err.to_string().contains(&format!("has {}", min - 1)),
                "{err}"
            );
            assert_eq!(
                HmacKey::new(alg, b"").unwrap_err().kind(),
                ErrorKind::WeakKey
            );
        }
    }

    #[test]
    fn non_hmac_algorithms_are_invalid_key() {
        for alg in [
            Algorithm::Rs256,
            Algorithm::Es256,
            Algorithm::EdDsa,
            Algorithm::Ps512,
        ] {
            let err = HmacKey::new(alg, SECRET_64).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidKey);
            assert!(err.to_string().contains(alg.name()), "{err}");
        }
    }

    #[test]
    fn tags_have_the_hash_length_and_verify() {
        for (alg, len) in [
            (Algorithm::Hs256, 32),
            (Algorithm::Hs384, 48),
            (Algorithm::Hs512, 64),
        ] {
            let key = HmacKey::new(alg, SECRET_64).unwrap();
            let tag = key.sign(b"message").unwrap();
            assert_eq!(tag.len(), len);
            key.verify(b"message", &tag).unwrap();
            assert_eq!(key.verify(b"messagf", &tag), Err(InvalidSignature));
            assert_eq!(
                key.verify(b"message", &tag[..len - 1]),
                Err(InvalidSignature)
            );
            let mut longer = tag.clone();
            longer.push(0);
            assert_eq!(key.verify(b"message", &longer), Err(InvalidSignature));
        }
    }

    #[test]
    fn debug_never_prints_the_secret() {
        let key = HmacKey::new(Algorithm::Hs256, SECRET_64)
            .unwrap()
            .with_key_id("k1");
        let shown = format!("{key:?}");
        assert!(shown.contains("elided") && shown.contains("k1"), "{shown}");
        assert!(!shown.contains("0123456789"), "{shown}");
    }
}
