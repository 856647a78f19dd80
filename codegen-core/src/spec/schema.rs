//! JSON Schema (AsyncAPI schema object) → [`crate::model::TypeGraph`].
//!
//! [`TypeBuilder`] turns every schema node of a document into exactly one [`TypeDef`],
//! keyed by the file and JSON pointer of the node after following `$ref`s:
//! - a type id is reserved before its children are built, so a `$ref` back to a schema
//!   being built is a recursive type (a cycle in the graph), not an endless descent;
//! - a `$ref` chain with no schema in between (`a: {$ref: b}`, `b: {$ref: a}`) and a missing
//!   target are located errors; the type becomes [`TypeKind::Any`] so building continues
//!   and every problem of the document is reported together;
//! - nesting deeper than [`MAX_DEPTH`] is reported instead of overflowing the stack.
//!
//! Decisions worth knowing (all deterministic):
//! - Which keyword decides the kind: `const`, then `oneOf`, `anyOf`, `allOf`, `enum`, then
//!   `type`; without `type` the kind is inferred from the keywords present (`properties` →
//!   object, `items` → array, `maxLength` → string, `minimum` → number, ...).
//! - `false` is [`TypeKind::Unsupported`]`("false")`: a schema no value matches.
//! - `type: [a, b]` with several non-null types is an `anyOf` union of one type per entry,
//!   each keeping the constraints that apply to it.
//! - `allOf` is merged into one object when every part is an object (or `{}`): properties
//!   in order of first appearance, a property declared again by a later part takes the later
//!   part's type, `required` is the union, `additionalProperties: false` in any part closes
//!   the merged object. Otherwise it stays [`TypeKind::AllOf`] (rules in `schema/merge.rs`).
//! - `minimum` with the draft-4 `exclusiveMinimum: true` becomes `exclusive_minimum` only.
//! - `discriminator` (an AsyncAPI property name or an OpenAPI `{propertyName, mapping}`) is
//!   kept on `oneOf`/`anyOf` unions; elsewhere it is ignored.
//! - Without `type`, the kind inferred from the keywords serves `allOf` merges only: every
//!   JSON type passes such a schema (draft 7), so [`TypeBuilder::finish`] widens it to
//!   [`TypeKind::Any`]. Tuple `items: [..]` is an array of any item, with a warning.
//! - What a value must satisfy is kept apart from the kind, keyword by keyword, in each
//!   type's [`crate::model::Rules`] (`schema/rules.rs`); validators are generated from those.
//!
//! - A component that is only a `$ref` (`Alias: {$ref: '#/components/schemas/Target'}`) is
//!   the target's type: it gets no type, name or `component` entry of its own.
//! - `#/components/schemas/<key>` in any file (also a `$ref`'d one) sets
//!   [`TypeDef::component`].
//!
//! Names are chosen in [`TypeBuilder::finish`], once every type is known, so that component
//! names win over inline names no matter which was reached first (rules in `schema/naming.rs`).

mod keywords;
mod merge;
mod naming;
mod rules;

use crate::diag::Diagnostic;
use crate::load::tree::push_pointer;
use crate::load::{FileId, Node, Number, Sources, Value};
use crate::model::types::{
    AdditionalProperties, ArrayType, Discriminator, NumberType, ObjectType, Property, StringType,
    TypeDef, TypeKind, UnionKind, UnionType,
};
use crate::model::{TypeGraph, TypeId};
use keywords::Keywords;
use naming::{NameClass, Naming};
use std::collections::HashMap;

/// How deep schemas may nest (counting `$ref` hops to new schemas). Deeper input is reported
/// as an error instead of risking a stack overflow; real documents stay far below.
pub const MAX_DEPTH: usize = 100;

/// Where a schema's name should come from when it is not a component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameHint {
    /// `#/components/schemas/<name>`.
    Component(String),
    /// A message payload or headers: the message's type name (+ "Headers" for headers).
    Message(String),
    /// An inline schema: the parent type's name and the property/path it sits at. (Only the
    /// tests ask for it today: it must never rename a type built before.)
    #[allow(dead_code)]
    Inline(String),
}

