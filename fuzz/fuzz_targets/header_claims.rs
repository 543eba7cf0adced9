//! `header_claims`: see `jwt_test::fuzz_targets::header_claims`, which the stable corpus replay test runs too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jwt_test::fuzz_targets::header_claims(data));
