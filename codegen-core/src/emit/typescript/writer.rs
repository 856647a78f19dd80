//! A small indentation-aware code writer that prints the way prettier does: two-space indent,
//! no blank line at the start or end of a block, never two blank lines in a row, and a line
//! wider than prettier's `printWidth` broken the way prettier breaks it (see [`super::pretty`]).

use super::pretty;
use std::fmt::{self, Write as _};

/// Accumulates lines of code.
#[derive(Debug, Default)]
pub(crate) struct Code {
    out: String,
    indent: usize,
    /// The last thing written was a blank line, or an opening line (where blank lines are dropped).
    suppress_blank: bool,
    /// Length of the verbatim prefix, which [`Code::finish`] leaves alone.
    start: usize,
    /// The last line, too wide, had its `{` moved to a line of its own, one level in.
    moved_brace: bool,
    /// The levels of the blocks whose `{` was moved (their contents are one level further in).
    moved: Vec<usize>,
}

impl Code {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Code {
            out: String::with_capacity(capacity),
            indent: 0,
            suppress_blank: true,
            start: 0,
            moved_brace: false,
            moved: Vec::new(),
        }
    }

    /// A writer whose text starts with `prefix` verbatim (the marker line of a file), so the
    /// finished file needs no copy to put it in front.
    pub(crate) fn with_prefix(prefix: &str, capacity: usize) -> Self {
        let mut out = String::with_capacity(prefix.len() + capacity);
        out.push_str(prefix);
        Code {
            start: out.len(),
            out,
            indent: 0,
            suppress_blank: true,
            moved_brace: false,
            moved: Vec::new(),
        }
    }

    fn pad(&mut self) {
        const SPACES: &str = "                                                                ";
        let width = self.indent * 2;
        if width <= SPACES.len() {
            self.out.push_str(&SPACES[..width]);
        } else {
            for _ in 0..self.indent {
                self.out.push_str("  ");
            }
        }
    }

    /// Writes one line at the current indentation whose text `build` appends to the buffer
    /// (no formatting machinery, no temporary string). `build` must append something.
    pub(crate) fn line_with(&mut self, build: impl FnOnce(&mut String)) {
        let start = self.out.len();
        self.pad();
        build(&mut self.out);
        self.end_line(start);
    }

    /// Ends the line that starts at `start`: breaks it the way prettier does when it is too
    /// wide, then writes the newline.
    fn end_line(&mut self, start: usize) {
        let indent = self.indent * 2;
        self.moved_brace = false;
        if let Some(laid_out) = pretty::layout(indent, &self.out[start + indent..]) {
            self.out.truncate(start + indent);
            self.out.push_str(&laid_out);
            self.moved_brace = laid_out
                .rsplit('\n')
                .next()
                .is_some_and(|l| l.trim() == "{");
        }
        self.out.push('\n');
        self.suppress_blank = false;
    }

    /// Like [`Code::open_with`], but the line is not broken yet: the caller edits it at the
    /// returned position, then calls [`Code::lay_out_line`] with that position.
    pub(crate) fn open_with_unbroken(&mut self, build: impl FnOnce(&mut String)) -> usize {
        let start = self.out.len();
        self.pad();
        build(&mut self.out);
        self.out.push('\n');
        self.suppress_blank = true;
        self.indent += 1;
        start
    }

    /// Breaks the line that starts at `start` (one [`Code::open_with_unbroken`] wrote) the way
    /// prettier does when it is too wide.
    pub(crate) fn lay_out_line(&mut self, start: usize) {
        let end = start + self.out[start..].find('\n').expect("a written line");
        let line = &self.out[start..end];
        let text = line.trim_start_matches(' ');
        let indent = line.len() - text.len();
        if let Some(laid_out) = pretty::layout(indent, text) {
            self.out.replace_range(start + indent..end, &laid_out);
        }
    }

    /// Like [`Code::line_with`], then indents what follows (the text normally ends with `{`).
    pub(crate) fn open_with(&mut self, build: impl FnOnce(&mut String)) {
        self.line_with(build);
        self.indent_block();
    }

    /// Indents what follows an opening line: two levels when prettier moved its `{` to a line
    /// of its own (the name before it was too long), until the matching [`Code::close`].
    fn indent_block(&mut self) {
        if self.moved_brace {
            self.moved_brace = false;
            self.indent += 1;
            self.moved.push(self.indent);
        }
        self.indent += 1;
        self.suppress_blank = true;
    }

    /// Writes one line at the current indentation made of `parts` in order.
    pub(crate) fn line_parts(&mut self, parts: &[&str]) {
        self.line_with(|out| {
            for part in parts {
                out.push_str(part);
            }
        });
    }

    /// Like [`Code::line_parts`], then indents what follows.
    pub(crate) fn open_parts(&mut self, parts: &[&str]) {
        self.line_parts(parts);
        self.indent_block();
    }

    /// The length of the text so far: a position for [`Code::since`] and [`Code::insert`].
    pub(crate) fn len(&self) -> usize {
        self.out.len()
    }

    /// The text written since position `start`.
    pub(crate) fn since(&self, start: usize) -> &str {
        &self.out[start..]
    }

    /// Inserts `text` at position `at` (a position [`Code::len`] returned).
    pub(crate) fn insert(&mut self, at: usize, text: &str) {
        self.out.insert_str(at, text);
    }

    /// Writes one line at the current indentation.
    pub(crate) fn line(&mut self, text: &str) {
        if text.is_empty() {
            self.blank();
            return;
        }
        let start = self.out.len();
        self.pad();
        self.out.push_str(text);
        self.end_line(start);
    }

    /// Writes one formatted line at the current indentation.
    pub(crate) fn linef(&mut self, args: fmt::Arguments<'_>) {
        let start = self.out.len();
        self.pad();
        let _ = self.out.write_fmt(args);
        self.end_line(start);
    }

    /// Writes `text` and indents what follows (`text` normally ends with `{`).
    pub(crate) fn open(&mut self, text: &str) {
        self.line(text);
        self.indent_block();
    }

    /// Like [`Code::open`] with formatting.
    pub(crate) fn openf(&mut self, args: fmt::Arguments<'_>) {
        self.linef(args);
        self.indent_block();
    }

    /// Outdents and writes `text` (normally `}`), dropping a blank line right before it. An
    /// empty block closes on its opening line (`{}`), as prettier prints it.
    pub(crate) fn close(&mut self, text: &str) {
        self.close_block(text, true);
    }

    fn close_block(&mut self, text: &str, join_empty: bool) {
        if self.out.ends_with("\n\n") {
            self.out.pop();
        }
        self.indent = self.indent.saturating_sub(1);
        let moved = self.moved.last() == Some(&self.indent);
        if join_empty && !moved && text.starts_with('}') && self.out[self.start..].ends_with("{\n")
        {
            self.out.pop();
            let start = self
                .out
                .rfind('\n')
                .map_or(self.start, |i| i + 1)
                .max(self.start);
            self.out.push_str(text);
            self.out.push('\n');
            self.suppress_blank = false;
            self.lay_out_line(start);
        } else {
            self.line(text);
        }
        if moved {
            self.moved.pop();
            self.indent -= 1;
        }
    }

    /// Outdents, writes `text` (like `} else {`) and indents again.
    pub(crate) fn reopen(&mut self, text: &str) {
        self.close_block(text, false);
        self.indent += 1;
        self.suppress_blank = true;
    }

    /// Outdents without writing anything (the end of a `case` clause).
    pub(crate) fn dedent(&mut self) {
        self.indent = self.indent.saturating_sub(1);
    }

    /// A blank line, unless one was just written or a block was just opened.
    pub(crate) fn blank(&mut self) {
        if !self.suppress_blank {
            self.out.push('\n');
            self.suppress_blank = true;
        }
    }

    /// Writes raw text verbatim (it must end with `\n`).
    pub(crate) fn raw(&mut self, text: &str) {
        self.out.push_str(text);
        self.suppress_blank = text.ends_with("\n\n");
    }

    /// The finished text, ending with exactly one newline (the prefix aside).
    pub(crate) fn finish(mut self) -> String {
        while self.out[self.start..].ends_with("\n\n") {
            self.out.pop();
        }
        if !self.out[self.start..].ends_with('\n') {
            self.out.push('\n');
        }
        self.out
    }
}

