//! Ratios that hold still on a shared machine: the contenders of one algorithm and
//! operation are timed in alternating short windows, round after round (the order
//! rotating), and each round's ratio is taken from windows a few milliseconds apart, so
//! a slow spell of the machine hits both sides of a ratio alike. Prints one JSON object
//! per line:
//!
//! - `{"kind":"time","alg":"HS256","operation":"decode","contender":"jwt","median_ns":…,"p25_ns":…,"p75_ns":…}`
//! - `{"kind":"ratio",…,"ours":"jwt","peer":"jsonwebtoken","median":1.9,"p25":…,"p75":…}`:
//!   the peer's time over ours, per round (above 1: we are faster), and whether both stand
//!   on the same primitive crate (`same_primitives`);
//! - `{"kind":"layer",…,"contender":"jwt","floor":"raw-hmac","median_ns":…}`: the time over
//!   the raw primitive (`verify` for decode, `sign` for encode) in the same round, what
//!   the JWT layer costs, with its quartiles, and `share_median` (with `share_p25`,
//!   `share_p75`): each round's layer over that round's floor; and
//!   `{"kind":"layer_ratio",…,"ours":"jwt","peer":"jsonwebtoken"}`, our layer over the
//!   peer's (below 1: ours is cheaper) where both stand on the same primitive crate.
//! - `{"kind":"serde_floor",…,"contender":"jwt-awslc","floor":"raw-awslc","serde_ns":…,"over_ns":…}`
//!   for each decode: beside each raw verify, the same verify followed by
//!   `serde_json::from_slice` of the token's claims into the same claims type is timed
//!   (`raw-awslc+serde_json`). `serde_ns` is what that plain read adds to the verify (the
//!   least any serde-based decode adds), `over_ns` what our decode costs beyond both.
//!
//! - `{"kind":"stage","alg":"HS256","operation":"decode","stage":"split","median_ns":…}`:
//!   each stage of an HS256 decode (`jwt_benches::STAGES`, the last the whole decode),
//!   timed alone in alternating windows, for the report's breakdown.
//!
//! `interleaved [--quick] [ALG...]`.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::needless_range_loop,
    reason = "timing harness: small counts and positive durations"
)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use jwt_benches::{ALGORITHMS, AccessClaims, contenders, primitives, quartiles, signing_input};
use jwt_strict::Algorithm;
use serde_json::json;

/// One thing to time: a name and a call.
struct Timed<'a> {
    name: &'static str,
    call: Box<dyn Fn() + 'a>,
}

/// Calls per window so that one window lasts about `window`.
fn calibrate(call: &dyn Fn(), window: Duration) -> u64 {
    let mut iters = 1u64;
    loop {
        let start = Instant::now();
        for _ in 0..iters {
            call();
        }
        let took = start.elapsed();
        if took >= window / 4 || iters >= 1 << 24 {
            let per_call = took.as_secs_f64() / iters as f64;
            return ((window.as_secs_f64() / per_call.max(1e-9)) as u64).max(1);
        }
        iters *= 4;
    }
}

