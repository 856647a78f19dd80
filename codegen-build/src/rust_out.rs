//! Rust output: the serde types and channel helpers of `asyncapi_codegen_core::emit::rust`, formatted
//! with prettyplease, written as one file for an `include!`.
//!
//! In a build script the file goes into `OUT_DIR` ([`Config::rust_out`]); the crate pulls it
//! in with
//!
//! ```ignore
//! include!(concat!(env!("OUT_DIR"), "/asyncapi.rs"));
//! ```
//!
//! Outside build scripts (tools, tests, checked-in code), [`Config::rust_out_dir`] names the
//! directory instead. The file is written only when its bytes change (so cargo does not
//! rebuild for nothing), through a temporary file and a rename (so a reader never sees half
//! a file), and never over a file that lacks the generated marker. Unlike the TypeScript
//! output this is a single file, not a directory of its own: nothing else in the directory
//! is touched, so several documents can each write their own file into one `OUT_DIR`.
//!
//! The generated code refers to `::serde`, `::serde_json` and `::asyncapi_codegen_runtime`, so the
//! crate that includes it depends on `serde` (with `derive`), `serde_json` and
//! `asyncapi-codegen-runtime`.

use crate::cargo::BuildEnv;
use crate::error::{Error, OutputError};
use crate::output::has_marker;
use crate::Config;
use asyncapi_codegen_core::emit::rust::{self, RustOptions};
use asyncapi_codegen_core::emit::{Perspective, GENERATED_MARKER};
use asyncapi_codegen_core::Model;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The file name [`Config::rust_out_dir`] uses unless [`Config::rust_out`] names another.
pub const DEFAULT_FILE_NAME: &str = "asyncapi.rs";

/// Where the Rust output goes and how it is generated.
#[derive(Debug, Clone, Default)]
pub(crate) struct RustOut {
    /// Set by [`Config::rust_out`] or [`Config::rust_out_dir`].
    pub(crate) enabled: bool,
    file_name: Option<String>,
    /// `None`: `OUT_DIR`.
    dir: Option<PathBuf>,
    perspective: Perspective,
    /// Set by [`Config::runtime_crate`].
    runtime_crate: Option<String>,
}

impl Config {
    /// Writes the Rust types and channel helpers, formatted, into `OUT_DIR/<file_name>`, for
    /// `include!(concat!(env!("OUT_DIR"), "/<file_name>"))`. Works only in a build script
    /// (where cargo sets `OUT_DIR`) unless [`Config::rust_out_dir`] names a directory.
    ///
    /// `file_name` is a plain file name such as `asyncapi.rs` (no directories).
    pub fn rust_out(mut self, file_name: impl Into<String>) -> Self {
        self.rust.enabled = true;
        self.rust.file_name = Some(file_name.into());
        self
    }

    /// Writes the Rust output into `dir` (resolved like the other paths) instead of
    /// `OUT_DIR`: for tools, tests, or generated code that is checked in. The file is
    /// [`DEFAULT_FILE_NAME`] unless [`Config::rust_out`] names another.
    pub fn rust_out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.rust.enabled = true;
        self.rust.dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// For tools outside a build (the CLI's `--workspace`): drops a Rust output bound for
    /// `OUT_DIR`, which only a build script has, and returns its file name.
    #[cfg(feature = "cli")]
    pub(crate) fn drop_out_dir_rust(&mut self) -> Option<String> {
        if !self.rust.enabled || self.rust.dir.is_some() {
            return None;
        }
        self.rust.enabled = false;
        let name = self.rust.file_name.clone();
        Some(name.unwrap_or_else(|| DEFAULT_FILE_NAME.to_string()))
    }

    /// Whose point of view the Rust operation constants take (`ACTION`); the default is the
    /// application the document describes, which is usually the Rust backend itself.
    pub fn rust_perspective(mut self, perspective: Perspective) -> Self {
        self.rust.perspective = perspective;
        self
    }

    /// Where the generated Rust finds the runtime crate, when the including crate renamed
    /// the `asyncapi-codegen-runtime` dependency or re-exports it: a path such as `"::rt"`
    /// or `"my_crate::runtime"`. Default: `::asyncapi_codegen_runtime`.
    pub fn runtime_crate(mut self, path: impl Into<String>) -> Self {
        self.rust.runtime_crate = Some(path.into());
        self
    }
}

/// The Rust output rendered in memory, ready to be written.
#[derive(Debug, Clone)]
pub(crate) struct RustFile {
    /// Where it goes.
    pub(crate) path: PathBuf,
    /// The formatted source.
    pub(crate) contents: String,
}

impl RustOut {
    /// Renders the output for `model`. `resolve` resolves a configured directory; `base` is
    /// the directory spec paths in `CheckedAgainst::SCHEMA` are relative to.
    pub(crate) fn render(
        &self,
        env: &BuildEnv,
        resolve: impl Fn(&Path) -> PathBuf,
        base: Option<&Path>,
        model: &Model,
    ) -> Result<RustFile, Error> {
        let file_name = self.file_name.as_deref().unwrap_or(DEFAULT_FILE_NAME);
        check_file_name(file_name)?;
        let dir = match &self.dir {
            Some(dir) => resolve(dir),
            None => env
                .out_dir("Config::rust_out", "Config::rust_out_dir(dir)")?
                .to_path_buf(),
        };
        let runtime_crate = match &self.runtime_crate {
            Some(path) => Some(
                rust::parse_runtime_path(path)
                    .map_err(|e| Error::Config(format!("runtime_crate({path:?}): {e}")))?,
            ),
            None => None,
        };
        let options = RustOptions {
            perspective: self.perspective,
            schema_base: base.map(Path::to_path_buf),
            runtime_crate,
        };
        let spec_name = model
            .files
            .first()
            .and_then(|f| f.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let contents = format_rust(rust::generate(model, &options), &spec_name)?;
        Ok(RustFile {
            path: dir.join(file_name),
            contents,
        })
    }
}

/// A file name without directories, usable as `OUT_DIR/<name>`.
pub(crate) fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', ':', '\0'])
}

