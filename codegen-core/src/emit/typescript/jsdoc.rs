//! JSDoc comments from spec titles and descriptions.
//!
//! Spec text is untrusted: `*/` would end the comment early and let the rest become code, so
//! it is broken up (`*\/`); line terminators JavaScript knows (`\r`, U+2028, U+2029) become
//! real line breaks under a ` * ` prefix; other control characters are dropped.

use super::writer::Code;

/// Makes `text` safe inside a block comment and splits it into trimmed lines.
pub(crate) fn comment_lines(text: &str) -> Vec<String> {
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
    let cleaned = cleaned.replace("*/", "*\\/");
    let mut lines: Vec<String> = cleaned.lines().map(|l| l.trim_end().to_string()).collect();
    // Leading and trailing blank lines add nothing; runs of blank lines become one.
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines.dedup_by(|a, b| a.trim().is_empty() && b.trim().is_empty());
    lines
}

/// Writes a `/** ... */` block from the given paragraphs (titles, descriptions, notes),
/// separated by blank comment lines. Writes nothing when every paragraph is empty.
pub(crate) fn write(code: &mut Code, paragraphs: &[Option<&str>]) {
    let mut body: Vec<String> = Vec::new();
    for text in paragraphs.iter().flatten() {
        let lines = comment_lines(text);
        if lines.is_empty() {
            continue;
        }
        if !body.is_empty() {
            body.push(String::new());
        }
        body.extend(lines);
    }
    if body.is_empty() {
        return;
    }
    if body.len() == 1 {
        code.line(&format!("/** {} */", body[0].trim_start()));
        return;
    }
    code.line("/**");
    for line in &body {
        if line.is_empty() {
            code.line(" *");
        } else {
            code.line(&format!(" * {line}"));
        }
    }
    code.line(" */");
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
