//! `decode`: see `jwt_test::fuzz_targets::decode`, which the stable corpus replay test runs too.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jwt_test::fuzz_targets::decode(data));
