//! TypeScript type expressions for the type graph.

use super::imports::{FileCtx, Runtime};
use super::layout::{Layout, Style};
use super::literal;
use crate::model::{AdditionalProperties, ObjectType, TypeId, TypeKind};

/// The type expression for `id` as used from the file `ctx` (imports recorded).
pub(crate) fn expr(layout: &Layout<'_>, ctx: &mut FileCtx, id: TypeId) -> String {
    let mut out = String::new();
    push_expr(&mut out, layout, ctx, id);
    out
}

/// Appends [`expr`] of `id` to `out`.
pub(crate) fn push_expr(out: &mut String, layout: &Layout<'_>, ctx: &mut FileCtx, id: TypeId) {
    if let Some(d) = layout.decl(id) {
        let name = &layout.model.types.get(id).name;
        if let Some(module) = layout.module_of(id) {
            ctx.import(module, name, false);
        }
        // A class instance has methods; nested data is plain, so refer to the fields only.
        if d.style == Style::Class {
            out.push_str(ctx.rt(Runtime::Validation));
            out.push_str(".Fields<");
            out.push_str(name);
            out.push('>');
        } else {
            out.push_str(name);
        }
        return;
    }
    push_definition(out, layout, ctx, id);
}

/// The type expression spelling out `id`'s own definition (not its name).
pub(crate) fn definition(layout: &Layout<'_>, ctx: &mut FileCtx, id: TypeId) -> String {
    let mut out = String::new();
    push_definition(&mut out, layout, ctx, id);
    out
}

/// Appends [`definition`] of `id` to `out`.
fn push_definition(out: &mut String, layout: &Layout<'_>, ctx: &mut FileCtx, id: TypeId) {
    let def = layout.model.types.get(id);
    let start = out.len();
    match &def.kind {
        TypeKind::Any | TypeKind::Unsupported(_) => return out.push_str("unknown"),
        TypeKind::Null => return out.push_str("null"),
        TypeKind::Boolean => out.push_str("boolean"),
        TypeKind::String(s) => match &s.enum_values {
            Some(values) if !values.is_empty() => {
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        out.push_str(" | ");
                    }
                    literal::push_string(out, v);
                }
            }
            _ => out.push_str("string"),
        },
        TypeKind::Integer(_) | TypeKind::Number(_) => out.push_str("number"),
        TypeKind::Array(a) => match a.items {
            Some(items) => {
                push_expr(out, layout, ctx, items);
                make_array(out, start);
            }
            None => out.push_str("unknown[]"),
        },
        TypeKind::Object(o) => {
            let members = members(layout, ctx, o);
            if members.ends.is_empty() {
                out.push_str("{}");
            } else {
                out.push_str("{ ");
                members.join_into(out, "; ");
                out.push_str(" }");
            }
        }
        TypeKind::Const(v) => match literal::literal_type(v) {
            Some(t) => out.push_str(&t),
            None => return out.push_str("unknown"),
        },
        TypeKind::Enum(values) => {
            let lits: Option<Vec<String>> = values.iter().map(literal::literal_type).collect();
            match lits {
                Some(l) if !l.is_empty() => out.push_str(&dedup(l).join(" | ")),
                _ => return out.push_str("unknown"),
            }
        }
        TypeKind::Union(u) => {
            let parts: Vec<String> = u.variants.iter().map(|&v| expr(layout, ctx, v)).collect();
            if parts.is_empty() {
                out.push_str("never");
            } else {
                out.push_str(&dedup(parts).join(" | "));
            }
        }
        TypeKind::AllOf(parts) => {
            let parts: Vec<String> = parts
                .iter()
                .map(|&p| intersection_member(&expr(layout, ctx, p)))
                .collect();
            if parts.is_empty() {
                out.push_str("unknown");
            } else {
                out.push_str(&dedup(parts).join(" & "));
            }
        }
    }
    let base = &out[start..];
    if def.nullable && base != "unknown" && base != "null" {
        out.push_str(" | null");
    }
}

