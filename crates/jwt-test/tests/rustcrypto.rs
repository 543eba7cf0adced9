//! The conformance suite on the RustCrypto backend.

jwt_test::backend_adapter!(
    RustCrypto,
    "rustcrypto",
    jwt_rs_rustcrypto::SigningKey,
    jwt_rs_rustcrypto::VerifyingKey
);
jwt_test::conformance_suite!(RustCrypto);
