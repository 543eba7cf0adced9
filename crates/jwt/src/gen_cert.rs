//! A key pair and its self-signed certificate, made with `jwt_strict::backend` and written as
//! the tutorial's `private_key.pem` and `public_key.pem`: what `cargo xtask gen-cert`
//! and `jwt gen-cert` run.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use jwt_core::{Algorithm, AlgorithmFamily, Error, ErrorKind};
use jwt_x509::{Certificate, CertificateRequest, self_signed_certificate};
use zeroize::Zeroizing;

/// The file the private key is written to, as the tutorial names it.
pub const PRIVATE_KEY_FILE: &str = "private_key.pem";
/// The file the certificate is written to, as the tutorial names it.
pub const CERTIFICATE_FILE: &str = "public_key.pem";

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenCertOptions {
    /// The algorithm the key is for: RS*/PS* make an RSA key, ES256/384/512 a P-256,
    /// P-384 or P-521 key, EdDSA an Ed25519 key. Default: RS256.
    pub alg: Algorithm,
    /// The RSA modulus size: 2048, 3072 or 4096. Default: 2048.
    pub rsa_bits: usize,
    /// The certificate's subject, lifetime and CA flag.
    pub request: CertificateRequest,
}

impl Default for GenCertOptions {
    fn default() -> Self {
        GenCertOptions {
            alg: Algorithm::Rs256,
            rsa_bits: 2048,
            request: CertificateRequest::default(),
        }
    }
}

/// A generated private key (as PKCS#8 PEM, wiped on drop) and its certificate.
#[derive(Debug)]
pub struct KeyAndCertificate {
    /// The private key, PKCS#8 PEM.
    pub private_key_pem: Zeroizing<String>,
    /// The self-signed certificate.
    pub certificate: Certificate,
    /// What the key is, e.g. `RSA 2048-bit` or `EC P-256`.
    pub key_description: String,
}

/// Where [`KeyAndCertificate::write_to`] wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WrittenFiles {
    /// The private key file (mode 0600 on Unix).
    pub private_key: PathBuf,
    /// The certificate file.
    pub certificate: PathBuf,
}

/// Generates a key for `options.alg` with `jwt_strict::backend` (or, for an algorithm it
/// lacks, the first compiled-in backend that has it) and a self-signed certificate for
/// it. RSA certificates are signed with sha256WithRSAEncryption whatever the RS*/PS*
/// algorithm: the key is the same. ML-DSA certificates are signed with ML-DSA (RFC 9881).
///
/// # Errors
///
/// `weak_key`/`invalid_key` for a bad RSA size, an HMAC algorithm, a bad subject or
/// validity (see [`self_signed_certificate`]).
///
/// ```
/// use jwt_strict::x509::{generate_key_and_certificate, GenCertOptions};
/// use jwt_strict::Algorithm;
///
/// let made = generate_key_and_certificate(&GenCertOptions { alg: Algorithm::Es256, ..Default::default() })?;
/// assert_eq!(made.certificate.subject(), "CN=localhost");
/// assert!(made.private_key_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
/// # Ok::<(), jwt_strict::Error>(())
/// ```
pub fn generate_key_and_certificate(options: &GenCertOptions) -> Result<KeyAndCertificate, Error> {
    let certificate_alg = match options.alg.family() {
        AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss => Algorithm::Rs256,
        _ => options.alg,
    };
    // The chosen backend (`jwt_strict::backend`, first of the registry) when it has the
    // algorithm, else the first compiled-in backend that does (not every backend has
    // ML-DSA).
    let backend = crate::BACKENDS
        .iter()
        .find(|backend| backend.algorithms().contains(&certificate_alg))
        .ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidAlgorithm,
                format!("no compiled-in backend implements {certificate_alg}"),
            )
        })?;
    let key = backend.generate(certificate_alg, options.rsa_bits)?;
    let certificate = self_signed_certificate(&*key.signer, &key.public, &options.request)?;
    // Reading the key back proves the PEM is what a verifier will load.
    let private_key_pem = key.private.to_pkcs8_pem()?;
    backend.signer_from_pem_or_der(private_key_pem.as_bytes(), options.alg)?;
    let public = key.public;
    Ok(KeyAndCertificate {
        private_key_pem,
        certificate,
        key_description: public.describe(),
    })
}

