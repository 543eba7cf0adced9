//! Real HTTP and HTTPS servers on 127.0.0.1:0 whose answers a test scripts, and keys to
//! sign tokens with.

#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Response, StatusCode, header};
use axum::routing::get;
use jwt_strict::{Algorithm, GeneratedKey, Header};
use serde_json::{Value, json};
use tokio::net::TcpListener;

/// What the server answers at `/jwks.json`.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub cache_control: Option<String>,
    pub etag: Option<String>,
    pub location: Option<String>,
    pub delay: Duration,
    /// Send the body in chunks, without `Content-Length`.
    pub streamed: bool,
}

impl Answer {
    pub fn set(set: &Value) -> Answer {
        Answer {
            status: 200,
            body: set.to_string().into_bytes(),
            cache_control: None,
            etag: None,
            location: None,
            delay: Duration::ZERO,
            streamed: false,
        }
    }

    pub fn status(status: u16) -> Answer {
        Answer {
            status,
            body: b"{\"error\":\"unavailable\"}".to_vec(),
            ..Answer::set(&json!({}))
        }
    }

    pub fn redirect(to: &str) -> Answer {
        Answer {
            location: Some(to.to_owned()),
            ..Answer::status(302)
        }
    }

    pub fn max_age(mut self, seconds: u64) -> Answer {
        self.cache_control = Some(format!("public, max-age={seconds}"));
        self
    }

    pub fn etag(mut self, etag: &str) -> Answer {
        self.etag = Some(etag.to_owned());
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Answer {
        self.delay = delay;
        self
    }
}

/// The scripted answer and the count of requests.
#[derive(Debug)]
pub struct Script {
    answer: Mutex<Answer>,
    hits: AtomicUsize,
    revalidations: AtomicUsize,
    /// Answers at other paths (issuer metadata), with their request counts.
    documents: Mutex<std::collections::HashMap<String, (Answer, usize)>>,
}

impl Script {
    /// Answers `answer` at `path` from now on (any path but `/jwks.json` and `/hop/N`;
    /// others are 404).
    pub fn serve(&self, path: &str, answer: Answer) {
        let mut documents = self.documents.lock().unwrap();
        let hits = documents.get(path).map_or(0, |(_, hits)| *hits);
        documents.insert(path.to_owned(), (answer, hits));
    }

    /// Requests received at `path`, one of those [`serve`](Script::serve) set.
    pub fn hits_at(&self, path: &str) -> usize {
        self.documents
            .lock()
            .unwrap()
            .get(path)
            .map_or(0, |(_, hits)| *hits)
    }

    pub fn answer(&self, answer: Answer) {
        *self.answer.lock().unwrap() = answer;
    }

    /// Requests received at `/jwks.json` so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    /// Requests that carried `If-None-Match`.
    pub fn revalidations(&self) -> usize {
        self.revalidations.load(Ordering::SeqCst)
    }
}

/// A server: its address and script. It stops when the test's runtime ends.
pub struct Server {
    pub addr: SocketAddr,
    pub script: Arc<Script>,
    pub https: bool,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        let scheme = if self.https { "https" } else { "http" };
        format!("{scheme}://{}{path}", self.addr)
    }
}

fn router(script: Arc<Script>) -> Router {
    Router::new()
        .route("/jwks.json", get(jwks))
        .route("/hop/{n}", get(hop))
        .fallback(document)
        .with_state(script)
}

async fn document(State(script): State<Arc<Script>>, uri: axum::http::Uri) -> Response<Body> {
    let answer = {
        let mut documents = script.documents.lock().unwrap();
        match documents.get_mut(uri.path()) {
            Some((answer, hits)) => {
                *hits += 1;
                answer.clone()
            }
            None => Answer::status(404),
        }
    };
    Response::builder()
        .status(StatusCode::from_u16(answer.status).unwrap())
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(answer.body))
        .unwrap()
}

async fn jwks(State(script): State<Arc<Script>>, headers: HeaderMap) -> Response<Body> {
    script.hits.fetch_add(1, Ordering::SeqCst);
    let answer = script.answer.lock().unwrap().clone();
    if !answer.delay.is_zero() {
        tokio::time::sleep(answer.delay).await;
    }
    let if_none_match = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok());
    if if_none_match.is_some() {
        script.revalidations.fetch_add(1, Ordering::SeqCst);
    }
    let not_modified = answer.etag.is_some() && if_none_match == answer.etag.as_deref();
    let mut response = Response::builder().status(if not_modified {
        StatusCode::NOT_MODIFIED
    } else {
        StatusCode::from_u16(answer.status).unwrap()
    });
    if let Some(value) = &answer.cache_control {
        response = response.header(header::CACHE_CONTROL, value);
    }
    if let Some(value) = &answer.etag {
        response = response.header(header::ETAG, value);
    }
    if let Some(value) = &answer.location {
        response = response.header(header::LOCATION, value);
    }
    let body = if not_modified {
        Vec::new()
    } else {
        answer.body
    };
    let body = if answer.streamed {
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = body
            .chunks(64 * 1024)
            .map(|chunk| Ok(chunk.to_vec()))
            .collect();
        Body::from_stream(futures_util::stream::iter(chunks))
    } else {
        Body::from(body)
    };
    response
        .header(header::CONTENT_TYPE, "application/json")
        .body(body)
        .unwrap()
}

