//! The builder a build script configures: which document, which outputs, which options.

use crate::cargo::{self, BuildEnv};
use crate::error::Error;
use crate::output::{self, Plan, Written};
use asyncapi_codegen_core::emit::typescript::{self, TypeScriptOptions};
use asyncapi_codegen_core::emit::{GeneratedFile, Perspective};
use asyncapi_codegen_core::{Diagnostic, Model};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Generation settings. Start with [`Config::new`], add at least one output, finish with
/// [`Config::generate`] (or [`Config::check`] to compare without writing).
///
/// Relative paths (the document and the output directories) are resolved against
/// [`Config::base_dir`] when set, otherwise against `CARGO_MANIFEST_DIR` when cargo sets it
/// (in a build script, that is the directory of the package's `Cargo.toml`), otherwise
/// against the current directory.
#[derive(Debug, Clone)]
pub struct Config {
    spec: PathBuf,
    base_dir: Option<PathBuf>,
    /// The CLI wants paths exactly as the user typed them (relative to the current
    /// directory), also when it runs under `cargo run`, which sets `CARGO_MANIFEST_DIR`.
    paths_as_given: bool,
    typescript_out: Option<PathBuf>,
    typescript: TypeScriptOptions,
    cargo_instructions: Option<bool>,
    /// The Rust output (`rust_out.rs`).
    pub(crate) rust: crate::rust_out::RustOut,
}

/// What [`Config::generate`] did.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Every file the document is made of (the root and each `$ref`'d file).
    pub files: Vec<PathBuf>,
    /// Warnings about the document (printed as `cargo:warning` in a build script).
    pub warnings: Vec<Diagnostic>,
    /// One entry per output directory, saying which files changed.
    pub outputs: Vec<Written>,
    /// The Rust output file, if one is configured.
    pub rust: Option<RustWritten>,
}

/// The Rust output file after [`Config::generate`].
#[derive(Debug, Clone)]
pub struct RustWritten {
    /// Where it is.
    pub path: PathBuf,
    /// False when its bytes were already what was generated (the file was left alone).
    pub written: bool,
}

/// The Rust output file as [`Config::check`] found it.
#[derive(Debug, Clone)]
pub struct RustChecked {
    /// Where it is.
    pub path: PathBuf,
    /// True when it already holds exactly what would be written.
    pub up_to_date: bool,
}

/// What [`Config::check`] found: the differences between what would be generated and
/// what is on disk. Nothing was written.
#[derive(Debug, Clone)]
pub struct Check {
    /// Every file the document is made of.
    pub files: Vec<PathBuf>,
    /// Warnings about the document.
    pub warnings: Vec<Diagnostic>,
    /// One plan per output directory; an up-to-date directory has no changes.
    pub outputs: Vec<Plan>,
    /// The Rust output file, if one is configured.
    pub rust: Option<RustChecked>,
}

impl Check {
    /// True when every output directory holds exactly what would be generated.
    pub fn is_up_to_date(&self) -> bool {
        self.outputs.iter().all(Plan::is_up_to_date)
            && self.rust.as_ref().is_none_or(|rust| rust.up_to_date)
    }
}

impl Config {
    /// Starts a configuration for the AsyncAPI document at `spec` (YAML or JSON, 2.0–3.1).
    pub fn new(spec: impl AsRef<Path>) -> Self {
        Config {
            spec: spec.as_ref().to_path_buf(),
            base_dir: None,
            paths_as_given: false,
            typescript_out: None,
            typescript: TypeScriptOptions::default(),
            cargo_instructions: None,
            rust: Default::default(),
        }
    }

