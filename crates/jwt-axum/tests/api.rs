//! The layer in a real server on 127.0.0.1:0, called with a real HTTP client: every RFC
//! 6750 answer, the extractors, scopes, the RFC 9068 profile, a remote key set through
//! a rotation and an outage, and a concurrent mix of good and bad requests.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use jwt_axum::{BearerAuth, Claims, Keys, VerifiedToken, require_scope};
use jwt_strict::hs::HmacKey;
use jwt_strict::{Algorithm, Header, JwsSigner, Validation};
use reqwest::header::{AUTHORIZATION, RETRY_AFTER, WWW_AUTHENTICATE};
use serde_json::{Map, Value, json};

const SECRET: &[u8] = b"a shared secret of at least 32 bytes, for tests";
const ISS: &str = "https://auth.test";
const AUD: &str = "api://orders";

fn now() -> i64 {
    jwt_strict::NumericDate::now().as_unix_seconds()
}

fn hs256() -> HmacKey {
    HmacKey::new(Algorithm::Hs256, SECRET).unwrap()
}

/// Claims of a valid access token for alice, with `extra` merged in (null removes).
fn claims(extra: Value) -> Value {
    let mut claims = json!({"iss": ISS, "sub": "alice", "aud": AUD, "exp": now() + 600,
        "iat": now(), "jti": "t-1", "client_id": "orders-ui", "scope": "orders:read"});
    for (name, value) in extra.as_object().unwrap() {
        if value.is_null() {
            claims.as_object_mut().unwrap().remove(name);
        } else {
            claims[name] = value.clone();
        }
    }
    claims
}

fn sign(signer: &dyn JwsSigner, typ: Option<&str>, kid: Option<&str>, claims: &Value) -> String {
    let mut header = Header::new(signer.algorithm());
    header.typ = typ.map(str::to_owned);
    header.kid = kid.map(str::to_owned);
    jwt_strict::encode(&header, claims, signer).unwrap()
}

fn token(extra: Value) -> String {
    sign(&hs256(), Some("JWT"), None, &claims(extra))
}

#[derive(serde::Deserialize)]
struct Caller {
    sub: String,
}

#[derive(serde::Deserialize)]
struct Typed {
    #[allow(dead_code)]
    n: u32,
}

async fn me(Claims(claims): Claims<Map<String, Value>>, token: VerifiedToken) -> Json<Value> {
    Json(json!({"sub": claims["sub"], "scopes": token.scopes()}))
}

async fn list(Claims(caller): Claims<Caller>) -> String {
    format!("orders of {}", caller.sub)
}

async fn create() -> StatusCode {
    StatusCode::CREATED
}

async fn typed(Claims(_): Claims<Typed>) -> &'static str {
    "fits"
}

async fn hello(caller: Option<Claims<Caller>>) -> String {
    match caller {
        Some(Claims(caller)) => format!("hello {}", caller.sub),
        None => "hello, stranger".to_owned(),
    }
}

/// The test API: guarded routes, an optional one, and health.
fn app(keys: Keys, validation: Validation) -> Router {
    let guarded = Router::new()
        .route("/me", get(me))
        .route(
            "/orders",
            get(list.layer(require_scope("orders:read")))
                .post(create.layer(require_scope("orders:write"))),
        )
        .route("/typed", get(typed))
        .layer(BearerAuth::new(keys.clone(), validation.clone()).realm("orders"));
    let optional = Router::new()
        .route("/hello", get(hello))
        .layer(BearerAuth::new(keys, validation).optional());
    Router::new()
        .route("/health", get(|| async { "ok" }))
        .merge(guarded)
        .merge(optional)
}

