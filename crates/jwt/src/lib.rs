//! JSON Web Tokens for Rust: make, inspect and verify JWTs (RFC 7519) signed as compact
//! JWS (RFC 7515), with strict parsing, safe defaults and errors that say what failed.
//!
//! This facade re-exports the format core (`jwt-core`) and adds signing backends by
//! Cargo feature. Features only add; nothing is chosen at run time.
//!
//! | feature | brings | default |
//! |---|---|---|
//! | `hs` | `jwt_strict::hs`: HS256, HS384, HS512 (`hmac` + `sha2`) | yes |
//! | `rustcrypto` | `jwt_strict::rustcrypto`: RS*, PS*, ES*, EdDSA on the pure-Rust RustCrypto crates | yes |
//! | `openssl` | `jwt_strict::openssl`: the same algorithms and names on the system's OpenSSL | no |
//! | `awslc` | `jwt_strict::awslc`: the same algorithms and names on AWS-LC (`aws-lc-rs`) | no |
//! | `keys` | `jwt_strict::keys`: key formats (PEM, DER, PKCS#1/#8, SEC1, SPKI, JWK), JWK Sets, thumbprints, the backend contract; on with any backend | with a backend |
//! | `x509` | `jwt_strict::x509`: X.509 certificates, read and self-signed | no |
//!
//! `jwt_strict::backend` names one asymmetric backend by a fixed precedence: `awslc`, then
//! `openssl`, then `rustcrypto`, the first whose feature is on. Every backend exports the
//! same names and passes the same conformance suite with the same answers, so code
//! written against `jwt_strict::backend::SigningKey` switches backend with a feature flag alone,
//! and all can be compiled together and named explicitly (`jwt_strict::rustcrypto`,
//! `jwt_strict::openssl`, `jwt_strict::awslc`). [`BACKENDS`] lists the compiled-in ones, default first,
//! for choosing at run time. Without an asymmetric backend feature `jwt_strict::backend` does not
//! exist: using it is a compile error, never a run-time panic.
//!
//! A backend is primitives only, behind one contract, [`keys::Backend`], whose page is
//! the guide to writing one; the key types ([`keys::SigningKey`], [`keys::VerifyingKey`]),
//! loading, `kid`, redaction and the checks that keep backends in agreement are written
//! once over it. A backend of your own plugs in through that trait alone
//! (`jwt_strict::keys::SigningKey<YourBackend>`, [`BackendEntry::of`]). Adding one to this
//! crate is a crate implementing the trait, a feature in this crate's `Cargo.toml` that
//! enables it and the internal feature `asymmetric`, and one line in the registry list in
//! `registry.rs` (`declare_backends!`); its place in that list is its place in the
//! `jwt_strict::backend` precedence. Everything that iterates over backends (the CLI's `--backend`, the
//! conformance and cross-backend tests, the differential fuzz target, the benches,
//! `cargo xtask demo`) reads [`BACKENDS`] or [`for_each_backend!`] and names none.
//!
//! # Which backend to pick
//!
//! | you want | feature | why | RSA signing and RUSTSEC-2023-0071 ("Marvin") |
//! |---|---|---|---|
//! | pure Rust, nothing to install, the default | `rustcrypto` | no C library to build or link; constant-time RustCrypto code | `rsa` 0.10 replaced the leaky arithmetic with constant-time `crypto-bigint` and blinds every signature, but `cargo audit` may still flag it (the advisory lists no patched version yet) and signing is about 5× slower than OpenSSL's: sign with ES256 or EdDSA, or verify only, where RSA timing does not matter |
//! | FIPS-capable AWS-LC, fast RSA and ECDSA, no system library | `awslc` | a C compiler builds AWS-LC from source (no cmake for the default build) | not affected: AWS-LC's RSA is blinded and constant-time |
//! | the system's OpenSSL: fast RSA and ECDSA, your distribution's security updates | `openssl` | needs `libssl-dev` and `pkg-config` at build time | not affected: OpenSSL's RSA is blinded and constant-time |
//! | HMAC only | `hs` alone | no asymmetric crypto compiled at all | — |
//!
//! Verification (every algorithm) is unaffected by the advisory on either backend. The
//! backends give the same answer on every input: where one primitive is laxer than the
//! other (RSA signature lengths, Ed25519 small-order keys and signatures, RSA CRT values)
//! the check is made once, in shared code (`jwt-keys`), before any backend runs.
//!
//! # Libraries built on this crate
//!
//! A library (an HTTP middleware, a key-set client) depends on this crate with
//! `default-features = false, features = ["keys"]` and picks no backend: the
//! application's features do. [`BACKENDS`] then lists what the application chose, and a
//! key set read with no backend compiled in reports, for each public key, that a backend
//! feature is needed.
//!
//! Keys load without importing a trait:
//!
//! ```
//! # #[cfg(feature = "rustcrypto")] {
//! use jwt_strict::backend::{SigningKey, VerifyingKey};
//! use jwt_strict::{decode_at, encode, Algorithm, Header, NumericDate, RegisteredClaims, Validation};
//!
//! let signer = SigningKey::generate(Algorithm::Es256)?;
//! let pem = signer.verifying_key().public_material()?.to_spki_pem()?;
//! let verifier = VerifyingKey::from_pem(&pem, Algorithm::Es256)?;
//! let now = NumericDate::from_unix_seconds(1_800_000_000)?;
//! let claims = RegisteredClaims { exp: now.checked_add(std::time::Duration::from_secs(60)), ..Default::default() };
//! let token = encode(&Header::new(Algorithm::Es256), &claims, &signer)?;
//! decode_at::<RegisteredClaims>(&token, &verifier, &Validation::new(), now)?;
//! # }
//! # Ok::<(), jwt_strict::Error>(())
//! ```
//!
//! # Quick start
//!
//! ```
//! # #[cfg(feature = "hs")] {
//! use jwt_strict::hs::HmacKey;
//! use jwt_strict::{decode, encode, Algorithm, Header, NumericDate, RegisteredClaims, Validation};
//! use std::time::Duration;
//!
//! let key = HmacKey::new(Algorithm::Hs256, b"a shared secret of at least 32 bytes")?;
//!
//! // The issuer makes a token.
//! let claims = RegisteredClaims {
//!     iss: Some("https://auth.example".into()),
//!     sub: Some("alice".into()),
//!     aud: Some("api://orders".into()),
//!     exp: NumericDate::now().checked_add(Duration::from_secs(900)),
//!     ..Default::default()
//! };
//! let token = encode(&Header::new(Algorithm::Hs256), &claims, &key)?;
//!
//! // The API checks it: signature, algorithm, issuer, audience, expiry.
//! let validation = Validation::new().issuer("https://auth.example").audience("api://orders");
//! let data = decode::<RegisteredClaims>(&token, &key, &validation)?;
//! assert_eq!(data.claims.sub.as_deref(), Some("alice"));
//!
//! // Any other audience is refused, and the error says why.
//! let err = decode::<RegisteredClaims>(&token, &key, &Validation::new().audience("api://billing"))
//!     .unwrap_err();
//! assert_eq!(err.kind(), jwt_strict::ErrorKind::InvalidAudience);
//! assert_eq!(
//!     err.to_string(),
//!     r#"aud ["api://orders"] names no accepted audience; expected "api://billing""#
//! );
//! # }
//! # Ok::<(), jwt_strict::Error>(())
//! ```
//!
//! See [`Validation`] for every check and its default, [`decode`] for the order the
//! checks run in, and [`ErrorKind`] for the stable error names.

