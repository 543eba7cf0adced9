//! Key sets (JWKS) on every backend: Project Wycheproof's `json_web_key_test.json` (every
//! case through the set and the JWS verification), the RFC 7638 thumbprints, and key
//! selection by `kid` and `alg`.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

use jwt_strict::{Algorithm, ErrorKind, Validation, jws};
use jwt_test::{Tally, load, str_field};
use serde_json::{Value, json};

/// A case the file expects refused, that verifies here, and why.
fn divergence(id: u64) -> Option<&'static str> {
    match id {
        7 => Some(
            "a 2048-bit RSA key with the ROCA fingerprint verifies: moduli are not tested \
             for ROCA (CVE-2017-15361), a flaw of key generation, not of verification",
        ),
        _ => None,
    }
}

#[test]
fn wycheproof_json_web_keys_on_every_backend() {
    let data = load("wycheproof/testvectors_v1/json_web_key_test.json");
    for backend in jwt_strict::BACKENDS {
        let mut tally = Tally::new(&format!("json_web_key_test.json on {}", backend.name));
        for group in data["testGroups"].as_array().unwrap() {
            // A set for verification: the public keys, or the secrets of an HMAC group.
            let keys = group.get("public").unwrap_or(&group["private"]);
            let set = jwt_strict::key_set_on(&keys.to_string(), backend);
            for test in group["tests"].as_array().unwrap() {
                let id = test["tcId"].as_u64().unwrap();
                let expected_valid = str_field(test, "result") == "valid";
                let outcome = match &set {
                    Ok(set) => jws::verify(str_field(test, "jws"), set, &Validation::new())
                        .map(|_| ())
                        .map_err(|err| err.to_string()),
                    Err(err) => Err(format!("set refused: {err}")),
                };
                println!(
                    "  tcId {id} ({}): expected {}, {}",
                    str_field(test, "comment"),
                    test["result"],
                    match &outcome {
                        Ok(()) => "verified".to_owned(),
                        Err(err) => format!("refused: {err}"),
                    }
                );
                match (outcome.is_ok(), expected_valid, divergence(id)) {
                    (got, expected, None) if got == expected => tally.pass(),
                    (true, false, Some(policy)) => tally.diverge(policy),
                    (_, _, _) => tally.fail(format!("tcId {id}: {outcome:?}")),
                }
            }
        }
        tally.finish(25, 1);
    }
}

#[test]
fn thumbprints_are_the_rfc_vectors() {
    let data = load("rfc/rfc7638_thumbprints.json");
    let cases = data["cases"].as_array().unwrap();
    for case in cases {
        let jwk = jwt_keys::Jwk::parse(&case["jwk"].to_string()).unwrap();
        assert_eq!(
            jwk.thumbprint().unwrap(),
            str_field(case, "thumbprint"),
            "{}",
            case["source"]
        );
    }
    assert_eq!(cases.len(), 2);
}

