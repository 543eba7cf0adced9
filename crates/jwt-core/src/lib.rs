//! The crypto-free core of the `jwt` workspace: the compact JWS format, the JOSE header,
//! JWT claims, validation and errors.
//!
//! Most users depend on the `jwt-strict` facade crate, which re-exports this crate and adds the
//! signing backends. This crate is what a backend implements against: two small traits,
//! [`JwsSigner`] and [`JwsVerifier`], bytes in and bytes out.
//!
//! # Design choices
//!
//! - **Keys are bound to one algorithm** when they are made, and the token's `alg` must be
//!   the key's before any cryptography runs. `none` is not an [`Algorithm`]: an unsigned
//!   token cannot be made or accepted.
//! - **One accepted spelling per token**: exactly three segments, canonical unpadded
//!   base64url, UTF-8 JSON objects without duplicate member names at any depth, a size
//!   limit checked before anything is decoded.
//! - **Claims are checked strictly**: `exp` is required by default and has passed when
//!   now ≥ exp (RFC 7519 §4.1.4); leeway is 0 unless asked for; a registered claim of the
//!   wrong JSON type is an error, never coerced or ignored; a token with `aud` needs a
//!   verifier that names its audience.
//! - **Errors say what failed**: every [`Error`] has a stable [`ErrorKind`] and a
//!   message naming the claim, what was expected and what the token had.
//!
//! # Algorithms and backends
//!
//! | `alg` | family | crate (facade feature) |
//! |---|---|---|
//! | HS256, HS384, HS512 | HMAC (RFC 7518 §3.2) | `jwt-hs` (`hs`) |
//! | RS256, RS384, RS512 | RSASSA-PKCS1-v1_5 (§3.3) | asymmetric backends |
//! | PS256, PS384, PS512 | RSASSA-PSS (§3.5) | asymmetric backends |
//! | ES256, ES384, ES512 | ECDSA P-256/384/521 (§3.4) | asymmetric backends |
//! | EdDSA | Ed25519 (RFC 8037) | asymmetric backends |
//!
//! # Example
//!
//! A complete round trip with a toy signer (real code uses a key from a backend, such
//! as `jwt_hs::HmacKey`):
//!
//! ```
//! # use jwt_core as jwt_strict;
//! use jwt_strict::{decode_at, encode, Algorithm, Header, InvalidSignature, JwsSigner,
//!                JwsVerifier, NumericDate, RegisteredClaims, SignError, Validation};
//!
//! #[derive(Debug)]
//! struct Toy; // NOT a real MAC: it only shows the shape of a backend.
//! impl JwsSigner for Toy {
//!     fn algorithm(&self) -> Algorithm { Algorithm::Hs256 }
//!     fn sign(&self, input: &[u8]) -> Result<Vec<u8>, SignError> {
//!         let sum = input.iter().fold(0u8, |a, b| a.wrapping_add(*b));
//!         Ok(vec![sum; 32])
//!     }
//! }
//! impl JwsVerifier for Toy {
//!     fn algorithm(&self) -> Algorithm { Algorithm::Hs256 }
//!     fn verify(&self, input: &[u8], sig: &[u8]) -> Result<(), InvalidSignature> {
//!         if self.sign(input).ok().as_deref() == Some(sig) { Ok(()) } else { Err(InvalidSignature) }
//!     }
//! }
//!
//! let now = NumericDate::from_unix_seconds(1_800_000_000)?;
//! let claims = RegisteredClaims {
//!     iss: Some("https://auth.example".into()),
//!     aud: Some("api://orders".into()),
//!     exp: now.checked_add(std::time::Duration::from_secs(600)),
//!     ..Default::default()
//! };
//! let token = encode(&Header::new(Algorithm::Hs256), &claims, &Toy)?;
//!
//! let validation = Validation::new().issuer("https://auth.example").audience("api://orders");
//! let data = decode_at::<RegisteredClaims>(&token, &Toy, &validation, now)?;
//! assert_eq!(data.claims, claims);
//! # Ok::<(), jwt_strict::Error>(())
//! ```

#![warn(missing_docs)]

mod alg;
mod claims;
mod compact;
pub mod danger;
mod error;
mod header;
mod json;
pub mod jws;
mod key_source;
#[cfg(feature = "bench-stages")]
#[doc(hidden)]
pub mod stages;
mod time;
mod token;
mod traits;
mod validation;

#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;

pub use alg::{Algorithm, AlgorithmFamily};
pub use claims::{Audience, REGISTERED_CLAIMS, RegisteredClaims};
pub use error::{Error, ErrorKind, InvalidSignature, SignError};
pub use header::Header;
pub use json::parse_json_object;
pub use key_source::KeySource;
pub use time::NumericDate;
pub use token::{TokenData, decode, decode_at, encode};
pub use traits::{JwsSigner, JwsVerifier};
pub use validation::{DEFAULT_MAX_TOKEN_LEN, Validation};