    /// Writes the TypeScript MQTT client into `dir` (created if missing). This is a
    /// directory of its own: stale generated files in it are removed (see
    /// [`crate::output`]), so do not point it at a directory another tool generates into.
    pub fn typescript_out(mut self, dir: impl AsRef<Path>) -> Self {
        self.typescript_out = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Whose point of view the client takes. [`Perspective::Application`] (the default)
    /// publishes what the document's application sends; [`Perspective::Client`] swaps the
    /// directions, for a frontend generated from its backend's document.
    pub fn perspective(mut self, perspective: Perspective) -> Self {
        self.typescript.perspective = perspective;
        self
    }

    /// Generates publish and subscribe functions for every channel, whatever its operations
    /// say. Off by default.
    pub fn both_directions(mut self, yes: bool) -> Self {
        self.typescript.both_directions = yes;
        self
    }

    /// Resolves relative paths against `dir` instead of `CARGO_MANIFEST_DIR`.
    pub fn base_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.base_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Prints (or not) the `cargo:rerun-if-changed` and `cargo:warning` lines on stdout.
    /// By default they are printed exactly when running in a build script (both `OUT_DIR`
    /// and `CARGO_MANIFEST_DIR` are set).
    pub fn cargo_instructions(mut self, yes: bool) -> Self {
        self.cargo_instructions = Some(yes);
        self
    }

    /// True when a TypeScript output directory is configured.
    #[cfg(feature = "cli")]
    pub(crate) fn has_typescript_out(&self) -> bool {
        self.typescript_out.is_some()
    }

    /// Paths stay as the user typed them (the CLI).
    #[cfg_attr(not(feature = "cli"), allow(dead_code))]
    pub(crate) fn paths_as_given(mut self) -> Self {
        self.paths_as_given = true;
        self
    }

    /// Loads the document, generates every output, and writes the files whose bytes
    /// changed, removing stale generated files. An output directory that does not exist yet
    /// is written while its files are rendered.
    ///
    /// On any error in the document nothing is written, and the error's `Display` (and
    /// `Debug`, which is what `main` returning `Err` and `unwrap` print) lists every
    /// problem as `file:line:col (json-pointer): what is wrong; what to do` with a snippet.
    /// Each output directory is updated all or nothing (see [`crate::output`]).
    pub fn generate(&self) -> Result<Generated, Error> {
        let env = BuildEnv::from_process();
        let prepared = self.prepare(&env)?;
        let mut outputs = Vec::new();
        for out in &prepared.outputs {
            // A new directory is written while its files are rendered.
            outputs.push(output::write_while_generating(out.dir(), |each| {
                out.generate_each(&prepared.model, each)
            })?);
        }
        let rust = match &prepared.rust {
            Some(file) => Some(RustWritten {
                path: file.path.clone(),
                written: crate::rust_out::write(file)?,
            }),
            None => None,
        };
        let mut model = prepared.model;
        let result = Generated {
            files: std::mem::take(&mut model.files),
            warnings: std::mem::take(&mut model.warnings),
            outputs,
            rust,
        };
        // The model of a large document takes milliseconds to free, and a build script
        // exits right after: free it on a detached thread (asyncapi-codegen-core's `devices`
        // bench prints the gain). Should no thread start, `spawn` drops the closure, and the
        // model with it, right here.
        let free = std::thread::Builder::new().name("asyncapi-free-model".into());
        let _detached = free.spawn(move || drop(model));
        Ok(result)
    }

    /// Does everything [`Config::generate`] does except writing: returns, per output
    /// directory, the files that are missing, differ, or are stale.
    pub fn check(&self) -> Result<Check, Error> {
        let env = BuildEnv::from_process();
        let prepared = self.prepare(&env)?;
        let rust = match &prepared.rust {
            Some(file) => Some(RustChecked {
                path: file.path.clone(),
                up_to_date: crate::rust_out::is_up_to_date(file)?,
            }),
            None => None,
        };
        let mut plans = Vec::new();
        for out in &prepared.outputs {
            let files = out.generate_each(&prepared.model, &|_| {})?;
            plans.push(output::plan(out.dir(), &files)?);
        }
        Ok(Check {
            files: prepared.model.files,
            warnings: prepared.model.warnings,
            outputs: plans,
            rust,
        })
    }

    /// Loads, tells cargo what was read, and renders the Rust output; the other outputs are
    /// generated by the caller.
    fn prepare(&self, env: &BuildEnv) -> Result<Prepared<'_>, Error> {
        let outputs = self.outputs(env)?;
        let spec = self.resolve(env, &self.spec);
        let loaded = asyncapi_codegen_core::load_model(&spec);
        if self
            .cargo_instructions
            .unwrap_or_else(|| env.is_build_script())
        {
            // Also on failure, so that cargo's record of what the script read stays right.
            let mut stdout = std::io::stdout().lock();
            let _ = match &loaded {
                Ok(model) => {
                    cargo::rerun_if_changed(&mut stdout, model.files.iter().map(PathBuf::as_path))
                        .and_then(|()| cargo::warnings(&mut stdout, &model.warnings))
                }
                Err(e) => cargo::rerun_if_changed(
                    &mut stdout,
                    std::iter::once(spec.as_path())
                        .chain(e.sources.iter().map(|source| source.path.as_path())),
                ),
            };
            let _ = stdout.flush();
        }
        let model = loaded?;
        let rust = if self.rust.enabled {
            let base = self.resolve(env, Path::new(""));
            let base = (!base.as_os_str().is_empty()).then_some(base);
            Some(
                self.rust
                    .render(env, |d| self.resolve(env, d), base.as_deref(), &model)?,
            )
        } else {
            None
        };
        Ok(Prepared {
            model,
            outputs,
            rust,
        })
    }

