//! Verification contexts (`EVP_PKEY_CTX`) kept per public key and reused.
//!
//! OpenSSL 3 does real work each time it makes a context for a key: it looks the key's
//! type up in its provider name map (`EVP_KEYMGMT_names_do_all`), a walk of a hash table
//! (callgrind, RS256: ~1,150 first-level data-cache misses per verify with a new context,
//! ~150 with a kept one). A context made once and initialised again for each verify
//! skips it. A context is not safe to use
//! from two threads at once, so each key keeps a small stack of idle ones: a verify takes
//! one (or makes one if none is idle) and puts it back when it is done, so there are at
//! most as many as verifies ever ran at once on the key, and at most [`MAX_IDLE`] idle.

use std::sync::{Mutex, PoisonError};

use openssl::error::ErrorStack;
use openssl::pkey::{PKey, Public};
use openssl::pkey_ctx::PkeyCtx;

/// The most idle contexts a key keeps; more are freed when put back.
pub(crate) const MAX_IDLE: usize = 16;

/// A public key with its idle verification contexts.
pub(crate) struct ContextPool {
    key: PKey<Public>,
    idle: Mutex<Vec<PkeyCtx<Public>>>,
}

impl ContextPool {
    /// A pool for `key`, with no context made yet.
    pub(crate) fn new(key: PKey<Public>) -> Self {
        Self {
            key,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Runs `operation` on a context for the key: an idle one or a new one. The context
    /// goes back to the pool only if `operation` returned `Ok` (a refused signature is
    /// `Ok(false)`); one whose setup failed is freed. `operation` must initialise the
    /// context itself (`verify_init`), which clears whatever the last use set on it.
    pub(crate) fn with_context<T>(
        &self,
        operation: impl FnOnce(&mut PkeyCtx<Public>) -> Result<T, ErrorStack>,
    ) -> Result<T, ErrorStack> {
        let mut context = match self.take_idle() {
            Some(context) => context,
            None => PkeyCtx::new(&self.key)?,
        };
        let outcome = operation(&mut context)?;
        self.put_back(context);
        Ok(outcome)
    }

    /// How many idle contexts the pool holds (for tests).
    #[cfg(test)]
    pub(crate) fn idle_count(&self) -> usize {
        self.idle.lock().map_or(0, |idle| idle.len())
    }

    fn take_idle(&self) -> Option<PkeyCtx<Public>> {
        // Nothing can panic while the lock is held (a pop or a push), but a poisoned lock
        // still guards a well-formed stack, so it is used as is.
        self.idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()
    }

    fn put_back(&self, context: PkeyCtx<Public>) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < MAX_IDLE {
            idle.push(context);
        }
    }
}

#[cfg(test)]
mod tests {
    use jwt_core::Algorithm;
    use jwt_keys::{Backend, EcCurve, NewKey, PrivateKeyMaterial};

    use super::{ContextPool, MAX_IDLE};
    use crate::{OpenSsl, Verifier, VerifierKey};

    const INPUT: &[u8] = b"eyJhbGciOiJQUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9";

    fn key_pair(key: NewKey, alg: Algorithm) -> (PrivateKeyMaterial, Verifier) {
        let private = OpenSsl::generate(key).unwrap();
        let public = private.public_key::<OpenSsl>().unwrap();
        let verifier = OpenSsl::verifier(&public, alg).unwrap();
        (private, verifier)
    }

    fn sign(private: &PrivateKeyMaterial, alg: Algorithm, input: &[u8]) -> Vec<u8> {
        let signer = OpenSsl::signer(private, alg).unwrap();
        OpenSsl::sign(&signer, input).unwrap()
    }

    /// Verifies as `alg` on the verifier's own context pool, whatever algorithm the
    /// verifier was made for: how one pool sees every algorithm in turn.
    fn verify_as(verifier: &Verifier, alg: Algorithm, input: &[u8], signature: &[u8]) -> bool {
        match &verifier.0 {
            VerifierKey::Rsa(pool, _) => crate::rsa::verify(pool, alg, input, signature),
            VerifierKey::Ecdsa(curve, pool) => crate::ecdsa::verify(*curve, pool, input, signature),
            VerifierKey::Ed25519(_) => unreachable!("Ed25519 keys keep no context pool"),
        }
        .unwrap_or(false)
    }

    fn idle(verifier: &Verifier) -> usize {
        match &verifier.0 {
            VerifierKey::Rsa(pool, _) | VerifierKey::Ecdsa(_, pool) => pool.idle_count(),
            VerifierKey::Ed25519(_) => 0,
        }
    }

