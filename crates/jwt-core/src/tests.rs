//! End-to-end tests of encode and decode, one per error kind, with the toy algorithm.

use std::time::Duration;

use proptest::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::testing::ToyKey;
use crate::*;

pub(crate) const NOW: i64 = 1_800_000_000;
const SECRET: &[u8] = b"a toy secret that is long enough!";

pub(crate) fn now() -> NumericDate {
    NumericDate::from_unix_seconds(NOW).unwrap()
}

fn key() -> ToyKey {
    ToyKey::new(Algorithm::Hs256, SECRET)
}

fn b64(bytes: &[u8]) -> String {
    crate::compact::encode(bytes)
}

/// Builds a token from raw header and claims text, signed with `key`: lets tests
/// write what `encode` never would.
fn forge(header: &str, claims: &str, key: &ToyKey) -> String {
    let input = format!("{}.{}", b64(header.as_bytes()), b64(claims.as_bytes()));
    let sig = key.sign(input.as_bytes()).unwrap();
    format!("{input}.{}", b64(&sig))
}

fn good_claims() -> Value {
    json!({"iss": "https://auth.example", "sub": "alice", "aud": "api://orders", "exp": NOW + 600})
}

fn strict() -> Validation {
    Validation::new()
        .issuer("https://auth.example")
        .audience("api://orders")
        .subject("alice")
        .typ("JWT")
}

fn decode_err(token: &str, validation: &Validation) -> Error {
    decode_at::<Map<String, Value>>(token, &key(), validation, now()).unwrap_err()
}

fn assert_kind(err: &Error, kind: ErrorKind, mentions: &str) {
    assert_eq!(err.kind(), kind, "{err}");
    assert!(
        err.to_string().contains(mentions),
        "message {:?} should mention {mentions:?}",
        err.to_string()
    );
}

fn claims_err(claims: Value, validation: &Validation) -> Error {
    let token = forge(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &claims.to_string(),
        &key(),
    );
    decode_err(&token, validation)
}

#[test]
fn round_trip_into_a_struct_a_map_and_registered_claims() {
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Access {
        #[serde(flatten)]
        registered: RegisteredClaims,
        scope: Vec<String>,
    }
    let claims = Access {
        registered: RegisteredClaims {
            iss: Some("https://auth.example".into()),
            sub: Some("alice".into()),
            aud: Some(Audience::Many(vec!["x".into(), "api://orders".into()])),
            exp: now().checked_add(Duration::from_secs(60)),
            nbf: Some(now()),
            iat: Some(now()),
            jti: Some("id-1".into()),
        },
        scope: vec!["orders:read".into()],
    };
    let token = encode(&Header::new(Algorithm::Hs256), &claims, &key()).unwrap();
    let as_struct: TokenData<Access> = decode_at(&token, &key(), &strict(), now()).unwrap();
    assert_eq!(as_struct.claims, claims);
    assert_eq!(as_struct.header, Header::new(Algorithm::Hs256));
    let as_map: TokenData<Map<String, Value>> =
        decode_at(&token, &key(), &strict(), now()).unwrap();
    assert_eq!(as_map.claims["scope"], json!(["orders:read"]));
    let registered: TokenData<RegisteredClaims> =
        decode_at(&token, &key(), &strict(), now()).unwrap();
    assert_eq!(registered.claims, claims.registered);
}

#[test]
fn encode_writes_the_signers_kid_and_alg() {
    let mut signer = key();
    signer.kid = Some("k-1".into());
    let token = encode(&Header::new(Algorithm::Hs256), &good_claims(), &signer).unwrap();
    let data = decode_at::<Value>(&token, &key(), &strict(), now()).unwrap();
    assert_eq!(data.header.kid.as_deref(), Some("k-1"));

    // A header made for another algorithm: the token still says the signer's, and
    // verifies as such; it cannot be mislabelled.
    let mut header = Header::new(Algorithm::Hs384);
    header.kid = Some("mine".into());
    let token = encode(&header, &good_claims(), &key()).unwrap();
    let data = decode_at::<Value>(&token, &key(), &strict(), now()).unwrap();
    assert_eq!(data.header.alg, Algorithm::Hs256);
    assert_eq!(data.header.kid.as_deref(), Some("mine"));
}

