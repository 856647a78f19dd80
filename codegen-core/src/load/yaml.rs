//! YAML → located [`Node`] tree. This is the only module that knows the YAML parser.
//!
//! Not API: public (hidden) for the load and devices benchmarks, the YAML fuzz target and
//! the robustness tests.
//!
//! We use `saphyr-parser` (maintained, pure Rust, YAML 1.2) rather than the archived
//! `serde_yaml`, which gives no per-value locations. The tree is built straight from the
//! parser's event stream, so loading costs little more than parsing itself.

use super::limits::{ALIAS_EXPANSION_BUDGET, MAX_NESTING_DEPTH};
use super::tree::{FileId, Node, Number, Pos, Value};
use saphyr_parser::{Event, Parser, ScalarStyle, Span, SpannedEventReceiver};
use std::collections::{HashMap, HashSet};

mod chunks;

/// A YAML syntax problem: where and what.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// Where the parser stopped.
    pub pos: Pos,
    /// The parser's description of the problem.
    pub message: String,
}

/// Parses YAML text into a located tree. A stream of more than one document, nesting
/// deeper than `MAX_NESTING_DEPTH` and aliases that expand to more than
/// `ALIAS_EXPANSION_BUDGET` nodes are located errors.
///
/// A large document is parsed on every core, a slice of its entries each (see the private
/// `chunks` module); the tree is the same as a parse in one piece, and any document that
/// piece-wise parsing cannot prove it handles the same way is parsed in one piece.
pub fn parse(text: &str, file: FileId) -> Result<Node, SyntaxError> {
    if let Some(root) = chunks::parse(text, file) {
        return Ok(root);
    }
    parse_whole(text, file, 0, ALIAS_EXPANSION_BUDGET)
}

/// [`parse`] without slicing: the whole text in one piece on one core. For the devices
/// benchmark, which times the slicing against it.
pub fn parse_in_one_piece(text: &str, file: FileId) -> Result<Node, SyntaxError> {
    parse_whole(text, file, 0, ALIAS_EXPANSION_BUDGET)
}

/// Parses `text` in one piece; `first_line` lines come before it in the file (so that
/// positions are the file's, not the slice's). Aliases may add `alias_budget` nodes.
fn parse_whole(
    text: &str,
    file: FileId,
    first_line: u32,
    alias_budget: usize,
) -> Result<Node, SyntaxError> {
    let mut builder = Builder {
        file,
        first_line,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        error: None,
        docs: 0,
        alias_budget,
    };
    // Events one at a time rather than `Parser::load`, which recurses once per level of
    // nesting (a 100,000-deep block sequence would overflow the stack before the
    // builder's depth limit could stop it). The whole stream is read, so that a second
    // document is reported rather than ignored.
    for event in Parser::new_from_str(text) {
        match event {
            Ok((event, span)) => builder.on_event(event, span),
            Err(e) => {
                // A limit hit first explains the parser's own complaint.
                if let Some(err) = builder.error {
                    return Err(err);
                }
                let m = e.marker();
                return Err(SyntaxError {
                    pos: Pos {
                        line: m.line() as u32 + first_line,
                        col: m.col() as u32 + 1,
                    },
                    message: e.info().to_string(),
                });
            }
        }
        if builder.error.is_some() {
            break;
        }
    }
    if let Some(err) = builder.error {
        return Err(err);
    }
    Ok(builder.root.unwrap_or(Node {
        value: Value::Null,
        file,
        pos: Pos {
            line: 1 + first_line,
            col: 1,
        },
    }))
}

/// A container being filled: an array, or an object with a pending key.
enum Frame {
    Array {
        node: Node,
        anchor: usize,
        size: usize,
    },
    Object {
        node: Node,
        anchor: usize,
        size: usize,
        key: Option<(String, Pos)>,
        /// The keys so far, once the mapping is big enough that scanning its entries for a
        /// duplicate would make a 1000-channel document quadratic.
        keys: Option<HashSet<String>>,
    },
}

/// Mappings with more entries than this check for duplicate keys through a hash set.
const HASHED_KEYS_MIN: usize = 16;

struct Builder {
    file: FileId,
    /// Lines of the file before the text being parsed.
    first_line: u32,
    stack: Vec<Frame>,
    /// Anchored nodes, with their size in nodes (what an alias to them costs).
    anchors: HashMap<usize, (Node, usize)>,
    root: Option<Node>,
    error: Option<SyntaxError>,
    docs: usize,
    /// Nodes that aliases may still add.
    alias_budget: usize,
}

impl Builder {
    fn pos(&self, span: &Span) -> Pos {
        Pos {
            line: span.start.line() as u32 + self.first_line,
            col: span.start.col() as u32 + 1,
        }
    }

    fn fail(&mut self, pos: Pos, message: String) {
        if self.error.is_none() {
            self.error = Some(SyntaxError { pos, message });
        }
    }

