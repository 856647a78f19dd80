//! JSON → located [`Node`] tree.
//!
//! Not API: public (hidden) for the JSON loader's fuzz target.
//!
//! `serde_json` gives no per-value positions, so this is a small strict RFC 8259 parser
//! that records the line and column of every value.

use super::tree::{FileId, Node, Number, Pos, Value};
use super::yaml::SyntaxError;

/// Parses JSON text into a located tree.
pub fn parse(text: &str, file: FileId) -> Result<Node, SyntaxError> {
    let mut p = JsonParser {
        bytes: text.as_bytes(),
        text,
        i: 0,
        line: 1,
        line_start: 0,
        file,
        depth: 0,
    };
    p.skip_ws();
    let node = p.value()?;
    p.skip_ws();
    if p.i < p.bytes.len() {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(node)
}

struct JsonParser<'a> {
    bytes: &'a [u8],
    text: &'a str,
    i: usize,
    line: u32,
    line_start: usize,
    file: FileId,
    depth: u32,
}

/// Deep enough for any real document, shallow enough that hostile input cannot overflow the stack.
const MAX_DEPTH: u32 = super::limits::MAX_NESTING_DEPTH as u32;

impl JsonParser<'_> {
    fn pos(&self) -> Pos {
        // Clamped to the text and to a character boundary: a position is never worth a panic.
        let mut end = self.i.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let col = self.text[self.line_start.min(end)..end].chars().count() as u32 + 1;
        Pos {
            line: self.line,
            col,
        }
    }

    fn err(&self, message: &str) -> SyntaxError {
        SyntaxError {
            pos: self.pos(),
            message: message.to_string(),
        }
    }

    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.i) {
            match b {
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'\n' => {
                    self.i += 1;
                    self.line += 1;
                    self.line_start = self.i;
                }
                _ => break,
            }
        }
    }

    fn node(&self, value: Value, pos: Pos) -> Node {
        Node {
            value,
            file: self.file,
            pos,
        }
    }

    fn value(&mut self) -> Result<Node, SyntaxError> {
        let pos = self.pos();
        match self.bytes.get(self.i) {
            None => Err(self.err("unexpected end of input, expected a value")),
            Some(b'{') => self.object(pos),
            Some(b'[') => self.array(pos),
            Some(b'"') => {
                let s = self.string()?;
                Ok(self.node(Value::String(s), pos))
            }
            Some(b't') => self.word("true", Value::Bool(true), pos),
            Some(b'f') => self.word("false", Value::Bool(false), pos),
            Some(b'n') => self.word("null", Value::Null, pos),
            Some(b'-' | b'0'..=b'9') => self.number(pos),
            Some(_) => Err(self.err("expected a JSON value")),
        }
    }

    fn word(&mut self, word: &str, value: Value, pos: Pos) -> Result<Node, SyntaxError> {
        if self.text[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(self.node(value, pos))
        } else {
            Err(self.err("expected a JSON value"))
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(&format!(
                "the document nests deeper than {MAX_DEPTH} levels (the loader's limit)"
            )));
        }
        Ok(())
    }

    fn object(&mut self, pos: Pos) -> Result<Node, SyntaxError> {
        self.enter()?;
        self.i += 1;
        let mut entries: Vec<(String, Node)> = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.i) == Some(&b'}') {
            self.i += 1;
            self.depth -= 1;
            return Ok(self.node(Value::Object(entries), pos));
        }
        loop {
            self.skip_ws();
            if self.bytes.get(self.i) != Some(&b'"') {
                return Err(self.err("expected a string key"));
            }
            let key_pos = self.pos();
            let key = self.string()?;
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(SyntaxError {
                    pos: key_pos,
                    message: format!("duplicate key `{key}` in this object"),
                });
            }
            self.skip_ws();
            if self.bytes.get(self.i) != Some(&b':') {
                return Err(self.err("expected `:` after the key"));
            }
            self.i += 1;
            self.skip_ws();
            let v = self.value()?;
            entries.push((key, v));
            self.skip_ws();
            match self.bytes.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(self.node(Value::Object(entries), pos));
                }
                _ => return Err(self.err("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, pos: Pos) -> Result<Node, SyntaxError> {
        self.enter()?;
        self.i += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.bytes.get(self.i) == Some(&b']') {
            self.i += 1;
            self.depth -= 1;
            return Ok(self.node(Value::Array(items), pos));
        }
        loop {
            self.skip_ws();
            items.push(self.value()?);
            self.skip_ws();
            match self.bytes.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    self.depth -= 1;
                    return Ok(self.node(Value::Array(items), pos));
                }
                _ => return Err(self.err("expected `,` or `]`")),
            }
        }
    }

    fn number(&mut self, pos: Pos) -> Result<Node, SyntaxError> {
        let start = self.i;
        while let Some(&b) = self.bytes.get(self.i) {
            if b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E') {
                self.i += 1;
            } else {
                break;
            }
        }
        let text = &self.text[start..self.i];
        let is_int = !text.contains(['.', 'e', 'E']);
        if is_int {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(self.node(Value::Number(Number::Int(i)), pos));
            }
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(self.node(Value::Number(Number::Float(f)), pos)),
            _ => Err(SyntaxError {
                pos,
                message: format!("`{text}` is not a valid JSON number"),
            }),
        }
    }

    fn string(&mut self) -> Result<String, SyntaxError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(&b) = self.bytes.get(self.i) {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(&self.text[start..self.i]);
            match self.bytes.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    let backslash = self.i;
                    self.i += 1;
                    let esc = self.bytes.get(self.i).copied();
                    self.i += 1;
                    match esc {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => out.push(self.unicode_escape()?),
                        _ => {
                            // Reported at the backslash: the byte after it may be the end
                            // of the text or the start of a multi-byte character.
                            self.i = backslash;
                            return Err(self.err("invalid escape in string"));
                        }
                    }
                }
                Some(_) => return Err(self.err("control character in string; escape it")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let hex = self
            .text
            .get(self.i..self.i + 4)
            .ok_or_else(|| self.err("truncated \\u escape"))?;
        let v = u32::from_str_radix(hex, 16).map_err(|_| self.err("invalid \\u escape"))?;
        self.i += 4;
        Ok(v)
    }

    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            if !self.text[self.i..].starts_with("\\u") {
                return Err(self.err("unpaired surrogate in \\u escape"));
            }
            self.i += 2;
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(self.err("unpaired surrogate in \\u escape"));
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else {
            hi
        };
        char::from_u32(code).ok_or_else(|| self.err("invalid \\u escape"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_positions() {
        let n = parse(
            "{\n  \"a\": [1, 2.5, \"x\\u00e9\"],\n  \"b\": null\n}",
            FileId(0),
        )
        .unwrap();
        let a = n.get("a").unwrap();
        assert_eq!(a.pos, Pos { line: 2, col: 8 });
        assert_eq!(a.as_array().unwrap()[2].as_str(), Some("xé"));
        assert!(n.get("b").unwrap().is_null());
    }

    #[test]
    fn reports_errors_with_positions() {
        let e = parse("{\"a\": 1,\n \"a\": 2}", FileId(0)).unwrap_err();
        assert_eq!(e.pos, Pos { line: 2, col: 2 });
        let e = parse("[1, 2", FileId(0)).unwrap_err();
        assert_eq!(e.pos, Pos { line: 1, col: 6 });
        assert!(parse(&"[".repeat(10_000), FileId(0)).is_err());
    }

    /// Found by the `json_loader` fuzz target: an escape at the end of the text, or before
    /// a multi-byte character, made the error's position slice past the text.
    #[test]
    fn a_truncated_or_non_ascii_escape_is_a_located_error() {
        for (text, col) in [
            ("{\"a\": \"x\\", 9),
            ("\"\\é\"", 2),
            ("[\"ab\\\u{2028}\"]", 5),
        ] {
            let e = parse(text, FileId(0)).unwrap_err();
            assert_eq!(e.pos, Pos { line: 1, col }, "{text:?}: {e:?}");
        }
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_a_located_error_on_a_small_stack() {
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let e = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || parse(&deep, FileId(0)).unwrap_err())
            .expect("spawn")
            .join()
            .expect("no stack overflow");
        assert!(e.message.contains("deeper than 256"), "{e:?}");
        assert_eq!(e.pos, Pos { line: 1, col: 257 });
    }
}
