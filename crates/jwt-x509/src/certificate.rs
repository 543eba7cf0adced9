//! Self-signed X.509 v3 signing certificates, and reading certificates back.
//!
//! Generation is generic over [`JwsSigner`]: the certificate's signature is the JWS
//! signature of the TBS certificate (ES* r‖s re-encoded as DER), so any backend's key
//! signs it and this crate never names a backend.

use std::str::FromStr;
use std::time::Duration;

use der::asn1::{BitString, Ia5String, UintRef};
use der::{Decode, Encode, Sequence};
use jwt_core::{Algorithm, Error, ErrorKind, JwsSigner, NumericDate};
use sha2::{Digest, Sha256};
use spki::{
    AlgorithmIdentifierOwned, DynSignatureAlgorithmIdentifier, EncodePublicKey,
    SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef,
};
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, KeyUsage, KeyUsages, SubjectAltName,
    SubjectKeyIdentifier,
};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;

use jwt_keys::{KeyMaterial, PublicKeyMaterial};

/// An `invalid_key` error.
fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidKey, message)
}

/// What a self-signed certificate says: subject, lifetime, whether it is its own CA.
///
/// ```
/// # mod jwt_strict { pub mod x509 { pub use jwt_x509::*; } }
/// use jwt_strict::x509::CertificateRequest;
///
/// // A TLS server certificate for local tests: named hosts, not a CA.
/// let request = CertificateRequest {
///     subject: "CN=localhost".into(),
///     days: 30,
///     is_ca: false,
///     alt_names: vec!["localhost".into(), "127.0.0.1".into()],
/// };
/// assert_eq!(CertificateRequest::default().days, 365);
/// # let _ = request;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequest {
    /// The subject (and issuer) as an RFC 4514 distinguished name, e.g.
    /// `CN=auth.example,O=Example`. Default: `CN=localhost`.
    pub subject: String,
    /// Days of validity from now. Default: 365.
    pub days: u32,
    /// Whether the certificate is its own CA (basicConstraints CA:TRUE and keyUsage
    /// keyCertSign besides digitalSignature), as `openssl req -x509` makes them, so that
    /// `openssl verify -CAfile cert.pem cert.pem` accepts it. Default: true.
    pub is_ca: bool,
    /// Subject alternative names: DNS names (`localhost`, `auth.example`) and IP
    /// addresses (`127.0.0.1`, `::1`), what TLS clients match the server's name against.
    /// A TLS server certificate names its hosts here and is not a CA (`is_ca: false`).
    /// Default: none.
    pub alt_names: Vec<String>,
}

impl Default for CertificateRequest {
    fn default() -> Self {
        CertificateRequest {
            subject: "CN=localhost".to_owned(),
            days: 365,
            is_ca: true,
            alt_names: Vec::new(),
        }
    }
}

/// The longest validity accepted, in days (100 years).
pub const MAX_CERTIFICATE_DAYS: u32 = 36_500;

/// An X.509 certificate, kept as its DER encoding.
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod x509 { pub use jwt_x509::*; } }
/// # fn demo(pem: &str) -> Result<(), jwt_strict::Error> {
/// let certificate = jwt_strict::x509::Certificate::from_pem(pem)?;
/// println!("{} until {}", certificate.subject(), certificate.not_after());
/// println!("SHA-256 fingerprint {}", certificate.fingerprint_sha256());
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    der: Vec<u8>,
    parsed: x509_cert::Certificate,
}

impl Certificate {
    /// Reads a certificate from DER.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the bytes are not an X.509 certificate.
    pub fn from_der(der: &[u8]) -> Result<Certificate, Error> {
        let parsed = x509_cert::Certificate::from_der(der)
            .map_err(|err| invalid(format!("not an X.509 certificate: {err}")).with_source(err))?;
        Ok(Certificate {
            der: der.to_vec(),
            parsed,
        })
    }

