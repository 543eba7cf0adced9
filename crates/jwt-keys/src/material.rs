//! Algorithm-neutral key material: the numbers and bytes that make up a key, checked
//! once here so that every backend accepts exactly the same keys with the same errors.

use std::fmt;

use jwt_core::{Algorithm, AlgorithmFamily, Error, ErrorKind};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::ml_dsa::{MlDsaPrivateParts, MlDsaPublicParts};

/// The smallest RSA modulus accepted, in bits; smaller is `weak_key`.
pub const MIN_RSA_BITS: usize = 2048;
/// The largest RSA modulus accepted, in bits; larger is `invalid_key` (it would let a
/// key file make every verification arbitrarily slow).
pub const MAX_RSA_BITS: usize = 8192;
/// The largest RSA public exponent accepted: 2^33 − 1, as the `rsa` crate enforces.
const MAX_RSA_EXPONENT_BITS: usize = 33;

/// The RSA key sizes a backend generates, in bits.
pub const RSA_GENERATION_BITS: [usize; 3] = [2048, 3072, 4096];

/// Checks a requested RSA key size for generation.
///
/// # Errors
///
/// `weak_key` under 2048 bits; `invalid_key` for any size but 2048, 3072 or 4096.
pub fn check_rsa_generation_bits(bits: usize) -> Result<(), Error> {
    if bits < MIN_RSA_BITS {
        return Err(Error::new(
            ErrorKind::WeakKey,
            format!("RSA keys need at least {MIN_RSA_BITS} bits, {bits} were asked for"),
        ));
    }
    if !RSA_GENERATION_BITS.contains(&bits) {
        return Err(invalid(format!(
            "RSA keys are generated with 2048, 3072 or 4096 bits, not {bits}"
        )));
    }
    Ok(())
}

/// Any key this workspace reads: a private key (which also stands for its public half)
/// or a public key.
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } }
/// use jwt_strict::keys::{KeyMaterial, PrivateKeyMaterial};
///
/// let pem = "-----BEGIN PRIVATE KEY-----
/// MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
/// -----END PRIVATE KEY-----";
/// let material = KeyMaterial::from_pem(pem)?;
/// assert_eq!(material.describe(), "Ed25519 private key");
/// let KeyMaterial::Private(PrivateKeyMaterial::Ed25519(key)) = material else {
///     panic!("an Ed25519 private key");
/// };
/// assert_eq!(key.seed()[0], 0x9d);
/// # Ok::<(), jwt_strict::Error>(())
/// ```
#[derive(Debug)]
pub enum KeyMaterial {
    /// A private key.
    Private(PrivateKeyMaterial),
    /// A public key, or the public key of a certificate.
    Public(PublicKeyMaterial),
}

/// A public key's material.
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } }
/// use jwt_strict::keys::{KeyMaterial, PublicKeyMaterial, thumbprint};
///
/// let pem = "-----BEGIN PUBLIC KEY-----
/// MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=
/// -----END PUBLIC KEY-----";
/// let KeyMaterial::Public(public) = KeyMaterial::from_pem(pem)? else { panic!("public") };
/// assert!(matches!(public, PublicKeyMaterial::Ed25519(_)));
/// // RFC 8037 A.3's thumbprint of the same key, and the PEM written back byte for byte.
/// assert_eq!(thumbprint(&public)?, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
/// assert_eq!(public.to_spki_pem()?.trim_end(), pem);
/// # Ok::<(), jwt_strict::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKeyMaterial {
    /// An RSA public key.
    Rsa(RsaPublicParts),
    /// An elliptic-curve public key on P-256, P-384 or P-521.
    Ec(EcPublicParts),
    /// An Ed25519 public key.
    Ed25519(Ed25519PublicParts),
    /// An ML-DSA public key (`kty` `AKP`).
    MlDsa(MlDsaPublicParts),
}