fn validation() -> Validation {
    Validation::new()
        .algorithms([Algorithm::Hs256, Algorithm::Es256])
        .issuer(ISS)
        .audience(AUD)
}

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// One request: status, `WWW-Authenticate`, body.
async fn call(
    client: &reqwest::Client,
    addr: SocketAddr,
    method: &str,
    path: &str,
    authorization: &[&str],
) -> (u16, Option<String>, String) {
    let url = format!("http://{addr}{path}");
    let mut request = match method {
        "POST" => client.post(url),
        _ => client.get(url),
    };
    for value in authorization {
        request = request.header(AUTHORIZATION, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get(WWW_AUTHENTICATE)
        .map(|v| v.to_str().unwrap().to_owned());
    (status, challenge, response.text().await.unwrap())
}

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

fn error_of(body: &str) -> (String, String) {
    let body: Value = serde_json::from_str(body).unwrap();
    (
        body["error"].as_str().unwrap().to_owned(),
        body["error_description"].as_str().unwrap().to_owned(),
    )
}

#[tokio::test]
async fn answers_follow_rfc_6750() {
    let addr = serve(app(Keys::local(hs256()), validation())).await;
    let client = reqwest::Client::new();
    let get = |path: &'static str, auth: Vec<String>| {
        let client = client.clone();
        async move {
            let auth: Vec<&str> = auth.iter().map(String::as_str).collect();
            call(&client, addr, "GET", path, &auth).await
        }
    };

    assert_eq!(get("/health", vec![]).await.0, 200);
    assert_eq!(get("/me", vec![bearer(&token(json!({})))]).await.0, 200);
    assert_eq!(
        get("/me", vec![format!("bEaReR {}", token(json!({})))])
            .await
            .0,
        200
    );

    // No credentials: 401, a challenge without an error code. A token in the query
    // string is not credentials.
    let (status, challenge, body) = get("/me", vec![]).await;
    assert_eq!(
        (status, challenge.as_deref()),
        (401, Some("Bearer realm=\"orders\""))
    );
    // No error code without credentials (RFC 6750 3.1): the body describes, no more.
    let missing: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        missing,
        json!({"error_description": "send Authorization: Bearer <access token>"})
    );
    // Another scheme carries no bearer credentials: answered the same way.
    let (status, challenge, other_body) =
        get("/me", vec!["Basic YWxpY2U6cGFzc3dvcmQ=".to_owned()]).await;
    assert_eq!(
        (status, challenge.as_deref(), other_body),
        (401, Some("Bearer realm=\"orders\""), body)
    );
    let query = format!("/me?access_token={}", token(json!({})));
    let (status, challenge, _) = get(Box::leak(query.into_boxed_str()), vec![]).await;
    assert_eq!(
        (status, challenge.as_deref()),
        (401, Some("Bearer realm=\"orders\""))
    );

    // Malformed requests: 400 invalid_request.
    let good = bearer(&token(json!({})));
    for (auth, description) in [
        (
            vec![good.clone(), good.clone()],
            "more than one Authorization header",
        ),
        (
            vec![format!("Bearer\t{}", token(json!({})))],
            "the Bearer scheme must be followed by a space",
        ),
        (vec!["Bearer".to_owned()], "the bearer token is empty"),
        (
            vec![format!("{good} extra")],
            "the bearer token has characters a token cannot have",
        ),
    ] {
        let (status, challenge, body) = get("/me", auth).await;
        assert_eq!(status, 400, "{description}");
        assert_eq!(
            challenge.as_deref(),
            Some(format!(
                "Bearer realm=\"orders\", error=\"invalid_request\", error_description=\"{description}\""
            ))
            .as_deref()
        );
        assert_eq!(
            error_of(&body),
            ("invalid_request".to_owned(), description.to_owned())
        );
    }

    // Tokens that do not verify: 401 invalid_token naming the kind, and nothing else.
    let other_key =
        HmacKey::new(Algorithm::Hs256, b"another secret of at least 32 bytes!").unwrap();
    let tampered = sign(&other_key, Some("JWT"), None, &claims(json!({})));
    for (token, kind) in [
        (token(json!({"exp": now() - 10})), "expired_signature"),
        (token(json!({"nbf": now() + 600})), "immature_signature"),
        (token(json!({"aud": "api://billing"})), "invalid_audience"),
        (token(json!({"iss": "https://evil.test"})), "invalid_issuer"),
        (tampered, "invalid_signature"),
        ("not.a.token".to_owned(), "malformed_token"),
        (
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9.".to_owned(),
            "invalid_algorithm",
        ),
    ] {
        let (status, challenge, body) = get("/me", vec![bearer(&token)]).await;
        assert_eq!(status, 401, "{kind}");
        assert_eq!(
            challenge.as_deref(),
            Some(format!(
                "Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"{kind}\""
            ))
            .as_deref()
        );
        assert_eq!(
            error_of(&body),
            ("invalid_token".to_owned(), kind.to_owned())
        );
        assert!(!body.contains("billing") && !body.contains("evil") && !body.contains(ISS));
    }
}

