//! The conformance suite on a backend outside the registry: the same tests, vectors and
//! mutations as the registry's backends pass, through the public API alone.

#![allow(clippy::unwrap_used)]

use counting_backend::{Counting, calls};
use jwt_strict::{Algorithm, BackendEntry, Header, NumericDate, Validation};
use jwt_test::conformance_suite;

// The type by its full path: the suite's tests live in a module of their own.
conformance_suite!(counting, counting_backend::Counting);

/// The backend was the one asked: signing and verifying through the shared key types and
/// through a run-time entry reach its methods, and a signature it refuses stays refused.
#[test]
fn the_shared_key_types_and_the_entry_call_this_backend() {
    let entry = BackendEntry::of::<Counting>();
    assert_eq!(entry.name, "counting");
    let before = calls();
    let key = entry.generate(Algorithm::EdDsa, 2048).unwrap();
    let claims = serde_json::json!({"sub": "alice", "exp": 1_800_000_060});
    let token = jwt_strict::encode(&Header::new(Algorithm::EdDsa), &claims, &*key.signer).unwrap();
    let now = NumericDate::from_unix_seconds(1_800_000_000).unwrap();
    let data =
        jwt_strict::decode_at::<serde_json::Value>(&token, &*key.verifier, &Validation::new(), now)
            .unwrap();
    assert_eq!(data.claims["sub"], "alice");
    let mut forged = token.into_bytes();
    if let Some(last) = forged.last_mut() {
        *last = if *last == b'A' { b'Q' } else { b'A' };
    }
    let forged = String::from_utf8(forged).unwrap();
    let err = jwt_strict::decode_at::<serde_json::Value>(
        &forged,
        &*key.verifier,
        &Validation::new(),
        now,
    )
    .unwrap_err();
    assert_eq!(err.kind(), jwt_strict::ErrorKind::InvalidSignature);
    let after = calls();
    // Other tests run in this process at the same time: at least these calls happened.
    assert!(after.generate > before.generate);
    assert!(after.public_key > before.public_key);
    assert!(after.signer > before.signer);
    assert!(after.verifier > before.verifier);
    assert!(after.sign > before.sign);
    assert!(after.verify > before.verify);
}
