//! OpenSSL big numbers made from key material, cleared before they are freed.

use std::ops::Deref;

use openssl::bn::{BigNum, BigNumRef};
use openssl::error::ErrorStack;

/// A `BigNum` that is wiped (`BN_clear`) when dropped, for private values that stay in
/// this crate's hands; the `openssl` crate frees a `BigNum` without wiping it.
pub(crate) struct SecretBigNum(BigNum);

impl SecretBigNum {
    /// A secret number from big-endian bytes.
    pub(crate) fn from_slice(bytes: &[u8]) -> Result<SecretBigNum, ErrorStack> {
        BigNum::from_slice(bytes).map(SecretBigNum)
    }
}

impl Deref for SecretBigNum {
    type Target = BigNumRef;

    fn deref(&self) -> &BigNumRef {
        &self.0
    }
}

impl Drop for SecretBigNum {
    fn drop(&mut self) {
        self.0.clear();
    }
}
