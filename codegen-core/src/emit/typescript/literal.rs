//! TypeScript literals built from spec text: strings, property keys, numbers, JSON values.
//!
//! Everything a spec author wrote (names, enum values, patterns, defaults) reaches the output
//! only through these functions, so no value can end a string literal early, start a comment
//! or smuggle a line terminator. The forms are the ones prettier prints (single quotes unless
//! the text holds more single than double quotes), so `prettier --check` leaves them alone.

use super::es5_identifier::is_es5_identifier_name;
use std::fmt::Write as _;

/// A quoted string literal holding exactly `value`.
pub(crate) fn string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    push_string(&mut out, value);
    out
}

/// Appends the string literal for `value` to `out`.
pub(crate) fn push_string(out: &mut String, value: &str) {
    // Most spec text is printable ASCII without quotes or backslashes: it goes out as it is.
    if value
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'\'' && b != b'\\')
    {
        out.reserve(value.len() + 2);
        out.push('\'');
        out.push_str(value);
        out.push('\'');
        return;
    }
    let singles = value.matches('\'').count();
    let doubles = value.matches('"').count();
    let quote = if singles > doubles { '"' } else { '\'' };
    out.push(quote);
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            // Control characters, DEL, and the two characters JavaScript treats as line ends.
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            // Bidirectional controls (Trojan Source), a byte-order mark and other invisible
            // format characters stay visible in the source.
            c if crate::emit::comment_text::is_invisible_format(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push(quote);
}

/// Appends `const <name>: ReadonlySet<string> = new Set([<values as string literals>]);`,
/// the lookup table of a string enum with many values.
pub(crate) fn push_string_set(out: &mut String, name: &str, values: &[String]) {
    out.push_str("const ");
    out.push_str(name);
    out.push_str(": ReadonlySet<string> = new Set([");
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        push_string(out, value);
    }
    out.push_str("]);");
}

/// True for an identifier JavaScript accepts without quotes (ASCII only, keeping it simple).
/// Reserved words are fine as property names, so they count.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' || c == '$' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// A property key in an object literal, type literal, interface or class: bare when prettier
/// prints it bare (an identifier name of any script, see [`super::es5_identifier`]).
pub(crate) fn key(name: &str) -> String {
    if is_identifier(name) || is_es5_identifier_name(name) {
        name.to_string()
    } else {
        string(name)
    }
}

/// Appends [`key`] of `name` to `out`.
pub(crate) fn push_key(out: &mut String, name: &str) {
    if is_identifier(name) || is_es5_identifier_name(name) {
        out.push_str(name);
    } else {
        push_string(out, name);
    }
}

/// `object.name`, or `object['na-me']` when the name is not an identifier.
#[cfg(test)]
pub(crate) fn member(object: &str, name: &str) -> String {
    let mut out = String::with_capacity(object.len() + name.len() + 4);
    push_member(&mut out, object, name);
    out
}

/// Appends [`member`] of `object` and `name` to `out`.
pub(crate) fn push_member(out: &mut String, object: &str, name: &str) {
    out.push_str(object);
    if is_identifier(name) {
        out.push('.');
        out.push_str(name);
    } else {
        out.push('[');
        push_string(out, name);
        out.push(']');
    }
}

/// The validation-path suffix of property `name` (`.name` or `["na-me"]`), the same text the
/// runtime's `propertyPath` builds.
#[cfg(test)]
pub(crate) fn path_suffix(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 1);
    push_path_suffix(&mut out, name);
    out
}

/// Appends [`path_suffix`] of `name` to `out`.
pub(crate) fn push_path_suffix(out: &mut String, name: &str) {
    if is_identifier(name) {
        out.push('.');
        out.push_str(name);
    } else {
        let json = serde_json::Value::String(name.to_string()).to_string();
        out.push('[');
        out.push_str(&json);
        out.push(']');
    }
}

