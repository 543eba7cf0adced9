//! The demo's discovery step: an identity provider on a loopback port publishes its
//! metadata (`/.well-known/openid-configuration`) and key set; the API is configured with
//! the issuer alone and finds the keys through the metadata.

use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::routing::get;
use jwt_jwks::RemoteKeySet;
use jwt_strict::keys::PublicKeyMaterial;
use jwt_strict::{Algorithm, Error, ErrorKind, JwsSigner, NumericDate, Validation};
use serde_json::{Value, json};

/// A provider serving `metadata` and `set` on a free loopback port, on its own runtime
/// (kept alive by the returned value); `issuer_for` makes the metadata from the issuer.
fn provider(
    issuer_for: impl Fn(&str) -> Value,
    set: Value,
) -> Result<(tokio::runtime::Runtime, String), Error> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let issuer = format!("http://{}", listener.local_addr()?);
    let metadata = issuer_for(&issuer);
    let app = Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(move || async move { Json(metadata) }),
        )
        .route("/keys", get(move || async move { Json(set) }));
    runtime.spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok((runtime, issuer))
}

/// The step: `signer` is the provider's key, `public` its public half.
pub(crate) fn run(
    steps: &mut crate::demo::Steps,
    signer: &dyn JwsSigner,
    public: &PublicKeyMaterial,
    audience: &str,
) -> Result<(), Error> {
    let kid = jwt_strict::keys::thumbprint(public)?;
    let jwk = jwt_strict::keys::public_jwk(public, Some(Algorithm::Rs256), Some(&kid))?;
    let set = jwt_strict::keys::jwk_set(vec![jwk]);
    let honest = |issuer: &str| json!({"issuer": issuer, "jwks_uri": format!("{issuer}/keys")});
    let (_provider, issuer) = provider(honest, set.clone())?;
    println!("   the provider: {issuer}/.well-known/openid-configuration names its jwks_uri");
    let keys = RemoteKeySet::issuer_builder(&issuer)
        .timeout(Duration::from_secs(5))
        .build_blocking()?;
    // No issuer in the validation: the configured one is required as iss.
    let validation = Validation::new()
        .algorithms([Algorithm::Rs256])
        .audience(audience);
    let token_from = |iss: &str| {
        let mut header = jwt_strict::Header::new(Algorithm::Rs256);
        header.kid = Some(kid.clone());
        let exp = NumericDate::now().as_unix_seconds() + 600;
        let claims = json!({"iss": iss, "sub": "alice", "aud": audience, "exp": exp});
        jwt_strict::encode(&header, &claims, signer)
    };
    steps.expect_ok(
        "a token from the issuer, its key found through discovery",
        keys.decode::<Value>(&token_from(&issuer)?, &validation),
    );
    println!("   the key set came from {}", keys.url());
    steps.expect_err(
        "another iss",
        ErrorKind::InvalidIssuer,
        keys.decode::<Value>(&token_from("https://evil.example")?, &validation),
    );
    // A provider whose metadata names another issuer is not trusted (OIDC Discovery 4.3).
    let lying = |_: &str| json!({"issuer": "https://evil.example", "jwks_uri": "https://evil.example/keys"});
    let (_liar, liar) = provider(lying, set)?;
    let fooled = RemoteKeySet::issuer_builder(&liar).build_blocking()?;
    steps.expect_err(
        "metadata of another",
        ErrorKind::KeySource,
        fooled.decode::<Value>(&token_from(&liar)?, &validation),
    );
    Ok(())
}
