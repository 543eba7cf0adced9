//! One contender's decode, or one raw primitive's verify, in a loop: for counting the
//! instructions the JWT layer adds over the primitive with callgrind, whose counts do not
//! move with the machine's load (time differences of a microsecond over a 30 µs RSA
//! verify do). With `--cache-sim=yes` callgrind also counts the first-level
//! instruction-cache misses, which tell why the layer costs more time than instructions:
//!
//! ```text
//! cargo build --release -p jwt-benches --example layer_loop
//! valgrind --tool=callgrind --toggle-collect='layer_loop::run' \
//!     target/release/examples/layer_loop RS256 jwt-awslc decode 200
//! valgrind --tool=callgrind --toggle-collect='layer_loop::run' \
//!     target/release/examples/layer_loop RS256 jwt-awslc raw-awslc 200
//! ```
//!
//! Arguments: ALG CONTENDER (`jwt`, `jwt-awslc`, …) WHAT (`decode`, a primitive:
//! `raw-awslc`, `raw-hmac`, …, or a primitive followed by a plain `serde_json` read of the
//! token's claims: `raw-awslc+serde_json`) COUNT [TOKEN]. Only the loop is counted
//! (`--toggle-collect`), so the instructions collected divided by COUNT are one
//! operation's. The primitive verifies the token's own signature: an ECDSA verify's count
//! moves with the signature's values, so the decode and its floor must check the same
//! one. WHAT = `token` prints a token of CONTENDER's to pass as TOKEN to both runs.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

/// What the loop repeats.
enum Operation {
    Decode(jwt_benches::Contender, String),
    Verify(jwt_benches::Primitive, Vec<u8>, Vec<u8>),
    /// The verify, then `serde_json::from_slice` of the claims into the claims type: the
    /// least any decode into a serde type does.
    VerifyAndRead(jwt_benches::Primitive, Vec<u8>, Vec<u8>, Vec<u8>),
}

/// One operation; whether the token or signature was accepted.
#[inline(always)]
fn perform(operation: &Operation) -> bool {
    match operation {
        Operation::Decode(contender, token) => (contender.decode)(black_box(token)),
        Operation::Verify(primitive, message, signature) => {
            (primitive.verify)(black_box(message), black_box(signature))
        }
        Operation::VerifyAndRead(primitive, message, signature, claims_json) => {
            let verified = (primitive.verify)(black_box(message), black_box(signature));
            let claims: jwt_benches::AccessClaims =
                serde_json::from_slice(black_box(claims_json)).unwrap();
            drop(black_box(claims));
            verified
        }
    }
}

/// The counted loop (callgrind's `--toggle-collect`).
#[inline(never)]
fn run(operation: &Operation, count: usize) {
    for _ in 0..count {
        assert!(perform(operation));
    }
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (alg, contender, what, count, given) = match args.as_slice() {
        [alg, contender, what, count] => (alg, contender, what, count, None),
        [alg, contender, what, count, token] => (alg, contender, what, count, Some(token)),
        _ => {
            eprintln!("usage: layer_loop ALG CONTENDER (token | decode | PRIMITIVE) COUNT [TOKEN]");
            return std::process::ExitCode::from(2);
        }
    };
    let alg: jwt_strict::Algorithm = alg.parse().expect("an algorithm name");
    let count: usize = count.parse().expect("a count");
    // Only what is asked for is built: under valgrind, parsing the other contenders' and
    // primitives' keys would take most of the run.
    let token = || match given {
        Some(token) => token.clone(),
        None => (contender_named(alg, contender).encode)(),
    };
    if what == "token" {
        println!("{}", token());
        return std::process::ExitCode::SUCCESS;
    }
    let operation = if what == "decode" {
        let token = token();
        Operation::Decode(contender_named(alg, contender), token)
    } else {
        let (raw, then_read) = match what.strip_suffix("+serde_json") {
            Some(raw) => (raw, true),
            None => (what.as_str(), false),
        };
        let token = token();
        let primitive = jwt_benches::primitive(alg, raw).expect("a primitive of this algorithm");
        let (message, signature) = jwt_benches::verify_input(primitive.name, alg, &token);
        if then_read {
            let claims_json = jwt_benches::claims_json(&token);
            Operation::VerifyAndRead(primitive, message, signature, claims_json)
        } else {
            Operation::Verify(primitive, message, signature)
        }
    };
    // Once outside the counted loop, so one-time set-up (a lazily built table, a cache
    // OpenSSL fills on first use) is not spread over the operations counted.
    assert!(perform(&operation));
    run(&operation, count);
    std::process::ExitCode::SUCCESS
}

fn contender_named(alg: jwt_strict::Algorithm, name: &str) -> jwt_benches::Contender {
    jwt_benches::contender(alg, name).expect("a contender of this algorithm")
}
