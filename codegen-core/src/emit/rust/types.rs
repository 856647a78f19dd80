//! Serde types for the type graph: one declaration per named schema, inline types elsewhere.
//!
//! Every type decides its [`Shape`] once. Nominal shapes (structs, enums, newtypes) are
//! declared and referenced by name; the other named types become type aliases; unnamed
//! primitives, arrays and maps are spelled inline where they are used. Recursion is legal in
//! schemas, so two graph passes make it legal in Rust too: an alias that would expand into
//! itself becomes a `#[serde(transparent)]` newtype, and a by-value field or variant that
//! closes a cycle of nominal types is boxed.

use super::docs::doc_attrs;
use super::integer::integer_type;
use super::names::{ident, pascal_case, snake_case, unraw, Scope};
use crate::model::{AdditionalProperties, TypeDef, TypeGraph, TypeId, TypeKind};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// How a type is represented in Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// Spelled inline where used (unnamed primitives, arrays, maps).
    Inline,
    /// `pub type Name = <inline>;` (a named primitive, array or map).
    Alias,
    /// `pub struct Name(pub <inline>);`: an alias that would be recursive.
    Newtype,
    /// A struct with a field per property.
    Struct,
    /// A unit-variant enum of string values (a string `enum`, or a string `const`).
    StringEnum,
    /// An untagged enum with a variant per `oneOf`/`anyOf` member.
    Union,
    /// A struct that flattens each `allOf` part.
    AllOf,
}

impl Shape {
    fn nominal(self) -> bool {
        !matches!(self, Shape::Inline | Shape::Alias)
    }
}

/// What a struct does with properties it does not declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Extra {
    /// `additionalProperties: false` (and no `patternProperties`): `deny_unknown_fields`.
    Denied,
    /// A flattened map of the `additionalProperties` type.
    Typed(TypeId),
    /// A flattened JSON map: every undeclared property survives.
    Kept,
    /// Ignored: the struct is a part of a flattened `allOf`, whose own map keeps them (a
    /// map in a part would also take the other parts' properties).
    Dropped,
}

/// The derive list every generated type carries.
pub(super) fn standard_derives() -> TokenStream {
    quote! {
        #[derive(
            ::serde::Serialize,
            ::serde::Deserialize,
            ::core::fmt::Debug,
            ::core::clone::Clone,
            ::core::cmp::PartialEq
        )]
    }
}

/// Emits the declarations of a [`TypeGraph`] and spells references to its types.
pub(super) struct TypeEmitter<'m> {
    pub(super) graph: &'m TypeGraph,
    shapes: Vec<Shape>,
    /// Strongly connected component of each nominal type over by-value edges.
    component: Vec<usize>,
    /// Types flattened as a part of an `allOf` struct.
    all_of_part: Vec<bool>,
    /// Types spelled `Vec<u8>`: inline payload schemas of raw-bytes messages.
    bytes: Vec<bool>,
}

impl<'m> TypeEmitter<'m> {
    /// Decides every type's shape and which references need a `Box`.
    pub(super) fn new(graph: &'m TypeGraph) -> Self {
        let mut shapes: Vec<Shape> = graph.types.iter().map(initial_shape).collect();
        // An AllOf struct flattens struct parts only (serde cannot flatten a primitive, and
        // `deny_unknown_fields` does not work under `flatten`).
        for (id, t) in graph.iter() {
            if let TypeKind::AllOf(parts) = &t.kind {
                let flattenable = !parts.is_empty() && parts.iter().all(|p| {
                    shapes[p.0] == Shape::Struct
                        && !graph.get(*p).nullable
                        && !matches!(
                            &graph.get(*p).kind,
                            TypeKind::Object(o) if o.additional == AdditionalProperties::Forbidden
                        )
                });
                if !flattenable {
                    shapes[id.0] = if t.named { Shape::Alias } else { Shape::Inline };
                }
            }
        }
        break_alias_cycles(graph, &mut shapes);
        let component = value_components(graph, &shapes);
        let mut all_of_part = vec![false; shapes.len()];
        for (id, t) in graph.iter() {
            if let (Shape::AllOf, TypeKind::AllOf(parts)) = (shapes[id.0], &t.kind) {
                for p in parts {
                    all_of_part[p.0] = true;
                }
            }
        }
        TypeEmitter {
            graph,
            shapes,
            component,
            all_of_part,
            bytes: vec![false; graph.types.len()],
        }
    }

