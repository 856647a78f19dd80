//! Which schema gets a declaration, in which file, and in which style.
//!
//! Every message payload type is a root with its own file in `payloads/`, every object
//! headers type one in `headers/`. Other types that deserve a declaration (the type graph's
//! `named` types, plus any inline type that sits on a cycle and so cannot be written out
//! inline) live in the file of the one root that reaches them; a type that several roots
//! reach gets a file of its own in `schemas/` (see `shared_types`). Files import from each
//! other; type-level cycles between files are harmless because no generated module touches
//! an import while it loads.

use crate::model::{AdditionalProperties, Model, PayloadFormat, TypeDef, TypeId, TypeKind};

/// How a declared type is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `export class X` with fields, constructor, `marshal`, `unmarshal`, `validate`.
    Class,
    /// `export interface X` plus a same-name `const` with `marshal`, `unmarshal`, `validate`.
    Interface,
    /// `export type X = ...` plus the same-name `const`.
    Alias,
}

/// One declared type.
#[derive(Debug, Clone)]
pub(crate) struct Decl {
    /// Index into [`Plan::files`].
    pub file: usize,
    /// How it is written.
    pub style: Style,
    /// Its `validateX` function is used by another file, so it is exported.
    pub exported_validator: bool,
    /// For a class: the exported interface its constructor takes (`<Type>Init`), named
    /// by [`Plan::name_inits`].
    pub init: Option<String>,
}

/// Where a type file lives, by what its root is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TypeDir {
    /// `payloads/`: a message payload's type.
    Payloads,
    /// `headers/`: a message's headers type.
    Headers,
    /// `schemas/`: a declared type that more than one payload or headers file uses, so
    /// that no file holds a type belonging to another message.
    Schemas,
}

impl TypeDir {
    /// The directory name.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            TypeDir::Payloads => "payloads",
            TypeDir::Headers => "headers",
            TypeDir::Schemas => "schemas",
        }
    }
}

/// A payload, headers or shared schema file.
#[derive(Debug, Clone)]
pub(crate) struct TypeFile {
    /// Which directory it is in.
    pub kind: TypeDir,
    /// `payloads`, `headers` or `schemas`.
    pub dir: &'static str,
    /// File name without `.ts`.
    pub stem: String,
    /// The root type (first member).
    pub root: TypeId,
    /// Declared types in this file, root first, then in the order they are reached.
    pub members: Vec<TypeId>,
    /// How the root's values travel (its `marshal`/`unmarshal`): JSON, or raw text for the
    /// payload of a `text/*` message.
    pub format: PayloadFormat,
    /// `dir/stem`, how other files name this one.
    pub module: String,
}

impl TypeFile {
    /// A headers file (its root gets user-property encoding).
    pub(crate) fn is_headers(&self) -> bool {
        self.kind == TypeDir::Headers
    }

    /// Its root is a message's payload or headers (with `marshal`, `unmarshal`, ...), not a
    /// shared schema.
    pub(crate) fn has_message_root(&self) -> bool {
        self.kind != TypeDir::Schemas
    }
}

/// The layout of every payload and headers file.
#[derive(Debug)]
pub(crate) struct Plan<'m> {
    pub model: &'m Model,
    /// Declaration of each type, by `TypeId` index; `None` for types written inline.
    pub decl: Vec<Option<Decl>>,
    pub files: Vec<TypeFile>,
}

/// The types `def` refers to directly, in a fixed order: through its kind (array items,
/// object properties then the additional-properties schema, union variants, `allOf` parts),
/// then through its validation rules (`not`, `contains`, ...: see `Rules::children`).
fn children_of(def: &TypeDef) -> Vec<TypeId> {
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Array(a) => out.extend(a.items),
        TypeKind::Object(o) => {
            out.extend(o.properties.iter().map(|p| p.ty));
            if let AdditionalProperties::Schema(s) = o.additional {
                out.push(s);
            }
        }
        TypeKind::Union(u) => out.extend(u.variants.iter().copied()),
        TypeKind::AllOf(parts) => out.extend(parts.iter().copied()),
        _ => {}
    }
    out.extend(def.rules.children());
    out
}

/// Property names a generated class cannot carry as plain fields.
const CLASS_UNSAFE_FIELDS: &[&str] = &[
    "constructor",
    "marshal",
    "toUserProperties",
    "__proto__",
    "prototype",
];