/// `/hop/N` redirects to `/hop/N-1`; `/hop/0` to `/jwks.json`.
async fn hop(Path(n): Path<u32>) -> Response<Body> {
    let to = if n == 0 {
        "/jwks.json".to_owned()
    } else {
        format!("/hop/{}", n - 1)
    };
    Response::builder()
        .status(StatusCode::FOUND)
        .header(header::LOCATION, to)
        .body(Body::empty())
        .unwrap()
}

fn script(answer: Answer) -> Arc<Script> {
    Arc::new(Script {
        answer: Mutex::new(answer),
        hits: AtomicUsize::new(0),
        revalidations: AtomicUsize::new(0),
        documents: Mutex::default(),
    })
}

/// A plain HTTP server on 127.0.0.1:0, on the current runtime.
pub async fn http_server(answer: Answer) -> Server {
    let script = script(answer);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(script.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server {
        addr,
        script,
        https: false,
    }
}

/// A certificate for 127.0.0.1 and localhost made by the workspace's own gen-cert code
/// (a TLS server certificate: not a CA, with subject alternative names), and its key.
pub struct ServerCertificate {
    pub certificate_pem: String,
    pub private_key_pem: String,
}

pub fn server_certificate() -> ServerCertificate {
    let options = jwt_strict::x509::GenCertOptions {
        alg: Algorithm::Es256,
        rsa_bits: 2048,
        request: jwt_strict::x509::CertificateRequest {
            subject: "CN=localhost".to_owned(),
            days: 1,
            is_ca: false,
            alt_names: vec!["127.0.0.1".to_owned(), "localhost".to_owned()],
        },
    };
    let made = jwt_strict::x509::generate_key_and_certificate(&options).unwrap();
    ServerCertificate {
        certificate_pem: made.certificate.to_pem(),
        private_key_pem: made.private_key_pem.to_string(),
    }
}

/// An HTTPS server on 127.0.0.1:0 presenting `certificate`, on the current runtime.
pub async fn https_server(answer: Answer, certificate: &ServerCertificate) -> Server {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let certs =
        vec![CertificateDer::from_pem_slice(certificate.certificate_pem.as_bytes()).unwrap()];
    let key = PrivateKeyDer::from_pem_slice(certificate.private_key_pem.as_bytes()).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(certs, key)
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let script = script(answer);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = router(script.clone());
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                return;
            };
            let acceptor = acceptor.clone();
            let app = app.clone();
            tokio::spawn(async move {
                // A client that refuses the certificate ends the handshake: not an error here.
                let Ok(tls) = acceptor.accept(stream).await else {
                    return;
                };
                let service = hyper_util::service::TowerToHyperService::new(app);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    Server {
        addr,
        script,
        https: true,
    }
}

/// A signing key with its `kid`.
pub struct Signer {
    pub kid: String,
    pub alg: Algorithm,
    pub key: GeneratedKey,
}

impl Signer {
    pub fn new(kid: &str, alg: Algorithm) -> Signer {
        let key = jwt_strict::BACKENDS[0].generate(alg, 2048).unwrap();
        Signer {
            kid: kid.to_owned(),
            alg,
            key,
        }
    }

    pub fn jwk(&self) -> serde_json::Map<String, Value> {
        jwt_strict::keys::public_jwk(&self.key.public, Some(self.alg), Some(&self.kid)).unwrap()
    }

    /// A token for the access-token claims, under `kid` (which may differ from the key's).
    pub fn token_with_kid(&self, kid: &str) -> String {
        self.token_for(kid, "https://issuer.test/")
    }

    /// A token under `kid` naming `iss` as its issuer.
    pub fn token_for(&self, kid: &str, iss: &str) -> String {
        let mut header = Header::new(self.alg);
        header.kid = Some(kid.to_owned());
        let claims = json!({"iss": iss, "sub": "alice", "aud": "api://orders",
                            "exp": 4_000_000_000u64});
        jwt_strict::encode(&header, &claims, &*self.key.signer).unwrap()
    }

    pub fn token(&self) -> String {
        self.token_with_kid(&self.kid)
    }
}

/// The JWK Set of `signers`' public keys.
pub fn set_of(signers: &[&Signer]) -> Value {
    jwt_strict::keys::jwk_set(signers.iter().map(|s| s.jwk()).collect())
}

pub fn validation() -> jwt_strict::Validation {
    jwt_strict::Validation::new()
        .algorithms([Algorithm::Es256, Algorithm::EdDsa])
        .issuer("https://issuer.test/")
        .audience("api://orders")
}