    /// One RSA key verifies PKCS#1 v1.5 and PSS signatures of several hashes, in turns, on
    /// the same reused context: each answer must be that of a fresh context. A context
    /// that kept the last use's padding or digest would accept a PSS signature as RS256
    /// after a PS256 verify, or refuse the next RS256 one.
    #[test]
    fn a_reused_rsa_context_answers_as_a_fresh_one_whatever_ran_on_it_before() {
        let (private, verifier) = key_pair(NewKey::Rsa { bits: 2048 }, Algorithm::Rs256);
        let algs = [
            Algorithm::Rs256,
            Algorithm::Ps256,
            Algorithm::Rs384,
            Algorithm::Ps512,
            Algorithm::Rs512,
            Algorithm::Ps384,
        ];
        let signatures: Vec<Vec<u8>> = algs.iter().map(|&alg| sign(&private, alg, INPUT)).collect();
        for _round in 0..3 {
            for (signed_with, signature) in algs.iter().zip(&signatures) {
                for &checked_as in &algs {
                    let expected = checked_as == *signed_with;
                    assert_eq!(
                        verify_as(&verifier, checked_as, INPUT, signature),
                        expected,
                        "{signed_with} signature checked as {checked_as}"
                    );
                    // The same signature over another input, between two good checks.
                    assert!(!verify_as(&verifier, checked_as, b"other", signature));
                }
            }
        }
        assert_eq!(idle(&verifier), 1, "one thread at a time needs one context");
    }

    #[test]
    fn a_reused_ecdsa_context_refuses_and_accepts_in_turns() {
        let (private, verifier) = key_pair(NewKey::Ec(EcCurve::P256), Algorithm::Es256);
        let good = sign(&private, Algorithm::Es256, INPUT);
        let mut flipped = good.clone();
        if let Some(last) = flipped.last_mut() {
            *last ^= 1;
        }
        for _ in 0..5 {
            assert!(OpenSsl::verify(&verifier, INPUT, &good).is_ok());
            assert!(OpenSsl::verify(&verifier, INPUT, &flipped).is_err());
            assert!(OpenSsl::verify(&verifier, b"other", &good).is_err());
            assert!(OpenSsl::verify(&verifier, INPUT, &good[..32]).is_err());
        }
        // Refused signatures gave their context back too (the truncated one never took
        // one): exactly one is left, not none.
        assert_eq!(idle(&verifier), 1);
    }

    /// Takes `depth` contexts from the pool at once (each taken inside the last one's
    /// operation), then gives them all back.
    fn hold_at_once(pool: &ContextPool, depth: usize) {
        if depth > 0 {
            pool.with_context(|context| {
                context.verify_init()?;
                hold_at_once(pool, depth - 1);
                Ok(())
            })
            .unwrap();
        }
    }

    /// More contexts in use at once than the pool keeps: all but `MAX_IDLE` are freed
    /// when given back, and the next burst reuses those kept.
    #[test]
    fn the_pool_keeps_at_most_max_idle_contexts() {
        let (_, verifier) = key_pair(NewKey::Ec(EcCurve::P256), Algorithm::Es256);
        let VerifierKey::Ecdsa(_, pool) = &verifier.0 else {
            unreachable!("an EC key's verifier holds a pool")
        };
        hold_at_once(pool, MAX_IDLE + 5);
        assert_eq!(pool.idle_count(), MAX_IDLE);
        hold_at_once(pool, 3);
        assert_eq!(pool.idle_count(), MAX_IDLE);
    }

    /// Verifies on one key from more threads than the pool keeps: every answer right,
    /// and no more than `MAX_IDLE` contexts left idle.
    #[test]
    fn concurrent_verifies_on_one_key_each_get_their_own_context() {
        let (private, verifier) = key_pair(NewKey::Ec(EcCurve::P256), Algorithm::Es256);
        let good = sign(&private, Algorithm::Es256, INPUT);
        let threads = MAX_IDLE + 4;
        let barrier = std::sync::Barrier::new(threads);
        std::thread::scope(|scope| {
            for thread in 0..threads {
                let (verifier, good, barrier) = (&verifier, &good, &barrier);
                scope.spawn(move || {
                    barrier.wait();
                    for round in 0..20 {
                        let input: &[u8] = if (thread + round) % 3 == 0 {
                            b"other"
                        } else {
                            INPUT
                        };
                        assert_eq!(
                            OpenSsl::verify(verifier, input, good).is_ok(),
                            input == INPUT
                        );
                    }
                });
            }
        });
        let left = idle(&verifier);
        assert!((1..=MAX_IDLE).contains(&left), "{left} idle contexts");
    }
}
