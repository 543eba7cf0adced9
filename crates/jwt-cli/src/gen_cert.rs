//! `gen-cert`: a key pair and its self-signed certificate, written as the tutorial's
//! `private_key.pem` and `public_key.pem`. Shared by `jwt gen-cert` and
//! `cargo xtask gen-cert`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use jwt_strict::x509::{CertificateRequest, GenCertOptions, generate_key_and_certificate};
use jwt_strict::{Algorithm, ErrorKind};

use crate::failure::Failure;

/// The algorithms a signing certificate is made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CertAlgorithm {
    /// RSA, for RS256 (PKCS#1 v1.5).
    #[value(name = "RS256")]
    Rs256,
    /// RSA, for PS256 (PSS).
    #[value(name = "PS256")]
    Ps256,
    /// EC P-256.
    #[value(name = "ES256")]
    Es256,
    /// EC P-384.
    #[value(name = "ES384")]
    Es384,
    /// EC P-521.
    #[value(name = "ES512")]
    Es512,
    /// Ed25519.
    #[value(name = "EdDSA")]
    EdDsa,
    /// ML-DSA-44 (post-quantum; the certificate is signed with ML-DSA, which OpenSSL 3.0
    /// cannot check).
    #[value(name = "ML-DSA-44")]
    MlDsa44,
    /// ML-DSA-65.
    #[value(name = "ML-DSA-65")]
    MlDsa65,
    /// ML-DSA-87.
    #[value(name = "ML-DSA-87")]
    MlDsa87,
}

impl CertAlgorithm {
    fn algorithm(self) -> Algorithm {
        match self {
            CertAlgorithm::Rs256 => Algorithm::Rs256,
            CertAlgorithm::Ps256 => Algorithm::Ps256,
            CertAlgorithm::Es256 => Algorithm::Es256,
            CertAlgorithm::Es384 => Algorithm::Es384,
            CertAlgorithm::Es512 => Algorithm::Es512,
            CertAlgorithm::EdDsa => Algorithm::EdDsa,
            CertAlgorithm::MlDsa44 => Algorithm::MlDsa44,
            CertAlgorithm::MlDsa65 => Algorithm::MlDsa65,
            CertAlgorithm::MlDsa87 => Algorithm::MlDsa87,
        }
    }
}

/// The options of `gen-cert`.
#[derive(Debug, Args)]
pub struct GenCertArgs {
    /// The algorithm the key is for.
    #[arg(long, value_enum, default_value = "RS256")]
    alg: CertAlgorithm,
    /// RSA key size in bits: 2048, 3072 or 4096 (RS256 and PS256 only; default 2048).
    #[arg(long, value_name = "N")]
    bits: Option<usize>,
    /// Days of validity from now.
    #[arg(long, value_name = "N", default_value_t = 365)]
    days: u32,
    /// The certificate's subject, an RFC 4514 distinguished name.
    #[arg(long, value_name = "DN", default_value = "CN=localhost")]
    subject: String,
    /// The folder to write private_key.pem and public_key.pem into.
    #[arg(long, value_name = "DIR", default_value = ".")]
    out: PathBuf,
    /// Overwrite existing files.
    #[arg(long)]
    force: bool,
}

/// Generates with `jwt_strict::backend`, writes, and says what it wrote.
///
/// # Errors
///
/// A usage [`Failure`] (exit 2) for a bad option, a folder that is not writable, or
/// files that exist without `--force`.
pub fn run(args: &GenCertArgs) -> Result<(), Failure> {
    let alg = args.alg.algorithm();
    let is_rsa = matches!(args.alg, CertAlgorithm::Rs256 | CertAlgorithm::Ps256);
    if args.bits.is_some() && !is_rsa {
        return Err(Failure::invalid(
            ErrorKind::InvalidKey,
            format!("--bits applies to RS256 and PS256 keys, not {alg}"),
        ));
    }
    let options = GenCertOptions {
        alg,
        rsa_bits: args.bits.unwrap_or(2048),
        request: CertificateRequest {
            subject: args.subject.clone(),
            days: args.days,
            is_ca: true,
            alt_names: Vec::new(),
        },
    };
    let made = generate_key_and_certificate(&options)?;
    let written = made.write_to(&args.out, args.force)?;
    let certificate = &made.certificate;
    println!(
        "wrote {} ({} private key for {alg}, PKCS#8, mode 0600)",
        written.private_key.display(),
        made.key_description
    );
    println!(
        "wrote {} (self-signed certificate for {}, valid until {})",
        written.certificate.display(),
        certificate.subject(),
        certificate.not_after()
    );
    println!("SHA-256 fingerprint {}", certificate.fingerprint_sha256());
    Ok(())
}