/// A number literal; integers without a fraction, never an exponent-free overflow.
pub(crate) fn number(value: f64) -> String {
    if !value.is_finite() {
        // JSON cannot carry these; keep the output valid anyway.
        return if value.is_nan() {
            "NaN".into()
        } else if value > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if value == 0.0 {
        return "0".into();
    }
    let abs = value.abs();
    if (1e-6..1e21).contains(&abs) {
        // Rust's shortest round-trip form without exponent: `5`, `0.1`, `-3.25`.
        format!("{value}")
    } else {
        // `{:e}` gives `1e300` / `1.5e-7`, which prettier leaves as written.
        format!("{value:e}")
    }
}

/// A JSON value as a TypeScript expression. Primitives are literals; arrays and objects go
/// through `JSON.parse` of their text, because an object literal would turn a `__proto__`
/// key into a prototype instead of a property.
pub(crate) fn json_expr(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => {
            format!("JSON.parse({})", string(&value.to_string()))
        }
        _ => json(value),
    }
}

/// A JSON value as a TypeScript expression, on one line as prettier prints it.
pub(crate) fn json(value: &serde_json::Value) -> String {
    let mut out = String::new();
    push_json(&mut out, value);
    out
}

fn push_json(out: &mut String, value: &serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => {
                let _ = write!(out, "{i}");
            }
            (None, Some(u)) => {
                let _ = write!(out, "{u}");
            }
            _ => out.push_str(&number(n.as_f64().unwrap_or(0.0))),
        },
        Value::String(s) => push_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_json(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{ ");
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&key(k));
                out.push_str(": ");
                push_json(out, v);
            }
            out.push_str(" }");
        }
    }
}

/// A JSON value as a TypeScript literal type, when it has one (`'on'`, `3`, `true`, `null`).
pub(crate) fn literal_type(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match value {
        Value::Null | Value::Bool(_) | Value::String(_) => Some(json(value)),
        Value::Number(n) => {
            let text = json(value);
            // Negative literal types are fine in TS (`-1`); non-finite ones cannot occur.
            n.as_f64().filter(|f| f.is_finite()).map(|_| text)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_never_break_out() {
        assert_eq!(string("plain"), "'plain'");
        assert_eq!(string("it's"), "\"it's\"");
        assert_eq!(string("a'b\"c"), "'a\\'b\"c'");
        assert_eq!(string("x\\'); alert(1); ('"), "\"x\\\\'); alert(1); ('\"");
        assert_eq!(
            string("line\nnext\u{2028}\u{2029}"),
            "'line\\nnext\\u2028\\u2029'"
        );
        assert_eq!(string("nul\0bell\u{7}"), "'nul\\u0000bell\\u0007'");
        assert_eq!(string("*/ </script>"), "'*/ </script>'");
    }

    #[test]
    fn keys_and_members_quote_what_is_not_an_identifier() {
        assert_eq!(key("streetlightId"), "streetlightId");
        assert_eq!(key("a-b"), "'a-b'");
        assert_eq!(key("1"), "'1'");
        assert_eq!(key(""), "''");
        assert_eq!(member("o", "class"), "o.class");
        assert_eq!(member("o", "x y"), "o['x y']");
        assert_eq!(path_suffix("lat"), ".lat");
        assert_eq!(path_suffix("a\"b"), "[\"a\\\"b\"]");
    }

    #[test]
    fn numbers_print_like_prettier() {
        assert_eq!(number(5.0), "5");
        assert_eq!(number(-3.25), "-3.25");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(1e300), "1e300");
        assert_eq!(number(1.5e-7), "1.5e-7");
        assert_eq!(number(9007199254740991.0), "9007199254740991");
    }

    #[test]
    fn json_values_print_on_one_line() {
        let v = serde_json::json!({"a": [1, 2.5, null], "b c": {"d": "e"}, "f": {}});
        assert_eq!(json(&v), "{ a: [1, 2.5, null], 'b c': { d: 'e' }, f: {} }");
    }
}
