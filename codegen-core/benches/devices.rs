//! Speed devices benchmark: the devices of the load path, each timed with and without it,
//! side by side in one run, on the synthetic spec of `bench_support::large_spec`:
//! - parsing a large YAML document in slices of its top-level entries on every core
//!   (`load::yaml::parse`), against one piece on one core (`parse_in_one_piece`);
//! - freeing the parsed trees (in `load_model`) and the model (in asyncapi-codegen-build's
//!   `Config::generate`) on a detached thread, against freeing them inline. Both load, then
//!   generate the TypeScript client, as a build script does (writing is left out: its disk
//!   noise would drown the difference).
//!
//! A hand-written Fx hasher for the type builder's maps could not show a gain here and was
//! removed. Slicing gains only where a core is free: on a loaded machine it can lose.
//!
//! Run with `cargo bench -p asyncapi-codegen-core --bench devices`. `DEVICES_BENCH_CHANNELS`
//! (comma-separated spec sizes, default `200,2000`) and `DEVICES_BENCH_RUNS` (default 21)
//! change what is timed. The with and without runs alternate, so that the machine's noise
//! falls on both. It prints medians and asserts nothing about time.

use asyncapi_codegen_core::emit::typescript::{generate, TypeScriptOptions};
use asyncapi_codegen_core::load::Sources;
use bench_support::{env_number, median, ms, SyntheticSpec};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long `f` takes; what it returns is dropped outside the timing.
fn timed<T>(f: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    let value = f();
    let elapsed = start.elapsed();
    drop(value);
    elapsed
}

/// Load and generate as `Config::generate` does: `load_model` frees the trees on a detached
/// thread, and the model is freed on another once the files are out.
fn generate_freeing_detached(spec: &Path, options: &TypeScriptOptions) -> usize {
    let model = asyncapi_codegen_core::load_model(spec).expect("loads");
    let files = generate(&model, options).expect("generates").len();
    let _detached = std::thread::spawn(move || drop(model));
    files
}

/// The same steps, everything freed inline.
fn generate_freeing_inline(spec: &Path, options: &TypeScriptOptions) -> usize {
    let (sources, root) = Sources::load(spec).expect("loads");
    let model = asyncapi_codegen_core::spec::normalise(&sources, root).expect("normalises");
    drop(sources);
    let files = generate(&model, options).expect("generates").len();
    drop(model);
    files
}

/// Lets the detached frees of the previous run finish before the next timing starts.
fn settle() {
    std::thread::sleep(Duration::from_millis(150));
}

fn main() {
    let sizes: Vec<usize> = std::env::var("DEVICES_BENCH_CHANNELS")
        .ok()
        .map(|v| v.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![200, 2000]);
    let runs = env_number("DEVICES_BENCH_RUNS", 21).max(1);
    let options = TypeScriptOptions::default();
    for channels in sizes {
        let synthetic = SyntheticSpec::new("devices-bench", channels);
        let (spec, text) = (&synthetic.path, &synthetic.text);
        // Warm-up, which also checks that both ways give the same files.
        assert_eq!(
            generate_freeing_detached(spec, &options),
            generate_freeing_inline(spec, &options)
        );
        settle();

        let file = asyncapi_codegen_core::load::FileId(0);
        let (mut sliced, mut whole) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            sliced.push(timed(|| {
                asyncapi_codegen_core::load::yaml::parse(text, file).expect("parses")
            }));
            whole.push(timed(|| {
                asyncapi_codegen_core::load::yaml::parse_in_one_piece(text, file).expect("parses")
            }));
        }

        let (mut detached, mut inline) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            detached.push(timed(|| generate_freeing_detached(spec, &options)));
            settle();
            inline.push(timed(|| generate_freeing_inline(spec, &options)));
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        println!(
            "devices bench: {channels} channels, {} KiB of YAML, {cores} cores, median of {runs} runs",
            text.len() / 1024
        );
        let line = |what: &str, with: &mut [Duration], without: &mut [Duration], base: &str| {
            let (with, without) = (median(with), median(without));
            println!(
                "  {what:<44} {:>8.2} ms   {base:<17} {:>8.2} ms   gain {:>5.1} %",
                ms(with),
                ms(without),
                100.0 * (1.0 - with.as_secs_f64() / without.as_secs_f64())
            );
        };
        line(
            "YAML parse, sliced on every core",
            &mut sliced,
            &mut whole,
            "in one piece",
        );
        line(
            "load + TypeScript generate, frees detached",
            &mut detached,
            &mut inline,
            "frees inline",
        );
    }
}
