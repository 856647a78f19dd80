//! Lines longer than prettier's `printWidth`, laid out the way prettier lays them out.
//!
//! The emitters write each statement (or each first line of a block) on one line. The writer
//! hands any line wider than [`PRINT_WIDTH`] to [`layout`], which parses it ([`parse`]), builds
//! the document prettier's TypeScript printer would build for it ([`print`]) and prints that
//! with prettier's line-fitting algorithm ([`doc`]); lines of one shape share that work
//! ([`shape`]). The output of the emitters is thereby
//! exactly what `prettier --check` accepts with the repository's `.prettierrc.json`
//! (`printWidth: 100`, `singleQuote: true`, the other options at their defaults), without
//! node at build time. Comments and string literals are never broken, as prettier never
//! breaks them.

mod doc;
mod parse;
mod print;
mod shape;
mod width;

pub(crate) use width::string_width;

/// prettier's `printWidth` in the repository's `.prettierrc.json`.
pub(crate) const PRINT_WIDTH: usize = 100;

/// `text` (one line of code without its indentation) laid out at `indent` columns, broken
/// into lines the way prettier breaks it, without the final newline; `None` when it fits or
/// cannot be broken.
pub(crate) fn layout(indent: usize, text: &str) -> Option<String> {
    // A character is never wider than its UTF-8 bytes: most lines need no measuring.
    if indent + text.len() <= PRINT_WIDTH
        || indent + string_width(text) <= PRINT_WIDTH
        // Comments (JSDoc lines among them) are never broken.
        || text.starts_with(['*', '/'])
    {
        return None;
    }
    shape::layout_by_shape(indent, text).unwrap_or_else(|| lay_out(indent, text))
}

/// Parses, builds the document and prints it.
fn lay_out(indent: usize, text: &str) -> Option<String> {
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

    // The expected layouts below are prettier 3.10.1's, with the repository's config.

    #[test]
    fn a_union_type_alias_breaks_after_the_equals_sign() {
        let line = "export type DeviceState = 'starting-up-now' | 'running-normally-today' | 'shutting-down-slowly' | 'off';";
        assert_eq!(
            layout(0, line).unwrap(),
            "export type DeviceState =\n  'starting-up-now' | 'running-normally-today' | 'shutting-down-slowly' | 'off';"
        );
    }

    #[test]
    fn a_union_property_type_moves_to_its_own_line() {
        let line = "readonly state?: 'starting-up-now' | 'running-normally-today' | 'shutting-down-slowly' | 'offline';";
        assert_eq!(
            layout(2, line).unwrap(),
            "readonly state?:\n    'starting-up-now' | 'running-normally-today' | 'shutting-down-slowly' | 'offline';"
        );
    }

    #[test]
    fn a_conditional_with_a_binary_test_breaks_after_the_equals_sign() {
        let line = "const headers = userProperties === undefined ? undefined : LightMeasuredHeaders.fromUserProperties(userProperties);";
        assert_eq!(
            layout(4, line).unwrap(),
            "const headers =\n      userProperties === undefined\n        ? undefined\n        : LightMeasuredHeaders.fromUserProperties(userProperties);"
        );
    }

    #[test]
    fn an_if_condition_breaks_after_each_operator() {
        let line = "if (value.length > 1000 && typeof value === 'string' && value !== 'something-long-enough-to-break') {";
        assert_eq!(
            layout(4, line).unwrap(),
            "if (\n      value.length > 1000 &&\n      typeof value === 'string' &&\n      value !== 'something-long-enough-to-break'\n    ) {"
        );
    }

    #[test]
    fn east_asian_wide_characters_take_two_columns() {
        // 96 characters, but 138 columns wide.
        let line = "validation.assertValid('\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d}\u{6587}\u{4e2d} payload', T.validate(m));";
        assert!(line.chars().count() <= 100);
        let out = layout(0, line).unwrap();
        assert!(out.starts_with("validation.assertValid(\n  '"), "{out}");
        assert!(out.ends_with(" payload',\n  T.validate(m),\n);"), "{out}");
    }

    #[test]
    fn an_opening_line_keeps_its_brace_and_breaks_the_type_arguments() {
        let line = "return requests.serve<StatusQuery, Record<string, never>, StatusQueryHeaders, StatusReport | StatusReportInit>(client, {";
        assert_eq!(
            layout(2, line).unwrap(),
            "return requests.serve<\n    StatusQuery,\n    Record<string, never>,\n    StatusQueryHeaders,\n    StatusReport | StatusReportInit\n  >(client, {"
        );
    }

    #[test]
    fn a_long_name_moves_an_opening_brace_to_its_own_line() {
        let line = "export const AVeryLongNameThatAHostileSpecificationCouldProduceForAPayloadTypeWithoutAnyEndInSight = {";
        assert_eq!(
            layout(0, line).unwrap(),
            "export const AVeryLongNameThatAHostileSpecificationCouldProduceForAPayloadTypeWithoutAnyEndInSight =\n  {"
        );
    }

    #[test]
    fn comments_and_unknown_lines_are_left_alone() {
        let long = "x".repeat(120);
        assert_eq!(layout(0, &format!("/** {long} */")), None);
        assert_eq!(layout(0, &format!("foo({long}) // {long}")), None);
        assert_eq!(layout(0, &format!("for (const a of {long}) {{")), None);
    }

    #[test]
    fn a_union_too_long_for_its_own_line_puts_each_member_on_one() {
        let line = "readonly state?: 'starting-up-now' | 'running-normally-today' | 'shutting-down-slowly' | 'offline-and-gone' | 'x';";
        assert_eq!(
            layout(2, line).unwrap(),
            "readonly state?:\n    | 'starting-up-now'\n    | 'running-normally-today'\n    | 'shutting-down-slowly'\n    | 'offline-and-gone'\n    | 'x';"
        );
        let line = "readonly other: SomeVeryLongTypeNameThatIsQuiteLongIndeed<WithArguments, AndMore, AndEvenMoreOfThem> | null;";
        assert_eq!(
            layout(2, line).unwrap(),
            "readonly other: SomeVeryLongTypeNameThatIsQuiteLongIndeed<\n    WithArguments,\n    AndMore,\n    AndEvenMoreOfThem\n  > | null;"
        );
    }
}
