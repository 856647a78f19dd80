//! Laying out a line by its shape: where prettier breaks a line depends on its structure,
//! its keywords and how wide its names and strings are, never on which characters they hold.
//! Generated code repeats a few shapes with different names (`validateTelemetry12Payload`,
//! `validateTelemetry13Payload`), so each thread remembers the layout of every shape it has
//! seen and fills the names back in.

use super::parse::{tokenize, Tok};
use super::string_width;
use std::cell::RefCell;
use std::collections::HashMap;

/// Stands for the first character of a name.
pub(crate) const NAME: char = '\u{E000}';
/// Stands for the first character of a string literal.
pub(crate) const STRING: char = '\u{E002}';
/// Stands for the other characters (columns) of a name or string.
pub(crate) const MORE: char = '\u{E001}';

/// Shapes remembered per thread, before the memory is given back.
const MAX_SHAPES: usize = 4096;

thread_local! {
    static SHAPES: RefCell<HashMap<(usize, String), Option<String>>> = RefCell::new(HashMap::new());
}

/// Words whose text the parser or printer looks at: kept in the shape.
fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "import"
            | "export"
            | "type"
            | "from"
            | "function"
            | "async"
            | "static"
            | "private"
            | "public"
            | "protected"
            | "get"
            | "set"
            | "declare"
            | "override"
            | "abstract"
            | "readonly"
            | "const"
            | "let"
            | "var"
            | "if"
            | "while"
            | "for"
            | "switch"
            | "return"
            | "throw"
            | "catch"
            | "else"
            | "new"
            | "typeof"
            | "void"
            | "await"
            | "delete"
            | "instanceof"
            | "in"
            | "as"
            | "satisfies"
            | "keyof"
            | "unique"
            | "this"
            | "null"
            | "undefined"
            | "true"
            | "false"
            | "string"
            | "number"
            | "boolean"
            | "bigint"
            | "symbol"
            | "object"
            | "unknown"
            | "any"
            | "never"
            | "class"
            | "interface"
            | "extends"
            | "implements"
            | "default"
            | "case"
            | "of"
    )
}

/// The layout of `text` through its shape, `Some(None)` when the shape cannot be laid out,
/// `None` when `text` has no shape to go by (the caller lays it out itself).
pub(crate) fn layout_by_shape(indent: usize, text: &str) -> Option<Option<String>> {
    if text.contains([NAME, STRING, MORE]) {
        return None;
    }
    let toks = tokenize(text)?;
    let mut shape = String::with_capacity(text.len() + 16);
    let mut names: Vec<&str> = Vec::new();
    for t in &toks {
        if !shape.is_empty() {
            shape.push(' ');
        }
        match t {
            Tok::Word(w) if !is_keyword(w) => {
                let width = string_width(w);
                if width == 0 {
                    return None;
                }
                names.push(w);
                shape.push(NAME);
                shape.extend(std::iter::repeat_n(MORE, width - 1));
            }
            Tok::Lit(l) if l.starts_with(['\'', '"']) => {
                let width = string_width(l);
                if width == 0 {
                    return None;
                }
                names.push(l);
                shape.push(STRING);
                shape.extend(std::iter::repeat_n(MORE, width - 1));
            }
            Tok::Word(w) | Tok::Lit(w) => shape.push_str(w),
            Tok::Punct(p) => shape.push_str(p),
        }
    }
    let key = (indent, shape);
    let cached = SHAPES.with(|m| m.borrow().get(&key).cloned());
    let laid_out = match cached {
        Some(l) => l,
        None => {
            let l = super::lay_out(indent, &key.1);
            SHAPES.with(|m| {
                let mut m = m.borrow_mut();
                if m.len() >= MAX_SHAPES {
                    m.clear();
                }
                m.insert(key, l.clone());
            });
            l
        }
    };
    let Some(laid_out) = laid_out else {
        return Some(None);
    };
    // Fill the names and strings back in, in order.
    let mut out = String::with_capacity(laid_out.len() + text.len());
    let mut next = names.iter();
    for c in laid_out.chars() {
        match c {
            NAME | STRING => out.push_str(next.next()?),
            MORE => {}
            _ => out.push(c),
        }
    }
    if next.next().is_some() {
        return None;
    }
    Some(Some(out))
}

#[cfg(test)]
mod tests {
    use super::layout_by_shape;

    #[test]
    fn lines_of_one_shape_share_a_layout_with_their_own_names() {
        let a = "function validateTelemetry12Payload(value: unknown, path: string, problems: validation.ValidationProblem[]): void {";
        let b = "function validateTelemetry13Payload(value: unknown, path: string, problems: validation.ValidationProblem[]): void {";
        for line in [a, b, a] {
            let by_shape = layout_by_shape(0, line).unwrap().unwrap();
            assert_eq!(by_shape, super::super::lay_out(0, line).unwrap());
        }
        assert!(layout_by_shape(0, b)
            .unwrap()
            .unwrap()
            .starts_with("function validateTelemetry13Payload(\n"));
    }

    #[test]
    fn strings_keep_their_text_and_kind() {
        let line = "problems.push({ path: path + '.something', message: 'must be at most 1000 characters long, it is' });";
        assert_eq!(
            layout_by_shape(2, line).unwrap().unwrap(),
            super::super::lay_out(2, line).unwrap()
        );
        let line = "const message = 'a string long enough to need a line of its own after the equals sign, surely, yes indeed';";
        assert_eq!(
            layout_by_shape(0, line).unwrap().unwrap(),
            "const message =\n  'a string long enough to need a line of its own after the equals sign, surely, yes indeed';"
        );
    }
}