/// A private key's material, wiped from memory on drop and never printed. A clone is a
/// second copy, wiped on its own drop.
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } }
/// use jwt_strict::keys::KeyMaterial;
///
/// let pem = "-----BEGIN PRIVATE KEY-----
/// MC4CAQAwBQYDK2VwBCIEIJ1hsZ3v/VpguoRK9JLsLMREScVpezJpGXA7rAMcrn9g
/// -----END PRIVATE KEY-----";
/// let KeyMaterial::Private(private) = KeyMaterial::from_pem(pem)? else { panic!("private") };
/// assert_eq!(format!("{private:?}"), "Ed25519(Ed25519PrivateParts([secret key elided]))");
/// assert_eq!(private.to_pkcs8_pem()?.trim_end(), pem);
/// # Ok::<(), jwt_strict::Error>(())
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum PrivateKeyMaterial {
    /// An RSA private key.
    Rsa(RsaPrivateParts),
    /// An elliptic-curve private key.
    Ec(EcPrivateParts),
    /// An Ed25519 private key.
    Ed25519(Ed25519PrivateParts),
    /// An ML-DSA private key: its seed (`kty` `AKP`).
    MlDsa(MlDsaPrivateParts),
}

/// The curves of ES256, ES384 and ES512.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EcCurve {
    /// NIST P-256 (secp256r1), for ES256.
    P256,
    /// NIST P-384 (secp384r1), for ES384.
    P384,
    /// NIST P-521 (secp521r1), for ES512.
    P521,
}

impl EcCurve {
    /// The JWK `crv` name: `P-256`, `P-384` or `P-521`.
    pub const fn name(self) -> &'static str {
        match self {
            EcCurve::P256 => "P-256",
            EcCurve::P384 => "P-384",
            EcCurve::P521 => "P-521",
        }
    }

    /// The length of a field element or scalar in bytes: 32, 48 or 66.
    pub const fn field_len(self) -> usize {
        match self {
            EcCurve::P256 => 32,
            EcCurve::P384 => 48,
            EcCurve::P521 => 66,
        }
    }

    /// The curve of an ES algorithm, `None` for any other algorithm.
    pub const fn for_algorithm(alg: Algorithm) -> Option<EcCurve> {
        match alg {
            Algorithm::Es256 => Some(EcCurve::P256),
            Algorithm::Es384 => Some(EcCurve::P384),
            Algorithm::Es512 => Some(EcCurve::P521),
            _ => None,
        }
    }

    /// The ES algorithm that uses this curve.
    pub const fn algorithm(self) -> Algorithm {
        match self {
            EcCurve::P256 => Algorithm::Es256,
            EcCurve::P384 => Algorithm::Es384,
            EcCurve::P521 => Algorithm::Es512,
        }
    }
}

impl fmt::Display for EcCurve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An RSA public key: modulus and public exponent, big-endian without leading zeros.
#[derive(Clone, PartialEq, Eq)]
pub struct RsaPublicParts {
    n: Vec<u8>,
    e: Vec<u8>,
}

impl RsaPublicParts {
    /// Checks and keeps an RSA public key.
    ///
    /// # Errors
    ///
    /// `weak_key` for a modulus under 2048 bits; `invalid_key` for a modulus over 8192
    /// bits or even, or a public exponent that is even, below 3 or above 2^33 − 1.
    pub fn new(n: &[u8], e: &[u8]) -> Result<RsaPublicParts, Error> {
        let n = strip_leading_zeros(n);
        let e = strip_leading_zeros(e);
        let bits = bit_len(n);
        if n.last().is_none_or(|low| low % 2 == 0) {
            return Err(invalid("the RSA modulus is even or zero"));
        }
        if bits < MIN_RSA_BITS {
            return Err(Error::new(
                ErrorKind::WeakKey,
                format!("RSA keys need at least {MIN_RSA_BITS} bits, this one has {bits}"),
            ));
        }
        if bits > MAX_RSA_BITS {
            return Err(invalid(format!(
                "RSA keys of more than {MAX_RSA_BITS} bits are not accepted, this one has {bits}"
            )));
        }
        let e_is_odd = e.last().is_some_and(|low| low % 2 == 1);
        if !e_is_odd || e == [1] || bit_len(e) > MAX_RSA_EXPONENT_BITS {
            return Err(invalid(
                "the RSA public exponent must be odd, at least 3 and below 2^33",
            ));
        }
        Ok(RsaPublicParts {
            n: n.to_vec(),
            e: e.to_vec(),
        })
    }

