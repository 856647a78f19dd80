//! TypeScript type expressions for the type graph.

use super::imports::{FileCtx, Runtime};
use super::literal;
use super::plan::{Plan, Style};
use crate::model::{AdditionalProperties, ObjectType, TypeId, TypeKind};

/// The type expression for `id` as used from the file `ctx` (imports recorded).
pub(crate) fn expr(plan: &Plan<'_>, ctx: &mut FileCtx, id: TypeId) -> String {
    if let Some(d) = plan.decl(id) {
        let name = plan.model.types.get(id).name.clone();
        if let Some(module) = plan.module_of(id) {
            ctx.import(module, &name, false);
        }
        // A class instance has methods; nested data is plain, so refer to the fields only.
        if d.style == Style::Class {
            let v = ctx.rt(Runtime::Validation);
            return format!("{v}.Fields<{name}>");
        }
        return name;
    }
    definition(plan, ctx, id)
}

/// The type expression spelling out `id`'s own definition (not its name).
pub(crate) fn definition(plan: &Plan<'_>, ctx: &mut FileCtx, id: TypeId) -> String {
    let def = plan.model.types.get(id);
    let base = match &def.kind {
        TypeKind::Any | TypeKind::Unsupported(_) => return "unknown".to_string(),
        TypeKind::Null => return "null".to_string(),
        TypeKind::Boolean => "boolean".to_string(),
        TypeKind::String(s) => match &s.enum_values {
            Some(values) if !values.is_empty() => values
                .iter()
                .map(|v| literal::string(v))
                .collect::<Vec<_>>()
                .join(" | "),
            _ => "string".to_string(),
        },
        TypeKind::Integer(_) | TypeKind::Number(_) => "number".to_string(),
        TypeKind::Array(a) => match a.items {
            Some(items) => array_of(&expr(plan, ctx, items)),
            None => "unknown[]".to_string(),
        },
        TypeKind::Object(o) => object_literal(plan, ctx, o),
        TypeKind::Const(v) => match literal::literal_type(v) {
            Some(t) => t,
            None => return "unknown".to_string(),
        },
        TypeKind::Enum(values) => {
            let lits: Option<Vec<String>> = values.iter().map(literal::literal_type).collect();
            match lits {
                Some(l) if !l.is_empty() => dedup(l).join(" | "),
                _ => return "unknown".to_string(),
            }
        }
        TypeKind::Union(u) => {
            let parts: Vec<String> = u.variants.iter().map(|&v| expr(plan, ctx, v)).collect();
            if parts.is_empty() {
                "never".to_string()
            } else {
                dedup(parts).join(" | ")
            }
        }
        TypeKind::AllOf(parts) => {
            let parts: Vec<String> = parts
                .iter()
                .map(|&p| intersection_member(&expr(plan, ctx, p)))
                .collect();
            if parts.is_empty() {
                "unknown".to_string()
            } else {
                dedup(parts).join(" & ")
            }
        }
    };
    if def.nullable && base != "unknown" && base != "null" {
        format!("{base} | null")
    } else {
        base
    }
}

/// The members of an object type, one `key: T;` (or `key?: T;`) per property, then the
/// index signature when additional properties are allowed explicitly.
pub(crate) fn members(plan: &Plan<'_>, ctx: &mut FileCtx, o: &ObjectType) -> Vec<String> {
    let mut out = Vec::with_capacity(o.properties.len() + 1);
    for p in &o.properties {
        let opt = if p.required { "" } else { "?" };
        out.push(format!(
            "{}{opt}: {};",
            literal::key(&p.name),
            expr(plan, ctx, p.ty)
        ));
    }
    if let Some(sig) = index_signature(plan, ctx, o) {
        out.push(sig);
    }
    out
}

fn index_signature(plan: &Plan<'_>, ctx: &mut FileCtx, o: &ObjectType) -> Option<String> {
    match o.additional {
        AdditionalProperties::Any => Some("[key: string]: unknown;".to_string()),
        // With declared properties the values differ in type, so the signature must be wide.
        AdditionalProperties::Schema(s) if o.properties.is_empty() => {
            Some(format!("[key: string]: {};", expr(plan, ctx, s)))
        }
        AdditionalProperties::Schema(_) => Some("[key: string]: unknown;".to_string()),
        AdditionalProperties::Unspecified if o.properties.is_empty() => {
            Some("[key: string]: unknown;".to_string())
        }
        // Only `{}` is valid; an empty interface would accept anything.
        AdditionalProperties::Forbidden if o.properties.is_empty() => {
            Some("[key: string]: never;".to_string())
        }
        _ => None,
    }
}

fn object_literal(plan: &Plan<'_>, ctx: &mut FileCtx, o: &ObjectType) -> String {
    let members = members(plan, ctx, o);
    if members.is_empty() {
        return "{}".to_string();
    }
    let body: Vec<&str> = members
        .iter()
        .map(|m| m.strip_suffix(';').unwrap_or(m))
        .collect();
    format!("{{ {} }}", body.join("; "))
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

fn array_of(items: &str) -> String {
    if top_level_has(items, &['|', '&']) {
        format!("({items})[]")
    } else {
        format!("{items}[]")
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

    #[test]
    fn arrays_of_unions_get_parentheses() {
        assert_eq!(array_of("string"), "string[]");
        assert_eq!(array_of("'a' | 'b'"), "('a' | 'b')[]");
        assert_eq!(array_of("'a|b'"), "'a|b'[]");
        assert_eq!(array_of("{ a: 'x' | 'y' }"), "{ a: 'x' | 'y' }[]");
        assert_eq!(intersection_member("A | B"), "(A | B)");
    }
}
