//! Raw sign and verify: our `JwsSigner`/`JwsVerifier` on each backend, and the
//! primitive crate under it timed alone, to show what the JWT layer adds.

use jwt_strict::{Algorithm, AlgorithmFamily, JwsSigner, JwsVerifier};

use crate::{Primitive, SECRET, private_pem};

fn ours(
    name: &'static str,
    signer: Box<dyn JwsSigner>,
    verifier: Box<dyn JwsVerifier>,
) -> Primitive {
    Primitive {
        name,
        sign: Box::new(move |message| signer.sign(message).unwrap()),
        verify: Box::new(move |message, signature| verifier.verify(message, signature).is_ok()),
    }
}

/// Ours on each backend of the registry, then the primitive crates alone: `raw-rustcrypto`,
/// `raw-openssl`, `raw-awslc` (`raw-hmac` for HS*).
pub fn primitives(alg: Algorithm) -> Vec<Primitive> {
    if alg.family() == AlgorithmFamily::Hmac {
        return vec![ours_hmac(alg), raw_hmac(alg)];
    }
    let pem = private_pem(alg);
    let mut primitives: Vec<Primitive> = crate::backends_with(alg)
        .map(|backend| ours_on(backend, alg, &pem))
        .collect();
    if crate::is_ml_dsa(alg) {
        // OpenSSL 3.0 has no ML-DSA.
        primitives.extend([
            raw_ml_dsa_rustcrypto(alg, &pem),
            raw_ml_dsa_awslc(alg, &pem),
        ]);
        return primitives;
    }
    primitives.extend([
        raw_rustcrypto(alg, &pem),
        raw_openssl(alg, &pem),
        raw_awslc(alg, &pem),
    ]);
    primitives
}

/// The one primitive of [`primitives`] named `name`, built alone (its keys parsed, no
/// other's), or `None` if `alg` has no such primitive.
pub fn primitive(alg: Algorithm, name: &str) -> Option<Primitive> {
    if alg.family() == AlgorithmFamily::Hmac {
        return match name {
            "jwt" => Some(ours_hmac(alg)),
            "raw-hmac" => Some(raw_hmac(alg)),
            _ => None,
        };
    }
    let pem = private_pem(alg);
    if crate::is_ml_dsa(alg) {
        return match name {
            "raw-rustcrypto" => Some(raw_ml_dsa_rustcrypto(alg, &pem)),
            "raw-awslc" => Some(raw_ml_dsa_awslc(alg, &pem)),
            "raw-openssl" => None,
            _ => crate::backend_of(name)
                .filter(|backend| backend.algorithms().contains(&alg))
                .map(|backend| ours_on(backend, alg, &pem)),
        };
    }
    match name {
        "raw-rustcrypto" => Some(raw_rustcrypto(alg, &pem)),
        "raw-openssl" => Some(raw_openssl(alg, &pem)),
        "raw-awslc" => Some(raw_awslc(alg, &pem)),
        _ => crate::backend_of(name).map(|backend| ours_on(backend, alg, &pem)),
    }
}

fn ours_hmac(alg: Algorithm) -> Primitive {
    let key = || Box::new(jwt_strict::hs::HmacKey::new(alg, SECRET).unwrap());
    ours("jwt", key(), key())
}

fn ours_on(backend: &jwt_strict::BackendEntry, alg: Algorithm, pem: &str) -> Primitive {
    let signer = backend.signer_from_pem_or_der(pem.as_bytes(), alg).unwrap();
    let verifier = backend
        .verifier_from_pem_or_der(pem.as_bytes(), alg)
        .unwrap();
    ours(crate::ours_name(backend.name), signer, verifier)
}

fn raw_hmac(alg: Algorithm) -> Primitive {
    use hmac::{Hmac, KeyInit, Mac};
    use sha2::{Sha256, Sha384, Sha512};
    macro_rules! hmac {
        ($hash:ty) => {{
            let keyed = Hmac::<$hash>::new_from_slice(SECRET).unwrap();
            let verifying = keyed.clone();
            Primitive {
                name: "raw-hmac",
                sign: Box::new(move |m| {
                    keyed
                        .clone()
                        .chain_update(m)
                        .finalize()
                        .into_bytes()
                        .to_vec()
                }),
                verify: Box::new(move |m, s| {
                    verifying.clone().chain_update(m).verify_slice(s).is_ok()
                }),
            }
        }};
    }
    match alg {
        Algorithm::Hs256 => hmac!(Sha256),
        Algorithm::Hs384 => hmac!(Sha384),
        _ => hmac!(Sha512),
    }
}