#[tokio::test]
async fn handlers_get_the_claims_and_routes_their_scopes() {
    let addr = serve(app(Keys::local(hs256()), validation())).await;
    let client = reqwest::Client::new();
    let read = bearer(&token(json!({})));
    let (status, _, body) = call(&client, addr, "GET", "/me", &[&read]).await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"sub": "alice", "scopes": ["orders:read"]})
    );

    // Scopes from `scope` (a string) and from `scp` (an array).
    let scp = bearer(&token(
        json!({"scope": null, "scp": ["orders:read", "orders:write"]}),
    ));
    let (_, _, body) = call(&client, addr, "GET", "/me", &[&scp]).await;
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()["scopes"],
        json!(["orders:read", "orders:write"])
    );

    assert_eq!(
        call(&client, addr, "GET", "/orders", &[&read]).await.2,
        "orders of alice"
    );
    assert_eq!(call(&client, addr, "POST", "/orders", &[&scp]).await.0, 201);
    let (status, challenge, body) = call(&client, addr, "POST", "/orders", &[&read]).await;
    assert_eq!(status, 403);
    assert_eq!(
        challenge.as_deref(),
        Some(
            "Bearer realm=\"orders\", error=\"insufficient_scope\", \
             error_description=\"the token lacks scope orders:write\", scope=\"orders:write\""
        )
    );
    assert_eq!(error_of(&body).0, "insufficient_scope");
    let none = bearer(&token(json!({"scope": null})));
    assert_eq!(call(&client, addr, "GET", "/orders", &[&none]).await.0, 403);
    let space_separated = bearer(&token(json!({"scope": "profile orders:write"})));
    assert_eq!(
        call(&client, addr, "POST", "/orders", &[&space_separated])
            .await
            .0,
        201
    );
    assert_eq!(
        call(&client, addr, "GET", "/orders", &[&space_separated])
            .await
            .0,
        403
    );

    // Claims that do not fit the handler's type: 401 invalid_claim, never 500.
    let fits = bearer(&token(json!({"n": 7})));
    assert_eq!(
        call(&client, addr, "GET", "/typed", &[&fits]).await.2,
        "fits"
    );
    let (status, _, body) = call(
        &client,
        addr,
        "GET",
        "/typed",
        &[&bearer(&token(json!({"n": "x"})))],
    )
    .await;
    assert_eq!((status, error_of(&body).1.as_str()), (401, "invalid_claim"));

    // Optional: no token is fine, a bad one is not.
    assert_eq!(
        call(&client, addr, "GET", "/hello", &[]).await.2,
        "hello, stranger"
    );
    assert_eq!(
        call(&client, addr, "GET", "/hello", &[&read]).await.2,
        "hello alice"
    );
    let expired = bearer(&token(json!({"exp": now() - 1})));
    let (status, challenge, _) = call(&client, addr, "GET", "/hello", &[&expired]).await;
    assert_eq!(status, 401);
    assert_eq!(
        challenge.as_deref(),
        Some("Bearer error=\"invalid_token\", error_description=\"expired_signature\"")
    );
    // Another scheme is no bearer token: on an optional route, a stranger.
    assert_eq!(
        call(&client, addr, "GET", "/hello", &["Basic x"]).await.2,
        "hello, stranger"
    );
}

#[tokio::test]
async fn the_rfc_9068_profile_refuses_other_jwts() {
    let validation = Validation::access_token(ISS, AUD).algorithms([Algorithm::Hs256]);
    let addr = serve(app(Keys::local(hs256()), validation)).await;
    let client = reqwest::Client::new();
    let key = hs256();
    let at = |extra: Value, typ: &str| bearer(&sign(&key, Some(typ), None, &claims(extra)));
    assert_eq!(
        call(&client, addr, "GET", "/me", &[&at(json!({}), "at+jwt")])
            .await
            .0,
        200
    );
    assert_eq!(
        call(
            &client,
            addr,
            "GET",
            "/me",
            &[&at(json!({}), "application/at+jwt")]
        )
        .await
        .0,
        200
    );
    for (auth, kind) in [
        (at(json!({}), "JWT"), "invalid_type"),
        (
            bearer(&sign(&key, None, None, &claims(json!({})))),
            "invalid_type",
        ),
        (at(json!({"client_id": null}), "at+jwt"), "missing_claim"),
        (at(json!({"jti": null}), "at+jwt"), "missing_claim"),
        (at(json!({"sub": null}), "at+jwt"), "missing_claim"),
        (at(json!({"iat": null}), "at+jwt"), "missing_claim"),
    ] {
        let (status, _, body) = call(&client, addr, "GET", "/me", &[&auth]).await;
        assert_eq!((status, error_of(&body).1), (401, kind.to_owned()));
    }
}

