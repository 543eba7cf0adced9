//! JSON Web Keys (RFC 7517, key types of RFC 7518 §6, RFC 8037 §2 and RFC 9964's AKP).

use std::fmt;

use base64ct::{Base64UrlUnpadded, Encoding};
use jwt_core::{Algorithm, AlgorithmFamily, Error, ErrorKind};
use serde_json::{Map, Value};
use zeroize::Zeroize;
use zeroize::Zeroizing;

use crate::material::{
    EcCurve, EcPrivateParts, EcPublicParts, Ed25519PrivateParts, Ed25519PublicParts, KeyMaterial,
    PrivateKeyMaterial, PublicKeyMaterial, RsaPrivateNumbers, RsaPrivateParts, RsaPublicParts,
    invalid,
};
use crate::ml_dsa::{MlDsaLevel, MlDsaPrivateParts, MlDsaPublicParts};

/// The key a JWK holds.
#[non_exhaustive]
pub enum JwkKey {
    /// An RSA, EC or OKP private key (it has `d`), or an AKP one (it has `priv`).
    Private(PrivateKeyMaterial),
    /// An RSA, EC, OKP or AKP public key.
    Public(PublicKeyMaterial),
    /// An `oct` key: an HMAC secret, wiped on drop.
    Secret(Zeroizing<Vec<u8>>),
}

impl fmt::Debug for JwkKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JwkKey::Private(key) => f.debug_tuple("Private").field(key).finish(),
            JwkKey::Public(key) => f.debug_tuple("Public").field(key).finish(),
            JwkKey::Secret(_) => f.write_str("Secret([secret key elided])"),
        }
    }
}

/// What a key is about to be used for, checked against a JWK's `use` and `key_ops`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyOperation {
    /// Signing or computing a MAC.
    Sign,
    /// Verifying a signature or MAC.
    Verify,
}

/// A parsed JSON Web Key: its key and the members that restrict its use.
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } }
/// use jwt_strict::Algorithm;
/// use jwt_strict::keys::{Jwk, JwkKey, KeyOperation};
///
/// let jwk = Jwk::parse(r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow","alg":"HS256"}"#)?;
/// jwk.check_usable(Algorithm::Hs256, KeyOperation::Verify)?;
/// assert!(jwk.check_usable(Algorithm::Hs512, KeyOperation::Verify).is_err());
/// assert!(matches!(jwk.key, JwkKey::Secret(_)));
/// # Ok::<(), jwt_strict::Error>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct Jwk {
    /// The key material.
    pub key: JwkKey,
    /// `kid`, the key's identifier.
    pub kid: Option<String>,
    /// `alg`, the one algorithm the key is meant for, as written.
    pub alg: Option<String>,
    /// `use`: `sig` or `enc`.
    pub key_use: Option<String>,
    /// `key_ops`: the operations the key may perform.
    pub key_ops: Option<Vec<String>>,
}

impl Jwk {
    /// Parses a JWK from its JSON text.
    ///
    /// # Errors
    ///
    /// `invalid_key` when the text is not a JWK object (or has a member name twice, at
    /// any depth, as tokens may not), a member has the wrong type, a
    /// base64url value is not canonical, or the key type or curve is not supported; the
    /// key checks of [`RsaPublicParts::new`] (such as `weak_key`) apply.
    pub fn parse(json: &str) -> Result<Jwk, Error> {
        let mut members =
            jwt_core::parse_json_object(json.as_bytes(), "JWK", ErrorKind::InvalidKey)?;
        let jwk = Jwk::from_members(&members);
        wipe_private_members(&mut members);
        jwk
    }

    /// Reads a JWK from an already parsed JSON object.
    ///
    /// # Errors
    ///
    /// As [`Jwk::parse`].
    pub fn from_members(members: &Map<String, Value>) -> Result<Jwk, Error> {
        let kty = string(members, "kty")?.ok_or_else(|| invalid("the JWK has no kty"))?;
        let key = match kty.as_str() {
            "RSA" => rsa(members)?,
            "EC" => ec(members)?,
            "OKP" => okp(members)?,
            "AKP" => akp(members)?,
            "oct" => JwkKey::Secret(required_bytes(members, "k")?),
            other => {
                return Err(invalid(format!(
                    "JWK kty {other:?} is not supported; expected RSA, EC, OKP, AKP or oct"
                )));
            }
        };
        let key_ops = match members.get("key_ops") {
            None => None,
            Some(Value::Array(ops)) => Some(
                ops.iter()
                    .map(|op| op.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| invalid("JWK key_ops must be an array of strings"))?,
            ),
            Some(_) => return Err(invalid("JWK key_ops must be an array of strings")),
        };
        Ok(Jwk {
            key,
            kid: string(members, "kid")?,
            alg: string(members, "alg")?,
            key_use: string(members, "use")?,
            key_ops,
        })
    }