    /// Opens a collection, unless that nests deeper than the limit.
    fn open(&mut self, frame: Frame, pos: Pos) {
        if self.stack.len() >= MAX_NESTING_DEPTH {
            self.fail(
                pos,
                format!(
                    "collections nest deeper than {MAX_NESTING_DEPTH} levels (the loader's limit); flatten the document, for example with `$ref`s to components"
                ),
            );
            return;
        }
        self.stack.push(frame);
    }

    /// Attaches a finished node of `size` nodes to its parent (or makes it the root).
    fn attach(&mut self, node: Node, anchor: usize, size: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Array {
                node: parent,
                size: parent_size,
                ..
            }) => {
                *parent_size += size;
                if let Value::Array(items) = &mut parent.value {
                    items.push(node);
                }
            }
            Some(Frame::Object {
                node: parent,
                key,
                keys,
                size: parent_size,
                ..
            }) => match key.take() {
                None => {
                    // A mapping key: AsyncAPI keys are always scalars.
                    let key_text = match node.value {
                        Value::String(s) => s,
                        Value::Bool(b) => b.to_string(),
                        Value::Number(Number::Int(i)) => i.to_string(),
                        Value::Number(Number::Float(f)) => f.to_string(),
                        Value::Null => "null".to_string(),
                        Value::Array(_) | Value::Object(_) => {
                            let pos = node.pos;
                            self.fail(
                                pos,
                                "a mapping key must be a plain string, not a collection".into(),
                            );
                            return;
                        }
                    };
                    *key = Some((key_text, node.pos));
                }
                Some((k, kpos)) => {
                    *parent_size += size;
                    if let Value::Object(entries) = &mut parent.value {
                        let duplicate = match keys {
                            Some(keys) => !keys.insert(k.clone()),
                            None => entries.iter().any(|(existing, _)| *existing == k),
                        };
                        if duplicate {
                            let msg = format!("duplicate key `{k}` in this mapping");
                            self.fail(kpos, msg);
                            return;
                        }
                        if keys.is_none() && entries.len() >= HASHED_KEYS_MIN {
                            let mut set: HashSet<String> = entries
                                .iter()
                                .map(|(existing, _)| existing.clone())
                                .collect();
                            set.insert(k.clone());
                            *keys = Some(set);
                        }
                        entries.push((k, node));
                    }
                }
            },
        }
    }
}

/// Resolves a plain scalar by the YAML 1.2 core schema.
fn plain_scalar(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Number(Number::Float(f64::INFINITY))
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Number(Number::Float(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return Value::Number(Number::Float(f64::NAN)),
        _ => {}
    }
    let first = text.as_bytes()[0];
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Value::String(text.to_string());
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return Value::Number(Number::Int(i));
        }
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if let Ok(i) = i64::from_str_radix(oct, 8) {
            return Value::Number(Number::Int(i));
        }
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = text.parse::<i64>() {
            return Value::Number(Number::Int(i));
        }
    }
    // Core-schema floats: digits with an optional fraction and exponent. Rust's parser
    // also accepts words like "inf" and "infinity", which YAML treats as strings.
    let is_float_syntax = digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && digits.bytes().any(|b| b.is_ascii_digit());
    if is_float_syntax {
        if let Ok(f) = text.parse::<f64>() {
            return Value::Number(Number::Float(f));
        }
    }
    Value::String(text.to_string())
}