/// Builds the type graph, one [`TypeId`] per distinct schema node (keyed by file + pointer).
pub struct TypeBuilder<'s> {
    sources: &'s Sources,
    graph: TypeGraph,
    diagnostics: Vec<Diagnostic>,
    /// `(file, hash of the pointer)` → the type built for the schema node there. The
    /// pointer itself is the type's `location.pointer`, compared on lookup, so the index
    /// stores no string per type.
    index: HashMap<(FileId, u64), TypeId>,
    /// Pointers whose hash slot holds another pointer, and `$ref` positions (which lead to
    /// a type located elsewhere), per file.
    others: HashMap<FileId, HashMap<String, TypeId>>,
    /// Per type: the file it is indexed under.
    type_file: Vec<FileId>,
    /// Per type: where its name comes from (resolved in `finish`).
    naming: Vec<Naming>,
    /// Per type: true while its children are being built (its kind is not final yet).
    building: Vec<bool>,
    /// `required` names of an object that have no property there: they still matter when
    /// the object is a part of an `allOf`.
    extra_required: HashMap<TypeId, Vec<String>>,
    /// The text [`Naming::Derived`] suffixes point into.
    suffixes: String,
    /// Per type: its kind was inferred from keywords, not stated by `type`. Such a schema
    /// accepts values of every JSON type (draft 7), so [`TypeBuilder::finish`] widens its
    /// kind to [`TypeKind::Any`]: a type never claims less than its validator lets through.
    /// Until then the inferred shape serves `allOf` merges with a typed part.
    inferred: Vec<bool>,
}

/// The index key of a pointer (std's hasher, with fixed keys: the index is never iterated).
fn pointer_hash(pointer: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(pointer)
}

/// The JSON Schema `type` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prim {
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
}

impl Prim {
    fn parse(s: &str) -> Option<Prim> {
        Some(match s {
            "null" => Prim::Null,
            "boolean" => Prim::Boolean,
            "integer" => Prim::Integer,
            "number" => Prim::Number,
            "string" => Prim::String,
            "array" => Prim::Array,
            "object" => Prim::Object,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Prim::Null => "Null",
            Prim::Boolean => "Boolean",
            Prim::Integer => "Integer",
            Prim::Number => "Number",
            Prim::String => "String",
            Prim::Array => "Array",
            Prim::Object => "Object",
        }
    }
}

/// Formats that only make sense for strings: `{format: date-time}` without `type` is a
/// string in practice.
const STRING_FORMATS: &[&str] = &[
    "binary",
    "byte",
    "date",
    "date-time",
    "duration",
    "email",
    "hostname",
    "idn-email",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "iri",
    "iri-reference",
    "json-pointer",
    "password",
    "regex",
    "relative-json-pointer",
    "time",
    "uri",
    "uri-reference",
    "uri-template",
    "uuid",
];

impl<'s> TypeBuilder<'s> {
    /// A builder reading from `sources`.
    pub fn new(sources: &'s Sources) -> Self {
        TypeBuilder {
            sources,
            graph: TypeGraph::default(),
            diagnostics: Vec::new(),
            index: HashMap::new(),
            others: HashMap::new(),
            type_file: Vec::new(),
            naming: Vec::new(),
            building: Vec::new(),
            extra_required: HashMap::new(),
            suffixes: String::new(),
            inferred: Vec::new(),
        }
    }

    /// The type for the schema `node`, found at `pointer` in `file`. Follows `$ref`s
    /// (recursion allowed), merges allOf of objects, names the type from `hint`.
    ///
    /// Asking again for a node already built returns the same id. A component or message
    /// hint given for a type first reached as an inline schema upgrades its name.
    pub fn schema(&mut self, file: FileId, pointer: &str, node: &Node, hint: NameHint) -> TypeId {
        let (naming, forced) = match hint {
            NameHint::Component(key) => (Naming::component(key), true),
            NameHint::Message(name) => (Naming::root(NameClass::Message, &name), true),
            NameHint::Inline(name) => (Naming::root(NameClass::Inline, &name), false),
        };
        let id = self.node(file, pointer, node, naming.clone(), 0, None);
        if forced {
            let current = &mut self.naming[id.0];
            if naming.class() < current.class() {
                if let Naming::Root { component, .. } = &naming {
                    if self.graph.types[id.0].component.is_none() {
                        self.graph.types[id.0].component = component.clone();
                    }
                }
                *current = naming;
            }
            self.graph.types[id.0].named = true;
        }
        id
    }

    /// The finished graph and every problem found. Names are assigned here.
    pub fn finish(mut self) -> (TypeGraph, Vec<Diagnostic>) {
        let names = naming::resolve(&self.naming, &self.suffixes, &self.graph.types);
        for (t, name) in self.graph.types.iter_mut().zip(names) {
            t.name = name;
        }
        for (t, inferred) in self.graph.types.iter_mut().zip(&self.inferred) {
            if *inferred {
                t.kind = TypeKind::Any;
            }
        }
        (self.graph, self.diagnostics)
    }

    // ---- graph bookkeeping -------------------------------------------------------------

    fn lookup(&self, file: FileId, pointer: &str) -> Option<TypeId> {
        if let Some(&id) = self.index.get(&(file, pointer_hash(pointer))) {
            if self.type_file[id.0] == file && self.graph.types[id.0].location.pointer == pointer {
                return Some(id);
            }
        }
        self.others.get(&file)?.get(pointer).copied()
    }

