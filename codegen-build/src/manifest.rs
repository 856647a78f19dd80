//! The `[package.metadata.asyncapi-codegen]` table of a package's `Cargo.toml`: the one place
//! a package's generation options live.
//!
//! The build script reads it with [`Config::from_manifest`], and
//! `asyncapi-codegen check --workspace` reads it for every package of the workspace with
//! [`Config::from_manifest_path`]. Both go through [`read`] and [`Options::config`], so the
//! drift guard cannot check with other options than the build script generates with.
//!
//! ```toml
//! [package.metadata.asyncapi-codegen]
//! spec = "../asyncapi.yaml"                  # required
//! typescript-out = "../frontend/src/__gen__" # and/or rust-out
//! perspective = "client"                     # "application" (default) or "client"
//! both-directions = false                    # default false
//! rust-out = "asyncapi.rs"                   # a file name in OUT_DIR
//! ```
//!
//! Paths are relative to the directory of that `Cargo.toml`. The table is validated
//! strictly: an unknown key, a value of the wrong type, or a missing `spec` or output is an
//! error located at `Cargo.toml:line:col`, and every problem is reported at once.

use crate::cargo::{self, BuildEnv};
use crate::error::{Error, ManifestError, ManifestProblem};
use crate::Config;
use asyncapi_codegen_core::emit::Perspective;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

/// Where the options live in `Cargo.toml`, as a dotted TOML key.
pub const TABLE: &str = "package.metadata.asyncapi-codegen";

/// The keys the table may hold, in the order the docs list them.
const KEYS: [&str; 5] = [
    "spec",
    "typescript-out",
    "perspective",
    "both-directions",
    "rust-out",
];

/// The options of one package's table, validated; paths as written (relative to the
/// manifest's directory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Options {
    pub spec: PathBuf,
    pub typescript_out: Option<PathBuf>,
    pub perspective: Option<Perspective>,
    pub both_directions: bool,
    pub rust_out: Option<String>,
}

impl Options {
    /// The [`Config`] these options describe, with relative paths resolved against `dir`
    /// (the directory of the `Cargo.toml` they came from).
    pub fn config(&self, dir: &Path) -> Config {
        let mut config = Config::new(&self.spec).base_dir(dir);
        if let Some(out) = &self.typescript_out {
            config = config.typescript_out(out);
        }
        if let Some(perspective) = self.perspective {
            config = config.perspective(perspective);
        }
        config = config.both_directions(self.both_directions);
        if let Some(file) = &self.rust_out {
            config = config.rust_out(file.clone());
        }
        config
    }
}

