//! `cargo xtask demo`: the tutorial ("Working with JWTs in Python") end to end, in Rust,
//! printed step by step for a newcomer, and last an identity provider found by its
//! issuer. It exits 0 only if every step behaved as it
//! says.

use std::process::ExitCode;
use std::time::Duration;

use jwt_strict::hs::HmacKey;
use jwt_strict::x509::{GenCertOptions, generate_key_and_certificate};
use jwt_strict::{
    Algorithm, Error, ErrorKind, Header, JwsVerifier, NumericDate, RegisteredClaims, Validation,
    danger, decode_at, encode,
};

const ISSUER: &str = "https://auth.example";
const AUDIENCE: &str = "api://orders";

/// Counts the steps that did not behave as described.
#[derive(Default)]
pub(crate) struct Steps {
    surprises: Vec<String>,
}

impl Steps {
    pub(crate) fn expect_ok<T>(&mut self, what: &str, outcome: Result<T, Error>) -> Option<T> {
        match outcome {
            Ok(value) => {
                println!("   ok: {what}");
                Some(value)
            }
            Err(err) => {
                println!("   UNEXPECTED: {what} failed: {}: {err}", err.kind());
                self.surprises.push(what.to_owned());
                None
            }
        }
    }

    pub(crate) fn expect_err<T>(
        &mut self,
        what: &str,
        expected: ErrorKind,
        outcome: Result<T, Error>,
    ) {
        match outcome {
            Err(err) if err.kind() == expected => {
                println!("   {what:<20} -> {}: {err}", err.kind())
            }
            Err(err) => {
                println!(
                    "   {what:<20} -> UNEXPECTED {}: {err} (expected {expected})",
                    err.kind()
                );
                self.surprises.push(what.to_owned());
            }
            Ok(_) => {
                println!("   {what:<20} -> UNEXPECTEDLY ACCEPTED (expected {expected})");
                self.surprises.push(what.to_owned());
            }
        }
    }
}

/// Runs the demo.
pub(crate) fn run() -> ExitCode {
    let mut steps = Steps::default();
    if let Err(err) = walk_through(&mut steps) {
        println!("   UNEXPECTED: {}: {err}", err.kind());
        steps.surprises.push("setup".to_owned());
    }
    println!();
    if steps.surprises.is_empty() {
        println!("Every step behaved as described.");
        ExitCode::SUCCESS
    } else {
        println!(
            "{} step(s) did not behave as described: {}",
            steps.surprises.len(),
            steps.surprises.join(", ")
        );
        ExitCode::FAILURE
    }
}

fn claims(now: NumericDate, jti: &str) -> RegisteredClaims {
    RegisteredClaims {
        iss: Some(ISSUER.into()),
        sub: Some("alice".into()),
        aud: Some(AUDIENCE.into()),
        exp: now.checked_add(Duration::from_secs(15 * 60)),
        nbf: Some(now),
        iat: Some(now),
        jti: Some(jti.into()),
    }
}

fn show(token: &str) -> Result<(), Error> {
    let read = danger::read_unverified::<serde_json::Value>(token)?;
    println!("   token:  {token}");
    println!(
        "   header: {}",
        serde_json::to_string(&read.header).unwrap_or_default()
    );
    println!("   claims: {}", read.claims);
    Ok(())
}

