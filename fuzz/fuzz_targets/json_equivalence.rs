//! `json_equivalence`: see `jwt_test::fuzz_targets::json_equivalence`, which the stable corpus replay test runs too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jwt_test::fuzz_targets::json_equivalence(data));