/// A JWK Set server whose answer a test changes; counts its requests.
#[derive(Default)]
struct JwksServer {
    answer: Mutex<(u16, String)>,
    hits: AtomicUsize,
}

async fn jwks_server(served: Arc<JwksServer>) -> SocketAddr {
    let app = Router::new()
        .route(
            "/jwks.json",
            get(|State(served): State<Arc<JwksServer>>| async move {
                served.hits.fetch_add(1, Ordering::SeqCst);
                let (status, body) = served.answer.lock().unwrap().clone();
                (StatusCode::from_u16(status).unwrap(), body)
            }),
        )
        .with_state(served);
    serve(app).await
}

struct EcKey {
    key: jwt_strict::GeneratedKey,
    kid: &'static str,
}

impl EcKey {
    fn new(kid: &'static str) -> EcKey {
        EcKey {
            key: jwt_strict::BACKENDS[0]
                .generate(Algorithm::Es256, 2048)
                .unwrap(),
            kid,
        }
    }

    fn jwk(&self) -> Map<String, Value> {
        jwt_strict::keys::public_jwk(&self.key.public, Some(Algorithm::Es256), Some(self.kid))
            .unwrap()
    }

    fn bearer(&self) -> String {
        bearer(&sign(
            &*self.key.signer,
            Some("JWT"),
            Some(self.kid),
            &claims(json!({})),
        ))
    }
}

#[tokio::test]
async fn a_remote_key_set_follows_rotation_and_an_outage_is_503() {
    let old = EcKey::new("2026-10");
    let new = EcKey::new("2026-11");
    let served = Arc::new(JwksServer::default());
    *served.answer.lock().unwrap() = (200, jwt_strict::keys::jwk_set(vec![old.jwk()]).to_string());
    let jwks = jwks_server(served.clone()).await;
    let clock = Arc::new(jwt_jwks::ManualClock::new());
    let remote = jwt_jwks::RemoteKeySet::builder(&format!("http://{jwks}/jwks.json"))
        .clock(clock.clone())
        .build()
        .unwrap();
    let addr = serve(app(remote.into(), validation())).await;
    let client = reqwest::Client::new();
    assert_eq!(
        call(&client, addr, "GET", "/me", &[&old.bearer()]).await.0,
        200
    );

    // Before the provider rotates, an unknown kid refetches once (the last request was
    // a regular fetch) and is refused; the provider then rotates, and within the
    // cooldown of that refetch the new kid is refused; after it the set is fetched again
    // and the new kid verifies.
    let (status, _, body) = call(&client, addr, "GET", "/me", &[&new.bearer()]).await;
    assert_eq!(
        (status, error_of(&body).1.as_str()),
        (401, "no_matching_key")
    );
    *served.answer.lock().unwrap() = (
        200,
        jwt_strict::keys::jwk_set(vec![old.jwk(), new.jwk()]).to_string(),
    );
    let (status, _, body) = call(&client, addr, "GET", "/me", &[&new.bearer()]).await;
    assert_eq!(
        (status, error_of(&body).1.as_str()),
        (401, "no_matching_key")
    );
    clock.advance(Duration::from_secs(31));
    assert_eq!(
        call(&client, addr, "GET", "/me", &[&new.bearer()]).await.0,
        200
    );
    assert_eq!(
        call(&client, addr, "GET", "/me", &[&old.bearer()]).await.0,
        200
    );
    assert_eq!(served.hits.load(Ordering::SeqCst), 3);

    // The provider goes down: the last good set keeps serving.
    *served.answer.lock().unwrap() = (500, "down".to_owned());
    clock.advance(Duration::from_secs(601));
    assert_eq!(
        call(&client, addr, "GET", "/me", &[&new.bearer()]).await.0,
        200
    );
    assert_eq!(served.hits.load(Ordering::SeqCst), 4);

    // A key source that never answered: 503, not 401 and never 500.
    let down = Arc::new(JwksServer::default());
    *down.answer.lock().unwrap() = (500, "down".to_owned());
    let down_addr = jwks_server(down.clone()).await;
    let remote = jwt_jwks::RemoteKeySet::new(&format!("http://{down_addr}/jwks.json")).unwrap();
    let addr = serve(app(remote.into(), validation())).await;
    let response = client
        .get(format!("http://{addr}/me"))
        .header(AUTHORIZATION, old.bearer())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers().get(RETRY_AFTER).unwrap(), "30");
    assert!(response.headers().get(WWW_AUTHENTICATE).is_none());
    let body = response.text().await.unwrap();
    assert_eq!(
        error_of(&body),
        (
            "temporarily_unavailable".to_owned(),
            "key_source".to_owned()
        )
    );
    assert!(!body.contains(&down_addr.to_string()), "{body}");
    // A token that is not a JWS is the client's fault whatever the provider's state:
    // 401 invalid_token, and no request for it.
    let hits = down.hits.load(Ordering::SeqCst);
    let response = client
        .get(format!("http://{addr}/me"))
        .header(AUTHORIZATION, "Bearer not.a-jwt")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let challenge = response.headers().get(WWW_AUTHENTICATE).unwrap();
    assert!(
        challenge
            .to_str()
            .unwrap()
            .contains("error=\"invalid_token\""),
        "{challenge:?}"
    );
    assert_eq!(down.hits.load(Ordering::SeqCst), hits);
}

