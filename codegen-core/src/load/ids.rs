//! JSON Schema draft-7 identifiers: `$id` base URIs and plain-name anchors.
//!
//! A `$ref` inside a schema resolves against the base URI in force where it is written:
//! the nearest enclosing `$id` (itself resolved against the base above it), else the
//! file's own `file:` URI. An `$id` whose value is a fragment only (`#foo`) names that
//! schema within its resource (a plain-name anchor) and leaves the base alone; any other
//! `$id` makes the schema a resource of its own, found by that URI, wherever it sits
//! (inside `definitions`, `not`, `if`, ...).
//!
//! The scan is generic over the parsed trees (the loader does not know which nodes are
//! Schema Objects), so it stays away from what cannot be a schema:
//! - the values of `enum`, `const`, `default`, `examples`, `example` and `x-*` extensions
//!   are data: an `$id` in them is not an identifier;
//! - under `properties`, `patternProperties`, `definitions`, `dependencies` and the maps of
//!   AsyncAPI components, channels, messages and the like, the keys are names, so a
//!   property named `$id`, `enum` or `default` is not mistaken for a keyword;
//! - an object with a `$ref` is a reference: draft 7 ignores its siblings, `$id`
//!   included, so nothing below it is scanned.
//!
//! Only schema references ([`super::Sources::resolve_schema`]) consult these; the AsyncAPI
//! objects' own `$ref`s resolve against their file as before.

use super::uri;
use super::{FileId, Node, Value};
use std::collections::HashMap;
use std::fmt::Write;

/// Keywords whose value is data, never a schema.
const VALUE_KEYWORDS: &[&str] = &["enum", "const", "default", "examples", "example"];

/// Keywords (and AsyncAPI fields) whose value is a map from user-chosen names to schemas
/// or objects: its keys are not keywords.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependencies",
    "schemas",
    "messages",
    "channels",
    "operations",
    "servers",
    "parameters",
    "components",
];

/// Where an identifier points: a file and the JSON pointer of the schema there.
pub type Target = (FileId, String);

/// Every identifier of every loaded file.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    /// Absolute URI (without fragment) → the schema that `$id` makes a resource.
    resources: HashMap<String, Target>,
    /// `(resource URI, name)` → the schema a plain-name `$id` (`#name`) designates.
    anchors: HashMap<(String, String), Target>,
    /// Per file: the pointer of each schema whose `$id` sets a base → that base URI.
    bases: HashMap<FileId, HashMap<String, String>>,
    /// Per file: its own base URI (a `file:` URI, or the built-in document's identifier).
    file_bases: HashMap<FileId, String>,
}

impl IdIndex {
    /// True when no `$id` was seen anywhere: schema references resolve as plain paths.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.anchors.is_empty()
    }

    /// Records the identifiers of one file whose own base URI is `file_base`.
    pub fn scan(&mut self, file: FileId, root: &Node, file_base: String) {
        let mut walk = Walk {
            file,
            index: self,
            pointer: String::from("#"),
        };
        walk.node(root, &file_base, false);
        self.file_bases.insert(file, file_base);
    }

    /// Records the base URI of a file known to hold no `$id`.
    pub fn file_base(&mut self, file: FileId, file_base: String) {
        self.file_bases.insert(file, file_base);
    }

    /// The base URI in force at `pointer` of `file`: the nearest enclosing `$id`, else the
    /// file's own.
    pub fn base_at(&self, file: FileId, pointer: &str) -> Option<&str> {
        if let Some(bases) = self.bases.get(&file) {
            let mut p = pointer;
            loop {
                if let Some(base) = bases.get(p) {
                    return Some(base);
                }
                match p.rfind('/') {
                    Some(i) => p = &p[..i],
                    None => break,
                }
            }
        }
        self.file_bases.get(&file).map(String::as_str)
    }

    /// The schema an absolute URI (without fragment) identifies through `$id`.
    pub fn resource(&self, uri: &str) -> Option<&Target> {
        self.resources.get(uri)
    }

    /// The schema a plain-name anchor of the resource `uri` designates.
    pub fn anchor(&self, uri: &str, name: &str) -> Option<&Target> {
        self.anchors.get(&(uri.to_string(), name.to_string()))
    }

    /// True when `uri` (with or without a fragment) names something this index knows.
    pub fn knows(&self, uri: &str) -> bool {
        let (doc, fragment) = uri::split_fragment(uri);
        self.resources.contains_key(doc)
            || (!fragment.is_empty()
                && !fragment.starts_with('/')
                && self.anchor(doc, fragment).is_some())
    }
}

/// One file's walk: the pointer of the current node is kept in one growing string.
struct Walk<'i> {
    file: FileId,
    index: &'i mut IdIndex,
    pointer: String,
}