/// The members of an object type, one `key: T` (or `key?: T`) per property, then the index
/// signature when additional properties are allowed explicitly; without the closing `;`,
/// all in one buffer.
pub(crate) struct Members {
    text: String,
    /// End of each member in `text`; members follow each other without separators.
    ends: Vec<usize>,
}

impl Members {
    /// The members in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(s, &e)| &self.text[s..e])
    }

    /// Appends the members to `out`, `separator` between them.
    pub(crate) fn join_into(&self, out: &mut String, separator: &str) {
        for (i, m) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(separator);
            }
            out.push_str(m);
        }
    }
}

/// The [`Members`] of `o`.
pub(crate) fn members(layout: &Layout<'_>, ctx: &mut FileCtx, o: &ObjectType) -> Members {
    let mut text = String::with_capacity(o.properties.len() * 32 + 32);
    let mut ends = Vec::with_capacity(o.properties.len() + 1);
    for p in &o.properties {
        literal::push_key(&mut text, &p.name);
        text.push_str(if p.required { ": " } else { "?: " });
        push_expr(&mut text, layout, ctx, p.ty);
        ends.push(text.len());
    }
    if push_index_signature(&mut text, layout, ctx, o) {
        ends.push(text.len());
    }
    Members { text, ends }
}

/// Appends the index signature of `o` when it has one.
fn push_index_signature(
    out: &mut String,
    layout: &Layout<'_>,
    ctx: &mut FileCtx,
    o: &ObjectType,
) -> bool {
    match o.additional {
        AdditionalProperties::Any => out.push_str("[key: string]: unknown"),
        // With declared properties the values differ in type, so the signature must be wide.
        AdditionalProperties::Schema(s) if o.properties.is_empty() => {
            out.push_str("[key: string]: ");
            push_expr(out, layout, ctx, s);
        }
        AdditionalProperties::Schema(_) => out.push_str("[key: string]: unknown"),
        AdditionalProperties::Unspecified if o.properties.is_empty() => {
            out.push_str("[key: string]: unknown")
        }
        // Only `{}` is valid; an empty interface would accept anything.
        AdditionalProperties::Forbidden if o.properties.is_empty() => {
            out.push_str("[key: string]: never")
        }
        _ => return false,
    }
    true
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|s| seen.insert(s.clone()));
    v
}

/// True when `t` has a top-level `|` or `&` (outside brackets, braces and strings).
fn top_level_has(t: &str, ops: &[char]) -> bool {
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in t.chars() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' => quote = Some(c),
            '(' | '[' | '{' | '<' => depth += 1,
            ')' | ']' | '}' | '>' => depth -= 1,
            c if depth == 0 && ops.contains(&c) => return true,
            _ => {}
        }
    }
    false
}

/// Turns the item type written in `out[start..]` into the array type of those items.
fn make_array(out: &mut String, start: usize) {
    if top_level_has(&out[start..], &['|', '&']) {
        out.insert(start, '(');
        out.push_str(")[]");
    } else {
        out.push_str("[]");
    }
}

fn intersection_member(t: &str) -> String {
    if top_level_has(t, &['|']) {
        format!("({t})")
    } else {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn array_of(items: &str) -> String {
        let mut out = items.to_string();
        make_array(&mut out, 0);
        out
    }

    #[test]
    fn arrays_of_unions_get_parentheses() {
        assert_eq!(array_of("string"), "string[]");
        assert_eq!(array_of("'a' | 'b'"), "('a' | 'b')[]");
        assert_eq!(array_of("'a|b'"), "'a|b'[]");
        assert_eq!(array_of("{ a: 'x' | 'y' }"), "{ a: 'x' | 'y' }[]");
        assert_eq!(intersection_member("A | B"), "(A | B)");
    }
}