    /// Reads the first `CERTIFICATE` block of PEM text.
    ///
    /// # Errors
    ///
    /// `invalid_key` when there is no certificate block or it does not parse.
    pub fn from_pem(pem: &str) -> Result<Certificate, Error> {
        let mut rest = pem;
        while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
            let block = rest.get(start..).unwrap_or_default();
            let end_line = "-----END CERTIFICATE-----";
            let Some(end) = block.find(end_line) else {
                break;
            };
            let (label, der) = der::pem::decode_vec(
                block
                    .get(..end + end_line.len())
                    .unwrap_or_default()
                    .as_bytes(),
            )
            .map_err(|err| invalid(format!("the CERTIFICATE PEM block is malformed: {err}")))?;
            if label == "CERTIFICATE" {
                return Certificate::from_der(&der);
            }
            rest = block.get(end + end_line.len()..).unwrap_or_default();
        }
        Err(invalid("no -----BEGIN CERTIFICATE----- block found"))
    }

    /// The DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The certificate as a PEM `CERTIFICATE` block.
    pub fn to_pem(&self) -> String {
        der::pem::encode_string("CERTIFICATE", der::pem::LineEnding::LF, &self.der)
            .unwrap_or_default()
    }

    /// The subject, as an RFC 4514 string (`CN=localhost`).
    pub fn subject(&self) -> String {
        self.parsed.tbs_certificate().subject().to_string()
    }

    /// The issuer, as an RFC 4514 string.
    pub fn issuer(&self) -> String {
        self.parsed.tbs_certificate().issuer().to_string()
    }

    /// The serial number, as colon-separated hex.
    pub fn serial_number(&self) -> String {
        colon_hex(self.parsed.tbs_certificate().serial_number().as_bytes())
    }

    /// The start of the validity period.
    pub fn not_before(&self) -> NumericDate {
        time(
            self.parsed
                .tbs_certificate()
                .validity()
                .not_before
                .to_unix_duration(),
        )
    }

    /// The end of the validity period.
    pub fn not_after(&self) -> NumericDate {
        time(
            self.parsed
                .tbs_certificate()
                .validity()
                .not_after
                .to_unix_duration(),
        )
    }

    /// Whether `now` lies within the validity period.
    pub fn is_valid_at(&self, now: NumericDate) -> bool {
        self.not_before() <= now && now <= self.not_after()
    }

    /// The SHA-256 fingerprint of the DER encoding, as colon-separated upper-case hex
    /// (what `openssl x509 -fingerprint -sha256` prints).
    pub fn fingerprint_sha256(&self) -> String {
        colon_hex(&Sha256::digest(&self.der))
    }

    /// The certificate's public key.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the key is of a type or size this workspace does not accept.
    pub fn public_key(&self) -> Result<PublicKeyMaterial, Error> {
        match KeyMaterial::from_der(&self.der)? {
            KeyMaterial::Public(public) => Ok(public),
            KeyMaterial::Private(_) => Err(invalid("a certificate holds a public key")),
        }
    }

    /// Checks that `public` (e.g. the public half of a private key) is the key this
    /// certificate certifies.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the keys differ or the certificate's key cannot be read.
    pub fn check_key(&self, public: &PublicKeyMaterial) -> Result<(), Error> {
        if self.public_key()? == *public {
            Ok(())
        } else {
            Err(invalid(format!(
                "the key does not belong to the certificate for {}",
                self.subject()
            )))
        }
    }
}

fn time(since_epoch: Duration) -> NumericDate {
    let seconds = i64::try_from(since_epoch.as_secs()).unwrap_or(i64::MAX);
    NumericDate::from_unix_seconds(seconds).unwrap_or_else(|_| NumericDate::now())
}

fn colon_hex(bytes: &[u8]) -> String {
    let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02X}")).collect();
    hex.join(":")
}

