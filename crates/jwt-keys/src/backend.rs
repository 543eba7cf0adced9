//! The backend contract, [`Backend`]: its documentation is the guide to writing one.

use jwt_core::{Algorithm, Error, ErrorKind, InvalidSignature, SignError};

use crate::material::{
    EcCurve, EcPrivateParts, EcPublicParts, Ed25519PrivateParts, Ed25519PublicParts,
    PrivateKeyMaterial, PublicKeyMaterial,
};
use crate::ml_dsa::{MlDsaLevel, MlDsaPrivateParts, MlDsaPublicParts};

/// Every asymmetric algorithm: RS*, PS*, ES*, EdDSA, then ML-DSA-44/65/87 (every one of
/// [`Algorithm::ALL`] after the three HMAC ones). The [`Backend::ALGORITHMS`] of a backend
/// that has them all.
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } }
/// use jwt_strict::{Algorithm, AlgorithmFamily, keys::{ASYMMETRIC_ALGORITHMS, CLASSIC_ALGORITHMS}};
///
/// assert_eq!(ASYMMETRIC_ALGORITHMS.len(), 13);
/// assert!(ASYMMETRIC_ALGORITHMS.iter().all(|alg| alg.family() != AlgorithmFamily::Hmac));
/// assert_eq!(CLASSIC_ALGORITHMS.last(), Some(&Algorithm::EdDsa));
/// ```
pub const ASYMMETRIC_ALGORITHMS: &[Algorithm] = Algorithm::ALL.as_slice().split_at(3).1;

/// The asymmetric algorithms every backend implements: RS*, PS*, ES* and EdDSA. The
/// default of [`Backend::ALGORITHMS`].
pub const CLASSIC_ALGORITHMS: &[Algorithm] = ASYMMETRIC_ALGORITHMS.split_at(10).0;

/// The key a backend is asked to generate: what an algorithm needs, decided once by the
/// shared key types so that no backend maps algorithms to key kinds itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NewKey {
    /// RSA with a modulus of `bits`: 2048, 3072 or 4096, for RS* and PS*.
    Rsa {
        /// The modulus size in bits.
        bits: usize,
    },
    /// An EC key on `curve`, for ES*.
    Ec(EcCurve),
    /// An Ed25519 key, for EdDSA.
    Ed25519,
    /// An ML-DSA key of the level, for ML-DSA-44/65/87 (only asked of a backend that
    /// lists them in [`Backend::ALGORITHMS`]).
    MlDsa(MlDsaLevel),
}