/// `code.linef(format_args!(...))` without the noise.
macro_rules! line {
    ($code:expr, $($arg:tt)*) => {
        $code.linef(format_args!($($arg)*))
    };
}

/// `code.openf(format_args!(...))` without the noise.
macro_rules! open {
    ($code:expr, $($arg:tt)*) => {
        $code.openf(format_args!($($arg)*))
    };
}

pub(crate) use {line, open};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_indent_and_blank_lines_stay_single() {
        let mut c = Code::with_capacity(0);
        c.blank();
        c.open("if (a) {");
        c.blank();
        c.line("b();");
        c.blank();
        c.blank();
        c.line("c();");
        c.blank();
        c.close("}");
        c.blank();
        assert_eq!(c.finish(), "if (a) {\n  b();\n\n  c();\n}\n");
    }

    #[test]
    fn an_empty_block_closes_on_its_opening_line() {
        let mut c = Code::with_capacity(0);
        c.open("function f(): void {");
        c.close("}");
        assert_eq!(c.finish(), "function f(): void {}\n");
    }

    #[test]
    fn a_moved_brace_indents_its_block_one_level_more() {
        let name = "A".repeat(95);
        let mut c = Code::with_capacity(0);
        c.open(&format!("export const {name} = {{"));
        c.line("a: 1,");
        c.close("};");
        c.line("b();");
        assert_eq!(
            c.finish(),
            format!("export const {name} =\n  {{\n    a: 1,\n  }};\nb();\n")
        );
    }
}
