//! The JWS algorithms of RFC 7518 §3, RFC 8037 §3.1 and RFC 9964 (ML-DSA), by their
//! registered names.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, ErrorKind};

/// A JWS signature algorithm, printed and parsed as its exact registered `alg` name.
///
/// `none` (RFC 7518 §3.6, the unsecured JWS) is deliberately not an `Algorithm`: there is
/// no way to make, sign or accept an unsigned token with this library.
///
/// # Example
///
/// ```
/// # use jwt_core as jwt_strict;
/// use jwt_strict::Algorithm;
///
/// let alg: Algorithm = "ES256".parse()?;
/// assert_eq!(alg, Algorithm::Es256);
/// assert_eq!(alg.name(), "ES256");
/// assert!("none".parse::<Algorithm>().is_err());
/// assert!("hs256".parse::<Algorithm>().is_err()); // names are case-sensitive
/// # Ok::<(), jwt_strict::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC with SHA-256 (RFC 7518 §3.2).
    Hs256,
    /// HMAC with SHA-384 (RFC 7518 §3.2).
    Hs384,
    /// HMAC with SHA-512 (RFC 7518 §3.2).
    Hs512,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3).
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384 (RFC 7518 §3.3).
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512 (RFC 7518 §3.3).
    Rs512,
    /// RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt (RFC 7518 §3.5).
    Ps256,
    /// RSASSA-PSS with SHA-384, MGF1 with SHA-384 and a 48-byte salt (RFC 7518 §3.5).
    Ps384,
    /// RSASSA-PSS with SHA-512, MGF1 with SHA-512 and a 64-byte salt (RFC 7518 §3.5).
    Ps512,
    /// ECDSA on P-256 with SHA-256 (RFC 7518 §3.4).
    Es256,
    /// ECDSA on P-384 with SHA-384 (RFC 7518 §3.4).
    Es384,
    /// ECDSA on P-521 with SHA-512 (RFC 7518 §3.4).
    Es512,
    /// EdDSA with Ed25519 (RFC 8037 §3.1).
    EdDsa,
    /// ML-DSA-44 (FIPS 204, pure, empty context), post-quantum (RFC 9964).
    MlDsa44,
    /// ML-DSA-65 (FIPS 204, pure, empty context), post-quantum (RFC 9964).
    MlDsa65,
    /// ML-DSA-87 (FIPS 204, pure, empty context), post-quantum (RFC 9964).
    MlDsa87,
}

impl Algorithm {
    /// Every algorithm, in the order of the enum.
    pub const ALL: [Algorithm; 16] = [
        Algorithm::Hs256,
        Algorithm::Hs384,
        Algorithm::Hs512,
        Algorithm::Rs256,
        Algorithm::Rs384,
        Algorithm::Rs512,
        Algorithm::Ps256,
        Algorithm::Ps384,
        Algorithm::Ps512,
        Algorithm::Es256,
        Algorithm::Es384,
        Algorithm::Es512,
        Algorithm::EdDsa,
        Algorithm::MlDsa44,
        Algorithm::MlDsa65,
        Algorithm::MlDsa87,
    ];

