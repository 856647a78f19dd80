//! The generated Rust validators of a document, compiled into one program that judges JSON
//! values: for the conformance and differential tests, which compare its verdicts with the
//! generated TypeScript validators'.
//!
//! The crate is written to a scratch directory under the system temp folder (removed on
//! drop) and built by cargo with a cached target directory below `CARGO_TARGET_TMPDIR`, so
//! only the generated code compiles on each run. The program reads `[[entry, value], ...]`
//! and prints, per value, the problems of `validate_value` and the outcome of `from_json`
//! of the type (its fast path included) on the value's JSON text.

use crate::scratch::ScratchDir;
use crate::workspace_root;
use asyncapi_codegen_core::emit::rust::{generate, RustOptions};
use asyncapi_codegen_core::model::{Model, TypeId};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `(path, message)` pairs.
type Problems = Vec<(String, String)>;

/// One verdict of the Rust program.
#[derive(Debug, Clone)]
pub struct RustVerdict {
    /// `(path, message)` of every problem `validate_value` reports.
    pub problems: Vec<(String, String)>,
    /// `from_json` on the value's text: `ok`, `problems`, `deserialize`, `json` or `utf8`,
    /// or `none` for a type that is not a nominal Rust type (no `from_json`).
    pub decode: String,
    /// The problems `from_json` reported (when `problems`).
    pub decode_problems: Vec<(String, String)>,
}

/// A compiled program judging values against the payloads of a model.
pub struct RustValidators {
    dir: ScratchDir,
    exe: PathBuf,
}

impl RustValidators {
    /// Generates the Rust of every model (each in a module of its own) and compiles the
    /// program; entry `i` judges values with the schema `entries[i]`, a type of model
    /// `entries[i].0`. `name` keeps concurrent tests apart; `cache` (the test's
    /// `CARGO_TARGET_TMPDIR`) holds the cargo target directory kept between runs.
    pub fn build(
        name: &str,
        cache: &Path,
        models: &[&Model],
        entries: &[(usize, TypeId)],
    ) -> RustValidators {
        let generated: Vec<String> = models
            .iter()
            .map(|m| generate(m, &RustOptions::default()).to_string())
            .collect();
        let dir = ScratchDir::new(
            &std::env::temp_dir(),
            &format!("asyncapi-{name}-{}", std::process::id()),
        );
        let root = workspace_root();
        dir.write(
            "Cargo.toml",
            &format!(
                r#"[package]
name = "generated-validators"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
asyncapi-codegen-runtime = {{ path = {runtime:?}, default-features = false }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["preserve_order"] }}
"#,
                runtime = root.join("codegen-runtime").display().to_string(),
            ),
        );
        // The workspace's lock file, so the versions match the cached build (and no index
        // lookup is needed).
        std::fs::copy(root.join("Cargo.lock"), dir.path().join("Cargo.lock"))
            .expect("copy Cargo.lock");
        let mut main = String::from("#![allow(warnings)]\n");
        for (k, text) in generated.iter().enumerate() {
            dir.write(&format!("src/generated{k}.rs"), text);
            main.push_str(&format!(
                "mod generated{k} {{ include!(\"generated{k}.rs\"); }}\n"
            ));
        }
        main.push_str(
            "\
             use asyncapi_codegen_runtime::validation::{collect, DecodeError, Problem};\n\
             fn pairs(p: &[Problem]) -> serde_json::Value { p.iter().map(|p| serde_json::json!([p.path, p.message])).collect() }\n\
             fn decode<T>(r: Result<T, DecodeError>) -> serde_json::Value { match r {\n\
               Ok(_) => serde_json::json!([\"ok\", []]),\n\
               Err(DecodeError::Problems(p)) => serde_json::json!([\"problems\", pairs(&p)]),\n\
               Err(DecodeError::Deserialize(_)) => serde_json::json!([\"deserialize\", []]),\n\
               Err(DecodeError::InvalidJson(_)) => serde_json::json!([\"json\", []]),\n\
               Err(DecodeError::InvalidUtf8 { .. }) => serde_json::json!([\"utf8\", []]),\n\
             } }\n\
             fn judge(entry: usize, value: &serde_json::Value) -> serde_json::Value {\n\
               let text = serde_json::to_vec(value).unwrap();\n\
               match entry {\n",
        );
        for (i, (m, id)) in entries.iter().enumerate() {
            let def = models[*m].types.get(*id);
            let generated_text = &generated[*m];
            let module = format!("generated{m}");
            let validate = if generated_text.contains(&format!("fn schema_{} (", id.0)) {
                format!("collect(value, {module}::validators::schema_{})", id.0)
            } else {
                "Vec::new()".to_string()
            };
            let nominal =
                generated_text.contains(&format!(":: validation :: Validate for {} {{", def.name));
            let decode = if nominal && def.nullable {
                // The payload type of a nullable schema is `Option<T>`.
                format!(
                    "decode(<Option<{module}::{}> as asyncapi_codegen_runtime::validation::Validate>::from_json(&text))",
                    def.name
                )
            } else if nominal {
                format!("decode({module}::{}::from_json(&text))", def.name)
            } else {
                "serde_json::json!([\"none\", []])".to_string()
            };
            main.push_str(&format!(
                "    {i} => {{ let problems: Vec<Problem> = {validate}; serde_json::json!([pairs(&problems), {decode}]) }}\n"
            ));
        }
        main.push_str(
            "    _ => panic!(\"no entry {entry}\"),\n  }\n}\n\
             fn main() {\n\
               let path = std::env::args().nth(1).unwrap();\n\
               let cases: Vec<(usize, serde_json::Value)> = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();\n\
               let out: Vec<serde_json::Value> = cases.iter().map(|(e, v)| judge(*e, v)).collect();\n\
               println!(\"{}\", serde_json::to_string(&out).unwrap());\n\
             }\n",
        );
        dir.write("src/main.rs", &main);
        let target = cache.join("generated-validators-target");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = Command::new(cargo)
            .args(["build", "--release", "--offline", "--quiet"])
            .current_dir(dir.path())
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
            .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
            .env_remove("CARGO_MANIFEST_DIR")
            .env_remove("RUSTFLAGS")
            .output()
            .expect("run cargo");
        assert!(
            output.status.success(),
            "the generated Rust validators do not compile:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let exe = target.join("release/generated-validators");
        RustValidators { dir, exe }
    }

    /// The verdict on every `(entry, value)`.
    pub fn judge(&self, cases: &[(usize, Value)]) -> Vec<RustVerdict> {
        let input = self.dir.write(
            "cases.json",
            &serde_json::to_string(cases).expect("cases as JSON"),
        );
        let output = Command::new(&self.exe)
            .arg(&input)
            .output()
            .expect("run the generated validators");
        assert!(
            output.status.success(),
            "the generated validators failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let out: Vec<(Problems, (String, Problems))> =
            serde_json::from_slice(&output.stdout).expect("verdicts as JSON");
        assert_eq!(out.len(), cases.len(), "one verdict per value");
        out.into_iter()
            .map(|(problems, (decode, decode_problems))| RustVerdict {
                problems,
                decode,
                decode_problems,
            })
            .collect()
    }
}
