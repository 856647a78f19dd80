//! Diagnostics: the one error type of the crate.
//!
//! Every problem is located (`file:line:col (json-pointer)`) and says what to do about it.
//! All problems found in a document are collected and reported together.

use std::fmt;
use std::path::PathBuf;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Generation continues; build.rs prints these as `cargo:warning`.
    Warning,
    /// Generation stops.
    Error,
}

/// Where something is in the user's files.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Location {
    /// The file as the user named it (root path joined with relative `$ref`s).
    pub file: PathBuf,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub col: u32,
    /// JSON pointer inside that file, starting with `#`.
    pub pointer: String,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{} ({})",
            self.file.display(),
            self.line,
            self.col,
            self.pointer
        )
    }
}

/// One located problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Where it is.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>, help: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location,
            message: message.into(),
            help: help.into(),
        }
    }

    /// A warning at `location`.
    pub fn warning(
        location: Location,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            location,
            message: message.into(),
            help: help.into(),
        }
    }

    /// Renders the diagnostic with a rustc-style source snippet. `source` is the text of
    /// the diagnostic's file when it is available.
    pub fn render(&self, source: Option<&str>) -> String {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{label}: {self}\n");
        let line_text =
            source.and_then(|s| s.lines().nth(self.location.line.saturating_sub(1) as usize));
        if let Some(text) = line_text {
            let number = self.location.line.to_string();
            let gutter = " ".repeat(number.len());
            let caret_pad: String = text
                .chars()
                .take(self.location.col.saturating_sub(1) as usize)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!(
                "{gutter}--> {}:{}:{}\n",
                self.location.file.display(),
                self.location.line,
                self.location.col
            ));
            out.push_str(&format!("{gutter} |\n"));
            out.push_str(&format!("{number} | {text}\n"));
            out.push_str(&format!("{gutter} | {caret_pad}^\n"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    /// The one-line form: `file:line:col (pointer): what is wrong; what to do`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.help.is_empty() {
            write!(f, "{}: {}", self.location, self.message)
        } else {
            write!(f, "{}: {}; {}", self.location, self.message, self.help)
        }
    }
}

/// The crate's error: every diagnostic found, plus the file texts to render snippets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// All diagnostics, errors first, then in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// `(file, text)` of the files the diagnostics point into.
    pub sources: Vec<(PathBuf, String)>,
}

impl Error {
    /// An error that is not about a document position (an unreadable path, for example).
    pub fn plain(file: PathBuf, message: impl Into<String>, help: impl Into<String>) -> Self {
        Error {
            diagnostics: vec![Diagnostic::error(
                Location {
                    file,
                    line: 1,
                    col: 1,
                    pointer: "#".into(),
                },
                message,
                help,
            )],
            sources: Vec::new(),
        }
    }

    /// The errors only (warnings are carried along but are not failures).
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }

    /// Renders every diagnostic with snippets, separated by blank lines.
    pub fn render(&self) -> String {
        render_all(&self.diagnostics, &self.sources)
    }
}

/// Renders diagnostics with snippets taken from `sources`.
pub fn render_all(diagnostics: &[Diagnostic], sources: &[(PathBuf, String)]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let text = sources
            .iter()
            .find(|(p, _)| *p == d.location.file)
            .map(|(_, t)| t.as_str());
        out.push_str(&d.render(text));
        out.push('\n');
    }
    out
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.errors().count();
        match self.diagnostics.first() {
            Some(first) if self.diagnostics.len() == 1 => write!(f, "{first}"),
            Some(_) => {
                writeln!(f, "{n} error(s) in the AsyncAPI document:")?;
                for d in &self.diagnostics {
                    writeln!(f, "  {d}")?;
                }
                Ok(())
            }
            None => write!(f, "unknown error"),
        }
    }
}

impl std::error::Error for Error {}
