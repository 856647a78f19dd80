//! What every benchmark of this crate shares: the synthetic spec, medians, settings.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

/// A number from the environment, or `default`.
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The median of `runs` timings of `f`.
pub fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            let value = f();
            let elapsed = start.elapsed();
            drop(value);
            elapsed
        })
        .collect();
    median(&mut times)
}

/// The median of some timings.
pub fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// Milliseconds, for printing.
pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The synthetic spec of `../shared/bench/gen_large_spec.py -n <channels>`, written to a
/// fresh temp dir named after `label`: `(dir, spec path, text)`.
pub fn synthetic_spec(label: &str, channels: usize) -> (PathBuf, PathBuf, String) {
    let shared = match std::env::var_os("ASYNCAPI_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    let script = shared.join("bench/gen_large_spec.py");
    let output = Command::new("python3")
        .arg(&script)
        .arg("-n")
        .arg(channels.to_string())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run python3 {}: {e} (install python3)",
                script.display()
            )
        });
    assert!(
        output.status.success(),
        "{} failed: {}; set ASYNCAPI_SHARED_DIR to the shared folder",
        script.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let dir = std::env::temp_dir().join(format!("codegen-core-{label}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("large.yaml");
    std::fs::write(&spec, &output.stdout).expect("write the spec");
    let text = String::from_utf8(output.stdout).expect("the generator writes UTF-8");
    (dir, spec, text)
}
