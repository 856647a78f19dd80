//! What the generated TypeScript costs its users, against a baseline build of this
//! repository: `tsc --noEmit` (strict, bundler resolution) on the client of the synthetic
//! 200-channel spec with TypeScript 5.9 and 7, the client's size, and the seed client's
//! bundle (GUIDE §3's usage snippet, minified, `mqtt` left out) in bytes and gzipped.
//!
//! Run with `cargo bench -p workspace-tests --bench typecheck`. The baseline is the
//! `asyncapi-codegen` CLI built from git revision `TYPECHECK_BASELINE` (default
//! [`DEFAULT_BASELINE`], the main branch before the type-check work) with `git archive`, so
//! it needs a clone with history; its build is cached in `target/typecheck-baseline`.
//! `TYPECHECK_CHANNELS` (default 200) and `TYPECHECK_RUNS` (default 3) size the run.
//!
//! It prints figures and asserts nothing about time: the two outputs are type-checked
//! alternately in one run, and the median of each is reported, because this machine is noisy.

use bench_support::{env_number, median, SyntheticSpec};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use workspace_tests::cli_binary::asyncapi_codegen;
use workspace_tests::node::{self, TypeScript};
use workspace_tests::ts_project::ts_dir;
use workspace_tests::workspace_root;

/// main at fb78d45, when issue 13 measured the type-check cost.
const DEFAULT_BASELINE: &str = "fb78d45a357a5ead137faf016bf7fd1a9fd8f390";

/// One generator under test: its CLI and where its outputs go.
struct Generator {
    label: String,
    cli: PathBuf,
    /// The 200-channel client's project (a `tsconfig.json` beside `src/__gen__`).
    large: PathBuf,
    /// The seed client's project.
    seed: PathBuf,
}

/// What one `tsc` run reported.
struct TscRun {
    wall: Duration,
    /// `Memory used` from `--extendedDiagnostics`, in KiB, where the compiler reports it.
    memory_kib: Option<u64>,
    /// `Instantiations`, where the compiler reports it.
    instantiations: Option<u64>,
}

