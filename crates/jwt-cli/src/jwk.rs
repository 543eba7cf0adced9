//! `jwt jwk`: key files as JWKs or a JWK Set to publish, or their RFC 7638 thumbprints.

use std::path::{Path, PathBuf};

use clap::Args;
use jwt_strict::keys::{
    KeyMaterial, PublicKeyMaterial, jwk_set, private_jwk, public_jwk, thumbprint,
};
use jwt_strict::{Algorithm, ErrorKind};
use serde_json::Value;

use crate::failure::Failure;
use crate::input;

/// The options of `jwt jwk`.
#[derive(Debug, Args)]
pub(crate) struct JwkArgs {
    /// Key files, PEM or DER: private keys (their public half is written), public keys,
    /// certificates.
    #[arg(required = true, value_name = "KEYFILE")]
    files: Vec<PathBuf>,
    /// The JWKs' alg, checked against each key. Default: the one algorithm of an EC or
    /// Ed25519 key; none for RSA (which then serves RS* and PS*).
    #[arg(long, value_parser = crate::cli::parse_algorithm)]
    alg: Option<Algorithm>,
    /// The kid (default: each key's RFC 7638 thumbprint); with one KEYFILE only.
    #[arg(long, value_name = "ID")]
    kid: Option<String>,
    /// Print one JWK Set ({"keys":[…]}) instead of one JWK per line.
    #[arg(long)]
    set: bool,
    /// Print the private members too (private key files only). The output is then a
    /// secret: never publish it.
    #[arg(long)]
    private: bool,
    /// Print each key's RFC 7638 SHA-256 thumbprint only, one per line.
    #[arg(long, conflicts_with_all = ["set", "kid", "private", "alg"])]
    thumbprint: bool,
    /// The asymmetric backend that computes a public key a private key file does not
    /// carry, one of `jwt backends`.
    #[arg(long, value_name = "NAME")]
    backend: Option<String>,
}

/// Prints the JWKs, the set, or the thumbprints.
pub(crate) fn run(args: &JwkArgs) -> Result<(), Failure> {
    if args.kid.is_some() && args.files.len() > 1 {
        return Err(Failure::invalid(
            ErrorKind::InvalidKey,
            "--kid names one key: give one KEYFILE, or let each kid be its thumbprint",
        ));
    }
    let backend = match &args.backend {
        Some(name) => jwt_strict::backend_named(name),
        None => jwt_strict::BACKENDS.first(),
    }
    .ok_or_else(|| {
        Failure::invalid(
            ErrorKind::InvalidKey,
            format!(
                "backend {} is not compiled in (see jwt backends)",
                args.backend.as_deref().unwrap_or("(default)")
            ),
        )
    })?;
    let mut jwks = Vec::with_capacity(args.files.len());
    for path in &args.files {
        let bytes = input::file(path)?;
        let in_file = |err: jwt_strict::Error| {
            Failure::problem(jwt_strict::Error::new(
                err.kind(),
                format!("{}: {err}", path.display()),
            ))
        };
        let public = backend.public_from_pem_or_der(&bytes).map_err(in_file)?;
        if args.thumbprint {
            println!("{}", thumbprint(&public).map_err(in_file)?);
            continue;
        }
        let alg = args.alg.or_else(|| default_alg(&public));
        let kid = args.kid.as_deref();
        if args.private {
            let private = private_material(path, &bytes)?;
            let text = private_jwk(&private, &public, alg, kid).map_err(in_file)?;
            let jwk: Value = serde_json::from_str(&text).map_err(|err| {
                Failure::problem(jwt_strict::Error::new(
                    ErrorKind::InvalidKey,
                    err.to_string(),
                ))
            })?;
            jwks.push(jwk);
        } else {
            jwks.push(Value::Object(
                public_jwk(&public, alg, kid).map_err(in_file)?,
            ));
        }
    }
    if args.set {
        let keys = jwks
            .into_iter()
            .filter_map(|jwk| match jwk {
                Value::Object(members) => Some(members),
                _ => None,
            })
            .collect();
        println!("{}", jwk_set(keys));
    } else {
        for jwk in jwks {
            println!("{jwk}");
        }
    }
    Ok(())
}

/// The algorithm a key's type fixes: an EC key's curve, Ed25519; none for RSA.
fn default_alg(key: &PublicKeyMaterial) -> Option<Algorithm> {
    match key {
        PublicKeyMaterial::Ec(ec) => Some(ec.curve().algorithm()),
        PublicKeyMaterial::Ed25519(_) => Some(Algorithm::EdDsa),
        _ => None,
    }
}

fn private_material(
    path: &Path,
    bytes: &[u8],
) -> Result<jwt_strict::keys::PrivateKeyMaterial, Failure> {
    match KeyMaterial::from_pem_or_der(bytes) {
        Ok(KeyMaterial::Private(private)) => Ok(private),
        Ok(KeyMaterial::Public(_)) => Err(Failure::invalid(
            ErrorKind::InvalidKey,
            format!("--private: {} holds a public key", path.display()),
        )),
        Err(err) => Err(Failure::problem(jwt_strict::Error::new(
            err.kind(),
            format!("{}: {err}", path.display()),
        ))),
    }
}
