//! RS256/384/512, PS256/384/512, ES256/384/512 and EdDSA (Ed25519) for the `jwt`
//! workspace, on OpenSSL through the `openssl` crate (facade feature `openssl`).
//!
//! | algorithms | how |
//! |---|---|
//! | RS256/384/512 (PKCS#1 v1.5), PS256/384/512 (PSS, MGF1 with the same hash, salt = hash length, enforced on verify) | `EVP_PKEY` sign and verify |
//! | ES256, ES384, ES512 | OpenSSL's ECDSA, its signatures converted to and from JWS's fixed-width r‖s |
//! | EdDSA (Ed25519) | `EVP_PKEY` one-shot |
//!
//! RSA and ECDSA verify on `EVP_PKEY_CTX`s kept with the key and initialised again for
//! each signature, instead of a new context per verify: making one costs OpenSSL 3 a
//! walk of its provider name map, which caused most of a verify's data-cache misses.
//! Side by side with a context per verify, a kept one verified RS256 8–12% faster, PS256
//! 5–7%, ES256 2%. A key keeps at most 16 idle contexts (one per thread that verifies at
//! once).
//!
//! This crate is primitives only: [`OpenSsl`] implements the backend contract
//! ([`jwt_keys::Backend`]); the key types are the shared generic [`SigningKey`] and
//! [`VerifyingKey`], so one `use` line swaps backends and every backend accepts the same inputs with the same
//! errors.
//!
//! What OpenSSL brings: RSA signing about five times faster than `rsa` 0.10, and
//! OpenSSL's own constant-time, blinded RSA private-key operations. What it costs: the
//! system's libssl is linked (found through `pkg-config`; `libssl-dev` on Debian).
//! HS* stay on `jwt-hs` (the `hmac` crate), which is an order of magnitude faster than
//! HMAC through the `openssl` crate's safe API.
//!
//! Private keys live in OpenSSL, which wipes them when freed; intermediate numbers this
//! crate makes while loading a key are cleared before they are dropped. `Debug` never
//! prints key material.
//!
//! ```
//! # mod jwt_strict { pub use jwt_core::*; pub mod openssl { pub use jwt_rs_openssl::*; } }
//! use jwt_strict::{decode_at, encode, Algorithm, Header, NumericDate, RegisteredClaims, Validation};
//! use jwt_strict::openssl::SigningKey;
//!
//! let key = SigningKey::generate(Algorithm::Es384)?;
//! let now = NumericDate::from_unix_seconds(1_800_000_000)?;
//! let claims = RegisteredClaims { exp: now.checked_add(std::time::Duration::from_secs(60)), ..Default::default() };
//! let token = encode(&Header::new(Algorithm::Es384), &claims, &key)?;
//! decode_at::<RegisteredClaims>(&token, &key.verifying_key(), &Validation::new(), now)?;
//! # Ok::<(), jwt_strict::Error>(())
//! ```

#![warn(missing_docs)]

mod bignum;
mod context_pool;
mod ecdsa;
mod eddsa;
mod rsa;

use jwt_core::{Algorithm, Error, ErrorKind, InvalidSignature, SignError};
use jwt_keys::{
    Backend, EcCurve, EcPrivateParts, EcPublicParts, Ed25519PrivateParts, Ed25519PublicParts,
    NewKey, PrivateKeyMaterial, PublicKeyMaterial,
};
use openssl::ec::EcKey;
use openssl::pkey::{PKey, Private, Public};

/// The OpenSSL backend, through the `openssl` crate.
#[derive(Debug, Clone, Copy)]
pub struct OpenSsl;

/// A private key on the OpenSSL backend; see [`jwt_keys::SigningKey`].
pub type SigningKey = jwt_keys::SigningKey<OpenSsl>;

/// A public key on the OpenSSL backend; see [`jwt_keys::VerifyingKey`].
pub type VerifyingKey = jwt_keys::VerifyingKey<OpenSsl>;

/// A private key prepared for signing with one algorithm; OpenSSL wipes it when freed.
pub struct Signer(SignerKey);

/// A public key prepared for verifying one algorithm.
pub struct Verifier(VerifierKey);

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer([secret key elided])")
    }
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Verifier")
    }
}

enum SignerKey {
    Rsa(PKey<Private>, Algorithm),
    Ecdsa(EcCurve, EcKey<Private>),
    Ed25519(PKey<Private>),
}