    /// The modulus n, big-endian, no leading zeros.
    pub fn modulus(&self) -> &[u8] {
        &self.n
    }

    /// The public exponent e, big-endian, no leading zeros.
    pub fn public_exponent(&self) -> &[u8] {
        &self.e
    }

    /// The modulus length in bits.
    pub fn bits(&self) -> usize {
        bit_len(&self.n)
    }
}

impl fmt::Debug for RsaPublicParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPublicParts")
            .field("bits", &self.bits())
            .finish_non_exhaustive()
    }
}

/// An RSA private key: the public part, d, the two primes and the CRT values
/// (dp = d mod (p − 1), dq = d mod (q − 1), qi = q⁻¹ mod p), as PKCS#1 and JWK carry
/// them. Multi-prime keys are not accepted.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct RsaPrivateParts {
    #[zeroize(skip)]
    public: RsaPublicParts,
    d: Vec<u8>,
    p: Vec<u8>,
    q: Vec<u8>,
    dp: Vec<u8>,
    dq: Vec<u8>,
    qi: Vec<u8>,
}

/// The numbers of an RSA private key, big-endian, as [`RsaPrivateParts::new`] takes them.
#[derive(Debug, Clone, Copy)]
pub struct RsaPrivateNumbers<'a> {
    /// The modulus n.
    pub n: &'a [u8],
    /// The public exponent e.
    pub e: &'a [u8],
    /// The private exponent d.
    pub d: &'a [u8],
    /// The first prime p.
    pub p: &'a [u8],
    /// The second prime q.
    pub q: &'a [u8],
    /// d mod (p − 1).
    pub dp: &'a [u8],
    /// d mod (q − 1).
    pub dq: &'a [u8],
    /// q⁻¹ mod p.
    pub qi: &'a [u8],
}

impl RsaPrivateParts {
    /// Checks and keeps an RSA private key: besides the public checks, the numbers must
    /// fit together (n = p·q, d the inverse of e, and the CRT values dp, dq and qi those
    /// of d, p and q), so every backend accepts and refuses the same private keys.
    ///
    /// # Errors
    ///
    /// As [`RsaPublicParts::new`], and `invalid_key` when a private number is zero or
    /// the numbers do not fit together.
    pub fn new(numbers: RsaPrivateNumbers<'_>) -> Result<RsaPrivateParts, Error> {
        let public = RsaPublicParts::new(numbers.n, numbers.e)?;
        let [d, p, q, dp, dq, qi] = [
            numbers.d, numbers.p, numbers.q, numbers.dp, numbers.dq, numbers.qi,
        ]
        .map(|x| strip_leading_zeros(x).to_vec());
        if [&d, &p, &q, &dp, &dq, &qi].iter().any(|x| x.is_empty()) {
            return Err(invalid(
                "the RSA private key has a zero d, p, q or CRT value",
            ));
        }
        crate::rsa_crt::check_consistent(&numbers)?;
        Ok(RsaPrivateParts {
            public,
            d,
            p,
            q,
            dp,
            dq,
            qi,
        })
    }

    /// The public half.
    pub fn public(&self) -> &RsaPublicParts {
        &self.public
    }

    /// The private exponent d, big-endian.
    pub fn private_exponent(&self) -> &[u8] {
        &self.d
    }

    /// The prime factors p and q of n, big-endian.
    pub fn primes(&self) -> [&[u8]; 2] {
        [&self.p, &self.q]
    }

