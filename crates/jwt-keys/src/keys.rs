//! The key types users name, written once for every [`Backend`]: loading from every
//! format, the algorithm and family checks, `kid`, `Debug` redaction, and the signature
//! shape checks that make every backend answer the same on the same bytes.

use std::fmt;
use std::sync::Arc;

use jwt_core::{
    Algorithm, AlgorithmFamily, Error, ErrorKind, InvalidSignature, JwsSigner, JwsVerifier,
    SignError,
};

use crate::backend::{Backend, NewKey};
use crate::jwk::{Jwk, KeyOperation};
use crate::material::{
    EcCurve, KeyMaterial, PrivateKeyMaterial, PublicKeyMaterial, check_rsa_generation_bits, invalid,
};
use crate::ml_dsa::MlDsaLevel;

/// A private key bound to one asymmetric algorithm, on backend `B`: a [`JwsSigner`].
///
/// Load one from PEM, DER or a JWK naming the algorithm it is for
/// ([`from_pem`](Self::from_pem), [`from_der`](Self::from_der),
/// [`from_pem_or_der`](Self::from_pem_or_der), [`from_jwk`](Self::from_jwk),
/// [`from_material`](Self::from_material)), or make one with
/// [`generate`](Self::generate). The key material is wiped on drop and never printed.
/// The facade names it `jwt_strict::backend::SigningKey` on the backend its features choose.
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } pub mod backend { pub type SigningKey = jwt_keys::SigningKey<jwt_rs_rustcrypto::RustCrypto>; pub type VerifyingKey = jwt_keys::VerifyingKey<jwt_rs_rustcrypto::RustCrypto>; } }
/// use jwt_strict::backend::SigningKey;
/// use jwt_strict::{Algorithm, Header, NumericDate, RegisteredClaims, Validation};
///
/// let pem = "-----BEGIN PRIVATE KEY-----
/// MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
/// -----END PRIVATE KEY-----";
/// let key = SigningKey::from_pem(pem, Algorithm::EdDsa)?.with_key_id("2026-12");
/// let now = NumericDate::from_unix_seconds(1_800_000_000)?;
/// let claims = RegisteredClaims { exp: now.checked_add(std::time::Duration::from_secs(60)), ..Default::default() };
/// let token = jwt_strict::encode(&Header::new(Algorithm::EdDsa), &claims, &key)?;
/// let data = jwt_strict::decode_at::<RegisteredClaims>(&token, &key.verifying_key(), &Validation::new(), now)?;
/// assert_eq!(data.header.kid.as_deref(), Some("2026-12"));
/// // Bound to EdDSA when loaded: no other algorithm.
/// assert!(SigningKey::from_pem(pem, Algorithm::Es256).is_err());
/// # Ok::<(), jwt_strict::Error>(())
/// ```
pub struct SigningKey<B: Backend> {
    private: PrivateKeyMaterial,
    signer: B::Signer,
    public: VerifyingKey<B>,
}

/// A public key bound to one asymmetric algorithm, on backend `B`: a [`JwsVerifier`].
/// Cloning shares the parsed key.
///
/// Load one from a public key, a certificate or a private key (PEM, DER or JWK), naming
/// the algorithm it is for ([`from_pem`](Self::from_pem), [`from_der`](Self::from_der),
/// [`from_pem_or_der`](Self::from_pem_or_der), [`from_jwk`](Self::from_jwk),
/// [`from_material`](Self::from_material)), or take a signing key's
/// [`SigningKey::verifying_key`]. The facade names it `jwt_strict::backend::VerifyingKey` on the
/// backend its features choose.
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } pub mod backend { pub type SigningKey = jwt_keys::SigningKey<jwt_rs_rustcrypto::RustCrypto>; pub type VerifyingKey = jwt_keys::VerifyingKey<jwt_rs_rustcrypto::RustCrypto>; } }
/// use jwt_strict::backend::VerifyingKey;
/// use jwt_strict::{Algorithm, ErrorKind, Validation};
///
/// // RFC 8037 A.1's public key and A.4's token (its payload is not JSON: jws::verify).
/// let pem = "-----BEGIN PUBLIC KEY-----
/// MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
/// -----END PUBLIC KEY-----";
/// let key = VerifyingKey::from_pem(pem, Algorithm::EdDsa)?;
/// let token = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
/// let verified = jwt_strict::jws::verify(token, &key, &Validation::new())?;
/// assert_eq!(verified.payload, b"Example of Ed25519 signing");
/// // A key verifies only its own algorithm.
/// let es256 = token.replacen("eyJhbGciOiJFZERTQSJ9", "eyJhbGciOiJFUzI1NiJ9", 1);
/// let err = jwt_strict::jws::verify(&es256, &key, &Validation::new()).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm);
/// # Ok::<(), jwt_strict::Error>(())
/// ```
pub struct VerifyingKey<B: Backend> {
    alg: Algorithm,
    kid: Option<String>,
    public: Arc<PublicKeyMaterial>,
    verifier: Arc<B::Verifier>,
}