/// The backend contract: signing and verification primitives for RS256/384/512,
/// PS256/384/512 (MGF1 with the same hash, salt as long as the hash), ES256/384/512
/// (fixed-width `r‖s`), EdDSA (Ed25519) and, for backends that declare them,
/// ML-DSA-44/65/87 (pure, empty context), and how to write a backend.
///
/// A *backend* is primitives only: from key material this crate has already read and
/// checked, it makes a signer or a verifier for one algorithm, signs and verifies bytes,
/// derives an EC or Ed25519 private key's public point, and generates keys. Everything
/// that is the same for every backend is written once, in [`SigningKey`] and
/// [`VerifyingKey`]: loading from PEM, DER and JWK, the algorithm and family checks,
/// `kid`, `Debug` redaction, the RSA public half, the check that a private key's carried
/// public key is its own, and the signature shape checks that keep every backend's answer
/// the same on the same bytes. So a backend is one trait, [`Backend`], and about 200
/// lines.
///
/// # Writing a backend
///
/// ## 1. The types a backend touches
///
/// | type | what it is | what a backend uses |
/// |---|---|---|
/// | [`PrivateKeyMaterial`] | a private key, one variant per family | match on it in [`Backend::signer`]; return it from [`Backend::generate`] |
/// | [`PublicKeyMaterial`] | a public key, one variant per family | match on it in [`Backend::verifier`] |
/// | [`RsaPrivateParts`](crate::RsaPrivateParts) | RSA's numbers, CRT values checked | [`public`](crate::RsaPrivateParts::public), [`private_exponent`](crate::RsaPrivateParts::private_exponent), [`primes`](crate::RsaPrivateParts::primes), [`crt_values`](crate::RsaPrivateParts::crt_values) (big-endian bytes) |
/// | [`RsaPublicParts`](crate::RsaPublicParts) | modulus and exponent, 2048 to 8192 bits | [`modulus`](crate::RsaPublicParts::modulus), [`public_exponent`](crate::RsaPublicParts::public_exponent), [`bits`](crate::RsaPublicParts::bits) |
/// | [`EcPrivateParts`] | a P-256/384/521 scalar, in range | [`curve`](EcPrivateParts::curve), [`scalar`](EcPrivateParts::scalar) (fixed width) |
/// | [`EcPublicParts`] | a point on the curve, SEC1-encoded | [`curve`](EcPublicParts::curve), [`point`](EcPublicParts::point); make one with [`EcPublicParts::new`] |
/// | [`Ed25519PrivateParts`] | a 32-byte seed | [`seed`](Ed25519PrivateParts::seed) |
/// | [`Ed25519PublicParts`] | a 32-byte point, not of small order | [`as_bytes`](Ed25519PublicParts::as_bytes); make one with [`Ed25519PublicParts::new`] |
/// | [`MlDsaPrivateParts`] | an ML-DSA level and 32-byte seed | [`level`](MlDsaPrivateParts::level), [`seed`](MlDsaPrivateParts::seed) |
/// | [`MlDsaPublicParts`] | an ML-DSA level and encoded public key of its exact length | [`level`](MlDsaPublicParts::level), [`as_bytes`](MlDsaPublicParts::as_bytes); make one with [`MlDsaPublicParts::new`] |
/// | [`EcCurve`] | P-256, P-384, P-521 | which primitive to use |
/// | [`NewKey`] | the key [`Backend::generate`] is asked for | RSA size, curve, or Ed25519 |
///
/// A backend whose library reads standard encodings can hand it
/// [`PrivateKeyMaterial::to_pkcs8_der`] (wiped on drop) or
/// [`PublicKeyMaterial::to_spki_der`] instead of the numbers, and can read what it
/// generated back with [`KeyMaterial::from_der`], which applies every check again.
///
/// Errors: a key the backend's library refuses is `Error::new(ErrorKind::InvalidKey, …)`
/// naming the key ([`PrivateKeyMaterial::describe`]); a failed signature is a
/// [`SignError`]; a signature that does not verify is [`InvalidSignature`], with no
/// detail.
///
/// ## 2. What is checked before a backend is called
///
/// - [`Backend::signer`], [`Backend::verifier`] and [`Backend::generate`] get only an
///   algorithm of [`Backend::ALGORITHMS`] that fits the key: RS*/PS* an RSA key,
///   ES256/384/512 a P-256/384/521 key, EdDSA an Ed25519 key, ML-DSA-44/65/87 an ML-DSA
///   key of that level. The algorithm is given once, there; keep it in the signer or verifier.
/// - [`Backend::verify`] gets only signatures of the algorithm's shape: RSA exactly as
///   long as the modulus, ECDSA `r‖s` of twice the field length, Ed25519 64 bytes with
///   `S` < `L` and `R` not of small order, ML-DSA exactly its level's length.
/// - [`Backend::generate`] gets only RSA sizes of 2048, 3072 or 4096 bits. A size the
///   backend cannot make is an error, never another size.
///
/// ## 3. The backend
///
/// A unit struct implementing [`Backend`], and its key types named for users:
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } }
/// use jwt_strict::{Algorithm, Error, ErrorKind, InvalidSignature, SignError};
/// use jwt_strict::keys::{
///     Backend, EcPrivateParts, EcPublicParts, Ed25519PrivateParts, Ed25519PublicParts,
///     NewKey, PrivateKeyMaterial, PublicKeyMaterial,
/// };
///
/// /// A backend with no primitives: every key is refused.
/// #[derive(Debug)]
/// pub struct Refusing;
///
/// fn refused(what: &str) -> Error {
///     Error::new(ErrorKind::InvalidKey, format!("the refusing backend has no {what}"))
/// }
///
/// impl Backend for Refusing {
///     const NAME: &'static str = "refusing";
///     type Signer = ();
///     type Verifier = ();
///
///     fn signer(key: &PrivateKeyMaterial, alg: Algorithm) -> Result<(), Error> {
///         Err(refused(&format!("{alg} signer for an {} key", key.describe())))
///     }
///     fn verifier(key: &PublicKeyMaterial, alg: Algorithm) -> Result<(), Error> {
///         Err(refused(&format!("{alg} verifier for an {} key", key.describe())))
///     }
///     fn sign(_: &(), _: &[u8]) -> Result<Vec<u8>, SignError> {
///         Err(SignError::new("no signer"))
///     }
///     fn verify(_: &(), _: &[u8], _: &[u8]) -> Result<(), InvalidSignature> {
///         Err(InvalidSignature)
///     }
///     fn ec_public_key(_: &EcPrivateParts) -> Result<EcPublicParts, Error> {
///         Err(refused("EC arithmetic"))
///     }
///     fn ed25519_public_key(_: &Ed25519PrivateParts) -> Result<Ed25519PublicParts, Error> {
///         Err(refused("Ed25519 arithmetic"))
///     }
///     fn generate(key: NewKey) -> Result<PrivateKeyMaterial, Error> {
///         Err(refused(&format!("{key:?} generation")))
///     }
/// }
///
/// /// A private key on the refusing backend.
/// pub type SigningKey = jwt_strict::keys::SigningKey<Refusing>;
///
/// let err = SigningKey::generate(Algorithm::Es256).unwrap_err();
/// assert_eq!(err.to_string(), "the refusing backend has no Ec(P256) generation");
/// ```
///
/// ## 4. Using it
///
/// Out of tree, the backend is ready: `jwt_keys::SigningKey<Refusing>` and
/// `VerifyingKey<Refusing>` load, sign and verify like every backend's keys, and
/// `jwt_strict::BackendEntry::of::<Refusing>()` makes it a run-time choice beside the
/// registry's. `examples/counting-backend` in the repository is a complete one (it
/// wraps the default backend and counts calls) and runs the conformance suite.
///
/// In the tree, a backend is a crate `jwt-rs-NAME` depending on `jwt-core` and
/// `jwt-keys` only, a Cargo feature of the facade that enables it (and `keys`, listed in
/// `all-backends`), and one line in the facade's registry (`declare_backends!` in
/// `crates/jwt/src/registry.rs`). The CLI's `--backend`, the conformance suite, the
/// cross-backend tests, the differential fuzz target, the benches and the demo read the
/// registry, and the conformance suite holds the new backend to the same answers as
/// every other, vector by vector and mutation by mutation.
///
/// [`SigningKey`]: crate::SigningKey
/// [`VerifyingKey`]: crate::VerifyingKey
/// [`KeyMaterial::from_der`]: crate::KeyMaterial::from_der
pub trait Backend: Send + Sync + 'static {
    /// The backend's name: `rustcrypto`, `openssl`, …, as `--backend` takes it.
    const NAME: &'static str;

    /// The algorithms the backend implements; asking it for another is
    /// `invalid_algorithm` before any of its functions is called. Default: RS*, PS*,
    /// ES* and EdDSA ([`CLASSIC_ALGORITHMS`]); a backend with ML-DSA adds
    /// ML-DSA-44/65/87 and implements [`Backend::ml_dsa_public_key`].
    const ALGORITHMS: &'static [Algorithm] = CLASSIC_ALGORITHMS;

    /// A private key prepared to sign with one algorithm (parsed once, used for every
    /// signature).
    type Signer: Send + Sync + 'static;

    /// A public key prepared to verify one algorithm (parsed once, used for every
    /// verification).
    type Verifier: Send + Sync + 'static;

    /// Prepares `key` to sign with `alg`, which fits the key.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the backend refuses the key.
    fn signer(key: &PrivateKeyMaterial, alg: Algorithm) -> Result<Self::Signer, Error>;

    /// Prepares `key` to verify `alg` signatures; `alg` fits the key.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the backend refuses the key.
    fn verifier(key: &PublicKeyMaterial, alg: Algorithm) -> Result<Self::Verifier, Error>;

    /// Signs `signing_input` with the signer's algorithm, returning the raw JWS
    /// signature (RFC 7518 §3): `r‖s` for ES*, as many octets as the modulus for RS*/PS*.
    ///
    /// # Errors
    ///
    /// A [`SignError`] when the backend fails.
    fn sign(signer: &Self::Signer, signing_input: &[u8]) -> Result<Vec<u8>, SignError>;

    /// Checks that `signature` (already of the algorithm's shape) is a valid signature
    /// of `signing_input` by the verifier's key and algorithm.
    ///
    /// # Errors
    ///
    /// [`InvalidSignature`] for every failure.
    fn verify(
        verifier: &Self::Verifier,
        signing_input: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature>;

    /// The public point of an EC private key.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the backend refuses the scalar.
    fn ec_public_key(key: &EcPrivateParts) -> Result<EcPublicParts, Error>;

    /// The public key of an Ed25519 seed.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the backend fails.
    fn ed25519_public_key(key: &Ed25519PrivateParts) -> Result<Ed25519PublicParts, Error>;

    /// The public key of an ML-DSA seed (FIPS 204 `ML-DSA.KeyGen_internal`). Called only
    /// for levels in [`Backend::ALGORITHMS`]; the default, for backends without ML-DSA,
    /// refuses.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the backend fails; `invalid_algorithm` by default.
    fn ml_dsa_public_key(key: &MlDsaPrivateParts) -> Result<MlDsaPublicParts, Error> {
        Err(Error::new(
            ErrorKind::InvalidAlgorithm,
            format!(
                "the {} backend does not implement {}",
                Self::NAME,
                key.level()
            ),
        ))
    }

    /// Generates a key of the kind `key` names.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the random source or the backend fails, or the backend cannot
    /// make that kind of key.
    fn generate(key: NewKey) -> Result<PrivateKeyMaterial, Error>;
}

