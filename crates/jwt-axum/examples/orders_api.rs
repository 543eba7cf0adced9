//! The orders API of the tutorial, guarded by access tokens.
//!
//! ```text
//! cargo run -p jwt-axum --example orders_api -- --addr 127.0.0.1:8080 \
//!     (--key FILE | --jwks FILE|URL) --alg RS256 --iss https://auth.example --aud api://orders
//! cargo run -p jwt-axum --example orders_api -- --addr 127.0.0.1:8080 \
//!     --issuer https://tenant-a.example/ --issuer https://login.example/realms/b \
//!     --alg RS256,ES256 --aud api://orders
//! ```
//!
//! `--issuer` (repeatable) trusts each issuer with the keys its metadata names (OpenID
//! Connect Discovery, else RFC 8414); the token's `iss` chooses among them.
//!
//! - `GET /health`: no token needed.
//! - `GET /me`: any valid token; answers `{"sub": …, "scopes": […]}`.
//! - `GET /orders`: scope `orders:read`.
//! - `POST /orders`: scope `orders:write`.
//!
//! It prints `listening on ADDR` once it accepts connections (with `--addr
//! 127.0.0.1:0`, ADDR names the port it got). `--backends` prints the backends compiled
//! in, fastest first, and exits.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use axum::handler::Handler;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use clap::{ArgGroup, Parser};
use jwt_axum::{BearerAuth, Claims, Keys, TrustedIssuer, VerifiedToken, require_scope};
use jwt_strict::{Algorithm, Error, ErrorKind, Header, JwsVerifier, KeySource, Validation};
use serde_json::{Value, json};

/// The orders API, guarded by bearer access tokens.
#[derive(Debug, Parser)]
#[command(group(ArgGroup::new("keys").required(true).args(["key", "jwks", "issuer", "backends"])))]
struct Args {
    /// The address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The verifying key: a PEM or DER public key, certificate or private key.
    #[arg(long, value_name = "FILE")]
    key: Option<PathBuf>,
    /// A JWK Set of trusted keys: a file, or an https:// URL (http:// on loopback).
    #[arg(long, value_name = "FILE|URL")]
    jwks: Option<String>,
    /// The accepted algorithms; repeat, or give a comma list.
    #[arg(long, required_unless_present = "backends", value_delimiter = ',', value_parser = parse_alg)]
    alg: Vec<Algorithm>,
    /// A trusted issuer, its keys found through its metadata; repeat for several. Its
    /// tokens must name it as iss.
    #[arg(long, value_name = "URL", conflicts_with = "iss")]
    issuer: Vec<String>,
    /// The accepted issuer, with --key or --jwks.
    #[arg(long, required_unless_present_any = ["issuer", "backends"])]
    iss: Option<String>,
    /// The accepted audience.
    #[arg(long, required_unless_present = "backends")]
    aud: Option<String>,
    /// Also read the token from this cookie when no Authorization header comes.
    #[arg(long, value_name = "NAME")]
    cookie: Option<String>,
    /// The backend that verifies (default: the fastest compiled in: awslc, then
    /// openssl, then rustcrypto).
    #[arg(long, value_name = "NAME")]
    backend: Option<String>,
    /// Turn the cache of verified tokens off (to measure what it saves).
    #[arg(long)]
    no_cache: bool,
    /// Print the backends compiled in, fastest first, one per line, and exit.
    #[arg(long, exclusive = true)]
    backends: bool,
}

/// The backend `--backend` names, or the first of the registry (the fastest).
fn backend(args: &Args) -> Result<&'static jwt_strict::BackendEntry, Error> {
    match &args.backend {
        Some(name) => jwt_strict::backend_named(name).ok_or_else(|| {
            Error::new(
                ErrorKind::InvalidKey,
                format!("backend {name} is not compiled in"),
            )
        }),
        None => jwt_strict::BACKENDS
            .first()
            .ok_or_else(|| Error::new(ErrorKind::InvalidKey, "no backend compiled in")),
    }
}

fn parse_alg(name: &str) -> Result<Algorithm, String> {
    name.parse().map_err(|err: Error| err.to_string())
}

/// One key loaded for each algorithm it can serve; the token's `alg` picks.
#[derive(Debug)]
struct KeyPerAlgorithm(Vec<Box<dyn JwsVerifier>>);

impl KeySource for KeyPerAlgorithm {
    type Verifier = dyn JwsVerifier;

