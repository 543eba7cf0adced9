//! The registry of compiled-in asymmetric backends, in the order `jwt_strict::backend` prefers
//! them: AWS-LC, then OpenSSL, then RustCrypto. Everything that works with "every
//! backend" (the CLI's `--backend` and `jwt backends`, the conformance suite, the
//! cross-backend tests, the differential fuzz target, the benches, `cargo xtask demo`)
//! reads it here and names no backend itself.
//!
//! The list is one line per backend, below (`declare_backends!`, defined in
//! `declare_backends.rs`): from it come the `jwt_strict::<name>` modules, the `jwt_strict::backend`
//! precedence, [`BACKENDS`](crate::BACKENDS) and
//! [`for_each_backend!`](crate::for_each_backend). [`BackendEntry`] is one backend seen
//! through a value, for choosing at run time.

use jwt_core::{Algorithm, AlgorithmFamily, Error, ErrorKind, JwsSigner, JwsVerifier};
use jwt_keys::{
    Backend, Jwk, KeyMaterial, KeyOperation, PrivateKeyMaterial, PublicKeyMaterial, SigningKey,
    VerifyingKey,
};

// The registry: one line per asymmetric backend, in the `jwt_strict::backend` precedence. Adding a
// backend is its crate, a feature in Cargo.toml (enabling `asymmetric`) and a line here.
declare_backends! {
    "awslc" => jwt_rs_awslc::AwsLc as awslc, "AWS-LC (`aws-lc-rs`)";
    "openssl" => jwt_rs_openssl::OpenSsl as openssl, "OpenSSL";
    "rustcrypto" => jwt_rs_rustcrypto::RustCrypto as rustcrypto, "the pure-Rust RustCrypto crates";
}

/// A freshly generated key pair, boxed, with its material: what
/// [`BackendEntry::generate`] returns.
///
/// ```
/// # #[cfg(feature = "asymmetric")] {
/// let backend = &jwt_strict::BACKENDS[0];
/// let key = backend.generate(jwt_strict::Algorithm::Es384, 2048)?;
/// assert_eq!(key.public.describe(), "EC P-384");
/// println!("{}", key.private.to_pkcs8_pem()?.as_str());
/// # }
/// # Ok::<(), jwt_strict::Error>(())
/// ```
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

/// One backend, chosen at run time: its name, and its keys boxed as [`JwsSigner`] and
/// [`JwsVerifier`]. Made from the contract alone ([`BackendEntry::of`]), so it is the
/// [`keys::Backend`](crate::keys::Backend) trait seen through a value, not a second one.
///
/// ```
/// # #[cfg(feature = "rustcrypto")] {
/// use jwt_strict::{Algorithm, Header, NumericDate, Validation};
///
/// let backend = jwt_strict::backend_named("rustcrypto").expect("compiled in");
/// let key = backend.generate(Algorithm::Es256, 2048)?;
/// let pem = key.public.to_spki_pem()?;
/// let verifier = backend.verifier_from_pem_or_der(pem.as_bytes(), Algorithm::Es256)?;
/// let token = jwt_strict::encode(&Header::new(Algorithm::Es256), &serde_json::json!({"exp": 2}), &*key.signer)?;
/// let now = NumericDate::from_unix_seconds(1)?;
/// jwt_strict::decode_at::<serde_json::Value>(&token, &*verifier, &Validation::new(), now)?;
/// # }
/// # Ok::<(), jwt_strict::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct BackendEntry {
    /// The backend's name, as `--backend` takes it.
    pub name: &'static str,
    algorithms: &'static [Algorithm],
    signer: fn(KeyMaterial, Algorithm) -> Result<Box<dyn JwsSigner>, Error>,
    verifier: fn(KeyMaterial, Algorithm) -> Result<Box<dyn JwsVerifier>, Error>,
    generate: fn(Algorithm, usize) -> Result<GeneratedKey, Error>,
    public_key: fn(&PrivateKeyMaterial) -> Result<PublicKeyMaterial, Error>,
}

