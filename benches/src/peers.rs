//! The peer libraries, set up as their documentation shows: keys parsed once, the same
//! claims, the same checks (alg, signature, iss, aud, exp, nbf).

use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use jwt_strict::Algorithm;

use crate::{AUDIENCE, AccessClaims, Contender, ISSUER, SECRET, claims, private_pem, public_pem};

/// jsonwebtoken's crypto providers, as its `Provider` type names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonwebtokenProvider {
    /// `rust_crypto`: the same rsa, p256, p384, ed25519-dalek, hmac and sha2 crates as our
    /// RustCrypto backend and jwt-hs.
    RustCrypto,
    /// `aws_lc_rs`: the same aws-lc-rs as our AWS-LC backend.
    AwsLc,
}

/// Whether jsonwebtoken's next call goes to its `aws_lc_rs` provider (else `rust_crypto`).
static JSONWEBTOKEN_ON_AWS_LC: AtomicBool = AtomicBool::new(false);

/// jsonwebtoken picks its provider once per process; to measure both side by side in one
/// run, the process provider forwards each call to the one the calling contender set
/// just before (one relaxed atomic load per call, the same for both).
fn install_switching_provider() {
    use jsonwebtoken::crypto::{CryptoProvider, aws_lc, rust_crypto};
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        let provider: &'static CryptoProvider = Box::leak(Box::new(CryptoProvider {
            signer_factory: |alg, key| {
                let provider = if JSONWEBTOKEN_ON_AWS_LC.load(Ordering::Relaxed) {
                    &aws_lc::DEFAULT_PROVIDER
                } else {
                    &rust_crypto::DEFAULT_PROVIDER
                };
                (provider.signer_factory)(alg, key)
            },
            verifier_factory: |alg, key| {
                let provider = if JSONWEBTOKEN_ON_AWS_LC.load(Ordering::Relaxed) {
                    &aws_lc::DEFAULT_PROVIDER
                } else {
                    &rust_crypto::DEFAULT_PROVIDER
                };
                (provider.verifier_factory)(alg, key)
            },
            key_utils: rust_crypto::DEFAULT_PROVIDER.key_utils.clone(),
        }));
        provider
            .install_default()
            .expect("no other jsonwebtoken provider is installed in the bench process");
    });
}

/// `jsonwebtoken` on `provider`, for the algorithms it has (not ES512): `jsonwebtoken`
/// (rust_crypto) or `jsonwebtoken-awslc`.
pub fn jsonwebtoken_contender(alg: Algorithm, provider: JsonwebtokenProvider) -> Option<Contender> {
    if crate::is_ml_dsa(alg) {
        return None;
    }
    install_switching_provider();
    let on_aws_lc = provider == JsonwebtokenProvider::AwsLc;
    use jsonwebtoken::{Algorithm as A, DecodingKey, EncodingKey, Header, Validation};
    let (peer_alg, encoding, decoding) = match alg {
        Algorithm::Hs256 | Algorithm::Hs384 | Algorithm::Hs512 => {
            let peer = match alg {
                Algorithm::Hs256 => A::HS256,
                Algorithm::Hs384 => A::HS384,
                _ => A::HS512,
            };
            (
                peer,
                EncodingKey::from_secret(SECRET).ok()?,
                DecodingKey::from_secret(SECRET).ok()?,
            )
        }
        Algorithm::Rs256 | Algorithm::Rs384 | Algorithm::Rs512 | Algorithm::Ps256 => {
            let peer = match alg {
                Algorithm::Rs256 => A::RS256,
                Algorithm::Rs384 => A::RS384,
                Algorithm::Rs512 => A::RS512,
                _ => A::PS256,
            };
            (
                peer,
                EncodingKey::from_rsa_pem(private_pem(alg).as_bytes()).ok()?,
                DecodingKey::from_rsa_pem(public_pem(alg).as_bytes()).ok()?,
            )
        }
        Algorithm::Es256 | Algorithm::Es384 => (
            if alg == Algorithm::Es256 {
                A::ES256
            } else {
                A::ES384
            },
            EncodingKey::from_ec_pem(private_pem(alg).as_bytes()).ok()?,
            DecodingKey::from_ec_pem(public_pem(alg).as_bytes()).ok()?,
        ),
        Algorithm::EdDsa => (
            A::EdDSA,
            EncodingKey::from_ed_pem(private_pem(alg).as_bytes()).ok()?,
            DecodingKey::from_ed_pem(public_pem(alg).as_bytes()).ok()?,
        ),
        _ => return None,
    };
    let claims = claims();
    let header = Header::new(peer_alg);
    let mut validation = Validation::new(peer_alg);
    validation.set_issuer(&[ISSUER]);
    validation.set_audience(&[AUDIENCE]);
    validation.validate_nbf = true;
    Some(Contender {
        name: if on_aws_lc {
            "jsonwebtoken-awslc"
        } else {
            "jsonwebtoken"
        },
        encode: Box::new(move || {
            JSONWEBTOKEN_ON_AWS_LC.store(on_aws_lc, Ordering::Relaxed);
            jsonwebtoken::encode(&header, &claims, &encoding).unwrap()
        }),
        decode: Box::new(move |token| {
            JSONWEBTOKEN_ON_AWS_LC.store(on_aws_lc, Ordering::Relaxed);
            jsonwebtoken::decode::<AccessClaims>(token, &decoding, &validation).is_ok()
        }),
    })
}

