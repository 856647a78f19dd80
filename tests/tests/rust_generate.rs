//! The generated Rust, compiled for real: a crate (`tests/fixtures/rust-generate`) whose
//! build.rs calls `codegen_build::Config::rust_out` for a list of documents and whose lib
//! `include!`s each output.
//!
//! - `generated_rust_behaves`: `cargo test` of the crate's behaviour tests (wire JSON names,
//!   parameter validation, per-level topic parsing) for the seed spec, streetlights 3.0 and
//!   our fixtures.
//! - `generated_rust_is_clippy_clean_for_every_document`: `cargo clippy -D warnings` (the
//!   crate also denies `missing_docs`) with the seed spec, both streetlights documents, our
//!   fixtures and every corpus document that loads.
//! - `generated_rust_compiles_for_the_1000_channel_spec`: `cargo check` with the synthetic
//!   spec of `shared/bench/gen_large_spec.py -n 1000`.
//!
//! Builds run `--offline` with the workspace's Cargo.lock: the workspace build has already
//! fetched every dependency.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use workspace_tests::{corpus_dir, corpus_entry_documents, workspace_root};

fn shared_dir() -> PathBuf {
    match std::env::var_os("ASYNCAPI_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => corpus_dir().join("../.."),
    }
}

/// The fixture copied into its own scratch directory, with absolute path dependencies.
fn fixture(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("rust-generate")
        .join(name);
    let _ = fs::remove_dir_all(&root);
    let src = workspace_root().join("tests/fixtures/rust-generate");
    fs::create_dir_all(root.join("src")).unwrap();
    for file in ["build.rs", "src/lib.rs", "src/behaviour.rs"] {
        fs::copy(src.join(file), root.join(file)).unwrap();
    }
    let mut manifest = fs::read_to_string(src.join("Cargo.toml")).unwrap();
    for krate in ["codegen-runtime", "codegen-build"] {
        let relative = format!("path = \"../../../{krate}\"");
        assert!(
            manifest.contains(&relative),
            "the fixture's {krate} path changed"
        );
        let absolute = workspace_root().join(krate);
        manifest = manifest.replace(
            &relative,
            &format!("path = {:?}", absolute.to_str().unwrap()),
        );
    }
    // Cargo keys a root package's build-script state by name: one name per test keeps the
    // tests (which share a target dir) from rerunning each other's build scripts.
    manifest = manifest.replace(
        "name = \"rust-generate-fixture\"",
        &format!("name = \"rust-generate-fixture-{name}\""),
    );
    fs::write(root.join("Cargo.toml"), manifest).unwrap();
    fs::copy(workspace_root().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    fs::copy(
        workspace_root().join("rust-toolchain.toml"),
        root.join("rust-toolchain.toml"),
    )
    .unwrap();
    root
}

/// Runs cargo in `dir` with the documents listed for the build script; panics with the
/// output when it fails.
fn cargo(dir: &Path, args: &[&str], specs: &[(String, PathBuf)]) -> String {
    let mut list = String::new();
    for (module, path) in specs {
        writeln!(list, "{module}={}", path.display()).unwrap();
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            Path::new(env!("CARGO_TARGET_TMPDIR")).join("rust-generate-target"),
        )
        .env("RUST_GENERATE_SPECS", list)
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("OUT_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "cargo {args:?} failed for the generated Rust:\n{stderr}\n{stdout}"
    );
    stdout + &stderr
}

/// The documents the behaviour tests use, by module name.
fn behaviour_specs() -> Vec<(String, PathBuf)> {
    let shared = shared_dir();
    let fixtures = workspace_root().join("codegen-core/tests/fixtures/rust");
    vec![
        ("seed".into(), shared.join("specs/seed/asyncapi.yaml")),
        (
            "streetlights_3_0".into(),
            shared
                .join("specs/public/asyncapi__spec@v3.0.0/examples/streetlights-mqtt-asyncapi.yml"),
        ),
        ("kitchen_sink".into(), fixtures.join("kitchen-sink.yaml")),
        ("v2_parameters".into(), fixtures.join("v2-parameters.yaml")),
    ]
}

#[test]
fn generated_rust_behaves() {
    let dir = fixture("behaves");
    let out = cargo(&dir, &["test", "--offline", "--lib"], &behaviour_specs());
    assert!(out.contains("test result: ok."), "{out}");
    assert!(!out.contains(" 0 passed"), "no behaviour test ran:\n{out}");
}

#[test]
fn generated_rust_is_clippy_clean_for_every_document() {
    let mut specs = behaviour_specs();
    specs.push((
        "streetlights_2_6".into(),
        shared_dir().join("specs/public/asyncapi__spec@v2.6.0/examples/streetlights-mqtt.yml"),
    ));
    let mut skipped = Vec::new();
    let mut corpus = 0;
    for (i, rel) in corpus_entry_documents().iter().enumerate() {
        let path = corpus_dir().join(rel);
        // Documents the normaliser rejects have no Rust to compile (tests/tests/corpus.rs
        // holds the normaliser to account for them).
        if codegen_core::load_model(&path).is_err() {
            skipped.push(rel.display().to_string());
            continue;
        }
        specs.push((format!("corpus_{i}"), path));
        corpus += 1;
    }
    assert!(
        corpus >= 10,
        "only {corpus} corpus documents load; skipped: {skipped:?}"
    );
    let dir = fixture("clippy");
    cargo(
        &dir,
        &["clippy", "--offline", "--lib", "--", "-D", "warnings"],
        &specs,
    );
}

/// 1000 channels: 5000 types and 1000 channel modules (about 14 MB of formatted Rust).
/// `cargo check` rather than clippy: this is about compiling at that size, and it takes a
/// few minutes of CPU either way.
#[test]
fn generated_rust_compiles_for_the_1000_channel_spec() {
    let large = Path::new(env!("CARGO_TARGET_TMPDIR")).join("large-1000.yaml");
    let script = shared_dir().join("bench/gen_large_spec.py");
    let status = Command::new("python3")
        .arg(&script)
        .args(["-n", "1000", "-o"])
        .arg(&large)
        .status()
        .unwrap_or_else(|e| {
            panic!("python3 is needed for the synthetic spec (apt-get install python3): {e}")
        });
    assert!(status.success(), "{} failed", script.display());
    let dir = fixture("large");
    cargo(
        &dir,
        &["check", "--offline", "--lib"],
        &[("large_1000".into(), large)],
    );
}
