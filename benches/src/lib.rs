//! What the benchmarks and the allocation count share: the typical access token, the
//! keys, and each contender's encode, decode, sign and verify, set up once.
//!
//! Contenders: this workspace on each backend of its registry (`jwt-<backend>`; HMAC is
//! `jwt` on jwt-hs whatever the backend), the peers `jsonwebtoken` (its `rust_crypto`
//! provider), `jsonwebtoken-awslc` (its `aws_lc_rs` provider) and `jwt-simple` (pure
//! Rust), and the raw primitive under each backend.
//! Every contender makes and checks tokens with the same claims and the same keys.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "benchmark setup"
)]

pub mod layer_request;
mod ours;
mod peers;
mod primitives;
mod stages;

use std::time::{SystemTime, UNIX_EPOCH};

use jwt_strict::Algorithm;
use serde::{Deserialize, Serialize};

pub use peers::{JsonwebtokenProvider, jsonwebtoken_contender, jwt_simple_contender};
pub use primitives::{primitive, primitives};
pub use stages::{StageCall, hs256_stage_calls};

/// The algorithms benchmarked.
pub const ALGORITHMS: [Algorithm; 14] = [
    Algorithm::Hs256,
    Algorithm::Hs384,
    Algorithm::Hs512,
    Algorithm::Rs256,
    Algorithm::Rs384,
    Algorithm::Rs512,
    Algorithm::Ps256,
    Algorithm::Es256,
    Algorithm::Es384,
    Algorithm::Es512,
    Algorithm::EdDsa,
    Algorithm::MlDsa44,
    Algorithm::MlDsa65,
    Algorithm::MlDsa87,
];

/// The report name of our contender on backend `backend`: `jwt-<backend>`, made once per
/// name and kept for the process (criterion and the reports take `&'static str`).
pub fn ours_name(backend: &str) -> &'static str {
    use std::collections::BTreeMap;
    use std::sync::Mutex;
    static NAMES: Mutex<BTreeMap<String, &'static str>> = Mutex::new(BTreeMap::new());
    let mut names = NAMES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    names
        .entry(backend.to_owned())
        .or_insert_with(|| Box::leak(format!("jwt-{backend}").into_boxed_str()))
}

/// The stages of an HS256 decode benchmarked alone (group `HS256-stages`), in order, then
/// the whole decode.
pub const STAGES: [&str; 9] = [
    "split",
    "base64 header",
    "base64 payload",
    "base64 signature",
    "header",
    "claims read",
    "claims checked",
    "hmac",
    "decode",
];

/// The median and quartiles of `values` (which must not be empty): `(median, p25, p75)`.
#[allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "an index from a fraction of a small count"
)]
pub fn quartiles(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((values.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.25), at(0.75))
}

/// The issuer every token names and every verifier expects.
pub const ISSUER: &str = "https://auth.example.com";
/// The audience every token names and every verifier expects.
pub const AUDIENCE: &str = "api://orders";

/// A typical access token's claims.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    /// Issuer.
    pub iss: String,
    /// Subject.
    pub sub: String,
    /// Audience.
    pub aud: String,
    /// Expiry.
    pub exp: u64,
    /// Not before.
    pub nbf: u64,
    /// Issued at.
    pub iat: u64,
    /// Token id.
    pub jti: String,
    /// Granted scopes.
    pub scope: String,
}

/// The claims, valid for an hour from now.
pub fn claims() -> AccessClaims {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    AccessClaims {
        iss: ISSUER.to_owned(),
        sub: "user-8d1c3a7e-2f4b-4c1e-9a5d-1b2c3d4e5f60".to_owned(),
        aud: AUDIENCE.to_owned(),
        exp: now + 3600,
        nbf: now,
        iat: now,
        jti: "b3f6c2a1-7d4e-4f8a-9c2b-5e6d7f8a9b0c".to_owned(),
        scope: "orders:read orders:write profile".to_owned(),
    }
}

/// One library (or backend) making and checking tokens for one algorithm.
pub struct Contender {
    /// Its name in reports: `jwt-rustcrypto`, `jsonwebtoken`, …
    pub name: &'static str,
    /// Makes a token from [`claims`].
    pub encode: Box<dyn Fn() -> String>,
    /// Verifies a token it made, checking alg, signature, iss, aud, exp and nbf;
    /// returns whether it was accepted.
    pub decode: Box<dyn Fn(&str) -> bool>,
}

impl std::fmt::Debug for Contender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Contender")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Signs a message.
pub type SignFn = Box<dyn Fn(&[u8]) -> Vec<u8>>;
/// Verifies a signature of a message.
pub type VerifyFn = Box<dyn Fn(&[u8], &[u8]) -> bool>;

/// A signer and verifier of raw bytes: our `JwsSigner`/`JwsVerifier`, or the primitive
/// crate alone.
pub struct Primitive {
    /// Its name in reports: `jwt-openssl`, `raw-openssl`, …
    pub name: &'static str,
    /// Signs a message.
    pub sign: SignFn,
    /// Verifies a signature of a message.
    pub verify: VerifyFn,
}