impl BackendEntry {
    /// The entry of backend `B`: one of the registry's, or a backend of your own.
    pub const fn of<B: Backend>() -> BackendEntry {
        BackendEntry {
            name: B::NAME,
            algorithms: B::ALGORITHMS,
            signer: signer::<B>,
            verifier: verifier::<B>,
            generate: generate::<B>,
            public_key: public_key::<B>,
        }
    }

    /// The algorithms the backend implements: RS*, PS*, ES*, EdDSA, and ML-DSA-44/65/87
    /// where it has them. Asking for another is `invalid_algorithm` naming the backends
    /// that have it.
    ///
    /// ```
    /// # #[cfg(feature = "rustcrypto")] {
    /// use jwt_strict::Algorithm;
    ///
    /// let rustcrypto = jwt_strict::backend_named("rustcrypto").unwrap();
    /// assert!(rustcrypto.algorithms().contains(&Algorithm::MlDsa65));
    /// # }
    /// ```
    pub fn algorithms(&self) -> &'static [Algorithm] {
        self.algorithms
    }

    /// A signing key for `alg` from a private key's material; see
    /// [`SigningKey::from_material`](crate::keys::SigningKey::from_material).
    ///
    /// # Errors
    ///
    /// As `SigningKey::from_material`.
    pub fn signer(
        &self,
        material: KeyMaterial,
        alg: Algorithm,
    ) -> Result<Box<dyn JwsSigner>, Error> {
        (self.signer)(material, alg)
    }

    /// A verifying key for `alg` from a key's material (a private key stands for its
    /// public half); see
    /// [`VerifyingKey::from_material`](crate::keys::VerifyingKey::from_material).
    ///
    /// # Errors
    ///
    /// As `VerifyingKey::from_material`.
    pub fn verifier(
        &self,
        material: KeyMaterial,
        alg: Algorithm,
    ) -> Result<Box<dyn JwsVerifier>, Error> {
        (self.verifier)(material, alg)
    }

    /// A signing key for `alg` from a key file's bytes (PEM or DER).
    ///
    /// # Errors
    ///
    /// As [`SigningKey::from_pem_or_der`](crate::keys::SigningKey::from_pem_or_der).
    pub fn signer_from_pem_or_der(
        &self,
        bytes: &[u8],
        alg: Algorithm,
    ) -> Result<Box<dyn JwsSigner>, Error> {
        self.signer(KeyMaterial::from_pem_or_der(bytes)?, alg)
    }

    /// A signing key for `alg` from a private JWK.
    ///
    /// # Errors
    ///
    /// As [`SigningKey::from_jwk`](crate::keys::SigningKey::from_jwk).
    pub fn signer_from_jwk(&self, jwk: &str, alg: Algorithm) -> Result<Box<dyn JwsSigner>, Error> {
        self.signer(
            Jwk::parse(jwk)?.into_material(alg, KeyOperation::Sign)?,
            alg,
        )
    }

    /// A verifying key for `alg` from a key file's bytes (PEM or DER: a public key, a
    /// certificate, or a private key).
    ///
    /// # Errors
    ///
    /// As [`VerifyingKey::from_pem_or_der`](crate::keys::VerifyingKey::from_pem_or_der).
    pub fn verifier_from_pem_or_der(
        &self,
        bytes: &[u8],
        alg: Algorithm,
    ) -> Result<Box<dyn JwsVerifier>, Error> {
        self.verifier(KeyMaterial::from_pem_or_der(bytes)?, alg)
    }

    /// A verifying key for `alg` from a JWK.
    ///
    /// # Errors
    ///
    /// As [`VerifyingKey::from_jwk`](crate::keys::VerifyingKey::from_jwk).
    pub fn verifier_from_jwk(
        &self,
        jwk: &str,
        alg: Algorithm,
    ) -> Result<Box<dyn JwsVerifier>, Error> {
        self.verifier(
            Jwk::parse(jwk)?.into_material(alg, KeyOperation::Verify)?,
            alg,
        )
    }

    /// Generates a key for `alg`, with `rsa_bits` (2048, 3072 or 4096) for RS*/PS*.
    ///
    /// # Errors
    ///
    /// As [`SigningKey::generate_with_rsa_bits`](crate::keys::SigningKey::generate_with_rsa_bits).
    pub fn generate(&self, alg: Algorithm, rsa_bits: usize) -> Result<GeneratedKey, Error> {
        (self.generate)(alg, rsa_bits)
    }

    /// The public key of a key file (PEM or DER): the key itself, a certificate's, or a
    /// private key's public half (computed by the backend when the file does not carry
    /// it; see [`PrivateKeyMaterial::public_key`](crate::keys::PrivateKeyMaterial::public_key)).
    ///
    /// # Errors
    ///
    /// As [`KeyMaterial::from_pem_or_der`](crate::keys::KeyMaterial::from_pem_or_der);
    /// `invalid_key` when a private key's carried public key is not its own.
    pub fn public_from_pem_or_der(&self, bytes: &[u8]) -> Result<PublicKeyMaterial, Error> {
        match KeyMaterial::from_pem_or_der(bytes)? {
            KeyMaterial::Public(public) => Ok(public),
            KeyMaterial::Private(private) => (self.public_key)(&private),
        }
    }
}