    /// The key, for `operation` with `alg`, once [`Jwk::check_usable`] allows it: a
    /// private key for signing; a public key, or a private key standing for its public
    /// half, for verifying.
    ///
    /// # Errors
    ///
    /// As [`Jwk::check_usable`]; `invalid_key` for a public key asked to sign and for an
    /// `oct` secret, which is an HMAC key (`jwt_strict::hs::HmacKey`).
    pub fn into_material(
        self,
        alg: Algorithm,
        operation: KeyOperation,
    ) -> Result<KeyMaterial, Error> {
        self.check_usable(alg, operation)?;
        match (self.key, operation) {
            (JwkKey::Private(private), _) => Ok(KeyMaterial::Private(private)),
            (JwkKey::Public(public), KeyOperation::Verify) => Ok(KeyMaterial::Public(public)),
            (JwkKey::Public(_), KeyOperation::Sign) => {
                Err(invalid("the JWK is a public key and cannot sign"))
            }
            (JwkKey::Secret(_), _) => Err(invalid(
                "an oct JWK is an HMAC secret: load it with jwt_strict::hs::HmacKey",
            )),
        }
    }

    /// Checks that this JWK may be used for `operation` with `alg`: its `alg`, if any,
    /// is `alg`; its `use`, if any, is `sig`; its `key_ops`, if any, include the
    /// operation; and its key type fits the algorithm.
    ///
    /// # Errors
    ///
    /// `invalid_key`, saying which member forbids it.
    pub fn check_usable(&self, alg: Algorithm, operation: KeyOperation) -> Result<(), Error> {
        if let Some(own) = &self.alg
            && own != alg.name()
        {
            return Err(invalid(format!("the JWK is for alg {own:?}, not {alg}")));
        }
        if let Some(key_use) = &self.key_use
            && key_use != "sig"
        {
            return Err(invalid(format!(
                "the JWK's use is {key_use:?}, not \"sig\""
            )));
        }
        if let Some(ops) = &self.key_ops {
            let needed: &[&str] = match operation {
                KeyOperation::Sign => &["sign"],
                KeyOperation::Verify => &["verify"],
            };
            if !ops.iter().any(|op| needed.contains(&op.as_str())) {
                return Err(invalid(format!(
                    "the JWK's key_ops {ops:?} do not include {:?}",
                    needed.first().unwrap_or(&"")
                )));
            }
        }
        match &self.key {
            JwkKey::Private(key) => key.check_algorithm(alg),
            JwkKey::Public(key) => key.check_algorithm(alg),
            JwkKey::Secret(_) if alg.family() == AlgorithmFamily::Hmac => Ok(()),
            JwkKey::Secret(_) => Err(invalid(format!(
                "an oct JWK is an HMAC secret and cannot be used for {alg}"
            ))),
        }
    }
}

fn rsa(members: &Map<String, Value>) -> Result<JwkKey, Error> {
    let n = required_bytes(members, "n")?;
    let e = required_bytes(members, "e")?;
    if !members.contains_key("d") {
        return RsaPublicParts::new(&n, &e).map(|key| JwkKey::Public(PublicKeyMaterial::Rsa(key)));
    }
    if members.contains_key("oth") {
        return Err(invalid("multi-prime RSA JWKs (oth) are not supported"));
    }
    let d = required_bytes(members, "d")?;
    let mut private = Vec::with_capacity(5);
    for name in ["p", "q", "dp", "dq", "qi"] {
        match optional_bytes(members, name)? {
            Some(value) => private.push(value),
            None => {
                return Err(invalid(format!(
                    "RSA private JWKs need p, q, dp, dq and qi (RFC 7518 6.3.2); this one has no {name}"
                )));
            }
        }
    }
    let [p, q, dp, dq, qi] =
        [0, 1, 2, 3, 4].map(|i| private.get(i).map_or(&[][..], |v| v.as_slice()));
    RsaPrivateParts::new(RsaPrivateNumbers {
        n: &n,
        e: &e,
        d: &d,
        p,
        q,
        dp,
        dq,
        qi,
    })
    .map(|key| JwkKey::Private(PrivateKeyMaterial::Rsa(key)))
}