    /// Every configured output, paths resolved.
    fn outputs(&self, env: &BuildEnv) -> Result<Vec<Output<'_>>, Error> {
        let mut outputs = Vec::new();
        if let Some(dir) = &self.typescript_out {
            outputs.push(Output::TypeScript {
                dir: self.resolve(env, dir),
                options: &self.typescript,
            });
        }
        if outputs.is_empty() && !self.rust.enabled {
            return Err(Error::Config(
                "no output is configured: call typescript_out(dir) or rust_out(file) before generate()".into(),
            ));
        }
        Ok(outputs)
    }

    pub(crate) fn resolve(&self, env: &BuildEnv, path: &Path) -> PathBuf {
        if path.is_absolute() || self.paths_as_given {
            return path.to_path_buf();
        }
        match (&self.base_dir, &env.manifest_dir) {
            (Some(base), _) | (None, Some(base)) => base.join(path),
            (None, None) => path.to_path_buf(),
        }
    }
}

/// The document loaded and the outputs to generate, nothing written yet.
struct Prepared<'a> {
    model: Model,
    outputs: Vec<Output<'a>>,
    rust: Option<crate::rust_out::RustFile>,
}

/// One output directory and the emitter that fills it.
enum Output<'a> {
    TypeScript {
        dir: PathBuf,
        options: &'a TypeScriptOptions,
    },
}

impl Output<'_> {
    fn dir(&self) -> &Path {
        match self {
            Output::TypeScript { dir, .. } => dir,
        }
    }

    /// Generates the files, handing each to `each` as soon as it is rendered.
    fn generate_each(
        &self,
        model: &Model,
        each: &(dyn Fn(&GeneratedFile) + Sync),
    ) -> Result<Vec<GeneratedFile>, Error> {
        match self {
            Output::TypeScript { options, .. } => {
                Ok(typescript::generate_each(model, options, each)?)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(manifest: Option<&str>) -> BuildEnv {
        BuildEnv {
            manifest_dir: manifest.map(PathBuf::from),
            out_dir: None,
        }
    }

    #[test]
    fn relative_paths_resolve_against_the_manifest_dir() {
        let config = Config::new("asyncapi.yaml");
        assert_eq!(
            config.resolve(&env(Some("/pkg")), Path::new("../frontend/src/__gen__")),
            Path::new("/pkg/../frontend/src/__gen__")
        );
    }

    #[test]
    fn base_dir_wins_over_the_manifest_dir() {
        let config = Config::new("asyncapi.yaml").base_dir("/elsewhere");
        assert_eq!(
            config.resolve(&env(Some("/pkg")), Path::new("a.yaml")),
            Path::new("/elsewhere/a.yaml")
        );
    }

    #[test]
    fn without_cargo_relative_paths_stay_relative_to_the_current_dir() {
        let config = Config::new("asyncapi.yaml");
        assert_eq!(
            config.resolve(&env(None), Path::new("a.yaml")),
            Path::new("a.yaml")
        );
        let cli = Config::new("asyncapi.yaml").paths_as_given();
        assert_eq!(
            cli.resolve(&env(Some("/pkg")), Path::new("a.yaml")),
            Path::new("a.yaml")
        );
    }

    #[test]
    fn absolute_paths_are_kept() {
        let config = Config::new("asyncapi.yaml").base_dir("/elsewhere");
        assert_eq!(
            config.resolve(&env(Some("/pkg")), Path::new("/abs/a.yaml")),
            Path::new("/abs/a.yaml")
        );
    }

    #[test]
    fn generating_without_an_output_is_a_clear_error() {
        let err = Config::new("asyncapi.yaml").generate().unwrap_err();
        assert_eq!(
            err.to_string(),
            "no output is configured: call typescript_out(dir) or rust_out(file) before generate()"
        );
    }

    #[test]
    fn a_missing_document_is_a_located_error_and_nothing_is_written() {
        let dir =
            std::env::temp_dir().join(format!("codegen-build-missing-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let err = Config::new(dir.join("nope.yaml"))
            .typescript_out(dir.join("out"))
            .cargo_instructions(false)
            .generate()
            .unwrap_err();
        assert!(err.spec().is_some(), "{err}");
        assert!(err.to_string().contains("nope.yaml:1:1"), "{err}");
        assert!(!dir.join("out").exists());
    }
}