impl Walk<'_> {
    /// `names`: the node is a map of user-chosen names (its keys are not keywords).
    /// This walks every node of every file: nothing is allocated per node, only per `$id`.
    fn node(&mut self, node: &Node, base: &str, names: bool) {
        match &node.value {
            Value::Object(entries) => {
                let own_base;
                let mut base = base;
                if !names {
                    if node.get("$ref").is_some_and(|r| r.as_str().is_some()) {
                        return;
                    }
                    if let Some(id) = node.get("$id").and_then(Node::as_str) {
                        own_base = self.identify(id, base);
                        base = &own_base;
                    }
                }
                for (key, value) in entries {
                    if !matches!(value.value, Value::Object(_) | Value::Array(_)) {
                        continue;
                    }
                    if !names && (VALUE_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-")) {
                        continue;
                    }
                    let child_names = !names && NAME_MAPS.contains(&key.as_str());
                    self.descend(key, value, base, child_names);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if matches!(item.value, Value::Object(_) | Value::Array(_)) {
                        let len = self.pointer.len();
                        let _ = write!(self.pointer, "/{i}");
                        self.node(item, base, false);
                        self.pointer.truncate(len);
                    }
                }
            }
            _ => {}
        }
    }

    /// Walks `node`, the child `token` of the current node, with the pointer extended in
    /// place (RFC 6901 escaping, as `push_pointer`).
    fn descend(&mut self, token: &str, node: &Node, base: &str, names: bool) {
        let len = self.pointer.len();
        self.pointer.push('/');
        for c in token.chars() {
            match c {
                '~' => self.pointer.push_str("~0"),
                '/' => self.pointer.push_str("~1"),
                c => self.pointer.push(c),
            }
        }
        self.node(node, base, names);
        self.pointer.truncate(len);
    }

    /// Registers the `$id` of the schema at the current pointer; returns the base URI
    /// below it. The first schema to claim an identifier keeps it (document order).
    fn identify(&mut self, id: &str, base: &str) -> String {
        let target = (self.file, self.pointer.clone());
        if let Some(name) = id.strip_prefix('#') {
            if !name.is_empty() && !name.starts_with('/') {
                let (doc, _) = uri::split_fragment(base);
                self.index
                    .anchors
                    .entry((doc.to_string(), name.to_string()))
                    .or_insert(target);
            }
            return base.to_string();
        }
        let Some(absolute) = uri::resolve(base, id) else {
            return base.to_string();
        };
        let (doc, fragment) = uri::split_fragment(&absolute);
        let doc = doc.to_string();
        if !fragment.is_empty() && !fragment.starts_with('/') {
            self.index
                .anchors
                .entry((doc.clone(), fragment.to_string()))
                .or_insert(target.clone());
        }
        self.index.resources.entry(doc.clone()).or_insert(target);
        self.index
            .bases
            .entry(self.file)
            .or_default()
            .insert(self.pointer.clone(), doc.clone());
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::json;

    fn index(text: &str) -> IdIndex {
        let root = json::parse(text, FileId(0)).unwrap();
        let mut index = IdIndex::default();
        index.scan(FileId(0), &root, "file:///s/root.json".into());
        index
    }

    #[test]
    fn ids_scope_bases_and_name_resources_and_anchors() {
        let ids = index(
            r##"{"$id": "http://x/a.json",
                "definitions": {
                  "b": {"$id": "b/c.json", "not": {"definitions": {"d": {"$id": "d.json"}}}},
                  "anchor": {"$id": "#foo"},
                  "ref": {"$ref": "#", "$id": "ignored.json"}
                }}"##,
        );
        let at = |p: &str| (FileId(0), p.to_string());
        assert_eq!(ids.resource("http://x/a.json"), Some(&at("#")));
        assert_eq!(
            ids.resource("http://x/b/c.json"),
            Some(&at("#/definitions/b"))
        );
        assert_eq!(
            ids.resource("http://x/b/d.json"),
            Some(&at("#/definitions/b/not/definitions/d"))
        );
        assert_eq!(
            ids.anchor("http://x/a.json", "foo"),
            Some(&at("#/definitions/anchor"))
        );
        assert_eq!(ids.resource("http://x/ignored.json"), None);
        assert_eq!(
            ids.base_at(FileId(0), "#/definitions/b/not/$ref"),
            Some("http://x/b/c.json")
        );
        assert_eq!(
            ids.base_at(FileId(0), "#/properties/p"),
            Some("http://x/a.json")
        );
    }

    #[test]
    fn data_and_names_are_not_identifiers() {
        let ids = index(
            r##"{"enum": [{"$id": "http://x/enum"}], "const": {"$id": "#c"},
                "default": {"$id": "http://x/default"}, "x-ext": {"$id": "http://x/ext"},
                "properties": {"$id": {"type": "string"}, "enum": {"$id": "http://x/p"}}}"##,
        );
        assert!(ids.resource("http://x/enum").is_none());
        assert!(ids.resource("http://x/default").is_none());
        assert!(ids.resource("http://x/ext").is_none());
        assert!(ids.anchor("file:///s/root.json", "c").is_none());
        // A property named `enum` is a schema.
        assert!(ids.resource("http://x/p").is_some());
        assert_eq!(ids.base_at(FileId(0), "#/x"), Some("file:///s/root.json"));
    }
}
