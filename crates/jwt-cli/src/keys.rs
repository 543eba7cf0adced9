//! Keys from the command line: an HMAC secret or a key file, for an algorithm, on the
//! backend asked for.

use std::path::{Path, PathBuf};

use clap::Args;
use jwt_strict::BackendEntry;
use jwt_strict::hs::HmacKey;
use jwt_strict::{Algorithm, AlgorithmFamily, ErrorKind, JwsSigner, JwsVerifier};

use crate::failure::Failure;
use crate::input;

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
    /// The asymmetric backend, one of `jwt backends` (default: the first listed there).
    /// HMAC always runs on the hmac crate.
    #[arg(long, value_name = "NAME")]
    backend: Option<String>,
}

impl KeyArgs {
    /// The backend asked for (the default when none was), from the registry.
    pub(crate) fn backend(&self) -> Result<&'static BackendEntry, Failure> {
        let default = jwt_strict::BACKENDS.first();
        let chosen = match &self.backend {
            Some(name) => jwt_strict::backend_named(name),
            None => default,
        };
        chosen.ok_or_else(|| {
            let compiled: Vec<&str> = jwt_strict::BACKENDS
                .iter()
                .map(|backend| backend.name)
                .collect();
            Failure::invalid(
                ErrorKind::InvalidKey,
                format!(
                    "backend {} is not compiled into this jwt; compiled in: {} (see jwt backends)",
                    self.backend.as_deref().unwrap_or("(default)"),
                    compiled.join(", ")
                ),
            )
        })
    }

    /// Reads the key input once: the secret, or the key file's bytes.
    pub(crate) fn read(&self, algs: &[Algorithm]) -> Result<KeyInput, Failure> {
        let backend = self.backend()?;
        let hmac = algs
            .iter()
            .filter(|alg| alg.family() == AlgorithmFamily::Hmac)
            .count();
        if hmac > 0 && hmac < algs.len() {
            return Err(Failure::invalid(
                ErrorKind::InvalidAlgorithm,
                "--alg mixes HMAC and asymmetric algorithms, which need different keys",
            ));
        }
        if hmac > 0 {
            if let Some(path) = &self.key {
                return Err(Failure::invalid(
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
                backend,
            }),
            None => Err(Failure::invalid(
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
        backend: &'static BackendEntry,
    },
}

impl KeyInput {
    /// A signer for `alg`: the HMAC secret, or the key file on the chosen backend.
    pub(crate) fn signer(&self, alg: Algorithm) -> Result<Box<dyn JwsSigner>, Failure> {
        match self {
            KeyInput::Secret(secret) => Ok(Box::new(
                HmacKey::new(alg, secret).map_err(Failure::problem)?,
            )),
            KeyInput::File {
                path,
                bytes,
                backend,
            } => backend
                .signer_from_pem_or_der(bytes, alg)
                .map_err(|e| in_file(path, e)),
        }
    }

    /// The key's RFC 7638 thumbprint: of the HMAC secret as an `oct` JWK, or of the key
    /// file's public key.
    pub(crate) fn thumbprint(&self) -> Result<String, Failure> {
        match self {
            KeyInput::Secret(secret) => Ok(jwt_strict::keys::secret_thumbprint(secret)),
            KeyInput::File {
                path,
                bytes,
                backend,
            } => backend
                .public_from_pem_or_der(bytes)
                .and_then(|public| jwt_strict::keys::thumbprint(&public))
                .map_err(|e| in_file(path, e)),
        }
    }

    /// A verifier for `alg`: the HMAC secret, or the key file on the chosen backend.
    pub(crate) fn verifier(&self, alg: Algorithm) -> Result<Box<dyn JwsVerifier>, Failure> {
        match self {
            KeyInput::Secret(secret) => Ok(Box::new(
                HmacKey::new(alg, secret).map_err(Failure::problem)?,
            )),
            KeyInput::File {
                path,
                bytes,
                backend,
            } => backend
                .verifier_from_pem_or_der(bytes, alg)
                .map_err(|e| in_file(path, e)),
        }
    }
}

fn in_file(path: &Path, err: jwt_strict::Error) -> Failure {
    Failure::problem(jwt_strict::Error::new(
        err.kind(),
        format!("{}: {err}", path.display()),
    ))
}