fn raw_rustcrypto(alg: Algorithm, pem: &str) -> Primitive {
    use sha2::{Sha256, Sha384, Sha512};
    use signature::{Signer, Verifier};
    let name = "raw-rustcrypto";
    match alg {
        Algorithm::Rs256 | Algorithm::Rs384 | Algorithm::Rs512 | Algorithm::Ps256 => {
            use rsa::pkcs8::DecodePrivateKey;
            let key = rsa::PrivateKey::from_pkcs8_pem(pem).unwrap();
            let public = key.to_public_key();
            macro_rules! rsa {
                ($sign:ident, $verify:ident, $hash:ty) => {
                    Primitive {
                        name,
                        sign: Box::new(move |m| key.$sign::<$hash>(m).unwrap()),
                        verify: Box::new(move |m, s| public.$verify::<$hash>(m, s).is_ok()),
                    }
                };
            }
            match alg {
                Algorithm::Rs256 => rsa!(pkcs1v15_sign, pkcs1v15_verify, Sha256),
                Algorithm::Rs384 => rsa!(pkcs1v15_sign, pkcs1v15_verify, Sha384),
                Algorithm::Rs512 => rsa!(pkcs1v15_sign, pkcs1v15_verify, Sha512),
                _ => rsa!(pss_sign, pss_verify, Sha256),
            }
        }
        Algorithm::EdDsa => {
            use ed25519_dalek::pkcs8::DecodePrivateKey;
            let key = ed25519_dalek::SigningKey::from_pkcs8_pem(pem).unwrap();
            let public = key.verifying_key();
            Primitive {
                name,
                sign: Box::new(move |m| key.sign(m).to_bytes().to_vec()),
                // As the rustcrypto backend verifies: `verify`, not `verify_strict` (the
                // shared checks before it make the two answer alike).
                verify: Box::new(move |m, s| {
                    use ed25519_dalek::Verifier;
                    <[u8; 64]>::try_from(s).is_ok_and(|s| {
                        public
                            .verify(m, &ed25519_dalek::Signature::from_bytes(&s))
                            .is_ok()
                    })
                }),
            }
        }
        _ => {
            macro_rules! ecdsa {
                ($curve:ident) => {{
                    use $curve::pkcs8::DecodePrivateKey;
                    let key = $curve::ecdsa::SigningKey::from_pkcs8_pem(pem).unwrap();
                    let public = *key.verifying_key();
                    Primitive {
                        name,
                        sign: Box::new(move |m| {
                            let s: $curve::ecdsa::Signature = key.sign(m);
                            s.to_bytes().to_vec()
                        }),
                        verify: Box::new(move |m, s| {
                            $curve::ecdsa::Signature::from_slice(s)
                                .is_ok_and(|s| public.verify(m, &s).is_ok())
                        }),
                    }
                }};
            }
            match alg {
                Algorithm::Es256 => ecdsa!(p256),
                Algorithm::Es384 => ecdsa!(p384),
                _ => ecdsa!(p521),
            }
        }
    }
}

fn raw_openssl(alg: Algorithm, pem: &str) -> Primitive {
    use openssl::hash::MessageDigest;
    use openssl::md::Md;
    use openssl::pkey::PKey;
    use openssl::sign::{Signer, Verifier};
    let key = PKey::private_key_from_pem(pem.as_bytes()).unwrap();
    let public = PKey::public_key_from_der(&key.public_key_to_der().unwrap()).unwrap();
    let name = "raw-openssl";
    // The digest, for hashing and as a context names it (none for EdDSA).
    let digests = match alg {
        Algorithm::Rs384 | Algorithm::Ps384 | Algorithm::Es384 => {
            Some((MessageDigest::sha384(), Md::sha384()))
        }
        Algorithm::Rs512 | Algorithm::Ps512 | Algorithm::Es512 => {
            Some((MessageDigest::sha512(), Md::sha512()))
        }
        Algorithm::EdDsa => None,
        _ => Some((MessageDigest::sha256(), Md::sha256())),
    };
    let pss = alg.family() == AlgorithmFamily::RsaPss;
    let sign: crate::SignFn = match digests {
        Some((digest, _)) if alg.family() == AlgorithmFamily::Ecdsa => {
            sign_ecdsa_as_the_backend(key.ec_key().unwrap(), digest)
        }
        _ => Box::new(move |m| {
            let mut signer = match digests {
                Some((digest, _)) => Signer::new(digest, &key).unwrap(),
                None => Signer::new_without_digest(&key).unwrap(),
            };
            if pss {
                signer
                    .set_rsa_padding(openssl::rsa::Padding::PKCS1_PSS)
                    .unwrap();
                signer
                    .set_rsa_pss_saltlen(openssl::sign::RsaPssSaltlen::DIGEST_LENGTH)
                    .unwrap();
            }
            signer.sign_oneshot_to_vec(m).unwrap()
        }),
    };
    Primitive {
        name,
        sign,
        verify: match digests {
            Some((digest, md)) => verify_on_kept_context(public, digest, md, pss),
            None => Box::new(move |m, s| {
                Verifier::new_without_digest(&public)
                    .unwrap()
                    .verify_oneshot(s, m)
                    .unwrap_or(false)
            }),
        },
    }
}

