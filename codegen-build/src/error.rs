//! The error of asyncapi-codegen-build: a problem in the document, in the output directory, in
//! the `Cargo.toml` table of options, or in the configuration.
//!
//! `Debug` prints the same text as `Display`, because a build script that returns
//! `Result<(), Box<dyn Error>>` (or calls `unwrap()`) shows the error through `Debug`, and
//! that is what lands in cargo's error output.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Everything that can go wrong in [`crate::Config::generate`] and [`crate::Config::check`].
#[non_exhaustive]
pub enum Error {
    /// The AsyncAPI document (or a file it references) has problems. Every diagnostic is
    /// located: `file:line:col (json-pointer): what is wrong; what to do`.
    Spec(asyncapi_codegen_core::Error),
    /// An output directory could not be updated. The directory was left as it was (see
    /// [`crate::output`] for the exact guarantee).
    Output(OutputError),
    /// The `[package.metadata.asyncapi-codegen]` table of a `Cargo.toml` is missing or
    /// invalid ([`crate::Config::from_manifest`]). Every problem is located.
    Manifest(ManifestError),
    /// The builder was used in a way that cannot work (no output configured, `OUT_DIR`
    /// missing outside a build script, ...).
    Config(String),
}

impl Error {
    /// The located diagnostics when the error is about the document.
    pub fn spec(&self) -> Option<&asyncapi_codegen_core::Error> {
        match self {
            Error::Spec(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // `render` gives every diagnostic (`error: file:line:col ...`) with a source
            // snippet; trim the blank line it leaves after the last one.
            Error::Spec(e) => write!(
                f,
                "the AsyncAPI document has {} error(s):\n\n{}",
                e.errors().count(),
                e.render().trim_end()
            ),
            Error::Output(e) => write!(f, "{e}"),
            Error::Manifest(e) => write!(f, "{e}"),
            Error::Config(message) => f.write_str(message),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Spec(e) => Some(e),
            Error::Output(e) => Some(e),
            Error::Manifest(e) => Some(e),
            Error::Config(_) => None,
        }
    }
}

impl From<asyncapi_codegen_core::Error> for Error {
    fn from(e: asyncapi_codegen_core::Error) -> Self {
        Error::Spec(e)
    }
}

impl From<OutputError> for Error {
    fn from(e: OutputError) -> Self {
        Error::Output(e)
    }
}

/// Problems with the `[package.metadata.asyncapi-codegen]` table of one `Cargo.toml`.
///
/// `Display` prints one line per problem:
/// `path/Cargo.toml:line:col (package.metadata.asyncapi-codegen.key): what is wrong; what to do`.
#[derive(Clone, PartialEq, Eq)]
pub struct ManifestError {
    /// The `Cargo.toml`.
    pub path: PathBuf,
    /// Every problem found, in the order of the file.
    pub problems: Vec<ManifestProblem>,
}

/// One problem in a `Cargo.toml` table of options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestProblem {
    /// 1-based line of the offending key or value (or of the table's header).
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
    /// The dotted TOML key, e.g. `package.metadata.asyncapi-codegen.perspective`.
    pub key: String,
    /// What is wrong.
    pub problem: String,
    /// What to do about it.
    pub help: String,
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(
                f,
                "{}:{}:{} ({}): {}; {}",
                self.path.display(),
                p.line,
                p.col,
                p.key,
                p.problem,
                p.help
            )?;
        }
        Ok(())
    }
}

impl fmt::Debug for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for ManifestError {}

/// A problem with an output directory: the path it is about, what is wrong, what to do.
pub struct OutputError {
    /// The file or directory concerned.
    pub path: PathBuf,
    /// What is wrong.
    pub problem: String,
    /// What to do about it (may be empty).
    pub help: String,
    /// The underlying I/O error, if any.
    pub io: Option<io::Error>,
}

impl OutputError {
    pub(crate) fn new(path: PathBuf, problem: impl Into<String>, help: impl Into<String>) -> Self {
        OutputError {
            path,
            problem: problem.into(),
            help: help.into(),
            io: None,
        }
    }

    pub(crate) fn io(path: PathBuf, action: &str, err: io::Error) -> Self {
        OutputError {
            path,
            problem: format!("cannot {action}: {err}"),
            help: String::new(),
            io: Some(err),
        }
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = help.into();
        self
    }

    /// Appends `note` (what became of the output directory) to the help.
    pub(crate) fn with_note(self, note: String) -> Self {
        let help = if self.help.is_empty() {
            note
        } else {
            format!("{}; {note}", self.help)
        };
        self.with_help(help)
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.problem)?;
        if !self.help.is_empty() {
            write!(f, "; {}", self.help)?;
        }
        Ok(())
    }
}

impl fmt::Debug for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for OutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.io
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use asyncapi_codegen_core::{Diagnostic, Location};

    #[test]
    fn a_document_error_shows_every_located_diagnostic_in_display_and_debug() {
        let file = PathBuf::from("asyncapi.yaml");
        let core = asyncapi_codegen_core::Error {
            diagnostics: vec![Diagnostic::error(
                Location {
                    file: file.clone(),
                    line: 2,
                    col: 11,
                    pointer: "#/info/title".into(),
                },
                "`title` must be a string",
                "quote it",
            )],
            sources: vec![asyncapi_codegen_core::diag::SourceText {
                path: file,
                text: "info:\n  title: [1]\n".into(),
            }],
        };
        let err = Error::from(core);
        let expected = [
            "the AsyncAPI document has 1 error(s):",
            "",
            "error: asyncapi.yaml:2:11 (#/info/title): `title` must be a string; quote it",
            " --> asyncapi.yaml:2:11",
            "  |",
            "2 |   title: [1]",
            "  |           ^",
        ]
        .join("\n");
        assert_eq!(err.to_string(), expected);
        // `fn main() -> Result<(), Box<dyn Error>>` and `unwrap()` print `Debug`.
        assert_eq!(format!("{err:?}"), expected);
    }

    #[test]
    fn an_output_error_names_the_path_and_what_to_do() {
        let err = Error::from(OutputError::new(
            "gen/a.ts".into(),
            "is in the way",
            "move it",
        ));
        assert_eq!(err.to_string(), "gen/a.ts: is in the way; move it");
        assert_eq!(format!("{err:?}"), "gen/a.ts: is in the way; move it");
    }
}
