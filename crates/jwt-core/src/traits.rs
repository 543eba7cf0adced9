//! The extension point: what a cryptographic backend implements.

use std::fmt;
use std::sync::Arc;

use crate::alg::Algorithm;
use crate::error::{InvalidSignature, SignError};

/// One key bound to one algorithm, able to sign.
///
/// Bytes in, bytes out: base64 and JSON never cross this line.
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::{Algorithm, JwsSigner, SignError};
///
/// /// A signer that delegates to some HSM client.
/// #[derive(Debug)]
/// struct HsmSigner;
///
/// impl JwsSigner for HsmSigner {
///     fn algorithm(&self) -> Algorithm {
///         Algorithm::Es256
///     }
///     fn sign(&self, _signing_input: &[u8]) -> Result<Vec<u8>, SignError> {
///         Err(SignError::new("the HSM is offline"))
///     }
/// }
/// # assert!(HsmSigner.sign(b"x").is_err());
/// ```
pub trait JwsSigner: Send + Sync + fmt::Debug {
    /// The algorithm this key signs with; it becomes the header's `alg`.
    fn algorithm(&self) -> Algorithm;

    /// The key's identifier, written as the header's `kid` when the header has none.
    fn key_id(&self) -> Option<&str> {
        None
    }

    /// Signs `signing_input`, which is ASCII(BASE64URL(header) '.' BASE64URL(payload)),
    /// not hashed: the implementer hashes it with the algorithm's hash.
    ///
    /// Returns the raw JWS signature of RFC 7518 §3: the MAC for HS*, k octets for
    /// RS*/PS* (k the modulus length), the fixed-width r‖s for ES*, 64 octets for EdDSA.
    ///
    /// # Errors
    ///
    /// [`SignError`] when the key cannot sign (a failing random source, a library error).
    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SignError>;
}

/// One key bound to one algorithm, able to verify.
///
/// The caller ([`crate::decode`]) has already checked that the token's `alg` is this
/// verifier's algorithm and, where the algorithm fixes it, the signature's length.
pub trait JwsVerifier: Send + Sync + fmt::Debug {
    /// The algorithm this key verifies; a token with any other `alg` is refused before
    /// [`verify`](JwsVerifier::verify) runs.
    fn algorithm(&self) -> Algorithm;

    /// The key's identifier, if it has one.
    fn key_id(&self) -> Option<&str> {
        None
    }

    /// Checks that `signature` (raw, as in [`JwsSigner::sign`]) is valid for
    /// `signing_input` (not hashed).
    ///
    /// # Errors
    ///
    /// [`InvalidSignature`], the same detail-less error for every failure.
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature>;
}

macro_rules! forward_through_pointer {
    ($($pointer:ident),*) => {$(
        impl<T: JwsSigner + ?Sized> JwsSigner for $pointer<T> {
            fn algorithm(&self) -> Algorithm {
                (**self).algorithm()
            }
            fn key_id(&self) -> Option<&str> {
                (**self).key_id()
            }
            fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SignError> {
                (**self).sign(signing_input)
            }
        }

        impl<T: JwsVerifier + ?Sized> JwsVerifier for $pointer<T> {
            fn algorithm(&self) -> Algorithm {
                (**self).algorithm()
            }
            fn key_id(&self) -> Option<&str> {
                (**self).key_id()
            }
            fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
                (**self).verify(signing_input, signature)
            }
        }
    )*};
}

forward_through_pointer!(Box, Arc);
