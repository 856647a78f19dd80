//! JSDoc comments from spec titles and descriptions.
//!
//! Spec text is untrusted: `*/` would end the comment early and let the rest become code, so
//! it is broken up (`*\/`); line terminators JavaScript knows (`\r`, U+2028, U+2029) become
//! real line breaks under a ` * ` prefix; other control characters are dropped.

use std::borrow::Cow;

use super::writer::Code;

/// `text` made safe inside a block comment; borrowed when it already is (the common case).
fn clean(text: &str) -> Cow<'_, str> {
    let plain = text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) || b == b'\n');
    let needs_work = text.contains("*/")
        || !plain
            && text.chars().any(|c| {
                matches!(c, '\r' | '\t' | '\u{2028}' | '\u{2029}') || (c.is_control() && c != '\n')
            });
    if !needs_work {
        return Cow::Borrowed(text);
    }
    let cleaned: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter_map(|c| match c {
            '\r' | '\u{2028}' | '\u{2029}' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() && c != '\n' => None,
            c => Some(c),
        })
        .collect();
    Cow::Owned(cleaned.replace("*/", "*\\/"))
}

/// Splits cleaned text into trimmed lines.
fn lines_of(cleaned: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = cleaned.lines().map(str::trim_end).collect();
    // Leading and trailing blank lines add nothing; runs of blank lines become one.
    let first = lines
        .iter()
        .position(|l| !l.trim().is_empty())
        .unwrap_or(lines.len());
    lines.drain(..first);
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines.dedup_by(|a, b| a.trim().is_empty() && b.trim().is_empty());
    lines
}

/// Makes `text` safe inside a block comment and splits it into trimmed lines.
#[cfg(test)]
pub(crate) fn comment_lines(text: &str) -> Vec<String> {
    lines_of(&clean(text))
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Writes a `/** ... */` block from the given paragraphs (titles, descriptions, notes),
/// separated by blank comment lines. Writes nothing when every paragraph is empty.
pub(crate) fn write(code: &mut Code, paragraphs: &[Option<&str>]) {
    // The common case, one paragraph on one line that needs no cleaning, without collecting.
    let mut present = paragraphs.iter().flatten();
    if let (Some(only), None) = (present.next(), present.next()) {
        if !only.contains('\n') {
            if let Cow::Borrowed(text) = clean(only) {
                let text = text.trim();
                if !text.is_empty() {
                    code.line_parts(&["/** ", text, " */"]);
                }
                return;
            }
        }
    }
    let cleaned: Vec<Cow<'_, str>> = paragraphs.iter().flatten().map(|t| clean(t)).collect();
    let mut body: Vec<&str> = Vec::new();
    for text in &cleaned {
        let lines = lines_of(text);
        if lines.is_empty() {
            continue;
        }
        if !body.is_empty() {
            body.push("");
        }
        body.extend(lines);
    }
    match body.as_slice() {
        [] => {}
        [one] => code.line_parts(&["/** ", one.trim_start(), " */"]),
        lines => {
            code.line("/**");
            for line in lines {
                if line.is_empty() {
                    code.line(" *");
                } else {
                    code.line_parts(&[" * ", line]);
                }
            }
            code.line(" */");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_cannot_be_closed_from_spec_text() {
        let lines = comment_lines("evil */ alert(1) /*\r\nnext\u{2028}third\u{7}");
        assert_eq!(lines, vec!["evil *\\/ alert(1) /*", "next", "third"]);
        assert!(lines.iter().all(|l| !l.contains("*/")));
    }

    #[test]
    fn blocks_collapse_blank_runs_and_use_one_line_when_short() {
        let mut c = Code::with_capacity(0);
        write(
            &mut c,
            &[Some("Title"), None, Some("\n\nline 1\n\n\n\nline 2  \n")],
        );
        assert_eq!(
            c.finish(),
            "/**\n * Title\n *\n * line 1\n *\n * line 2\n */\n"
        );
        let mut c = Code::with_capacity(0);
        write(&mut c, &[Some("  one  ")]);
        assert_eq!(c.finish(), "/** one */\n");
    }
}