/// Nanoseconds per call of each contender, one entry per round. Each round times every
/// contender once, in `order` rotated by one place a round, so what is compared (a
/// decode and its raw verify, next to each other in `order`) is timed milliseconds
/// apart.
///
/// Each window starts with a tenth of its calls untimed. The window before it ran other
/// code (another backend, another library), and the first calls bring this one's code
/// and data back into the caches: a decode has more of both than its raw verify, and
/// without the warm-up it paid for them in every window it opened after another
/// backend's, which in a group is most of them.
fn rounds(timed: &[Timed<'_>], order: &[usize], rounds: usize, window: Duration) -> Vec<Vec<f64>> {
    let iters: Vec<u64> = timed.iter().map(|t| calibrate(&*t.call, window)).collect();
    let mut per_round = vec![vec![0.0; rounds]; timed.len()];
    for round in 0..rounds {
        for k in 0..order.len() {
            let i = order[(k + round) % order.len()];
            for _ in 0..iters[i].div_ceil(10) {
                (timed[i].call)();
            }
            let start = Instant::now();
            for _ in 0..iters[i] {
                (timed[i].call)();
            }
            per_round[i][round] = start.elapsed().as_nanos() as f64 / iters[i] as f64;
        }
    }
    per_round
}

/// The order in which the contenders are timed within a round: each raw primitive right
/// after the contenders that stand on it and right before its `+serde_json` floor, so a
/// layer's two sides are timed in neighbouring windows; the rest as they come.
fn grouped_order(names: &[&str], hmac: bool) -> Vec<usize> {
    let mut order = Vec::with_capacity(names.len());
    for (raw, raw_name) in names
        .iter()
        .enumerate()
        .filter(|(_, n)| n.starts_with("raw-"))
    {
        if raw_name.ends_with("+serde_json") {
            continue;
        }
        order.extend(
            (0..names.len()).filter(|&i| floor_of(names[i], hmac).as_deref() == Some(raw_name)),
        );
        order.push(raw);
        let serde = serde_floor_name(raw_name);
        order.extend(names.iter().position(|n| *n == serde));
    }
    let rest: Vec<usize> = (0..names.len()).filter(|i| !order.contains(i)).collect();
    order.extend(rest);
    order
}

/// The name of the floor that adds a plain `serde_json` read of the claims to the raw
/// verify `raw`: `raw-awslc+serde_json`, for every raw primitive there is.
fn serde_floor_name(raw: &str) -> String {
    format!("{raw}+serde_json")
}

fn is_ours(name: &str) -> bool {
    name == "jwt" || (name.starts_with("jwt-") && name != "jwt-simple")
}

/// The raw primitive a contender stands on, when there is one measured: ours on backend
/// X on `raw-X`, jsonwebtoken on `raw-rustcrypto` (HMAC: `raw-hmac`) and
/// jsonwebtoken-awslc on `raw-awslc`.
fn floor_of(name: &str, hmac: bool) -> Option<String> {
    if hmac {
        return matches!(name, "jwt" | "jsonwebtoken").then(|| "raw-hmac".to_owned());
    }
    match name {
        "jsonwebtoken" => Some("raw-rustcrypto".to_owned()),
        "jsonwebtoken-awslc" => Some("raw-awslc".to_owned()),
        _ => name
            .strip_prefix("jwt-")
            .filter(|_| is_ours(name))
            .map(|b| format!("raw-{b}")),
    }
}

fn measure(alg: Algorithm, quick: bool) {
    let (count, window) = if quick {
        (31, Duration::from_millis(3))
    } else {
        (61, Duration::from_millis(8))
    };
    let hmac = alg.name().starts_with("HS");
    let message = signing_input(alg);
    let contenders = contenders(alg);
    // The size of the typical access token with this algorithm, for the report.
    if let Some(first) = contenders.first() {
        println!(
            "{}",
            json!({"kind": "token_size", "alg": alg.name(), "bytes": (first.encode)().len()})
        );
    }
    let primitives: Vec<_> = primitives(alg)
        .into_iter()
        .filter(|p| p.name.starts_with("raw-"))
        .collect();
    for operation in ["encode", "decode"] {
        // Every contender decodes the same token, and every raw verify checks that token's
        // own signature: an ECDSA verify's cost moves with the signature's values by a few
        // percent, so a floor on another signature is no floor (the layer came out
        // negative). A contender that cannot read the shared token decodes its own.
        let shared = (contenders[0].encode)();
        let tokens: Vec<String> = contenders
            .iter()
            .map(|c| {
                if (c.decode)(&shared) {
                    shared.clone()
                } else {
                    eprintln!("{} {alg}: decodes its own token", c.name);
                    (c.encode)()
                }
            })
            .collect();
        let inputs: Vec<(Vec<u8>, Vec<u8>)> = primitives
            .iter()
            .map(|p| jwt_benches::verify_input(p.name, alg, &shared))
            .collect();
        // The claims as every contender's token carries them (the same claims for all).
        let claims_json = jwt_benches::claims_json(&tokens[0]);
        let mut timed: Vec<Timed<'_>> = Vec::new();
        for (contender, token) in contenders.iter().zip(&tokens) {
            timed.push(Timed {
                name: contender.name,
                call: if operation == "encode" {
                    Box::new(|| drop(black_box((contender.encode)())))
                } else {
                    Box::new(|| assert!((contender.decode)(black_box(token))))
                },
            });
        }
        for (primitive, (shared_message, signature)) in primitives.iter().zip(&inputs) {
            let message = &message;
            timed.push(Timed {
                name: primitive.name,
                call: if operation == "encode" {
                    Box::new(move || drop(black_box((primitive.sign)(black_box(message)))))
                } else {
                    Box::new(move || {
                        assert!((primitive.verify)(black_box(shared_message), signature));
                    })
                },
            });
        }
        if operation == "decode" && !hmac {
            for (primitive, (message, signature)) in primitives.iter().zip(&inputs) {
                // Named once per primitive and kept for the run, as every `Timed` name is.
                let name: &'static str = Box::leak(serde_floor_name(primitive.name).into());
                let claims_json = &claims_json;
                timed.push(Timed {
                    name,
                    call: Box::new(move || {
                        assert!((primitive.verify)(black_box(message), signature));
                        let claims: AccessClaims =
                            serde_json::from_slice(black_box(claims_json)).unwrap();
                        drop(black_box(claims));
                    }),
                });
            }
        }
        let names: Vec<&str> = timed.iter().map(|t| t.name).collect();
        let per_round = rounds(&timed, &grouped_order(&names, hmac), count, window);
        let index = |name: &str| timed.iter().position(|t| t.name == name);
        for (t, times) in timed.iter().zip(&per_round) {
            let (median, p25, p75) = quartiles(times.clone());
            println!(
                "{}",
                json!({"kind": "time", "alg": alg.name(), "operation": operation, "contender": t.name,
                       "median_ns": median, "p25_ns": p25, "p75_ns": p75})
            );
        }
        let floor_times = |name: &str| Some(&per_round[index(&floor_of(name, hmac)?)?]);
        let layer = |name: &str| -> Option<Vec<f64>> {
            let own = &per_round[index(name)?];
            Some(
                own.iter()
                    .zip(floor_times(name)?)
                    .map(|(a, b)| a - b)
                    .collect(),
            )
        };
        for ours in timed.iter().map(|t| t.name).filter(|n| is_ours(n)) {
            let our_times = &per_round[index(ours).unwrap()];
            if let Some(floor) = floor_of(ours, hmac)
                && let (Some(raw), Some(with_serde)) =
                    (index(&floor), index(&serde_floor_name(&floor)))
            {
                let diff = |a: &[f64], b: &[f64]| -> Vec<f64> {
                    a.iter().zip(b).map(|(x, y)| x - y).collect()
                };
                let serde = diff(&per_round[with_serde], &per_round[raw]);
                let over = diff(our_times, &per_round[with_serde]);
                let (serde_ns, _, _) = quartiles(serde);
                let (over_ns, over_p25, over_p75) = quartiles(over);
                println!(
                    "{}",
                    json!({"kind": "serde_floor", "alg": alg.name(), "operation": operation, "contender": ours,
                           "floor": floor, "serde_ns": serde_ns, "over_ns": over_ns,
                           "over_p25_ns": over_p25, "over_p75_ns": over_p75})
                );
            }
            if let (Some(own), Some(floor)) = (layer(ours), floor_times(ours)) {
                let (median, p25, p75) = quartiles(own.clone());
                // Each round's layer over that round's floor, as the peer ratios are taken.
                let shares = own.iter().zip(floor).map(|(l, f)| l / f).collect();
                let (share, share_p25, share_p75) = quartiles(shares);
                println!(
                    "{}",
                    json!({"kind": "layer", "alg": alg.name(), "operation": operation, "contender": ours,
                           "floor": floor_of(ours, hmac), "median_ns": median, "p25_ns": p25, "p75_ns": p75,
                           "share_median": share, "share_p25": share_p25, "share_p75": share_p75})
                );
            }
            for peer in ["jsonwebtoken", "jsonwebtoken-awslc", "jwt-simple"] {
                let Some(p) = index(peer) else { continue };
                let ratios = per_round[p]
                    .iter()
                    .zip(our_times)
                    .map(|(a, b)| a / b)
                    .collect();
                let (median, p25, p75) = quartiles(ratios);
                let same_primitives =
                    floor_of(ours, hmac).is_some() && floor_of(ours, hmac) == floor_of(peer, hmac);
                println!(
                    "{}",
                    json!({"kind": "ratio", "alg": alg.name(), "operation": operation, "ours": ours,
                           "peer": peer, "median": median, "p25": p25, "p75": p75,
                           "same_primitives": same_primitives})
                );
                if same_primitives && let (Some(own), Some(theirs)) = (layer(ours), layer(peer)) {
                    let ratios = own.iter().zip(&theirs).map(|(a, b)| a / b).collect();
                    let (median, p25, p75) = quartiles(ratios);
                    println!(
                        "{}",
                        json!({"kind": "layer_ratio", "alg": alg.name(), "operation": operation, "ours": ours,
                               "peer": peer, "median": median, "p25": p25, "p75": p75})
                    );
                }
            }
        }
    }
}

/// The stages of an HS256 decode and the whole decode, in alternating windows: their
/// medians come from the same rounds, so what the whole decode has beyond its stages is
/// not a difference of two separate spells of the machine.
fn measure_stages(quick: bool) {
    let (count, window) = if quick {
        (31, Duration::from_millis(3))
    } else {
        (61, Duration::from_millis(8))
    };
    let timed: Vec<Timed<'_>> = jwt_benches::hs256_stage_calls()
        .into_iter()
        .map(|(name, call)| Timed { name, call })
        .collect();
    let order: Vec<usize> = (0..timed.len()).collect();
    for (t, times) in timed.iter().zip(rounds(&timed, &order, count, window)) {
        let (median, p25, p75) = quartiles(times);
        println!(
            "{}",
            json!({"kind": "stage", "alg": "HS256", "operation": "decode", "stage": t.name,
                   "median_ns": median, "p25_ns": p25, "p75_ns": p75})
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let chosen: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    for alg in ALGORITHMS {
        if chosen.is_empty() || chosen.iter().any(|c| c.as_str() == alg.name()) {
            measure(alg, quick);
            if alg == Algorithm::Hs256 {
                measure_stages(quick);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::grouped_order;

    #[test]
    fn the_grouped_order_times_everything_once_with_each_floor_beside_its_contenders() {
        let names = [
            "jwt-awslc",
            "jwt-openssl",
            "jsonwebtoken",
            "jwt-simple",
            "raw-rustcrypto",
            "raw-openssl",
            "raw-awslc",
            "raw-rustcrypto+serde_json",
            "raw-openssl+serde_json",
            "raw-awslc+serde_json",
        ];
        let order: Vec<&str> = grouped_order(&names, false)
            .into_iter()
            .map(|i| names[i])
            .collect();
        assert_eq!(
            order,
            [
                "jsonwebtoken",
                "raw-rustcrypto",
                "raw-rustcrypto+serde_json",
                "jwt-openssl",
                "raw-openssl",
                "raw-openssl+serde_json",
                "jwt-awslc",
                "raw-awslc",
                "raw-awslc+serde_json",
                "jwt-simple",
            ]
        );
        let hmac = ["jwt", "jsonwebtoken", "jwt-simple", "raw-hmac"];
        let order: Vec<&str> = grouped_order(&hmac, true)
            .into_iter()
            .map(|i| hmac[i])
            .collect();
        assert_eq!(order, ["jwt", "jsonwebtoken", "raw-hmac", "jwt-simple"]);
    }
}