impl Config {
    /// Reads the options from the `[package.metadata.asyncapi-codegen]` table of the
    /// package's own `Cargo.toml` (in `CARGO_MANIFEST_DIR`), for a build script:
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() -> Result<(), Box<dyn std::error::Error>> {
    ///     asyncapi_codegen_build::Config::from_manifest()?.generate()?;
    ///     Ok(())
    /// }
    /// ```
    ///
    /// Relative paths resolve against the manifest's directory. In a build script it prints
    /// `cargo:rerun-if-changed` for the `Cargo.toml`, so editing the table reruns the script.
    /// It parses that one file (it does not run `cargo metadata`). The returned
    /// [`Config`] can be customised further before [`Config::generate`], but an option set
    /// only in build.rs is one `asyncapi-codegen check --workspace` does not know about.
    ///
    /// Errors: `CARGO_MANIFEST_DIR` not set, the file unreadable or not TOML, no table, or a
    /// table with unknown keys, values of the wrong type, no `spec`, or no output; each
    /// problem located as `Cargo.toml:line:col (key)`.
    pub fn from_manifest() -> Result<Config, Error> {
        let env = BuildEnv::from_process();
        let Some(dir) = env.manifest_dir.clone() else {
            return Err(Error::Config(
                "CARGO_MANIFEST_DIR is not set: Config::from_manifest() reads the Cargo.toml of \
                 the package cargo is building; outside cargo use Config::from_manifest_path(path)"
                    .into(),
            ));
        };
        let manifest = dir.join("Cargo.toml");
        if env.is_build_script() {
            // Before reading, so that a broken table is retried once it is edited.
            let mut stdout = std::io::stdout().lock();
            let _ = cargo::rerun_if_changed(&mut stdout, [manifest.as_path()]);
            let _ = stdout.flush();
        }
        Config::from_manifest_path(&manifest)
    }

    /// Reads the options from the `[package.metadata.asyncapi-codegen]` table of the
    /// `Cargo.toml` at `manifest`, resolving relative paths against its directory. This is
    /// what `asyncapi-codegen check --workspace` does for each package, and what
    /// [`Config::from_manifest`] does in a build script.
    pub fn from_manifest_path(manifest: impl AsRef<Path>) -> Result<Config, Error> {
        let manifest = manifest.as_ref();
        let options = read(manifest)?;
        let dir = manifest.parent().unwrap_or(Path::new(""));
        Ok(options.config(dir))
    }
}

/// Reads and validates the table of the `Cargo.toml` at `manifest`.
pub(crate) fn read(manifest: &Path) -> Result<Options, Error> {
    let text = std::fs::read_to_string(manifest).map_err(|e| {
        Error::Config(format!(
            "{}: cannot read the package manifest: {e}",
            manifest.display()
        ))
    })?;
    parse(manifest, &text).map_err(Error::Manifest)
}

/// Parses `text`, the contents of the `Cargo.toml` at `manifest`.
pub(crate) fn parse(manifest: &Path, text: &str) -> Result<Options, ManifestError> {
    let mut problems = Problems {
        text,
        list: Vec::new(),
    };
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let at = e.span().unwrap_or(0..0);
            problems.add(
                at,
                "",
                &format!("not valid TOML: {}", e.message().trim_end()),
                "fix the syntax (cargo reports the same)",
            );
            return Err(problems.into_error(manifest));
        }
    };
    let Some(table) = find_table(doc.get_ref(), &mut problems) else {
        return Err(problems.into_error(manifest));
    };
    let (table, table_span) = table;

    let mut options = Options {
        spec: PathBuf::new(),
        typescript_out: None,
        perspective: None,
        both_directions: false,
        rust_out: None,
    };
    let mut spec = None;
    for (key, value) in table {
        let name: &str = key.get_ref();
        let at = value.span();
        match name {
            "spec" => spec = problems.path(value, name),
            "typescript-out" => options.typescript_out = problems.path(value, name),
            "perspective" => match value.get_ref() {
                DeValue::String(s) if s == "application" => {
                    options.perspective = Some(Perspective::Application)
                }
                DeValue::String(s) if s == "client" => {
                    options.perspective = Some(Perspective::Client)
                }
                other => problems.add(
                    at,
                    name,
                    &format!(
                        "must be \"application\" or \"client\", found {}",
                        describe(other)
                    ),
                    "write perspective = \"client\" for a frontend generated from its backend's \
                     document, or leave it out for \"application\"",
                ),
            },
            "both-directions" => match value.get_ref() {
                DeValue::Boolean(b) => options.both_directions = *b,
                other => problems.add(
                    at,
                    name,
                    &format!("must be a boolean, found {}", describe(other)),
                    "write both-directions = true or false",
                ),
            },
            "rust-out" => match value.get_ref() {
                DeValue::String(s) if crate::rust_out::is_plain_file_name(s) => {
                    options.rust_out = Some(s.to_string())
                }
                other => problems.add(
                    at,
                    name,
                    &format!(
                        "must be a plain file name such as \"asyncapi.rs\", found {}",
                        describe(other)
                    ),
                    "the Rust output goes into OUT_DIR; include it with \
                     include!(concat!(env!(\"OUT_DIR\"), \"/asyncapi.rs\"))",
                ),
            },
            _ => {
                let kebab = name.replace('_', "-").to_ascii_lowercase();
                let help = if KEYS.contains(&kebab.as_str()) {
                    format!("the keys are kebab-case: write `{kebab}`")
                } else {
                    format!("the keys are {}", KEYS.join(", "))
                };
                problems.add(key.span(), name, "unknown key", &help);
            }
        }
    }
    if table.get("spec").is_none() {
        problems.add(
            table_span.clone(),
            "",
            "`spec` is missing",
            "add spec = \"asyncapi.yaml\", the path of the AsyncAPI document relative to this Cargo.toml",
        );
    }
    if table.get("typescript-out").is_none() && table.get("rust-out").is_none() {
        problems.add(
            table_span,
            "",
            "no output: neither `typescript-out` nor `rust-out` is set",
            "add typescript-out = \"../frontend/src/__gen__\" (a directory of its own) and/or \
             rust-out = \"asyncapi.rs\"",
        );
    }
    if !problems.list.is_empty() {
        return Err(problems.into_error(manifest));
    }
    options.spec = spec.unwrap_or_default();
    Ok(options)
}