/// Two keys with one kid, of different types (RFC 7520 4.8's RSA and EC keys): the
/// token's alg picks the type. The same kid twice on one type is refused.
#[test]
fn kid_and_alg_select_and_nothing_else_does() {
    let rs = jwt_strict::backend::SigningKey::generate(Algorithm::Rs256).unwrap();
    let es = jwt_strict::backend::SigningKey::generate(Algorithm::Es256).unwrap();
    let other = jwt_strict::backend::SigningKey::generate(Algorithm::Es256).unwrap();
    let public = |key: &jwt_strict::backend::SigningKey, kid: &str| {
        let material = key.verifying_key().public_material().unwrap();
        Value::Object(jwt_strict::keys::public_jwk(&material, None, Some(kid)).unwrap())
    };
    let set_json =
        json!({"keys": [public(&rs, "shared"), public(&es, "shared"), public(&other, "other")]});
    for backend in jwt_strict::BACKENDS {
        let set = jwt_strict::key_set_on(&set_json.to_string(), backend).unwrap();
        assert_eq!(set.len(), 3, "{}", backend.name);
        let validation = Validation::new()
            .algorithms([Algorithm::Rs256, Algorithm::Es256])
            .required_claims([] as [&str; 0]);
        let sign = |key: &jwt_strict::backend::SigningKey, kid: Option<&str>| {
            let mut header = jwt_strict::Header::new(jwt_strict::JwsSigner::algorithm(key));
            header.kid = kid.map(str::to_owned);
            jwt_strict::encode(&header, &json!({"sub": "a"}), key).unwrap()
        };
        for (key, kid) in [(&rs, "shared"), (&es, "shared"), (&other, "other")] {
            let token = sign(key, Some(kid));
            jwt_strict::decode::<Value>(&token, &set, &validation).unwrap();
        }
        // A kid that names another key's type, an unknown kid, no kid among two ES256
        // keys: no_matching_key, saying what was asked.
        let wrong = sign(&other, Some("nobody"));
        let err = jwt_strict::decode::<Value>(&wrong, &set, &validation).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NoMatchingKey);
        assert!(err.to_string().contains("\"nobody\"") && err.to_string().contains("ES256"));
        let err = jwt_strict::decode::<Value>(&sign(&other, None), &set, &validation).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NoMatchingKey);
        assert!(err.to_string().contains("no kid"), "{err}");
        // Without kid, the one RS256 key is the only candidate.
        jwt_strict::decode::<Value>(&sign(&rs, None), &set, &validation).unwrap();
        // The allow-list runs first: an RS256 token is invalid_algorithm where only
        // ES256 is allowed, whatever the set holds.
        let es_only = Validation::new().algorithms([Algorithm::Es256]);
        let err =
            jwt_strict::decode::<Value>(&sign(&rs, Some("shared")), &set, &es_only).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm);
        // A signature by another key under a trusted kid does not verify.
        let forged = sign(&other, Some("shared"));
        let err = jwt_strict::decode::<Value>(&forged, &set, &validation).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidSignature);
    }
    let twice = json!({"keys": [public(&es, "k"), public(&other, "k")]});
    let err = jwt_strict::key_set(&twice.to_string()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidKey);
    assert!(err.to_string().contains("\"k\""), "{err}");
}

/// The kid rule keys on the key's kind, and `crv` makes a kind only for EC and OKP keys:
/// two RSA keys with one kid are refused even when one carries a stray `crv` (it was
/// once read as a second kind, and every token with that kid was then told it had no
/// kid). Two keys of the same EC curve stay refused; EC keys on two curves may share a
/// kid, since the token's alg tells them apart.
#[test]
fn a_stray_crv_does_not_make_two_rsa_keys_with_one_kid_a_set() {
    let rsa = |n_from: &jwt_strict::backend::SigningKey, extra: Option<(&str, &str)>| {
        let material = n_from.verifying_key().public_material().unwrap();
        let mut jwk = jwt_strict::keys::public_jwk(&material, None, Some("k")).unwrap();
        if let Some((name, value)) = extra {
            jwk.insert(name.into(), value.into());
        }
        Value::Object(jwk)
    };
    let one = jwt_strict::backend::SigningKey::generate(Algorithm::Rs256).unwrap();
    let two = jwt_strict::backend::SigningKey::generate(Algorithm::Rs256).unwrap();
    for stray in ["x", "P-256", ""] {
        let set = json!({"keys": [rsa(&one, None), rsa(&two, Some(("crv", stray)))]});
        let err = jwt_strict::key_set(&set.to_string()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidKey, "crv {stray:?}");
        assert_eq!(
            err.to_string(),
            r#"the JWK Set has two RSA keys with kid "k"; a kid must name one key"#
        );
    }
    let es256 = jwt_strict::backend::SigningKey::generate(Algorithm::Es256).unwrap();
    let es384 = jwt_strict::backend::SigningKey::generate(Algorithm::Es384).unwrap();
    let ec = |key: &jwt_strict::backend::SigningKey| {
        let material = key.verifying_key().public_material().unwrap();
        Value::Object(jwt_strict::keys::public_jwk(&material, None, Some("k")).unwrap())
    };
    let curves = json!({"keys": [ec(&es256), ec(&es384)]});
    assert_eq!(jwt_strict::key_set(&curves.to_string()).unwrap().len(), 2);
    let same_curve = json!({"keys": [ec(&es256), ec(&es256)]});
    let err = jwt_strict::key_set(&same_curve.to_string()).unwrap_err();
    assert!(err.to_string().contains("two EC P-256 keys"), "{err}");
}