/// OpenSSL's ECDSA sign as the openssl backend drives it: the low-level ECDSA_do_sign
/// on the EC key, over the message's hash, with no EVP context. OpenSSL's ECDSA
/// signatures are DER: the raw primitive is timed in its own format.
fn sign_ecdsa_as_the_backend(
    key: openssl::ec::EcKey<openssl::pkey::Private>,
    digest: openssl::hash::MessageDigest,
) -> crate::SignFn {
    Box::new(move |m| {
        let hashed = openssl::hash::hash(digest, m).unwrap();
        openssl::ecdsa::EcdsaSig::sign(&hashed, &key)
            .unwrap()
            .to_der()
            .unwrap()
    })
}

/// OpenSSL's RSA or ECDSA verify as the openssl backend drives it: on one `EVP_PKEY_CTX`
/// made once for the key (making one per verify costs OpenSSL 3 a walk of its provider
/// name map), initialised again for each signature, over the message's hash. (EdDSA
/// cannot verify on a bare context: it takes the message itself.)
fn verify_on_kept_context(
    public: openssl::pkey::PKey<openssl::pkey::Public>,
    digest: openssl::hash::MessageDigest,
    md: &'static openssl::md::MdRef,
    pss: bool,
) -> crate::VerifyFn {
    use openssl::hash::hash;
    let context = std::cell::RefCell::new(openssl::pkey_ctx::PkeyCtx::new(&public).unwrap());
    Box::new(move |m, s| {
        let hashed = hash(digest, m).unwrap();
        let mut context = context.borrow_mut();
        context.verify_init().unwrap();
        if pss {
            context
                .set_rsa_padding(openssl::rsa::Padding::PKCS1_PSS)
                .unwrap();
            context
                .set_rsa_pss_saltlen(openssl::sign::RsaPssSaltlen::DIGEST_LENGTH)
                .unwrap();
        }
        context.set_signature_md(md).unwrap();
        context.verify(&hashed, s).unwrap_or(false)
    })
}

