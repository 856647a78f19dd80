//! Validators generated as straight-line Rust for every schema of the document: the same
//! draft-7 checks, problem paths, messages and problem order as the TypeScript validators
//! (`emit/typescript/validate.rs`), both laid out by [`Shape`] from the schema's [`Rules`].
//!
//! Each schema that asserts something gets `pub fn schema_<n>(value, path, problems)` in the
//! generated `pub mod validators`; a subschema is a call, so recursive schemas are recursive
//! functions. Paths are [`ProblemPath`](asyncapi_codegen_runtime::validation::ProblemPath)
//! chains, written out only when a problem is reported: a valid value allocates nothing.
//! Patterns and JSON constants live in function-local `static`s, compiled on first use.

use crate::emit::typescript::literal;
use crate::emit::validation_shape::{discriminated, needs_check, Shape};
use crate::model::rules::messages;
use crate::model::{
    Dependency, Items, JsonType, Rules, Subschema, TypeGraph, TypeId, UnionKind, UnionType,
};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// The name of the validator function of type `id` in `mod validators`.
pub fn function_name(id: TypeId) -> Ident {
    format_ident!("schema_{}", id.0)
}

/// `pub mod validators`: one function per schema that asserts something.
pub(super) fn validators_module(graph: &TypeGraph) -> TokenStream {
    let all: Vec<TypeId> = graph.iter().map(|(id, _)| id).collect();
    let module = format_ident!("validators");
    let functions = validator_functions(graph, &all, &module);
    let present = super::typed_validation::not_null_fn();
    quote! {
        /// Draft-7 validators of the document's schemas, generated as plain code (the same
        /// checks, paths and messages as the TypeScript validators). Every generated type's
        /// `validate_value` calls into these.
        #[allow(
            unused_variables,
            clippy::all,
            clippy::pedantic,
            clippy::nursery,
            non_snake_case
        )]
        pub mod validators {
            #functions
            #present
        }
    }
}

/// The validator functions of `roots` and of every schema they refer to, for a module named
/// `module` (check mode keeps them in a hidden module of its own).
pub fn validator_functions(graph: &TypeGraph, roots: &[TypeId], module: &Ident) -> TokenStream {
    let mut seen = vec![false; graph.types.len()];
    let mut stack: Vec<TypeId> = roots.to_vec();
    let mut ids = Vec::new();
    while let Some(id) = stack.pop() {
        if seen[id.0] {
            continue;
        }
        seen[id.0] = true;
        ids.push(id);
        stack.extend(graph.get(id).rules.children());
    }
    ids.sort();
    let mut functions = TokenStream::new();
    for id in ids {
        let def = graph.get(id);
        if !needs_check(graph, id) {
            continue;
        }
        let name = function_name(id);
        let body = Gen { graph, module }.rules(&def.rules);
        let doc = format!(
            " The checks of the schema at `{}`.",
            super::types::code(&def.location.pointer)
        );
        functions.extend(quote! {
            #[doc = #doc]
            pub fn #name(
                value: &::asyncapi_codegen_runtime::serde_json::Value,
                path: &::asyncapi_codegen_runtime::validation::ProblemPath<'_>,
                problems: &mut ::std::vec::Vec<::asyncapi_codegen_runtime::validation::Problem>,
            ) {
                #body
            }
        });
    }
    functions
}