impl std::fmt::Debug for Primitive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Primitive")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Everything that makes and checks tokens for `alg`: ours on each backend, then the
/// peers that support it.
pub fn contenders(alg: Algorithm) -> Vec<Contender> {
    let mut all = ours::contenders(alg);
    all.extend(jsonwebtoken_contender(
        alg,
        JsonwebtokenProvider::RustCrypto,
    ));
    all.extend(jsonwebtoken_contender(alg, JsonwebtokenProvider::AwsLc));
    all.extend(jwt_simple_contender(alg));
    all
}

/// The one contender of [`contenders`] named `name`, built alone (its keys parsed, no
/// other's), or `None` if `alg` has no such contender.
pub fn contender(alg: Algorithm, name: &str) -> Option<Contender> {
    match name {
        "jsonwebtoken" => jsonwebtoken_contender(alg, JsonwebtokenProvider::RustCrypto),
        "jsonwebtoken-awslc" => jsonwebtoken_contender(alg, JsonwebtokenProvider::AwsLc),
        "jwt-simple" => jwt_simple_contender(alg),
        _ => ours::contender_named(alg, name),
    }
}

/// The backends of the registry that implement `alg`.
pub(crate) fn backends_with(
    alg: Algorithm,
) -> impl Iterator<Item = &'static jwt_strict::BackendEntry> {
    jwt_strict::BACKENDS
        .iter()
        .filter(move |backend| backend.algorithms().contains(&alg))
}

/// The backend of the registry under our contender or primitive `name` (`jwt-awslc` →
/// `awslc`), as [`ours_name`] names them.
pub(crate) fn backend_of(name: &str) -> Option<&'static jwt_strict::BackendEntry> {
    name.strip_prefix("jwt-")
        .and_then(jwt_strict::backend_named)
}

/// Whether `alg` is ML-DSA, which no peer library implements.
pub(crate) fn is_ml_dsa(alg: Algorithm) -> bool {
    alg.family() == jwt_strict::AlgorithmFamily::MlDsa
}

/// A test key from `crates/jwt-test/fixtures/`.
pub fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../crates/jwt-test/fixtures")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The HMAC secret: 64 bytes, enough for HS512.
pub const SECRET: &[u8; 64] = b"benchmark secret, 64 bytes long, enough for HS512 (RFC 7518 3.2)";

/// The private key PEM (PKCS#8) for `alg`'s key type.
pub fn private_pem(alg: Algorithm) -> String {
    fixture(match alg {
        Algorithm::Es256 => "p256-pkcs8.pem",
        Algorithm::Es384 => "p384-pkcs8.pem",
        Algorithm::Es512 => "p521-pkcs8.pem",
        Algorithm::EdDsa => "ed25519-pkcs8.pem",
        Algorithm::MlDsa44 => "ml-dsa-44-pkcs8.pem",
        Algorithm::MlDsa65 => "ml-dsa-65-pkcs8.pem",
        Algorithm::MlDsa87 => "ml-dsa-87-pkcs8.pem",
        _ => "private_key.pem",
    })
}

/// The public key PEM (SPKI) for `alg`'s key type.
pub fn public_pem(alg: Algorithm) -> String {
    use jwt_strict::keys::{KeyMaterial, PrivateKeyMaterial};
    let KeyMaterial::Private(private) = KeyMaterial::from_pem(&private_pem(alg)).unwrap() else {
        panic!("expected a private key")
    };
    let public = match private {
        PrivateKeyMaterial::Rsa(rsa) => {
            jwt_strict::keys::PublicKeyMaterial::Rsa(rsa.public().clone())
        }
        other => {
            let key = jwt_strict::backend::SigningKey::from_material(
                jwt_strict::keys::KeyMaterial::Private(other),
                alg,
            )
            .unwrap();
            key.verifying_key().public_material().unwrap()
        }
    };
    public.to_spki_pem().unwrap()
}

/// A token's signing input and its signature as the primitive `primitive` takes it: the
/// JWS bytes, except for `raw-openssl`'s ECDSA, which verifies DER.
pub fn verify_input(primitive: &str, alg: Algorithm, token: &str) -> (Vec<u8>, Vec<u8>) {
    use base64ct::{Base64UrlUnpadded, Encoding};
    let (message, signature) = token.rsplit_once('.').unwrap();
    let signature = Base64UrlUnpadded::decode_vec(signature).unwrap();
    let ecdsa = alg.family() == jwt_strict::AlgorithmFamily::Ecdsa;
    let signature = if primitive == "raw-openssl" && ecdsa {
        let (r, s) = signature.split_at(signature.len() / 2);
        let r = openssl::bn::BigNum::from_slice(r).unwrap();
        let s = openssl::bn::BigNum::from_slice(s).unwrap();
        openssl::ecdsa::EcdsaSig::from_private_components(r, s)
            .unwrap()
            .to_der()
            .unwrap()
    } else {
        signature
    };
    (message.as_bytes().to_vec(), signature)
}

/// The claims' JSON as `token` carries them: its payload, base64url-decoded.
pub fn claims_json(token: &str) -> Vec<u8> {
    use base64ct::{Base64UrlUnpadded, Encoding};
    let payload = token.split('.').nth(1).unwrap();
    Base64UrlUnpadded::decode_vec(payload).unwrap()
}

/// A typical signing input: that of our token for `alg`.
pub fn signing_input(alg: Algorithm) -> Vec<u8> {
    let token = (ours::contenders(alg)[0].encode)();
    token.rsplit_once('.').unwrap().0.as_bytes().to_vec()
}
