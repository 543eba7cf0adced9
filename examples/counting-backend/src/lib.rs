//! A backend written outside the registry, through the public API alone: it wraps the
//! RustCrypto backend and counts what it is asked to do.
//!
//! It is the smallest complete example of the contract ([`jwt_strict::keys::Backend`]: its page
//! is the guide) and the proof that a backend needs nothing private. Its tests run the
//! whole conformance suite on it (`tests/conformance.rs`), as on the registry's
//! backends.
//!
//! ```
//! use counting_backend::{Counting, calls};
//! use jwt_strict::keys::SigningKey;
//! use jwt_strict::{Algorithm, Header, NumericDate, RegisteredClaims, Validation};
//!
//! let key = SigningKey::<Counting>::generate(Algorithm::Es256)?;
//! let now = NumericDate::from_unix_seconds(1_800_000_000)?;
//! let claims = RegisteredClaims { exp: now.checked_add(std::time::Duration::from_secs(60)), ..Default::default() };
//! let signs = calls().sign;
//! let token = jwt_strict::encode(&Header::new(Algorithm::Es256), &claims, &key)?;
//! jwt_strict::decode_at::<RegisteredClaims>(&token, &key.verifying_key(), &Validation::new(), now)?;
//! assert!(calls().sign > signs);
//! # Ok::<(), jwt_strict::Error>(())
//! ```

#![warn(missing_docs)]

use std::sync::atomic::{AtomicUsize, Ordering};

use jwt_strict::keys::{
    Backend, EcPrivateParts, EcPublicParts, Ed25519PrivateParts, Ed25519PublicParts, NewKey,
    PrivateKeyMaterial, PublicKeyMaterial,
};
use jwt_strict::rustcrypto::RustCrypto;
use jwt_strict::{Algorithm, Error, InvalidSignature, SignError};

/// The backend: RustCrypto's primitives, each call counted.
#[derive(Debug, Clone, Copy)]
pub struct Counting;

/// How many times each of the contract's operations ran, in this process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Calls {
    /// Keys prepared to sign.
    pub signer: usize,
    /// Keys prepared to verify.
    pub verifier: usize,
    /// Signatures made.
    pub sign: usize,
    /// Signatures checked.
    pub verify: usize,
    /// Public keys derived from private ones.
    pub public_key: usize,
    /// Keys generated.
    pub generate: usize,
}

static SIGNER: AtomicUsize = AtomicUsize::new(0);
static VERIFIER: AtomicUsize = AtomicUsize::new(0);
static SIGN: AtomicUsize = AtomicUsize::new(0);
static VERIFY: AtomicUsize = AtomicUsize::new(0);
static PUBLIC_KEY: AtomicUsize = AtomicUsize::new(0);
static GENERATE: AtomicUsize = AtomicUsize::new(0);

/// The counts so far.
pub fn calls() -> Calls {
    Calls {
        signer: SIGNER.load(Ordering::Relaxed),
        verifier: VERIFIER.load(Ordering::Relaxed),
        sign: SIGN.load(Ordering::Relaxed),
        verify: VERIFY.load(Ordering::Relaxed),
        public_key: PUBLIC_KEY.load(Ordering::Relaxed),
        generate: GENERATE.load(Ordering::Relaxed),
    }
}

fn count(counter: &AtomicUsize) {
    counter.fetch_add(1, Ordering::Relaxed);
}

impl Backend for Counting {
    const NAME: &'static str = "counting";
    type Signer = <RustCrypto as Backend>::Signer;
    type Verifier = <RustCrypto as Backend>::Verifier;

    fn signer(key: &PrivateKeyMaterial, alg: Algorithm) -> Result<Self::Signer, Error> {
        count(&SIGNER);
        RustCrypto::signer(key, alg)
    }

    fn verifier(key: &PublicKeyMaterial, alg: Algorithm) -> Result<Self::Verifier, Error> {
        count(&VERIFIER);
        RustCrypto::verifier(key, alg)
    }

    fn sign(signer: &Self::Signer, signing_input: &[u8]) -> Result<Vec<u8>, SignError> {
        count(&SIGN);
        RustCrypto::sign(signer, signing_input)
    }

    fn verify(
        verifier: &Self::Verifier,
        signing_input: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        count(&VERIFY);
        RustCrypto::verify(verifier, signing_input, signature)
    }

    fn ec_public_key(key: &EcPrivateParts) -> Result<EcPublicParts, Error> {
        count(&PUBLIC_KEY);
        RustCrypto::ec_public_key(key)
    }

    fn ed25519_public_key(key: &Ed25519PrivateParts) -> Result<Ed25519PublicParts, Error> {
        count(&PUBLIC_KEY);
        RustCrypto::ed25519_public_key(key)
    }

    fn generate(key: NewKey) -> Result<PrivateKeyMaterial, Error> {
        count(&GENERATE);
        RustCrypto::generate(key)
    }
}
