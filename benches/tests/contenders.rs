//! The benchmarks time real work: every contender accepts its own tokens and refuses a
//! tampered one, and every primitive verifies its own signatures.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use jwt_benches::{ALGORITHMS, contender, contenders, primitive, primitives, signing_input};

#[test]
fn every_contender_checks_what_it_makes() {
    let mut count = 0;
    for alg in ALGORITHMS {
        for contender in contenders(alg) {
            let token = (contender.encode)();
            assert!(
                (contender.decode)(&token),
                "{alg} {}: own token refused",
                contender.name
            );
            let (signed, signature) = token.rsplit_once('.').unwrap();
            let flipped = format!(
                "{signed}.{}{}",
                if signature.starts_with('A') { 'B' } else { 'A' },
                &signature[1..]
            );
            assert!(
                !(contender.decode)(&flipped),
                "{alg} {}: tampered token accepted",
                contender.name
            );
            count += 1;
        }
    }
    // 14 algorithms: ours 1 (HS*) or one per backend of the registry, plus the three
    // peers (jsonwebtoken on each of its two providers, jwt-simple); they lack ES512.
    // ML-DSA: ours on each backend that has it, no peer.
    let backends = jwt_strict::BACKENDS.len();
    assert!(backends >= 2);
    let ml_dsa: usize = [
        jwt_strict::Algorithm::MlDsa44,
        jwt_strict::Algorithm::MlDsa65,
        jwt_strict::Algorithm::MlDsa87,
    ]
    .iter()
    .map(|alg| {
        jwt_strict::BACKENDS
            .iter()
            .filter(|backend| backend.algorithms().contains(alg))
            .count()
    })
    .sum();
    assert!(ml_dsa >= 3, "ML-DSA on at least one backend");
    assert_eq!(count, 3 * 4 + 8 * (backends + 3) - 3 + ml_dsa);
}

#[test]
fn every_primitive_verifies_what_it_signs() {
    for alg in ALGORITHMS {
        let message = signing_input(alg);
        assert!(
            message.len() > 250,
            "{alg}: a typical token's signing input"
        );
        for primitive in primitives(alg) {
            let signature = (primitive.sign)(&message);
            assert!(
                (primitive.verify)(&message, &signature),
                "{alg} {}",
                primitive.name
            );
            assert!(
                !(primitive.verify)(b"other", &signature),
                "{alg} {}",
                primitive.name
            );
        }
    }
}

/// `contender` and `primitive` build one of the lists alone (what `layer_loop` counts
/// under valgrind): the same name, the same key (each accepts what the listed one made),
/// and nothing for a name the list lacks.
#[test]
fn each_contender_and_primitive_built_alone_is_the_listed_one() {
    for alg in ALGORITHMS {
        for listed in contenders(alg) {
            let alone = contender(alg, listed.name).unwrap();
            assert_eq!(alone.name, listed.name);
            assert!((alone.decode)(&(listed.encode)()), "{alg} {}", listed.name);
        }
        let message = signing_input(alg);
        for listed in primitives(alg) {
            let alone = primitive(alg, listed.name).unwrap();
            assert_eq!(alone.name, listed.name);
            let signature = (listed.sign)(&message);
            assert!(
                (alone.verify)(&message, &signature),
                "{alg} {}",
                listed.name
            );
        }
        for unknown in ["jwt-none", "raw-none", "jsonwebtoken-none"] {
            assert!(contender(alg, unknown).is_none(), "{alg} {unknown}");
            assert!(primitive(alg, unknown).is_none(), "{alg} {unknown}");
        }
    }
    assert!(contender(jwt_strict::Algorithm::Es512, "jsonwebtoken").is_none());
    assert!(primitive(jwt_strict::Algorithm::Hs256, "raw-awslc").is_none());
    assert!(contender(jwt_strict::Algorithm::Hs256, "jwt-awslc").is_none());
}

/// The stage calls the criterion group and the interleaved run time are the stages the
/// report names, in its order, and each runs (each asserts its stage succeeded).
#[test]
fn the_stage_calls_are_the_named_stages_and_run() {
    let calls = jwt_benches::hs256_stage_calls();
    let names: Vec<&str> = calls.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, jwt_benches::STAGES);
    for (_, call) in &calls {
        call();
    }
}

/// jsonwebtoken's two providers really are two: with `rust_crypto` its ES256 signatures are
/// deterministic (RFC 6979), with `aws_lc_rs` they are randomized, so the per-call provider
/// switch is seen to route each contender to its own provider, in either order.
#[test]
fn jsonwebtoken_runs_on_each_provider() {
    use jwt_benches::{JsonwebtokenProvider, jsonwebtoken_contender};
    use jwt_strict::Algorithm;
    let rust_crypto =
        jsonwebtoken_contender(Algorithm::Es256, JsonwebtokenProvider::RustCrypto).unwrap();
    let aws_lc = jsonwebtoken_contender(Algorithm::Es256, JsonwebtokenProvider::AwsLc).unwrap();
    assert_eq!(aws_lc.name, "jsonwebtoken-awslc");
    let deterministic = (rust_crypto.encode)();
    let randomized = (aws_lc.encode)();
    assert_eq!(
        (rust_crypto.encode)(),
        deterministic,
        "rust_crypto: RFC 6979"
    );
    assert_ne!((aws_lc.encode)(), randomized, "aws_lc_rs: randomized ECDSA");
    assert_eq!((rust_crypto.encode)(), deterministic);
    assert!((rust_crypto.decode)(&randomized) && (aws_lc.decode)(&deterministic));
}