    /// The registered `alg` name, e.g. `"HS256"` or `"EdDSA"`.
    ///
    /// ```
    /// # use jwt_core as jwt_strict;
    /// assert_eq!(jwt_strict::Algorithm::EdDsa.name(), "EdDSA");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Hs256 => "HS256",
            Algorithm::Hs384 => "HS384",
            Algorithm::Hs512 => "HS512",
            Algorithm::Rs256 => "RS256",
            Algorithm::Rs384 => "RS384",
            Algorithm::Rs512 => "RS512",
            Algorithm::Ps256 => "PS256",
            Algorithm::Ps384 => "PS384",
            Algorithm::Ps512 => "PS512",
            Algorithm::Es256 => "ES256",
            Algorithm::Es384 => "ES384",
            Algorithm::Es512 => "ES512",
            Algorithm::EdDsa => "EdDSA",
            Algorithm::MlDsa44 => "ML-DSA-44",
            Algorithm::MlDsa65 => "ML-DSA-65",
            Algorithm::MlDsa87 => "ML-DSA-87",
        }
    }

    /// The algorithm's family: what kind of key it needs.
    ///
    /// ```
    /// # use jwt_core as jwt_strict;
    /// use jwt_strict::{Algorithm, AlgorithmFamily};
    /// assert_eq!(Algorithm::Ps384.family(), AlgorithmFamily::RsaPss);
    /// ```
    pub const fn family(self) -> AlgorithmFamily {
        match self {
            Algorithm::Hs256 | Algorithm::Hs384 | Algorithm::Hs512 => AlgorithmFamily::Hmac,
            Algorithm::Rs256 | Algorithm::Rs384 | Algorithm::Rs512 => AlgorithmFamily::RsaPkcs1v15,
            Algorithm::Ps256 | Algorithm::Ps384 | Algorithm::Ps512 => AlgorithmFamily::RsaPss,
            Algorithm::Es256 | Algorithm::Es384 | Algorithm::Es512 => AlgorithmFamily::Ecdsa,
            Algorithm::EdDsa => AlgorithmFamily::EdDsa,
            Algorithm::MlDsa44 | Algorithm::MlDsa65 | Algorithm::MlDsa87 => AlgorithmFamily::MlDsa,
        }
    }

    /// The length in bytes of every signature of this algorithm, where it does not
    /// depend on the key: the hash output for HS*, the two fixed-width halves r‖s for
    /// ES* (RFC 7518 §3.4), 64 for Ed25519, 2,420 / 3,309 / 4,627 for ML-DSA-44/65/87
    /// (FIPS 204 Table 2). `None` for RS* and PS*, whose signatures are as long as the
    /// key's modulus.
    ///
    /// ```
    /// # use jwt_core as jwt_strict;
    /// use jwt_strict::Algorithm;
    /// assert_eq!(Algorithm::Es512.signature_len(), Some(132));
    /// assert_eq!(Algorithm::Rs256.signature_len(), None);
    /// ```
    pub const fn signature_len(self) -> Option<usize> {
        match self {
            Algorithm::Hs256 => Some(32),
            Algorithm::Hs384 => Some(48),
            Algorithm::Hs512 => Some(64),
            Algorithm::Es256 => Some(64),
            Algorithm::Es384 => Some(96),
            Algorithm::Es512 => Some(132),
            Algorithm::EdDsa => Some(64),
            Algorithm::MlDsa44 => Some(2420),
            Algorithm::MlDsa65 => Some(3309),
            Algorithm::MlDsa87 => Some(4627),
            Algorithm::Rs256
            | Algorithm::Rs384
            | Algorithm::Rs512
            | Algorithm::Ps256
            | Algorithm::Ps384
            | Algorithm::Ps512 => None,
        }
    }
}

/// What kind of key an [`Algorithm`] uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AlgorithmFamily {
    /// A shared secret (HS256/384/512).
    Hmac,
    /// An RSA key used with PKCS#1 v1.5 padding (RS256/384/512).
    RsaPkcs1v15,
    /// An RSA key used with PSS padding (PS256/384/512).
    RsaPss,
    /// An elliptic-curve key on P-256, P-384 or P-521 (ES256/384/512).
    Ecdsa,
    /// An Ed25519 key (EdDSA).
    EdDsa,
    /// An ML-DSA key (`kty` `AKP`) of the algorithm's level (ML-DSA-44/65/87).
    MlDsa,
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    /// Parses an exact, case-sensitive `alg` name.
    ///
    /// # Errors
    ///
    /// `invalid_algorithm` for `none` in any spelling and for any name that is not one of
    /// the sixteen supported algorithms.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(alg) = Algorithm::ALL.into_iter().find(|alg| alg.name() == s) {
            return Ok(alg);
        }
        let printable = crate::error::quote(s);
        let message = if s.eq_ignore_ascii_case("none") {
            format!("alg {printable} (an unsecured token) is never accepted")
        } else {
            format!(
                "alg {printable} is not a supported algorithm; expected one of {}",
                Algorithm::ALL.map(Algorithm::name).join(", ")
            )
        };
        Err(Error::new(ErrorKind::InvalidAlgorithm, message))
    }
}

impl Serialize for Algorithm {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Algorithm {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        for alg in Algorithm::ALL {
            assert_eq!(alg.name().parse::<Algorithm>().unwrap(), alg);
            assert_eq!(alg.to_string(), alg.name());
        }
    }

    #[test]
    fn none_in_any_case_is_invalid_algorithm() {
        for name in ["none", "None", "NONE", "nOnE"] {
            let err = name.parse::<Algorithm>().unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm);
            assert!(err.to_string().contains(name), "{err}");
        }
    }

    #[test]
    fn names_are_case_sensitive_and_exact() {
        for name in [
            "hs256", "Hs256", "HS256 ", " HS256", "HS-256", "ES521", "Ed25519", "",
        ] {
            let err = name.parse::<Algorithm>().unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm, "{name}");
        }
    }

    #[test]
    fn fixed_signature_lengths() {
        let fixed: Vec<_> = Algorithm::ALL
            .into_iter()
            .filter_map(|a| a.signature_len().map(|n| (a.name(), n)))
            .collect();
        assert_eq!(
            fixed,
            [
                ("HS256", 32),
                ("HS384", 48),
                ("HS512", 64),
                ("ES256", 64),
                ("ES384", 96),
                ("ES512", 132),
                ("EdDSA", 64),
                ("ML-DSA-44", 2420),
                ("ML-DSA-65", 3309),
                ("ML-DSA-87", 4627)
            ]
        );
    }
}