/// `aws-lc-rs` alone: the key parsed once from PKCS#8, the public key once into a
/// `ParsedPublicKey`, as the awslc backend holds them.
fn raw_awslc(alg: Algorithm, pem: &str) -> Primitive {
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::signature::{self as sig, KeyPair, ParsedPublicKey};
    let pkcs8 = jwt_strict::keys::KeyMaterial::from_pem(pem).unwrap();
    let jwt_strict::keys::KeyMaterial::Private(private) = pkcs8 else {
        unreachable!("the bench keys are private keys")
    };
    let der = private.to_pkcs8_der().unwrap().to_vec();
    let rng = SystemRandom::new();
    type Sign = Box<dyn Fn(&[u8]) -> Vec<u8>>;
    let (sign, public, verification): (Sign, Vec<u8>, &'static dyn sig::VerificationAlgorithm) =
        match alg {
            Algorithm::Es256 | Algorithm::Es384 | Algorithm::Es512 => {
                let (signing, verifying): (_, &'static dyn sig::VerificationAlgorithm) = match alg {
                    Algorithm::Es256 => (
                        &sig::ECDSA_P256_SHA256_FIXED_SIGNING,
                        &sig::ECDSA_P256_SHA256_FIXED,
                    ),
                    Algorithm::Es384 => (
                        &sig::ECDSA_P384_SHA384_FIXED_SIGNING,
                        &sig::ECDSA_P384_SHA384_FIXED,
                    ),
                    _ => (
                        &sig::ECDSA_P521_SHA512_FIXED_SIGNING,
                        &sig::ECDSA_P521_SHA512_FIXED,
                    ),
                };
                let pair = sig::EcdsaKeyPair::from_pkcs8(signing, &der).unwrap();
                let public = pair.public_key().as_ref().to_vec();
                (
                    Box::new(move |m| pair.sign(&rng, m).unwrap().as_ref().to_vec()),
                    public,
                    verifying,
                )
            }
            Algorithm::EdDsa => {
                let pair = sig::Ed25519KeyPair::from_pkcs8_maybe_unchecked(&der).unwrap();
                let public = pair.public_key().as_ref().to_vec();
                (
                    Box::new(move |m| pair.sign(m).as_ref().to_vec()),
                    public,
                    &sig::ED25519,
                )
            }
            _ => {
                let (encoding, verifying): (
                    &'static dyn sig::RsaEncoding,
                    &'static dyn sig::VerificationAlgorithm,
                ) = match alg {
                    Algorithm::Rs384 => (&sig::RSA_PKCS1_SHA384, &sig::RSA_PKCS1_2048_8192_SHA384),
                    Algorithm::Rs512 => (&sig::RSA_PKCS1_SHA512, &sig::RSA_PKCS1_2048_8192_SHA512),
                    Algorithm::Ps256 => (&sig::RSA_PSS_SHA256, &sig::RSA_PSS_2048_8192_SHA256),
                    _ => (&sig::RSA_PKCS1_SHA256, &sig::RSA_PKCS1_2048_8192_SHA256),
                };
                let pair = sig::RsaKeyPair::from_pkcs8(&der).unwrap();
                let public = pair.public_key().as_ref().to_vec();
                (
                    Box::new(move |m| {
                        let mut signature = vec![0u8; pair.public_modulus_len()];
                        pair.sign(encoding, &rng, m, &mut signature).unwrap();
                        signature
                    }),
                    public,
                    verifying,
                )
            }
        };
    let parsed = ParsedPublicKey::new(verification, public).unwrap();
    Primitive {
        name: "raw-awslc",
        sign,
        verify: Box::new(move |m, s| parsed.verify_sig(m, s).is_ok()),
    }
}

/// The ML-DSA seed of a fixture key.
fn ml_dsa_seed(pem: &str) -> [u8; 32] {
    use jwt_strict::keys::{KeyMaterial, PrivateKeyMaterial};
    match KeyMaterial::from_pem(pem).unwrap() {
        KeyMaterial::Private(PrivateKeyMaterial::MlDsa(key)) => *key.seed(),
        _ => panic!("not an ML-DSA private key"),
    }
}

/// `ml-dsa` alone, as the rustcrypto backend drives it: the key expanded once from the
/// seed, hedged signing with the empty context, verification with the empty context.
fn raw_ml_dsa_rustcrypto(alg: Algorithm, pem: &str) -> Primitive {
    use ml_dsa::signature::Keypair;
    use ml_dsa::{EncodedSignature, MlDsa44, MlDsa65, MlDsa87, MlDsaParams, Signature, SigningKey};
    fn make<P: MlDsaParams + 'static>(seed: [u8; 32]) -> Primitive {
        let key = SigningKey::<P>::from_seed(&seed.into());
        let public = key.verifying_key();
        Primitive {
            name: "raw-rustcrypto",
            sign: Box::new(move |m| {
                key.expanded_key()
                    .sign_randomized(m, &[], &mut getrandom::SysRng)
                    .unwrap()
                    .encode()
                    .to_vec()
            }),
            verify: Box::new(move |m, s| {
                EncodedSignature::<P>::try_from(s)
                    .ok()
                    .and_then(|encoded| Signature::<P>::decode(&encoded))
                    .is_some_and(|signature| public.verify_with_context(m, &[], &signature))
            }),
        }
    }
    let seed = ml_dsa_seed(pem);
    match alg {
        Algorithm::MlDsa44 => make::<MlDsa44>(seed),
        Algorithm::MlDsa65 => make::<MlDsa65>(seed),
        _ => make::<MlDsa87>(seed),
    }
}

/// `aws-lc-rs` alone: `PqdsaKeyPair` from the seed, the public key parsed once.
fn raw_ml_dsa_awslc(alg: Algorithm, pem: &str) -> Primitive {
    use aws_lc_rs::signature::{self as sig, KeyPair, ParsedPublicKey};
    let (signing, verifying): (_, &'static dyn sig::VerificationAlgorithm) = match alg {
        Algorithm::MlDsa44 => (&sig::ML_DSA_44_SIGNING, &sig::ML_DSA_44),
        Algorithm::MlDsa65 => (&sig::ML_DSA_65_SIGNING, &sig::ML_DSA_65),
        _ => (&sig::ML_DSA_87_SIGNING, &sig::ML_DSA_87),
    };
    let pair = sig::PqdsaKeyPair::from_seed(signing, &ml_dsa_seed(pem)).unwrap();
    let parsed = ParsedPublicKey::new(verifying, pair.public_key().as_ref()).unwrap();
    Primitive {
        name: "raw-awslc",
        sign: Box::new(move |m| {
            let mut signature = vec![0u8; pair.algorithm().signature_len()];
            let len = pair.sign(m, &mut signature).unwrap();
            signature.truncate(len);
            signature
        }),
        verify: Box::new(move |m, s| parsed.verify_sig(m, s).is_ok()),
    }
}