    /// Indexes the type `id` under `(file, pointer)`; `pointer` may differ from the type's
    /// own location (a `$ref` position leading to it).
    fn remember(&mut self, file: FileId, pointer: &str, id: TypeId) {
        let own =
            self.type_file[id.0] == file && self.graph.types[id.0].location.pointer == pointer;
        if own {
            if let std::collections::hash_map::Entry::Vacant(slot) =
                self.index.entry((file, pointer_hash(pointer)))
            {
                slot.insert(id);
                return;
            }
        }
        self.others
            .entry(file)
            .or_default()
            .insert(pointer.to_string(), id);
    }

    /// Adds a type (kind `Any` until filled) and indexes it under `(file, pointer)`.
    fn reserve(&mut self, file: FileId, pointer: &str, node: &Node, naming: Naming) -> TypeId {
        let id = TypeId(self.graph.types.len());
        let component = match &naming {
            Naming::Root { component, .. } => component.clone(),
            Naming::Derived { .. } => None,
        };
        self.graph.types.push(TypeDef {
            name: String::new(),
            component,
            named: false,
            title: None,
            description: None,
            nullable: false,
            deprecated: false,
            default: None,
            examples: Vec::new(),
            kind: TypeKind::Any,
            rules: Default::default(),
            location: self.sources.location(node, pointer),
        });
        self.naming.push(naming);
        self.building.push(true);
        self.inferred.push(false);
        self.type_file.push(file);
        self.remember(file, pointer, id);
        id
    }

    /// Sets the kind and decides whether the type deserves its own declaration.
    fn fill(&mut self, id: TypeId, kind: TypeKind) {
        let named_kind = match &kind {
            TypeKind::Object(_)
            | TypeKind::Enum(_)
            | TypeKind::Union(_)
            | TypeKind::AllOf(_)
            | TypeKind::Const(_) => true,
            TypeKind::String(s) => s.enum_values.is_some(),
            _ => false,
        };
        let forced = self.naming[id.0].class() < NameClass::Inline;
        let t = &mut self.graph.types[id.0];
        t.kind = kind;
        t.named = t.named || forced || named_kind;
        self.building[id.0] = false;
    }

    /// A finished `Any` type at `(file, pointer)`, for input we could not use.
    fn dead_end(&mut self, file: FileId, pointer: &str, node: &Node, naming: Naming) -> TypeId {
        let id = self.reserve(file, pointer, node, naming);
        self.fill(id, TypeKind::Any);
        id
    }

    fn error(&mut self, node: &Node, pointer: &str, message: String, help: &str) {
        let location = self.sources.location(node, pointer);
        self.diagnostics
            .push(Diagnostic::error(location, message, help.to_string()));
    }

    fn warning(&mut self, node: &Node, pointer: &str, message: String, help: &str) {
        let location = self.sources.location(node, pointer);
        self.diagnostics
            .push(Diagnostic::warning(location, message, help.to_string()));
    }

    /// Reports a keyword of the wrong JSON kind.
    fn wrong_kind(&mut self, value: &Node, pointer: &str, key: &str, expected: &str) {
        let at = push_pointer(pointer, key);
        self.error(
            value,
            &at,
            format!("`{key}` must be {expected}, found {}", value.kind_name()),
            &format!("write `{key}` as {expected}, or remove it"),
        );
    }

    // ---- nodes and references ----------------------------------------------------------

    /// The type of `node` at `(file, pointer)`. `base` overrides whose name the children
    /// of a new type derive theirs from (inline `allOf` parts name theirs after the whole).
    fn node(
        &mut self,
        file: FileId,
        pointer: &str,
        node: &Node,
        naming: Naming,
        depth: usize,
        base: Option<TypeId>,
    ) -> TypeId {
        if let Some(id) = self.lookup(file, pointer) {
            return id;
        }
        if depth > MAX_DEPTH {
            self.error(
                node,
                pointer,
                format!("the schema is nested more than {MAX_DEPTH} levels deep"),
                "move inner schemas to `components/schemas` and `$ref` them",
            );
            return self.dead_end(file, pointer, node, naming);
        }
        let kw = match node.as_object() {
            Some(entries) => Keywords::read(entries),
            None => Keywords::default(),
        };
        if let Some(reference) = kw.reference {
            let ref_pointer = push_pointer(pointer, "$ref");
            return self.follow(file, pointer, reference, &ref_pointer, naming, depth);
        }
        let id = self.reserve(file, pointer, node, naming);
        let ctx = SchemaSite {
            file,
            pointer,
            node,
            kw,
            depth,
            base: base.unwrap_or(id),
        };
        let kind = self.build(id, &ctx);
        self.fill(id, kind);
        let rules = self.rules(id, &ctx);
        self.graph.types[id.0].rules = rules;
        id
    }

