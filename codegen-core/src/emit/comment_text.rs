//! Spec text on its way into a comment (JSDoc or a Rust doc comment).
//!
//! A comment shows text as it is, so characters that change how the code around them reads
//! must not arrive raw: bidirectional controls reorder what a reviewer sees (Trojan Source,
//! CVE-2021-42574; rustc rejects them in comments), and other invisible format characters
//! hide text. They are written as visible `\u{…}` text; other control characters but tab and
//! newline are dropped, and the line separators become newlines.

use std::borrow::Cow;

/// True for the characters written as `\u{…}`: bidirectional controls and marks, zero-width
/// and byte-order-mark characters.
pub(crate) fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}'
    )
}

/// `text` with invisible format characters made visible, control characters (but `\n` and
/// `\t`) dropped, and CR, CRLF, U+2028 and U+2029 as `\n`. Borrowed when nothing changes.
pub(crate) fn visible(text: &str) -> Cow<'_, str> {
    let needs_work = text.chars().any(|c| {
        is_invisible_format(c)
            || matches!(c, '\u{2028}' | '\u{2029}')
            || (c.is_control() && !matches!(c, '\n' | '\t'))
    });
    if !needs_work {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            c if is_invisible_format(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c if c.is_control() && !matches!(c, '\n' | '\t') => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn bidi_controls_become_visible_and_controls_go() {
        assert_eq!(visible("plain text"), "plain text");
        assert_eq!(
            visible("a\u{202e}b\u{2066}c\u{2069}\u{200b}"),
            "a\\u{202e}b\\u{2066}c\\u{2069}\\u{200b}"
        );
        assert_eq!(visible("x\u{1b}[2Jy\0z"), "x[2Jyz");
        assert_eq!(visible("1\r\n2\r3\u{2028}4"), "1\n2\n3\n4");
    }
}
