//! The macro that instantiates the conformance suite for one backend.

/// Instantiates every test of the conformance suite for one backend (any
/// `jwt_strict::keys::Backend`, in the registry or not), in a module named for it; the shape of
/// `jwt_strict::for_each_backend!`'s callback, so that `jwt_strict::for_each_backend!(conformance_suite)`
/// runs the suite on every compiled-in backend without naming one, and
/// `conformance_suite!(mine, MyBackend)` runs it on a backend of one's own.
#[macro_export]
macro_rules! conformance_suite {
    ($name:ident, $backend:ty) => {
        mod $name {
            $crate::conformance_suite!(@tests $backend;
            rfc7515_a2_rs256_verifies_and_reproduces => rfc::rfc7515_a2_rs256,
            rfc7515_a3_a4_ecdsa_verify => rfc::rfc7515_a3_a4_ecdsa,
            rfc7520_4_1_rs256_verifies_and_reproduces => rfc::rfc7520_4_1_rs256,
            rfc7520_4_2_ps384_verifies => rfc::rfc7520_4_2_ps384,
            rfc7520_4_3_es512_verifies => rfc::rfc7520_4_3_es512,
            rfc8037_a4_ed25519_verifies_and_reproduces => rfc::rfc8037_a4_ed25519,
            rfc9964_ml_dsa_examples => ml_dsa::jose_examples,
            wycheproof_ml_dsa_verify => ml_dsa::wycheproof_verify,
            wycheproof_ml_dsa_sign_seed => ml_dsa::wycheproof_sign_seed,
            wycheproof_rsa_pkcs1 => wycheproof::rsa_pkcs1_files,
            wycheproof_rsa_pss => wycheproof::rsa_pss_files,
            wycheproof_rsa_pss_misc => wycheproof::rsa_pss_misc_file,
            wycheproof_ecdsa_p1363 => wycheproof::ecdsa_files,
            wycheproof_ed25519 => wycheproof::ed25519_file,
            wycheproof_json_web_signature => wycheproof::json_web_signature_file,
            round_trip_every_algorithm => round_trip::every_algorithm,
            keys_refuse_every_other_algorithm => round_trip::keys_refuse_other_algorithms,
            hs256_keyed_with_an_rsa_public_key_is_refused => round_trip::hs256_with_rsa_public_key_bytes,
            ecdsa_zero_signature_is_refused => round_trip::ecdsa_psychic_signature,
            tampered_tokens_are_refused => round_trip::tampered_tokens,
            ecdsa_signatures_are_fixed_width => round_trip::ecdsa_fixed_width,
            key_formats_load => keys::formats_load,
            key_formats_refused => keys::formats_refused,
            private_keys_are_never_printed => keys::debug_redacts,
            generated_certificates_verify => certificates::generated_certificates_verify,
            generated_pem_files_sign_and_verify => certificates::generated_pem_files_sign_and_verify,
            certificate_for_a_mismatched_key_is_refused => certificates::mismatched_key,
            );
        }
    };
    (@tests $backend:ty; $($name:ident => $module:ident :: $function:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                $crate::suite::$module::$function::<$backend>();
            }
        )*
    };
}