    /// Follows the `$ref` whose value is `reference` (at `ref_pointer`), written in the
    /// schema position `(file, at)`, through any chain of references to a schema.
    fn follow(
        &mut self,
        file: FileId,
        at: &str,
        reference: &Node,
        ref_pointer: &str,
        naming: Naming,
        depth: usize,
    ) -> TypeId {
        let sources = self.sources;
        let mut chain: Vec<(FileId, String)> = vec![(file, at.to_string())];
        let mut reference = reference;
        let mut ref_pointer = ref_pointer.to_string();
        loop {
            let Some(text) = reference.as_str() else {
                self.error(
                    reference,
                    &ref_pointer,
                    format!("`$ref` must be a string, found {}", reference.kind_name()),
                    "write the reference as a string such as `#/components/schemas/Name`",
                );
                return self.dead_end_chain(&chain, reference, naming);
            };
            // Relative to the file the `$ref` is written in (a merged tree mixes files),
            // and to the `$id`s around it there.
            let (target_file, target_pointer, target) =
                match sources.resolve_schema(reference.file, &ref_pointer, text) {
                    Ok(found) => found,
                    Err(why) => {
                        self.error(
                            reference,
                            &ref_pointer,
                            format!("`$ref` target `{text}` not found: {why}"),
                            "fix the reference or add the schema it names",
                        );
                        return self.dead_end_chain(&chain, reference, naming);
                    }
                };
            // The root of an AsyncAPI document is no schema: `$ref: '#'` in a payload would
            // make the whole document a type. (The root of a schema file may be one.)
            let is_document_root = matches!(target_pointer.as_str(), "#" | "" | "#/")
                && target.get("asyncapi").is_some();
            if is_document_root {
                self.error(
                    reference,
                    &ref_pointer,
                    format!("`$ref` target `{text}` is the whole AsyncAPI document, not a schema"),
                    "point the reference at a schema, such as `#/components/schemas/Name`",
                );
                return self.dead_end_chain(&chain, reference, naming);
            }
            if let Some(id) = self.lookup(target_file, &target_pointer) {
                self.alias(&chain, id);
                return id;
            }
            if let Some(next) = target.get("$ref") {
                let key = (target_file, target_pointer);
                if chain.contains(&key) {
                    chain.push(key);
                    let cycle = self.describe_chain(file, &chain);
                    chain.pop();
                    self.error(
                        reference,
                        &ref_pointer,
                        format!("`$ref` cycle with no schema in between: {cycle}"),
                        "make one of these references point at a schema instead",
                    );
                    return self.dead_end_chain(&chain, reference, naming);
                }
                ref_pointer = push_pointer(&key.1, "$ref");
                chain.push(key);
                reference = next;
                continue;
            }
            let naming =
                naming::from_target(sources, target_file, &target_pointer).unwrap_or(naming);
            let id = self.node(
                target_file,
                &target_pointer,
                target,
                naming,
                depth + 1,
                None,
            );
            self.alias(&chain, id);
            return id;
        }
    }

    /// `#/a → #/b → other.yaml#/a` for a cycle message.
    fn describe_chain(&self, start: FileId, chain: &[(FileId, String)]) -> String {
        let parts: Vec<String> = chain
            .iter()
            .map(|(f, p)| match self.sources.path_of(*f) {
                Some(path) if *f != start => format!("{}{p}", path.display()),
                _ => p.clone(),
            })
            .collect();
        parts.join(" → ")
    }

    /// Every `$ref` position of a chain leads to `id` from now on.
    fn alias(&mut self, chain: &[(FileId, String)], id: TypeId) {
        for (f, p) in chain {
            self.remember(*f, p, id);
        }
    }

    fn dead_end_chain(
        &mut self,
        chain: &[(FileId, String)],
        reference: &Node,
        naming: Naming,
    ) -> TypeId {
        let (f, p) = &chain[0];
        let id = self.dead_end(*f, p, reference, naming);
        self.alias(&chain[1..], id);
        id
    }

    // ---- kinds -------------------------------------------------------------------------