impl<'m> Plan<'m> {
    /// Lays out the payload and headers files of `model`.
    pub(crate) fn new(model: &'m Model) -> Plan<'m> {
        let graph = &model.types;
        let n = graph.types.len();
        let valid = |id: TypeId| id.0 < n;

        // Roots: payloads first (message order), then object headers. A raw-bytes payload
        // is a `Uint8Array`, with no type of its own.
        let mut roots: Vec<(TypeId, bool, PayloadFormat)> = Vec::new();
        let mut is_root = vec![false; n];
        for m in &model.messages {
            if m.payload_format == PayloadFormat::Bytes {
                continue;
            }
            if let Some(p) = m.payload.filter(|&p| valid(p)) {
                if !is_root[p.0] {
                    is_root[p.0] = true;
                    roots.push((p, false, m.payload_format));
                }
            }
        }
        for m in &model.messages {
            if let Some(h) = m.headers.filter(|&h| valid(h)) {
                if !is_root[h.0] && is_header_object(model, h) {
                    is_root[h.0] = true;
                    roots.push((h, true, PayloadFormat::Json));
                }
            }
        }

        let children: Vec<Vec<TypeId>> = graph.types.iter().map(children_of).collect();
        let mut declared: Vec<bool> = (0..n).map(|i| is_root[i] || graph.types[i].named).collect();
        force_cycles(&children, &mut declared);
        let message_roots: Vec<TypeId> = roots.iter().map(|r| r.0).collect();
        let shared = shared_types(&children, &declared, &message_roots);

        let mut decl: Vec<Option<Decl>> = vec![None; n];
        let mut files: Vec<TypeFile> = Vec::with_capacity(roots.len());
        let mut stems = crate::spec::names::NameTable::new();
        stems.reserve("index");
        for &(root, headers, format) in &roots {
            let name = &graph.get(root).name;
            let stem = stems.unique(&file_stem(name));
            let style = style_of(model, root, true);
            decl[root.0] = Some(Decl {
                file: files.len(),
                style,
                exported_validator: false,
                init: None,
            });
            let kind = if headers {
                TypeDir::Headers
            } else {
                TypeDir::Payloads
            };
            let dir = kind.as_str();
            files.push(TypeFile {
                kind,
                dir,
                module: format!("{dir}/{stem}"),
                stem,
                root,
                members: vec![root],
                format,
            });
        }
        // Shared types: a file each in `schemas/`, written as they would be nested.
        for &root in &shared {
            let name = &graph.get(root).name;
            let stem = stems.unique(&file_stem(name));
            decl[root.0] = Some(Decl {
                file: files.len(),
                style: style_of(model, root, false),
                exported_validator: false,
                init: None,
            });
            let dir = TypeDir::Schemas.as_str();
            files.push(TypeFile {
                kind: TypeDir::Schemas,
                dir,
                module: format!("{dir}/{stem}"),
                stem,
                root,
                members: vec![root],
                format: PayloadFormat::Json,
            });
        }
        // Everything else goes to the first file that reaches it. A declaration never moves
        // once made, so a reference from another file can be told right here: that file
        // calls the validator, which must be exported.
        for (f, file) in files.iter_mut().enumerate() {
            let mut i = 0;
            while i < file.members.len() {
                let member = file.members[i];
                for r in declared_refs(&children, &declared, member) {
                    match decl[r.0].as_mut() {
                        None => {
                            decl[r.0] = Some(Decl {
                                file: f,
                                style: style_of(model, r, false),
                                exported_validator: false,
                                init: None,
                            });
                            file.members.push(r);
                        }
                        Some(d) if d.file != f => d.exported_validator = true,
                        Some(_) => {}
                    }
                }
                i += 1;
            }
        }
        Plan { model, decl, files }
    }

    /// The declaration of `id`, when it has one.
    pub(crate) fn decl(&self, id: TypeId) -> Option<&Decl> {
        self.decl.get(id.0).and_then(Option::as_ref)
    }

    /// Names the constructor input of every class, `<Type>Init`, in file order, taking each
    /// name from `names` (which holds every other exported name, so none is shadowed).
    pub(crate) fn name_inits(&mut self, names: &mut crate::spec::names::NameTable) {
        for file in &self.files {
            for &member in &file.members {
                if let Some(d) = self.decl.get_mut(member.0).and_then(Option::as_mut) {
                    if d.style == Style::Class {
                        let base = format!("{}Init", self.model.types.get(member).name);
                        d.init = Some(names.unique_owned(base));
                    }
                }
            }
        }
    }

    /// The constructor input of class `id` (see [`Plan::name_inits`]).
    pub(crate) fn init_of(&self, id: TypeId) -> Option<&str> {
        self.decl(id)?.init.as_deref()
    }

    /// The file a declared type lives in: `payloads/X` (no extension).
    pub(crate) fn module_of(&self, id: TypeId) -> Option<&str> {
        let d = self.decl(id)?;
        Some(&self.files[d.file].module)
    }
}

/// A headers schema we can carry as user properties: an object with at least one property.
pub(crate) fn is_header_object(model: &Model, id: TypeId) -> bool {
    matches!(&model.types.get(id).kind, TypeKind::Object(o) if !o.properties.is_empty())
}

fn style_of(model: &Model, id: TypeId, root: bool) -> Style {
    let def = model.types.get(id);
    match &def.kind {
        TypeKind::Object(o) if !def.nullable => {
            let closed = matches!(
                o.additional,
                AdditionalProperties::Unspecified | AdditionalProperties::Forbidden
            );
            let safe_fields = o
                .properties
                .iter()
                .all(|p| !CLASS_UNSAFE_FIELDS.contains(&p.name.as_str()));
            if root && closed && safe_fields && !o.properties.is_empty() {
                Style::Class
            } else {
                Style::Interface
            }
        }
        _ => Style::Alias,
    }
}

/// A file name for a type name: the type names are ASCII identifiers already; anything else
/// is dropped so that a path can never be formed from it.
fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
        .collect();
    if stem.is_empty() {
        "Type".to_string()
    } else {
        stem
    }
}