/// `package.metadata.asyncapi-codegen` in the parsed document, with its span; `None` (with
/// a problem recorded) when it is missing or not a table.
fn find_table<'t, 'i>(
    doc: &'t DeTable<'i>,
    problems: &mut Problems<'_>,
) -> Option<(&'t DeTable<'i>, Range<usize>)> {
    let missing = "add a [package.metadata.asyncapi-codegen] table with at least spec and \
                   typescript-out (see the asyncapi-codegen-build docs), or configure the build \
                   script with Config::new(spec)";
    let mut table = doc;
    let mut span = 0..0;
    let mut path = String::new();
    for part in TABLE.split('.') {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(part);
        let Some(value) = table.get(part) else {
            let problem = if part == "package" {
                "there is no [package] (a virtual workspace manifest has no package metadata)"
                    .to_string()
            } else {
                format!("there is no [{TABLE}] table")
            };
            problems.add(span, "", &problem, missing);
            return None;
        };
        span = value.span();
        match value.get_ref() {
            DeValue::Table(inner) => table = inner,
            other => {
                problems.add(
                    span,
                    &path,
                    &format!("must be a table, found {}", describe(other)),
                    missing,
                );
                return None;
            }
        }
    }
    Some((table, span))
}

/// What a value is, for "found ..." in messages: its type, and short strings verbatim.
fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) if s.chars().count() <= 40 => format!("{s:?}"),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Integer(i) => format!("the integer {}", i.as_str()),
        other => {
            let kind = other.type_str();
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {kind}")
        }
    }
}

/// The problems found so far, with the text to turn byte offsets into line:col.
struct Problems<'a> {
    text: &'a str,
    list: Vec<ManifestProblem>,
}

impl Problems<'_> {
    /// `key` is relative to the table (empty: the table itself).
    fn add(&mut self, at: Range<usize>, key: &str, problem: &str, help: &str) {
        let (line, col) = line_col(self.text, at.start);
        let key = match key {
            "" => TABLE.to_string(),
            k if k.starts_with("package.") => k.to_string(),
            k => format!("{TABLE}.{k}"),
        };
        self.list.push(ManifestProblem {
            line,
            col,
            key,
            problem: problem.to_string(),
            help: help.to_string(),
        });
    }

    /// A path-valued key: a non-empty string.
    fn path(&mut self, value: &toml::Spanned<DeValue<'_>>, key: &str) -> Option<PathBuf> {
        match value.get_ref() {
            DeValue::String(s) if !s.is_empty() => Some(PathBuf::from(s.as_ref())),
            other => {
                self.add(
                    value.span(),
                    key,
                    &format!("must be a non-empty path string, found {}", describe(other)),
                    "write a path relative to this Cargo.toml, e.g. \"asyncapi.yaml\"",
                );
                None
            }
        }
    }

    /// The problems in the order of the file (the parser keeps keys sorted by name).
    fn into_error(mut self, manifest: &Path) -> ManifestError {
        self.list.sort_by_key(|p| (p.line, p.col));
        ManifestError {
            path: manifest.to_path_buf(),
            problems: self.list,
        }
    }
}

/// 1-based line and column (in characters) of the byte offset `at`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests;
