//! The normaliser's working state: the sources, the type builder, the diagnostics found so
//! far, and `$ref` following with cycle detection.
//!
//! Every reader of the document goes through [`Ctx`], so that wrong kinds, missing targets
//! and reference cycles are all reported the same way, located, and collected rather than
//! returned one at a time.

use crate::diag::{Diagnostic, Location};
use crate::load::tree::push_pointer;
use crate::load::{FileId, Node, Number, Sources, Value};
use crate::spec::schema::TypeBuilder;

/// A node together with the file and JSON pointer it was found at.
#[derive(Debug, Clone)]
pub(crate) struct Src<'s> {
    /// The node.
    pub node: &'s Node,
    /// The file holding it (the target's file for nodes reached through a `$ref`).
    pub file: FileId,
    /// Its JSON pointer inside `file`.
    pub pointer: String,
}

impl<'s> Src<'s> {
    /// The child `key` of an object node, with its pointer.
    pub fn child(&self, key: &str) -> Option<Src<'s>> {
        self.node.get(key).map(|node| Src {
            node,
            file: self.file,
            pointer: push_pointer(&self.pointer, key),
        })
    }

    /// Identity of the node (its address): the sources are immutable while normalising,
    /// so two paths that reach the same node agree on it, however the pointer was spelled.
    pub fn id(&self) -> usize {
        std::ptr::from_ref(self.node) as usize
    }
}

/// References chained longer than this are reported rather than followed (a guard
/// against spellings of one pointer that identity checks cannot see as equal).
const MAX_CHAIN: usize = 64;

/// Sources, type builder and collected diagnostics.
pub(crate) struct Ctx<'s> {
    /// Every file of the document.
    pub sources: &'s Sources,
    /// The type graph under construction.
    pub types: TypeBuilder<'s>,
    /// Every problem found so far.
    pub diags: Vec<Diagnostic>,
}

impl<'s> Ctx<'s> {
    /// A context over `sources`.
    pub fn new(sources: &'s Sources) -> Self {
        Ctx {
            sources,
            types: TypeBuilder::new(sources),
            diags: Vec::new(),
        }
    }

    /// The location of `src`.
    pub fn loc(&self, src: &Src<'_>) -> Location {
        self.sources.location(src.node, &src.pointer)
    }

    /// Records an error at `src`.
    pub fn error(&mut self, src: &Src<'_>, message: impl Into<String>, help: impl Into<String>) {
        let loc = self.loc(src);
        self.diags.push(Diagnostic::error(loc, message, help));
    }

    /// Records a warning at `src`.
    pub fn warn(&mut self, src: &Src<'_>, message: impl Into<String>, help: impl Into<String>) {
        let loc = self.loc(src);
        self.diags.push(Diagnostic::warning(loc, message, help));
    }

