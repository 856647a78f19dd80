//! `cargo check` time of a crate that checks 100 payload structs against the 1000-channel
//! synthetic spec, next to the same crate without the macro.
//!
//! Run with `cargo bench -p asyncapi-codegen-macros --bench check_time`. It writes three probe crates
//! under `CARGO_TARGET_TMPDIR` (each with its own target directory, kept between runs),
//! warms their dependencies, then times `cargo check` of the probe crate alone (its
//! `main.rs` touched before each run) several times and prints the medians:
//!
//! - `plain`: the structs with serde derives, no macro;
//! - `macro-debug`: the same structs in ten `asyncapi!` blocks, the macro built as cargo
//!   builds it by default (unoptimised);
//! - `macro-opt`: the same, with `[profile.dev.build-override] opt-level = 3`, as we advise
//!   users to set (sqlx gives the same advice for its macros).
//!
//! It also builds `macro-debug` once with `ASYNCAPI_MACRO_DEBUG=1`, which makes the macro
//! print a line per parse and per cache hit, and counts them: the spec must be parsed once
//! per compiler process, whatever the number of invocations.
//!
//! The 1000-channel spec comes from `bench_support::large_spec` (the `gen_large_spec` binary of
//! `tests/bench-support`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

const STRUCTS: usize = 100;
const BLOCKS: usize = 10;
const RUNS: usize = 5;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn generate_spec(out: &Path) {
    fs::write(out, bench_support::large_spec::yaml(1000)).expect("write the synthetic spec");
}

/// The `maintenanceN` value of payload `i`'s status enum, read from the generated spec.
fn maintenance_value(spec: &str, i: usize) -> String {
    let start = spec
        .find(&format!("    Telemetry{i}Payload:\n"))
        .expect("payload in spec");
    let rest = &spec[start..];
    let at = rest.find("- \"maintenance").expect("status enum");
    let value = &rest[at + 3..];
    value[..value.find('"').expect("closing quote")].to_string()
}

fn items(spec: &str, i: usize, checked: bool) -> String {
    let attr = if checked {
        format!("    #[asyncapi(message = \"Telemetry{i}\")]\n")
    } else {
        String::new()
    };
    let maintenance = maintenance_value(spec, i);
    format!(
        r#"    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
{attr}    pub struct Telemetry{i} {{
        pub device_id: String,
        pub timestamp: String,
        pub sequence: Option<u32>,
        pub temperature: f64,
        pub online: Option<bool>,
        pub status: Status{i},
        pub tags: Option<Vec<String>>,
        pub location: Location{i},
        pub firmware: Option<String>,
        pub contact_email: Option<String>,
    }}

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Status{i} {{
        Ok,
        Warning,
        Error,
        #[serde(rename = "{maintenance}")]
        Maintenance,
    }}

    #[derive(serde::Serialize, serde::Deserialize)]
    pub struct Location{i} {{
        pub lat: f64,
        pub lon: f64,
        pub altitude: Option<f64>,
    }}

"#
    )
}

fn main_rs(spec: &str, checked: bool) -> String {
    let mut out = String::new();
    let per_block = STRUCTS / BLOCKS;
    for block in 0..BLOCKS {
        let body: String = (block * per_block..(block + 1) * per_block)
            .map(|i| items(spec, i, checked))
            .collect();
        if checked {
            out.push_str(&format!(
                "asyncapi_codegen_macros::asyncapi! {{\n    spec = \"large.yaml\";\n\n{body}}}\n\n"
            ));
        } else {
            out.push_str(&format!(
                "pub mod block{block} {{\n{body}}}\npub use block{block}::*;\n\n"
            ));
        }
    }
    out.push_str("fn main() {}\n");
    out
}

fn write_probe(dir: &Path, spec_text: &str, spec_file: &Path, checked: bool, optimise_macro: bool) {
    let root = workspace_root();
    fs::create_dir_all(dir.join("src")).unwrap();
    let path = |p: &str| root.join(p).to_string_lossy().replace('\\', "/");
    let profile = if optimise_macro {
        "\n[profile.dev.build-override]\nopt-level = 3\n"
    } else {
        ""
    };
    let manifest = format!(
        "[package]\nname = \"check-bench\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\nasyncapi-codegen-macros = {{ path = \"{}\" }}\nasyncapi-codegen-runtime = {{ path = \"{}\" }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n{profile}",
        path("codegen-macros"),
        path("codegen-runtime"),
    );
    let files = [
        ("Cargo.toml", manifest),
        (
            "Cargo.lock",
            fs::read_to_string(root.join("Cargo.lock")).unwrap(),
        ),
        (
            "rust-toolchain.toml",
            fs::read_to_string(root.join("rust-toolchain.toml")).unwrap(),
        ),
        ("src/main.rs", main_rs(spec_text, checked)),
    ];
    for (name, text) in files {
        let p = dir.join(name);
        if fs::read_to_string(&p).ok().as_deref() != Some(text.as_str()) {
            fs::write(&p, text).unwrap();
        }
    }
    fs::copy(spec_file, dir.join("large.yaml")).unwrap();
}

