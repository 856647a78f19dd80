//! Lines longer than prettier's `printWidth`, laid out the way prettier lays them out.
//!
//! The emitters write each statement (or each first line of a block) on one line. The writer
//! hands any line wider than [`PRINT_WIDTH`] to [`layout`], which parses it ([`parse`]), builds
//! the document prettier's TypeScript printer would build for it ([`print`]) and prints that
//! with prettier's line-fitting algorithm ([`doc`]). The output of the emitters is thereby
//! exactly what `prettier --check` accepts with the repository's `.prettierrc.json`
//! (`printWidth: 100`, `singleQuote: true`, the other options at their defaults), without
//! node at build time. Comments and string literals are never broken, as prettier never
//! breaks them.

mod doc;
mod parse;
mod print;
mod width;

pub(crate) use width::string_width;

/// prettier's `printWidth` in the repository's `.prettierrc.json`.
pub(crate) const PRINT_WIDTH: usize = 100;

/// `text` (one line of code without its indentation) laid out at `indent` columns, broken
/// into lines the way prettier breaks it, without the final newline; `None` when it fits or
/// cannot be broken.
pub(crate) fn layout(indent: usize, text: &str) -> Option<String> {
    if indent + string_width(text) <= PRINT_WIDTH {
        return None;
    }
    let line = parse::parse_line(text)?;
    let doc = print::Printer::default().line(&line);
    let mut out = doc::print(doc, PRINT_WIDTH, indent, indent);
    // A line that opens an object or block ends at its `{`.
    if let Some(cut) = out.find('\u{1}') {
        out.truncate(cut);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::layout;

    #[test]
    fn parameters_break_one_per_line_with_a_trailing_comma() {
        let line = "function validateSomePayload(value: unknown, path: string, problems: validation.ValidationProblem[]): void {";
        assert_eq!(
            layout(0, line).unwrap(),
            "function validateSomePayload(\n  value: unknown,\n  path: string,\n  problems: validation.ValidationProblem[],\n): void {"
        );
    }

    #[test]
    fn a_last_object_argument_is_hugged() {
        let line = "problems.push({ path: path + '.something', message: 'must be at most 1000 characters long' });";
        assert_eq!(
            layout(10, line).unwrap(),
            "problems.push({\n            path: path + '.something',\n            message: 'must be at most 1000 characters long',\n          });"
        );
    }

    #[test]
    fn short_lines_are_left_alone() {
        assert_eq!(layout(2, "const a = 1;"), None);
    }
}