    /// The CRT values dp, dq and qi, big-endian.
    pub fn crt_values(&self) -> [&[u8]; 3] {
        [&self.dp, &self.dq, &self.qi]
    }
}

impl fmt::Debug for RsaPrivateParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaPrivateParts")
            .field("bits", &self.public.bits())
            .field("private", &format_args!("[secret key elided]"))
            .finish()
    }
}

/// An elliptic-curve public key: its curve and its SEC1-encoded point (uncompressed
/// `04‖x‖y` or compressed `02/03‖x`). Whether the point lies on the curve is checked
/// by the backend that loads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcPublicParts {
    curve: EcCurve,
    point: Vec<u8>,
}

impl EcPublicParts {
    /// Checks the point's encoding against the curve and keeps it.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the encoding's length or tag does not fit the curve.
    pub fn new(curve: EcCurve, point: &[u8]) -> Result<EcPublicParts, Error> {
        let len = curve.field_len();
        let fits = match point.first() {
            Some(0x04) => point.len() == 1 + 2 * len,
            Some(0x02 | 0x03) => point.len() == 1 + len,
            _ => false,
        };
        if !fits {
            return Err(invalid(format!(
                "not a SEC1-encoded {curve} point ({} bytes)",
                point.len()
            )));
        }
        Ok(EcPublicParts {
            curve,
            point: point.to_vec(),
        })
    }

    /// The point from its affine coordinates, each exactly the curve's field length.
    ///
    /// # Errors
    ///
    /// `invalid_key` when a coordinate has the wrong length.
    pub fn from_coordinates(curve: EcCurve, x: &[u8], y: &[u8]) -> Result<EcPublicParts, Error> {
        let len = curve.field_len();
        if x.len() != len || y.len() != len {
            return Err(invalid(format!(
                "{curve} coordinates are {len} bytes each, found {} and {}",
                x.len(),
                y.len()
            )));
        }
        let mut point = Vec::with_capacity(1 + 2 * len);
        point.push(0x04);
        point.extend_from_slice(x);
        point.extend_from_slice(y);
        EcPublicParts::new(curve, &point)
    }

    /// The curve.
    pub fn curve(&self) -> EcCurve {
        self.curve
    }

    /// The SEC1-encoded point.
    pub fn point(&self) -> &[u8] {
        &self.point
    }

    /// Whether `other` encodes the same point on the same curve, whichever SEC1 form
    /// (compressed or uncompressed) each uses.
    pub fn same_point(&self, other: &EcPublicParts) -> bool {
        self.curve == other.curve && self.compressed() == other.compressed()
    }

    /// The compressed form: `02` or `03` (the parity of y) followed by x.
    fn compressed(&self) -> Vec<u8> {
        let len = self.curve.field_len();
        match self.point.split_first() {
            Some((0x04, coordinates)) => {
                let parity = coordinates.last().map_or(0, |low| low & 1);
                let mut out = vec![0x02 | parity];
                out.extend(coordinates.iter().take(len));
                out
            }
            _ => self.point.clone(),
        }
    }
}

/// An elliptic-curve private key: its curve, its scalar (left-padded to the curve's
/// field length) and, when the encoding carried it, its public point.
#[derive(Clone)]
pub struct EcPrivateParts {
    curve: EcCurve,
    scalar: Zeroizing<Vec<u8>>,
    public: Option<EcPublicParts>,
}

impl EcPrivateParts {
    /// Checks and keeps an elliptic-curve private key.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the scalar is longer than the curve's field, or the public
    /// point does not fit the curve.
    pub fn new(
        curve: EcCurve,
        scalar: &[u8],
        public_point: Option<&[u8]>,
    ) -> Result<EcPrivateParts, Error> {
        let len = curve.field_len();
        let trimmed = strip_leading_zeros(scalar);
        let Some(padding) = len.checked_sub(trimmed.len()) else {
            return Err(invalid(format!(
                "a {curve} private scalar has at most {len} bytes, found {}",
                trimmed.len()
            )));
        };
        let mut padded = Zeroizing::new(vec![0u8; padding]);
        padded.extend_from_slice(trimmed);
        let public = public_point
            .map(|point| EcPublicParts::new(curve, point))
            .transpose()?;
        Ok(EcPrivateParts {
            curve,
            scalar: padded,
            public,
        })
    }

