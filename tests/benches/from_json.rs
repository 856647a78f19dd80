//! `from_json` throughput in Rust: the example's generated `TelemetryReading` (with its
//! `date-time` format and ranges) against bare `serde_json::from_slice` into the same struct,
//! and against the exact path alone (parse to a `serde_json::Value`, `validate_value`,
//! deserialize), which `from_json` falls back to when its fast path says no.
//!
//! Run with `cargo bench -p workspace-tests --bench from_json`. It prints figures and
//! asserts nothing about time (the machine is noisy; the three are measured side by side,
//! interleaved, in one process). It does check that every message is decoded alike.

use asyncapi_codegen_runtime::validation::{from_json_slow, Validate};
use monorepo_backend::contract::TelemetryReading;
use monorepo_backend::simulation;
use std::hint::black_box;
use std::time::{Duration, Instant, UNIX_EPOCH};

const MESSAGES: usize = 1_000;
const ROUNDS: usize = 7;
const PASSES: usize = 40;

fn main() {
    let texts: Vec<Vec<u8>> = (0..MESSAGES)
        .map(|n| {
            let at = UNIX_EPOCH + Duration::from_secs(1_700_000_000 + n as u64 * 37);
            serde_json::to_vec(&simulation::reading(n as u32, at)).expect("serialise a reading")
        })
        .collect();
    for text in &texts {
        let bare: TelemetryReading = serde_json::from_slice(text).expect("bare");
        let ours = TelemetryReading::from_json(text).expect("a valid reading");
        assert_eq!(bare, ours, "from_json decodes what serde_json decodes");
    }
    type Decode = fn(&[u8]) -> bool;
    let candidates: [(&str, Decode); 3] = [
        ("serde_json::from_slice (no validation)", |b| {
            serde_json::from_slice::<TelemetryReading>(b).is_ok()
        }),
        ("TelemetryReading::from_json", |b| {
            TelemetryReading::from_json(b).is_ok()
        }),
        ("exact path alone (Value + validate_value)", |b| {
            from_json_slow::<TelemetryReading>(b, <TelemetryReading as Validate>::validate_value)
                .is_ok()
        }),
    ];
    let mut best = [f64::MAX; 3];
    for _ in 0..ROUNDS {
        for (i, (_, decode)) in candidates.iter().enumerate() {
            let start = Instant::now();
            for _ in 0..PASSES {
                for text in &texts {
                    black_box(decode(black_box(text)));
                }
            }
            best[i] = best[i].min(start.elapsed().as_secs_f64());
        }
    }
    let rate = |secs: f64| (MESSAGES * PASSES) as f64 / secs / 1e6;
    println!(
        "from_json throughput, {MESSAGES} TelemetryReading messages (~{} bytes each), best of {ROUNDS} rounds:",
        texts.iter().map(Vec::len).sum::<usize>() / MESSAGES
    );
    for (i, (name, _)) in candidates.iter().enumerate() {
        println!(
            "  {name:<44} {:>6.2} M msg/s  ({:.2}x of serde_json::from_slice)",
            rate(best[i]),
            best[0] / best[i]
        );
    }
}
