//! Diagnostics: the one error type of the crate.
//!
//! Public: [`Error`] is what [`crate::load_model`] and the emitters return, and callers render
//! it (build scripts, the command line, the macro's compile errors).
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
            escape_for_terminal(&self.file.display().to_string()),
            self.line,
            self.col,
            escape_for_terminal(&self.pointer)
        )
    }
}

/// True for characters that must not reach a terminal or a build log raw: C0 and C1
/// controls but tab and newline (ESC sequences rewrite the screen, CR hides what came
/// before; a message may span lines, and `cargo:warning` output joins them), DEL, the
/// line and paragraph separators, and the bidirectional controls that reorder text
/// (Trojan Source).
pub(crate) fn is_unsafe_in_text(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n'))
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{202A}'
                ..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}'
        )
}

/// `text` with every character of [`is_unsafe_in_text`] written as `\u{..}`, so that a
/// hostile document cannot smuggle control sequences into a terminal through names,
/// paths or snippets.
pub(crate) fn escape_for_terminal(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe_in_text) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_in_text(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Characters of a source line shown before and after the column of a diagnostic: enough
/// to recognise the place, and no more of the file (a one-line file can be megabytes).
const SNIPPET_BEFORE_CHARS: usize = 60;
const SNIPPET_AFTER_CHARS: usize = 100;

/// The part of `line` shown in a snippet, escaped, and the number of characters (of the
/// escaped text) before the column.
fn snippet_window(line: &str, col: u32) -> (String, String) {
    let col = col.saturating_sub(1) as usize;
    let start = col.saturating_sub(SNIPPET_BEFORE_CHARS);
    let mut shown = String::new();
    let mut caret_pad = String::new();
    if start > 0 {
        shown.push('…');
        caret_pad.push(' ');
    }
    for (i, c) in line.chars().enumerate().skip(start) {
        if i >= col + SNIPPET_AFTER_CHARS {
            shown.push('…');
            break;
        }
        let piece: std::borrow::Cow<'_, str> = if is_unsafe_in_text(c) {
            std::borrow::Cow::Owned(format!("\\u{{{:x}}}", c as u32))
        } else {
            std::borrow::Cow::Owned(c.to_string())
        };
        if i < col {
            for p in piece.chars() {
                caret_pad.push(if p == '\t' { '\t' } else { ' ' });
            }
        }
        shown.push_str(&piece);
    }
    (shown, caret_pad)
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
            let (shown, caret_pad) = snippet_window(text, self.location.col);
            out.push_str(&format!(
                "{gutter}--> {}:{}:{}\n",
                escape_for_terminal(&self.location.file.display().to_string()),
                self.location.line,
                self.location.col
            ));
            out.push_str(&format!("{gutter} |\n"));
            out.push_str(&format!("{number} | {shown}\n"));
            out.push_str(&format!("{gutter} | {caret_pad}^\n"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    /// The one-line form: `file:line:col (pointer): what is wrong; what to do`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = escape_for_terminal(&self.message);
        if self.help.is_empty() {
            write!(f, "{}: {message}", self.location)
        } else {
            let help = escape_for_terminal(&self.help);
            write!(f, "{}: {message}; {help}", self.location)
        }
    }
}

/// The crate's error: every diagnostic found, plus the file texts to render snippets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// All diagnostics, errors first, then in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// The files the diagnostics point into, with their text.
    pub sources: Vec<SourceText>,
}

/// One file of the document and its text, for the snippets of rendered diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    /// The file, as in [`Location::file`].
    pub path: PathBuf,
    /// Its text.
    pub text: String,
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
pub fn render_all(diagnostics: &[Diagnostic], sources: &[SourceText]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let text = sources
            .iter()
            .find(|source| source.path == d.location.file)
            .map(|source| source.text.as_str());
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
