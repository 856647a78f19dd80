//! Throw-away TypeScript projects: a generated client, hand-written test files and a
//! tsconfig, laid out under `tests/ts/out/<name>` (git-ignored).
//!
//! The projects live inside the workspace so that node and tsc find `mqtt`, `@types/node`
//! and `vite/client` in the workspace's `node_modules` by walking up, as in a real app.

use crate::workspace_root;
use asyncapi_codegen_core::emit::typescript::{generate, TypeScriptOptions};
use asyncapi_codegen_core::emit::GeneratedFile;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// `tests/ts`: the hand-written TypeScript tests and the committed tsconfigs.
pub fn ts_dir() -> PathBuf {
    workspace_root().join("tests/ts")
}

/// `tests/fixtures/<relative>`: fixture specs written by us.
pub fn fixture(relative: &str) -> PathBuf {
    workspace_root().join("tests/fixtures").join(relative)
}

/// Every spec we wrote to exercise the TypeScript client, sorted: `tests/fixtures/*/asyncapi.yaml`
/// and the TypeScript emitter's own fixtures (`codegen-core/tests/fixtures/typescript/`, with
/// the kitchen sink of schema shapes and a spec full of hostile names and descriptions).
pub fn typescript_fixtures() -> Vec<PathBuf> {
    let root = workspace_root();
    let mut specs = Vec::new();
    for dir in sorted_entries(&root.join("tests/fixtures")) {
        let spec = dir.join("asyncapi.yaml");
        if spec.is_file() {
            specs.push(spec);
        }
    }
    let emitter = sorted_entries(&root.join("codegen-core/tests/fixtures/typescript"));
    assert!(
        !emitter.is_empty(),
        "no TypeScript emitter fixtures in codegen-core/tests/fixtures/typescript"
    );
    specs.extend(emitter.into_iter().filter(|p| {
        matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        )
    }));
    specs
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    entries.sort();
    entries
}

/// Loads `spec` and generates its TypeScript client; panics with the rendered diagnostics
/// when the document does not load or the emitter refuses it.
pub fn generate_client(spec: &Path, options: &TypeScriptOptions) -> Vec<GeneratedFile> {
    let model = asyncapi_codegen_core::load_model(spec)
        .unwrap_or_else(|e| panic!("{} does not load:\n{e}", spec.display()));
    generate(&model, options)
        .unwrap_or_else(|e| panic!("TypeScript generation failed for {}:\n{e}", spec.display()))
}

/// A project directory under `tests/ts/out/`.
pub struct TsProject {
    dir: PathBuf,
}

impl TsProject {
    /// An empty project `tests/ts/out/<name>` (whatever was there is removed first).
    pub fn fresh(name: &str) -> TsProject {
        let dir = ts_dir().join("out").join(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .unwrap_or_else(|e| panic!("cannot clear {}: {e}", dir.display()));
        }
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
        TsProject { dir }
    }

    /// The project directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A path inside the project.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.join(relative)
    }

    /// Writes `contents` to `relative`, creating directories.
    pub fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("mkdir {}: {e}", parent.display()));
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// Writes a `package.json` whose `type` (`module` or `commonjs`) decides how NodeNext
    /// treats the `.ts` files below it.
    pub fn package_json(&self, relative_dir: &str, module_type: &str) {
        let text = json!({ "private": true, "type": module_type }).to_string();
        self.write(&format!("{relative_dir}/package.json"), &text);
    }

    /// Writes generated files under `relative_dir`.
    pub fn write_generated(&self, relative_dir: &str, files: &[GeneratedFile]) {
        for file in files {
            self.write(&format!("{relative_dir}/{}", file.path), &file.contents);
        }
    }

    /// Generates the client of `spec` into `relative_dir` and returns its files.
    pub fn generate(
        &self,
        spec: &Path,
        relative_dir: &str,
        options: &TypeScriptOptions,
    ) -> Vec<GeneratedFile> {
        let files = generate_client(spec, options);
        assert!(
            !files.is_empty(),
            "the TypeScript emitter produced no file for {}",
            spec.display()
        );
        self.write_generated(relative_dir, &files);
        files
    }

    /// Copies `tests/ts/<from>` (one file) to `relative`, replacing each `(from, to)` pair of
    /// `replacements` in its text.
    pub fn copy_test_file(&self, from: &str, relative: &str, replacements: &[(&str, &str)]) {
        let source = ts_dir().join(from);
        let mut text = std::fs::read_to_string(&source)
            .unwrap_or_else(|e| panic!("read {}: {e}", source.display()));
        for (old, new) in replacements {
            assert!(
                text.contains(old),
                "{} does not contain {old:?}",
                source.display()
            );
            text = text.replace(old, new);
        }
        self.write(relative, &text);
    }

    /// Copies every `.ts` file of `tests/ts/<from_dir>` into `relative_dir`; returns their
    /// file names, sorted.
    pub fn copy_test_dir(&self, from_dir: &str, relative_dir: &str) -> Vec<String> {
        let source = ts_dir().join(from_dir);
        let mut names: Vec<String> = std::fs::read_dir(&source)
            .unwrap_or_else(|e| panic!("read {}: {e}", source.display()))
            .map(|e| {
                e.expect("dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .filter(|n| n.ends_with(".ts"))
            .collect();
        names.sort();
        for name in &names {
            self.copy_test_file(
                &format!("{from_dir}/{name}"),
                &format!("{relative_dir}/{name}"),
                &[],
            );
        }
        names
    }

    /// Writes `relative` (a tsconfig) that extends the committed `tests/ts/<base>` and adds
    /// `compiler_options` and `include`.
    pub fn tsconfig(
        &self,
        relative: &str,
        base: &str,
        compiler_options: Value,
        include: &[&str],
    ) -> PathBuf {
        let base = ts_dir().join(base);
        assert!(base.is_file(), "{} is missing", base.display());
        let config = json!({
            "extends": base.to_string_lossy(),
            "compilerOptions": compiler_options,
            "include": include,
        });
        self.write(
            relative,
            &serde_json::to_string_pretty(&config).expect("JSON"),
        )
    }
}

/// A directory name for a corpus document: its relative path with separators and dots
/// replaced, so that every document gets its own subdirectory.
pub fn slug(relative: &Path) -> String {
    relative
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
