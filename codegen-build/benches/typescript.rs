//! TypeScript generation benchmark: YAML parse-only time against loading the model, generating
//! the TypeScript client, and the whole path from the file to written files, on the synthetic
//! spec of `bench_support::large_spec` (1000 channels by default; `cargo run -p bench-support
//! --bin gen_large_spec -- -n 1000` writes the same document).
//!
//! Run with `cargo bench -p asyncapi-codegen-build --bench typescript`. `TS_BENCH_CHANNELS` and
//! `TS_BENCH_RUNS` change the spec size and the number of timed runs. It prints medians and
//! the (load + generate + write) / parse-only ratio (target: at most 2) against two
//! baselines: the YAML parser library's own parse (`saphyr::Yaml::load_from_str`, and its
//! `MarkedYaml` loader, which keeps positions like we must), and our located-tree builder over
//! the parser's events (`asyncapi_codegen_core::load::yaml::parse`). It asserts nothing about time.
//!
//! The headline figure is what a build script pays on its first run:
//! `asyncapi_codegen_build::Config::new(spec).typescript_out(dir).generate()` into a directory that
//! does not exist yet, the very call a `build.rs` makes (load, generate, write all or
//! nothing). The lines above it break that down into load, generate and write
//! (`asyncapi_codegen_build::output::write`). The last line is what every `cargo build` after the
//! first pays: the same call with an output directory that is already up to date, writing
//! nothing.
//!
//! The write figures depend on the disk. On ext4 without a journal (as on the machines this
//! project is built on), creating files within a few minutes after many files were deleted
//! is several times slower, because the kernel avoids reusing recently freed inodes; this
//! bench deletes its own files when it ends, so let about five minutes pass between runs.

use asyncapi_codegen_core::emit::typescript::{generate, TypeScriptOptions};
use asyncapi_codegen_core::load::{yaml, FileId};
use bench_support::{env_number, median, ms, time, SyntheticSpec};
use saphyr::{LoadableYamlNode, MarkedYaml, Yaml};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Like [`time`], for a closure that writes into a new directory each run, after an
/// untimed `sync`. Directories are removed only at the end: rewriting the previous run's
/// files would measure the kernel waiting for their writeback before truncating them, and
/// deleting them would make ext4 scan for recently deleted inodes on every create; a single
/// real build meets neither.
fn time_writes(runs: usize, base: &Path, mut f: impl FnMut(&Path)) -> Duration {
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
        let dir = base.join(format!("run{i}"));
        // Best effort: without `sync` the figures are only noisier.
        let _ = Command::new("sync").status();
        let start = Instant::now();
        f(&dir);
        times.push(start.elapsed());
    }
    median(&mut times)
}

/// Writes the files under `dir` as a build does: through the all-or-nothing output writer.
fn write_all(
    dir: &Path,
    files: &[asyncapi_codegen_core::emit::GeneratedFile],
) -> asyncapi_codegen_build::output::Written {
    asyncapi_codegen_build::output::write(dir, files)
        .unwrap_or_else(|e| panic!("writing the files fails: {e}"))
}

/// What a `build.rs` calls, with the default options the other lines use.
fn build_script_call(spec: &Path, dir: &Path) -> asyncapi_codegen_build::Generated {
    asyncapi_codegen_build::Config::new(spec)
        .typescript_out(dir)
        .generate()
        .unwrap_or_else(|e| panic!("Config::generate fails: {e}"))
}

/// The ratio line against one baseline.
fn ratio(whole: Duration, baseline: Duration, label: &str) {
    println!(
        "  (load + generate + write) / {label:<34} = {:>5.2} (target <= 2)",
        whole.as_secs_f64() / baseline.as_secs_f64()
    );
}

fn main() {
    let channels = env_number("TS_BENCH_CHANNELS", 1000);
    let runs = env_number("TS_BENCH_RUNS", 11).max(1);
    let synthetic = SyntheticSpec::new("ts-bench", channels);
    let (dir, spec, text) = (
        synthetic.dir.clone(),
        synthetic.path.clone(),
        synthetic.text.clone(),
    );
    let out = dir.join("out");
    let options = TypeScriptOptions::default();

    // Warm-up, which also checks that everything works.
    yaml::parse(&text, FileId(0)).expect("the generated spec parses");
    Yaml::load_from_str(&text).expect("saphyr parses the generated spec");
    MarkedYaml::load_from_str(&text).expect("saphyr parses the generated spec");
    let model = asyncapi_codegen_core::load_model(&spec)
        .unwrap_or_else(|e| panic!("the generated spec does not load:\n{}", e.render()));
    let files = generate(&model, &options).expect("generation succeeds");
    write_all(&out, &files);
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();

    let saphyr_plain = time(runs, || Yaml::load_from_str(&text).expect("parses"));
    let saphyr_marked = time(runs, || MarkedYaml::load_from_str(&text).expect("parses"));
    let parse = time(runs, || yaml::parse(&text, FileId(0)).expect("parses"));
    let load = time(runs, || {
        asyncapi_codegen_core::load_model(&spec).expect("loads")
    });
    let gen = time(runs, || generate(&model, &options).expect("generates"));
    let write = time_writes(runs, &dir.join("write"), |d| {
        write_all(d, &files);
    });
    let whole = time_writes(runs, &dir.join("whole"), |d| {
        let generated = build_script_call(&spec, d);
        assert_eq!(generated.outputs[0].created.len(), files.len());
    });
    // `out` already holds exactly these files: a rebuild that changes nothing.
    let noop = time(runs, || {
        let generated = build_script_call(&spec, &out);
        assert!(
            generated.outputs[0].is_noop(),
            "the up-to-date output was rewritten"
        );
    });
    let yaml_kib = text.len() / 1024;
    drop(synthetic);

    println!(
        "typescript bench: {channels} channels, {} KiB of YAML, {} files / {} KiB of TypeScript, median of {runs} runs",
        yaml_kib,
        files.len(),
        bytes / 1024
    );
    println!(
        "  saphyr Yaml::load_from_str (parser library) {:>9.2} ms",
        ms(saphyr_plain)
    );
    println!(
        "  saphyr MarkedYaml::load_from_str            {:>9.2} ms",
        ms(saphyr_marked)
    );
    println!(
        "  our located tree (load::yaml::parse)        {:>9.2} ms",
        ms(parse)
    );
    println!(
        "  load_model                                  {:>9.2} ms",
        ms(load)
    );
    println!(
        "  TypeScript generate                         {:>9.2} ms",
        ms(gen)
    );
    println!(
        "  writing the files (output::write)           {:>9.2} ms",
        ms(write)
    );
    println!(
        "  Config::generate, new output directory      {:>9.2} ms   (load + generate + write, as build.rs runs it)",
        ms(whole)
    );
    println!(
        "  Config::generate, output already up to date {:>9.2} ms",
        ms(noop)
    );
    ratio(whole, saphyr_plain, "saphyr Yaml parse-only");
    ratio(whole, saphyr_marked, "saphyr MarkedYaml parse-only");
    ratio(whole, parse, "our located tree parse-only");
    println!(
        "  (load + generate, up to date) / saphyr Yaml parse-only   = {:>5.2}",
        noop.as_secs_f64() / saphyr_plain.as_secs_f64()
    );
}