/// Makes a self-signed X.509 v3 certificate for `public`, signed by `signer`, its
/// private half.
///
/// The signature algorithm follows the signer's: sha256/384/512WithRSAEncryption for
/// RS256/384/512, ecdsa-with-SHA256/384/512 for ES256/384/512, Ed25519 for EdDSA. (Bind
/// an RSA key to RS256 to sign a certificate for PS* use: the key is the same.) The
/// serial is 20 random bytes, positive; the extensions are basicConstraints, keyUsage
/// (digitalSignature, plus keyCertSign when it is its own CA), and the subject and
/// authority key identifiers.
///
/// # Errors
///
/// `invalid_key` when the signer's algorithm cannot sign certificates (PS*, HS*), the
/// public key does not fit it, the subject is not a distinguished name, the validity is
/// 0 or more than 36,500 days, the random source fails, or the signer fails.
pub fn self_signed_certificate(
    signer: &dyn JwsSigner,
    public: &PublicKeyMaterial,
    request: &CertificateRequest,
) -> Result<Certificate, Error> {
    let alg = signer.algorithm();
    let algorithm = signature_algorithm(alg)?;
    public.check_algorithm(alg)?;
    let subject = parse_subject(&request.subject)?;
    if request.days == 0 || request.days > MAX_CERTIFICATE_DAYS {
        return Err(invalid(format!(
            "a certificate is valid for 1 to {MAX_CERTIFICATE_DAYS} days, not {}",
            request.days
        )));
    }
    let validity = Validity::from_now(Duration::from_secs(u64::from(request.days) * 86_400))
        .map_err(|err| invalid(format!("the validity period cannot be encoded: {err}")))?;
    let fail =
        |err: x509_cert::builder::Error| invalid(format!("cannot build the certificate: {err}"));
    let spki = SubjectPublicKeyInfoOwned::from_der(&public.to_spki_der()?)
        .map_err(|err| invalid(format!("cannot read the public key back: {err}")))?;
    let mut builder = CertificateBuilder::new(
        SelfSigned {
            subject,
            is_ca: request.is_ca,
            alt_names: alt_names(&request.alt_names)?,
        },
        random_serial()?,
        validity,
        spki.clone(),
    )
    .map_err(fail)?;
    let identity = SignerIdentity { spki, algorithm };
    let tbs = builder.finalize(&identity).map_err(fail)?;
    let signature = signer.sign(&tbs).map_err(Error::from)?;
    let signature = match alg {
        Algorithm::Es256 | Algorithm::Es384 | Algorithm::Es512 => ecdsa_der(&signature)?,
        _ => signature,
    };
    let signature = BitString::from_bytes(&signature)
        .map_err(|err| invalid(format!("cannot encode the signature: {err}")))?;
    let certificate = builder.assemble(signature, &identity).map_err(fail)?;
    let der = certificate
        .to_der()
        .map_err(|err| invalid(format!("cannot encode the certificate: {err}")))?;
    Certificate::from_der(&der)
}

fn signature_algorithm(alg: Algorithm) -> Result<AlgorithmIdentifierOwned, Error> {
    let (oid, null_parameters) = match alg {
        Algorithm::Rs256 => ("1.2.840.113549.1.1.11", true),
        Algorithm::Rs384 => ("1.2.840.113549.1.1.12", true),
        Algorithm::Rs512 => ("1.2.840.113549.1.1.13", true),
        Algorithm::Es256 => ("1.2.840.10045.4.3.2", false),
        Algorithm::Es384 => ("1.2.840.10045.4.3.3", false),
        Algorithm::Es512 => ("1.2.840.10045.4.3.4", false),
        Algorithm::EdDsa => ("1.3.101.112", false),
        // RFC 9881 §3: id-ml-dsa-44/65/87, parameters absent.
        Algorithm::MlDsa44 => ("2.16.840.1.101.3.4.3.17", false),
        Algorithm::MlDsa65 => ("2.16.840.1.101.3.4.3.18", false),
        Algorithm::MlDsa87 => ("2.16.840.1.101.3.4.3.19", false),
        other => {
            return Err(invalid(format!(
                "certificates are signed with RS*, ES*, EdDSA or ML-DSA keys, not {other}; \
                 bind an RSA key to RS256 to sign its certificate"
            )));
        }
    };
    let oid = der::asn1::ObjectIdentifier::new(oid)
        .map_err(|err| invalid(format!("bad signature algorithm identifier: {err}")))?;
    Ok(AlgorithmIdentifierOwned {
        oid,
        parameters: null_parameters.then(der::Any::null),
    })
}

/// Each name as an IP address when it reads as one, else as a DNS name.
fn alt_names(names: &[String]) -> Result<Vec<GeneralName>, Error> {
    names
        .iter()
        .map(|name| match name.parse::<std::net::IpAddr>() {
            Ok(ip) => Ok(GeneralName::from(ip)),
            Err(_) if is_dns_name(name) => Ia5String::new(name)
                .map(GeneralName::DnsName)
                .map_err(|err| invalid(format!("alt name {name:?}: {err}"))),
            Err(_) => Err(invalid(format!(
                "alt name {name:?} is neither an IP address nor a DNS name"
            ))),
        })
        .collect()
}

/// Letters, digits, hyphens and dots, in labels of 1 to 63 (a leading `*.` allowed).
fn is_dns_name(name: &str) -> bool {
    let name = name.strip_prefix("*.").unwrap_or(name);
    !name.is_empty()
        && name.len() <= 253
        && name.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

fn parse_subject(subject: &str) -> Result<Name, Error> {
    let bad = |why: String| {
        Error::new(
            ErrorKind::InvalidKey,
            format!(
                "the subject {subject:?} is not a distinguished name like CN=localhost,O=Example: {why}"
            ),
        )
    };
    if subject.trim().is_empty() {
        return Err(bad("it is empty".to_owned()));
    }
    Name::from_str(subject).map_err(|err| bad(err.to_string()))
}

/// A positive serial of 20 random bytes (RFC 5280 4.1.2.2 allows at most 20).
fn random_serial() -> Result<SerialNumber, Error> {
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes)
        .map_err(|err| invalid(format!("the random source failed: {err}")))?;
    if let Some(first) = bytes.first_mut() {
        // Clear the sign bit; keep the first byte non-zero so the DER is 20 bytes.
        *first = (*first & 0x7f) | 0x01;
    }
    SerialNumber::new(&bytes).map_err(|err| invalid(format!("cannot encode the serial: {err}")))
}

/// ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 5480 2.2.3 … RFC 3279).
#[derive(Sequence)]
struct EcdsaSigValue<'a> {
    r: UintRef<'a>,
    s: UintRef<'a>,
}

/// Re-encodes a JWS r‖s ECDSA signature as the DER X.509 carries.
fn ecdsa_der(fixed: &[u8]) -> Result<Vec<u8>, Error> {
    let (r, s) = fixed.split_at(fixed.len() / 2);
    let fail = |err: der::Error| invalid(format!("cannot encode the ECDSA signature: {err}"));
    EcdsaSigValue {
        r: UintRef::new(r).map_err(fail)?,
        s: UintRef::new(s).map_err(fail)?,
    }
    .to_der()
    .map_err(fail)
}

/// The self-signed profile: issuer = subject, and the extensions of a signing key.
struct SelfSigned {
    subject: Name,
    is_ca: bool,
    alt_names: Vec<GeneralName>,
}

impl BuilderProfile for SelfSigned {
    fn get_issuer(&self, subject: &Name) -> Name {
        subject.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let mut extensions = Vec::new();
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        extensions.push(
            BasicConstraints {
                ca: self.is_ca,
                path_len_constraint: None,
            }
            .to_extension(tbs.subject(), &extensions)?,
        );
        let mut usage = KeyUsages::DigitalSignature.into();
        if self.is_ca {
            usage |= KeyUsages::KeyCertSign;
        }
        extensions.push(KeyUsage(usage).to_extension(tbs.subject(), &extensions)?);
        extensions.push(
            AuthorityKeyIdentifier {
                key_identifier: Some(ski.0.clone()),
                ..Default::default()
            }
            .to_extension(tbs.subject(), &extensions)?,
        );
        extensions.push(ski.to_extension(tbs.subject(), &extensions)?);
        if !self.alt_names.is_empty() {
            extensions.push(
                SubjectAltName(self.alt_names.clone()).to_extension(tbs.subject(), &extensions)?,
            );
        }
        Ok(extensions)
    }
}

/// What the certificate builder needs to know of the signer: its public key and its
/// signature algorithm. The signing itself is done by the `JwsSigner`.
#[derive(Clone)]
struct SignerIdentity {
    spki: SubjectPublicKeyInfoOwned,
    algorithm: AlgorithmIdentifierOwned,
}

impl signature::Keypair for SignerIdentity {
    type VerifyingKey = SignerIdentity;

    fn verifying_key(&self) -> SignerIdentity {
        self.clone()
    }
}

impl EncodePublicKey for SignerIdentity {
    fn to_public_key_der(&self) -> spki::Result<der::Document> {
        Ok(der::Document::encode_msg(&self.spki)?)
    }
}

impl DynSignatureAlgorithmIdentifier for SignerIdentity {
    fn signature_algorithm_identifier(&self) -> spki::Result<AlgorithmIdentifierOwned> {
        Ok(self.algorithm.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_names_are_ip_addresses_or_dns_names() {
        let names: Vec<String> = ["127.0.0.1", "::1", "localhost", "*.auth.example", "a-b.c"]
            .map(str::to_owned)
            .to_vec();
        let parsed = alt_names(&names).unwrap();
        assert!(
            matches!(&parsed[0], GeneralName::IpAddress(ip) if ip.as_bytes() == [127, 0, 0, 1])
        );
        assert!(matches!(&parsed[1], GeneralName::IpAddress(ip) if ip.as_bytes().len() == 16));
        assert!(matches!(&parsed[2], GeneralName::DnsName(name) if name.as_str() == "localhost"));
        assert!(matches!(&parsed[3], GeneralName::DnsName(_)));
        for bad in [
            "",
            "two words",
            "a..b",
            "über.example",
            "x*.example",
            &"a".repeat(64),
        ] {
            let err = alt_names(&[bad.to_owned()]).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidKey, "{bad:?}");
            assert!(
                err.to_string()
                    .contains("neither an IP address nor a DNS name"),
                "{err}"
            );
        }
    }
}