fn ec(members: &Map<String, Value>) -> Result<JwkKey, Error> {
    let curve = match string(members, "crv")?.as_deref() {
        Some("P-256") => EcCurve::P256,
        Some("P-384") => EcCurve::P384,
        Some("P-521") => EcCurve::P521,
        Some(other) => {
            return Err(invalid(format!(
                "EC JWK curve {other:?} is not supported; expected P-256, P-384 or P-521"
            )));
        }
        None => return Err(invalid("the EC JWK has no crv")),
    };
    let public = EcPublicParts::from_coordinates(
        curve,
        &required_bytes(members, "x")?,
        &required_bytes(members, "y")?,
    )?;
    match optional_bytes(members, "d")? {
        None => Ok(JwkKey::Public(PublicKeyMaterial::Ec(public))),
        Some(d) => {
            if d.len() != curve.field_len() {
                return Err(invalid(format!(
                    "a {curve} JWK's d is {} bytes (RFC 7518 6.2.2.1), found {}",
                    curve.field_len(),
                    d.len()
                )));
            }
            EcPrivateParts::new(curve, &d, Some(public.point()))
                .map(|key| JwkKey::Private(PrivateKeyMaterial::Ec(key)))
        }
    }
}

fn okp(members: &Map<String, Value>) -> Result<JwkKey, Error> {
    match string(members, "crv")?.as_deref() {
        Some("Ed25519") => {}
        Some(other) => {
            return Err(invalid(format!(
                "OKP JWK curve {other:?} is not supported; expected Ed25519"
            )));
        }
        None => return Err(invalid("the OKP JWK has no crv")),
    }
    let x = required_bytes(members, "x")?;
    match optional_bytes(members, "d")? {
        None => {
            Ed25519PublicParts::new(&x).map(|key| JwkKey::Public(PublicKeyMaterial::Ed25519(key)))
        }
        Some(d) => Ed25519PrivateParts::new(&d, Some(&x))
            .map(|key| JwkKey::Private(PrivateKeyMaterial::Ed25519(key))),
    }
}

/// An AKP key (RFC 9964): `alg` names the ML-DSA level and is required, `pub` is the
/// encoded public key, `priv` (private keys) the 32-byte seed.
fn akp(members: &Map<String, Value>) -> Result<JwkKey, Error> {
    let alg = string(members, "alg")?
        .ok_or_else(|| invalid("an AKP JWK must name its algorithm in alg (RFC 9964)"))?;
    let level = alg
        .parse::<Algorithm>()
        .ok()
        .and_then(MlDsaLevel::for_algorithm)
        .ok_or_else(|| {
            invalid(format!(
                "AKP JWK alg {alg:?} is not supported; expected ML-DSA-44, ML-DSA-65 or ML-DSA-87"
            ))
        })?;
    let public = required_bytes(members, "pub")?;
    match optional_bytes(members, "priv")? {
        None => MlDsaPublicParts::new(level, &public)
            .map(|key| JwkKey::Public(PublicKeyMaterial::MlDsa(key))),
        Some(seed) => MlDsaPrivateParts::new(level, &seed, Some(&public))
            .map(|key| JwkKey::Private(PrivateKeyMaterial::MlDsa(key))),
    }
}

fn string(members: &Map<String, Value>, name: &str) -> Result<Option<String>, Error> {
    match members.get(name) {
        None => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err(invalid(format!("JWK member {name} must be a string"))),
    }
}

/// The members that hold private key material or a secret.
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "k", "priv"];

/// Wipes the text of the private members of a parsed JWK.
fn wipe_private_members(members: &mut Map<String, Value>) {
    for name in PRIVATE_MEMBERS {
        if let Some(Value::String(text)) = members.get_mut(name) {
            text.zeroize();
        }
    }
}

/// A base64url member's bytes, wiped on drop (private members are secret; public ones
/// cost nothing to wipe). The text is read in place, never copied.
fn optional_bytes(
    members: &Map<String, Value>,
    name: &str,
) -> Result<Option<Zeroizing<Vec<u8>>>, Error> {
    let text = match members.get(name) {
        None => return Ok(None),
        Some(Value::String(text)) => text,
        Some(_) => return Err(invalid(format!("JWK member {name} must be a string"))),
    };
    Base64UrlUnpadded::decode_vec(text)
        .map(|bytes| Some(Zeroizing::new(bytes)))
        .map_err(|_| {
            invalid(format!(
                "JWK member {name} is not canonical unpadded base64url"
            ))
        })
}

fn required_bytes(members: &Map<String, Value>, name: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    optional_bytes(members, name)?.ok_or_else(|| invalid(format!("the JWK has no {name}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_members_are_wiped_after_parsing() {
        let mut members = jwt_core::parse_json_object(
            br#"{"kty":"OKP","crv":"Ed25519","x":"public","d":"c2VjcmV0","k":"a2V5"}"#,
            "JWK",
            jwt_core::ErrorKind::InvalidKey,
        )
        .unwrap();
        wipe_private_members(&mut members);
        assert_eq!(members["d"], "");
        assert_eq!(members["k"], "");
        assert_eq!(members["x"], "public");
    }
}