    /// Reads the annotations of the schema into type `id` and returns its kind.
    fn build(&mut self, id: TypeId, ctx: &SchemaSite) -> TypeKind {
        let node = ctx.node;
        match &node.value {
            Value::Bool(true) => return TypeKind::Any,
            Value::Bool(false) => return TypeKind::Unsupported("false".into()),
            Value::Object(_) => {}
            _ => {
                self.error(
                    node,
                    ctx.pointer,
                    format!(
                        "a schema must be an object or a boolean, found {}",
                        node.kind_name()
                    ),
                    "write the schema as an object such as `{type: string}`",
                );
                return TypeKind::Any;
            }
        }
        self.annotations(id, ctx);
        let (types, has_null) = self.types(ctx);
        // `type: [x, "null"]`; a lone `type: "null"` is the null type, not a nullable one.
        if has_null && !types.is_empty() {
            self.graph.types[id.0].nullable = true;
        }
        let kw = &ctx.kw;
        if let Some(value) = kw.const_ {
            return TypeKind::Const(value.to_json());
        }
        for (key, list, kind) in [
            ("oneOf", kw.one_of, UnionKind::OneOf),
            ("anyOf", kw.any_of, UnionKind::AnyOf),
        ] {
            if let Some(list) = list {
                if let Some(kind) = self.union(ctx, key, list, kind) {
                    return kind;
                }
            }
        }
        if let Some(list) = kw.all_of {
            if let Some(kind) = self.all_of(id, ctx, list) {
                return kind;
            }
        }
        if let Some(values) = kw.enum_ {
            if let Some(kind) = self.enumeration(id, ctx, values, &types) {
                return kind;
            }
        }
        match types.as_slice() {
            [] if has_null => TypeKind::Null,
            [] => self.inferred(id, ctx),
            [one] => self.primitive(id, ctx, *one),
            many => {
                // One variant per type, each keeping the constraints that apply to it.
                let type_pointer = push_pointer(ctx.pointer, "type");
                let mut variants = Vec::with_capacity(many.len());
                for (i, prim) in many.iter().enumerate() {
                    let at = push_pointer(&type_pointer, &i.to_string());
                    let naming = Naming::derived(&mut self.suffixes, ctx.base, prim.name());
                    let v = self.reserve(ctx.file, &at, node, naming);
                    let kind = self.primitive(v, ctx, *prim);
                    self.fill(v, kind);
                    variants.push(v);
                }
                TypeKind::Union(UnionType {
                    kind: UnionKind::AnyOf,
                    variants,
                    discriminator: None,
                })
            }
        }
    }

    /// title, description, deprecated, default, examples/example, nullable.
    fn annotations(&mut self, id: TypeId, ctx: &SchemaSite) {
        let (p, kw) = (ctx.pointer, &ctx.kw);
        let title = self.string_keyword(p, "title", kw.title);
        let description = self.string_keyword(p, "description", kw.description);
        let deprecated = self.bool_keyword(p, "deprecated", kw.deprecated);
        let nullable = self.bool_keyword(p, "nullable", kw.nullable);
        let mut examples = Vec::new();
        if let Some(list) = kw.examples {
            match list.as_array() {
                Some(items) => examples.extend(items.iter().map(Node::to_json)),
                None => self.wrong_kind(list, p, "examples", "an array of example values"),
            }
        }
        if let Some(one) = kw.example {
            examples.push(one.to_json());
        }
        let t = &mut self.graph.types[id.0];
        t.title = title;
        t.description = description;
        t.deprecated = deprecated.unwrap_or(false);
        t.nullable = nullable.unwrap_or(false);
        t.default = kw.default.map(Node::to_json);
        t.examples = examples;
    }