fn check_file_name(name: &str) -> Result<(), Error> {
    if is_plain_file_name(name) {
        Ok(())
    } else {
        Err(Error::Config(format!(
            "rust_out({name:?}): the Rust output needs a plain file name such as \"asyncapi.rs\"; \
             use rust_out_dir(dir) to choose the directory"
        )))
    }
}

/// Formats generated tokens as a Rust file with the generated marker on its first line.
/// Plain `//` comments only: `include!` rejects inner attributes and inner doc comments.
pub(crate) fn format_rust(
    tokens: proc_macro2::TokenStream,
    spec_name: &str,
) -> Result<String, Error> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        Error::Config(format!(
            "internal error: the generated Rust does not parse ({e}); please report this with the document"
        ))
    })?;
    let body = prettyplease::unparse(&file);
    let spec_name = spec_name.replace(['\n', '\r'], " ");
    Ok(format!(
        "// {GENERATED_MARKER} from {spec_name}. Do not edit: edit the AsyncAPI document.\n\
         // Include it with `include!`; it needs the crates serde, serde_json and asyncapi-codegen-runtime.\n\n{body}"
    ))
}

/// Whether `file` on disk already holds exactly `contents`.
pub(crate) fn is_up_to_date(file: &RustFile) -> Result<bool, Error> {
    match fs::read(&file.path) {
        Ok(old) => Ok(old == file.contents.as_bytes()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(OutputError::io(file.path.clone(), "read", e).into()),
    }
}

/// Writes `file` if its bytes changed. Returns whether it wrote.
pub(crate) fn write(file: &RustFile) -> Result<bool, Error> {
    let path = &file.path;
    match fs::read(path) {
        Ok(old) if old == file.contents.as_bytes() => return Ok(false),
        Ok(old) if !has_marker(&old) => {
            return Err(OutputError::new(
                path.clone(),
                "a file without the generated marker is where the Rust output must go",
                "move that file away, or choose another name with rust_out(file_name)",
            )
            .into())
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(OutputError::io(path.clone(), "read", e).into()),
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| OutputError::io(dir.to_path_buf(), "create", e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(
        ".{name}.asyncapi-codegen-{}.tmp",
        std::process::id()
    ));
    let written = fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(file.contents.as_bytes())
                .and_then(|()| f.sync_all())
        })
        .and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(OutputError::io(path.clone(), "write", e).into());
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small document in a directory of its own (`test` names it: tests run in parallel).
    fn seed_model(test: &str) -> Model {
        let dir = std::env::temp_dir().join(format!(
            "codegen-build-rust-out-{}-{test}",
            std::process::id()
        ));
        fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("api.yaml");
        fs::write(
            &spec,
            "asyncapi: 3.0.0\ninfo: {title: T, version: '1'}\nchannels:\n  c:\n    address: a/{id}\n    messages:\n      m:\n        payload: {type: object, properties: {x: {type: integer}}}\n",
        )
        .unwrap();
        let model = asyncapi_codegen_core::load_model(&spec).unwrap();
        // The model holds everything the tests need; the directory can go at once.
        fs::remove_dir_all(&dir).unwrap();
        model
    }

    #[test]
    fn out_dir_missing_is_a_clear_error() {
        let out = Config::new("api.yaml").rust_out("api.rs").rust;
        let err = out
            .render(
                &BuildEnv::default(),
                Path::to_path_buf,
                None,
                &seed_model("out_dir"),
            )
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "OUT_DIR is not set: Config::rust_out writes into cargo's OUT_DIR, which cargo sets \
             only while it runs a build script; outside build.rs use Config::rust_out_dir(dir)"
        );
    }

    #[test]
    fn file_names_must_be_plain() {
        for bad in ["", "a/b.rs", "..", "c:\\x.rs"] {
            let out = Config::new("api.yaml")
                .rust_out(bad)
                .rust_out_dir("/tmp")
                .rust;
            let err = out
                .render(
                    &BuildEnv::default(),
                    Path::to_path_buf,
                    None,
                    &seed_model("file_names"),
                )
                .unwrap_err();
            assert!(err.to_string().contains("plain file name"), "{bad}: {err}");
        }
    }

    #[test]
    fn renders_formatted_marked_rust_and_writes_only_changes() {
        let dir =
            std::env::temp_dir().join(format!("codegen-build-rust-write-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let out = Config::new("api.yaml").rust_out_dir(&dir).rust;
        let file = out
            .render(
                &BuildEnv::default(),
                Path::to_path_buf,
                None,
                &seed_model("write"),
            )
            .unwrap();
        assert_eq!(file.path, dir.join(DEFAULT_FILE_NAME));
        assert!(has_marker(file.contents.as_bytes()));
        assert!(
            file.contents.contains("pub mod channels {\n"),
            "{}",
            file.contents
        );
        assert!(!file.contents.contains("//!"));
        assert!(!is_up_to_date(&file).unwrap());
        assert!(write(&file).unwrap());
        assert!(is_up_to_date(&file).unwrap());
        assert!(!write(&file).unwrap(), "unchanged bytes are not rewritten");
        // A hand-written file is never overwritten.
        fs::write(&file.path, "fn mine() {}\n").unwrap();
        let err = write(&file).unwrap_err();
        assert!(err.to_string().contains("generated marker"), "{err}");
        assert_eq!(fs::read_to_string(&file.path).unwrap(), "fn mine() {}\n");
        let _ = fs::remove_dir_all(&dir);
    }
}
