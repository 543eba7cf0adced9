//! Keys written as JWKs (RFC 7517, members of RFC 7518 §6 and RFC 8037 §2) and JWK Sets,
//! for publishing the keys that verify one's tokens.

use base64ct::{Base64UrlUnpadded, Encoding};
use jwt_core::{Algorithm, Error};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

use crate::material::{PrivateKeyMaterial, PublicKeyMaterial, invalid};
use crate::thumbprint::thumbprint;

/// A public key as a JWK: `kty`, the key's members, `alg` when given, `use: "sig"`, and
/// `kid` (by default the key's RFC 7638 thumbprint).
///
/// # Errors
///
/// `invalid_key` when `alg` does not fit the key, or for an EC key held compressed.
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } }
/// use jwt_strict::Algorithm;
/// use jwt_strict::keys::{public_jwk, Ed25519PublicParts, Jwk, PublicKeyMaterial};
/// use base64ct::{Base64UrlUnpadded, Encoding};
///
/// let x = Base64UrlUnpadded::decode_vec("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo").unwrap();
/// let key = PublicKeyMaterial::Ed25519(Ed25519PublicParts::new(&x)?);
/// let jwk = public_jwk(&key, Some(Algorithm::EdDsa), None)?;
/// assert_eq!(jwk["kid"], "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
/// assert_eq!(jwk["use"], "sig");
/// // And back: the same key.
/// let read = Jwk::parse(&serde_json::Value::Object(jwk).to_string())?;
/// assert_eq!(read.thumbprint()?, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
/// # Ok::<(), jwt_strict::Error>(())
/// ```
pub fn public_jwk(
    key: &PublicKeyMaterial,
    alg: Option<Algorithm>,
    kid: Option<&str>,
) -> Result<Map<String, Value>, Error> {
    if let Some(alg) = alg {
        key.check_algorithm(alg)?;
    }
    let mut jwk = Map::new();
    public_members(key, &mut jwk)?;
    let kid = match kid {
        Some(kid) => kid.to_owned(),
        None => thumbprint(key)?,
    };
    usage_members(&mut jwk, alg, kid);
    Ok(jwk)
}

/// A private key as a JWK, its private members (`d`, and an RSA key's `p`, `q`, `dp`,
/// `dq`, `qi`; an ML-DSA key's `priv` seed) beside the members of `public`, its public key: the JSON text, wiped when
/// dropped. Only for moving a key between systems; publish [`public_jwk`]s.
///
/// # Errors
///
/// `invalid_key` when `alg` does not fit the key, or when `public` is not the key's own
/// public key (as far as the private key's encoding carries it).
pub fn private_jwk(
    key: &PrivateKeyMaterial,
    public: &PublicKeyMaterial,
    alg: Option<Algorithm>,
    kid: Option<&str>,
) -> Result<Zeroizing<String>, Error> {
    if key
        .carried_public()
        .is_some_and(|carried| !carried.same_key(public))
    {
        return Err(invalid("the public key given is not this private key's"));
    }
    let mut jwk = public_jwk(public, alg, kid)?;
    let b64 = |bytes: &[u8]| Value::String(Base64UrlUnpadded::encode_string(bytes));
    match (key, public) {
        (PrivateKeyMaterial::Rsa(rsa), PublicKeyMaterial::Rsa(_)) => {
            jwk.insert("d".into(), b64(rsa.private_exponent()));
            let [p, q] = rsa.primes();
            let [dp, dq, qi] = rsa.crt_values();
            for (name, value) in [("p", p), ("q", q), ("dp", dp), ("dq", dq), ("qi", qi)] {
                jwk.insert(name.into(), b64(value));
            }
        }
        (PrivateKeyMaterial::Ec(ec), PublicKeyMaterial::Ec(point))
            if ec.curve() == point.curve() =>
        {
            jwk.insert("d".into(), b64(ec.scalar()));
        }
        (PrivateKeyMaterial::Ed25519(ed), PublicKeyMaterial::Ed25519(_)) => {
            jwk.insert("d".into(), b64(ed.seed()));
        }
        (PrivateKeyMaterial::MlDsa(ml), PublicKeyMaterial::MlDsa(public))
            if ml.level() == public.level() =>
        {
            // RFC 9964: an AKP private key is its 32-byte seed.
            jwk.insert("priv".into(), b64(ml.seed()));
        }
        _ => {
            return Err(invalid(
                "the public key given is not of the private key's type",
            ));
        }
    }
    Ok(Zeroizing::new(Value::Object(jwk).to_string()))
}

/// JWKs as a JWK Set: `{"keys":[…]}`.
pub fn jwk_set(keys: Vec<Map<String, Value>>) -> Value {
    let mut set = Map::new();
    set.insert(
        "keys".into(),
        Value::Array(keys.into_iter().map(Value::Object).collect()),
    );
    Value::Object(set)
}

fn public_members(key: &PublicKeyMaterial, jwk: &mut Map<String, Value>) -> Result<(), Error> {
    let b64 = |bytes: &[u8]| Value::String(Base64UrlUnpadded::encode_string(bytes));
    let text = |text: &str| Value::String(text.to_owned());
    match key {
        PublicKeyMaterial::Rsa(rsa) => {
            jwk.insert("kty".into(), text("RSA"));
            jwk.insert("n".into(), b64(rsa.modulus()));
            jwk.insert("e".into(), b64(rsa.public_exponent()));
        }
        PublicKeyMaterial::Ec(ec) => {
            let Some((0x04, coordinates)) = ec.point().split_first() else {
                return Err(invalid(
                    "a compressed EC point cannot be written as a JWK (it needs y)",
                ));
            };
            let (x, y) = coordinates.split_at(ec.curve().field_len().min(coordinates.len()));
            jwk.insert("kty".into(), text("EC"));
            jwk.insert("crv".into(), text(ec.curve().name()));
            jwk.insert("x".into(), b64(x));
            jwk.insert("y".into(), b64(y));
        }
        PublicKeyMaterial::Ed25519(ed) => {
            jwk.insert("kty".into(), text("OKP"));
            jwk.insert("crv".into(), text("Ed25519"));
            jwk.insert("x".into(), b64(ed.as_bytes()));
        }
        PublicKeyMaterial::MlDsa(ml) => {
            // RFC 9964: `alg` is required in an AKP key (it names the parameter set).
            jwk.insert("kty".into(), text("AKP"));
            jwk.insert("alg".into(), text(ml.level().name()));
            jwk.insert("pub".into(), b64(ml.as_bytes()));
        }
    }
    Ok(())
}

fn usage_members(jwk: &mut Map<String, Value>, alg: Option<Algorithm>, kid: String) {
    if let Some(alg) = alg {
        jwk.insert("alg".into(), Value::String(alg.name().to_owned()));
    }
    jwk.insert("use".into(), Value::String("sig".to_owned()));
    jwk.insert("kid".into(), Value::String(kid));
}