    /// The curve.
    pub fn curve(&self) -> EcCurve {
        self.curve
    }

    /// The private scalar, exactly the curve's field length, big-endian.
    pub fn scalar(&self) -> &[u8] {
        &self.scalar
    }

    /// The public point, when the encoding carried it.
    pub fn public(&self) -> Option<&EcPublicParts> {
        self.public.as_ref()
    }
}

impl fmt::Debug for EcPrivateParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EcPrivateParts")
            .field("curve", &self.curve)
            .field("scalar", &format_args!("[secret key elided]"))
            .finish()
    }
}

/// An Ed25519 public key (RFC 8032): 32 bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ed25519PublicParts([u8; 32]);

impl Ed25519PublicParts {
    /// Checks and keeps a 32-byte Ed25519 public key.
    ///
    /// # Errors
    ///
    /// `invalid_key` when `bytes` is not 32 bytes long, or not the canonical encoding of a
    /// point of the prime-order subgroup (points of small order, with which signatures
    /// can be forged, and mixed-order points are refused).
    pub fn new(bytes: &[u8]) -> Result<Ed25519PublicParts, Error> {
        let bytes = <[u8; 32]>::try_from(bytes).map_err(|_| {
            invalid(format!(
                "an Ed25519 public key is 32 bytes, found {}",
                bytes.len()
            ))
        })?;
        crate::ed25519::check_public_key(&bytes)?;
        Ok(Ed25519PublicParts(bytes))
    }

    /// The key's 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// An Ed25519 private key: its 32-byte seed (RFC 8032 §5.1.5).
#[derive(Clone)]
pub struct Ed25519PrivateParts {
    seed: Zeroizing<[u8; 32]>,
    public: Option<Ed25519PublicParts>,
}

impl Ed25519PrivateParts {
    /// Keeps a 32-byte Ed25519 seed, and the public key if the encoding carried it.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the seed or public key is not 32 bytes long.
    pub fn new(seed: &[u8], public: Option<&[u8]>) -> Result<Ed25519PrivateParts, Error> {
        let seed = <[u8; 32]>::try_from(seed).map_err(|_| {
            invalid(format!(
                "an Ed25519 private key is 32 bytes, found {}",
                seed.len()
            ))
        })?;
        Ok(Ed25519PrivateParts {
            seed: Zeroizing::new(seed),
            public: public.map(Ed25519PublicParts::new).transpose()?,
        })
    }

    /// The 32-byte seed.
    pub fn seed(&self) -> &[u8; 32] {
        &self.seed
    }

    /// The public key, when the encoding carried it.
    pub fn public(&self) -> Option<&Ed25519PublicParts> {
        self.public.as_ref()
    }
}

impl fmt::Debug for Ed25519PrivateParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ed25519PrivateParts([secret key elided])")
    }
}

impl PublicKeyMaterial {
    /// Whether `other` is the same key, whatever encoding each point uses.
    pub fn same_key(&self, other: &PublicKeyMaterial) -> bool {
        match (self, other) {
            (PublicKeyMaterial::Ec(a), PublicKeyMaterial::Ec(b)) => a.same_point(b),
            _ => self == other,
        }
    }

    /// A short description for messages: `RSA 2048-bit`, `EC P-256`, `Ed25519`.
    pub fn describe(&self) -> String {
        match self {
            PublicKeyMaterial::Rsa(rsa) => format!("RSA {}-bit", rsa.bits()),
            PublicKeyMaterial::Ec(ec) => format!("EC {}", ec.curve()),
            PublicKeyMaterial::Ed25519(_) => "Ed25519".to_owned(),
            PublicKeyMaterial::MlDsa(ml) => ml.level().to_string(),
        }
    }

