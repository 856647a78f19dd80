//! What the workspace's benchmarks share: the synthetic AsyncAPI document of any size
//! ([`large_spec`], also the `gen_large_spec` binary), written to a temp directory
//! ([`SyntheticSpec`]), and median timings ([`time`]).
//!
//! ```
//! let spec = bench_support::SyntheticSpec::new("doc-example", 3);
//! assert!(spec.path.is_file());
//! let dir = spec.dir.clone();
//! drop(spec); // removes its directory
//! assert!(!dir.exists());
//! ```
#![deny(missing_docs)]

pub mod large_spec;

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A number from the environment, or `default`.
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The median of `runs` timings of `f` (the value it returns is dropped outside the timing).
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

/// The YAML synthetic spec ([`large_spec::yaml`]) written to `large.yaml` in a fresh temp
/// directory, which is removed when this is dropped.
pub struct SyntheticSpec {
    /// The temp directory (benchmarks may write more into it).
    pub dir: PathBuf,
    /// `<dir>/large.yaml`.
    pub path: PathBuf,
    /// The document's text.
    pub text: String,
}

impl SyntheticSpec {
    /// Writes the document with `channels` channels into a temp directory named after `label`.
    pub fn new(label: &str, channels: usize) -> SyntheticSpec {
        let dir =
            std::env::temp_dir().join(format!("asyncapi-bench-{label}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the bench's temp dir");
        let path = dir.join("large.yaml");
        let text = large_spec::yaml(channels);
        std::fs::write(&path, &text).expect("write the synthetic spec");
        SyntheticSpec { dir, path, text }
    }
}

impl Drop for SyntheticSpec {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