fn main() {
    let channels = env_number("TYPECHECK_CHANNELS", 200);
    let runs = env_number("TYPECHECK_RUNS", 3).max(1);
    let baseline_rev =
        std::env::var("TYPECHECK_BASELINE").unwrap_or_else(|_| DEFAULT_BASELINE.to_string());
    let spec = SyntheticSpec::new("typecheck", channels);
    let seed_spec = workspace_root().join("tests/fixtures/seed/asyncapi.yaml");
    let tmpdir = Path::new(env!("CARGO_TARGET_TMPDIR"));

    let baseline_cli = build_baseline(&baseline_rev, &spec.dir);
    let generators: Vec<Generator> = [
        (format!("baseline {}", short(&baseline_rev)), baseline_cli),
        (
            "this tree".to_string(),
            asyncapi_codegen(tmpdir).to_path_buf(),
        ),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (label, cli))| {
        let root = spec.dir.join(format!("generator-{i}"));
        Generator {
            label,
            cli,
            large: root.join("large"),
            seed: root.join("seed"),
        }
    })
    .collect();

    for g in &generators {
        generate(&g.cli, &spec.path, &g.large.join("src/__gen__"));
        write_tsconfig(&g.large);
        generate(&g.cli, &seed_spec, &g.seed.join("__gen__"));
    }
    // What any client built on MQTT.js costs before its first line: the same settings on one
    // file that only imports `mqtt`'s client type (the libraries, DOM, mqtt's declarations and
    // the Node types they reference). No output can type-check faster than this.
    let floor = spec.dir.join("floor");
    std::fs::create_dir_all(floor.join("src")).expect("floor project dir");
    std::fs::write(
        floor.join("src/client.ts"),
        "import type { MqttClient } from 'mqtt';\n\nexport let client: MqttClient | undefined;\n",
    )
    .expect("write the floor project");
    write_tsconfig(&floor);

    println!(
        "type-check cost of the generated client ({channels} channels, strict, bundler), median of {runs}"
    );
    let versions = [TypeScript::V5_9, TypeScript::V7];
    // results[generator][version] = runs
    let mut results: Vec<Vec<Vec<TscRun>>> = generators
        .iter()
        .map(|_| versions.iter().map(|_| Vec::new()).collect())
        .collect();
    let mut floor_runs: Vec<Vec<TscRun>> = versions.iter().map(|_| Vec::new()).collect();
    for _ in 0..runs {
        for (vi, &ts) in versions.iter().enumerate() {
            for (gi, g) in generators.iter().enumerate() {
                results[gi][vi].push(typecheck(ts, &g.large));
            }
            floor_runs[vi].push(typecheck(ts, &floor));
        }
    }
    println!(
        "  {:<22} {:>8} {:>10} {:>14} {:>8} {:>10}",
        "output", "files", "size", "tsc", "ratio", "memory"
    );
    for (vi, &ts) in versions.iter().enumerate() {
        let base = median_wall(&results[0][vi]);
        for (gi, g) in generators.iter().enumerate() {
            let (files, bytes) = tree_size(&g.large.join("src/__gen__"));
            let wall = median_wall(&results[gi][vi]);
            let last = results[gi][vi].last().expect("at least one run");
            println!(
                "  {:<22} {:>8} {:>8} KB {:>8.2} s {:>4} {:>7.2}× {:>10}{}",
                g.label,
                files,
                bytes / 1024,
                wall.as_secs_f64(),
                ts.label(),
                wall.as_secs_f64() / base.as_secs_f64(),
                last.memory_kib
                    .map_or("-".to_string(), |k| format!("{} MB", k / 1024)),
                last.instantiations
                    .map_or(String::new(), |n| format!("  ({n} instantiations)")),
            );
        }
        let wall = median_wall(&floor_runs[vi]);
        println!(
            "  {:<22} {:>8} {:>11} {:>8.2} s {:>4} {:>7.2}×  (only `import type {{ MqttClient }} from 'mqtt'`)",
            "floor",
            1,
            "-",
            wall.as_secs_f64(),
            ts.label(),
            wall.as_secs_f64() / base.as_secs_f64(),
        );
    }

    println!("seed client bundle (GUIDE §3's snippet, esbuild --minify, mqtt external)");
    let base_bundle = seed_bundle(&generators[0].seed);
    for g in &generators {
        let (min, gz) = seed_bundle(&g.seed);
        println!(
            "  {:<22} {:>7} bytes minified ({:.2}×), {:>6} bytes gzipped",
            g.label,
            min,
            min as f64 / base_bundle.0 as f64,
            gz
        );
    }
}

fn short(rev: &str) -> &str {
    rev.get(..7).unwrap_or(rev)
}