    /// Checks that this key can be used with `alg`.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the key type or curve does not fit the algorithm.
    pub fn check_algorithm(&self, alg: Algorithm) -> Result<(), Error> {
        let fits = match self {
            PublicKeyMaterial::Rsa(_) => {
                matches!(
                    alg.family(),
                    AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss
                )
            }
            PublicKeyMaterial::Ec(ec) => ec.curve().algorithm() == alg,
            PublicKeyMaterial::Ed25519(_) => alg == Algorithm::EdDsa,
            PublicKeyMaterial::MlDsa(ml) => ml.level().algorithm() == alg,
        };
        if fits {
            Ok(())
        } else {
            Err(wrong_algorithm(&self.describe(), alg))
        }
    }
}

impl PrivateKeyMaterial {
    /// The public half when the encoding carried it (always for RSA; for EC, Ed25519 and
    /// ML-DSA when the file or JWK held the public key beside the private one).
    pub fn carried_public(&self) -> Option<PublicKeyMaterial> {
        match self {
            PrivateKeyMaterial::Rsa(rsa) => Some(PublicKeyMaterial::Rsa(rsa.public().clone())),
            PrivateKeyMaterial::Ec(ec) => ec.public().cloned().map(PublicKeyMaterial::Ec),
            PrivateKeyMaterial::Ed25519(ed) => ed.public().cloned().map(PublicKeyMaterial::Ed25519),
            PrivateKeyMaterial::MlDsa(ml) => ml.public().cloned().map(PublicKeyMaterial::MlDsa),
        }
    }

    /// A short description for messages: `RSA 2048-bit`, `EC P-256`, `Ed25519`.
    pub fn describe(&self) -> String {
        match self {
            PrivateKeyMaterial::Rsa(rsa) => format!("RSA {}-bit", rsa.public().bits()),
            PrivateKeyMaterial::Ec(ec) => format!("EC {}", ec.curve()),
            PrivateKeyMaterial::Ed25519(_) => "Ed25519".to_owned(),
            PrivateKeyMaterial::MlDsa(ml) => ml.level().to_string(),
        }
    }

    /// Checks that this key can be used with `alg`.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the key type or curve does not fit the algorithm.
    pub fn check_algorithm(&self, alg: Algorithm) -> Result<(), Error> {
        let fits = match self {
            PrivateKeyMaterial::Rsa(_) => {
                matches!(
                    alg.family(),
                    AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss
                )
            }
            PrivateKeyMaterial::Ec(ec) => ec.curve().algorithm() == alg,
            PrivateKeyMaterial::Ed25519(_) => alg == Algorithm::EdDsa,
            PrivateKeyMaterial::MlDsa(ml) => ml.level().algorithm() == alg,
        };
        if fits {
            Ok(())
        } else {
            Err(wrong_algorithm(&self.describe(), alg))
        }
    }
}

fn wrong_algorithm(key: &str, alg: Algorithm) -> Error {
    let needs = match alg.family() {
        AlgorithmFamily::Hmac => "an HMAC secret".to_owned(),
        AlgorithmFamily::RsaPkcs1v15 | AlgorithmFamily::RsaPss => "an RSA key".to_owned(),
        AlgorithmFamily::Ecdsa => match alg {
            Algorithm::Es384 => "an EC P-384 key".to_owned(),
            Algorithm::Es512 => "an EC P-521 key".to_owned(),
            _ => "an EC P-256 key".to_owned(),
        },
        AlgorithmFamily::MlDsa => format!("an {alg} key (kty AKP)"),
        _ => "an Ed25519 key".to_owned(),
    };
    invalid(format!(
        "an {key} key cannot be used for {alg}, which needs {needs}"
    ))
}

/// An `invalid_key` error.
pub(crate) fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidKey, message)
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    bytes.get(first..).unwrap_or_default()
}

