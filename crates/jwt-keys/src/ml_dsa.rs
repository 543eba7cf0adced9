//! ML-DSA key material (FIPS 204, RFC 9964): the level, the raw public key, and the
//! 32-byte seed a private key is made from.

use std::fmt;

use jwt_core::{Algorithm, Error};
use zeroize::Zeroizing;

use crate::material::invalid;

/// The three ML-DSA parameter sets, each its own JWS algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MlDsaLevel {
    /// ML-DSA-44 (NIST security category 2).
    MlDsa44,
    /// ML-DSA-65 (NIST security category 3).
    MlDsa65,
    /// ML-DSA-87 (NIST security category 5).
    MlDsa87,
}

impl MlDsaLevel {
    /// Every level, smallest first.
    pub const ALL: [MlDsaLevel; 3] = [
        MlDsaLevel::MlDsa44,
        MlDsaLevel::MlDsa65,
        MlDsaLevel::MlDsa87,
    ];

    /// The level of an ML-DSA algorithm, `None` for any other algorithm.
    ///
    /// ```
    /// # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } }
    /// use jwt_strict::{Algorithm, keys::MlDsaLevel};
    ///
    /// let level = MlDsaLevel::for_algorithm(Algorithm::MlDsa65).unwrap();
    /// assert_eq!((level.public_key_len(), level.algorithm().signature_len()), (1952, Some(3309)));
    /// assert_eq!(MlDsaLevel::for_algorithm(Algorithm::EdDsa), None);
    /// ```
    pub const fn for_algorithm(alg: Algorithm) -> Option<MlDsaLevel> {
        match alg {
            Algorithm::MlDsa44 => Some(MlDsaLevel::MlDsa44),
            Algorithm::MlDsa65 => Some(MlDsaLevel::MlDsa65),
            Algorithm::MlDsa87 => Some(MlDsaLevel::MlDsa87),
            _ => None,
        }
    }

    /// The JWS algorithm of this level.
    pub const fn algorithm(self) -> Algorithm {
        match self {
            MlDsaLevel::MlDsa44 => Algorithm::MlDsa44,
            MlDsaLevel::MlDsa65 => Algorithm::MlDsa65,
            MlDsaLevel::MlDsa87 => Algorithm::MlDsa87,
        }
    }

    /// The length of a public key in bytes: 1,312, 1,952 or 2,592 (FIPS 204 Table 2).
    pub const fn public_key_len(self) -> usize {
        match self {
            MlDsaLevel::MlDsa44 => 1312,
            MlDsaLevel::MlDsa65 => 1952,
            MlDsaLevel::MlDsa87 => 2592,
        }
    }

    /// The length of a signature in bytes: 2,420, 3,309 or 4,627 (FIPS 204 Table 2).
    pub const fn signature_len(self) -> usize {
        match self {
            MlDsaLevel::MlDsa44 => 2420,
            MlDsaLevel::MlDsa65 => 3309,
            MlDsaLevel::MlDsa87 => 4627,
        }
    }

    /// The name: `ML-DSA-44`, `ML-DSA-65` or `ML-DSA-87`.
    pub const fn name(self) -> &'static str {
        self.algorithm().name()
    }
}

impl fmt::Display for MlDsaLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An ML-DSA public key: its level and its encoded bytes, exactly as long as the level
/// says.
#[derive(Clone, PartialEq, Eq)]
pub struct MlDsaPublicParts {
    level: MlDsaLevel,
    bytes: Vec<u8>,
}

impl MlDsaPublicParts {
    /// Checks and keeps an encoded ML-DSA public key of `level`.
    ///
    /// # Errors
    ///
    /// `invalid_key` when `bytes` is not as long as a public key of that level.
    pub fn new(level: MlDsaLevel, bytes: &[u8]) -> Result<MlDsaPublicParts, Error> {
        if bytes.len() != level.public_key_len() {
            return Err(invalid(format!(
                "an {level} public key is {} bytes, found {}",
                level.public_key_len(),
                bytes.len()
            )));
        }
        Ok(MlDsaPublicParts {
            level,
            bytes: bytes.to_vec(),
        })
    }

    /// The level.
    pub fn level(&self) -> MlDsaLevel {
        self.level
    }

    /// The encoded public key (FIPS 204 `pkEncode`).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for MlDsaPublicParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MlDsaPublicParts")
            .field("level", &self.level)
            .finish_non_exhaustive()
    }
}

/// An ML-DSA private key: its level and the 32-byte seed ξ it is made from (FIPS 204
/// `ML-DSA.KeyGen_internal`), as the AKP JWK's `priv` and RFC 9881's seed form carry it.
#[derive(Clone)]
pub struct MlDsaPrivateParts {
    level: MlDsaLevel,
    seed: Zeroizing<[u8; 32]>,
    public: Option<MlDsaPublicParts>,
}

impl MlDsaPrivateParts {
    /// Keeps a 32-byte seed of `level`, and the public key if the encoding carried it
    /// (it is checked against the seed when a backend loads the key).
    ///
    /// # Errors
    ///
    /// `invalid_key` when the seed is not 32 bytes, or the public key not as long as the
    /// level says.
    pub fn new(
        level: MlDsaLevel,
        seed: &[u8],
        public: Option<&[u8]>,
    ) -> Result<MlDsaPrivateParts, Error> {
        let seed = <[u8; 32]>::try_from(seed).map_err(|_| {
            invalid(format!(
                "an {level} private key is a 32-byte seed, found {} bytes",
                seed.len()
            ))
        })?;
        Ok(MlDsaPrivateParts {
            level,
            seed: Zeroizing::new(seed),
            public: public
                .map(|bytes| MlDsaPublicParts::new(level, bytes))
                .transpose()?,
        })
    }

    /// The level.
    pub fn level(&self) -> MlDsaLevel {
        self.level
    }

    /// The 32-byte seed.
    pub fn seed(&self) -> &[u8; 32] {
        &self.seed
    }

    /// The public key, when the encoding carried it.
    pub fn public(&self) -> Option<&MlDsaPublicParts> {
        self.public.as_ref()
    }
}

impl fmt::Debug for MlDsaPrivateParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MlDsaPrivateParts({}, [secret key elided])", self.level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_are_exact_per_level() {
        for level in MlDsaLevel::ALL {
            let n = level.public_key_len();
            assert!(MlDsaPublicParts::new(level, &vec![7; n]).is_ok());
            for wrong in [n - 1, n + 1, 0] {
                let err = MlDsaPublicParts::new(level, &vec![7; wrong]).unwrap_err();
                assert!(err.to_string().contains(&format!("found {wrong}")), "{err}");
            }
            assert_eq!(
                level.algorithm().signature_len(),
                Some(level.signature_len())
            );
            assert_eq!(MlDsaLevel::for_algorithm(level.algorithm()), Some(level));
        }
        assert!(MlDsaPrivateParts::new(MlDsaLevel::MlDsa44, &[0; 31], None).is_err());
        assert!(MlDsaPrivateParts::new(MlDsaLevel::MlDsa44, &[0; 33], None).is_err());
        let key = MlDsaPrivateParts::new(MlDsaLevel::MlDsa87, &[1; 32], None).unwrap();
        assert_eq!(
            format!("{key:?}"),
            "MlDsaPrivateParts(ML-DSA-87, [secret key elided])"
        );
    }
}