    /// The `type` keyword: the non-null types in order, and whether `null` was listed.
    fn types(&mut self, ctx: &SchemaSite) -> (Vec<Prim>, bool) {
        let mut out = Vec::new();
        let mut has_null = false;
        let Some(value) = ctx.kw.type_ else {
            return (out, has_null);
        };
        let pointer = ctx.pointer;
        let entries: Vec<(&Node, Option<usize>)> = match &value.value {
            Value::String(_) => vec![(value, None)],
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, n)| (n, Some(i)))
                .collect(),
            _ => {
                self.wrong_kind(
                    value,
                    pointer,
                    "type",
                    "a type name or an array of type names",
                );
                return (out, has_null);
            }
        };
        for (entry, index) in entries {
            let at = || {
                let p = push_pointer(pointer, "type");
                match index {
                    Some(i) => push_pointer(&p, &i.to_string()),
                    None => p,
                }
            };
            let help = "use one of string, number, integer, boolean, object, array, null";
            match entry.as_str().map(|s| (s, Prim::parse(s))) {
                Some((_, Some(Prim::Null))) => has_null = true,
                Some((_, Some(prim))) => {
                    if !out.contains(&prim) {
                        out.push(prim);
                    }
                }
                Some((name, None)) => {
                    self.error(entry, &at(), format!("unknown type `{name}`"), help)
                }
                None => self.error(
                    entry,
                    &at(),
                    format!("a type name must be a string, found {}", entry.kind_name()),
                    help,
                ),
            }
        }
        (out, has_null)
    }

    /// A schema without `type`: the kind follows from the keywords present.
    fn inferred(&mut self, id: TypeId, ctx: &SchemaSite) -> TypeKind {
        let kw = &ctx.kw;
        let string_format = kw
            .format
            .and_then(Node::as_str)
            .is_some_and(|f| STRING_FORMATS.binary_search(&f).is_ok());
        let prim = if kw.object_hint {
            Prim::Object
        } else if kw.array_hint {
            Prim::Array
        } else if kw.string_hint || string_format {
            Prim::String
        } else if kw.number_hint {
            Prim::Number
        } else {
            return TypeKind::Any;
        };
        self.inferred[id.0] = true;
        self.primitive(id, ctx, prim)
    }

    fn primitive(&mut self, id: TypeId, ctx: &SchemaSite, prim: Prim) -> TypeKind {
        match prim {
            Prim::Null => TypeKind::Null,
            Prim::Boolean => TypeKind::Boolean,
            Prim::String => TypeKind::String(self.string(ctx)),
            Prim::Integer => TypeKind::Integer(self.number(ctx)),
            Prim::Number => TypeKind::Number(self.number(ctx)),
            Prim::Array => TypeKind::Array(self.array(ctx)),
            Prim::Object => TypeKind::Object(self.object(id, ctx)),
        }
    }

    fn string(&mut self, ctx: &SchemaSite) -> StringType {
        let (p, kw) = (ctx.pointer, &ctx.kw);
        StringType {
            format: self.string_keyword(p, "format", kw.format),
            enum_values: None,
            pattern: self.string_keyword(p, "pattern", kw.pattern),
            min_length: self.count_keyword(p, "minLength", kw.min_length),
            max_length: self.count_keyword(p, "maxLength", kw.max_length),
        }
    }

    fn number(&mut self, ctx: &SchemaSite) -> NumberType {
        let (p, kw) = (ctx.pointer, &ctx.kw);
        let mut out = NumberType {
            format: self.string_keyword(p, "format", kw.format),
            minimum: self.number_keyword(p, "minimum", kw.minimum),
            maximum: self.number_keyword(p, "maximum", kw.maximum),
            exclusive_minimum: None,
            exclusive_maximum: None,
            multiple_of: self.number_keyword(p, "multipleOf", kw.multiple_of),
        };
        if let (Some(m), Some(value)) = (out.multiple_of, kw.multiple_of) {
            if m <= 0.0 {
                self.wrong_kind(value, p, "multipleOf", "a number greater than 0");
                out.multiple_of = None;
            }
        }
        // Draft 4 writes `exclusiveMinimum: true` next to `minimum`; draft 6+ a number.
        for (key, value, bound, exclusive) in [
            (
                "exclusiveMinimum",
                kw.exclusive_minimum,
                &mut out.minimum,
                &mut out.exclusive_minimum,
            ),
            (
                "exclusiveMaximum",
                kw.exclusive_maximum,
                &mut out.maximum,
                &mut out.exclusive_maximum,
            ),
        ] {
            let Some(value) = value else { continue };
            match &value.value {
                Value::Bool(true) => *exclusive = bound.take(),
                Value::Bool(false) => {}
                Value::Number(num) => *exclusive = Some(num.as_f64()),
                _ => self.wrong_kind(
                    value,
                    p,
                    key,
                    "a number (or `true` next to the bound, in draft-4 style)",
                ),
            }
        }
        out
    }

    fn array(&mut self, ctx: &SchemaSite) -> ArrayType {
        let (p, kw) = (ctx.pointer, &ctx.kw);
        let mut out = ArrayType {
            items: None,
            min_items: self.count_keyword(p, "minItems", kw.min_items),
            max_items: self.count_keyword(p, "maxItems", kw.max_items),
            unique_items: self
                .bool_keyword(p, "uniqueItems", kw.unique_items)
                .unwrap_or(false),
        };
        let tuple_warning = |b: &mut Self, at: &Node, key: &str| {
            let ptr = push_pointer(p, key);
            b.warning(
                at,
                &ptr,
                "tuple arrays are not modelled: the items are typed as any value".into(),
                "use one `items` schema (with `oneOf` for mixed items) to get typed items",
            );
        };
        match kw.items {
            Some(items) => match &items.value {
                Value::Bool(true) => {}
                Value::Object(entries) if entries.is_empty() => {}
                Value::Bool(false) | Value::Object(_) => {
                    let at = push_pointer(p, "items");
                    let naming = Naming::derived(&mut self.suffixes, ctx.base, "Item");
                    let depth = ctx.depth + 1;
                    out.items = Some(self.node(ctx.file, &at, items, naming, depth, None));
                }
                Value::Array(_) => tuple_warning(self, items, "items"),
                _ => self.wrong_kind(items, p, "items", "a schema"),
            },
            None => {
                if let Some(prefix) = kw.prefix_items {
                    tuple_warning(self, prefix, "prefixItems");
                }
            }
        }
        out
    }

    fn object(&mut self, id: TypeId, ctx: &SchemaSite) -> ObjectType {
        let (p, kw) = (ctx.pointer, &ctx.kw);
        let mut out = ObjectType::default();
        if let Some(props) = kw.properties {
            match props.as_object() {
                Some(entries) => {
                    let props_pointer = push_pointer(p, "properties");
                    out.properties.reserve(entries.len());
                    for (i, (key, schema)) in entries.iter().enumerate() {
                        let at = push_pointer(&props_pointer, key);
                        let naming = Naming::property(&mut self.suffixes, ctx.base, key, i);
                        let ty = self.node(ctx.file, &at, schema, naming, ctx.depth + 1, None);
                        out.properties.push(Property {
                            name: key.clone(),
                            ty,
                            required: false,
                            location: self.sources.location(schema, &at),
                        });
                    }
                }
                None => self.wrong_kind(props, p, "properties", "an object of property schemas"),
            }
        }
        if let Some(required) = kw.required {
            self.required(id, p, required, &mut out);
        }
        if let Some(additional) = kw.additional_properties {
            out.additional = match &additional.value {
                Value::Bool(true) => AdditionalProperties::Any,
                Value::Bool(false) => AdditionalProperties::Forbidden,
                Value::Object(entries) if entries.is_empty() => AdditionalProperties::Any,
                Value::Object(_) => {
                    let at = push_pointer(p, "additionalProperties");
                    let naming = Naming::derived(&mut self.suffixes, ctx.base, "Value");
                    let ty = self.node(ctx.file, &at, additional, naming, ctx.depth + 1, None);
                    AdditionalProperties::Schema(ty)
                }
                _ => {
                    self.wrong_kind(
                        additional,
                        p,
                        "additionalProperties",
                        "a boolean or a schema",
                    );
                    AdditionalProperties::Unspecified
                }
            };
        }
        out
    }

    /// Marks required properties; names without a property are kept for `allOf` merges.
    fn required(&mut self, id: TypeId, pointer: &str, required: &Node, out: &mut ObjectType) {
        let Some(names) = required.as_array() else {
            // OpenAPI's `required: true` on a property is a common slip.
            self.wrong_kind(required, pointer, "required", "an array of property names");
            return;
        };
        let mut extra = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let Some(name) = name.as_str() else {
                let at = push_pointer(&push_pointer(pointer, "required"), &i.to_string());
                self.error(
                    name,
                    &at,
                    format!(
                        "a `required` entry must be a property name, found {}",
                        name.kind_name()
                    ),
                    "list property names as strings",
                );
                continue;
            };
            match out.properties.iter_mut().find(|q| q.name == name) {
                Some(q) => q.required = true,
                None => extra.push(name.to_string()),
            }
        }
        if !extra.is_empty() {
            self.extra_required.insert(id, extra);
        }
    }

    /// `enum`: a string enum when every value is a string (or null) and the type allows
    /// strings; otherwise [`TypeKind::Enum`]. `None` (after reporting) when not an array.
    fn enumeration(
        &mut self,
        id: TypeId,
        ctx: &SchemaSite,
        values: &Node,
        types: &[Prim],
    ) -> Option<TypeKind> {
        let Some(items) = values.as_array() else {
            self.wrong_kind(values, ctx.pointer, "enum", "an array of values");
            return None;
        };
        let stringy = matches!(types, [] | [Prim::String]);
        let all_strings = items.iter().all(|v| v.as_str().is_some() || v.is_null());
        if stringy && all_strings && items.iter().any(|v| v.as_str().is_some()) {
            if items.iter().any(Node::is_null) {
                self.graph.types[id.0].nullable = true;
            }
            let mut string = self.string(ctx);
            string.enum_values = Some(
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
            );
            return Some(TypeKind::String(string));
        }
        Some(TypeKind::Enum(items.iter().map(Node::to_json).collect()))
    }

    /// `oneOf` / `anyOf` with an optional `discriminator`. `None` when not an array.
    fn union(
        &mut self,
        ctx: &SchemaSite,
        key: &str,
        list: &Node,
        kind: UnionKind,
    ) -> Option<TypeKind> {
        let Some(items) = list.as_array() else {
            self.wrong_kind(list, ctx.pointer, key, "an array of schemas");
            return None;
        };
        let list_pointer = push_pointer(ctx.pointer, key);
        let mut variants = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let at = push_pointer(&list_pointer, &i.to_string());
            let naming = match item.get("title").and_then(Node::as_str) {
                Some(title) if item.get("$ref").is_none() && !title.trim().is_empty() => {
                    Naming::root(NameClass::Inline, title)
                }
                _ => Naming::derived(&mut self.suffixes, ctx.base, &format!("Variant{}", i + 1)),
            };
            variants.push(self.node(ctx.file, &at, item, naming, ctx.depth + 1, None));
        }
        let discriminator = self.discriminator(ctx);
        Some(TypeKind::Union(UnionType {
            kind,
            variants,
            discriminator,
        }))
    }

    fn discriminator(&mut self, ctx: &SchemaSite) -> Option<Discriminator> {
        let value = ctx.kw.discriminator?;
        match &value.value {
            Value::String(property) => Some(Discriminator {
                property: property.clone(),
                mapping: Vec::new(),
            }),
            Value::Object(_) => {
                let at = push_pointer(ctx.pointer, "discriminator");
                let Some(property) = value.get("propertyName").and_then(Node::as_str) else {
                    self.error(
                        value,
                        &at,
                        "`discriminator` has no `propertyName` string".into(),
                        "name the property that tells the variants apart in `propertyName`",
                    );
                    return None;
                };
                let mut mapping = Vec::new();
                if let Some(map) = value.get("mapping") {
                    let Some(entries) = map.as_object() else {
                        self.wrong_kind(map, &at, "mapping", "an object of value → schema");
                        return None;
                    };
                    let map_pointer = push_pointer(&at, "mapping");
                    for (tag, target) in entries {
                        let target_pointer = push_pointer(&map_pointer, tag);
                        if target.as_str().is_none() {
                            self.error(
                                target,
                                &target_pointer,
                                format!(
                                    "a discriminator mapping must name a schema, found {}",
                                    target.kind_name()
                                ),
                                "write a reference such as `#/components/schemas/Name`",
                            );
                            continue;
                        }
                        let ty = self.mapping_target(ctx, target, &target_pointer);
                        mapping.push((tag.clone(), ty));
                    }
                }
                Some(Discriminator {
                    property: property.to_string(),
                    mapping,
                })
            }
            _ => {
                self.wrong_kind(
                    value,
                    ctx.pointer,
                    "discriminator",
                    "a property name or an object",
                );
                None
            }
        }
    }

    /// An OpenAPI mapping value (a string node): a reference, or the bare name of a
    /// component schema.
    fn mapping_target(&mut self, ctx: &SchemaSite, target: &Node, pointer: &str) -> TypeId {
        let text = target.as_str().unwrap_or_default();
        let bare;
        let reference = if text.contains('#') || text.contains('/') {
            target
        } else {
            bare = Node {
                value: Value::String(format!("#/components/schemas/{text}")),
                file: target.file,
                pos: target.pos,
            };
            &bare
        };
        let naming = Naming::derived(&mut self.suffixes, ctx.base, "Mapped");
        self.follow(ctx.file, pointer, reference, pointer, naming, ctx.depth + 1)
    }

    // ---- keyword readers (report wrong kinds, never fail) ------------------------------

    fn string_keyword(&mut self, pointer: &str, key: &str, value: Option<&Node>) -> Option<String> {
        let value = value?;
        match value.as_str() {
            Some(s) => Some(s.to_string()),
            None => {
                self.wrong_kind(value, pointer, key, "a string");
                None
            }
        }
    }

    fn bool_keyword(&mut self, pointer: &str, key: &str, value: Option<&Node>) -> Option<bool> {
        let value = value?;
        match value.as_bool() {
            Some(b) => Some(b),
            None => {
                self.wrong_kind(value, pointer, key, "`true` or `false`");
                None
            }
        }
    }

    fn number_keyword(&mut self, pointer: &str, key: &str, value: Option<&Node>) -> Option<f64> {
        let value = value?;
        match value.as_number() {
            Some(n) => Some(n.as_f64()),
            None => {
                self.wrong_kind(value, pointer, key, "a number");
                None
            }
        }
    }

    fn count_keyword(&mut self, pointer: &str, key: &str, value: Option<&Node>) -> Option<u64> {
        let value = value?;
        match value.as_number().and_then(Number::as_i64) {
            Some(n) if n >= 0 => Some(n as u64),
            _ => {
                self.wrong_kind(value, pointer, key, "a whole number of 0 or more");
                None
            }
        }
    }
}

/// The schema being built, passed down to the kind builders.
struct SchemaSite<'a> {
    file: FileId,
    pointer: &'a str,
    node: &'a Node,
    kw: Keywords<'a>,
    depth: usize,
    /// The type whose name the children's names start with.
    base: TypeId,
}

#[cfg(test)]
mod tests;