impl<B: Backend> Clone for VerifyingKey<B> {
    fn clone(&self) -> Self {
        VerifyingKey {
            alg: self.alg,
            kid: self.kid.clone(),
            public: Arc::clone(&self.public),
            verifier: Arc::clone(&self.verifier),
        }
    }
}

/// Refuses HMAC algorithms, which take a secret, not a key pair, and algorithms backend
/// `B` does not implement (`invalid_algorithm`, never another backend's answer).
fn check_asymmetric<B: Backend>(alg: Algorithm, key: &str) -> Result<(), Error> {
    if alg.family() == AlgorithmFamily::Hmac {
        return Err(invalid(format!(
            "{alg} uses an HMAC shared secret, not a {key} key"
        )));
    }
    if !B::ALGORITHMS.contains(&alg) {
        return Err(Error::new(
            ErrorKind::InvalidAlgorithm,
            format!("the {} backend does not implement {alg}", B::NAME),
        ));
    }
    Ok(())
}

impl<B: Backend> SigningKey<B> {
    /// Generates a new key for `alg`: RSA 2048-bit for RS*/PS*, the algorithm's curve
    /// for ES*, Ed25519 for EdDSA, the level's ML-DSA key for ML-DSA-44/65/87.
    ///
    /// # Errors
    ///
    /// `invalid_key` for HS* (they use a shared secret) or when the random source fails;
    /// `invalid_algorithm` for an algorithm the backend does not implement.
    pub fn generate(alg: Algorithm) -> Result<Self, Error> {
        Self::generate_with_rsa_bits(alg, 2048)
    }

    /// As [`SigningKey::generate`], with `rsa_bits` (2048, 3072 or 4096) for RS*/PS*;
    /// the size is ignored for other algorithms.
    ///
    /// # Errors
    ///
    /// As [`SigningKey::generate`], and `weak_key`/`invalid_key` for a bad RSA size.
    pub fn generate_with_rsa_bits(alg: Algorithm, rsa_bits: usize) -> Result<Self, Error> {
        check_asymmetric::<B>(alg, "generated")?;
        let key = match (alg.family(), EcCurve::for_algorithm(alg)) {
            (AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss, _) => {
                check_rsa_generation_bits(rsa_bits)?;
                NewKey::Rsa { bits: rsa_bits }
            }
            (_, Some(curve)) => NewKey::Ec(curve),
            (AlgorithmFamily::EdDsa, _) => NewKey::Ed25519,
            (AlgorithmFamily::MlDsa, _) => match MlDsaLevel::for_algorithm(alg) {
                Some(level) => NewKey::MlDsa(level),
                None => return Err(invalid(format!("{alg} keys cannot be generated"))),
            },
            _ => return Err(invalid(format!("{alg} keys cannot be generated"))),
        };
        Self::from_private_material(B::generate(key)?, alg)
    }

    /// Makes a key for `alg` from key material read elsewhere (a JWK Set, a generated
    /// key, another backend's key); a public key is refused.
    ///
    /// # Errors
    ///
    /// `invalid_key` for a public key, a key that does not fit `alg`, a carried public
    /// key that is not the private key's own, or a key the backend refuses.
    pub fn from_material(material: KeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        match material {
            KeyMaterial::Private(private) => Self::from_private_material(private, alg),
            KeyMaterial::Public(public) => Err(invalid(format!(
                "an {} public key cannot sign; expected a private key",
                public.describe()
            ))),
        }
    }

