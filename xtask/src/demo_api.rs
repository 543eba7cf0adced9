//! The demo's last step: the example orders API (`crates/jwt-axum/examples/orders_api.rs`)
//! on a random loopback port, called with the tutorial's tokens.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use jwt_strict::{Error, ErrorKind};

/// The longest the example may take to build and start.
const START_TIMEOUT: Duration = Duration::from_secs(600);

/// One call: its name, method, path, token, and the status it must get.
pub(crate) struct Call<'a> {
    pub(crate) what: &'a str,
    pub(crate) method: &'a str,
    pub(crate) path: &'a str,
    pub(crate) token: Option<&'a str>,
    pub(crate) expected: u16,
}

/// The example API, stopped when dropped.
pub(crate) struct Api {
    child: Child,
    /// Where it listens: `127.0.0.1:PORT`.
    pub(crate) addr: String,
}

impl Drop for Api {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the example with `certificate` as its key and waits for `listening on ADDR`.
fn start(certificate: &Path, issuer: &str, audience: &str) -> Result<Api, Error> {
    let certificate = certificate.to_string_lossy();
    let args = [
        "--alg",
        "RS256",
        "--iss",
        issuer,
        "--aud",
        audience,
        "--key",
        &certificate,
    ];
    start_example(&args, false)
}

/// Builds and starts the example on a free loopback port with `args` (besides
/// `--addr`), in the release profile when `release`, and waits for `listening on ADDR`.
pub(crate) fn start_example(args: &[&str], release: bool) -> Result<Api, Error> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."));
    let mut command = Command::new(env!("CARGO"));
    command.current_dir(root).arg("run");
    if release {
        command.arg("--release");
    }
    let child = command
        .args(["-p", "jwt-axum", "--example", "orders_api", "--"])
        .args(["--addr", "127.0.0.1:0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()?;
    listening(child, START_TIMEOUT)
}

/// The example started as `child` (its standard output piped), once it prints
/// `listening on ADDR`, waiting at most `timeout`; stopped when dropped.
pub(crate) fn listening(mut child: Child, timeout: Duration) -> Result<Api, Error> {
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| Error::new(ErrorKind::Io, "the example's output is not readable"))?;
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(addr) = line.strip_prefix("listening on ") {
                let _ = sender.send(addr.to_owned());
                return;
            }
        }
    });
    let mut api = Api {
        child,
        addr: String::new(),
    };
    api.addr = receiver.recv_timeout(timeout).map_err(|_| {
        Error::new(
            ErrorKind::Io,
            "the example API did not print `listening on ADDR`",
        )
    })?;
    Ok(api)
}

/// Runs `calls` against the started example; returns the names of those whose status
/// was not the expected one.
pub(crate) fn run(
    certificate: &Path,
    issuer: &str,
    audience: &str,
    calls: &[Call<'_>],
) -> Result<Vec<String>, Error> {
    println!(
        "   building and starting the example API (axum, tokio, hyper): the first time this \
         compiles them, which takes a few minutes on 2 cores; cargo's progress follows"
    );
    let api = start(certificate, issuer, audience)?;
    println!(
        "   cargo run -p jwt-axum --example orders_api -- --addr 127.0.0.1:0 --key public_key.pem --alg RS256 --iss {issuer} --aud {audience}"
    );
    println!("   listening on {}", api.addr);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|err| Error::new(ErrorKind::Io, format!("no HTTP client: {err}")))?;
    let mut surprises = Vec::new();
    for call in calls {
        let url = format!("http://{}{}", api.addr, call.path);
        let mut request = match call.method {
            "POST" => client.post(url),
            _ => client.get(url),
        };
        if let Some(token) = call.token {
            request = request.bearer_auth(token);
        }
        let answer = runtime.block_on(async {
            let response = request.send().await?;
            let status = response.status().as_u16();
            let challenge = response
                .headers()
                .get("www-authenticate")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned);
            let body = response.text().await?;
            Ok::<_, reqwest::Error>((status, challenge, body))
        });
        let (status, challenge, body) = answer.map_err(|err| {
            Error::new(
                ErrorKind::Io,
                format!("{} {}: {err}", call.method, call.path),
            )
        })?;
        let mark = if status == call.expected {
            ""
        } else {
            "   UNEXPECTED"
        };
        println!(
            "   {:<22} {} {:<8} -> {status}{mark}",
            call.what, call.method, call.path
        );
        match challenge {
            Some(challenge) => println!("   {:<22} WWW-Authenticate: {challenge}", ""),
            None => println!("   {:<22} {body}", ""),
        }
        if status != call.expected {
            surprises.push(format!(
                "{} (status {status}, expected {})",
                call.what, call.expected
            ));
        }
    }
    Ok(surprises)
}