    fn key_for(
        &self,
        header: &Header,
        _allowed: Option<&[jwt_strict::Algorithm]>,
    ) -> Result<&Self::Verifier, Error> {
        self.0
            .iter()
            .find(|key| key.algorithm() == header.alg)
            .map(AsRef::as_ref)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidAlgorithm,
                    format!("the key does not serve {}", header.alg),
                )
            })
    }
}

/// The layer: one key source and issuer, or the issuers given with `--issuer`.
fn bearer_auth(args: &Args) -> Result<BearerAuth, Error> {
    let aud = args
        .aud
        .as_deref()
        .ok_or_else(|| Error::new(ErrorKind::InvalidAudience, "--aud is required"))?;
    let checks = Validation::new()
        .algorithms(args.alg.iter().copied())
        .audience(aud);
    let layer = match &args.iss {
        Some(iss) => BearerAuth::new(keys(args)?, checks.issuer(iss)),
        None => BearerAuth::trusting(
            args.issuer
                .iter()
                .map(|issuer| TrustedIssuer::discovered(issuer, checks.clone()))
                .collect::<Result<Vec<_>, Error>>()?,
        ),
    };
    let layer = layer.realm("orders");
    let layer = if args.no_cache {
        layer.without_cache()
    } else {
        layer
    };
    Ok(match &args.cookie {
        Some(name) => layer.cookie(name),
        None => layer,
    })
}

fn keys(args: &Args) -> Result<Keys, Error> {
    let backend = backend(args)?;
    if let Some(path) = &args.key {
        let bytes = std::fs::read(path)?;
        let mut verifiers = Vec::new();
        let mut refusal = None;
        for alg in &args.alg {
            match backend.verifier_from_pem_or_der(&bytes, *alg) {
                Ok(verifier) => verifiers.push(verifier),
                Err(err) => refusal = Some(err),
            }
        }
        if verifiers.is_empty() {
            return Err(refusal.unwrap_or_else(|| Error::new(ErrorKind::InvalidKey, "no --alg")));
        }
        return Ok(Keys::local(KeyPerAlgorithm(verifiers)));
    }
    let source = args.jwks.as_deref().unwrap_or_default();
    // Anything with a scheme is a URL, as for `jwt verify --jwks`: the client refuses
    // every scheme but https (and http on loopback) with a message that says so.
    if source.contains("://") {
        return Ok(jwt_jwks::RemoteKeySet::builder(source)
            .backend(backend)
            .build()?
            .into());
    }
    let text = std::fs::read_to_string(source)?;
    Ok(Keys::local(jwt_strict::key_set_on(&text, backend)?))
}

async fn health() -> &'static str {
    "ok"
}

async fn me(token: VerifiedToken) -> Json<Value> {
    Json(json!({"sub": token.claims().get("sub"), "scopes": token.scopes()}))
}

#[derive(serde::Deserialize)]
struct Caller {
    sub: String,
}

async fn list_orders(Claims(caller): Claims<Caller>) -> Json<Value> {
    Json(json!([{"id": 1, "owner": caller.sub, "item": "coffee beans"}]))
}

async fn create_order(Claims(caller): Claims<Caller>) -> (StatusCode, Json<Value>) {
    (
        StatusCode::CREATED,
        Json(json!({"id": 2, "owner": caller.sub})),
    )
}

fn app(auth: BearerAuth) -> Router {
    let guarded = Router::new()
        .route("/me", get(me))
        .route(
            "/orders",
            get(list_orders.layer(require_scope("orders:read")))
                .post(create_order.layer(require_scope("orders:write"))),
        )
        .layer(auth);
    Router::new().route("/health", get(health)).merge(guarded)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if args.backends {
        for backend in jwt_strict::BACKENDS {
            println!("{}", backend.name);
        }
        return ExitCode::SUCCESS;
    }
    let auth = match bearer_auth(&args) {
        Ok(auth) => auth,
        Err(err) => {
            eprintln!("error: {}: {err}", err.kind());
            return ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(args.addr).await {
        Ok(listener) => listener,
        Err(err) => {
            eprintln!("error: io: cannot listen on {}: {err}", args.addr);
            return ExitCode::from(2);
        }
    };
    if let Ok(backend) = backend(&args) {
        eprintln!("verifying with the {} backend", backend.name);
    }
    match listener.local_addr() {
        Ok(addr) => println!("listening on {addr}"),
        Err(err) => {
            eprintln!("error: io: {err}");
            return ExitCode::from(2);
        }
    }
    if let Err(err) = axum::serve(listener, app(auth)).await {
        eprintln!("error: io: {err}");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
