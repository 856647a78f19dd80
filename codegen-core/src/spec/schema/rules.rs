//! A schema node's draft-7 assertions ([`Rules`]), read straight from its keywords.
//!
//! This is independent of the kind the node was given for declaring types: a kind may be
//! inferred or merged, but the rules say exactly what the keywords say. Subschemas are built
//! as types of the graph (an already built node is found again, so nothing is built twice);
//! `true`/`{}` and `false` in single-schema positions are [`Subschema::Any`] and
//! [`Subschema::Never`] without a type of their own.
//!
//! Patterns (`pattern` and `patternProperties` keys) must be ECMA-262 regular expressions: the
//! generator checks them with `regress`, in Unicode mode first (what the TypeScript side
//! compiles them with, so `\p{L}` and astral characters work), else in the legacy mode
//! real documents rely on for escapes such as `\-`. A pattern neither accepts is a located
//! error, never a check that silently accepts everything.

use super::{Naming, SchemaSite, TypeBuilder};
use crate::load::tree::push_pointer;
use crate::load::{Node, Value};
use crate::model::rules::{Dependency, Items, JsonType, Rules, Subschema, ENFORCED_FORMATS};
use crate::model::TypeId;

/// True when `pattern` is a valid ECMA-262 regular expression (with or without the `u` flag).
pub(crate) fn is_ecma_regex(pattern: &str) -> Result<(), String> {
    match regress::Regex::with_flags(pattern, "u") {
        Ok(_) => Ok(()),
        Err(unicode) => match regress::Regex::new(pattern) {
            Ok(_) => Ok(()),
            Err(_) => Err(unicode.to_string()),
        },
    }
}

