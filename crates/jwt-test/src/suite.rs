//! The conformance suite, generic over a `jwt_strict::keys::Backend`; each function is one test.

pub mod certificates;
pub mod keys;
pub mod ml_dsa;
pub mod rfc;
pub mod round_trip;
pub mod wycheproof;
