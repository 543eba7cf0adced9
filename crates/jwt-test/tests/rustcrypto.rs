//! The conformance suite on the RustCrypto backend.

use jwt_core::{Algorithm, Error};

/// The RustCrypto backend, as the suite sees it.
struct RustCrypto;

impl jwt_test::Backend for RustCrypto {
    const NAME: &'static str = "rustcrypto";
    type SigningKey = jwt_rs_rustcrypto::SigningKey;
    type VerifyingKey = jwt_rs_rustcrypto::VerifyingKey;

    fn generate(alg: Algorithm) -> Result<Self::SigningKey, Error> {
        Self::SigningKey::generate(alg)
    }

    fn public(key: &Self::SigningKey) -> Self::VerifyingKey {
        key.verifying_key()
    }
}

jwt_test::conformance_suite!(RustCrypto);