impl TypeBuilder<'_> {
    /// The rules of the schema `ctx` (whose own type is `id`).
    pub(super) fn rules(&mut self, id: TypeId, ctx: &SchemaSite) -> Rules {
        let mut r = Rules::default();
        match &ctx.node.value {
            Value::Bool(false) => {
                r.never = true;
                return r;
            }
            Value::Object(_) => {}
            _ => return r,
        }
        let (p, kw) = (ctx.pointer, &ctx.kw);
        r.nullable = kw.nullable.and_then(Node::as_bool).unwrap_or(false);
        if let Some(t) = kw.type_ {
            let names: Vec<&Node> = match &t.value {
                Value::String(_) => vec![t],
                Value::Array(items) => items.iter().collect(),
                _ => Vec::new(),
            };
            let mut types = Vec::new();
            for n in names {
                let ty = match n.as_str() {
                    Some("null") => JsonType::Null,
                    Some("boolean") => JsonType::Boolean,
                    Some("integer") => JsonType::Integer,
                    Some("number") => JsonType::Number,
                    Some("string") => JsonType::String,
                    Some("array") => JsonType::Array,
                    Some("object") => JsonType::Object,
                    // Reported by the kind builder.
                    _ => continue,
                };
                if !types.contains(&ty) {
                    types.push(ty);
                }
            }
            r.types = Some(types);
        }
        r.const_value = kw.const_.map(Node::to_json);
        r.enum_values = kw
            .enum_
            .and_then(Node::as_array)
            .map(|items| items.iter().map(Node::to_json).collect());

        // Strings.
        r.min_length = count(kw.min_length);
        r.max_length = count(kw.max_length);
        if let Some(pattern) = kw.pattern.and_then(Node::as_str) {
            if self.check_pattern(kw.pattern, &push_pointer(p, "pattern"), pattern) {
                r.pattern = Some(pattern.to_string());
            }
        }
        r.format = kw
            .format
            .and_then(Node::as_str)
            .filter(|f| ENFORCED_FORMATS.contains(f))
            .map(str::to_string);

        // Numbers.
        r.minimum = number(kw.minimum);
        r.maximum = number(kw.maximum);
        r.multiple_of = number(kw.multiple_of).filter(|m| *m > 0.0);
        for (value, bound, exclusive) in [
            (
                kw.exclusive_minimum,
                &mut r.minimum,
                &mut r.exclusive_minimum,
            ),
            (
                kw.exclusive_maximum,
                &mut r.maximum,
                &mut r.exclusive_maximum,
            ),
        ] {
            match value.map(|v| &v.value) {
                Some(Value::Bool(true)) => *exclusive = bound.take(),
                Some(Value::Number(n)) => *exclusive = Some(n.as_f64()),
                _ => {}
            }
        }

        // Arrays.
        r.min_items = count(kw.min_items);
        r.max_items = count(kw.max_items);
        r.unique_items = kw.unique_items.and_then(Node::as_bool).unwrap_or(false);
        if let Some(items) = kw.items {
            r.items = match &items.value {
                Value::Array(list) => {
                    let at = push_pointer(p, "items");
                    let mut out = Vec::with_capacity(list.len());
                    for (i, item) in list.iter().enumerate() {
                        let name = format!("Item{}", i + 1);
                        out.push(self.subschema(
                            ctx,
                            &push_pointer(&at, &i.to_string()),
                            item,
                            &name,
                        ));
                    }
                    Items::Tuple(out)
                }
                _ => match self.kind_subschema(ctx, &push_pointer(p, "items"), items, "Item") {
                    Subschema::Any => Items::Unconstrained,
                    s => Items::All(s),
                },
            };
            if matches!(r.items, Items::Tuple(_)) {
                if let Some(extra) = kw.additional_items {
                    r.additional_items = Some(self.subschema(
                        ctx,
                        &push_pointer(p, "additionalItems"),
                        extra,
                        "AdditionalItem",
                    ))
                    .filter(|s| *s != Subschema::Any);
                }
            }
        }
        if let Some(contains) = kw.contains {
            r.contains =
                Some(self.subschema(ctx, &push_pointer(p, "contains"), contains, "Contains"));
        }

        // Objects.
        if let Some(entries) = kw.properties.and_then(Node::as_object) {
            let at = push_pointer(p, "properties");
            for (key, schema) in entries {
                let s = self.kind_subschema(ctx, &push_pointer(&at, key), schema, key);
                r.properties.push((key.clone(), s));
            }
        }
        if let Some(names) = kw.required.and_then(Node::as_array) {
            for name in names.iter().filter_map(Node::as_str) {
                if !r.required.iter().any(|n| n == name) {
                    r.required.push(name.to_string());
                }
            }
        }
        if let Some(entries) = kw.pattern_properties.and_then(Node::as_object) {
            let at = push_pointer(p, "patternProperties");
            for (pattern, schema) in entries {
                let here = push_pointer(&at, pattern);
                if self.check_pattern(Some(schema), &here, pattern) {
                    let s = self.subschema(ctx, &here, schema, "PatternProperty");
                    r.pattern_properties.push((pattern.clone(), s));
                }
            }
        }
        if let Some(additional) = kw.additional_properties {
            r.additional_properties = Some(self.kind_subschema(
                ctx,
                &push_pointer(p, "additionalProperties"),
                additional,
                "Value",
            ))
            .filter(|s| *s != Subschema::Any);
        }
        if let Some(names) = kw.property_names {
            r.property_names = Some(self.subschema(
                ctx,
                &push_pointer(p, "propertyNames"),
                names,
                "PropertyName",
            ))
            .filter(|s| *s != Subschema::Any);
        }
        r.min_properties = count(kw.min_properties);
        r.max_properties = count(kw.max_properties);
        if let Some(deps) = kw.dependencies {
            match deps.as_object() {
                Some(entries) => {
                    let at = push_pointer(p, "dependencies");
                    for (key, dep) in entries {
                        let here = push_pointer(&at, key);
                        let d = match &dep.value {
                            Value::Array(names) => Dependency::Required(
                                names
                                    .iter()
                                    .filter_map(Node::as_str)
                                    .map(str::to_string)
                                    .collect(),
                            ),
                            _ => Dependency::Schema(self.subschema(ctx, &here, dep, "Dependency")),
                        };
                        r.dependencies.push((key.clone(), d));
                    }
                }
                None => self.wrong_kind(
                    deps,
                    p,
                    "dependencies",
                    "an object of property → names or schema",
                ),
            }
        }

        // Combinators: the lists are built as types already (by the kind builders), so
        // asking again finds the same types.
        for (key, list, slot) in [
            ("allOf", kw.all_of, 0),
            ("anyOf", kw.any_of, 1),
            ("oneOf", kw.one_of, 2),
        ] {
            let Some(items) = list.and_then(Node::as_array) else {
                continue;
            };
            let at = push_pointer(p, key);
            let mut ids = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let here = push_pointer(&at, &i.to_string());
                let id = match self.lookup(ctx.file, &here) {
                    Some(id) => id,
                    None => {
                        let name = format!("Part{}", i + 1);
                        let naming = Naming::derived(&mut self.suffixes, ctx.base, &name);
                        self.node(ctx.file, &here, item, naming, ctx.depth + 1, Some(ctx.base))
                    }
                };
                ids.push(id);
            }
            match slot {
                0 => r.all_of = ids,
                1 => r.any_of = Some(ids),
                _ => r.one_of = Some(ids),
            }
        }
        if r.one_of.is_some() {
            if let crate::model::TypeKind::Union(u) = &self.graph.types[id.0].kind {
                r.discriminator = u.discriminator.clone();
            }
        }
        if let Some(not) = kw.not {
            r.not = Some(self.subschema(ctx, &push_pointer(p, "not"), not, "Not"));
        }
        if let Some(condition) = kw.if_ {
            let condition = self.subschema(ctx, &push_pointer(p, "if"), condition, "If");
            // A branch `if: true` or `if: false` can never take is not built at all.
            let then = kw
                .then
                .filter(|_| condition != Subschema::Never)
                .map(|t| self.subschema(ctx, &push_pointer(p, "then"), t, "Then"))
                .filter(|s| *s != Subschema::Any);
            let otherwise = kw
                .else_
                .filter(|_| condition != Subschema::Any)
                .map(|e| self.subschema(ctx, &push_pointer(p, "else"), e, "Else"))
                .filter(|s| *s != Subschema::Any);
            if then.is_some() || otherwise.is_some() {
                r.if_then_else = Some((condition, then, otherwise));
            }
        }
        r
    }

    /// A subschema in a single-schema position; `true`/`{}` and `false` need no type.
    /// `report`: say so when `node` is not a schema (false where the kind builder does).
    fn subschema(&mut self, ctx: &SchemaSite, pointer: &str, node: &Node, name: &str) -> Subschema {
        self.subschema_reported(ctx, pointer, node, name, true)
    }

    /// [`TypeBuilder::subschema`] for a keyword whose kind builder reports non-schemas.
    fn kind_subschema(
        &mut self,
        ctx: &SchemaSite,
        pointer: &str,
        node: &Node,
        name: &str,
    ) -> Subschema {
        self.subschema_reported(ctx, pointer, node, name, false)
    }

    fn subschema_reported(
        &mut self,
        ctx: &SchemaSite,
        pointer: &str,
        node: &Node,
        name: &str,
        report: bool,
    ) -> Subschema {
        match &node.value {
            Value::Bool(true) => Subschema::Any,
            Value::Bool(false) => Subschema::Never,
            Value::Object(entries) if entries.is_empty() => Subschema::Any,
            _ => {
                if let Some(id) = self.lookup(ctx.file, pointer) {
                    return Subschema::Type(id);
                }
                if !matches!(node.value, Value::Object(_)) {
                    // Not a schema. `items`, `properties` and `additionalProperties` are
                    // reported where the kind reads them; the rest here.
                    if !report {
                        return Subschema::Any;
                    }
                    self.error(
                        node,
                        pointer,
                        format!(
                            "a schema must be an object or a boolean, found {}",
                            node.kind_name()
                        ),
                        "write the schema as an object such as `{type: string}`",
                    );
                    return Subschema::Any;
                }
                let naming = Naming::derived(&mut self.suffixes, ctx.base, name);
                Subschema::Type(self.node(ctx.file, pointer, node, naming, ctx.depth + 1, None))
            }
        }
    }

    /// Reports `pattern` at `pointer` unless it is an ECMA-262 regex; true when it is.
    fn check_pattern(&mut self, node: Option<&Node>, pointer: &str, pattern: &str) -> bool {
        match is_ecma_regex(pattern) {
            Ok(()) => true,
            Err(why) => {
                if let Some(node) = node {
                    self.error(
                        node,
                        pointer,
                        format!("`{pattern}` is not a valid ECMA-262 regular expression ({why})"),
                        "write the pattern as an ECMAScript (JavaScript) regex; AsyncAPI schemas use ECMA-262 syntax",
                    );
                }
                false
            }
        }
    }
}

fn count(value: Option<&Node>) -> Option<u64> {
    let n = value?.as_number()?.as_i64()?;
    u64::try_from(n).ok()
}

fn number(value: Option<&Node>) -> Option<f64> {
    Some(value?.as_number()?.as_f64())
}
