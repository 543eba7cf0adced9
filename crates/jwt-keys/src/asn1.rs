//! The DER key formats: PKCS#8, PKCS#1, SEC1, SPKI and X.509 certificates.

use der::asn1::{AnyRef, ObjectIdentifier, OctetStringRef, UintRef};
use der::{Decode, Encode};
use jwt_core::Error;
use pkcs1::{RsaPrivateKey, RsaPublicKey};
use pkcs8::PrivateKeyInfoRef;
use sec1::{EcParameters, EcPrivateKey};
use spki::SubjectPublicKeyInfoRef;
use x509_cert::Certificate;

use crate::material::{
    EcCurve, EcPrivateParts, EcPublicParts, Ed25519PrivateParts, Ed25519PublicParts, KeyMaterial,
    PrivateKeyMaterial, PublicKeyMaterial, RsaPrivateNumbers, RsaPrivateParts, RsaPublicParts,
    invalid,
};
use crate::ml_dsa::{MlDsaLevel, MlDsaPrivateParts, MlDsaPublicParts};

pub(crate) const RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
pub(crate) const EC_PUBLIC_KEY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const SECP521R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
pub(crate) const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
/// id-ml-dsa-44, -65 and -87 (RFC 9881 §2; NIST's sigAlgs arc).
const ML_DSA_44: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.17");
const ML_DSA_65: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.18");
const ML_DSA_87: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.3.19");

/// The OID of an ML-DSA level, in SubjectPublicKeyInfo, PKCS#8 and signatures.
pub(crate) fn ml_dsa_oid(level: MlDsaLevel) -> ObjectIdentifier {
    match level {
        MlDsaLevel::MlDsa44 => ML_DSA_44,
        MlDsaLevel::MlDsa65 => ML_DSA_65,
        MlDsaLevel::MlDsa87 => ML_DSA_87,
    }
}

/// The ML-DSA level of an OID, if it is one.
pub(crate) fn ml_dsa_level(oid: ObjectIdentifier) -> Option<MlDsaLevel> {
    MlDsaLevel::ALL
        .into_iter()
        .find(|level| ml_dsa_oid(*level) == oid)
}

/// The tag of RFC 9881's seed form: `seed [0] IMPLICIT OCTET STRING (SIZE (32))`.
pub(crate) const ML_DSA_SEED_TAG: der::Tag = der::Tag::ContextSpecific {
    constructed: false,
    number: der::TagNumber(0),
};

/// The DER formats, named as their PEM labels name them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DerFormat {
    /// PKCS#8 `PrivateKeyInfo` (`PRIVATE KEY`).
    Pkcs8,
    /// PKCS#1 `RSAPrivateKey` (`RSA PRIVATE KEY`).
    Pkcs1Private,
    /// PKCS#1 `RSAPublicKey` (`RSA PUBLIC KEY`).
    Pkcs1Public,
    /// SEC1 `ECPrivateKey` (`EC PRIVATE KEY`).
    Sec1,
    /// X.509 `SubjectPublicKeyInfo` (`PUBLIC KEY`).
    Spki,
    /// An X.509 certificate (`CERTIFICATE`).
    Certificate,
}

impl DerFormat {
    /// Every format, in the order DER of unknown format is tried.
    pub(crate) const ALL: [DerFormat; 6] = [
        DerFormat::Pkcs8,
        DerFormat::Spki,
        DerFormat::Certificate,
        DerFormat::Pkcs1Private,
        DerFormat::Sec1,
        DerFormat::Pkcs1Public,
    ];