    /// Spells `ids` (the inline payload schemas of raw-bytes messages) as `Vec<u8>`, which
    /// is what travels; a string schema's other spelling would not be.
    pub(super) fn with_bytes(mut self, ids: impl IntoIterator<Item = TypeId>) -> Self {
        for id in ids {
            if let Some(flag) = self.bytes.get_mut(id.0) {
                *flag = true;
            }
        }
        self
    }

    fn declared(&self, id: TypeId) -> bool {
        self.shapes[id.0] != Shape::Inline
    }

    /// True when the type is declared as a struct or enum, so it can implement traits.
    pub(super) fn is_nominal(&self, id: TypeId) -> bool {
        self.shapes[id.0].nominal()
    }

    /// The Rust type for a reference to `id` from code `depth` modules below the
    /// declarations. `from` is the nominal type holding the reference (for boxing).
    pub(super) fn type_ref(&self, id: TypeId, depth: usize, from: Option<TypeId>) -> TokenStream {
        self.type_ref_option(id, depth, from).0
    }

    /// [`Self::type_ref`], and whether the spelling is an `Option` already.
    fn type_ref_option(
        &self,
        id: TypeId,
        depth: usize,
        from: Option<TypeId>,
    ) -> (TokenStream, bool) {
        let def = self.graph.get(id);
        let (base, absorbs_null) = if self.declared(id) {
            let name = ident(&def.name);
            let prefix = super_prefix(depth);
            let mut t = quote!(#prefix #name);
            let boxed = from.is_some_and(|f| {
                self.shapes[id.0].nominal()
                    && self.shapes[f.0].nominal()
                    && self.component[f.0] == self.component[id.0]
            });
            if boxed {
                t = quote!(::std::boxed::Box<#t>);
            }
            (t, false)
        } else {
            self.inline(id, depth)
        };
        if def.nullable && !absorbs_null {
            (quote!(::core::option::Option<#base>), true)
        } else {
            (base, false)
        }
    }

    /// The inline spelling of a type (its alias body when it is named). The flag is true
    /// when the spelling can hold `null` itself (`Value`, `()`), so `nullable` adds nothing.
    fn inline(&self, id: TypeId, depth: usize) -> (TokenStream, bool) {
        let def = self.graph.get(id);
        match &def.kind {
            TypeKind::Any | TypeKind::Unsupported(_) | TypeKind::AllOf(_) => (json_value(), true),
            TypeKind::Union(u) if u.variants.is_empty() => (json_value(), true),
            TypeKind::Union(_) => (json_value(), true),
            TypeKind::Null => (quote!(()), true),
            TypeKind::Boolean => (quote!(bool), false),
            TypeKind::String(_) if self.bytes[id.0] => (quote!(::std::vec::Vec<u8>), false),
            TypeKind::String(_) => (quote!(::std::string::String), false),
            TypeKind::Integer(n) => {
                let t = Ident::new(integer_type(n), Span::call_site());
                (quote!(#t), false)
            }
            TypeKind::Number(_) => (quote!(f64), false),
            TypeKind::Array(a) => {
                let item = match a.items {
                    Some(items) => self.type_ref(items, depth, None),
                    None => json_value(),
                };
                (quote!(::std::vec::Vec<#item>), false)
            }
            TypeKind::Object(o) => {
                let value = match o.additional {
                    AdditionalProperties::Schema(v) => self.type_ref(v, depth, None),
                    _ => json_value(),
                };
                (
                    quote!(::std::collections::BTreeMap<::std::string::String, #value>),
                    false,
                )
            }
            TypeKind::Const(v) => json_primitive(std::slice::from_ref(v)),
            TypeKind::Enum(vs) => json_primitive(vs),
        }
    }

    /// Every declaration, in type-graph order. `checked` returns, for a nominal type, the
    /// `CheckedAgainst::SCHEMA` string to implement.
    pub(super) fn declarations(&self, checked: &dyn Fn(&TypeDef) -> String) -> TokenStream {
        let mut out = TokenStream::new();
        for (id, def) in self.graph.iter() {
            if !self.declared(id) {
                continue;
            }
            out.extend(self.declaration(id, def));
            if self.is_nominal(id) {
                let name = ident(&def.name);
                let schema = checked(def);
                out.extend(quote! {
                    impl ::asyncapi_codegen_runtime::CheckedAgainst for #name {
                        const SCHEMA: &'static str = #schema;
                    }
                });
                out.extend(self.validation_impl(id, &name));
            }
        }
        out
    }

    /// The shape of type `id`.
    pub(super) fn shape(&self, id: TypeId) -> Shape {
        self.shapes[id.0]
    }

    /// How struct `id` keeps undeclared properties ([`Extra::Dropped`] for other types).
    pub(super) fn extra(&self, id: TypeId) -> Extra {
        let def = self.graph.get(id);
        match &def.kind {
            TypeKind::Object(o) => self.extra_properties(id, def, o.additional.clone()),
            _ => Extra::Dropped,
        }
    }

    /// How struct `id` keeps undeclared properties. Validation runs before deserialising, so
    /// the map only has to hold what the schema allows: with `patternProperties`, keys of
    /// other schemas may be present, so the map holds JSON values.
    fn extra_properties(
        &self,
        id: TypeId,
        def: &TypeDef,
        additional: AdditionalProperties,
    ) -> Extra {
        let patterns = !def.rules.pattern_properties.is_empty();
        match additional {
            AdditionalProperties::Forbidden if !patterns => Extra::Denied,
            AdditionalProperties::Schema(v) if !patterns => Extra::Typed(v),
            _ if self.all_of_part[id.0] => Extra::Dropped,
            _ => Extra::Kept,
        }
    }

    /// `validate_value` and `from_json` of a nominal type, inherent and as `Validate`.
    fn validation_impl(&self, id: TypeId, name: &Ident) -> TokenStream {
        let problems = super::validate::problems_expr(self.graph, Some(id), 0);
        let (typed, from_json) = match self.typed_check_body(id) {
            Some(body) => (
                quote! {
                    /// True when the typed value satisfies the schema: the fast path of
                    /// `from_json`, which falls back to `validate_value` whenever it says no.
                    #[doc(hidden)]
                    pub fn valid_as_typed(&self) -> bool {
                        #body
                    }
                },
                quote! {
                    ::asyncapi_codegen_runtime::validation::from_json_checked(
                        bytes,
                        true,
                        Self::valid_as_typed,
                        Self::validate_value,
                    )
                },
            ),
            None => (
                TokenStream::new(),
                quote!(::asyncapi_codegen_runtime::validation::from_json_slow(
                    bytes,
                    Self::validate_value
                )),
            ),
        };
        quote! {
            impl #name {
                #typed

                /// Every problem of `value` against the schema (empty when it is valid), with
                /// the paths and messages of the TypeScript validators.
                pub fn validate_value(
                    value: &::asyncapi_codegen_runtime::serde_json::Value,
                ) -> ::std::vec::Vec<::asyncapi_codegen_runtime::validation::Problem> {
                    #problems
                }

                /// Parses JSON bytes, validates them against the schema, then deserializes them.
                pub fn from_json(
                    bytes: &[u8],
                ) -> ::core::result::Result<Self, ::asyncapi_codegen_runtime::validation::DecodeError> {
                    #from_json
                }
            }

            impl ::asyncapi_codegen_runtime::validation::Validate for #name {
                fn validate_value(
                    value: &::asyncapi_codegen_runtime::serde_json::Value,
                ) -> ::std::vec::Vec<::asyncapi_codegen_runtime::validation::Problem> {
                    Self::validate_value(value)
                }

                fn from_json(
                    bytes: &[u8],
                ) -> ::core::result::Result<Self, ::asyncapi_codegen_runtime::validation::DecodeError> {
                    Self::from_json(bytes)
                }
            }
        }
    }

    fn declaration(&self, id: TypeId, def: &TypeDef) -> TokenStream {
        let name = ident(&def.name);
        let docs = type_docs(
            def,
            &format!(
                "The schema at `{}` in the AsyncAPI document.",
                code(&def.location.pointer)
            ),
        );
        let derives = standard_derives();
        match (self.shapes[id.0], &def.kind) {
            (Shape::Alias, _) => {
                let (body, _) = self.inline(id, 0);
                quote! { #docs pub type #name = #body; }
            }
            (Shape::Newtype, _) => {
                let (body, _) = self.inline(id, 0);
                quote! {
                    #docs #derives
                    #[serde(transparent)]
                    pub struct #name(pub #body);
                }
            }
            (Shape::Struct, TypeKind::Object(o)) => {
                let mut scope = Scope::default();
                let mut fields = TokenStream::new();
                for p in &o.properties {
                    let field_text = scope.claim(&snake_case(&p.name, "field"));
                    let field = ident(&field_text);
                    let rename = rename_attr(&field_text, &p.name);
                    let (ty, already_option) = self.type_ref_option(p.ty, 0, Some(id));
                    let pdef = self.graph.get(p.ty);
                    // A named type documents itself; an inline one documents the field.
                    let fallback = format!("The `{}` property.", code(&p.name));
                    let fdocs = if self.declared(p.ty) {
                        doc_attrs(&fallback)
                    } else {
                        type_docs(pdef, &fallback)
                    };
                    fields.extend(if p.required {
                        quote! { #fdocs #rename pub #field: #ty, }
                    } else {
                        let ty = if already_option {
                            ty
                        } else {
                            quote!(::core::option::Option<#ty>)
                        };
                        // `null` is not absent: an optional property that is not nullable
                        // refuses it (so `from_json`'s fast path can tell them apart).
                        let not_null = if already_option {
                            TokenStream::new()
                        } else {
                            let path = super::typed_check::NOT_NULL;
                            quote!(#[serde(deserialize_with = #path)])
                        };
                        quote! {
                            #fdocs #rename
                            #[serde(default, skip_serializing_if = "::core::option::Option::is_none")]
                            #not_null
                            pub #field: #ty,
                        }
                    });
                }
                let mut attrs = TokenStream::new();
                match self.extra_properties(id, def, o.additional.clone()) {
                    Extra::Denied => attrs = quote!(#[serde(deny_unknown_fields)]),
                    Extra::Typed(v) => {
                        let extra = ident(&scope.claim("extra"));
                        let value = self.type_ref(v, 0, None);
                        fields.extend(quote! {
                            /// Properties beyond the declared ones (`additionalProperties`).
                            #[serde(flatten)]
                            pub #extra: ::std::collections::BTreeMap<::std::string::String, #value>,
                        });
                    }
                    Extra::Kept => {
                        let extra = ident(&scope.claim("extra"));
                        fields.extend(quote! {
                            /// Properties the schema allows without declaring them, kept in
                            /// their order so that they survive `from_json` and serialising.
                            #[serde(flatten)]
                            pub #extra: ::asyncapi_codegen_runtime::serde_json::Map<::std::string::String, ::asyncapi_codegen_runtime::serde_json::Value>,
                        });
                    }
                    Extra::Dropped => {}
                }
                quote! {
                    #docs #derives #attrs
                    pub struct #name { #fields }
                }
            }
            (Shape::StringEnum, kind) => {
                let values: Vec<String> = match kind {
                    TypeKind::String(s) => s.enum_values.clone().unwrap_or_default(),
                    TypeKind::Const(serde_json::Value::String(v)) => vec![v.clone()],
                    _ => Vec::new(),
                };
                string_enum(&name, &docs, &dedup(&values))
            }
            (Shape::Union, TypeKind::Union(u)) => {
                let mut scope = Scope::default();
                let mut variants = TokenStream::new();
                for &v in &u.variants {
                    let vdef = self.graph.get(v);
                    let vname = if self.declared(v) {
                        pascal_case(&vdef.name, "Variant")
                    } else {
                        kind_name(&vdef.kind).to_string()
                    };
                    let vident = ident(&scope.claim(&vname));
                    if matches!(vdef.kind, TypeKind::Null) {
                        variants.extend(quote!(#[doc = " `null`."] #vident,));
                    } else {
                        let ty = self.type_ref(v, 0, Some(id));
                        let vdocs = doc_attrs(&format!("A `{}` value.", code(&vname)));
                        variants.extend(quote!(#vdocs #vident(#ty),));
                    }
                }
                quote! {
                    #docs #derives
                    #[serde(untagged)]
                    #[allow(clippy::large_enum_variant)]
                    pub enum #name { #variants }
                }
            }
            (Shape::AllOf, TypeKind::AllOf(parts)) => {
                let mut scope = Scope::default();
                let mut fields = TokenStream::new();
                for &p in parts {
                    let field = ident(&scope.claim(&snake_case(&self.graph.get(p).name, "part")));
                    let ty = self.type_ref(p, 0, Some(id));
                    let pdocs = doc_attrs(&format!(
                        "The `{}` part (`allOf`).",
                        code(&self.graph.get(p).name)
                    ));
                    fields.extend(quote! { #pdocs #[serde(flatten)] pub #field: #ty, });
                }
                let extra = ident(&scope.claim("extra"));
                fields.extend(quote! {
                    /// Properties no part declares, kept in their order so that they survive
                    /// `from_json` and serialising.
                    #[serde(flatten)]
                    pub #extra: ::asyncapi_codegen_runtime::serde_json::Map<::std::string::String, ::asyncapi_codegen_runtime::serde_json::Value>,
                });
                quote! {
                    #docs #derives
                    pub struct #name { #fields }
                }
            }
            // Shapes are only ever paired with their kinds; anything else is spelled inline.
            _ => {
                let (body, _) = self.inline(id, 0);
                quote! { #docs pub type #name = #body; }
            }
        }
    }
}

/// `super::` repeated `depth` times.
pub(super) fn super_prefix(depth: usize) -> TokenStream {
    let mut t = TokenStream::new();
    for _ in 0..depth {
        t.extend(quote!(super::));
    }
    t
}

fn json_value() -> TokenStream {
    quote!(::asyncapi_codegen_runtime::serde_json::Value)
}

/// The type holding all of `values` (of an `enum` or `const` that is not all strings).
fn json_primitive(values: &[serde_json::Value]) -> (TokenStream, bool) {
    use serde_json::Value as V;
    if values.iter().all(V::is_boolean) && !values.is_empty() {
        (quote!(bool), false)
    } else if values.iter().all(|v| v.as_i64().is_some()) && !values.is_empty() {
        (quote!(i64), false)
    } else if values.iter().all(|v| v.as_u64().is_some()) && !values.is_empty() {
        (quote!(u64), false)
    } else if values.iter().all(V::is_number) && !values.is_empty() {
        (quote!(f64), false)
    } else if values.iter().all(V::is_string) && !values.is_empty() {
        (quote!(::std::string::String), false)
    } else if values.iter().all(V::is_null) && !values.is_empty() {
        (quote!(()), true)
    } else {
        (json_value(), true)
    }
}

/// A type's shape before recursion is looked at.
fn initial_shape(t: &TypeDef) -> Shape {
    let fallback = if t.named { Shape::Alias } else { Shape::Inline };
    match &t.kind {
        TypeKind::Object(o)
            if !o.properties.is_empty() || o.additional == AdditionalProperties::Forbidden =>
        {
            Shape::Struct
        }
        TypeKind::String(s) if s.enum_values.as_ref().is_some_and(|v| !v.is_empty()) => {
            Shape::StringEnum
        }
        TypeKind::Const(serde_json::Value::String(_)) => Shape::StringEnum,
        TypeKind::Union(u) if !u.variants.is_empty() => Shape::Union,
        TypeKind::AllOf(_) => Shape::AllOf,
        _ => fallback,
    }
}

/// Types an inline spelling of `t` mentions (array items, map values).
fn inline_edges(t: &TypeDef) -> Vec<TypeId> {
    match &t.kind {
        TypeKind::Array(a) => a.items.into_iter().collect(),
        TypeKind::Object(o) => match o.additional {
            AdditionalProperties::Schema(v) => vec![v],
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Turns every alias or inline type that would expand into itself into a newtype.
/// Processed in graph order, so the choice is deterministic.
fn break_alias_cycles(graph: &TypeGraph, shapes: &mut [Shape]) {
    for start in 0..shapes.len() {
        if shapes[start].nominal() {
            continue;
        }
        // Depth-first search through non-nominal types only.
        let mut seen = vec![false; shapes.len()];
        let mut stack: Vec<TypeId> = inline_edges(&graph.types[start]);
        let mut cyclic = false;
        while let Some(id) = stack.pop() {
            if id.0 == start {
                cyclic = true;
                break;
            }
            if id.0 >= shapes.len() || seen[id.0] || shapes[id.0].nominal() {
                continue;
            }
            seen[id.0] = true;
            stack.extend(inline_edges(&graph.types[id.0]));
        }
        if cyclic {
            shapes[start] = Shape::Newtype;
        }
    }
}

/// By-value references of a nominal type: struct fields, union variants, allOf parts.
fn value_edges(t: &TypeDef, shape: Shape) -> Vec<TypeId> {
    match (shape, &t.kind) {
        (Shape::Struct, TypeKind::Object(o)) => o.properties.iter().map(|p| p.ty).collect(),
        (Shape::Union, TypeKind::Union(u)) => u.variants.clone(),
        (Shape::AllOf, TypeKind::AllOf(parts)) => parts.clone(),
        _ => Vec::new(),
    }
}

/// Strongly connected components (Tarjan, iterative) of nominal types over by-value edges.
/// Two types in one component reference each other by value, so such references are boxed.
fn value_components(graph: &TypeGraph, shapes: &[Shape]) -> Vec<usize> {
    let n = shapes.len();
    let edges: Vec<Vec<usize>> = (0..n)
        .map(|i| {
            value_edges(&graph.types[i], shapes[i])
                .into_iter()
                .map(|t| t.0)
                .filter(|&t| t < n && shapes[t].nominal())
                .collect()
        })
        .collect();
    const UNSET: usize = usize::MAX;
    let mut index = vec![UNSET; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![UNSET; n];
    let mut stack = Vec::new();
    let mut next_index = 0usize;
    let mut next_comp = 0usize;
    for root in 0..n {
        if index[root] != UNSET {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut pos)) = work.last_mut() {
            if *pos < edges[v].len() {
                let w = edges[v][*pos];
                *pos += 1;
                if index[w] == UNSET {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        comp[w] = next_comp;
                        if w == v {
                            break;
                        }
                    }
                    next_comp += 1;
                }
            }
        }
    }
    // A type alone in its component refers to itself by value only through a self-edge.
    let mut sizes = vec![0usize; next_comp];
    for &c in &comp {
        if c != UNSET {
            sizes[c] += 1;
        }
    }
    for (v, es) in edges.iter().enumerate() {
        let self_loop = es.contains(&v);
        let alone = comp[v] == UNSET || sizes[comp[v]] == 1;
        if alone && !self_loop {
            comp[v] = usize::MAX - v;
        }
    }
    comp
}

/// The variant name for an inline union member.
fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Any | TypeKind::Unsupported(_) => "Any",
        TypeKind::Null => "Null",
        TypeKind::Boolean => "Boolean",
        TypeKind::String(_) => "String",
        TypeKind::Integer(_) => "Integer",
        TypeKind::Number(_) => "Number",
        TypeKind::Array(_) => "Array",
        TypeKind::Object(_) => "Object",
        TypeKind::Const(_) => "Const",
        TypeKind::Enum(_) => "Enum",
        TypeKind::Union(_) => "Union",
        TypeKind::AllOf(_) => "AllOf",
    }
}

/// The values without repeats, first occurrence kept (serde forbids two equal renames).
pub(super) fn dedup(values: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    out
}

/// `#[serde(rename = "json")]` when the field identifier is not the JSON name.
fn rename_attr(ident_text: &str, json: &str) -> TokenStream {
    if unraw(ident_text) == json {
        TokenStream::new()
    } else {
        quote!(#[serde(rename = #json)])
    }
}

/// A unit-variant enum over string values, with `as_str` and `from_value`.
pub(super) fn string_enum(name: &Ident, docs: &TokenStream, values: &[String]) -> TokenStream {
    let mut scope = Scope::default();
    let mut variants = TokenStream::new();
    let mut arms = TokenStream::new();
    let mut from_arms = TokenStream::new();
    for v in values {
        let fallback = if v.is_empty() { "Empty" } else { "Value" };
        let text = scope.claim(&pascal_case(v, fallback));
        let vident = ident(&text);
        let rename = rename_attr(&text, v);
        let vdocs = doc_attrs(&format!("`{}`", code(v)));
        variants.extend(quote!(#vdocs #rename #vident,));
        arms.extend(quote!(Self::#vident => #v,));
        from_arms.extend(quote!(#v => ::core::option::Option::Some(Self::#vident),));
    }
    let derives = standard_derives();
    quote! {
        #docs #derives
        #[derive(::core::marker::Copy, ::core::cmp::Eq, ::core::hash::Hash)]
        pub enum #name { #variants }

        impl #name {
            /// The value as it appears in JSON.
            pub const fn as_str(&self) -> &'static str {
                match self { #arms }
            }

            /// The variant whose JSON value is `value`, if any.
            pub fn from_value(value: &str) -> ::core::option::Option<Self> {
                match value {
                    #from_arms
                    _ => ::core::option::Option::None,
                }
            }
        }
    }
}

/// Text for inside a Markdown code span.
pub(super) fn code(text: &str) -> String {
    text.replace('`', "'").replace(['\n', '\r'], " ")
}

/// Doc attributes from a type's title and description, or `fallback` without them, so
/// that generated code passes `#![deny(missing_docs)]`.
fn type_docs(def: &TypeDef, fallback: &str) -> TokenStream {
    let mut parts: Vec<&str> = Vec::new();
    if let Some(t) = def.title.as_deref() {
        parts.push(t);
    }
    if let Some(d) = def.description.as_deref() {
        parts.push(d);
    }
    let mut text = parts.join("\n\n");
    if def.deprecated {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str("Deprecated in the AsyncAPI document.");
    }
    if text.is_empty() {
        text = fallback.to_string();
    }
    doc_attrs(&text)
}