/// A key whose JWK names no `alg` serves its type's first algorithm (RS256 for RSA) with
/// `Validation::new()`, as the docs say; the other RSA algorithms only when the verifier's
/// allow-list names them (RFC 8725 3.1). A key whose JWK names `alg` serves that one.
#[test]
fn keys_without_alg_need_an_allow_list_for_more_than_their_first_algorithm() {
    let rsa = jwt_strict::backend::SigningKey::generate(Algorithm::Rs256).unwrap();
    let material = rsa.verifying_key().public_material().unwrap();
    let unnamed = jwt_strict::keys::public_jwk(&material, None, Some("k")).unwrap();
    let set = jwt_strict::key_set(&json!({ "keys": [unnamed] }).to_string()).unwrap();
    let token = |alg: Algorithm| {
        let signer = jwt_strict::backend::SigningKey::from_material(
            jwt_strict::keys::KeyMaterial::Private(rsa.private_material().unwrap()),
            alg,
        )
        .unwrap()
        .with_key_id("k");
        jwt_strict::encode(&jwt_strict::Header::new(alg), &json!({"sub": "a"}), &signer).unwrap()
    };
    let default = Validation::new().required_claims([] as [&str; 0]);
    jwt_strict::decode::<Value>(&token(Algorithm::Rs256), &set, &default).unwrap();
    for alg in [Algorithm::Rs512, Algorithm::Ps256] {
        let err = jwt_strict::decode::<Value>(&token(alg), &set, &default).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidAlgorithm, "{alg}");
        assert_eq!(
            err.to_string(),
            format!(
                r#"the trusted key with kid "k" names no alg, so it serves RS256 alone unless the allowed algorithms (Validation::algorithms) name {alg} (RFC 8725 3.1)"#
            )
        );
        let listed = default.clone().algorithms([alg]);
        jwt_strict::decode::<Value>(&token(alg), &set, &listed).unwrap();
    }
    // A JWK that names PS256 serves PS256, and nothing else, with the defaults.
    let named = jwt_strict::keys::public_jwk(&material, Some(Algorithm::Ps256), Some("k")).unwrap();
    let set = jwt_strict::key_set(&json!({ "keys": [named] }).to_string()).unwrap();
    jwt_strict::decode::<Value>(&token(Algorithm::Ps256), &set, &default).unwrap();
    let err = jwt_strict::decode::<Value>(&token(Algorithm::Rs256), &set, &default).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NoMatchingKey);
}

/// The README names every error kind, `no_matching_key` among them.
#[test]
fn readme_lists_every_error_kind() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    for kind in ErrorKind::ALL {
        assert!(
            readme.contains(&format!("`{kind}`")),
            "README lacks `{kind}`"
        );
    }
}

