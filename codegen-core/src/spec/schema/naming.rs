//! Where a type's name comes from, and turning that into unique names at the end.
//!
//! Names are resolved only once every type exists, in this order: component schemas (and
//! other schemas found under a `schemas`/`definitions`/`$defs` map or as a whole file),
//! then message payloads and headers, then everything else; within a class, types that get
//! their own declaration come before inlined ones, then creation order. The first type to
//! want a name gets it, later ones get `2`, `3`, ... ([`NameTable`]), so a component keeps
//! its name even when an inline schema with the same derived name was reached first.
//!
//! An inline schema's name is its parent's name plus a suffix (`LightMeasuredPayload` +
//! `Location`). The parent's *wanted* name is used, not its final one, so the order in which
//! collisions are resolved cannot change a child's wanted name.

use crate::load::tree::unescape_token;
use crate::load::{FileId, Sources};
use crate::model::names::{pascal_case, pascal_case_into, safe_type_name, NameTable};
use crate::model::{TypeDef, TypeId};

/// Longest wanted name, in characters. Deeply nested inline schemas would otherwise get
/// names longer than a file name may be (types become `<Name>.ts` files).
const MAX_NAME_LEN: usize = 128;
/// How much of the front of a too long name is kept; the rest comes from its end.
const KEPT_HEAD: usize = 48;

/// Shortens the name `text[start..]` to at most [`MAX_NAME_LEN`] bytes, keeping its head
/// (the root type) and its tail (the innermost property), cut between words. Wanted names
/// are ASCII (pascal_case output), so bytes are characters.
fn shorten(text: &mut Vec<u8>, start: usize) {
    let len = text.len() - start;
    if len <= MAX_NAME_LEN {
        return;
    }
    let name = &text[start..];
    let tail_from = len - (MAX_NAME_LEN - KEPT_HEAD);
    // Start the tail at a capital (a word start) when there is one.
    let tail_from = name[tail_from..]
        .iter()
        .position(u8::is_ascii_uppercase)
        .map_or(tail_from, |i| tail_from + i);
    // End the head before a capital (at a word end) when there is one.
    let head_end = name[1..=KEPT_HEAD]
        .iter()
        .rposition(u8::is_ascii_uppercase)
        .map_or(KEPT_HEAD, |i| i + 1);
    let tail = name[tail_from..].to_vec();
    text.truncate(start + head_end);
    text.extend_from_slice(&tail);
}

/// How strongly a type owns its name; lower wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum NameClass {
    /// A component schema or another reusable, keyed schema.
    Component,
    /// A message payload or headers.
    Message,
    /// Anything else.
    Inline,
}

/// Where a type's name comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Naming {
    /// A name of its own (PascalCase, not yet made safe).
    Root {
        class: NameClass,
        raw: String,
        /// The key under `components/schemas`, for [`TypeDef::component`].
        component: Option<String>,
    },
    /// The parent's wanted name followed by a suffix, kept as a span of the builder's
    /// suffix text (one buffer instead of a string per type).
    Derived {
        parent: TypeId,
        suffix: (usize, usize),
    },
}

impl Naming {
    /// `#/components/schemas/<key>`.
    pub(super) fn component(key: String) -> Naming {
        Naming::Root {
            class: NameClass::Component,
            raw: pascal_case(&key),
            component: Some(key),
        }
    }

    pub(super) fn root(class: NameClass, name: &str) -> Naming {
        Naming::Root {
            class,
            raw: pascal_case(name),
            component: None,
        }
    }

    /// `parent`'s name followed by `suffix`, appended to the suffix text `text`.
    pub(super) fn derived(text: &mut String, parent: TypeId, suffix: &str) -> Naming {
        let start = text.len();
        text.push_str(suffix);
        Naming::Derived {
            parent,
            suffix: (start, text.len()),
        }
    }

    /// The property `key` (the `index`th) of `parent`: `Property<N>` when the key has no
    /// ASCII letters or digits to build a name from.
    pub(super) fn property(text: &mut String, parent: TypeId, key: &str, index: usize) -> Naming {
        let start = text.len();
        pascal_case_into(text, key);
        if text.len() == start {
            text.push_str("Property");
            text.push_str(&(index + 1).to_string());
        }
        Naming::Derived {
            parent,
            suffix: (start, text.len()),
        }
    }

    pub(super) fn class(&self) -> NameClass {
        match self {
            Naming::Root { class, .. } => *class,
            Naming::Derived { .. } => NameClass::Inline,
        }
    }
}

/// The name a `$ref` target owns by its position: `#/components/schemas/<key>` is a
/// component; a key under any other `schemas`, `definitions` or `$defs` map, a top-level
/// key (`shapes.yaml#/Point`) and a whole file (`$ref: user.yaml`) name the schema like a
/// component. Other targets take the name the referring place suggests.
pub(super) fn from_target(sources: &Sources, file: FileId, pointer: &str) -> Option<Naming> {
    let path = pointer.strip_prefix('#').unwrap_or(pointer);
    if path.is_empty() {
        let stem = sources.file(file).path.file_stem()?.to_string_lossy();
        return Some(Naming::root(NameClass::Component, &stem));
    }
    let tokens: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
    let key = unescape_token(tokens.last()?);
    match tokens.as_slice() {
        ["components", "schemas", _] => Some(Naming::component(key)),
        // A key under a map of schemas, or at the top of a file of schemas.
        [.., "schemas" | "definitions" | "$defs", _] | [_] => {
            Some(Naming::root(NameClass::Component, &key))
        }
        _ => None,
    }
}

/// The final, unique, safe name of every type (see the module docs for the order).
/// `suffixes` is the text the [`Naming::Derived`] spans point into.
pub(super) fn resolve(naming: &[Naming], suffixes: &str, types: &[TypeDef]) -> Vec<String> {
    // Wanted names, concatenated in one buffer: no string per type to allocate and free.
    let mut text: Vec<u8> = Vec::new();
    let mut wanted: Vec<(usize, usize)> = Vec::with_capacity(naming.len());
    for (i, n) in naming.iter().enumerate() {
        let start = text.len();
        match n {
            Naming::Root { raw, .. } => text.extend_from_slice(raw.as_bytes()),
            Naming::Derived { parent, suffix } => {
                // Parents are created before their children; anything else has no prefix.
                if let Some(&(ps, pe)) = wanted.get(parent.0).filter(|_| parent.0 < i) {
                    text.extend_from_within(ps..pe);
                }
                let suffix = suffixes.get(suffix.0..suffix.1).unwrap_or_default();
                text.extend_from_slice(suffix.as_bytes());
            }
        }
        shorten(&mut text, start);
        wanted.push((start, text.len()));
    }
    // Six buckets (class × declared or not), each in creation order: a stable O(n) sort.
    let mut buckets: [Vec<usize>; 6] = Default::default();
    for (i, n) in naming.iter().enumerate() {
        let class = match n.class() {
            NameClass::Component => 0,
            NameClass::Message => 1,
            NameClass::Inline => 2,
        };
        buckets[class * 2 + usize::from(!types[i].named)].push(i);
    }
    let mut table = NameTable::new();
    let mut out = vec![String::new(); naming.len()];
    for i in buckets.into_iter().flatten() {
        let (start, end) = wanted[i];
        let wanted = String::from_utf8_lossy(&text[start..end]).into_owned();
        out[i] = table.unique_owned(safe_type_name(wanted));
    }
    out
}