fn walk_through(steps: &mut Steps) -> Result<(), Error> {
    let now = NumericDate::now();
    let folder = tempfile::tempdir().map_err(Error::from)?;

    println!("1. Make a signing key and its certificate, as");
    println!(
        "   openssl req -x509 -nodes -newkey rsa:2048 -keyout private_key.pem -out public_key.pem"
    );
    let made = generate_key_and_certificate(&GenCertOptions::default())?;
    let written = made.write_to(folder.path(), false)?;
    println!(
        "   wrote {} ({} private key)",
        written.private_key.display(),
        made.key_description
    );
    println!(
        "   wrote {} (certificate for {}, SHA-256 {})",
        written.certificate.display(),
        made.certificate.subject(),
        made.certificate.fingerprint_sha256()
    );

    println!("\n2. An HS256 token: signed with a shared secret");
    let secret = b"a shared secret of at least 32 bytes, as RFC 7518 asks";
    let hs256 = HmacKey::new(Algorithm::Hs256, secret)?;
    let hs_token = encode(
        &Header::new(Algorithm::Hs256),
        &claims(now, "demo-hs-1"),
        &hs256,
    )?;
    show(&hs_token)?;

    println!("\n3. An RS256 token: signed with private_key.pem");
    let private_pem = std::fs::read_to_string(&written.private_key)?;
    let rs256 = jwt_strict::backend::SigningKey::from_pem(&private_pem, Algorithm::Rs256)?;
    let rs_token = encode(
        &Header::new(Algorithm::Rs256),
        &claims(now, "demo-rs-1"),
        &rs256,
    )?;
    show(&rs_token)?;

    println!("\n4. Verify them as the orders API would (signature, algorithm, iss, aud, exp, nbf)");
    let api = Validation::new()
        .algorithms([Algorithm::Hs256, Algorithm::Rs256])
        .issuer(ISSUER)
        .audience(AUDIENCE);
    steps.expect_ok(
        "HS256 token verified with the shared secret",
        decode_at::<RegisteredClaims>(&hs_token, &hs256, &api, now),
    );
    let certificate_pem = std::fs::read_to_string(&written.certificate)?;
    // Every compiled-in backend of the registry checks the RS256 token.
    let mut verifiers: Vec<(&str, Box<dyn JwsVerifier>)> =
        Vec::with_capacity(jwt_strict::BACKENDS.len());
    for backend in jwt_strict::BACKENDS {
        let verifier =
            backend.verifier_from_pem_or_der(certificate_pem.as_bytes(), Algorithm::Rs256)?;
        verifiers.push((backend.name, verifier));
    }
    for (backend, verifier) in &verifiers {
        let what = format!("RS256 token verified with public_key.pem on the {backend} backend");
        steps.expect_ok(
            &what,
            decode_at::<RegisteredClaims>(&rs_token, verifier, &api, now),
        );
    }
    if verifiers.len() == 1 {
        println!(
            "   (the OpenSSL backend is not compiled in: cargo run -p xtask --features openssl -- demo)"
        );
    }

    println!("\n5. Every failure the tutorial talks about, for real");
    let certificate_key: &dyn JwsVerifier = verifiers
        .first()
        .map(|(_, verifier)| verifier.as_ref())
        .ok_or_else(|| Error::new(ErrorKind::InvalidKey, "no backend"))?;
    let minutes = |m: u64| Duration::from_secs(m * 60);
    let later = now.checked_add(minutes(16)).unwrap_or(now);
    let earlier = now.checked_sub(minutes(5)).unwrap_or(now);
    steps.expect_err(
        "expired",
        ErrorKind::ExpiredSignature,
        decode_at::<RegisteredClaims>(&rs_token, certificate_key, &api, later),
    );
    steps.expect_err(
        "not yet valid",
        ErrorKind::ImmatureSignature,
        decode_at::<RegisteredClaims>(&rs_token, certificate_key, &api, earlier),
    );
    let other_audience = Validation::new().issuer(ISSUER).audience("api://billing");
    steps.expect_err(
        "wrong audience",
        ErrorKind::InvalidAudience,
        decode_at::<RegisteredClaims>(&rs_token, certificate_key, &other_audience, now),
    );
    let other_issuer = Validation::new()
        .issuer("https://evil.example")
        .audience(AUDIENCE);
    steps.expect_err(
        "wrong issuer",
        ErrorKind::InvalidIssuer,
        decode_at::<RegisteredClaims>(&rs_token, certificate_key, &other_issuer, now),
    );
    steps.expect_err(
        "tampered signature",
        ErrorKind::InvalidSignature,
        decode_at::<RegisteredClaims>(&tamper(&rs_token), certificate_key, &api, now),
    );
    // The classic attack: an HS256 token whose secret is the public certificate itself.
    let forger = HmacKey::new(Algorithm::Hs256, certificate_pem.as_bytes())?;
    let forged = encode(
        &Header::new(Algorithm::Hs256),
        &claims(now, "forged"),
        &forger,
    )?;
    steps.expect_err(
        "wrong algorithm",
        ErrorKind::InvalidAlgorithm,
        decode_at::<RegisteredClaims>(&forged, certificate_key, &api, now),
    );

    println!(
        "\n6. Access tokens guard an API: the example orders API (jwt-axum), called over HTTP"
    );
    let access = |exp: NumericDate, aud: &str, scope: &str| {
        let mut registered = claims(now, "demo-api");
        registered.exp = Some(exp);
        registered.aud = Some(aud.into());
        let mut claims = match serde_json::to_value(registered) {
            Ok(serde_json::Value::Object(claims)) => claims,
            _ => {
                return Err(Error::new(
                    ErrorKind::InvalidClaim,
                    "claims are not an object",
                ));
            }
        };
        claims.insert("scope".to_owned(), scope.into());
        encode(&Header::new(Algorithm::Rs256), &claims, &rs256)
    };
    let in_15_minutes = now.checked_add(minutes(15)).unwrap_or(now);
    let reader = access(in_15_minutes, AUDIENCE, "orders:read")?;
    let expired = access(earlier, AUDIENCE, "orders:read")?;
    let billing = access(in_15_minutes, "api://billing", "orders:read")?;
    let call = |what, method, path, token, expected| crate::demo_api::Call {
        what,
        method,
        path,
        token,
        expected,
    };
    let calls = [
        call("health, no token", "GET", "/health", None, 200),
        call("valid token", "GET", "/me", Some(reader.as_str()), 200),
        call(
            "valid, orders:read",
            "GET",
            "/orders",
            Some(reader.as_str()),
            200,
        ),
        call(
            "missing scope",
            "POST",
            "/orders",
            Some(reader.as_str()),
            403,
        ),
        call("expired", "GET", "/orders", Some(expired.as_str()), 401),
        call(
            "wrong audience",
            "GET",
            "/orders",
            Some(billing.as_str()),
            401,
        ),
        call("no token", "GET", "/orders", None, 401),
    ];
    match crate::demo_api::run(&written.certificate, ISSUER, AUDIENCE, &calls) {
        Ok(surprises) => steps.surprises.extend(surprises),
        Err(err) => {
            println!("   UNEXPECTED: the example API: {}: {err}", err.kind());
            steps.surprises.push("the example API".to_owned());
        }
    }

    println!(
        "\n7. An identity provider found by its issuer: OpenID Connect Discovery, then its keys"
    );
    crate::demo_discovery::run(steps, &rs256, &made.certificate.public_key()?, AUDIENCE)?;
    Ok(())
}

/// Flips one bit of the signature's first byte, keeping the encoding canonical.
fn tamper(token: &str) -> String {
    let (signed, signature) = token.rsplit_once('.').unwrap_or((token, ""));
    let mut chars: Vec<char> = signature.chars().collect();
    if let Some(first) = chars.first_mut() {
        *first = if *first == 'A' { 'B' } else { 'A' };
    }
    format!("{signed}.{}", chars.into_iter().collect::<String>())
}
