//! A test-only algorithm, so the core's tests need no cryptographic backend.

use crate::alg::Algorithm;
use crate::error::{InvalidSignature, SignError};
use crate::traits::{JwsSigner, JwsVerifier};

/// A keyed checksum posing as any algorithm: every byte of key and input changes every
/// output byte, which is all the format tests need. It is not a MAC.
#[derive(Debug)]
pub(crate) struct ToyKey {
    pub(crate) alg: Algorithm,
    pub(crate) key: Vec<u8>,
    pub(crate) kid: Option<String>,
}

impl ToyKey {
    pub(crate) fn new(alg: Algorithm, key: &[u8]) -> ToyKey {
        ToyKey {
            alg,
            key: key.to_vec(),
            kid: None,
        }
    }

    fn tag(&self, input: &[u8]) -> Vec<u8> {
        let len = self.alg.signature_len().unwrap_or(256);
        (0..len)
            .map(|lane| {
                let mut h: u64 =
                    0xcbf2_9ce4_8422_2325 ^ (lane as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
                for byte in self.key.iter().chain(b"|").chain(input) {
                    h ^= u64::from(*byte);
                    h = h.wrapping_mul(0x0100_0000_01b3);
                }
                h.to_be_bytes()[0]
            })
            .collect()
    }
}

impl JwsSigner for ToyKey {
    fn algorithm(&self) -> Algorithm {
        self.alg
    }

    fn key_id(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    fn sign(&self, signing_input: &[u8]) -> Result<Vec<u8>, SignError> {
        Ok(self.tag(signing_input))
    }
}

impl JwsVerifier for ToyKey {
    fn algorithm(&self) -> Algorithm {
        self.alg
    }

    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        if self.tag(signing_input) == signature {
            Ok(())
        } else {
            Err(InvalidSignature)
        }
    }
}