enum VerifierKey {
    Rsa(context_pool::ContextPool, Algorithm),
    Ecdsa(EcCurve, context_pool::ContextPool),
    Ed25519(PKey<Public>),
}

impl Backend for OpenSsl {
    const NAME: &'static str = "openssl";
    type Signer = Signer;
    type Verifier = Verifier;

    fn signer(key: &PrivateKeyMaterial, alg: Algorithm) -> Result<Signer, Error> {
        Ok(Signer(match key {
            PrivateKeyMaterial::Rsa(parts) => SignerKey::Rsa(rsa::private_key(parts)?, alg),
            PrivateKeyMaterial::Ec(parts) => {
                SignerKey::Ecdsa(parts.curve(), ecdsa::private_key(parts)?)
            }
            PrivateKeyMaterial::Ed25519(parts) => SignerKey::Ed25519(eddsa::private_key(parts)?),
            _ => return Err(invalid_key("this key type is not supported")),
        }))
    }

    fn verifier(key: &PublicKeyMaterial, alg: Algorithm) -> Result<Verifier, Error> {
        Ok(Verifier(match key {
            PublicKeyMaterial::Rsa(_) => VerifierKey::Rsa(
                context_pool::ContextPool::new(provider_public_key(key)?),
                alg,
            ),
            PublicKeyMaterial::Ec(parts) => {
                ecdsa::check_public_key(parts)?;
                VerifierKey::Ecdsa(
                    parts.curve(),
                    context_pool::ContextPool::new(provider_public_key(key)?),
                )
            }
            PublicKeyMaterial::Ed25519(parts) => VerifierKey::Ed25519(eddsa::public_key(parts)?),
            _ => return Err(invalid_key("this key type is not supported")),
        }))
    }

    fn ec_public_key(key: &EcPrivateParts) -> Result<EcPublicParts, Error> {
        ecdsa::public_key(key)
    }

    fn ed25519_public_key(key: &Ed25519PrivateParts) -> Result<Ed25519PublicParts, Error> {
        eddsa::public_key_of(key)
    }

    fn generate(key: NewKey) -> Result<PrivateKeyMaterial, Error> {
        match key {
            NewKey::Rsa { bits } => rsa::generate(bits),
            NewKey::Ec(curve) => ecdsa::generate(curve),
            NewKey::Ed25519 => eddsa::generate(),
            _ => Err(invalid_key(format!("{key:?} keys are not generated here"))),
        }
    }

    fn sign(signer: &Signer, input: &[u8]) -> Result<Vec<u8>, SignError> {
        let (signed, alg) = match &signer.0 {
            SignerKey::Rsa(key, alg) => (rsa::sign(key, *alg, input), *alg),
            SignerKey::Ecdsa(curve, key) => (ecdsa::sign(*curve, key, input), curve.algorithm()),
            SignerKey::Ed25519(key) => (eddsa::sign(key, input), Algorithm::EdDsa),
        };
        signed
            .map_err(|err| SignError::new(format!("{alg} signing failed: {err}")).with_source(err))
    }

    fn verify(verifier: &Verifier, input: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
        let verified = match &verifier.0 {
            VerifierKey::Rsa(pool, alg) => rsa::verify(pool, *alg, input, signature),
            VerifierKey::Ecdsa(curve, pool) => ecdsa::verify(*curve, pool, input, signature),
            VerifierKey::Ed25519(key) => eddsa::verify(key, input, signature),
        };
        match verified {
            Ok(true) => Ok(()),
            Ok(false) | Err(_) => Err(InvalidSignature),
        }
    }
}

/// An `invalid_key` error.
fn invalid_key(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::InvalidKey, message)
}

/// An `invalid_key` error for an OpenSSL failure while loading or making a key.
/// The public key as OpenSSL 3's own (provider) key, read from its SPKI. A key assembled
/// from parts (`PKey::from_rsa`, `PKey::from_ec_key`) is a legacy key that every
/// `EVP_DigestVerify` hands over to the provider again: about 13k more instructions per
/// RS256 verify, 70k per ES256 (callgrind, `benches/examples/layer_loop.rs`).
fn provider_public_key(key: &PublicKeyMaterial) -> Result<PKey<Public>, Error> {
    PKey::public_key_from_der(&key.to_spki_der()?).map_err(|err| {
        openssl_error(
            &format!("the {} public key was refused", key.describe()),
            err,
        )
    })
}

fn openssl_error(what: &str, err: openssl::error::ErrorStack) -> Error {
    invalid_key(format!("{what}: {err}")).with_source(err)
}
