//! JWK thumbprints (RFC 7638): the SHA-256 of a key's required JWK members, in
//! lexicographic order without whitespace, base64url-encoded. A key's thumbprint names
//! it whatever other members (`kid`, `alg`, `use`) its JWK carries, which makes it the
//! default `kid`.

use base64ct::{Base64UrlUnpadded, Encoding};
use jwt_core::Error;
use sha2::{Digest, Sha256};

use crate::jwk::{Jwk, JwkKey};
use crate::material::{PublicKeyMaterial, invalid};

/// The RFC 7638 SHA-256 thumbprint of a public key.
///
/// # Errors
///
/// `invalid_key` for an EC key held in compressed form (the thumbprint needs both
/// coordinates).
///
/// ```
/// # mod jwt_strict { pub use jwt_core::*; pub mod keys { pub use jwt_keys::*; } }
/// use jwt_strict::keys::{thumbprint, Ed25519PublicParts, PublicKeyMaterial};
/// use base64ct::{Base64UrlUnpadded, Encoding};
///
/// // RFC 8037 appendix A.3.
/// let x = Base64UrlUnpadded::decode_vec("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo").unwrap();
/// let key = PublicKeyMaterial::Ed25519(Ed25519PublicParts::new(&x)?);
/// assert_eq!(thumbprint(&key)?, "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
/// # Ok::<(), jwt_strict::Error>(())
/// ```
pub fn thumbprint(key: &PublicKeyMaterial) -> Result<String, Error> {
    Ok(digest(&canonical_members(key)?))
}

/// The RFC 7638 SHA-256 thumbprint of an HMAC secret (an `oct` JWK).
pub fn secret_thumbprint(secret: &[u8]) -> String {
    digest(&format!(
        r#"{{"k":"{}","kty":"oct"}}"#,
        Base64UrlUnpadded::encode_string(secret)
    ))
}

impl Jwk {
    /// This JWK's RFC 7638 SHA-256 thumbprint (a private key's is its public half's).
    ///
    /// # Errors
    ///
    /// `invalid_key` when the key's public half is not at hand (a private EC or Ed25519
    /// key without its public point) or is a compressed EC point.
    pub fn thumbprint(&self) -> Result<String, Error> {
        match &self.key {
            JwkKey::Public(public) => thumbprint(public),
            JwkKey::Private(private) => private
                .carried_public()
                .ok_or_else(|| invalid("this private JWK does not carry its public key"))
                .and_then(|public| thumbprint(&public)),
            JwkKey::Secret(secret) => Ok(secret_thumbprint(secret)),
        }
    }
}

/// The required members of the key's JWK, in the order and form RFC 7638 hashes.
fn canonical_members(key: &PublicKeyMaterial) -> Result<String, Error> {
    let b64 = Base64UrlUnpadded::encode_string;
    Ok(match key {
        PublicKeyMaterial::Rsa(rsa) => format!(
            r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
            b64(rsa.public_exponent()),
            b64(rsa.modulus())
        ),
        PublicKeyMaterial::Ec(ec) => {
            let len = ec.curve().field_len();
            let coordinates = match ec.point().split_first() {
                Some((0x04, coordinates)) => coordinates,
                _ => {
                    return Err(invalid(
                        "a compressed EC point has no y coordinate to take a thumbprint of",
                    ));
                }
            };
            let (x, y) = coordinates.split_at(len.min(coordinates.len()));
            format!(
                r#"{{"crv":"{}","kty":"EC","x":"{}","y":"{}"}}"#,
                ec.curve().name(),
                b64(x),
                b64(y)
            )
        }
        PublicKeyMaterial::Ed25519(ed) => format!(
            r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#,
            b64(ed.as_bytes())
        ),
        // RFC 9964: an AKP key's thumbprint is over `alg`, `kty` and `pub`.
        PublicKeyMaterial::MlDsa(ml) => format!(
            r#"{{"alg":"{}","kty":"AKP","pub":"{}"}}"#,
            ml.level().name(),
            b64(ml.as_bytes())
        ),
    })
}

fn digest(canonical: &str) -> String {
    Base64UrlUnpadded::encode_string(&Sha256::digest(canonical.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::material::{EcCurve, EcPublicParts};

    #[test]
    fn members_are_in_the_order_rfc_7638_hashes() {
        let ec = EcPublicParts::from_coordinates(EcCurve::P256, &[1; 32], &[2; 32]).unwrap();
        assert_eq!(
            canonical_members(&PublicKeyMaterial::Ec(ec)).unwrap(),
            format!(
                r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#,
                Base64UrlUnpadded::encode_string(&[1; 32]),
                Base64UrlUnpadded::encode_string(&[2; 32])
            )
        );
        let mut compressed = vec![0x02];
        compressed.extend([1; 32]);
        let compressed = EcPublicParts::new(EcCurve::P256, &compressed).unwrap();
        assert!(thumbprint(&PublicKeyMaterial::Ec(compressed)).is_err());
        assert_eq!(
            secret_thumbprint(b"secret"),
            digest(r#"{"k":"c2VjcmV0","kty":"oct"}"#)
        );
    }
}