impl KeyAndCertificate {
    /// Writes `private_key.pem` (created with mode 0600 on Unix, never widened) and
    /// `public_key.pem` into `dir`. Without `force` it refuses if either file exists,
    /// and leaves both untouched; with `force` it replaces them.
    ///
    /// Both files are first written in full to temporary names in `dir`, then moved
    /// into place, so a failure (a full disk, a folder where a file should be) leaves
    /// the old pair as it was, and no key is ever left without its certificate by a
    /// failed write. Without `force` the files are linked into place, which fails
    /// rather than replace a file that appeared meanwhile.
    ///
    /// # Errors
    ///
    /// `io` when `dir` is not a writable folder, a file exists and `force` is false,
    /// a target is not a regular file, or a write fails.
    pub fn write_to(&self, dir: &Path, force: bool) -> Result<WrittenFiles, Error> {
        if !dir.exists() {
            return Err(io_error(format!(
                "the folder {} does not exist; create it first (mkdir -p {})",
                dir.display(),
                dir.display()
            )));
        }
        if !dir.is_dir() {
            return Err(io_error(format!("{} is not a folder", dir.display())));
        }
        let private_key = dir.join(PRIVATE_KEY_FILE);
        let certificate = dir.join(CERTIFICATE_FILE);
        for path in [&private_key, &certificate] {
            match fs::symlink_metadata(path) {
                Ok(_) if !force => {
                    return Err(io_error(format!(
                        "{} already exists; use --force to overwrite it",
                        path.display()
                    )));
                }
                Ok(meta) if !meta.is_file() => {
                    return Err(io_error(format!(
                        "{} exists and is not a regular file; not replaced",
                        path.display()
                    )));
                }
                _ => {}
            }
        }
        let staged = Staged::write(
            dir,
            &[
                (PRIVATE_KEY_FILE, self.private_key_pem.as_bytes(), 0o600),
                (
                    CERTIFICATE_FILE,
                    self.certificate.to_pem().as_bytes(),
                    0o644,
                ),
            ],
        )?;
        staged.move_into_place(&[&private_key, &certificate], force)?;
        Ok(WrittenFiles {
            private_key,
            certificate,
        })
    }
}

/// Files written in full under temporary names, removed on drop unless moved into place.
struct Staged {
    paths: Vec<PathBuf>,
}

impl Staged {
    fn write(dir: &Path, files: &[(&str, &[u8], u32)]) -> Result<Staged, Error> {
        let mut staged = Staged { paths: Vec::new() };
        let unique = format!(
            "{}.{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_nanos())
        );
        for (name, bytes, mode) in files {
            let path = dir.join(format!(".{name}.{unique}.tmp"));
            write_new(&path, bytes, *mode)?;
            staged.paths.push(path);
        }
        Ok(staged)
    }

    /// Moves the staged files to `targets`, in order; every file is complete before
    /// any target is touched. Without `replace`, a target that appeared meanwhile
    /// stops the move, and the targets already linked are removed again, so a key is
    /// never left without its certificate.
    fn move_into_place(mut self, targets: &[&Path], replace: bool) -> Result<(), Error> {
        let mut linked: Vec<&Path> = Vec::new();
        for (staged, target) in self.paths.iter().zip(targets) {
            let moved = if replace {
                fs::rename(staged, target)
            } else {
                fs::hard_link(staged, target)
            };
            if let Err(err) = moved {
                for done in linked {
                    let _ = fs::remove_file(done);
                }
                return Err(file_error(target, err));
            }
            if !replace {
                linked.push(target);
            }
        }
        if replace {
            // Renamed: nothing is left under the temporary names.
            self.paths.clear();
        }
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        for path in &self.paths {
            let _ = fs::remove_file(path);
        }
    }
}

/// Creates `path`, which must not exist, with `mode` from the start, and writes `bytes`.
fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Error> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut file: File = options.open(path).map_err(|err| file_error(path, err))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|err| file_error(path, err))
}

fn file_error(path: &Path, err: std::io::Error) -> Error {
    io_error(format!("cannot write {}: {err}", path.display())).with_source(err)
}

fn io_error(message: String) -> Error {
    Error::new(ErrorKind::Io, message)
}