/// The problems of `value` against type `id`, as an expression (`Vec<Problem>`), from code
/// `depth` modules below the declarations.
pub(super) fn problems_expr(graph: &TypeGraph, id: Option<TypeId>, depth: usize) -> TokenStream {
    match id {
        Some(id) if needs_check(graph, id) => {
            let prefix = super::types::super_prefix(depth);
            let name = function_name(id);
            quote!(::asyncapi_codegen_runtime::validation::collect(value, #prefix validators::#name))
        }
        _ => quote!({
            let _ = value;
            ::std::vec::Vec::new()
        }),
    }
}

/// The validation methods of a generated `ChannelMessage` or `ReplyMessage` impl, from code
/// `depth` modules below the declarations.
pub(super) fn message_methods(
    types: &super::types::TypeEmitter<'_>,
    payload: Option<TypeId>,
    headers: Option<TypeId>,
    depth: usize,
) -> TokenStream {
    let payload_problems = problems_expr(types.graph, payload, depth);
    let headers_problems = problems_expr(types.graph, headers, depth);
    let decode = match payload {
        Some(p) if types.is_nominal(p) && !types.graph.get(p).nullable => {
            let ty = types.type_ref(p, depth, None);
            quote! {
                fn decode_payload(
                    bytes: &[u8],
                ) -> ::core::result::Result<Self::Payload, ::asyncapi_codegen_runtime::validation::DecodeError> {
                    <#ty>::from_json(bytes)
                }
            }
        }
        _ => TokenStream::new(),
    };
    let mut methods = problems_methods(&payload_problems, &headers_problems);
    methods.extend(decode);
    methods
}

/// `payload_problems` and `headers_problems` of a message trait impl, with the given bodies
/// (expressions of the argument `value`).
pub(super) fn problems_methods(payload: &TokenStream, headers: &TokenStream) -> TokenStream {
    quote! {
        fn payload_problems(
            value: &::asyncapi_codegen_runtime::serde_json::Value,
        ) -> ::std::vec::Vec<::asyncapi_codegen_runtime::validation::Problem> {
            #payload
        }

        fn headers_problems(
            value: &::asyncapi_codegen_runtime::serde_json::Value,
        ) -> ::std::vec::Vec<::asyncapi_codegen_runtime::validation::Problem> {
            #headers
        }
    }
}

fn rt() -> TokenStream {
    quote!(::asyncapi_codegen_runtime::validation)
}

fn lit(s: &str) -> Literal {
    Literal::string(s)
}

/// `path.push(problems, <message>)` at `path` (an expression of type `&ProblemPath`).
fn push(path: &TokenStream, message: &str) -> TokenStream {
    let m = lit(message);
    quote!((#path).push(problems, #m);)
}

/// The path of property `name` below `path`.
fn property_path(path: &TokenStream, name: &str) -> TokenStream {
    let mut suffix = String::new();
    literal::push_path_suffix(&mut suffix, name);
    let r = rt();
    let s = lit(&suffix);
    quote!(&#r::ProblemPath::Suffix(#path, #s))
}

struct Gen<'g> {
    graph: &'g TypeGraph,
    /// The module the functions live in.
    module: &'g Ident,
}

impl Gen<'_> {
    fn sub_needs_check(&self, s: Subschema) -> bool {
        match s {
            Subschema::Any => false,
            Subschema::Never => true,
            Subschema::Type(id) => needs_check(self.graph, id),
        }
    }

    fn effective(&self, s: Subschema) -> Subschema {
        match s {
            Subschema::Type(id) if !needs_check(self.graph, id) => Subschema::Any,
            other => other,
        }
    }

    /// Checks `value_expr` (a `&Value`) at `path` against a subschema, into `problems_expr`.
    fn sub(
        &self,
        s: Subschema,
        value: &TokenStream,
        path: &TokenStream,
        problems: &TokenStream,
    ) -> TokenStream {
        match s {
            Subschema::Any => TokenStream::new(),
            Subschema::Never => {
                let m = lit(messages::NEVER);
                quote!((#path).push(#problems, #m);)
            }
            Subschema::Type(id) => {
                if !needs_check(self.graph, id) {
                    return TokenStream::new();
                }
                let name = function_name(id);
                let module = self.module;
                quote!(super::#module::#name(#value, #path, #problems);)
            }
        }
    }

    /// The body of a validator: `value`, `path` and `problems` are its parameters.
    fn rules(&self, r: &Rules) -> TokenStream {
        let path = quote!(path);
        if r.never {
            return push(&path, messages::NEVER);
        }
        if r.accepts_everything() {
            return TokenStream::new();
        }
        let rt = rt();
        let shape = Shape::of(r);
        let mut out = TokenStream::new();
        match shape.types.as_deref() {
            Some([one]) => {
                let section = self.section(r, &shape, *one);
                let generic = self.generic(r, &shape);
                out.extend(match one {
                    JsonType::Null => {
                        let m = lit("must be null");
                        quote! {
                            if !value.is_null() {
                                path.push(problems, #m);
                            } else {
                                #section
                                #generic
                            }
                        }
                    }
                    JsonType::Integer => quote! {
                        match value {
                            ::asyncapi_codegen_runtime::serde_json::Value::Number(number) if #rt::json::is_safe_integer(number) => {
                                #section
                                #generic
                            }
                            _ => path.push(problems, #rt::json::integer_problem(value)),
                        }
                    },
                    t => {
                        let (pattern, name) = match t {
                            JsonType::Boolean => (quote!(::asyncapi_codegen_runtime::serde_json::Value::Bool(_)), "boolean"),
                            JsonType::Number => (quote!(::asyncapi_codegen_runtime::serde_json::Value::Number(number)), "number"),
                            JsonType::String => (quote!(::asyncapi_codegen_runtime::serde_json::Value::String(string)), "string"),
                            JsonType::Array => (quote!(::asyncapi_codegen_runtime::serde_json::Value::Array(items)), "array"),
                            _ => (quote!(::asyncapi_codegen_runtime::serde_json::Value::Object(object)), "object"),
                        };
                        let article = if name == "array" || name == "object" { "an" } else { "a" };
                        let text = lit(&format!("must be {article} {name}, not {{}}"));
                        quote! {
                            match value {
                                #pattern => {
                                    #section
                                    #generic
                                }
                                _ => path.push(problems, ::std::format!(#text, #rt::json::describe(value))),
                            }
                        }
                    }
                });
            }
            listed => {
                let listed: Vec<JsonType> = match listed {
                    Some(types) if !types.is_empty() => {
                        let tests: Vec<TokenStream> = types.iter().map(|t| type_test(*t)).collect();
                        let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
                        let text = lit(&format!(
                            "{}, not {{}}",
                            messages::types(&names)
                                .replace('{', "{{")
                                .replace('}', "}}")
                        ));
                        out.extend(quote! {
                            if !(#(#tests)||*) {
                                path.push(problems, ::std::format!(#text, #rt::json::describe(value)));
                            }
                        });
                        types.to_vec()
                    }
                    _ => vec![
                        JsonType::Number,
                        JsonType::String,
                        JsonType::Array,
                        JsonType::Object,
                    ],
                };
                let number =
                    listed.contains(&JsonType::Number) || listed.contains(&JsonType::Integer);
                for t in [
                    JsonType::Number,
                    JsonType::String,
                    JsonType::Array,
                    JsonType::Object,
                ] {
                    let wanted = match t {
                        JsonType::Number => number,
                        _ => listed.contains(&t),
                    };
                    if !wanted || !shape.checks_for(r, t, self.graph) {
                        continue;
                    }
                    let section = self.section(r, &shape, t);
                    let pattern = match t {
                        JsonType::Number => quote!(
                            ::asyncapi_codegen_runtime::serde_json::Value::Number(number)
                        ),
                        JsonType::String => quote!(
                            ::asyncapi_codegen_runtime::serde_json::Value::String(string)
                        ),
                        JsonType::Array => {
                            quote!(::asyncapi_codegen_runtime::serde_json::Value::Array(items))
                        }
                        _ => quote!(::asyncapi_codegen_runtime::serde_json::Value::Object(
                            object
                        )),
                    };
                    out.extend(quote! {
                        if let #pattern = value {
                            #section
                        }
                    });
                }
                out.extend(self.generic(r, &shape));
            }
        }
        if shape.nullable {
            quote! {
                if !value.is_null() {
                    #out
                }
            }
        } else {
            out
        }
    }

    /// The keywords of one JSON type; the value is bound as `number`, `string`, `items` or
    /// `object` by the caller.
    fn section(&self, r: &Rules, shape: &Shape, t: JsonType) -> TokenStream {
        match t {
            JsonType::String => self.string(r, shape),
            JsonType::Integer | JsonType::Number => self.number(r),
            JsonType::Array => self.array(r),
            JsonType::Object => self.object(r),
            JsonType::Null | JsonType::Boolean => TokenStream::new(),
        }
    }

    fn generic(&self, r: &Rules, shape: &Shape) -> TokenStream {
        let path = quote!(path);
        let problems = quote!(problems);
        let value = quote!(value);
        let rt = rt();
        let mut out = TokenStream::new();
        if let Some(c) = &r.const_value {
            let test = json_equals(c);
            let m = lit(&messages::constant(&c.to_string()));
            out.extend(quote! {
                if !(#test) {
                    path.push(problems, #m);
                }
            });
        }
        if let Some(values) = &r.enum_values {
            if shape.string_enum.is_none() {
                let text = lit(&serde_json::Value::Array(values.clone()).to_string());
                let listed = values
                    .iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(", ");
                let m = lit(&messages::one_of_values(&listed));
                out.extend(quote! {
                    {
                        static VALUES: ::std::sync::OnceLock<::asyncapi_codegen_runtime::serde_json::Value> = ::std::sync::OnceLock::new();
                        let values = VALUES.get_or_init(|| #rt::json::parse_constant(#text));
                        let values = values.as_array().map(::std::vec::Vec::as_slice).unwrap_or_default();
                        if !#rt::json::is_one_of(value, values) {
                            path.push(problems, #m);
                        }
                    }
                });
            }
        }
        for &part in &r.all_of {
            out.extend(self.sub(Subschema::Type(part), &value, &path, &problems));
        }
        for (kind, list) in [(UnionKind::AnyOf, &r.any_of), (UnionKind::OneOf, &r.one_of)] {
            if let Some(variants) = list {
                let u = UnionType {
                    kind,
                    variants: variants.clone(),
                    discriminator: if kind == UnionKind::OneOf {
                        r.discriminator.clone()
                    } else {
                        None
                    },
                };
                out.extend(self.union(&u));
            }
        }
        if let Some(not) = r.not.map(|n| self.effective(n)) {
            let m = lit(messages::NOT);
            match not {
                Subschema::Any => out.extend(push(&path, messages::NOT)),
                Subschema::Never => {}
                Subschema::Type(_) => {
                    let check = self.sub(not, &value, &path, &quote!(&mut list));
                    out.extend(quote! {
                        {
                            let mut list = ::std::vec::Vec::new();
                            #check
                            if list.is_empty() {
                                path.push(problems, #m);
                            }
                        }
                    });
                }
            }
        }
        if let Some((condition, then, otherwise)) = r.if_then_else {
            let then = then.unwrap_or(Subschema::Any);
            let otherwise = otherwise.unwrap_or(Subschema::Any);
            match self.effective(condition) {
                Subschema::Any => out.extend(self.sub(then, &value, &path, &problems)),
                Subschema::Never => out.extend(self.sub(otherwise, &value, &path, &problems)),
                Subschema::Type(_) => {
                    let check = self.sub(condition, &value, &path, &quote!(&mut list));
                    let then = self.sub(then, &value, &path, &problems);
                    let otherwise = self.sub(otherwise, &value, &path, &problems);
                    out.extend(quote! {
                        {
                            let mut list = ::std::vec::Vec::new();
                            #check
                            if list.is_empty() {
                                #then
                            } else {
                                #otherwise
                            }
                        }
                    });
                }
            }
        }
        out
    }

    fn string(&self, r: &Rules, shape: &Shape) -> TokenStream {
        let rt = rt();
        let mut out = TokenStream::new();
        if let Some(values) = shape.string_enum.as_ref().filter(|v| !v.is_empty()) {
            let mut listed = String::new();
            for (i, x) in values.iter().enumerate() {
                if i > 0 {
                    listed.push_str(", ");
                }
                listed.push_str(&serde_json::Value::String(x.clone()).to_string());
            }
            let m = lit(&messages::one_of_values(&listed));
            let values = values.iter().map(|v| lit(v));
            out.extend(quote! {
                if !::core::matches!(string.as_str(), #(#values)|*) {
                    path.push(problems, #m);
                }
            });
        }
        if r.min_length.is_some() || r.max_length.is_some() {
            out.extend(quote!(let length = #rt::json::code_point_length(string) as u64;));
            if let Some(min) = r.min_length {
                let m = lit(&messages::min_length(min));
                out.extend(quote!(if length < #min { path.push(problems, #m); }));
            }
            if let Some(max) = r.max_length {
                let m = lit(&messages::max_length(max));
                out.extend(quote!(if length > #max { path.push(problems, #m); }));
            }
        }
        if let Some(pattern) = &r.pattern {
            let source = lit(pattern);
            let m = lit(&messages::pattern(pattern));
            out.extend(quote! {
                {
                    static PATTERN: #rt::pattern::Pattern = #rt::pattern::Pattern::new(#source);
                    if !PATTERN.is_match(string) {
                        path.push(problems, #m);
                    }
                }
            });
        }
        if let Some(format) = r.format.as_deref() {
            let f = lit(format);
            let m = lit(&messages::format(format));
            out.extend(quote! {
                if !#rt::format::matches(#f, string) {
                    path.push(problems, #m);
                }
            });
        }
        out
    }

    fn number(&self, r: &Rules) -> TokenStream {
        let rt = rt();
        let mut out = TokenStream::new();
        if !r.has_number_rules() {
            return out;
        }
        out.extend(quote!(let number = #rt::json::number(number);));
        let bounds = [
            (r.minimum, quote!(<), ">="),
            (r.exclusive_minimum, quote!(<=), ">"),
            (r.maximum, quote!(>), "<="),
            (r.exclusive_maximum, quote!(>=), "<"),
        ];
        for (bound, fails, holds) in bounds {
            if let Some(b) = bound {
                let m = lit(&messages::bound(holds, &literal::number(b)));
                let b = f64_tokens(b);
                out.extend(quote!(if number #fails #b { path.push(problems, #m); }));
            }
        }
        if let Some(m) = r.multiple_of {
            let text = lit(&messages::multiple_of(&literal::number(m)));
            let m = f64_tokens(m);
            out.extend(quote! {
                if !#rt::json::is_multiple_of(number, #m) {
                    path.push(problems, #text);
                }
            });
        }
        out
    }

    fn array(&self, r: &Rules) -> TokenStream {
        let rt = rt();
        let mut out = TokenStream::new();
        if let Some(min) = r.min_items {
            let m = lit(&messages::min_items(min));
            out.extend(quote!(if (items.len() as u64) < #min { path.push(problems, #m); }));
        }
        if let Some(max) = r.max_items {
            let m = lit(&messages::max_items(max));
            out.extend(quote!(if (items.len() as u64) > #max { path.push(problems, #m); }));
        }
        if r.unique_items {
            let m = lit(messages::UNIQUE_ITEMS);
            out.extend(quote!(if #rt::json::has_duplicates(items) { path.push(problems, #m); }));
        }
        let problems = quote!(problems);
        match &r.items {
            Items::Unconstrained => {}
            Items::All(Subschema::Never) => {
                let m = lit(messages::NEVER);
                out.extend(quote! {
                    if !items.is_empty() {
                        #rt::ProblemPath::Index(path, 0).push(problems, #m);
                    }
                });
            }
            Items::All(s) => {
                if self.sub_needs_check(*s) {
                    let check = self.sub(*s, &quote!(item), &quote!(&item_path), &problems);
                    out.extend(quote! {
                        for (index, item) in items.iter().enumerate() {
                            let item_path = #rt::ProblemPath::Index(path, index);
                            #check
                        }
                    });
                }
            }
            Items::Tuple(list) => {
                for (i, s) in list.iter().enumerate() {
                    if !self.sub_needs_check(*s) {
                        continue;
                    }
                    let check = self.sub(*s, &quote!(item), &quote!(&item_path), &problems);
                    out.extend(quote! {
                        if let ::core::option::Option::Some(item) = items.get(#i) {
                            let item_path = #rt::ProblemPath::Index(path, #i);
                            #check
                        }
                    });
                }
                let n = list.len();
                match r.additional_items {
                    None | Some(Subschema::Any) => {}
                    Some(Subschema::Never) => {
                        let m = lit(&messages::additional_items(n));
                        out.extend(quote! {
                            if items.len() > #n {
                                #rt::ProblemPath::Index(path, #n).push(problems, #m);
                            }
                        });
                    }
                    Some(extra) => {
                        let check = self.sub(extra, &quote!(item), &quote!(&item_path), &problems);
                        out.extend(quote! {
                            for (index, item) in items.iter().enumerate().skip(#n) {
                                let item_path = #rt::ProblemPath::Index(path, index);
                                #check
                            }
                        });
                    }
                }
            }
        }
        if let Some(contains) = r.contains.map(|c| self.effective(c)) {
            let m = lit(messages::CONTAINS);
            match contains {
                Subschema::Any => {
                    out.extend(quote!(if items.is_empty() { path.push(problems, #m); }))
                }
                Subschema::Never => out.extend(quote!(path.push(problems, #m);)),
                Subschema::Type(_) => {
                    let check = self.sub(
                        contains,
                        &quote!(item),
                        &quote!(&item_path),
                        &quote!(&mut list),
                    );
                    out.extend(quote! {
                        let found = items.iter().enumerate().any(|(index, item)| {
                            let item_path = #rt::ProblemPath::Index(path, index);
                            let mut list = ::std::vec::Vec::new();
                            #check
                            list.is_empty()
                        });
                        if !found {
                            path.push(problems, #m);
                        }
                    });
                }
            }
        }
        out
    }

    fn object(&self, r: &Rules) -> TokenStream {
        let rt = rt();
        let path = quote!(path);
        let problems = quote!(problems);
        let mut out = TokenStream::new();
        for (name, schema) in &r.properties {
            let required = r.required.contains(name);
            let checked = self.sub_needs_check(*schema);
            let key = lit(name);
            let ppath = property_path(&path, name);
            let missing = if required {
                let m = lit(messages::REQUIRED);
                quote!((#ppath).push(problems, #m);)
            } else {
                TokenStream::new()
            };
            match (required, checked) {
                (false, false) => continue,
                (true, false) => out.extend(quote! {
                    if !object.contains_key(#key) { #missing }
                }),
                (_, true) => {
                    let check = self.sub(*schema, &quote!(property), &ppath, &problems);
                    out.extend(quote! {
                        match object.get(#key) {
                            ::core::option::Option::Some(property) => { #check }
                            ::core::option::Option::None => { #missing }
                        }
                    });
                }
            }
        }
        for name in &r.required {
            if !r.properties.iter().any(|(p, _)| p == name) {
                let key = lit(name);
                let ppath = property_path(&path, name);
                let m = lit(messages::REQUIRED);
                out.extend(quote! {
                    if !object.contains_key(#key) { (#ppath).push(problems, #m); }
                });
            }
        }
        if let Some(min) = r.min_properties {
            let m = lit(&messages::min_properties(min));
            out.extend(quote!(if (object.len() as u64) < #min { path.push(problems, #m); }));
        }
        if let Some(max) = r.max_properties {
            let m = lit(&messages::max_properties(max));
            out.extend(quote!(if (object.len() as u64) > #max { path.push(problems, #m); }));
        }
        for (name, dependency) in &r.dependencies {
            let checks = match dependency {
                Dependency::Required(names) => !names.is_empty(),
                Dependency::Schema(s) => self.sub_needs_check(*s),
            };
            if !checks {
                continue;
            }
            let key = lit(name);
            let inner = match dependency {
                Dependency::Required(names) => {
                    let text =
                        messages::dependency(&serde_json::Value::String(name.clone()).to_string());
                    let mut inner = TokenStream::new();
                    for n in names {
                        let nkey = lit(n);
                        let npath = property_path(&path, n);
                        let m = lit(&text);
                        inner.extend(quote! {
                            if !object.contains_key(#nkey) { (#npath).push(problems, #m); }
                        });
                    }
                    inner
                }
                Dependency::Schema(s) => self.sub(*s, &quote!(value), &path, &problems),
            };
            out.extend(quote! {
                if object.contains_key(#key) { #inner }
            });
        }
        let additional = r.additional_properties.filter(|s| self.sub_needs_check(*s));
        let patterns = &r.pattern_properties;
        let names = r.property_names.filter(|s| self.sub_needs_check(*s));
        let pattern_checks = patterns.iter().any(|(_, s)| self.sub_needs_check(*s));
        if additional.is_none() && !pattern_checks && names.is_none() {
            return out;
        }
        let known: Option<Vec<Literal>> = if r.properties.is_empty() || additional.is_none() {
            None
        } else {
            Some(r.properties.iter().map(|(n, _)| lit(n)).collect())
        };
        let mut body = TokenStream::new();
        let kpath = quote!(&key_path);
        if let Some(names) = names {
            let check = self.sub(names, &quote!(&key_value), &kpath, &problems);
            body.extend(quote! {
                let key_value = ::asyncapi_codegen_runtime::serde_json::Value::String(key.clone());
                #check
            });
        }
        let needs_matched = additional.is_some() && !patterns.is_empty();
        if needs_matched {
            body.extend(match &known {
                Some(set) => quote!(let mut matched = ::core::matches!(key.as_str(), #(#set)|*);),
                None => quote!(let mut matched = false;),
            });
        }
        for (pattern, schema) in patterns {
            let checked = self.sub_needs_check(*schema);
            if !checked && !needs_matched {
                continue;
            }
            let source = lit(pattern);
            let mark = if needs_matched {
                quote!(matched = true;)
            } else {
                TokenStream::new()
            };
            let check = if *schema == Subschema::Never {
                push(&kpath, messages::NEVER)
            } else if checked {
                self.sub(*schema, &quote!(item), &kpath, &problems)
            } else {
                TokenStream::new()
            };
            body.extend(quote! {
                {
                    static PATTERN: #rt::pattern::Pattern = #rt::pattern::Pattern::new(#source);
                    if PATTERN.is_match(key) {
                        #mark
                        #check
                    }
                }
            });
        }
        if let Some(additional) = additional {
            let check = match additional {
                Subschema::Never => push(&kpath, messages::ADDITIONAL_PROPERTY),
                s => self.sub(s, &quote!(item), &kpath, &problems),
            };
            body.extend(if needs_matched {
                quote!(if !matched { #check })
            } else if let Some(set) = &known {
                quote!(if !::core::matches!(key.as_str(), #(#set)|*) { #check })
            } else {
                check
            });
        }
        out.extend(quote! {
            for (key, item) in object {
                let key_path = #rt::ProblemPath::Key(path, key);
                #body
            }
        });
        out
    }

    fn union(&self, u: &UnionType) -> TokenStream {
        let rt = rt();
        if u.variants.is_empty() {
            return TokenStream::new();
        }
        if u.kind == UnionKind::OneOf {
            if let Some(cases) = discriminated(self.graph, u) {
                return self.discriminator_switch(u, &cases);
            }
        }
        let mut checks = TokenStream::new();
        let mut lists = Vec::new();
        for (i, &variant) in u.variants.iter().enumerate() {
            let list = format_ident!("variant{}", i);
            let check = self.sub(
                Subschema::Type(variant),
                &quote!(value),
                &quote!(path),
                &quote!(&mut #list),
            );
            checks.extend(quote! {
                let mut #list = ::std::vec::Vec::new();
                #check
            });
            lists.push(list);
        }
        let n = u.variants.len();
        let report = match u.kind {
            UnionKind::OneOf => {
                let none = lit(&messages::one_of_none(n));
                let many = lit(&format!("{}{{}} of them", messages::one_of_many_prefix(n)));
                quote! {
                    if matches == 0 {
                        path.push(problems, #none);
                        problems.extend(#rt::closest_problems(&[#(#lists),*]));
                    } else if matches > 1 {
                        path.push(problems, ::std::format!(#many, matches));
                    }
                }
            }
            UnionKind::AnyOf => {
                let none = lit(&messages::any_of_none(n));
                quote! {
                    if matches == 0 {
                        path.push(problems, #none);
                        problems.extend(#rt::closest_problems(&[#(#lists),*]));
                    }
                }
            }
        };
        quote! {
            {
                #checks
                let matches = [#(&#lists),*].iter().filter(|list| list.is_empty()).count();
                #report
            }
        }
    }

    fn discriminator_switch(&self, u: &UnionType, cases: &[(String, TypeId)]) -> TokenStream {
        let Some(d) = u.discriminator.as_ref() else {
            return TokenStream::new();
        };
        let rt = rt();
        let mut arms = TokenStream::new();
        // The first case of a value wins, as in a `switch`.
        let mut seen: Vec<&str> = Vec::new();
        for (k, variant) in cases {
            if seen.contains(&k.as_str()) {
                continue;
            }
            seen.push(k);
            let key = lit(k);
            let check = self.sub(
                Subschema::Type(*variant),
                &quote!(value),
                &quote!(path),
                &quote!(problems),
            );
            arms.extend(quote!(::core::option::Option::Some(#key) => { #check }));
        }
        let listed = cases
            .iter()
            .map(|(k, _)| serde_json::Value::String(k.clone()).to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let m = lit(&messages::discriminator(&listed));
        let ppath = property_path(&quote!(path), &d.property);
        let property = lit(&d.property);
        let text = lit("must be an object, not {}");
        quote! {
            match value {
                ::asyncapi_codegen_runtime::serde_json::Value::Object(object) => {
                    match object.get(#property).and_then(::asyncapi_codegen_runtime::serde_json::Value::as_str) {
                        #arms
                        _ => (#ppath).push(problems, #m),
                    }
                }
                _ => path.push(problems, ::std::format!(#text, #rt::json::describe(value))),
            }
        }
    }
}

/// `value` has JSON type `t` (no problem reported).
fn type_test(t: JsonType) -> TokenStream {
    let rt = rt();
    match t {
        JsonType::Null => quote!(value.is_null()),
        JsonType::Boolean => quote!(value.is_boolean()),
        JsonType::String => quote!(value.is_string()),
        JsonType::Integer => {
            quote!(
                ::core::matches!(value, ::asyncapi_codegen_runtime::serde_json::Value::Number(n) if #rt::json::is_safe_integer(n))
            )
        }
        JsonType::Number => quote!(value.is_number()),
        JsonType::Array => quote!(value.is_array()),
        JsonType::Object => quote!(value.is_object()),
    }
}

/// `f` as a Rust expression: a suffixed literal, or `f64::INFINITY` and the like for what a
/// literal cannot spell (a document's `1e400` is infinite once read).
pub(super) fn f64_tokens(f: f64) -> TokenStream {
    if f.is_finite() {
        let literal = Literal::f64_suffixed(f);
        quote!(#literal)
    } else if f.is_nan() {
        quote!(<f64>::NAN)
    } else if f > 0.0 {
        quote!(<f64>::INFINITY)
    } else {
        quote!(<f64>::NEG_INFINITY)
    }
}

/// `value` is JSON-equal to `c`, as an expression.
fn json_equals(c: &serde_json::Value) -> TokenStream {
    use serde_json::Value as J;
    let rt = rt();
    match c {
        J::Null => quote!(value.is_null()),
        J::Bool(b) => quote!(value.as_bool() == ::core::option::Option::Some(#b)),
        J::String(s) => {
            let s = lit(s);
            quote!(value.as_str() == ::core::option::Option::Some(#s))
        }
        J::Number(n) => {
            let f = f64_tokens(n.as_f64().unwrap_or(f64::NAN));
            quote!(
                ::core::matches!(value, ::asyncapi_codegen_runtime::serde_json::Value::Number(n) if #rt::json::number(n) == #f)
            )
        }
        J::Array(_) | J::Object(_) => {
            let text = lit(&c.to_string());
            quote!({
                static CONSTANT: ::std::sync::OnceLock<::asyncapi_codegen_runtime::serde_json::Value> = ::std::sync::OnceLock::new();
                #rt::json::json_equal(value, CONSTANT.get_or_init(|| #rt::json::parse_constant(#text)))
            })
        }
    }
}