/// One `cargo check`: wall time, CPU time (user + system of cargo and its children, from the
/// shell's `times`, which is far steadier than wall time on a shared machine) and stderr.
fn cargo_check(dir: &Path, debug_notes: bool) -> (Duration, f64, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut cmd = Command::new("sh");
    cmd.args(["-c", "\"$0\" check --quiet; s=$?; times >&2; exit $s"])
        .arg(cargo)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("ASYNCAPI_MANIFEST_DIR")
        .env_remove("ASYNCAPI_MACRO_DEBUG");
    if debug_notes {
        cmd.env("ASYNCAPI_MACRO_DEBUG", "1");
    }
    let start = Instant::now();
    let out = cmd.output().expect("cargo runs");
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        out.status.success(),
        "cargo check failed in {}:\n{stderr}",
        dir.display()
    );
    let cpu = stderr.lines().last().map_or(0.0, children_cpu_seconds);
    (elapsed, cpu, stderr)
}

/// `0m1.250s 0m0.100s` (the children line of `times`) → 1.35.
fn children_cpu_seconds(line: &str) -> f64 {
    line.split_whitespace()
        .filter_map(|t| {
            let (m, s) = t.strip_suffix('s')?.split_once('m')?;
            Some(m.parse::<f64>().ok()? * 60.0 + s.parse::<f64>().ok()?)
        })
        .sum()
}

fn touch(file: &Path) {
    fs::File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(SystemTime::now())
        .unwrap();
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

/// Medians of `RUNS` timed checks of the probe crate alone (dependencies warmed first):
/// (wall, CPU, the wall times of each run).
fn median_check(dir: &Path) -> (f64, f64, Vec<f64>) {
    cargo_check(dir, false);
    let runs: Vec<(f64, f64)> = (0..RUNS)
        .map(|_| {
            touch(&dir.join("src/main.rs"));
            let (wall, cpu, _) = cargo_check(dir, false);
            (wall.as_secs_f64(), cpu)
        })
        .collect();
    let walls: Vec<f64> = runs.iter().map(|r| r.0).collect();
    let cpus: Vec<f64> = runs.iter().map(|r| r.1).collect();
    (median(walls.clone()), median(cpus), walls)
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without
    // it, and a ten-minute benchmark does not belong in the test suite.
    if !std::env::args().any(|a| a == "--bench") {
        println!("check_time: a benchmark; run it with `cargo bench -p asyncapi-codegen-macros --bench check_time`");
        return;
    }
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join("check-bench");
    fs::create_dir_all(&base).unwrap();
    let spec_file = base.join("large.yaml");
    generate_spec(&spec_file);
    let spec_text = fs::read_to_string(&spec_file).unwrap();

    let variants = [
        ("plain", false, false),
        ("macro-debug", true, false),
        ("macro-opt", true, true),
    ];
    let mut medians = Vec::new();
    for (name, checked, optimise) in variants {
        let dir = base.join(name);
        write_probe(&dir, &spec_text, &spec_file, checked, optimise);
        let (wall, cpu, runs) = median_check(&dir);
        let shown: Vec<String> = runs.iter().map(|t| format!("{t:.2}")).collect();
        let fastest = min(&runs);
        println!(
            "{name:<12} cargo check: wall median {wall:.2} s, min {fastest:.2} s; CPU median {cpu:.2} s (wall of each run: {})",
            shown.join(", ")
        );
        medians.push((fastest, cpu));
    }
    println!(
        "\n{STRUCTS} payload structs (+{STRUCTS} enums, +{STRUCTS} nested structs) in {BLOCKS} asyncapi! blocks, spec of 1000 channels ({} KiB)",
        spec_text.len() / 1024
    );
    for (label, i) in [("macro unoptimised", 1), ("macro opt-level 3", 2)] {
        println!(
            "added by asyncapi! ({label}): wall (min) {:+.2} s, CPU (median) {:+.2} s (target: <= 1 s)",
            medians[i].0 - medians[0].0,
            medians[i].1 - medians[0].1
        );
    }

    for name in ["macro-debug", "macro-opt"] {
        let dir = base.join(name);
        touch(&dir.join("src/main.rs"));
        let (_, _, stderr) = cargo_check(&dir, true);
        let notes: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("asyncapi!:"))
            .collect();
        let count = |marker: &str| notes.iter().filter(|l| l.contains(marker)).count();
        let millis = |marker: &str| -> u64 {
            notes
                .iter()
                .filter(|l| l.contains(marker))
                .filter_map(|l| {
                    l.split(" in ")
                        .nth(1)?
                        .split(" ms")
                        .next()?
                        .parse::<u64>()
                        .ok()
                })
                .sum()
        };
        let (parses, hits) = (count("asyncapi!: parsed"), count("asyncapi!: cache hit"));
        println!(
            "\n{name}: with ASYNCAPI_MACRO_DEBUG=1 the {BLOCKS} invocations printed {parses} parse(s) and {hits} cache hit(s); time inside the macro: parse {} ms + checks {} ms",
            millis("asyncapi!: parsed"),
            millis("asyncapi!: checked")
        );
        let all = notes.join("\n");
        assert_eq!(
            parses, 1,
            "the spec was parsed {parses} times in one rustc process:\n{all}"
        );
        assert_eq!(
            hits,
            BLOCKS - 1,
            "expected {} cache hits:\n{all}",
            BLOCKS - 1
        );
    }
    println!("=> the spec is parsed once per compiler process (counted above)");
}
