//! X.509 certificates for the `jwt` workspace: read a certificate and the key it
//! certifies, and make self-signed ones.
//!
//! Generation is generic over [`jwt_core::JwsSigner`], so any backend's key signs the
//! certificate and this crate names no backend. Keys themselves (PEM, DER, JWK, the
//! backend contract) are `jwt-keys`; `jwt-keys` also reads a certificate's public key
//! wherever a public key is accepted, so `VerifyingKey::from_pem` takes the
//! `public_key.pem` that `openssl req -x509` writes.
//!
//! ```
//! # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } pub mod rustcrypto { pub use jwt_rs_rustcrypto::*; } pub mod x509 { pub use jwt_x509::*; } }
//! use jwt_strict::Algorithm;
//! use jwt_strict::keys::SigningKey;
//! use jwt_strict::rustcrypto::RustCrypto;
//! use jwt_strict::x509::{Certificate, CertificateRequest, self_signed_certificate};
//!
//! let key = SigningKey::<RustCrypto>::generate(Algorithm::Es256)?;
//! let public = key.verifying_key().public_material()?;
//! let request = CertificateRequest { subject: "CN=auth.example".into(), ..Default::default() };
//! let pem = self_signed_certificate(&key, &public, &request)?.to_pem();
//!
//! let certificate = Certificate::from_pem(&pem)?;
//! assert_eq!(certificate.subject(), "CN=auth.example");
//! certificate.check_key(&public)?;
//! # Ok::<(), jwt_strict::Error>(())
//! ```

#![warn(missing_docs)]

mod certificate;

pub use certificate::{
    Certificate, CertificateRequest, MAX_CERTIFICATE_DAYS, self_signed_certificate,
};