    fn from_private_material(material: PrivateKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        check_asymmetric::<B>(alg, &format!("{} private", material.describe()))?;
        material.check_algorithm(alg)?;
        let public = material.public_key::<B>()?;
        let signer = B::signer(&material, alg)?;
        let public = VerifyingKey::from_public_material(public, alg)?;
        Ok(SigningKey {
            private: material,
            signer,
            public,
        })
    }

    /// Loads a private key for `alg` from PEM (PKCS#8, PKCS#1 or SEC1).
    ///
    /// # Errors
    ///
    /// `invalid_key` when the PEM holds no private key, or one that does not fit `alg`;
    /// `weak_key` for RSA under 2048 bits.
    pub fn from_pem(pem: &str, alg: Algorithm) -> Result<Self, Error> {
        Self::from_material(KeyMaterial::from_pem(pem)?, alg)
    }

    /// Loads a private key for `alg` from DER (PKCS#8, PKCS#1 or SEC1).
    ///
    /// # Errors
    ///
    /// As [`SigningKey::from_pem`].
    pub fn from_der(der: &[u8], alg: Algorithm) -> Result<Self, Error> {
        Self::from_material(KeyMaterial::from_der(der)?, alg)
    }

    /// Loads a private key for `alg` from a key file's bytes, PEM or DER.
    ///
    /// # Errors
    ///
    /// As [`SigningKey::from_pem`].
    pub fn from_pem_or_der(bytes: &[u8], alg: Algorithm) -> Result<Self, Error> {
        Self::from_material(KeyMaterial::from_pem_or_der(bytes)?, alg)
    }

    /// Loads a private key for `alg` from a JWK (with `d`), honouring its `alg`, `use`
    /// and `key_ops`.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the JWK is malformed, public, an `oct` secret, or restricted
    /// from signing with `alg`.
    pub fn from_jwk(jwk: &str, alg: Algorithm) -> Result<Self, Error> {
        Self::from_material(
            Jwk::parse(jwk)?.into_material(alg, KeyOperation::Sign)?,
            alg,
        )
    }

    /// Sets the key identifier written as `kid` in headers of tokens this key signs.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.public.kid = Some(kid.into());
        self
    }

    /// The public half, for the same algorithm and with the same `kid`.
    pub fn verifying_key(&self) -> VerifyingKey<B> {
        self.public.clone()
    }

    /// The key's algorithm-neutral private material, e.g. to write it as PKCS#8 with
    /// [`PrivateKeyMaterial::to_pkcs8_pem`]: a copy, wiped on its own drop.
    ///
    /// # Errors
    ///
    /// None today; the `Result` leaves room for backends that keep keys elsewhere.
    pub fn private_material(&self) -> Result<PrivateKeyMaterial, Error> {
        Ok(self.private.clone())
    }

    /// The RSA modulus length in bits, or `None` for other keys.
    pub fn bits(&self) -> Option<usize> {
        self.public.bits()
    }
}

impl<B: Backend> VerifyingKey<B> {
    /// Loads a key for `alg` from PEM: a public key (SPKI or PKCS#1), a certificate's
    /// public key, or a private key's public half.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the PEM holds no usable key or one that does not fit `alg`;
    /// `weak_key` for RSA under 2048 bits.
    pub fn from_pem(pem: &str, alg: Algorithm) -> Result<Self, Error> {
        Self::from_material(KeyMaterial::from_pem(pem)?, alg)
    }

    /// Loads a key for `alg` from DER of any supported structure.
    ///
    /// # Errors
    ///
    /// As [`VerifyingKey::from_pem`].
    pub fn from_der(der: &[u8], alg: Algorithm) -> Result<Self, Error> {
        Self::from_material(KeyMaterial::from_der(der)?, alg)
    }

    /// Loads a key for `alg` from a key file's bytes, PEM or DER.
    ///
    /// # Errors
    ///
    /// As [`VerifyingKey::from_pem`].
    pub fn from_pem_or_der(bytes: &[u8], alg: Algorithm) -> Result<Self, Error> {
        Self::from_material(KeyMaterial::from_pem_or_der(bytes)?, alg)
    }

