//! The stages of an HS256 decode as calls, each on its own input (see `jwt_core::stages`,
//! compiled with its `bench-stages` feature):
//! what the criterion group `HS256-stages` times, and the interleaved run times in
//! alternating windows so that the stages and the whole decode meet the same spells of
//! a shared machine.

use std::hint::black_box;

use jwt_core::stages;
use jwt_strict::{Algorithm, NumericDate, Validation};

use crate::{AUDIENCE, AccessClaims, ISSUER};

/// A stage's name (one of [`crate::STAGES`]) and a call that runs it once.
pub type StageCall = (&'static str, Box<dyn Fn()>);

/// One call per name of [`crate::STAGES`], in that order, all on one token of ours.
pub fn hs256_stage_calls() -> Vec<StageCall> {
    let ours = crate::contender(Algorithm::Hs256, "jwt").unwrap();
    let token = (ours.encode)();
    let segment = |index: usize| token.split('.').nth(index).unwrap().to_owned();
    let (header, payload, signature) = (segment(0), segment(1), segment(2));
    let decoded = |segment: &str| {
        use base64ct::{Base64UrlUnpadded, Encoding};
        Base64UrlUnpadded::decode_vec(segment).unwrap()
    };
    let (header_json, claims_json) = (decoded(&header), decoded(&payload));
    let validation = Validation::new()
        .algorithms([Algorithm::Hs256])
        .issuer(ISSUER)
        .audience(AUDIENCE);
    let now = NumericDate::now();
    let hmac = crate::primitive(Algorithm::Hs256, "raw-hmac").unwrap();
    let message = token.rsplit_once('.').unwrap().0.as_bytes().to_vec();
    let mac = (hmac.sign)(&message);
    let decode_segment = |segment: String| -> Box<dyn Fn()> {
        Box::new(move || {
            black_box(stages::decode_segment(black_box(&segment)).unwrap());
        })
    };
    let (verify, decode) = (hmac.verify, ours.decode);
    let split_token = token.clone();
    let (read_json, read_validation) = (claims_json.clone(), validation.clone());
    let calls: Vec<StageCall> = vec![
        (
            "split",
            Box::new(move || {
                black_box(stages::split(black_box(&split_token)).unwrap());
            }),
        ),
        ("base64 header", decode_segment(header)),
        ("base64 payload", decode_segment(payload)),
        ("base64 signature", decode_segment(signature)),
        (
            "header",
            Box::new(move || {
                drop(black_box(
                    stages::parse_header(black_box(&header_json)).unwrap(),
                ))
            }),
        ),
        (
            "claims read",
            Box::new(move || {
                let read =
                    stages::read_claims::<AccessClaims>(black_box(&read_json), &read_validation);
                drop(black_box(read.unwrap()));
            }),
        ),
        (
            "claims checked",
            Box::new(move || {
                let checked =
                    stages::check_claims::<AccessClaims>(black_box(&claims_json), &validation, now);
                drop(black_box(checked.unwrap()));
            }),
        ),
        (
            "hmac",
            Box::new(move || assert!(verify(black_box(&message), black_box(&mac)))),
        ),
        (
            "decode",
            Box::new(move || assert!(decode(black_box(&token)))),
        ),
    ];
    calls
}
