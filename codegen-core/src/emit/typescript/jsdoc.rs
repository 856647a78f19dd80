//! JSDoc comments from spec titles and descriptions.
//!
//! Spec text is untrusted: `*/` would end the comment early and let the rest become code, so
//! it is broken up (`*\/`); line terminators JavaScript knows (`\r`, U+2028, U+2029) become
//! real line breaks under a ` * ` prefix; other control characters are dropped.

use std::borrow::Cow;

use super::writer::Code;

/// `text` made safe inside a block comment; borrowed when it already is (the common case).
fn clean(text: &str) -> Cow<'_, str> {
    let text = &*crate::emit::comment_text::visible(text);
    let plain = text
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) || b == b'\n');
    let needs_work = text.contains("*/")
        || !plain
            && text.chars().any(|c| {
                matches!(c, '\r' | '\t' | '\u{2028}' | '\u{2029}') || (c.is_control() && c != '\n')
            });
    if !needs_work {
        return Cow::Owned(text.to_string());
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

/// Calls `each` with the trimmed lines of cleaned text: blank lines at either end dropped,
/// a run of blank lines as one blank line (`""`).
fn for_each_line<'t>(cleaned: &'t str, mut each: impl FnMut(&'t str)) {
    let mut started = false;
    let mut blank_pending = false;
    for line in cleaned.lines().map(str::trim_end) {
        if line.trim().is_empty() {
            blank_pending = started;
            continue;
        }
        if blank_pending {
            each("");
            blank_pending = false;
        }
        started = true;
        each(line);
    }
}

/// Makes `text` safe inside a block comment and splits it into trimmed lines.
#[cfg(test)]
pub(crate) fn comment_lines(text: &str) -> Vec<String> {
    let cleaned = clean(text);
    let mut lines = Vec::new();
    for_each_line(&cleaned, |l| lines.push(l.to_string()));
    lines
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
    // A single line in all gets the one-line form.
    let mut count = 0;
    let mut only = "";
    for text in &cleaned {
        for_each_line(text, |l| {
            count += 1;
            only = l;
        });
    }
    match count {
        0 => {}
        1 => code.line_parts(&["/** ", only.trim_start(), " */"]),
        _ => {
            code.line("/**");
            let mut any = false;
            for text in &cleaned {
                let mut first = true;
                for_each_line(text, |line| {
                    // A blank comment line between paragraphs.
                    if first && any {
                        code.line(" *");
                    }
                    first = false;
                    any = true;
                    if line.is_empty() {
                        code.line(" *");
                    } else {
                        code.line_parts(&[" * ", line]);
                    }
                });
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