/// The length in bits of a big-endian number without leading zero bytes.
fn bit_len(bytes: &[u8]) -> usize {
    match bytes.first() {
        None => 0,
        Some(top) => (bytes.len() - 1) * 8 + (8 - top.leading_zeros() as usize),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modulus(bits: usize) -> Vec<u8> {
        let mut n = vec![0xffu8; bits.div_ceil(8)];
        n[0] = 0xff >> ((8 - bits % 8) % 8);
        n
    }

    #[test]
    fn rsa_sizes() {
        assert_eq!(
            RsaPublicParts::new(&modulus(2048), &[1, 0, 1])
                .unwrap()
                .bits(),
            2048
        );
        let err = RsaPublicParts::new(&modulus(2047), &[1, 0, 1]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::WeakKey);
        assert!(err.to_string().contains("2047"), "{err}");
        assert_eq!(
            RsaPublicParts::new(&modulus(1024), &[3])
                .unwrap_err()
                .kind(),
            ErrorKind::WeakKey
        );
        let err = RsaPublicParts::new(&modulus(8193), &[1, 0, 1]).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidKey);
        let mut zero_padded = vec![0, 0];
        zero_padded.extend(modulus(2048));
        assert_eq!(
            RsaPublicParts::new(&zero_padded, &[0, 3])
                .unwrap()
                .modulus()
                .len(),
            256
        );
    }

    #[test]
    fn rsa_exponents() {
        let n = modulus(2048);
        for bad in [&[1u8][..], &[0], &[], &[2], &[1, 0, 0], &[4, 0, 0, 0, 1]] {
            assert_eq!(
                RsaPublicParts::new(&n, bad).unwrap_err().kind(),
                ErrorKind::InvalidKey
            );
        }
        for good in [&[3u8][..], &[1, 0, 1], &[1, 0xff, 0xff, 0xff, 0xff]] {
            RsaPublicParts::new(&n, good).unwrap();
        }
    }

    #[test]
    fn ec_point_encodings() {
        EcPublicParts::from_coordinates(EcCurve::P256, &[1; 32], &[2; 32]).unwrap();
        EcPublicParts::new(EcCurve::P521, &[[2u8].as_slice(), &[0; 66]].concat()).unwrap();
        assert!(EcPublicParts::new(EcCurve::P256, &[4; 97]).is_err());
        assert!(EcPublicParts::new(EcCurve::P256, &[5; 65]).is_err());
        let scalar = EcPrivateParts::new(EcCurve::P384, &[0, 0, 7], None).unwrap();
        assert_eq!(scalar.scalar().len(), 48);
        assert!(EcPrivateParts::new(EcCurve::P256, &[1; 33], None).is_err());
    }

    #[test]
    fn algorithm_binding() {
        let ec = PublicKeyMaterial::Ec(
            EcPublicParts::from_coordinates(EcCurve::P384, &[1; 48], &[2; 48]).unwrap(),
        );
        ec.check_algorithm(Algorithm::Es384).unwrap();
        let err = ec.check_algorithm(Algorithm::Es256).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidKey);
        assert!(
            err.to_string().contains("P-384") && err.to_string().contains("ES256"),
            "{err}"
        );
        // The base point (y = 4/5); all zeros (y = 0) is a point of order 4, refused.
        let mut base = [0x66; 32];
        base[0] = 0x58;
        assert!(Ed25519PublicParts::new(&[0; 32]).is_err());
        let ed = PublicKeyMaterial::Ed25519(Ed25519PublicParts::new(&base).unwrap());
        assert!(ed.check_algorithm(Algorithm::Rs256).is_err());
        ed.check_algorithm(Algorithm::EdDsa).unwrap();
    }

    #[test]
    fn debug_hides_private_parts() {
        let ed = Ed25519PrivateParts::new(&[7; 32], None).unwrap();
        assert!(!format!("{ed:?}").contains('7'));
        let ec = EcPrivateParts::new(EcCurve::P256, &[0x42; 32], None).unwrap();
        assert!(!format!("{ec:?}").contains("66"));
    }
}
