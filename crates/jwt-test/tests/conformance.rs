//! The conformance suite on every backend in the registry (`jwt_strict::for_each_backend!`):
//! one module of tests per backend, none named here.

use jwt_test::conformance_suite;

jwt_strict::for_each_backend!(conformance_suite);