impl<'input> SpannedEventReceiver<'input> for Builder {
    fn on_event(&mut self, ev: Event<'input>, span: Span) {
        if self.error.is_some() {
            return;
        }
        let pos = self.pos(&span);
        match ev {
            Event::DocumentStart(_) => {
                self.docs += 1;
                if self.docs > 1 {
                    self.fail(
                        pos,
                        "the file holds more than one YAML document; keep one AsyncAPI document per file".into(),
                    );
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let value = if style == ScalarStyle::Plain && tag.is_none() {
                    if text.is_empty() {
                        Value::Null
                    } else {
                        plain_scalar(&text)
                    }
                } else {
                    Value::String(text.into_owned())
                };
                let node = Node {
                    value,
                    file: self.file,
                    pos,
                };
                self.attach(node, anchor, 1);
            }
            Event::SequenceStart(anchor, _) => {
                let frame = Frame::Array {
                    node: Node {
                        value: Value::Array(Vec::new()),
                        file: self.file,
                        pos,
                    },
                    anchor,
                    size: 1,
                };
                self.open(frame, pos);
            }
            Event::MappingStart(anchor, _) => {
                let frame = Frame::Object {
                    node: Node {
                        value: Value::Object(Vec::new()),
                        file: self.file,
                        pos,
                    },
                    anchor,
                    size: 1,
                    key: None,
                    keys: None,
                };
                self.open(frame, pos);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(frame) = self.stack.pop() {
                    let (node, anchor, size) = match frame {
                        Frame::Array { node, anchor, size } => (node, anchor, size),
                        Frame::Object {
                            node, anchor, size, ..
                        } => (node, anchor, size),
                    };
                    self.attach(node, anchor, size);
                }
            }
            Event::Alias(id) => match self.anchors.get(&id) {
                Some((_, size)) if *size > self.alias_budget => {
                    let message = format!(
                        "aliases expand to more than {ALIAS_EXPANSION_BUDGET} nodes (the loader's limit; an alias copies its anchor's whole subtree); use `$ref`s instead of nested aliases"
                    );
                    self.fail(pos, message);
                }
                Some((node, size)) => {
                    let (node, size) = (node.clone(), *size);
                    self.alias_budget -= size;
                    self.attach(node, 0, size);
                }
                None => self.fail(pos, "alias to an unknown anchor".into()),
            },
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Node {
        parse(text, FileId(0)).expect("parses")
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let n = p("a: 1\nb: 1.5\nc: true\nd: ~\ne: '1'\nf: hello\ng: 1.0.0\nh: -3\n");
        assert_eq!(n.get("a").unwrap().as_number(), Some(Number::Int(1)));
        assert_eq!(n.get("b").unwrap().as_number(), Some(Number::Float(1.5)));
        assert_eq!(n.get("c").unwrap().as_bool(), Some(true));
        assert!(n.get("d").unwrap().is_null());
        assert_eq!(n.get("e").unwrap().as_str(), Some("1"));
        assert_eq!(n.get("f").unwrap().as_str(), Some("hello"));
        assert_eq!(n.get("g").unwrap().as_str(), Some("1.0.0"));
        assert_eq!(n.get("h").unwrap().as_number(), Some(Number::Int(-3)));
    }

    #[test]
    fn nodes_carry_one_based_positions() {
        let n = p("a:\n  b: [1, 2]\n");
        let b = n.get("a").unwrap().get("b").unwrap();
        assert_eq!(b.pos, Pos { line: 2, col: 6 });
        assert_eq!(b.as_array().unwrap()[1].pos, Pos { line: 2, col: 10 });
    }

    #[test]
    fn anchors_and_aliases_are_expanded() {
        let n = p("a: &x {k: 1}\nb: *x\n");
        assert_eq!(
            n.get("b").unwrap().get("k").unwrap().as_number(),
            Some(Number::Int(1))
        );
    }

    #[test]
    fn duplicate_keys_and_syntax_errors_are_located() {
        let e = parse("a: 1\na: 2\n", FileId(0)).unwrap_err();
        assert_eq!(e.pos, Pos { line: 2, col: 1 });
        let e = parse("a: [1, 2\nb: 3\n", FileId(0)).unwrap_err();
        assert!(e.pos.line >= 1, "{e:?}");
    }

    /// Runs `f` on a thread with a 2 MiB stack (a spawned thread's default), so that a
    /// limit that only holds on a large main-thread stack fails the test.
    fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(f)
            .expect("spawn")
            .join()
            .expect("no stack overflow")
    }

    #[test]
    fn nesting_100000_deep_is_a_located_error_on_a_small_stack() {
        for text in [
            format!("a:\n{}x\n", "- ".repeat(100_000)),
            format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
            format!("a: {}\n", "{b: ".repeat(100_000)),
        ] {
            let e = on_small_stack(move || parse(&text, FileId(0)).unwrap_err());
            assert!((1..=2).contains(&e.pos.line) && e.pos.col > 1, "{e:?}");
            assert!(
                e.message.contains("deeper than 256") || e.message.contains("recursion limit"),
                "{e:?}"
            );
        }
        let ok = format!("a:\n{}x\n", "- ".repeat(MAX_NESTING_DEPTH - 1));
        assert!(parse(&ok, FileId(0)).is_ok());
    }

    #[test]
    fn an_alias_bomb_is_a_located_error() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for name in names {
            text.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 10].join(", ")
            ));
            prev = name;
        }
        let e = parse(&text, FileId(0)).unwrap_err();
        assert!(e.message.contains("aliases expand to more than"), "{e:?}");
        // `e` (line 5) is the first anchor whose aliases add more than the budget.
        assert_eq!(e.pos.line, 5, "{e:?}");
        // Modest reuse stays within the budget.
        let n = p("a: &a {k: [1, 2, 3]}\nb: [*a, *a, *a]\n");
        assert_eq!(n.get("b").unwrap().as_array().unwrap().len(), 3);
    }

    #[test]
    fn a_second_document_is_a_located_error() {
        let e = parse("a: 1\n---\nb: 2\n", FileId(0)).unwrap_err();
        assert_eq!(e.pos, Pos { line: 2, col: 1 });
        assert!(e.message.contains("more than one YAML document"), "{e:?}");
    }
}
