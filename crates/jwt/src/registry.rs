//! The registry of compiled-in asymmetric backends, in the order `jwt::backend` prefers
//! them: AWS-LC, then OpenSSL, then RustCrypto. Everything that works with "every backend" (the
//! CLI's `--backend` and `jwt backends`, the conformance suite, the cross-backend tests,
//! the differential fuzz target, the benches, `cargo xtask demo`) reads it here and
//! names no backend itself.
//!
//! The list itself is one line per backend, in `lib.rs` (`declare_backends!`, defined in
//! `declare_backends.rs`): from it come the `jwt::<name>` modules, the `jwt::backend`
//! precedence, [`BACKENDS`](crate::BACKENDS) and
//! [`for_each_backend!`](crate::for_each_backend).

use jwt_core::{Algorithm, Error, JwsSigner, JwsVerifier};
use jwt_x509::{Backend, PrivateKeyMaterial, PublicKeyMaterial, SigningKey, VerifyingKey};

/// A boxed signing key made from some input for an algorithm.
pub type LoadSigner<I> = fn(&I, Algorithm) -> Result<Box<dyn JwsSigner>, Error>;
/// A boxed verifying key made from some input for an algorithm.
pub type LoadVerifier<I> = fn(&I, Algorithm) -> Result<Box<dyn JwsVerifier>, Error>;

/// A freshly generated key pair, boxed, with its material.
#[derive(Debug)]
#[non_exhaustive]
pub struct GeneratedKey {
    /// The private key, ready to sign.
    pub signer: Box<dyn JwsSigner>,
    /// Its public half, ready to verify.
    pub verifier: Box<dyn JwsVerifier>,
    /// The public key's material (for a certificate, a JWK, another backend).
    pub public: PublicKeyMaterial,
    /// The private key's material (to write it as PKCS#8); wiped on drop.
    pub private: PrivateKeyMaterial,
}

/// One compiled-in backend: its name and how to make keys on it, boxed so a program can
/// choose the backend at run time.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct BackendEntry {
    /// The backend's name, as `--backend` takes it.
    pub name: &'static str,
    /// A signing key from a key file's bytes (PEM or DER).
    pub signer_from_pem_or_der: LoadSigner<[u8]>,
    /// A signing key from a private JWK.
    pub signer_from_jwk: LoadSigner<str>,
    /// A verifying key from a key file's bytes (PEM or DER: public key, certificate, or
    /// private key).
    pub verifier_from_pem_or_der: LoadVerifier<[u8]>,
    /// A verifying key from a JWK.
    pub verifier_from_jwk: LoadVerifier<str>,
    /// A verifying key from public key material (another backend's key, say).
    pub verifier_from_material:
        fn(PublicKeyMaterial, Algorithm) -> Result<Box<dyn JwsVerifier>, Error>,
    /// Generates a key for an algorithm, with the RSA size in bits for RS*/PS*.
    pub generate: fn(Algorithm, usize) -> Result<GeneratedKey, Error>,
    /// The public key of a key file (PEM or DER): the key itself, a certificate's, or a
    /// private key's public half (computed by the backend when the file does not carry
    /// it).
    pub public_from_pem_or_der: fn(&[u8]) -> Result<PublicKeyMaterial, Error>,
}

impl BackendEntry {
    /// The entry of backend `B`.
    pub const fn of<B: Backend>() -> BackendEntry {
        BackendEntry {
            name: B::NAME,
            signer_from_pem_or_der: signer_from_pem_or_der::<B>,
            signer_from_jwk: signer_from_jwk::<B>,
            verifier_from_pem_or_der: verifier_from_pem_or_der::<B>,
            verifier_from_jwk: verifier_from_jwk::<B>,
            verifier_from_material: verifier_from_material::<B>,
            generate: generate::<B>,
            public_from_pem_or_der: public_from_pem_or_der::<B>,
        }
    }
}

fn signer_from_pem_or_der<B: Backend>(
    bytes: &[u8],
    alg: Algorithm,
) -> Result<Box<dyn JwsSigner>, Error> {
    Ok(Box::new(SigningKey::<B>::from_pem_or_der(bytes, alg)?))
}

fn signer_from_jwk<B: Backend>(jwk: &str, alg: Algorithm) -> Result<Box<dyn JwsSigner>, Error> {
    Ok(Box::new(SigningKey::<B>::from_jwk(jwk, alg)?))
}

fn verifier_from_pem_or_der<B: Backend>(
    bytes: &[u8],
    alg: Algorithm,
) -> Result<Box<dyn JwsVerifier>, Error> {
    Ok(Box::new(VerifyingKey::<B>::from_pem_or_der(bytes, alg)?))
}

fn verifier_from_jwk<B: Backend>(jwk: &str, alg: Algorithm) -> Result<Box<dyn JwsVerifier>, Error> {
    Ok(Box::new(VerifyingKey::<B>::from_jwk(jwk, alg)?))
}

fn verifier_from_material<B: Backend>(
    material: PublicKeyMaterial,
    alg: Algorithm,
) -> Result<Box<dyn JwsVerifier>, Error> {
    use jwt_x509::LoadVerifyingKey;
    Ok(Box::new(VerifyingKey::<B>::from_public_material(
        material, alg,
    )?))
}

fn generate<B: Backend>(alg: Algorithm, rsa_bits: usize) -> Result<GeneratedKey, Error> {
    let key = SigningKey::<B>::generate_with_rsa_bits(alg, rsa_bits)?;
    let verifier = key.verifying_key();
    Ok(GeneratedKey {
        public: verifier.public_material()?,
        private: key.private_material()?,
        verifier: Box::new(verifier),
        signer: Box::new(key),
    })
}

fn public_from_pem_or_der<B: Backend>(bytes: &[u8]) -> Result<PublicKeyMaterial, Error> {
    match jwt_x509::KeyMaterial::from_pem_or_der(bytes)? {
        jwt_x509::KeyMaterial::Public(public) => Ok(public),
        jwt_x509::KeyMaterial::Private(private) => match private.carried_public() {
            Some(public) => Ok(public),
            None => B::public_material(&private),
        },
    }
}

/// The compiled-in backend called `name`.
///
/// ```
/// # #[cfg(feature = "rustcrypto")]
/// assert!(jwt::backend_named("rustcrypto").is_some());
/// assert!(jwt::backend_named("no such backend").is_none());
/// ```
pub fn backend_named(name: &str) -> Option<&'static BackendEntry> {
    crate::BACKENDS.iter().find(|backend| backend.name == name)
}