    /// Follows `$ref`s from `src` until a node that is not a reference. Reports a missing
    /// target (at the `$ref`) or a cycle (naming every step) and returns `None` then.
    pub fn follow(&mut self, src: Src<'s>) -> Option<Src<'s>> {
        let mut cur = src;
        // The steps taken so far; allocated only when there is a reference to follow.
        let mut chain: Vec<Src<'s>> = Vec::new();
        while let Some(reference) = cur.node.reference() {
            if chain.len() >= MAX_CHAIN {
                let at = cur.child("$ref").unwrap_or_else(|| cur.clone());
                self.error(
                    &at,
                    format!("more than {MAX_CHAIN} chained `$ref`s"),
                    "point the `$ref` at the definition itself",
                );
                return None;
            }
            match self.sources.resolve(cur.file, reference) {
                Ok((file, pointer, node)) => {
                    let next = Src {
                        node,
                        file,
                        pointer,
                    };
                    chain.push(std::mem::replace(&mut cur, next));
                    if let Some(start) = chain.iter().position(|c| c.id() == cur.id()) {
                        let steps = self.describe_cycle(&chain[start..], &cur);
                        let first = &chain[start];
                        let at = first.child("$ref").unwrap_or_else(|| first.clone());
                        self.error(
                            &at,
                            format!("`$ref` cycle: {steps}"),
                            "references outside schemas must end at a definition; break the cycle",
                        );
                        return None;
                    }
                }
                Err(why) => {
                    let at = cur.child("$ref").unwrap_or_else(|| cur.clone());
                    self.error(
                        &at,
                        format!("`$ref` target `{reference}` cannot be resolved: {why}"),
                        "fix the reference or add the definition it names",
                    );
                    return None;
                }
            }
        }
        Some(cur)
    }

    /// `#/a -> #/b -> #/a`, with file names where the cycle leaves the first file.
    fn describe_cycle(&self, steps: &[Src<'s>], back: &Src<'s>) -> String {
        let home = steps.first().map(|s| s.file);
        let show = |s: &Src<'s>| {
            if Some(s.file) == home {
                s.pointer.clone()
            } else {
                format!("{}{}", self.sources.file(s.file).path.display(), s.pointer)
            }
        };
        let mut parts: Vec<String> = steps.iter().map(show).collect();
        parts.push(show(back));
        parts.join(" -> ")
    }

    /// Follows references, then requires an object. `what` names the thing for messages
    /// ("a channel", "the `bindings`").
    pub fn object(&mut self, src: Src<'s>, what: &str) -> Option<Src<'s>> {
        let target = self.follow(src)?;
        if target.node.as_object().is_some() {
            Some(target)
        } else {
            let found = target.node.kind_name();
            self.error(
                &target,
                format!("{what} must be an object, found {found}"),
                format!("write {what} as a mapping of fields"),
            );
            None
        }
    }

    /// The optional object field `key` of `parent` (references followed).
    /// An empty YAML value (`channels:` with nothing under it) counts as absent.
    pub fn opt_object(&mut self, parent: &Src<'s>, key: &str, what: &str) -> Option<Src<'s>> {
        let child = parent.child(key).filter(|c| !c.node.is_null())?;
        self.object(child, what)
    }

    /// Follows references from `src` without reporting anything: for a look at what a
    /// reference leads to before handing it, unfollowed, to code that reports problems
    /// itself (the type builder).
    pub fn peek(&self, src: &Src<'s>) -> Option<Src<'s>> {
        let mut cur = src.clone();
        for _ in 0..MAX_CHAIN {
            let Some(reference) = cur.node.reference() else {
                return Some(cur);
            };
            let (file, pointer, node) = self.sources.resolve(cur.file, reference).ok()?;
            cur = Src {
                node,
                file,
                pointer,
            };
        }
        None
    }

    /// The entries of the optional map field `key` (each value still unfollowed), in
    /// document order. Reports a wrong kind and returns nothing then.
    pub fn entries(&mut self, parent: &Src<'s>, key: &str) -> Vec<(&'s str, Src<'s>)> {
        let Some(map) = self.opt_object(parent, key, &format!("`{key}`")) else {
            return Vec::new();
        };
        let Some(items) = map.node.as_object() else {
            return Vec::new();
        };
        items
            .iter()
            .map(|(k, node)| {
                (
                    k.as_str(),
                    Src {
                        node,
                        file: map.file,
                        pointer: push_pointer(&map.pointer, k),
                    },
                )
            })
            .collect()
    }

    /// The items of the optional array field `key` (each still unfollowed), or `None`
    /// when the field is absent or empty (`null`). A wrong kind is reported and gives `Some(empty)`.
    pub fn items(&mut self, parent: &Src<'s>, key: &str) -> Option<Vec<Src<'s>>> {
        let list = parent.child(key).filter(|c| !c.node.is_null())?;
        let list = self.follow(list)?;
        let Some(items) = list.node.as_array() else {
            let found = list.node.kind_name();
            self.error(
                &list,
                format!("`{key}` must be a list, found {found}"),
                format!("write `{key}` as a YAML sequence (`- item`) or a JSON array"),
            );
            return Some(Vec::new());
        };
        Some(
            items
                .iter()
                .enumerate()
                .map(|(i, node)| Src {
                    node,
                    file: list.file,
                    pointer: push_pointer(&list.pointer, &i.to_string()),
                })
                .collect(),
        )
    }

    /// The optional string field `key`. A wrong kind is reported.
    pub fn string(&mut self, parent: &Src<'s>, key: &str) -> Option<String> {
        // The located child (a pointer string) is only needed to report a wrong kind.
        if let Some(s) = parent.node.get(key)?.as_str() {
            return Some(s.to_string());
        }
        let child = parent.child(key)?;
        self.as_string(&child, key)
    }

    /// `src` as a string; numbers and booleans are accepted as their text (YAML turns
    /// unquoted `1.0.0`-like values into numbers easily), anything else is reported.
    pub fn as_string(&mut self, src: &Src<'s>, key: &str) -> Option<String> {
        match &src.node.value {
            Value::String(s) => Some(s.clone()),
            Value::Null => None,
            Value::Number(_) | Value::Bool(_) => Some(scalar_text(src.node)),
            _ => {
                let found = src.node.kind_name();
                self.error(
                    src,
                    format!("`{key}` must be a string, found {found}"),
                    format!("write `{key}` as a string"),
                );
                None
            }
        }
    }

    /// The optional boolean field `key`. A wrong kind is reported.
    pub fn boolean(&mut self, src: &Src<'s>, key: &str) -> Option<bool> {
        match src.node.value {
            Value::Bool(b) => Some(b),
            Value::Null => None,
            _ => {
                let found = src.node.kind_name();
                self.error(
                    src,
                    format!("`{key}` must be true or false, found {found}"),
                    format!("write `{key}: true` or `{key}: false`"),
                );
                None
            }
        }
    }

    /// `src` as a non-negative integer. A wrong kind is reported.
    pub fn unsigned(&mut self, src: &Src<'s>, key: &str) -> Option<u64> {
        match src.node.value {
            Value::Number(n) => match n.as_i64() {
                Some(i) if i >= 0 => Some(i as u64),
                _ => {
                    self.error(
                        src,
                        format!(
                            "`{key}` must be a non-negative integer, found {}",
                            show_number(n)
                        ),
                        format!("write `{key}` as a whole number, 0 or more"),
                    );
                    None
                }
            },
            Value::Null => None,
            _ => {
                let found = src.node.kind_name();
                self.error(
                    src,
                    format!("`{key}` must be a non-negative integer, found {found}"),
                    format!("write `{key}` as a whole number, 0 or more"),
                );
                None
            }
        }
    }
}

/// The text of a scalar as it would appear in a topic or a header (`1`, `true`, `abc`).
pub(crate) fn scalar_text(node: &Node) -> String {
    match &node.value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => show_number(*n),
        Value::Null => "null".to_string(),
        Value::Array(_) | Value::Object(_) => node.to_json().to_string(),
    }
}

/// A number without a spurious `.0` for whole floats.
fn show_number(n: Number) -> String {
    match n {
        Number::Int(i) => i.to_string(),
        Number::Float(f) => f.to_string(),
    }
}