    /// The format's name for messages.
    pub(crate) fn name(self) -> &'static str {
        match self {
            DerFormat::Pkcs8 => "a PKCS#8 private key",
            DerFormat::Pkcs1Private => "a PKCS#1 RSA private key",
            DerFormat::Pkcs1Public => "a PKCS#1 RSA public key",
            DerFormat::Sec1 => "a SEC1 EC private key",
            DerFormat::Spki => "a SubjectPublicKeyInfo public key",
            DerFormat::Certificate => "an X.509 certificate",
        }
    }

    /// Reads `der` as this format. The outer error means the bytes are not this
    /// structure at all; the inner one, that they are, but hold an unusable key.
    pub(crate) fn parse(self, der: &[u8]) -> Result<Result<KeyMaterial, Error>, der::Error> {
        Ok(match self {
            DerFormat::Pkcs8 => {
                let info = PrivateKeyInfoRef::from_der(der)?;
                pkcs8_private(&info).map(KeyMaterial::Private)
            }
            DerFormat::Pkcs1Private => {
                let key = RsaPrivateKey::<UintRef<'_>>::from_der(der)?;
                rsa_private(&key).map(|rsa| KeyMaterial::Private(PrivateKeyMaterial::Rsa(rsa)))
            }
            DerFormat::Pkcs1Public => {
                let key = RsaPublicKey::<UintRef<'_>>::from_der(der)?;
                RsaPublicParts::new(key.modulus.as_bytes(), key.public_exponent.as_bytes())
                    .map(|rsa| KeyMaterial::Public(PublicKeyMaterial::Rsa(rsa)))
            }
            DerFormat::Sec1 => {
                let key = EcPrivateKey::from_der(der)?;
                match key.parameters {
                    Some(EcParameters::NamedCurve(oid)) => curve(oid)
                        .and_then(|curve| ec_private(curve, &key))
                        .map(|ec| KeyMaterial::Private(PrivateKeyMaterial::Ec(ec))),
                    None => Err(invalid("the SEC1 EC private key does not name its curve")),
                }
            }
            DerFormat::Spki => {
                let info = SubjectPublicKeyInfoRef::from_der(der)?;
                spki_public(&info).map(KeyMaterial::Public)
            }
            DerFormat::Certificate => {
                let certificate = Certificate::from_der(der)?;
                let spki_der = certificate
                    .tbs_certificate()
                    .subject_public_key_info()
                    .to_der()?;
                let info = SubjectPublicKeyInfoRef::from_der(&spki_der)?;
                spki_public(&info).map(KeyMaterial::Public)
            }
        })
    }

    /// Reads `der`, which its label says is this format.
    pub(crate) fn parse_labelled(self, der: &[u8]) -> Result<KeyMaterial, Error> {
        self.parse(der).unwrap_or_else(|err| {
            Err(invalid(format!("the PEM block is not {}: {err}", self.name())).with_source(err))
        })
    }
}

/// Reads DER whose format is not known, trying each format in turn.
pub(crate) fn parse_any_der(der: &[u8]) -> Result<KeyMaterial, Error> {
    for format in DerFormat::ALL {
        // A structure that parsed but holds a bad or weak key is the answer.
        if let Ok(outcome) = format.parse(der) {
            return outcome;
        }
    }
    Err(invalid(
        "not a DER key or certificate: expected PKCS#8, PKCS#1, SEC1, SubjectPublicKeyInfo or X.509",
    ))
}

fn pkcs8_private(info: &PrivateKeyInfoRef<'_>) -> Result<PrivateKeyMaterial, Error> {
    let oid = info.algorithm.oid;
    let key_bytes = info.private_key.as_bytes();
    if oid == RSA_ENCRYPTION {
        let key = RsaPrivateKey::<UintRef<'_>>::from_der(key_bytes)
            .map_err(|err| invalid(format!("the PKCS#8 RSA key is malformed: {err}")))?;
        return rsa_private(&key).map(PrivateKeyMaterial::Rsa);
    }
    if oid == EC_PUBLIC_KEY {
        let named = info
            .algorithm
            .parameters
            .as_ref()
            .ok_or_else(|| invalid("the PKCS#8 EC key does not name its curve"))?;
        let curve = curve(named_curve(named)?)?;
        let key = EcPrivateKey::from_der(key_bytes)
            .map_err(|err| invalid(format!("the PKCS#8 EC key is malformed: {err}")))?;
        if let Some(EcParameters::NamedCurve(inner)) = key.parameters
            && inner != curve_oid(curve)
        {
            return Err(invalid("the PKCS#8 EC key names two different curves"));
        }
        return ec_private(curve, &key).map(PrivateKeyMaterial::Ec);
    }
    if oid == ED25519 {
        let seed = <&OctetStringRef>::from_der(key_bytes)
            .map_err(|err| invalid(format!("the PKCS#8 Ed25519 key is malformed: {err}")))?;
        let public = info.public_key.as_ref().and_then(|bits| bits.as_bytes());
        return Ed25519PrivateParts::new(seed.as_bytes(), public).map(PrivateKeyMaterial::Ed25519);
    }
    if let Some(level) = ml_dsa_level(oid) {
        if info.algorithm.parameters.is_some() {
            return Err(invalid(format!(
                "the PKCS#8 {level} key has parameters; RFC 9881 has none"
            )));
        }
        let public = info.public_key.as_ref().and_then(|bits| bits.as_bytes());
        return ml_dsa_private(level, key_bytes, public).map(PrivateKeyMaterial::MlDsa);
    }
    Err(unsupported_algorithm(oid))
}

