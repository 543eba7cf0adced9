//! Every asymmetric backend compiled into the test crate, as a list, so that the
//! cross-backend tests and the differential fuzz target loop over all of them instead of
//! naming two.

use jwt_core::{Algorithm, Error, JwsSigner, JwsVerifier};

/// A loader of boxed verifying keys from some input.
pub type LoadVerifier<I> = fn(&I, Algorithm) -> Result<Box<dyn JwsVerifier>, Error>;
/// A loader of boxed signing keys from some input.
pub type LoadSigner<I> = fn(&I, Algorithm) -> Result<Box<dyn JwsSigner>, Error>;

/// How the tests reach one backend: its name and its key loaders, boxed.
#[derive(Debug, Clone, Copy)]
pub struct BackendEntry {
    /// The backend's name.
    pub name: &'static str,
    /// A verifying key from PEM or DER bytes.
    pub verifier_from_pem_or_der: LoadVerifier<[u8]>,
    /// A verifying key from a JWK.
    pub verifier_from_jwk: LoadVerifier<str>,
    /// A signing key from PEM or DER bytes.
    pub signer_from_pem_or_der: LoadSigner<[u8]>,
    /// A signing key from a JWK.
    pub signer_from_jwk: LoadSigner<str>,
}

macro_rules! entry {
    ($name:literal, $krate:ident) => {
        BackendEntry {
            name: $name,
            verifier_from_pem_or_der: |bytes, alg| {
                Ok(Box::new($krate::VerifyingKey::from_pem_or_der(bytes, alg)?))
            },
            verifier_from_jwk: |jwk, alg| Ok(Box::new($krate::VerifyingKey::from_jwk(jwk, alg)?)),
            signer_from_pem_or_der: |bytes, alg| {
                Ok(Box::new($krate::SigningKey::from_pem_or_der(bytes, alg)?))
            },
            signer_from_jwk: |jwk, alg| Ok(Box::new($krate::SigningKey::from_jwk(jwk, alg)?)),
        }
    };
}

/// The backends under test.
pub const BACKENDS: [BackendEntry; 2] = [
    entry!("rustcrypto", jwt_rs_rustcrypto),
    entry!("openssl", jwt_rs_openssl),
];