/// Refuses an asymmetric algorithm backend `B` does not implement, naming the compiled-in
/// backends that do (never a fallback to one of them).
fn check_implements<B: Backend>(alg: Algorithm) -> Result<(), Error> {
    if alg.family() == AlgorithmFamily::Hmac || B::ALGORITHMS.contains(&alg) {
        return Ok(());
    }
    let others: Vec<&str> = crate::BACKENDS
        .iter()
        .filter(|entry| entry.algorithms.contains(&alg))
        .map(|entry| entry.name)
        .collect();
    let which = if others.is_empty() {
        "no compiled-in backend has it".to_owned()
    } else {
        format!("backends that have it: {}", others.join(", "))
    };
    Err(Error::new(
        ErrorKind::InvalidAlgorithm,
        format!("the {} backend does not implement {alg}; {which}", B::NAME),
    ))
}

fn signer<B: Backend>(material: KeyMaterial, alg: Algorithm) -> Result<Box<dyn JwsSigner>, Error> {
    check_implements::<B>(alg)?;
    Ok(Box::new(SigningKey::<B>::from_material(material, alg)?))
}

fn verifier<B: Backend>(
    material: KeyMaterial,
    alg: Algorithm,
) -> Result<Box<dyn JwsVerifier>, Error> {
    check_implements::<B>(alg)?;
    Ok(Box::new(VerifyingKey::<B>::from_material(material, alg)?))
}

fn public_key<B: Backend>(private: &PrivateKeyMaterial) -> Result<PublicKeyMaterial, Error> {
    if let PrivateKeyMaterial::MlDsa(ml) = private {
        check_implements::<B>(ml.level().algorithm())?;
    }
    private.public_key::<B>()
}

fn generate<B: Backend>(alg: Algorithm, rsa_bits: usize) -> Result<GeneratedKey, Error> {
    check_implements::<B>(alg)?;
    let key = SigningKey::<B>::generate_with_rsa_bits(alg, rsa_bits)?;
    let verifier = key.verifying_key();
    Ok(GeneratedKey {
        public: verifier.public_material()?,
        private: key.private_material()?,
        verifier: Box::new(verifier),
        signer: Box::new(key),
    })
}

/// The compiled-in backend called `name`.
///
/// ```
/// # #[cfg(feature = "rustcrypto")]
/// assert!(jwt_strict::backend_named("rustcrypto").is_some());
/// assert!(jwt_strict::backend_named("no such backend").is_none());
/// ```
pub fn backend_named(name: &str) -> Option<&'static BackendEntry> {
    crate::BACKENDS.iter().find(|backend| backend.name == name)
}