/// RFC 9881 §6's `ML-DSA-PrivateKey`: the seed form, or both the seed and the expanded
/// key (the seed is used: it determines the key). The expanded form alone cannot be
/// turned back into the seed that keys, JWKs and thumbprints here are made from.
fn ml_dsa_private(
    level: MlDsaLevel,
    key_bytes: &[u8],
    public: Option<&[u8]>,
) -> Result<MlDsaPrivateParts, Error> {
    let malformed =
        |err: der::Error| invalid(format!("the PKCS#8 {level} key is malformed: {err}"));
    let choice = AnyRef::from_der(key_bytes).map_err(malformed)?;
    let seed = match der::Tagged::tag(&choice) {
        ML_DSA_SEED_TAG => choice.value(),
        der::Tag::Sequence => {
            let mut both = der::SliceReader::new(choice.value()).map_err(malformed)?;
            let seed = <&OctetStringRef>::decode(&mut both).map_err(malformed)?;
            <&OctetStringRef>::decode(&mut both).map_err(malformed)?;
            der::Reader::finish(both).map_err(malformed)?;
            seed.as_bytes()
        }
        der::Tag::OctetString => {
            return Err(invalid(format!(
                "the PKCS#8 {level} key holds only the expanded private key; give it in \
                 RFC 9881's seed form (or both forms), from which the key is made"
            )));
        }
        other => {
            return Err(invalid(format!(
                "the PKCS#8 {level} key is neither RFC 9881's seed form nor both forms (tag {other})"
            )));
        }
    };
    MlDsaPrivateParts::new(level, seed, public)
}

fn spki_public(info: &SubjectPublicKeyInfoRef<'_>) -> Result<PublicKeyMaterial, Error> {
    let oid = info.algorithm.oid;
    let bits = info
        .subject_public_key
        .as_bytes()
        .ok_or_else(|| invalid("the public key's BIT STRING has unused bits"))?;
    if oid == RSA_ENCRYPTION {
        let key = RsaPublicKey::<UintRef<'_>>::from_der(bits)
            .map_err(|err| invalid(format!("the RSA public key is malformed: {err}")))?;
        return RsaPublicParts::new(key.modulus.as_bytes(), key.public_exponent.as_bytes())
            .map(PublicKeyMaterial::Rsa);
    }
    if oid == EC_PUBLIC_KEY {
        let named = info
            .algorithm
            .parameters
            .as_ref()
            .ok_or_else(|| invalid("the EC public key does not name its curve"))?;
        let curve = curve(named_curve(named)?)?;
        return EcPublicParts::new(curve, bits).map(PublicKeyMaterial::Ec);
    }
    if oid == ED25519 {
        return Ed25519PublicParts::new(bits).map(PublicKeyMaterial::Ed25519);
    }
    if let Some(level) = ml_dsa_level(oid) {
        if info.algorithm.parameters.is_some() {
            return Err(invalid(format!(
                "the {level} public key has parameters; RFC 9881 has none"
            )));
        }
        return MlDsaPublicParts::new(level, bits).map(PublicKeyMaterial::MlDsa);
    }
    Err(unsupported_algorithm(oid))
}

fn rsa_private(key: &RsaPrivateKey<UintRef<'_>>) -> Result<RsaPrivateParts, Error> {
    if key.other_prime_infos.is_some() {
        return Err(invalid("multi-prime RSA keys are not supported"));
    }
    RsaPrivateParts::new(RsaPrivateNumbers {
        n: key.modulus.as_bytes(),
        e: key.public_exponent.as_bytes(),
        d: key.private_exponent.as_bytes(),
        p: key.prime1.as_bytes(),
        q: key.prime2.as_bytes(),
        dp: key.exponent1.as_bytes(),
        dq: key.exponent2.as_bytes(),
        qi: key.coefficient.as_bytes(),
    })
}

fn ec_private(curve: EcCurve, key: &EcPrivateKey<'_>) -> Result<EcPrivateParts, Error> {
    EcPrivateParts::new(curve, key.private_key, key.public_key)
}

fn named_curve(parameters: &AnyRef<'_>) -> Result<ObjectIdentifier, Error> {
    parameters
        .decode_as::<ObjectIdentifier>()
        .map_err(|_| invalid("the EC key's parameters are not a named curve"))
}

fn curve(oid: ObjectIdentifier) -> Result<EcCurve, Error> {
    match oid {
        SECP256R1 => Ok(EcCurve::P256),
        SECP384R1 => Ok(EcCurve::P384),
        SECP521R1 => Ok(EcCurve::P521),
        other => Err(invalid(format!(
            "EC curve {other} is not supported; expected P-256, P-384 or P-521"
        ))),
    }
}

pub(crate) fn curve_oid(curve: EcCurve) -> ObjectIdentifier {
    match curve {
        EcCurve::P256 => SECP256R1,
        EcCurve::P384 => SECP384R1,
        EcCurve::P521 => SECP521R1,
    }
}

fn unsupported_algorithm(oid: ObjectIdentifier) -> Error {
    let name = match oid {
        RSASSA_PSS => "RSASSA-PSS-restricted RSA (use a plain rsaEncryption key)".to_owned(),
        other => other.to_string(),
    };
    invalid(format!(
        "key algorithm {name} is not supported; expected RSA, EC (P-256/384/521), Ed25519 or ML-DSA"
    ))
}
