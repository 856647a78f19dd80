//! The generated Rust, compiled for real: a crate (`tests/fixtures/rust-generate`) whose
//! build.rs calls `asyncapi_codegen_build::Config::rust_out` for a list of documents and whose lib
//! `include!`s each output.
//!
//! - `generated_rust_behaves`: `cargo test` of the crate's behaviour tests (wire JSON names,
//!   parameter validation, per-level topic parsing) for the seed spec, streetlights 3.0 and
//!   our fixtures.
//! - `generated_rust_is_clippy_clean_for_every_document`: `cargo clippy -D warnings` (the
//!   crate also denies `missing_docs`) with the seed spec, both streetlights documents, our
//!   fixtures and every corpus document that loads.
//! - `generated_rust_compiles_for_the_1000_channel_spec`: `cargo check` with the synthetic
//!   spec of `bench_support::large_spec` with 1000 channels.
//! - `rust_and_typescript_agree_on_the_wire`: Rust values pass the generated TypeScript
//!   validators and TypeScript values deserialise into the Rust types (`src/bin/wire.rs`
//!   and `wire.ts` of the fixture).
//!
//! Builds run `--offline` with the workspace's Cargo.lock: the workspace build has already
//! fetched every dependency.

use asyncapi_codegen_core::emit::typescript::TypeScriptOptions;
use serde_json::json;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use workspace_tests::node::{self, TypeScript};
use workspace_tests::ts_project::TsProject;
use workspace_tests::{corpus_dir, corpus_entry_documents, seed_spec, workspace_root};

/// The fixture copied into its own scratch directory, with absolute path dependencies.
fn fixture(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("rust-generate")
        .join(name);
    let _ = fs::remove_dir_all(&root);
    let src = workspace_root().join("tests/fixtures/rust-generate");
    fs::create_dir_all(root.join("src/bin")).unwrap();
    for file in [
        "build.rs",
        "src/lib.rs",
        "src/behaviour.rs",
        "src/bin/wire.rs",
    ] {
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
    let fixtures = workspace_root().join("codegen-core/tests/fixtures/rust");
    vec![
        ("seed".into(), seed_spec()),
        (
            "streetlights_3_0".into(),
            corpus_dir().join("asyncapi__spec@v3.0.0/examples/streetlights-mqtt-asyncapi.yml"),
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
        corpus_dir().join("asyncapi__spec@v2.6.0/examples/streetlights-mqtt.yml"),
    ));
    // Servers with variables, bindings and security; and hostile server ids and texts.
    specs.push((
        "fleet_servers".into(),
        workspace_root().join("tests/fixtures/servers/asyncapi.yaml"),
    ));
    specs.push((
        "hostile".into(),
        workspace_root().join("codegen-core/tests/fixtures/typescript/hostile.yaml"),
    ));
    let mut skipped = Vec::new();
    let mut corpus = 0;
    for (i, rel) in corpus_entry_documents().iter().enumerate() {
        let path = corpus_dir().join(rel);
        // Documents the normaliser rejects have no Rust to compile (tests/tests/corpus.rs
        // holds the normaliser to account for them).
        if asyncapi_codegen_core::load_model(&path).is_err() {
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
    fs::write(&large, bench_support::large_spec::yaml(1000)).expect("write the synthetic spec");
    let dir = fixture("large");
    cargo(
        &dir,
        &["check", "--offline", "--lib"],
        &[("large_1000".into(), large)],
    );
}

/// Issue 4's wire compatibility, for every message of the seed spec and streetlights 3.0
/// (payloads and headers): values built in Rust and serialised with serde_json pass the
/// generated TypeScript validators, and values built and marshalled by the generated
/// TypeScript classes deserialise into the generated Rust types.
#[test]
fn rust_and_typescript_agree_on_the_wire() {
    let dir = fixture("wire");
    let wire = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rust-wire");
    let (from_rust, to_rust) = (wire.join("from-rust"), wire.join("to-rust"));
    let _ = fs::remove_dir_all(&wire);
    fs::create_dir_all(&from_rust).unwrap();
    fs::create_dir_all(&to_rust).unwrap();
    let run = ["run", "--offline", "--quiet", "--bin", "wire", "--"];
    let export = [&run[..], &["export", from_rust.to_str().unwrap()]].concat();
    cargo(&dir, &export, &behaviour_specs());

    let project = TsProject::fresh("rust-wire");
    project.package_json(".", "module");
    let options = TypeScriptOptions::default();
    project.generate(&seed_spec(), "gen/seed", &options);
    project.generate(
        &corpus_dir().join("asyncapi__spec@v3.0.0/examples/streetlights-mqtt-asyncapi.yml"),
        "gen/streetlights",
        &options,
    );
    let script = workspace_root().join("tests/fixtures/rust-generate/wire.ts");
    project.write("e2e/wire.ts", &fs::read_to_string(script).unwrap());
    let tsconfig = project.tsconfig(
        "tsconfig.json",
        "tsconfig.nodenext.json",
        json!({ "rootDir": ".", "outDir": "dist" }),
        &["gen", "e2e"],
    );
    node::tsc_project(TypeScript::V5_9, &tsconfig);
    let out = node::run_node(
        &project.path("dist/e2e/wire.js"),
        &[from_rust.as_os_str(), to_rust.as_os_str()],
        project.dir(),
        &[],
    );
    assert!(
        out.success,
        "Rust values fail the TypeScript validators:\n{}",
        out.text
    );
    assert_eq!(
        out.text.matches("\nok ").count() + usize::from(out.text.starts_with("ok ")),
        5,
        "{}",
        out.text
    );

    let import = [&run[..], &["import", to_rust.to_str().unwrap()]].concat();
    let text = cargo(&dir, &import, &behaviour_specs());
    // The TypeScript half's values, exactly (wire.ts builds them); no undeclared properties.
    for expected in [
        r#"ok seed.UserSignedup: UserSignedup { display_name: Some("test"), email: Some("test@test.dk"), extra: {} }"#,
        r#"ok streetlights.DimLightPayload: DimLightPayload { percentage: Some(20), sent_at: Some("2024-05-01T12:00:00Z"), extra: {} }"#,
        r#"ok streetlights.LightMeasuredHeaders: LightMeasuredHeaders { my_app_header: Some(11), extra: {} }"#,
        r#"ok streetlights.LightMeasuredPayload: LightMeasuredPayload { lumens: Some(7), sent_at: Some("2024-05-01T12:00:00Z"), extra: {} }"#,
        r#"ok streetlights.TurnOnOffPayload: TurnOnOffPayload { command: Some(On), sent_at: Some("2024-05-01T12:00:00Z"), extra: {} }"#,
    ] {
        assert!(
            text.lines().any(|l| l == expected),
            "missing `{expected}` in:\n{text}"
        );
    }
}
