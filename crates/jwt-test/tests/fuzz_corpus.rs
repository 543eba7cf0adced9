//! Replays every file of every fuzz target's corpus (`fuzz/corpus/<target>/`) and every
//! regression (`fuzz/artifacts/<target>/`) through the same code as the fuzz targets,
//! on the stable toolchain, so CI checks them without nightly or libFuzzer.

#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use jwt_test::fuzz_targets;

/// A fuzz target's body.
type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 6] = [
    ("decode", fuzz_targets::decode),
    ("header_claims", fuzz_targets::header_claims),
    ("keys", fuzz_targets::keys),
    ("differential", fuzz_targets::differential),
    ("roundtrip", fuzz_targets::roundtrip),
    ("json_equivalence", fuzz_targets::json_equivalence),
];

fn files(dir: &Path) -> Vec<std::path::PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_corpus_and_regression_file_replays() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    let mut replayed = 0;
    for (target, run) in TARGETS {
        let seeds = files(&fuzz.join("corpus").join(target));
        assert!(
            !seeds.is_empty(),
            "fuzz/corpus/{target} holds no seed: run `cargo xtask fuzz --seed`"
        );
        for path in seeds
            .iter()
            .chain(&files(&fuzz.join("artifacts").join(target)))
        {
            let data = std::fs::read(path).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(
                outcome.is_ok(),
                "{target}: {} makes the target fail",
                path.display()
            );
            replayed += 1;
        }
    }
    println!("replayed {replayed} corpus and regression files");
}

#[test]
fn targets_survive_hostile_inputs() {
    let keys = fuzz_targets::fixed_keys();
    assert_eq!(keys.keys.len(), 13, "a key per asymmetric algorithm");
    assert_eq!(
        keys.tokens.len(),
        13,
        "a valid token per asymmetric algorithm"
    );
    assert_eq!(keys.zero_led.len(), 13, "a zero-led token per algorithm");
    for key in &keys.keys {
        let having = jwt_test::backends::BACKENDS
            .iter()
            .filter(|backend| backend.algorithms().contains(&key.alg))
            .count();
        assert_eq!(
            key.verifiers.len(),
            having,
            "{}: a verifier on every backend that has it",
            key.alg
        );
    }
    let hostile: [&[u8]; 8] = [
        b"",
        b"\x00",
        b"\x01a.b.c",
        b"\x02eyJhbGciOiJub25lIn0.e30.",
        &[0xff; 300],
        b"{\"aud\":[],\"exp\":1e308}",
        b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
        b"{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}",
    ];
    for data in hostile {
        for (_, run) in TARGETS {
            run(data);
        }
    }
    // A valid token, every byte of its signature flipped in turn, through the
    // differential target: both backends refuse each the same way.
    for position in 0..64u16 {
        let [high, low] = (position + 300).to_be_bytes();
        fuzz_targets::differential(&[6, 0, high, low, 0x01]);
    }
}
