//! The conformance suite on the OpenSSL backend: the same tests as on RustCrypto.

jwt_test::backend_adapter!(
    OpenSsl,
    "openssl",
    jwt_rs_openssl::SigningKey,
    jwt_rs_openssl::VerifyingKey
);
jwt_test::conformance_suite!(OpenSsl);