/// Path, method, authorization, expected status.
type Case = (&'static str, &'static str, Option<String>, u16);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_mixed_requests_over_sixteen_connections() {
    let addr = serve(app(Keys::local(hs256()), validation())).await;
    let good = bearer(&token(json!({})));
    let expired = bearer(&token(json!({"exp": now() - 10})));
    let writer = bearer(&token(json!({"scope": "orders:write"})));
    let cases: Arc<Vec<Case>> = Arc::new(vec![
        ("/orders", "GET", Some(good.clone()), 200),
        ("/orders", "GET", Some(expired), 401),
        ("/orders", "GET", None, 401),
        ("/orders", "POST", Some(good.clone()), 403),
        ("/orders", "POST", Some(writer), 201),
        ("/me", "GET", Some("Basic x".to_owned()), 401),
        ("/me", "GET", Some(format!("{good}x")), 401),
        ("/health", "GET", None, 200),
    ]);
    let tasks: Vec<_> = (0..16)
        .map(|connection| {
            let cases = cases.clone();
            tokio::spawn(async move {
                // One client, one kept-alive connection, per task.
                let client = reqwest::Client::builder()
                    .pool_max_idle_per_host(1)
                    .build()
                    .unwrap();
                let mut answered = 0;
                for i in 0..125 {
                    let (path, method, auth, expected) =
                        &cases[(connection * 125 + i) % cases.len()];
                    let auth: Vec<&str> = auth.iter().map(String::as_str).collect();
                    let (status, _, _) = call(&client, addr, method, path, &auth).await;
                    assert_eq!(status, *expected, "{method} {path} {auth:?}");
                    answered += 1;
                }
                answered
            })
        })
        .collect();
    let mut total = 0;
    for task in tasks {
        total += tokio::time::timeout(Duration::from_secs(120), task)
            .await
            .unwrap()
            .unwrap();
    }
    assert_eq!(total, 2000);
}

/// An identity provider's metadata and key set, served on 127.0.0.1:0; counts requests.
async fn provider(set: Value) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let issuer = format!("http://{addr}/");
    let metadata = json!({"issuer": issuer, "jwks_uri": format!("http://{addr}/jwks.json")});
    let (on_metadata, on_set) = (hits.clone(), hits.clone());
    let app = Router::new()
        .route(
            "/.well-known/openid-configuration",
            get(move || async move {
                on_metadata.fetch_add(1, Ordering::SeqCst);
                Json(metadata)
            }),
        )
        .route(
            "/jwks.json",
            get(move || async move {
                on_set.fetch_add(1, Ordering::SeqCst);
                Json(set)
            }),
        );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (issuer, hits)
}

