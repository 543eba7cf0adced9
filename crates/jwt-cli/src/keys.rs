//! Keys from the command line: an HMAC secret or a key file, for an algorithm, on the
//! backend asked for.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use jwt::hs::HmacKey;
use jwt::{Algorithm, AlgorithmFamily, ErrorKind, JwsSigner, JwsVerifier};

use crate::failure::Failure;
use crate::input;

/// The asymmetric backends a `--backend` can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum BackendName {
    /// The pure-Rust RustCrypto backend.
    Rustcrypto,
    /// The OpenSSL backend.
    Openssl,
}

/// The backends compiled into this binary.
const COMPILED: &[&str] = &[
    #[cfg(feature = "rustcrypto")]
    "rustcrypto",
    #[cfg(feature = "openssl")]
    "openssl",
];

/// Where the key comes from: `--key FILE` or `--secret-file FILE` / `$JWT_SECRET`.
#[derive(Debug, Args)]
pub(crate) struct KeyArgs {
    /// A key file, PEM or DER: PKCS#8, PKCS#1 or SEC1 private key, SPKI public key, or an
    /// X.509 certificate (RS*, PS*, ES*, EdDSA).
    #[arg(long, value_name = "FILE", conflicts_with = "secret_file")]
    key: Option<PathBuf>,
    /// A file holding the HMAC secret's exact bytes (HS*); without it, $JWT_SECRET.
    #[arg(long, value_name = "FILE")]
    secret_file: Option<PathBuf>,
    /// The asymmetric backend: rustcrypto or openssl (default: openssl when compiled
    /// in, else rustcrypto). HMAC always runs on the hmac crate.
    #[arg(long, value_enum)]
    backend: Option<BackendName>,
}

impl KeyArgs {
    /// Checks that the backend asked for is compiled in.
    pub(crate) fn check_backend(&self) -> Result<(), Failure> {
        let Some(name) = self.backend else {
            return Ok(());
        };
        let wanted = match name {
            BackendName::Rustcrypto => "rustcrypto",
            BackendName::Openssl => "openssl",
        };
        if COMPILED.contains(&wanted) {
            Ok(())
        } else {
            Err(Failure::usage(
                ErrorKind::InvalidKey,
                format!(
                    "backend {wanted} is not compiled into this jwt; compiled in: {} (rebuild with --features {wanted})",
                    COMPILED.join(", ")
                ),
            ))
        }
    }

    /// The name of the backend that will run asymmetric algorithms.
    pub(crate) fn backend_name(&self) -> &'static str {
        match self.backend {
            Some(BackendName::Rustcrypto) => "rustcrypto",
            Some(BackendName::Openssl) => "openssl",
            None => jwt::backend::NAME,
        }
    }

    /// Reads the key input once: the secret, or the key file's bytes.
    pub(crate) fn read(&self, algs: &[Algorithm]) -> Result<KeyInput, Failure> {
        self.check_backend()?;
        let hmac = algs
            .iter()
            .filter(|alg| alg.family() == AlgorithmFamily::Hmac)
            .count();
        if hmac > 0 && hmac < algs.len() {
            return Err(Failure::usage(
                ErrorKind::InvalidAlgorithm,
                "--alg mixes HMAC and asymmetric algorithms, which need different keys",
            ));
        }
        if hmac > 0 {
            if let Some(path) = &self.key {
                return Err(Failure::usage(
                    ErrorKind::InvalidKey,
                    format!(
                        "HMAC algorithms take a secret (--secret-file FILE or JWT_SECRET), not --key {}",
                        path.display()
                    ),
                ));
            }
            return input::secret(self.secret_file.as_deref()).map(KeyInput::Secret);
        }
        match &self.key {
            Some(path) => Ok(KeyInput::File {
                path: path.clone(),
                bytes: input::file(path)?,
                backend: self.backend_name(),
            }),
            None => Err(Failure::usage(
                ErrorKind::InvalidKey,
                "asymmetric algorithms need --key FILE (a PEM or DER key or certificate)",
            )),
        }
    }
}

/// A key input read from the command line.
pub(crate) enum KeyInput {
    /// An HMAC secret.
    Secret(zeroize::Zeroizing<Vec<u8>>),
    /// A key file's bytes and the backend to load it on.
    File {
        path: PathBuf,
        bytes: zeroize::Zeroizing<Vec<u8>>,
        backend: &'static str,
    },
}

/// The secret as an HMAC key, or the key file loaded as `$key` (`SigningKey` or
/// `VerifyingKey`) on the chosen backend, boxed as `dyn $role`.
macro_rules! load_key {
    ($input:expr, $alg:expr, $key:ident, $role:ident) => {
        match $input {
            KeyInput::Secret(secret) => {
                let key: Box<dyn $role> =
                    Box::new(HmacKey::new($alg, secret).map_err(Failure::problem)?);
                Ok(key)
            }
            KeyInput::File {
                path,
                bytes,
                backend,
            } => {
                let key: Box<dyn $role> = match *backend {
                    #[cfg(feature = "openssl")]
                    "openssl" => Box::new(
                        jwt::openssl::$key::from_pem_or_der(bytes, $alg)
                            .map_err(|e| in_file(path, e))?,
                    ),
                    #[cfg(feature = "rustcrypto")]
                    "rustcrypto" => Box::new(
                        jwt::rustcrypto::$key::from_pem_or_der(bytes, $alg)
                            .map_err(|e| in_file(path, e))?,
                    ),
                    other => return Err(not_compiled(other)),
                };
                Ok(key)
            }
        }
    };
}

impl KeyInput {
    /// A signer for `alg`.
    pub(crate) fn signer(&self, alg: Algorithm) -> Result<Box<dyn JwsSigner>, Failure> {
        load_key!(self, alg, SigningKey, JwsSigner)
    }

    /// A verifier for `alg`.
    pub(crate) fn verifier(&self, alg: Algorithm) -> Result<Box<dyn JwsVerifier>, Failure> {
        load_key!(self, alg, VerifyingKey, JwsVerifier)
    }
}

fn in_file(path: &Path, err: jwt::Error) -> Failure {
    Failure::problem(jwt::Error::new(
        err.kind(),
        format!("{}: {err}", path.display()),
    ))
}

fn not_compiled(name: &str) -> Failure {
    Failure::usage(
        ErrorKind::InvalidKey,
        format!(
            "backend {name} is not compiled in; compiled in: {}",
            COMPILED.join(", ")
        ),
    )
}
