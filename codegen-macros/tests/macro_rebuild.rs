//! Rebuild tracking: a crate that uses `asyncapi!` is compiled again by `cargo build` when
//! its spec, or a file the spec `$ref`s, changes, and stays fresh otherwise.
//!
//! The probe crate lives in `CARGO_TARGET_TMPDIR` with its own target directory (kept
//! between runs, so only the first run compiles serde and the macro) and a copy of the
//! workspace's `Cargo.lock` and `rust-toolchain.toml`, so it builds the same versions with the
//! same compiler.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

const SPEC: &str = r#"asyncapi: 3.0.0
info:
  title: Rebuild probe
  version: 1.0.0
channels:
  things:
    address: things
    messages:
      thing:
        payload:
          $ref: 'schemas.yaml#/Thing'
"#;

const SCHEMAS: &str = r#"Thing:
  type: object
  required:
    - name
  properties:
    name:
      type: string
"#;

const MAIN: &str = r#"asyncapi_codegen_macros::asyncapi! {
    spec = "spec.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(message = "thing")]
    pub struct Thing {
        pub name: String,
    }
}

fn main() {
    let _ = Thing { name: String::new() };
}
"#;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn toml_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// Writes the probe crate (idempotent: files with the same content are left alone, so the
/// first build of a run is incremental).
fn write_probe(dir: &Path) {
    let root = workspace_root();
    fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        r#"[package]
name = "rebuild-probe"
version = "0.1.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
asyncapi-codegen-macros = {{ path = "{}" }}
asyncapi-codegen-runtime = {{ path = "{}" }}
serde = {{ version = "1", features = ["derive"] }}
"#,
        toml_path(&root.join("codegen-macros")),
        toml_path(&root.join("codegen-runtime"))
    );
    let files: [(&str, String); 6] = [
        ("Cargo.toml", manifest),
        (
            "Cargo.lock",
            fs::read_to_string(root.join("Cargo.lock")).unwrap(),
        ),
        (
            "rust-toolchain.toml",
            fs::read_to_string(root.join("rust-toolchain.toml")).unwrap(),
        ),
        ("src/main.rs", MAIN.to_string()),
        ("spec.yaml", SPEC.to_string()),
        ("schemas.yaml", SCHEMAS.to_string()),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            fs::write(&path, text).unwrap();
        }
    }
}

struct Build {
    ok: bool,
    compiled_probe: bool,
    stderr: String,
}

fn build(dir: &Path) -> Build {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let out = Command::new(cargo)
        .args(["build", "-v"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("ASYNCAPI_MANIFEST_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let compiled_probe = stderr
        .lines()
        .any(|l| l.trim_start().starts_with("Compiling rebuild-probe"));
    let fresh_probe = stderr
        .lines()
        .any(|l| l.trim_start().starts_with("Fresh rebuild-probe"));
    assert!(
        compiled_probe != fresh_probe || !out.status.success(),
        "cargo said neither Compiling nor Fresh for the probe:\n{stderr}"
    );
    Build {
        ok: out.status.success(),
        compiled_probe,
        stderr,
    }
}

/// Rewrites a file after a pause, so its mtime is surely newer than the last build's output.
fn edit(path: &Path, from: &str, to: &str) {
    std::thread::sleep(Duration::from_millis(1100));
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn editing_the_spec_or_a_referenced_file_recompiles_the_crate() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("macro-rebuild");
    write_probe(&dir);

    let first = build(&dir);
    assert!(first.ok, "the probe does not build:\n{}", first.stderr);
    let again = build(&dir);
    assert!(
        again.ok && !again.compiled_probe,
        "nothing changed, yet the probe was recompiled:\n{}",
        again.stderr
    );

    edit(
        &dir.join("spec.yaml"),
        "title: Rebuild probe",
        "title: Rebuild probe, edited",
    );
    let after_spec = build(&dir);
    assert!(
        after_spec.ok && after_spec.compiled_probe,
        "editing the spec did not recompile the probe:\n{}",
        after_spec.stderr
    );

    edit(
        &dir.join("schemas.yaml"),
        "    name:\n      type: string\n",
        "    name:\n      type: string\n      description: edited\n",
    );
    let after_ref = build(&dir);
    assert!(
        after_ref.ok && after_ref.compiled_probe,
        "editing the $ref'd file did not recompile the probe:\n{}",
        after_ref.stderr
    );

    // The recompilation really reads the new contents: a contract change breaks the build.
    edit(
        &dir.join("schemas.yaml"),
        "      type: string\n      description: edited\n",
        "      type: integer\n",
    );
    let broken = build(&dir);
    assert!(
        !broken.ok,
        "changing `name` to an integer did not fail the build"
    );
    assert!(
        broken.stderr.contains("schemas.yaml:")
            && broken.stderr.contains("does not fit an integer"),
        "unexpected error:\n{}",
        broken.stderr
    );

    // Back to the start, so the next run begins from a state that builds.
    write_probe(&dir);
    assert!(build(&dir).ok);
}