#[test]
fn encode_refuses_claims_that_decode_would_refuse() {
    let header = Header::new(Algorithm::Hs256);
    let err = encode(&header, &json!(["not", "an", "object"]), &key()).unwrap_err();
    assert_kind(&err, ErrorKind::InvalidClaim, "JSON object");
    let err = encode(&header, &json!({"exp": "tomorrow"}), &key()).unwrap_err();
    assert_kind(&err, ErrorKind::InvalidClaim, "exp");
    assert_eq!(err.claim(), Some("exp"));
}

#[test]
fn malformed_segments() {
    let token = encode(&Header::new(Algorithm::Hs256), &good_claims(), &key()).unwrap();
    let (head, _) = token.split_once('.').unwrap();
    for bad in [
        String::new(),
        head.to_owned(),
        format!("{head}.x"),
        format!("{token}."),
        format!("{token}.x.y"),
        format!(".{token}"),
        format!("Bearer {token}"),
    ] {
        let err = decode_err(&bad, &strict());
        assert_eq!(err.kind(), ErrorKind::MalformedToken, "{bad}: {err}");
        assert!(err.to_string().contains("segment"), "{err}");
    }
}

#[test]
fn padding_is_malformed() {
    let token = forge(r#"{"alg":"HS256"}"#, r#"{"exp":1900000000}"#, &key());
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    parts[2].push('=');
    let err = decode_err(&parts.join("."), &Validation::new());
    assert_kind(&err, ErrorKind::MalformedToken, "padding");
    assert!(err.to_string().contains("signature segment"), "{err}");
}

#[test]
fn non_canonical_base64_is_malformed_in_every_segment() {
    let token = forge(r#"{"alg":"HS256"}"#, r#"{"exp":1900000000}"#, &key());
    let parts: Vec<&str> = token.split('.').collect();
    // The signature's last character carries 4 unused bits (32 bytes = 43 characters);
    // flipping one gives a second spelling of the same bytes.
    let mut sig = parts[2].as_bytes().to_vec();
    let last = sig.last_mut().unwrap();
    // Toggle the lowest of the unused bits: base64url 'A'..'Z','a'..'z' are consecutive.
    *last = if (*last - b'A').is_multiple_of(2) {
        *last + 1
    } else {
        *last - 1
    };
    assert!(
        last.is_ascii_alphabetic(),
        "test assumes a letter as the last character"
    );
    let same_bytes_other_spelling = String::from_utf8(sig).unwrap();
    let bad = format!("{}.{}.{}", parts[0], parts[1], same_bytes_other_spelling);
    let err = decode_err(&bad, &Validation::new());
    assert_kind(&err, ErrorKind::MalformedToken, "signature segment");
    // "e30" is `{}`; "e31" decodes to the same bytes under a lenient decoder.
    let err = decode_err("e31.e30.AAAA", &Validation::new());
    assert_kind(&err, ErrorKind::MalformedToken, "header segment");
    let err = decode_err(
        &format!("{}.e31.{}", parts[0], parts[2]),
        &Validation::new(),
    );
    assert_kind(&err, ErrorKind::MalformedToken, "payload segment");
    for bad_char in ["+", "/", " ", "?"] {
        let bad = format!("{}.{}{bad_char}.{}", parts[0], parts[1], parts[2]);
        let err = decode_err(&bad, &Validation::new());
        assert_kind(&err, ErrorKind::MalformedToken, "payload segment");
    }
}

#[test]
fn non_object_header_and_claims() {
    for header in [
        "[]",
        "\"HS256\"",
        "null",
        "{",
        "\u{feff}{\"alg\":\"HS256\"}",
    ] {
        let err = decode_err(&forge(header, "{}", &key()), &Validation::new());
        assert_kind(&err, ErrorKind::MalformedToken, "header");
    }
    for claims in ["[]", "\"x\"", "123", "null", "", "{}x"] {
        let token = forge(r#"{"alg":"HS256"}"#, claims, &key());
        let err = decode_err(&token, &Validation::new());
        assert_kind(&err, ErrorKind::MalformedToken, "claims");
    }
}

#[test]
fn invalid_utf8_is_malformed() {
    let input = format!(
        "{}.{}",
        b64(br#"{"alg":"HS256"}"#),
        b64(b"{\"sub\":\"\xff\"}")
    );
    let sig = key().sign(input.as_bytes()).unwrap();
    let err = decode_err(&format!("{input}.{}", b64(&sig)), &Validation::new());
    assert_kind(&err, ErrorKind::MalformedToken, "claims");
}

#[test]
fn duplicate_members() {
    let err = decode_err(
        &forge(r#"{"alg":"HS256","alg":"HS256"}"#, "{}", &key()),
        &Validation::new(),
    );
    assert_kind(
        &err,
        ErrorKind::MalformedToken,
        "duplicate member name \"alg\"",
    );
    let err = decode_err(
        &forge(
            r#"{"alg":"HS256"}"#,
            r#"{"exp":1,"exp":1900000000}"#,
            &key(),
        ),
        &Validation::new(),
    );
    assert_kind(
        &err,
        ErrorKind::MalformedToken,
        "duplicate member name \"exp\"",
    );
    let err = decode_err(
        &forge(
            r#"{"alg":"HS256"}"#,
            r#"{"exp":1900000000,"cnf":{"k":1,"k":2}}"#,
            &key(),
        ),
        &Validation::new(),
    );
    assert_kind(
        &err,
        ErrorKind::MalformedToken,
        "duplicate member name \"k\"",
    );
}

#[test]
fn too_large_is_checked_before_decoding() {
    let err = decode_err(&"!".repeat(DEFAULT_MAX_TOKEN_LEN + 1), &Validation::new());
    assert_kind(&err, ErrorKind::TokenTooLarge, "65536");
    let token = encode(&Header::new(Algorithm::Hs256), &good_claims(), &key()).unwrap();
    let err = decode_err(&token, &strict().max_token_len(token.len() - 1));
    assert_kind(&err, ErrorKind::TokenTooLarge, "limit");
    decode_at::<Value>(&token, &key(), &strict().max_token_len(token.len()), now()).unwrap();
}

#[test]
fn alg_none_in_any_case_is_invalid_algorithm() {
    for none in ["none", "None", "NONE", "nOnE"] {
        let header = format!(r#"{{"alg":"{none}"}}"#);
        let unsigned = format!(
            "{}.{}.",
            b64(header.as_bytes()),
            b64(br#"{"exp":1900000000}"#)
        );
        let err = decode_err(&unsigned, &Validation::new());
        assert_kind(&err, ErrorKind::InvalidAlgorithm, none);
        assert_eq!(err.claim(), Some("alg"));
        // Even with a "signature" made by a real key, none stays none.
        let err = decode_err(&forge(&header, "{}", &key()), &Validation::new());
        assert_kind(&err, ErrorKind::InvalidAlgorithm, none);
    }
}

#[test]
fn alg_not_allowed_or_not_the_keys() {
    let token = encode(&Header::new(Algorithm::Hs256), &good_claims(), &key()).unwrap();
    let only_hs512 = strict().algorithms([Algorithm::Hs512]);
    let err = decode_err(&token, &only_hs512);
    assert_kind(
        &err,
        ErrorKind::InvalidAlgorithm,
        "HS256 is not allowed; expected one of [HS512]",
    );
    // A token whose alg differs from the key's is refused before any signature check,
    // even if the caller's list allows it.
    let hs384_key = ToyKey::new(Algorithm::Hs384, SECRET);
    let token = encode(&Header::new(Algorithm::Hs384), &good_claims(), &hs384_key).unwrap();
    let err = decode_err(
        &token,
        &strict().algorithms([Algorithm::Hs256, Algorithm::Hs384]),
    );
    assert_kind(&err, ErrorKind::InvalidAlgorithm, "key, which is for HS256");
    let rs = forge(r#"{"alg":"RS256"}"#, r#"{"exp":1900000000}"#, &key());
    assert_kind(
        &decode_err(&rs, &Validation::new()),
        ErrorKind::InvalidAlgorithm,
        "RS256",
    );
}

#[test]
fn tampered_signature_payload_and_header() {
    let token = encode(&Header::new(Algorithm::Hs256), &good_claims(), &key()).unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let mut sig = crate::compact::decode(parts[2], "signature").unwrap();
    for bit in [0, 7, 100, 255] {
        sig[bit / 8] ^= 1 << (bit % 8);
        let bad = format!("{}.{}.{}", parts[0], parts[1], b64(&sig));
        assert_kind(
            &decode_err(&bad, &strict()),
            ErrorKind::InvalidSignature,
            "HS256 signature",
        );
        sig[bit / 8] ^= 1 << (bit % 8);
    }
    let other_claims = b64(
        json!({"iss":"https://auth.example","sub":"admin","aud":"api://orders","exp":NOW+600})
            .to_string()
            .as_bytes(),
    );
    let bad = format!("{}.{other_claims}.{}", parts[0], parts[2]);
    assert_kind(
        &decode_err(&bad, &strict()),
        ErrorKind::InvalidSignature,
        "does not verify",
    );
    let short = format!("{}.{}.{}", parts[0], parts[1], b64(&sig[..31]));
    assert_kind(
        &decode_err(&short, &strict()),
        ErrorKind::InvalidSignature,
        "32 bytes",
    );
    let empty = format!("{}.{}.", parts[0], parts[1]);
    assert_kind(
        &decode_err(&empty, &strict()),
        ErrorKind::InvalidSignature,
        "0 bytes",
    );
    let wrong_key = ToyKey::new(Algorithm::Hs256, b"another secret, also long enough");
    let err = decode_at::<Value>(&token, &wrong_key, &strict(), now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidSignature);
}

#[test]
fn signature_is_checked_before_claims() {
    let expired = forge(r#"{"alg":"HS256"}"#, r#"{"exp":1}"#, &key());
    let forged = format!("{}AAAA", &expired[..expired.len() - 4]);
    assert_eq!(
        decode_err(&forged, &Validation::new()).kind(),
        ErrorKind::InvalidSignature
    );
    assert_eq!(
        decode_err(&expired, &Validation::new()).kind(),
        ErrorKind::ExpiredSignature
    );
}

#[test]
fn expired() {
    let err = claims_err(json!({"exp": NOW}), &Validation::new());
    assert_kind(
        &err,
        ErrorKind::ExpiredSignature,
        "expired at 2027-01-15T08:00:00Z (exp), now 2027-01-15T08:00:00Z, leeway 0s",
    );
    assert_eq!(err.claim(), Some("exp"));
}

#[test]
fn not_yet_valid() {
    let err = claims_err(
        json!({"exp": NOW + 600, "nbf": NOW + 60}),
        &Validation::new(),
    );
    assert_kind(
        &err,
        ErrorKind::ImmatureSignature,
        "not valid before 2027-01-15T08:01:00Z (nbf)",
    );
    assert_eq!(err.claim(), Some("nbf"));
}

#[test]
fn issued_in_the_future() {
    let err = claims_err(
        json!({"exp": NOW + 600, "iat": NOW + 60}),
        &Validation::new(),
    );
    assert_kind(&err, ErrorKind::InvalidIssuedAt, "iat");
}

#[test]
fn audience_string_and_list() {
    let v = Validation::new().audience("api://orders");
    let err = claims_err(json!({"exp": NOW + 600, "aud": "api://billing"}), &v);
    assert_kind(
        &err,
        ErrorKind::InvalidAudience,
        "aud [\"api://billing\"] names no accepted audience; expected \"api://orders\"",
    );
    let err = claims_err(json!({"exp": NOW + 600, "aud": ["a", "b"]}), &v);
    assert_kind(&err, ErrorKind::InvalidAudience, "aud [\"a\", \"b\"]");
    let err = claims_err(json!({"exp": NOW + 600, "aud": ["a", 1]}), &v);
    assert_kind(&err, ErrorKind::InvalidClaim, "aud");
}

#[test]
fn issuer() {
    let err = claims_err(
        json!({"exp": NOW + 600, "iss": "https://evil.example"}),
        &strict(),
    );
    assert_kind(
        &err,
        ErrorKind::InvalidIssuer,
        "iss \"https://evil.example\" is not an accepted issuer; expected \"https://auth.example\"",
    );
}

#[test]
fn subject() {
    let mut claims = good_claims();
    claims["sub"] = json!("mallory");
    let err = claims_err(claims, &strict());
    assert_kind(
        &err,
        ErrorKind::InvalidSubject,
        "sub \"mallory\" is not the expected subject \"alice\"",
    );
}

#[test]
fn typ() {
    let token = forge(
        r#"{"alg":"HS256","typ":"at+jwt"}"#,
        &good_claims().to_string(),
        &key(),
    );
    let err = decode_err(&token, &strict());
    assert_kind(
        &err,
        ErrorKind::InvalidType,
        "typ \"at+jwt\" is not the expected \"JWT\"",
    );
    let token = forge(r#"{"alg":"HS256"}"#, &good_claims().to_string(), &key());
    assert_kind(
        &decode_err(&token, &strict()),
        ErrorKind::InvalidType,
        "no typ",
    );
}

#[test]
fn rfc_9068_access_tokens() {
    let validation = Validation::access_token("https://auth.example", "api://orders");
    let claims = json!({"iss": "https://auth.example", "sub": "alice", "aud": "api://orders",
        "exp": NOW + 600, "iat": NOW, "jti": "j1", "client_id": "orders-ui"});
    let token = forge(
        r#"{"alg":"HS256","typ":"at+jwt"}"#,
        &claims.to_string(),
        &key(),
    );
    decode_at::<Map<String, Value>>(&token, &key(), &validation, now()).unwrap();
    let token = forge(
        r#"{"alg":"HS256","typ":"application/AT+JWT"}"#,
        &claims.to_string(),
        &key(),
    );
    decode_at::<Map<String, Value>>(&token, &key(), &validation, now()).unwrap();
    // An ID token, or any other JWT, is not an access token.
    let token = forge(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &claims.to_string(),
        &key(),
    );
    assert_kind(
        &decode_err(&token, &validation),
        ErrorKind::InvalidType,
        "\"at+jwt\"",
    );
    for (claim, kind) in [
        ("client_id", ErrorKind::MissingClaim),
        ("sub", ErrorKind::MissingClaim),
        ("iat", ErrorKind::MissingClaim),
        ("jti", ErrorKind::MissingClaim),
        ("exp", ErrorKind::MissingClaim),
        ("iss", ErrorKind::MissingClaim),
        ("aud", ErrorKind::MissingClaim),
    ] {
        let mut without = claims.clone();
        without.as_object_mut().unwrap().remove(claim);
        let token = forge(
            r#"{"alg":"HS256","typ":"at+jwt"}"#,
            &without.to_string(),
            &key(),
        );
        assert_kind(&decode_err(&token, &validation), kind, claim);
    }
    let mut other = claims.clone();
    other["iss"] = json!("https://auth.example/");
    let token = forge(
        r#"{"alg":"HS256","typ":"at+jwt"}"#,
        &other.to_string(),
        &key(),
    );
    assert_kind(
        &decode_err(&token, &validation),
        ErrorKind::InvalidIssuer,
        "auth.example/",
    );
}

#[test]
fn missing_required_claim() {
    let err = claims_err(json!({"sub": "alice"}), &Validation::new());
    assert_kind(&err, ErrorKind::MissingClaim, "\"exp\"");
    assert_eq!(err.claim(), Some("exp"));
    let err = claims_err(json!({"exp": NOW + 1}), &Validation::new().require("jti"));
    assert_kind(&err, ErrorKind::MissingClaim, "\"jti\"");
    let err = claims_err(json!({"exp": NOW + 1}), &Validation::new().issuer("x"));
    assert_kind(&err, ErrorKind::MissingClaim, "\"iss\"");
}

#[test]
fn wrong_json_type_of_a_registered_claim() {
    // A wrongly typed claim is refused even when it is not required or checked.
    let lax = Validation::new().required_claims([] as [&str; 0]);
    for (name, value) in [
        ("exp", json!("never")),
        ("nbf", json!("99999999999")),
        ("iat", json!(null)),
        ("iss", json!(5)),
        ("sub", json!(true)),
        ("jti", json!({})),
        ("aud", json!(1)),
    ] {
        let err = claims_err(json!({ name: value }), &lax);
        assert_kind(&err, ErrorKind::InvalidClaim, name);
        assert_eq!(err.claim(), Some(name));
    }
}

#[test]
fn claims_that_do_not_fit_the_callers_type() {
    #[derive(Debug, Deserialize)]
    #[expect(dead_code, reason = "only the failure to deserialize matters")]
    struct NeedsRole {
        role: String,
    }
    let token = forge(
        r#"{"alg":"HS256"}"#,
        &json!({"exp": NOW + 1}).to_string(),
        &key(),
    );
    let err = decode_at::<NeedsRole>(&token, &key(), &Validation::new(), now()).unwrap_err();
    assert_kind(&err, ErrorKind::InvalidClaim, "role");
}

#[test]
fn unknown_crit() {
    let token = forge(
        r#"{"alg":"HS256","crit":["http://example.invalid/ext"],"http://example.invalid/ext":true}"#,
        &json!({"exp": NOW + 1}).to_string(),
        &key(),
    );
    let err = decode_err(&token, &Validation::new());
    assert_kind(
        &err,
        ErrorKind::UnsupportedCriticalHeader,
        "http://example.invalid/ext",
    );
    let understood = Validation::new().understand_critical("http://example.invalid/ext");
    decode_at::<Value>(&token, &key(), &understood, now()).unwrap();
    let empty = forge(r#"{"alg":"HS256","crit":[]}"#, "{}", &key());
    assert_kind(
        &decode_err(&empty, &Validation::new()),
        ErrorKind::MalformedToken,
        "crit",
    );
}

#[test]
fn read_unverified_reads_without_checking() {
    let token = forge(r#"{"alg":"HS256","kid":"k"}"#, r#"{"exp":1}"#, &key());
    let forged = format!("{}AAAA", &token[..token.len() - 4]);
    let read = danger::read_unverified::<Map<String, Value>>(&forged).unwrap();
    assert_eq!(read.header.kid.as_deref(), Some("k"));
    assert_eq!(read.claims["exp"], 1);
    let err = danger::read_unverified::<Value>("eyJhbGciOiJub25lIn0.e30.").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm);
}

#[test]
fn jws_layer_accepts_any_payload_bytes() {
    let token = jws::sign(&Header::new(Algorithm::Hs256), b"Payload", &key()).unwrap();
    let verified = jws::verify(&token, &key(), &Validation::new()).unwrap();
    assert_eq!(verified.payload, b"Payload");
    let err = decode_at::<Value>(&token, &key(), &Validation::new(), now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MalformedToken);
}

fn arb_json(depth: u32) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e15f64..1e15).prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(depth, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(".{0,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn arb_claims() -> impl Strategy<Value = Map<String, Value>> {
    (
        prop::collection::btree_map("[a-z_]{1,8}", arb_json(3), 0..6),
        prop::option::of(".{0,20}"),
        prop::option::of(prop::collection::vec(".{0,10}", 0..3)),
        NOW + 1..NOW + 1_000_000,
        prop::option::of(-1_000_000_000i64..NOW),
    )
        .prop_map(|(extra, iss, aud, exp, iat)| {
            let registered = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];
            let mut claims: Map<String, Value> = extra
                .into_iter()
                .filter(|(k, _)| !registered.contains(&k.as_str()))
                .collect();
            claims.insert("exp".into(), json!(exp));
            if let Some(iss) = iss {
                claims.insert("iss".into(), json!(iss));
            }
            if let Some(aud) = aud {
                claims.insert("aud".into(), json!(aud));
            }
            if let Some(iat) = iat {
                claims.insert("iat".into(), json!(iat));
            }
            claims
        })
}

proptest! {
    #[test]
    fn encode_then_decode_returns_the_same_claims(claims in arb_claims()) {
        let token = encode(&Header::new(Algorithm::Hs256), &claims, &key()).unwrap();
        let mut validation = Validation::new();
        if let Some(iss) = claims.get("iss").and_then(Value::as_str) {
            validation = validation.issuer(iss);
        }
        if let Some(Value::Array(aud)) = claims.get("aud") {
            if let Some(first) = aud.first().and_then(Value::as_str) {
                validation = validation.audience(first);
            } else {
                // An empty aud list names no audience, so no verifier can accept it.
                let err = decode_at::<Value>(&token, &key(), &validation, now()).unwrap_err();
                prop_assert_eq!(err.kind(), ErrorKind::InvalidAudience);
                return Ok(());
            }
        }
        let data = decode_at::<Map<String, Value>>(&token, &key(), &validation, now()).unwrap();
        prop_assert_eq!(data.claims, claims);
    }

    #[test]
    fn decode_never_panics_on_arbitrary_strings(token in ".{0,300}") {
        let _ = decode_at::<Value>(&token, &key(), &Validation::new(), now());
        let _ = danger::read_unverified::<Value>(&token);
    }

    #[test]
    fn decode_never_panics_on_token_shaped_strings(
        header in "[A-Za-z0-9_-]{0,40}",
        payload in "[A-Za-z0-9_=+/.-]{0,60}",
        signature in "[A-Za-z0-9_-]{0,50}",
    ) {
        let token = format!("{header}.{payload}.{signature}");
        let _ = decode_at::<Value>(&token, &key(), &Validation::new(), now());
    }

    #[test]
    fn decode_never_panics_on_arbitrary_json_segments(header in arb_json(3), claims in arb_json(3)) {
        let token = forge(&header.to_string(), &claims.to_string(), &key());
        let _ = decode_at::<Value>(&token, &key(), &Validation::new(), now());
    }
}

#[test]
fn messages_stay_short_whatever_the_token_holds() {
    let big = format!("{}\n{}", "A".repeat(20_000), "B".repeat(20_000)); // 40 KB, a line break
    let big_json = serde_json::to_string(&big).unwrap();
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Numeric {
        sub: u64,
    }
    let header_ok = r#"{"alg":"HS256"}"#;
    let claims_ok = format!(r#"{{"exp":{}}}"#, NOW + 600);
    let cases = [
        // The header is a JSON string, which serde_json quotes in its error.
        forge(&big_json, &claims_ok, &key()),
        // A wrong-typed header member, an unknown alg, a crit entry.
        forge(
            &format!(r#"{{"alg":"HS256","kid":[{big_json}]}}"#),
            &claims_ok,
            &key(),
        ),
        forge(&format!(r#"{{"alg":{big_json}}}"#), &claims_ok, &key()),
        forge(
            &format!(r#"{{"alg":"HS256","crit":[{big_json}]}}"#),
            &claims_ok,
            &key(),
        ),
        // Claims that are a string, or a claim of the wrong type.
        forge(header_ok, &big_json, &key()),
        forge(
            header_ok,
            &format!(r#"{{"exp":{},"iss":[{big_json}]}}"#, NOW + 600),
            &key(),
        ),
        forge(
            header_ok,
            &format!(r#"{{"exp":{}, "x":{big_json}, "x":1}}"#, NOW + 600),
            &key(),
        ),
        forge(
            header_ok,
            &format!(r#"{{"exp":{}}}{big_json}"#, NOW + 600),
            &key(),
        ),
    ];
    let validation = Validation::new().max_token_len(256 * 1024);
    for token in &cases {
        assert!(token.len() > 40_000);
        let err = decode_err(token, &validation);
        assert_ne!(err.kind(), ErrorKind::TokenTooLarge);
        let shown = err.to_string();
        assert!(shown.len() < 300, "{} bytes: {shown}", shown.len());
        assert!(!shown.contains('\n'), "{shown}");
    }
    // Claims read into the caller's type: serde_json names the value it could not read.
    let token = forge(
        header_ok,
        &format!(r#"{{"exp":{},"sub":{big_json}}}"#, NOW + 600),
        &key(),
    );
    let err = decode_at::<Numeric>(&token, &key(), &validation, now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidClaim);
    assert!(err.to_string().len() < 300, "{err}");
}