/// Sets that cannot be used at all are refused whole, with what is wrong.
#[test]
fn unusable_sets_are_refused_whole() {
    let ed = r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    let many = format!(r#"{{"keys":[{}]}}"#, vec![ed; 101].join(","));
    for (json, says) in [
        ("[]", "not a valid JSON object"),
        ("{}", "no keys member"),
        (r#"{"keys":{}}"#, "must be an array"),
        (r#"{"keys":[1]}"#, "not an object"),
        (many.as_str(), "at most 100"),
        (
            r#"{"keys":[{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"}]}"#,
            "private member d",
        ),
        (r#"{"keys":[],"keys":[]}"#, "duplicate member name"),
    ] {
        let err = jwt_strict::key_set(json).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidKey, "{json}");
        assert!(err.to_string().contains(says), "{err}");
    }
    // An empty set is a set: every token is then no_matching_key.
    let empty = jwt_strict::key_set(r#"{"keys":[]}"#).unwrap();
    assert!(empty.is_empty());
    let set = jwt_strict::key_set(&format!(
        r#"{{"keys":[{ed},{{"kty":"EC","crv":"P-192"}}]}}"#
    ))
    .unwrap();
    assert_eq!((set.len(), set.skipped().len()), (1, 1));
    assert_eq!(set.skipped()[0].index, 1);
    assert!(set.skipped()[0].reason.to_string().contains("P-192"));
}

/// Every key type, generated on every backend: its public JWK (in a set) verifies what
/// the key signs under the thumbprint as kid, its private JWK loads back as the same
/// key, and the thumbprint survives the trip.
#[test]
fn exported_jwks_read_back_as_the_same_keys_on_every_backend() {
    for backend in jwt_strict::BACKENDS {
        let mut public_jwks = Vec::new();
        let mut tokens = Vec::new();
        for alg in [
            Algorithm::Rs256,
            Algorithm::Ps384,
            Algorithm::Es256,
            Algorithm::Es384,
            Algorithm::Es512,
            Algorithm::EdDsa,
        ] {
            let key = backend.generate(alg, 2048).unwrap();
            let thumbprint = jwt_strict::keys::thumbprint(&key.public).unwrap();
            let jwk = jwt_strict::keys::public_jwk(&key.public, Some(alg), None).unwrap();
            assert_eq!(jwk["kid"], thumbprint.as_str());
            assert_eq!(jwk["alg"], alg.name());
            let read =
                jwt_strict::keys::Jwk::parse(&Value::Object(jwk.clone()).to_string()).unwrap();
            assert_eq!(read.thumbprint().unwrap(), thumbprint);
            public_jwks.push(jwk);
            let private =
                jwt_strict::keys::private_jwk(&key.private, &key.public, Some(alg), None).unwrap();
            let signer = backend.signer_from_jwk(&private, alg).unwrap();
            let mut header = jwt_strict::Header::new(alg);
            header.kid = Some(thumbprint);
            let token =
                jwt_strict::encode(&header, &json!({"sub": alg.name()}), signer.as_ref()).unwrap();
            jwt_strict::decode::<Value>(
                &token,
                key.verifier.as_ref(),
                &Validation::new().required_claims([] as [&str; 0]),
            )
            .unwrap();
            tokens.push(token);
        }
        let set_json = jwt_strict::keys::jwk_set(public_jwks).to_string();
        let set = jwt_strict::key_set_on(&set_json, backend).unwrap();
        assert_eq!((set.len(), set.skipped().len()), (6, 0), "{}", backend.name);
        let validation = Validation::new().required_claims([] as [&str; 0]);
        for token in &tokens {
            jwt_strict::decode::<Value>(token, &set, &validation).unwrap();
        }
        // Private keys never go into a set for verification.
        let key = backend.generate(Algorithm::Es256, 2048).unwrap();
        let private = jwt_strict::keys::private_jwk(&key.private, &key.public, None, None).unwrap();
        let err =
            jwt_strict::key_set(&format!(r#"{{"keys":[{}]}}"#, private.as_str())).unwrap_err();
        assert!(err.to_string().contains("private member d"), "{err}");
    }
}

/// RFC 7520 4.8: an RSA and an EC key share one kid; the token's alg tells them apart.
/// The cookbook's RS256 and HS256 signatures verify as compact tokens against the sets of
/// its keys (the ES512 one has no protected header, which compact JWS cannot carry, so an
/// ES512 token is signed here with the cookbook's EC key and the shared kid).
#[test]
fn rfc7520_keys_sharing_a_kid_are_told_apart_by_alg() {
    let data = load("cookbook/jws/4_8.multiple_signatures.json");
    let keys = data["input"]["key"].as_array().unwrap();
    let public = |jwk: &Value| {
        let mut jwk = jwk.clone();
        for name in ["d", "p", "q", "dp", "dq", "qi"] {
            jwk.as_object_mut().unwrap().remove(name);
        }
        jwk
    };
    let (rsa, ec, oct) = (&keys[0], &keys[1], &keys[2]);
    assert_eq!(rsa["kid"], ec["kid"]);
    let payload = data["output"]["json"]["payload"].as_str().unwrap();
    let signatures = data["output"]["json"]["signatures"].as_array().unwrap();
    let compact = |signature: &Value| {
        format!(
            "{}.{payload}.{}",
            signature["protected"].as_str().unwrap(),
            signature["signature"].as_str().unwrap()
        )
    };
    let expected_payload = data["input"]["payload"].as_str().unwrap().as_bytes();
    let asymmetric = json!({"keys": [public(rsa), public(ec)]}).to_string();
    for backend in jwt_strict::BACKENDS {
        let set = jwt_strict::key_set_on(&asymmetric, backend).unwrap();
        assert_eq!(set.len(), 2);
        let verified = jws::verify(&compact(&signatures[0]), &set, &Validation::new()).unwrap();
        assert_eq!(verified.payload, expected_payload);
        let signer = backend
            .signer_from_jwk(&ec.to_string(), Algorithm::Es512)
            .unwrap();
        for kid in [Some("bilbo.baggins@hobbiton.example"), None] {
            let mut header = jwt_strict::Header::new(Algorithm::Es512);
            header.kid = kid.map(str::to_owned);
            let token = jws::sign(&header, expected_payload, signer.as_ref()).unwrap();
            jws::verify(&token, &set, &Validation::new()).unwrap();
        }
    }
    let secrets = json!({"keys": [oct]}).to_string();
    let set = jwt_strict::key_set(&secrets).unwrap();
    let verified = jws::verify(&compact(&signatures[2]), &set, &Validation::new()).unwrap();
    assert_eq!(verified.payload, expected_payload);
    let mixed = json!({"keys": [public(rsa), public(ec), oct]}).to_string();
    assert_eq!(
        jwt_strict::key_set(&mixed).unwrap_err().kind(),
        ErrorKind::InvalidKey
    );
}

/// Every JWK of the Wycheproof file with each member dropped, or replaced by a value of
/// every other JSON type or by a broken base64url string, alone and in a set beside a
/// good key: the set is read or refused, never a panic, and the good key always stays
/// usable unless the whole set is refused.
#[test]
fn mutated_keys_never_break_a_set() {
    let data = load("wycheproof/testvectors_v1/json_web_key_test.json");
    let good = json!({"kty": "OKP", "crv": "Ed25519", "kid": "good",
        "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
    let replacements = [
        json!(null),
        json!(true),
        json!(0),
        json!(-1.5),
        json!([]),
        json!({}),
        json!(""),
        json!("AA=="),
        json!("not base64url!"),
        json!("A"),
    ];
    let mut sets = 0;
    for group in data["testGroups"].as_array().unwrap() {
        for side in ["public", "private"] {
            let Some(keys) = group[side]["keys"].as_array() else {
                continue;
            };
            for jwk in keys {
                let members: Vec<String> = jwk.as_object().unwrap().keys().cloned().collect();
                for name in &members {
                    let mut variants = vec![{
                        let mut dropped = jwk.clone();
                        dropped.as_object_mut().unwrap().remove(name);
                        dropped
                    }];
                    for value in &replacements {
                        let mut replaced = jwk.clone();
                        replaced[name.as_str()] = value.clone();
                        variants.push(replaced);
                    }
                    for variant in variants {
                        for backend in jwt_strict::BACKENDS {
                            let _ = jwt_strict::key_set_on(
                                &json!({"keys": [variant]}).to_string(),
                                backend,
                            );
                            let beside = json!({"keys": [good, variant]}).to_string();
                            if let Ok(set) = jwt_strict::key_set_on(&beside, backend) {
                                let mut header = jwt_strict::Header::new(Algorithm::EdDsa);
                                header.kid = Some("good".into());
                                assert!(
                                    jwt_strict::KeySource::key_for(&set, &header, None).is_ok()
                                );
                            }
                            sets += 2;
                        }
                    }
                }
            }
        }
    }
    assert!(sets > 3000, "{sets}");
}

/// AKP (ML-DSA) keys in a set are selected by `kid` and `alg` like any other, on every
/// backend with ML-DSA; on a backend without it they are left out, each with the reason
/// (naming the backends that have it), and the set's other keys still serve.
#[test]
fn ml_dsa_keys_in_a_set_are_selected_by_kid_and_alg() {
    let examples: Vec<Value> = ["44", "65"]
        .iter()
        .map(|level| load(&format!("mldsa-jose/ML_DSA_{level}.jose.json")))
        .collect();
    let public: Vec<Value> = examples
        .iter()
        .map(|example| {
            let mut jwk = example["jwk"].clone();
            jwk.as_object_mut().unwrap().remove("priv");
            jwk
        })
        .collect();
    let ec = jwt_strict::BACKENDS[0]
        .generate(Algorithm::Es256, 2048)
        .unwrap();
    let ec_jwk =
        jwt_strict::keys::public_jwk(&ec.public, Some(Algorithm::Es256), Some("ec")).unwrap();
    let set_json = json!({"keys": [public[0], public[1], ec_jwk]}).to_string();
    let ec_token = {
        let mut header = jwt_strict::Header::new(Algorithm::Es256);
        header.kid = Some("ec".into());
        jwt_strict::encode(&header, &json!({"sub": "ec"}), &*ec.signer).unwrap()
    };
    for backend in jwt_strict::BACKENDS {
        let set = jwt_strict::key_set_on(&set_json, backend).unwrap();
        jws::verify(&ec_token, &set, &Validation::new()).unwrap();
        let has = backend.algorithms().contains(&Algorithm::MlDsa44);
        assert_eq!(set.len(), if has { 3 } else { 1 }, "{}", backend.name);
        if !has {
            assert_eq!(set.skipped().len(), 2, "{}", backend.name);
            for skipped in set.skipped() {
                assert_eq!(skipped.reason.kind(), ErrorKind::InvalidAlgorithm);
                assert!(
                    skipped.reason.to_string().contains("backends that have it"),
                    "{}",
                    skipped.reason
                );
            }
        }
        for (example, alg) in examples
            .iter()
            .zip([Algorithm::MlDsa44, Algorithm::MlDsa65])
        {
            let token = str_field(example, "jws");
            let outcome = jws::verify(token, &set, &Validation::new()).map(drop);
            if has {
                outcome.unwrap_or_else(|err| panic!("{} {alg}: {err}", backend.name));
            } else {
                assert_eq!(
                    outcome.unwrap_err().kind(),
                    ErrorKind::NoMatchingKey,
                    "{}",
                    backend.name
                );
            }
        }
        // The ML-DSA-44 example's token relabelled with the ML-DSA-65 key's kid: the kid
        // picks that key, whose alg is not the token's.
        let (header, rest) = str_field(&examples[0], "jws").split_once('.').unwrap();
        let mut decoded: Value = serde_json::from_slice(&jwt_test::b64url(header)).unwrap();
        decoded["kid"] = examples[1]["jwk"]["kid"].clone();
        let relabelled = format!(
            "{}.{rest}",
            jwt_test::b64url_encode(decoded.to_string().as_bytes())
        );
        let err = jws::verify(&relabelled, &set, &Validation::new()).unwrap_err();
        assert!(
            matches!(
                err.kind(),
                ErrorKind::NoMatchingKey | ErrorKind::InvalidAlgorithm
            ),
            "{}: {err}",
            backend.name
        );
    }
}