/// The claims beyond jwt-simple's standard ones.
#[derive(serde::Serialize, serde::Deserialize)]
struct Scope {
    scope: String,
}

/// `jwt-simple` (pure Rust), for the algorithms it has (not ES512).
pub fn jwt_simple_contender(alg: Algorithm) -> Option<Contender> {
    if crate::is_ml_dsa(alg) {
        return None;
    }
    use jwt_simple::prelude::*;
    let ours = claims();
    let make = move || {
        Claims::with_custom_claims(
            Scope {
                scope: ours.scope.clone(),
            },
            Duration::from_secs(ours.exp - ours.iat),
        )
        .with_issuer(&ours.iss)
        .with_subject(&ours.sub)
        .with_audience(&ours.aud)
        .with_jwt_id(&ours.jti)
        .invalid_before(Duration::from_secs(ours.nbf))
    };
    let options = || VerificationOptions {
        allowed_issuers: Some(HashSet::from([ISSUER.to_owned()])),
        allowed_audiences: Some(HashSet::from([AUDIENCE.to_owned()])),
        ..Default::default()
    };
    macro_rules! keypair {
        ($pair:ty) => {{
            let pair = <$pair>::from_pem(&private_pem(alg)).ok()?;
            let public = pair.public_key();
            let options = options();
            Contender {
                name: "jwt-simple",
                encode: Box::new(move || pair.sign(make()).unwrap()),
                decode: Box::new(move |token| {
                    public
                        .verify_token::<Scope>(token, Some(options.clone()))
                        .is_ok()
                }),
            }
        }};
    }
    macro_rules! mac {
        ($key:ty) => {{
            let key = <$key>::from_bytes(SECRET);
            let checking = <$key>::from_bytes(SECRET);
            let options = options();
            Contender {
                name: "jwt-simple",
                encode: Box::new(move || key.authenticate(make()).unwrap()),
                decode: Box::new(move |token| {
                    checking
                        .verify_token::<Scope>(token, Some(options.clone()))
                        .is_ok()
                }),
            }
        }};
    }
    Some(match alg {
        Algorithm::Hs256 => mac!(HS256Key),
        Algorithm::Hs384 => mac!(HS384Key),
        Algorithm::Hs512 => mac!(HS512Key),
        Algorithm::Rs256 => keypair!(RS256KeyPair),
        Algorithm::Rs384 => keypair!(RS384KeyPair),
        Algorithm::Rs512 => keypair!(RS512KeyPair),
        Algorithm::Ps256 => keypair!(PS256KeyPair),
        Algorithm::Es256 => keypair!(ES256KeyPair),
        Algorithm::Es384 => keypair!(ES384KeyPair),
        Algorithm::EdDsa => keypair!(Ed25519KeyPair),
        _ => return None,
    })
}