    /// Loads a key for `alg` from a JWK, honouring its `alg`, `use` and `key_ops`.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the JWK is malformed, an `oct` secret, or restricted from
    /// verifying with `alg`.
    pub fn from_jwk(jwk: &str, alg: Algorithm) -> Result<Self, Error> {
        Self::from_material(
            Jwk::parse(jwk)?.into_material(alg, KeyOperation::Verify)?,
            alg,
        )
    }

    /// Makes a key for `alg` from key material read elsewhere (a JWK Set, another
    /// backend's key); a private key stands for its public half.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the key does not fit `alg` or the backend refuses it.
    pub fn from_material(material: KeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        match material {
            KeyMaterial::Private(private) => {
                SigningKey::<B>::from_private_material(private, alg).map(|key| key.public)
            }
            KeyMaterial::Public(public) => Self::from_public_material(public, alg),
        }
    }

    fn from_public_material(material: PublicKeyMaterial, alg: Algorithm) -> Result<Self, Error> {
        check_asymmetric::<B>(alg, &format!("{} public", material.describe()))?;
        material.check_algorithm(alg)?;
        let verifier = B::verifier(&material, alg)?;
        Ok(VerifyingKey {
            alg,
            kid: None,
            public: Arc::new(material),
            verifier: Arc::new(verifier),
        })
    }

    /// Sets the key identifier.
    #[must_use]
    pub fn with_key_id(mut self, kid: impl Into<String>) -> Self {
        self.kid = Some(kid.into());
        self
    }

    /// The key's algorithm-neutral material: what another backend, a certificate or a
    /// JWK needs to use the same key.
    ///
    /// # Errors
    ///
    /// None today; the `Result` leaves room for backends that keep keys elsewhere.
    pub fn public_material(&self) -> Result<PublicKeyMaterial, Error> {
        Ok(PublicKeyMaterial::clone(&self.public))
    }

    /// The RSA modulus length in bits, or `None` for other keys.
    pub fn bits(&self) -> Option<usize> {
        match &*self.public {
            PublicKeyMaterial::Rsa(rsa) => Some(rsa.bits()),
            _ => None,
        }
    }

    /// Whether `signature` has the shape every backend must require before its
    /// primitive runs: RSA exactly as long as the modulus (RFC 8017 8.1.2, 8.2.2), ECDSA
    /// twice the field length, Ed25519 64 bytes with `S` < `L` and `R` not of small order,
    /// ML-DSA exactly as long as its level's signatures (FIPS 204 Table 2).
    fn has_strict_shape(&self, signature: &[u8]) -> bool {
        match &*self.public {
            PublicKeyMaterial::Rsa(rsa) => signature.len() == rsa.bits().div_ceil(8),
            PublicKeyMaterial::Ec(ec) => signature.len() == 2 * ec.curve().field_len(),
            PublicKeyMaterial::Ed25519(_) => crate::check_ed25519_signature(signature).is_ok(),
            PublicKeyMaterial::MlDsa(ml) => signature.len() == ml.level().signature_len(),
        }
    }
}

impl<B: Backend> JwsSigner for SigningKey<B> {
    fn algorithm(&self) -> Algorithm {
        self.public.alg
    }

    fn key_id(&self) -> Option<&str> {
        self.public.kid.as_deref()
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SignError> {
        B::sign(&self.signer, signing_input)
    }
}

impl<B: Backend> JwsVerifier for VerifyingKey<B> {
    fn algorithm(&self) -> Algorithm {
        self.alg
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        if !self.has_strict_shape(signature) {
            return Err(InvalidSignature);
        }
        B::verify(&self.verifier, signing_input, signature)
    }
}

impl<B: Backend> fmt::Debug for SigningKey<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("backend", &B::NAME)
            .field("alg", &self.public.alg)
            .field("key", &self.public.public.describe())
            .field("kid", &self.public.kid)
            .field("private", &format_args!("[secret key elided]"))
            .finish()
    }
}

impl<B: Backend> fmt::Debug for VerifyingKey<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("backend", &B::NAME)
            .field("alg", &self.alg)
            .field("key", &self.public.describe())
            .field("kid", &self.kid)
            .finish()
    }
}
