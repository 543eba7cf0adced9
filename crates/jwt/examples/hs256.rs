//! The tutorial's HS256 walk-through: make a token, look inside it, verify it, and see
//! each validation failure happen with the error the library gives.
//!
//! Run it with `cargo run -p jwt-strict --example hs256`.

use std::process::ExitCode;
use std::time::Duration;

use jwt_strict::hs::HmacKey;
use jwt_strict::{
    Algorithm, ErrorKind, Header, NumericDate, RegisteredClaims, Validation, danger, decode_at,
    encode,
};
use serde::{Deserialize, Serialize};

/// An access token's claims: the registered ones plus a scope.
#[derive(Debug, Serialize, Deserialize)]
struct AccessClaims {
    #[serde(flatten)]
    registered: RegisteredClaims,
    scope: String,
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("some step did not behave as described");
            ExitCode::FAILURE
        }
        Err(err) => {
            eprintln!("error: {}: {err}", err.kind());
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<bool, jwt_strict::Error> {
    let now = NumericDate::now();
    let minutes = |m: u64| now.checked_add(Duration::from_secs(m * 60));
    let key = HmacKey::new(Algorithm::Hs256, b"tutorial secret: at least 32 bytes long")?;

    println!("1. Make an HS256 access token");
    let claims = AccessClaims {
        registered: RegisteredClaims {
            iss: Some("https://auth.example".into()),
            sub: Some("alice".into()),
            aud: Some("api://orders".into()),
            exp: minutes(15),
            nbf: Some(now),
            iat: Some(now),
            jti: Some("tutorial-0001".into()),
        },
        scope: "orders:read".into(),
    };
    let token = encode(&Header::new(Algorithm::Hs256), &claims, &key)?;
    println!("   {token}\n");

    println!("2. Look inside it (NOT verified: anyone can read a JWT)");
    let unverified = danger::read_unverified::<serde_json::Value>(&token)?;
    println!(
        "   header: {}",
        serde_json::to_string(&unverified.header).unwrap_or_default()
    );
    println!("   claims: {}\n", unverified.claims);

    println!("3. Verify it as the orders API would");
    let api = Validation::new()
        .algorithms([Algorithm::Hs256])
        .issuer("https://auth.example")
        .audience("api://orders");
    let verified = decode_at::<AccessClaims>(&token, &key, &api, now)?;
    println!(
        "   ok: sub {:?}, scope {:?}\n",
        verified.claims.registered.sub.as_deref().unwrap_or(""),
        verified.claims.scope
    );

    println!("4. Each failure the tutorial talks about, for real");
    let mut all_as_described = true;
    let later = |m: u64| now.checked_add(Duration::from_secs(m * 60)).unwrap_or(now);
    let earlier = |m: u64| now.checked_sub(Duration::from_secs(m * 60)).unwrap_or(now);
    let cases: [(&str, ErrorKind, Result<(), jwt_strict::Error>); 6] = [
        (
            "expired",
            ErrorKind::ExpiredSignature,
            decode_at::<AccessClaims>(&token, &key, &api, later(16)).map(drop),
        ),
        (
            "not yet valid",
            ErrorKind::ImmatureSignature,
            decode_at::<AccessClaims>(&token, &key, &api, earlier(5)).map(drop),
        ),
        (
            "wrong audience",
            ErrorKind::InvalidAudience,
            decode_at::<AccessClaims>(
                &token,
                &key,
                &Validation::new()
                    .issuer("https://auth.example")
                    .audience("api://billing"),
                now,
            )
            .map(drop),
        ),
        (
            "wrong issuer",
            ErrorKind::InvalidIssuer,
            decode_at::<AccessClaims>(
                &token,
                &key,
                &Validation::new()
                    .issuer("https://other.example")
                    .audience("api://orders"),
                now,
            )
            .map(drop),
        ),
        (
            "tampered signature",
            ErrorKind::InvalidSignature,
            decode_at::<AccessClaims>(&tamper(&token), &key, &api, now).map(drop),
        ),
        ("wrong algorithm", ErrorKind::InvalidAlgorithm, {
            let hs512 = HmacKey::new(
                Algorithm::Hs512,
                b"a different secret that is long enough for HS512, i.e. 64 bytes!",
            )?;
            decode_at::<AccessClaims>(&token, &hs512, &Validation::new(), now).map(drop)
        }),
    ];
    for (what, expected, outcome) in cases {
        match outcome {
            Err(err) if err.kind() == expected => {
                println!("   {what:<18} -> {}: {err}", err.kind());
            }
            Err(err) => {
                all_as_described = false;
                println!("   {what:<18} -> UNEXPECTED {}: {err}", err.kind());
            }
            Ok(()) => {
                all_as_described = false;
                println!("   {what:<18} -> UNEXPECTEDLY ACCEPTED");
            }
        }
    }
    Ok(all_as_described)
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
