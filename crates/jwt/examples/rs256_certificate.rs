//! The tutorial's RS256 flow: sign with `private_key.pem`, verify with the certificate
//! `public_key.pem`, both made by
//! `openssl req -x509 -nodes -newkey rsa:2048 -keyout private_key.pem -out public_key.pem`.
//!
//! Run it with `cargo run -p jwt-strict --example rs256_certificate [KEY_DIR]`; without a
//! folder it uses the test keys in `crates/jwt-test/fixtures/`. It runs on
//! `jwt_strict::backend`, whichever backend the features chose
//! (`--features openssl` for OpenSSL, `--features awslc` for AWS-LC).

#[cfg(not(feature = "asymmetric"))]
fn main() -> std::process::ExitCode {
    eprintln!(
        "error: this example needs an asymmetric backend feature (rustcrypto, the default, or another: see the crate docs)"
    );
    std::process::ExitCode::from(2)
}

#[cfg(feature = "asymmetric")]
fn main() -> std::process::ExitCode {
    with_backend::main()
}

#[cfg(feature = "asymmetric")]
mod with_backend {

    use std::path::PathBuf;
    use std::process::ExitCode;
    use std::time::Duration;

    use jwt_strict::backend::{SigningKey, VerifyingKey};
    use jwt_strict::{
        Algorithm, Header, NumericDate, RegisteredClaims, Validation, decode, encode,
    };

    pub(crate) fn main() -> ExitCode {
        match run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(err) => {
                eprintln!("error: {}: {err}", err.kind());
                ExitCode::from(2)
            }
        }
    }

    fn run() -> Result<(), jwt_strict::Error> {
        let dir = std::env::args_os().nth(1).map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../jwt-test/fixtures"),
            PathBuf::from,
        );
        let private_pem = std::fs::read_to_string(dir.join("private_key.pem"))?;
        let certificate_pem = std::fs::read_to_string(dir.join("public_key.pem"))?;

        // The issuer signs with the private key...
        let signing_key = SigningKey::from_pem(&private_pem, Algorithm::Rs256)?;
        let claims = RegisteredClaims {
            iss: Some("https://auth.example".into()),
            sub: Some("alice".into()),
            aud: Some("api://orders".into()),
            exp: NumericDate::now().checked_add(Duration::from_secs(900)),
            iat: Some(NumericDate::now()),
            ..Default::default()
        };
        let token = encode(&Header::new(Algorithm::Rs256), &claims, &signing_key)?;
        println!(
            "RS256 token ({} backend):\n{token}\n",
            jwt_strict::backend::NAME
        );

        // ...and every API that holds the certificate can check the token.
        let verifying_key = VerifyingKey::from_pem(&certificate_pem, Algorithm::Rs256)?;
        let validation = Validation::new()
            .issuer("https://auth.example")
            .audience("api://orders");
        let data = decode::<RegisteredClaims>(&token, &verifying_key, &validation)?;
        println!(
            "verified with the certificate: sub {:?}, expires {}",
            data.claims.sub.unwrap_or_default(),
            data.claims.exp.map(|t| t.to_string()).unwrap_or_default()
        );
        Ok(())
    }
}