impl PrivateKeyMaterial {
    /// The public half of this key, on backend `B`: RSA's is part of its numbers; an EC
    /// or Ed25519 key's is computed by the backend and, when the encoding carried one
    /// too, compared with it.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the backend refuses the key, or the carried public key is not
    /// this key's.
    pub fn public_key<B: Backend>(&self) -> Result<PublicKeyMaterial, Error> {
        let derived = match self {
            PrivateKeyMaterial::Rsa(rsa) => {
                return Ok(PublicKeyMaterial::Rsa(rsa.public().clone()));
            }
            PrivateKeyMaterial::Ec(ec) => PublicKeyMaterial::Ec(B::ec_public_key(ec)?),
            PrivateKeyMaterial::Ed25519(ed) => {
                PublicKeyMaterial::Ed25519(B::ed25519_public_key(ed)?)
            }
            PrivateKeyMaterial::MlDsa(ml) => {
                let derived = B::ml_dsa_public_key(ml)?;
                if ml.public().is_some_and(|carried| carried != &derived) {
                    return Err(crate::material::invalid(format!(
                        "mismatched AKP parameters: the {} key's pub is not the public key \
                         of its priv seed",
                        ml.level()
                    )));
                }
                return Ok(PublicKeyMaterial::MlDsa(derived));
            }
        };
        match self.carried_public() {
            Some(carried) if !carried.same_key(&derived) => Err(crate::material::invalid(format!(
                "the {} key's public key does not match its private key",
                self.describe()
            ))),
            _ => Ok(derived),
        }
    }
}