/// The baseline's `asyncapi-codegen`, built from `git archive <rev>` of this repository.
fn build_baseline(rev: &str, scratch: &Path) -> PathBuf {
    let root = workspace_root();
    let src = scratch.join("baseline-src");
    std::fs::create_dir_all(&src).expect("baseline source dir");
    let archive = Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["archive", "--format=tar", rev])
        .output()
        .expect("git runs");
    assert!(
        archive.status.success(),
        "git archive {rev} failed (the bench needs a clone with history; set TYPECHECK_BASELINE to a revision it has):\n{}",
        String::from_utf8_lossy(&archive.stderr)
    );
    let tar = src.join("baseline.tar");
    std::fs::write(&tar, &archive.stdout).expect("write the archive");
    let untar = Command::new("tar")
        .arg("-xf")
        .arg(&tar)
        .arg("-C")
        .arg(&src)
        .status()
        .expect("tar runs");
    assert!(untar.success(), "tar -xf of the baseline failed");
    let target = root.join("target/typecheck-baseline");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let build = Command::new(cargo)
        .args([
            "build",
            "--quiet",
            "--locked",
            "-p",
            "asyncapi-codegen-build",
            "--bin",
            "asyncapi-codegen",
        ])
        .arg("--manifest-path")
        .arg(src.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .output()
        .expect("cargo runs");
    assert!(
        build.status.success(),
        "building the baseline {rev} failed:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    target
        .join("debug")
        .join(format!("asyncapi-codegen{}", std::env::consts::EXE_SUFFIX))
}

/// `asyncapi-codegen generate <spec> --typescript <out>`.
fn generate(cli: &Path, spec: &Path, out: &Path) {
    let output = Command::new(cli)
        .arg("generate")
        .arg(spec)
        .arg("--typescript")
        .arg(out)
        .output()
        .expect("the CLI runs");
    assert!(
        output.status.success(),
        "{} generate {} failed:\n{}",
        cli.display(),
        spec.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A `tsconfig.json` in `project` that checks `src/` with the strict bundler settings.
fn write_tsconfig(project: &Path) {
    let base = ts_dir().join("tsconfig.bundler.json");
    let config = json!({
        "extends": base.to_string_lossy(),
        "compilerOptions": { "noEmit": true },
        "include": ["src/**/*.ts"],
    });
    std::fs::write(
        project.join("tsconfig.json"),
        serde_json::to_string_pretty(&config).expect("JSON"),
    )
    .expect("write tsconfig.json");
    // `mqtt` resolves from the workspace's node_modules, as in a user's frontend.
    let link = project.join("node_modules");
    if !link.exists() {
        std::os::unix::fs::symlink(node::node_modules(), &link).expect("link node_modules");
    }
}

/// `tsc --noEmit --extendedDiagnostics -p <project>`, timed.
fn typecheck(ts: TypeScript, project: &Path) -> TscRun {
    let config = project.join("tsconfig.json");
    let start = Instant::now();
    let out = node::run_node(
        &ts.tsc(),
        &[
            "-p".as_ref(),
            config.as_os_str(),
            "--extendedDiagnostics".as_ref(),
            "--pretty".as_ref(),
            "false".as_ref(),
        ],
        project,
        &[],
    );
    let wall = start.elapsed();
    assert!(
        out.success,
        "{} failed on {}:\n{}",
        ts.label(),
        project.display(),
        out.text
    );
    TscRun {
        wall,
        memory_kib: diagnostic(&out.text, "Memory used")
            .map(|v| v.trim_end_matches('K').parse().unwrap_or(0)),
        instantiations: diagnostic(&out.text, "Instantiations").and_then(|v| v.parse().ok()),
    }
}

/// The value of `name:` in `--extendedDiagnostics` output, without thousands separators.
fn diagnostic(text: &str, name: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix(name)?.trim_start();
        let value = rest.strip_prefix(':')?.trim();
        Some(value.replace(',', ""))
    })
}

fn median_wall(runs: &[TscRun]) -> Duration {
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    median(&mut walls)
}

/// Files and bytes under `dir`.
fn tree_size(dir: &Path) -> (usize, u64) {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read a generated dir") {
            let entry = entry.expect("dir entry");
            let meta = entry.metadata().expect("metadata");
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                files += 1;
                bytes += meta.len();
            }
        }
    }
    (files, bytes)
}

/// The seed snippet bundled with its client, minified, `mqtt` external: (bytes, gzipped).
fn seed_bundle(project: &Path) -> (u64, u64) {
    let entry = project.join("example.ts");
    std::fs::copy(ts_dir().join("seed/example.ts"), &entry).expect("copy the seed snippet");
    let outfile = project.join("bundle.min.js");
    let out = node::esbuild(
        &[
            entry.display().to_string(),
            "--bundle".into(),
            "--minify".into(),
            "--format=esm".into(),
            "--platform=browser".into(),
            "--target=es2022".into(),
            "--external:mqtt".into(),
            format!("--outfile={}", outfile.display()),
            "--log-level=warning".into(),
        ],
        project,
    );
    assert!(out.success, "esbuild failed:\n{}", out.text);
    let gzip = node::run_node(
        Path::new("-e"),
        &[
            "const fs = require('fs'); const zlib = require('zlib'); \
             process.stdout.write(String(zlib.gzipSync(fs.readFileSync(process.argv[1]), { level: 9 }).length));",
            outfile.to_str().expect("UTF-8 path"),
        ],
        project,
        &[],
    );
    assert!(gzip.success, "gzip in node failed:\n{}", gzip.text);
    let minified = std::fs::metadata(&outfile).expect("the bundle").len();
    (minified, gzip.text.trim().parse().expect("a byte count"))
}
