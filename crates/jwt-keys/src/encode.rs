//! Writing key material out: SubjectPublicKeyInfo and PKCS#8, as DER or PEM.

use der::asn1::{AnyRef, BitString, BitStringRef, OctetStringRef, UintRef};
use der::pem::LineEnding;
use der::{Any, Decode, Encode};
use jwt_core::Error;
use pkcs1::{RsaPrivateKey, RsaPublicKey};
use pkcs8::PrivateKeyInfoRef;
use sec1::EcPrivateKey;
use spki::{AlgorithmIdentifier, AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use zeroize::Zeroizing;

use crate::asn1::{EC_PUBLIC_KEY, ED25519, ML_DSA_SEED_TAG, RSA_ENCRYPTION, curve_oid, ml_dsa_oid};
use crate::material::{PrivateKeyMaterial, PublicKeyMaterial, invalid};

fn encoding_failed(what: &str, err: der::Error) -> Error {
    invalid(format!("cannot encode {what}: {err}")).with_source(err)
}

impl PublicKeyMaterial {
    /// The key as an X.509 `SubjectPublicKeyInfo`, DER-encoded.
    ///
    /// # Errors
    ///
    /// `invalid_key` if the DER encoder refuses a value (it never does for material that
    /// passed its checks).
    pub fn to_spki_der(&self) -> Result<Vec<u8>, Error> {
        self.to_spki()?
            .to_der()
            .map_err(|err| encoding_failed("the public key", err))
    }

    /// The key as a PEM `PUBLIC KEY` block.
    ///
    /// # Errors
    ///
    /// As [`PublicKeyMaterial::to_spki_der`].
    pub fn to_spki_pem(&self) -> Result<String, Error> {
        let der = self.to_spki_der()?;
        der::pem::encode_string("PUBLIC KEY", LineEnding::LF, &der)
            .map_err(|err| invalid(format!("cannot encode the public key as PEM: {err}")))
    }

    pub(crate) fn to_spki(&self) -> Result<SubjectPublicKeyInfoOwned, Error> {
        let fail = |err| encoding_failed("the public key", err);
        let (algorithm, key_bytes) = match self {
            PublicKeyMaterial::Rsa(rsa) => {
                let key = RsaPublicKey {
                    modulus: UintRef::new(rsa.modulus()).map_err(fail)?,
                    public_exponent: UintRef::new(rsa.public_exponent()).map_err(fail)?,
                };
                let algorithm = AlgorithmIdentifierOwned {
                    oid: RSA_ENCRYPTION,
                    parameters: Some(Any::null()),
                };
                (algorithm, key.to_der().map_err(fail)?)
            }
            PublicKeyMaterial::Ec(ec) => {
                let algorithm = AlgorithmIdentifierOwned {
                    oid: EC_PUBLIC_KEY,
                    parameters: Some(Any::encode_from(&curve_oid(ec.curve())).map_err(fail)?),
                };
                (algorithm, ec.point().to_vec())
            }
            PublicKeyMaterial::Ed25519(ed) => {
                let algorithm = AlgorithmIdentifierOwned {
                    oid: ED25519,
                    parameters: None,
                };
                (algorithm, ed.as_bytes().to_vec())
            }
            PublicKeyMaterial::MlDsa(ml) => {
                // RFC 9881 §4: the raw public key, no parameters.
                let algorithm = AlgorithmIdentifierOwned {
                    oid: ml_dsa_oid(ml.level()),
                    parameters: None,
                };
                (algorithm, ml.as_bytes().to_vec())
            }
        };
        Ok(SubjectPublicKeyInfoOwned {
            algorithm,
            subject_public_key: BitString::from_bytes(&key_bytes).map_err(fail)?,
        })
    }
}

impl PrivateKeyMaterial {
    /// The key as PKCS#8 `PrivateKeyInfo` DER, wiped from memory when dropped.
    ///
    /// # Errors
    ///
    /// `invalid_key` if the DER encoder refuses a value.
    pub fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>, Error> {
        let fail = |err| encoding_failed("the private key", err);
        match self {
            PrivateKeyMaterial::Rsa(rsa) => {
                let public = rsa.public();
                let [p, q] = rsa.primes();
                let [dp, dq, qi] = rsa.crt_values();
                let uint = |bytes| UintRef::new(bytes).map_err(fail);
                let key = RsaPrivateKey {
                    modulus: uint(public.modulus())?,
                    public_exponent: uint(public.public_exponent())?,
                    private_exponent: uint(rsa.private_exponent())?,
                    prime1: uint(p)?,
                    prime2: uint(q)?,
                    exponent1: uint(dp)?,
                    exponent2: uint(dq)?,
                    coefficient: uint(qi)?,
                    other_prime_infos: None,
                };
                let inner = Zeroizing::new(key.to_der().map_err(fail)?);
                let null = AnyRef::NULL;
                pkcs8(RSA_ENCRYPTION, Some(null), &inner, None)
            }
            PrivateKeyMaterial::Ec(ec) => {
                let key = EcPrivateKey {
                    private_key: ec.scalar(),
                    parameters: None,
                    public_key: ec.public().map(|public| public.point()),
                };
                let inner = Zeroizing::new(key.to_der().map_err(fail)?);
                let curve = curve_oid(ec.curve()).to_der().map_err(fail)?;
                let curve = AnyRef::from_der(&curve).map_err(fail)?;
                pkcs8(EC_PUBLIC_KEY, Some(curve), &inner, None)
            }
            PrivateKeyMaterial::Ed25519(ed) => {
                // RFC 8410 7: the private key is an OCTET STRING holding the 32-byte seed.
                let seed = OctetStringRef::new(ed.seed()).map_err(fail)?;
                let inner = Zeroizing::new(seed.to_der().map_err(fail)?);
                pkcs8(ED25519, None, &inner, None)
            }
            PrivateKeyMaterial::MlDsa(ml) => {
                // RFC 9881 §6: the seed form, `seed [0] IMPLICIT OCTET STRING`.
                let seed = AnyRef::new(ML_DSA_SEED_TAG, ml.seed()).map_err(fail)?;
                let inner = Zeroizing::new(seed.to_der().map_err(fail)?);
                pkcs8(ml_dsa_oid(ml.level()), None, &inner, None)
            }
        }
    }

    /// The key as a PEM `PRIVATE KEY` block (PKCS#8), wiped from memory when dropped.
    ///
    /// # Errors
    ///
    /// As [`PrivateKeyMaterial::to_pkcs8_der`].
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, Error> {
        let der = self.to_pkcs8_der()?;
        der::pem::encode_string("PRIVATE KEY", LineEnding::LF, &der)
            .map(Zeroizing::new)
            .map_err(|err| invalid(format!("cannot encode the private key as PEM: {err}")))
    }
}

fn pkcs8(
    oid: der::asn1::ObjectIdentifier,
    parameters: Option<AnyRef<'_>>,
    private_key: &[u8],
    public_key: Option<BitStringRef<'_>>,
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let fail = |err| encoding_failed("the private key", err);
    let info = PrivateKeyInfoRef {
        algorithm: AlgorithmIdentifier { oid, parameters },
        private_key: OctetStringRef::new(private_key).map_err(fail)?,
        public_key,
    };
    info.to_der().map(Zeroizing::new).map_err(fail)
}