/// The declared types that more than one file would reach, in the order they are found:
/// each gets a file of its own. A file reaches the declared types its root reaches without
/// passing through another file's root; a shared type is such a root too, so the types only
/// it reaches stay in its file (repeated until nothing more is shared).
fn shared_types(
    children: &[Vec<TypeId>],
    declared: &[bool],
    message_roots: &[TypeId],
) -> Vec<TypeId> {
    let n = declared.len();
    let mut is_owner = vec![false; n];
    for r in message_roots {
        is_owner[r.0] = true;
    }
    let mut owners: Vec<TypeId> = message_roots.to_vec();
    let mut shared: Vec<TypeId> = Vec::new();
    loop {
        // reached_by[t]: the last owner (index) that reached t; reach_count[t]: how many did.
        let mut reached_by = vec![usize::MAX; n];
        let mut reach_count = vec![0u32; n];
        let mut found: Vec<TypeId> = Vec::new();
        for (k, &owner) in owners.iter().enumerate() {
            let mut stack = vec![owner];
            while let Some(t) = stack.pop() {
                for r in declared_refs(children, declared, t) {
                    if is_owner[r.0] || reached_by[r.0] == k {
                        continue;
                    }
                    reached_by[r.0] = k;
                    reach_count[r.0] += 1;
                    if reach_count[r.0] == 2 {
                        found.push(r);
                    }
                    stack.push(r);
                }
            }
        }
        if found.is_empty() {
            return shared;
        }
        for t in found {
            is_owner[t.0] = true;
            owners.push(t);
            shared.push(t);
        }
    }
}

/// The declared types reached from `id`'s definition through inline (undeclared) types.
fn declared_refs(children: &[Vec<TypeId>], declared: &[bool], id: TypeId) -> Vec<TypeId> {
    let mut out = Vec::new();
    let mut stack: Vec<TypeId> = Vec::new();
    let push = |stack: &mut Vec<TypeId>, t: TypeId| {
        if let Some(c) = children.get(t.0) {
            stack.extend(c.iter().rev());
        }
    };
    push(&mut stack, id);
    let mut seen = vec![];
    while let Some(t) = stack.pop() {
        if t.0 >= declared.len() {
            continue;
        }
        if declared[t.0] {
            if !out.contains(&t) {
                out.push(t);
            }
        } else if !seen.contains(&t) {
            seen.push(t);
            push(&mut stack, t);
        }
    }
    out
}

/// Marks inline types that lie on a cycle of inline types as declared: they cannot be
/// written out inline.
fn force_cycles(children: &[Vec<TypeId>], declared: &mut [bool]) {
    let n = declared.len();
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut color = vec![0u8; n];
    // (node, index of its next child)
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for start in 0..n {
        if declared[start] || color[start] != 0 {
            continue;
        }
        stack.push((start, 0));
        color[start] = 1;
        while let Some((node, next)) = stack.last_mut() {
            let kids = &children[*node];
            if *next < kids.len() {
                let k = kids[*next].0;
                *next += 1;
                if k >= n || declared[k] {
                    continue;
                }
                match color[k] {
                    0 => {
                        color[k] = 1;
                        stack.push((k, 0));
                    }
                    1 => declared[k] = true,
                    _ => {}
                }
            } else {
                color[*node] = 2;
                stack.pop();
            }
        }
    }
}