/// Several issuers, each with its keys, audience and algorithms: the token's `iss`
/// chooses, an unlisted one is refused without any request, and a token signed with one
/// issuer's key that names another fails.
#[tokio::test]
async fn several_issuers_each_with_its_own_keys_and_checks() {
    // Both keys have the same kid, so that only the signature tells them apart.
    let a = EcKey::new("k1");
    let b = EcKey::new("k1");
    let set_a = jwt_strict::public_key_set_on(
        &json!({"keys": [a.jwk()]}).to_string(),
        &jwt_strict::BACKENDS[0],
    )
    .unwrap();
    let (issuer_b, hits_b) = provider(json!({"keys": [b.jwk()]})).await;
    let checks = |aud: &str| {
        Validation::new()
            .algorithms([Algorithm::Es256])
            .audience(aud)
    };
    let layer = BearerAuth::trusting([
        jwt_axum::TrustedIssuer::new("https://a.test/", Keys::local(set_a), checks(AUD)),
        jwt_axum::TrustedIssuer::discovered(&issuer_b, checks("api://b")).unwrap(),
    ]);
    let app = Router::new().route("/me", get(me)).layer(layer);
    let addr = serve(app).await;
    let client = reqwest::Client::new();
    let signed = |key: &EcKey, iss: &str, aud: &str| {
        bearer(&sign(
            &*key.key.signer,
            None,
            Some("k1"),
            &claims(json!({"iss": iss, "aud": aud})),
        ))
    };
    let refused = |(status, _, body): (u16, Option<String>, String)| {
        assert_eq!(status, 401, "{body}");
        error_of(&body)
    };
    // Unlisted, or no iss at all: refused before any request for keys.
    let evil = signed(&b, "https://evil.test/", "api://b");
    assert_eq!(
        refused(call(&client, addr, "GET", "/me", &[&evil]).await),
        ("invalid_token".into(), "invalid_issuer".into())
    );
    let none = bearer(&sign(
        &*b.key.signer,
        None,
        Some("k1"),
        &claims(json!({"iss": null, "aud": "api://b"})),
    ));
    assert_eq!(
        refused(call(&client, addr, "GET", "/me", &[&none]).await),
        ("invalid_token".into(), "missing_claim".into())
    );
    assert_eq!(hits_b.load(Ordering::SeqCst), 0);
    // Each issuer's own tokens pass, with its own audience.
    for good in [
        signed(&a, "https://a.test/", AUD),
        signed(&b, &issuer_b, "api://b"),
    ] {
        let (status, _, body) = call(&client, addr, "GET", "/me", &[&good]).await;
        assert_eq!(status, 200, "{body}");
    }
    assert_eq!(hits_b.load(Ordering::SeqCst), 2, "B's metadata and set");
    // A's key naming B (and the reverse) fails the named issuer's keys; A's token with
    // B's audience fails A's checks.
    for (token, kind) in [
        (signed(&a, &issuer_b, "api://b"), "invalid_signature"),
        (signed(&b, "https://a.test/", AUD), "invalid_signature"),
        (signed(&a, "https://a.test/", "api://b"), "invalid_audience"),
    ] {
        assert_eq!(
            refused(call(&client, addr, "GET", "/me", &[&token]).await),
            ("invalid_token".into(), kind.into())
        );
    }
}

/// The token may come from a cookie the layer names (opt-in); the header wins; never
/// from the query string.
#[tokio::test]
async fn a_token_cookie_is_read_only_when_asked() {
    let cookie_app = |name: Option<&str>| {
        let layer = BearerAuth::new(Keys::local(hs256()), validation());
        let layer = match name {
            Some(name) => layer.cookie(name),
            None => layer,
        };
        Router::new().route("/me", get(me)).layer(layer)
    };
    let with_cookie = serve(cookie_app(Some("access_token"))).await;
    let without = serve(cookie_app(None)).await;
    let client = reqwest::Client::new();
    let good = token(json!({}));
    let send = |addr: SocketAddr, path: String, headers: Vec<(&'static str, String)>| {
        let client = client.clone();
        async move {
            let mut request = client.get(format!("http://{addr}{path}"));
            for (name, value) in headers {
                request = request.header(name, value);
            }
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    let cookie = |value: &str| vec![("cookie", format!("theme=dark; access_token={value}"))];
    assert_eq!(send(with_cookie, "/me".into(), cookie(&good)).await.0, 200);
    assert_eq!(send(without, "/me".into(), cookie(&good)).await.0, 401);
    // The header wins: a bad bearer token is not rescued by a good cookie.
    let mut both = cookie(&good);
    both.push((
        "authorization",
        bearer(&token(json!({"aud": "api://other"}))),
    ));
    let (status, body) = send(with_cookie, "/me".into(), both).await;
    assert_eq!(
        (status, error_of(&body).1.as_str()),
        (401, "invalid_audience")
    );
    // Two cookies of the name, or one that is not a token: 400.
    let two = vec![(
        "cookie",
        format!("access_token={good}; access_token={good}"),
    )];
    let (status, body) = send(with_cookie, "/me".into(), two).await;
    assert_eq!(
        (status, error_of(&body).1.as_str()),
        (400, "more than one token cookie")
    );
    assert_eq!(send(with_cookie, "/me".into(), cookie("a b")).await.0, 400);
    // The query string is never read.
    for addr in [with_cookie, without] {
        let path = format!("/me?access_token={good}");
        assert_eq!(send(addr, path, Vec::new()).await.0, 401);
    }
}