#![warn(missing_docs)]

pub use jwt_core::{
    Algorithm, AlgorithmFamily, Audience, DEFAULT_MAX_TOKEN_LEN, Error, ErrorKind, Header,
    InvalidSignature, JwsSigner, JwsVerifier, KeySource, NumericDate, REGISTERED_CLAIMS,
    RegisteredClaims, SignError, TokenData, Validation, danger, decode, decode_at, encode, jws,
};

/// HS256, HS384 and HS512: HMAC with SHA-2 (the `jwt-hs` crate; feature `hs`).
#[cfg(feature = "hs")]
pub mod hs {
    pub use jwt_hs::HmacKey;
}

/// Keys: PEM, DER, PKCS#1, PKCS#8, SEC1, SPKI, certificates' keys and JWK into checked,
/// algorithm-neutral key material and back; JWK Sets; RFC 7638 thumbprints; the backend
/// contract ([`keys::Backend`]) and the key types written once over it (the `jwt-keys`
/// crate; feature `keys`, on with every backend).
#[cfg(feature = "keys")]
pub mod keys {
    pub use jwt_keys::*;
}

/// X.509 certificates: read one and the key it certifies, make self-signed ones, and,
/// with an asymmetric backend,
/// [`generate_key_and_certificate`](x509::generate_key_and_certificate) (the `jwt-x509`
/// crate; feature `x509`).
#[cfg(feature = "x509")]
pub mod x509 {
    pub use jwt_x509::*;

    #[cfg(feature = "asymmetric")]
    pub use crate::gen_cert::*;
}

#[cfg(all(feature = "x509", feature = "asymmetric"))]
mod gen_cert;

#[cfg(feature = "keys")]
mod key_set;
#[cfg(feature = "keys")]
pub use key_set::{key_set, key_set_on, public_key_set_on};
#[cfg(feature = "keys")]
#[macro_use]
mod declare_backends;
#[cfg(feature = "keys")]
mod registry;
// The registry's list makes the `jwt_strict::<backend>` modules, `jwt_strict::backend` and `BACKENDS`.
#[cfg(feature = "keys")]
pub use registry::*;
