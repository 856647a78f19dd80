//! Validators generated as plain code (no `eval`, no `new Function`, no schema interpreter).
//!
//! Each declared type `T` gets `validateT(value, path, problems)`, which appends every
//! problem found to `problems`; inline types are checked in place, declared ones by calling
//! their function, so recursive schemas are recursive functions. Every constraint of the
//! type graph is checked: JSON type, `required`, `additionalProperties` (false or a schema),
//! `enum`, `const`, `pattern`, `minLength`/`maxLength` (in code points), the formats email,
//! date-time, date, time, uuid, uri, ipv4, ipv6 and hostname, `minimum`/`maximum` and their
//! exclusive forms, `multipleOf`, integers, `minItems`/`maxItems`/`uniqueItems`, items,
//! `nullable`, `oneOf` (exactly one variant; a discriminator picks the variant directly),
//! `anyOf` (at least one) and `allOf` (all).
//!
//! int64 policy: every integer schema (with or without `format: int64`) is typed `number`
//! and must hold a safe integer (`Number.isSafeInteger`, |n| <= 2^53 - 1). `JSON.parse`
//! has already rounded anything larger, so such values are rejected instead of being
//! accepted with a different value.

use std::borrow::Cow;

use super::imports::{FileCtx, Runtime};
use super::literal;
use super::plan::Plan;
use super::writer::{line, open, Code};
use crate::model::{
    AdditionalProperties, ArrayType, NumberType, ObjectType, StringType, TypeId, TypeKind,
    UnionKind, UnionType,
};

/// Formats the runtime checks; any other `format` is an annotation only.
const CHECKED_FORMATS: &[&str] = &[
    "email",
    "date-time",
    "date",
    "time",
    "uuid",
    "uri",
    "ipv4",
    "ipv6",
    "hostname",
];

/// The name of `T`'s validator function.
pub(crate) fn validator_name(type_name: &str) -> String {
    let mut out = String::with_capacity(type_name.len() + 8);
    push_validator_name(&mut out, type_name);
    out
}

/// Appends [`validator_name`] of `type_name` to `out`.
pub(crate) fn push_validator_name(out: &mut String, type_name: &str) {
    out.push_str("validate");
    out.push_str(type_name);
}

/// A validation path expression: a runtime base plus a static suffix known here.
struct PathExpr<'a> {
    base: Cow<'a, str>,
    suffix: String,
}

impl PathExpr<'_> {
    /// Appends the expression to `out`.
    fn write(&self, out: &mut String) {
        out.push_str(&self.base);
        if !self.suffix.is_empty() {
            out.push_str(" + ");
            literal::push_string(out, &self.suffix);
        }
    }

    /// True when the expression is the validator's own `path` parameter.
    fn is_parameter(&self) -> bool {
        self.suffix.is_empty() && self.base == "path"
    }

    fn property(&self, name: &str) -> PathExpr<'_> {
        let mut suffix = String::with_capacity(self.suffix.len() + name.len() + 1);
        suffix.push_str(&self.suffix);
        literal::push_path_suffix(&mut suffix, name);
        PathExpr {
            base: Cow::Borrowed(&self.base),
            suffix,
        }
    }

    /// The path of item `index` (a runtime variable) of the array at this path.
    fn index(&self, index: &str) -> PathExpr<'static> {
        let mut base = String::with_capacity(self.base.len() + self.suffix.len() + 24);
        base.push_str(&self.base);
        base.push_str(" + ");
        let mut open = String::with_capacity(self.suffix.len() + 1);
        open.push_str(&self.suffix);
        open.push('[');
        literal::push_string(&mut base, &open);
        base.push_str(" + ");
        base.push_str(index);
        base.push_str(" + ']'");
        PathExpr::dynamic(base)
    }

    fn dynamic(base: String) -> PathExpr<'static> {
        PathExpr {
            base: Cow::Owned(base),
            suffix: String::new(),
        }
    }
}

/// Writes `validateT` for the declared type `id`.
///
/// The body goes straight into `code`; a parameter the body never mentions is renamed with a
/// leading `_` afterwards (`noUnusedParameters`), which only touches small bodies.
pub(crate) fn write_validator(
    plan: &Plan<'_>,
    ctx: &mut FileCtx,
    code: &mut Code,
    id: TypeId,
    exported: bool,
) {
    let v = ctx.rt(Runtime::Validation);
    let mut params = [0usize; 3];
    code.open_with(|s| {
        if exported {
            s.push_str("export ");
        }
        s.push_str("function ");
        push_validator_name(s, &plan.model.types.get(id).name);
        s.push('(');
        params[0] = s.len();
        s.push_str("value: unknown, ");
        params[1] = s.len();
        s.push_str("path: string, ");
        params[2] = s.len();
        s.push_str("problems: ");
        s.push_str(v);
        s.push_str(".ValidationProblem[]): void {");
    });
    let body_start = code.len();
    let mut gen = Gen {
        plan,
        ctx,
        counter: 0,
    };
    let root = PathExpr {
        base: Cow::Borrowed("path"),
        suffix: String::new(),
    };
    gen.check(code, id, "value", &root, "problems", true);
    let used = identifiers_used(code.since(body_start), PARAMETERS);
    // Back to front, so the earlier positions stay valid.
    for i in (0..PARAMETERS.len()).rev() {
        if !used[i] {
            code.insert(params[i], "_");
        }
    }
    code.close("}");
}

/// The parameters of every validator, in order.
const PARAMETERS: [&str; 3] = ["value", "path", "problems"];

/// For each of `idents`: does it occur in `code` as a whole word outside string literals?
fn identifiers_used(code: &str, idents: [&str; 3]) -> [bool; 3] {
    let bytes = code.as_bytes();
    let mut found = [false; 3];
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let c = bytes[i];
        if let Some(q) = quote {
            if c == b'\\' {
                i += 2;
                continue;
            }
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if c == b'\'' || c == b'"' {
            quote = Some(c);
            i += 1;
            continue;
        }
        for (k, ident) in idents.iter().enumerate() {
            if !found[k] && bytes[i..].starts_with(ident.as_bytes()) {
                let before = i.checked_sub(1).map(|j| bytes[j]);
                let after = bytes.get(i + ident.len()).copied();
                let word = |b: Option<u8>| {
                    b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
                };
                if !word(before) && !word(after) && before != Some(b'.') {
                    found[k] = true;
                }
            }
        }
        if found.iter().all(|f| *f) {
            break;
        }
        i += 1;
    }
    found
}

/// True when `ident` occurs in `code` as a whole word outside string literals.
#[cfg(test)]
fn uses_identifier(code: &str, ident: &str) -> bool {
    identifiers_used(code, [ident, ident, ident])[0]
}

/// `problems.push({ path, message: <message> });`, the message written by `message`.
fn push_with(
    code: &mut Code,
    problems: &str,
    path: &PathExpr<'_>,
    message: impl FnOnce(&mut String),
) {
    code.line_with(|s| {
        s.push_str(problems);
        if path.is_parameter() {
            s.push_str(".push({ path, message: ");
        } else {
            s.push_str(".push({ path: ");
            path.write(s);
            s.push_str(", message: ");
        }
        message(s);
        s.push_str(" });");
    });
}

/// Pushes a problem whose message is the fixed `text`.
fn push_text(code: &mut Code, problems: &str, path: &PathExpr<'_>, text: &str) {
    push_with(code, problems, path, |s| literal::push_string(s, text));
}

/// `(<value>, <path>, <problems>)`: the arguments of every validator and guard call.
fn push_call_args(s: &mut String, value: &str, path: &PathExpr<'_>, problems: &str) {
    s.push('(');
    s.push_str(value);
    s.push_str(", ");
    path.write(s);
    s.push_str(", ");
    s.push_str(problems);
    s.push(')');
}

/// `if (<condition>) {` a problem with `text` `}`: the shape of every bound check.
fn report_if(
    code: &mut Code,
    problems: &str,
    path: &PathExpr<'_>,
    condition: std::fmt::Arguments<'_>,
    text: &str,
) {
    open!(code, "if ({condition}) {{");
    push_text(code, problems, path, text);
    code.close("}");
}

/// Appends `value` as a JSON string (the form problem messages list enum values in).
fn push_json_string(out: &mut String, value: &str) {
    if value
        .bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        out.push('"');
        out.push_str(value);
        out.push('"');
    } else {
        out.push_str(&serde_json::Value::String(value.to_string()).to_string());
    }
}

/// A local variable name such as `property12`, kept inline: validators declare many.
struct Local {
    text: [u8; 32],
    len: usize,
}

impl Local {
    /// `prefix` (a short ASCII word) followed by `n`.
    fn new(prefix: &'static str, n: usize) -> Local {
        let mut digits = [0u8; 20];
        let mut d = digits.len();
        let mut rest = n;
        loop {
            d -= 1;
            digits[d] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        let mut text = [0u8; 32];
        let mut len = 0;
        for &b in prefix.as_bytes().iter().chain(&digits[d..]) {
            if len < text.len() && b.is_ascii() {
                text[len] = b;
                len += 1;
            }
        }
        Local { text, len }
    }
}

impl std::ops::Deref for Local {
    type Target = str;

    fn deref(&self) -> &str {
        // Only ASCII bytes are ever stored.
        std::str::from_utf8(&self.text[..self.len]).unwrap_or_default()
    }
}

impl std::fmt::Display for Local {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self)
    }
}

struct Gen<'a, 'p> {
    plan: &'a Plan<'p>,
    ctx: &'a mut FileCtx,
    counter: usize,
}

impl Gen<'_, '_> {
    fn fresh(&mut self, prefix: &'static str) -> Local {
        self.counter += 1;
        Local::new(prefix, self.counter)
    }

    fn v(&mut self) -> &'static str {
        self.ctx.rt(Runtime::Validation)
    }

    /// The JSON-type check `validation.<guard>(value, path, problems)`: a statement when
    /// nothing else is checked, else an `if` whose block (opened here) checks the rest.
    fn guard(
        &mut self,
        code: &mut Code,
        guard: &str,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
        more: bool,
    ) {
        let v = self.v();
        let call = |s: &mut String| {
            s.push_str(v);
            s.push('.');
            s.push_str(guard);
            push_call_args(s, value, path, problems);
        };
        if more {
            code.open_with(|s| {
                s.push_str("if (");
                call(s);
                s.push_str(") {");
            });
        } else {
            code.line_with(|s| {
                call(s);
                s.push(';');
            });
        }
    }

    /// Checks `value` against type `id`; `top` expands a declared type instead of calling it.
    fn check(
        &mut self,
        code: &mut Code,
        id: TypeId,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
        top: bool,
    ) {
        let plan = self.plan;
        let def = plan.model.types.get(id);
        if !top && plan.decl(id).is_some() {
            if !needs_check(plan, id) {
                return;
            }
            if let Some(module) = plan.module_of(id) {
                self.ctx.import_validator(module, &def.name);
            }
            code.line_with(|s| {
                push_validator_name(s, &def.name);
                push_call_args(s, value, path, problems);
                s.push(';');
            });
            return;
        }
        let nullable = def.nullable && !matches!(def.kind, TypeKind::Null | TypeKind::Any);
        if nullable {
            if !kind_needs_check(&def.kind) {
                return;
            }
            code.open_parts(&["if (", value, " !== null) {"]);
        }
        match &def.kind {
            TypeKind::Any | TypeKind::Unsupported(_) => {}
            TypeKind::Null => {
                code.open_parts(&["if (", value, " !== null) {"]);
                push_text(code, problems, path, "must be null");
                code.close("}");
            }
            TypeKind::Boolean => self.guard(code, "isBooleanAt", value, path, problems, false),
            TypeKind::String(s) => self.string(code, s, value, path, problems),
            TypeKind::Integer(n) => self.number(code, n, true, value, path, problems),
            TypeKind::Number(n) => self.number(code, n, false, value, path, problems),
            TypeKind::Array(a) => self.array(code, a, value, path, problems),
            TypeKind::Object(o) => self.object(code, o, value, path, problems),
            TypeKind::Const(c) => self.constant(code, c, value, path, problems),
            TypeKind::Enum(values) => self.enumeration(code, values, value, path, problems),
            TypeKind::Union(u) => self.union(code, u, value, path, problems),
            TypeKind::AllOf(parts) => {
                for &p in parts {
                    self.check(code, p, value, path, problems, false);
                }
            }
        }
        if nullable {
            code.close("}");
        }
    }

    fn string(
        &mut self,
        code: &mut Code,
        s: &StringType,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        let more = string_has_checks(s);
        self.guard(code, "isStringAt", value, path, problems, more);
        if !more {
            return;
        }
        let v = self.v();
        if let Some(values) = s.enum_values.as_ref().filter(|v| !v.is_empty()) {
            if values.len() <= 4 {
                code.open_with(|s| {
                    s.push_str("if (");
                    for (i, x) in values.iter().enumerate() {
                        if i > 0 {
                            s.push_str(" && ");
                        }
                        s.push_str(value);
                        s.push_str(" !== ");
                        literal::push_string(s, x);
                    }
                    s.push_str(") {");
                });
            } else {
                let set = self.ctx.fresh("allowed");
                self.ctx
                    .consts
                    .line_with(|s| literal::push_string_set(s, &set, values));
                code.open_parts(&["if (!", &set, ".has(", value, ")) {"]);
            }
            let mut message = String::from("must be one of ");
            for (i, x) in values.iter().enumerate() {
                if i > 0 {
                    message.push_str(", ");
                }
                push_json_string(&mut message, x);
            }
            push_text(code, problems, path, &message);
            code.close("}");
        }
        if s.min_length.is_some() || s.max_length.is_some() {
            let len = self.fresh("length");
            code.line_parts(&["const ", &len, " = ", v, ".codePointLength(", value, ");"]);
            if let Some(min) = s.min_length {
                report_if(
                    code,
                    problems,
                    path,
                    format_args!("{len} < {min}"),
                    &format!("must be at least {min} characters long"),
                );
            }
            if let Some(max) = s.max_length {
                report_if(
                    code,
                    problems,
                    path,
                    format_args!("{len} > {max}"),
                    &format!("must be at most {max} characters long"),
                );
            }
        }
        if let Some(pattern) = &s.pattern {
            let name = self.ctx.fresh("pattern");
            self.ctx.consts.line_with(|s| {
                s.push_str("const ");
                s.push_str(&name);
                s.push_str(" = ");
                s.push_str(v);
                s.push_str(".compilePattern(");
                literal::push_string(s, pattern);
                s.push_str(");");
            });
            code.open_parts(&["if (!", v, ".matchesPattern(", &name, ", ", value, ")) {"]);
            let mut message = String::with_capacity(pattern.len() + 24);
            message.push_str("must match the pattern ");
            message.push_str(pattern);
            push_text(code, problems, path, &message);
            code.close("}");
        }
        if let Some(format) = s.format.as_deref().filter(|f| CHECKED_FORMATS.contains(f)) {
            code.line_with(|s| {
                s.push_str(v);
                s.push_str(".checkFormat(");
                literal::push_string(s, format);
                s.push_str(", ");
                s.push_str(value);
                s.push_str(", ");
                path.write(s);
                s.push_str(", ");
                s.push_str(problems);
                s.push_str(");");
            });
        }
        code.close("}");
    }

    fn number(
        &mut self,
        code: &mut Code,
        n: &NumberType,
        integer: bool,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        let more = number_has_checks(n);
        let guard = if integer { "isIntegerAt" } else { "isNumberAt" };
        self.guard(code, guard, value, path, problems, more);
        if !more {
            return;
        }
        let v = self.v();
        let bounds = [
            (n.minimum, " < ", ">="),
            (n.exclusive_minimum, " <= ", ">"),
            (n.maximum, " > ", "<="),
            (n.exclusive_maximum, " >= ", "<"),
        ];
        for (bound, fails, holds) in bounds {
            if let Some(b) = bound {
                let b = literal::number(b);
                code.open_parts(&["if (", value, fails, &b, ") {"]);
                push_with(code, problems, path, |s| {
                    s.push_str("'must be ");
                    s.push_str(holds);
                    s.push(' ');
                    s.push_str(&b);
                    s.push('\'');
                });
                code.close("}");
            }
        }
        if let Some(m) = n.multiple_of.filter(|m| *m > 0.0) {
            let m = literal::number(m);
            code.open_parts(&["if (!", v, ".isMultipleOf(", value, ", ", &m, ")) {"]);
            push_text(code, problems, path, &format!("must be a multiple of {m}"));
            code.close("}");
        }
        code.close("}");
    }

    fn array(
        &mut self,
        code: &mut Code,
        a: &ArrayType,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        let items_checked = a.items.is_some_and(|i| needs_check(self.plan, i));
        let more =
            items_checked || a.min_items.is_some() || a.max_items.is_some() || a.unique_items;
        self.guard(code, "isArrayAt", value, path, problems, more);
        if !more {
            return;
        }
        let v = self.v();
        if let Some(min) = a.min_items {
            report_if(
                code,
                problems,
                path,
                format_args!("{value}.length < {min}"),
                &format!("must have at least {min} items"),
            );
        }
        if let Some(max) = a.max_items {
            report_if(
                code,
                problems,
                path,
                format_args!("{value}.length > {max}"),
                &format!("must have at most {max} items"),
            );
        }
        if a.unique_items {
            code.open_parts(&["if (", v, ".hasDuplicates(", value, ")) {"]);
            push_text(code, problems, path, "must not contain duplicate items");
            code.close("}");
        }
        if let (Some(items), true) = (a.items, items_checked) {
            let item = self.fresh("item");
            let index = self.fresh("index");
            code.open_parts(&[
                value,
                ".forEach((",
                &item,
                ": unknown, ",
                &index,
                ": number) => {",
            ]);
            let item_path = path.index(&index);
            self.check(code, items, &item, &item_path, problems, false);
            code.close("});");
        }
        code.close("}");
    }

    fn object(
        &mut self,
        code: &mut Code,
        o: &ObjectType,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        let additional_checked = match o.additional {
            AdditionalProperties::Forbidden => true,
            AdditionalProperties::Schema(s) => needs_check(self.plan, s),
            _ => false,
        };
        let props_checked = o
            .properties
            .iter()
            .any(|p| p.required || needs_check(self.plan, p.ty));
        let more = props_checked || additional_checked;
        self.guard(code, "isObjectAt", value, path, problems, more);
        if !more {
            return;
        }
        let v = self.v();
        // `validation.required(value, 'key', path, problems)` or `validation.own(value, 'key')`.
        let lookup = |s: &mut String, name: &str, required: bool| {
            s.push_str(v);
            s.push_str(if required { ".required(" } else { ".own(" });
            s.push_str(value);
            s.push_str(", ");
            literal::push_string(s, name);
            if required {
                s.push_str(", ");
                path.write(s);
                s.push_str(", ");
                s.push_str(problems);
            }
            s.push_str(");");
        };
        for p in &o.properties {
            let checked = needs_check(self.plan, p.ty);
            match (p.required, checked) {
                (false, false) => continue,
                (true, false) => {
                    code.line_with(|s| lookup(s, &p.name, true));
                    continue;
                }
                (required, true) => {
                    let prop = self.fresh("property");
                    code.line_with(|s| {
                        s.push_str("const ");
                        s.push_str(&prop);
                        s.push_str(" = ");
                        lookup(s, &p.name, required);
                    });
                    code.open_parts(&["if (", &prop, " !== undefined) {"]);
                    let ppath = path.property(&p.name);
                    self.check(code, p.ty, &prop, &ppath, problems, false);
                    code.close("}");
                }
            }
        }
        if additional_checked {
            let known = if o.properties.is_empty() {
                None
            } else {
                let set = self.ctx.fresh("properties");
                self.ctx.consts.line_with(|s| {
                    s.push_str("const ");
                    s.push_str(&set);
                    s.push_str(": ReadonlySet<string> = new Set([");
                    for (i, p) in o.properties.iter().enumerate() {
                        if i > 0 {
                            s.push_str(", ");
                        }
                        literal::push_string(s, &p.name);
                    }
                    s.push_str("]);");
                });
                Some(set)
            };
            let key = self.fresh("key");
            code.open_parts(&[
                "for (const ",
                &key,
                " of ",
                v,
                ".presentKeys(",
                value,
                ")) {",
            ]);
            if let Some(set) = &known {
                code.open_parts(&["if (!", set, ".has(", &key, ")) {"]);
            }
            let mut base = String::with_capacity(64);
            base.push_str(v);
            base.push_str(".propertyPath(");
            path.write(&mut base);
            base.push_str(", ");
            base.push_str(&key);
            base.push(')');
            let kpath = PathExpr::dynamic(base);
            match o.additional {
                AdditionalProperties::Schema(s) => {
                    let item = self.fresh("extra");
                    code.line_parts(&["const ", &item, " = ", v, ".own(", value, ", ", &key, ");"]);
                    self.check(code, s, &item, &kpath, problems, false);
                }
                _ => push_text(
                    code,
                    problems,
                    &kpath,
                    "is not allowed (additionalProperties is false)",
                ),
            }
            if known.is_some() {
                code.close("}");
            }
            code.close("}");
        }
        code.close("}");
    }

    fn constant(
        &mut self,
        code: &mut Code,
        c: &serde_json::Value,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        let text = format!("must be {c}");
        if literal::literal_type(c).is_some() {
            open!(code, "if ({value} !== {}) {{", literal::json(c));
        } else {
            let v = self.v();
            let name = self.ctx.fresh("constant");
            self.ctx.consts.line(&format!(
                "const {name}: unknown = {};",
                literal::json_expr(c)
            ));
            open!(code, "if (!{v}.jsonEqual({value}, {name})) {{");
        }
        push_text(code, problems, path, &text);
        code.close("}");
    }

    fn enumeration(
        &mut self,
        code: &mut Code,
        values: &[serde_json::Value],
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        let v = self.v();
        let name = self.ctx.fresh("values");
        let array = serde_json::Value::Array(values.to_vec());
        self.ctx.consts.line(&format!(
            "const {name}: readonly unknown[] = {};",
            literal::json_expr(&array)
        ));
        open!(code, "if (!{v}.isOneOf({value}, {name})) {{");
        let listed = values
            .iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        push_text(code, problems, path, &format!("must be one of {listed}"));
        code.close("}");
    }

    fn union(
        &mut self,
        code: &mut Code,
        u: &UnionType,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        if u.variants.is_empty() {
            return;
        }
        if u.kind == UnionKind::OneOf {
            if let Some(cases) = self.discriminated(u) {
                self.discriminator_switch(code, u, &cases, value, path, problems);
                return;
            }
        }
        let v = self.v();
        let mut lists = Vec::with_capacity(u.variants.len());
        for &variant in &u.variants {
            let list = self.fresh("variant");
            line!(code, "const {list}: {v}.ValidationProblem[] = [];");
            self.check(code, variant, value, path, &list, false);
            lists.push(list);
        }
        let all = lists.iter().map(|l| &**l).collect::<Vec<&str>>().join(", ");
        let count = self.fresh("matches");
        line!(code, "const {count} = {v}.countMatches([{all}]);");
        let n = u.variants.len();
        match u.kind {
            UnionKind::OneOf => {
                open!(code, "if ({count} === 0) {{");
                push_text(
                    code,
                    problems,
                    path,
                    &format!("must match exactly one of {n} schemas (oneOf) but matches none; the closest one reports:"),
                );
                line!(code, "{problems}.push(...{v}.closestProblems([{all}]));");
                code.reopen(&format!("}} else if ({count} > 1) {{"));
                let message = format!(
                    "{} + {count} + ' of them'",
                    literal::string(&format!(
                        "must match exactly one of {n} schemas (oneOf) but matches "
                    ))
                );
                push_with(code, problems, path, |s| s.push_str(&message));
                code.close("}");
            }
            UnionKind::AnyOf => {
                open!(code, "if ({count} === 0) {{");
                push_text(
                    code,
                    problems,
                    path,
                    &format!("must match at least one of {n} schemas (anyOf) but matches none; the closest one reports:"),
                );
                line!(code, "{problems}.push(...{v}.closestProblems([{all}]));");
                code.close("}");
            }
        }
    }

    /// The discriminator value of each variant, when every variant has exactly one.
    fn discriminated(&self, u: &UnionType) -> Option<Vec<(String, TypeId)>> {
        let d = u.discriminator.as_ref()?;
        let graph = &self.plan.model.types;
        let mut cases: Vec<(String, TypeId)> = Vec::new();
        for &variant in &u.variants {
            let explicit: Vec<&String> = d
                .mapping
                .iter()
                .filter(|(_, t)| *t == variant)
                .map(|(k, _)| k)
                .collect();
            if !explicit.is_empty() {
                for k in explicit {
                    cases.push((k.clone(), variant));
                }
                continue;
            }
            let def = graph.get(variant);
            let TypeKind::Object(o) = &def.kind else {
                return None;
            };
            let from_property = o
                .properties
                .iter()
                .find(|p| p.name == d.property)
                .and_then(|p| match &graph.get(p.ty).kind {
                    TypeKind::Const(serde_json::Value::String(s)) => Some(s.clone()),
                    TypeKind::String(s) => match s.enum_values.as_deref() {
                        Some([one]) => Some(one.clone()),
                        _ => None,
                    },
                    _ => None,
                });
            match from_property.or_else(|| def.component.clone()) {
                Some(k) => cases.push((k, variant)),
                None => return None,
            }
        }
        let mut keys: Vec<&String> = cases.iter().map(|(k, _)| k).collect();
        keys.sort();
        keys.dedup();
        (keys.len() == cases.len()).then_some(cases)
    }

    fn discriminator_switch(
        &mut self,
        code: &mut Code,
        u: &UnionType,
        cases: &[(String, TypeId)],
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        let Some(d) = u.discriminator.as_ref() else {
            return;
        };
        self.guard(code, "isObjectAt", value, path, problems, true);
        let v = self.v();
        let tag = self.fresh("tag");
        line!(
            code,
            "const {tag} = {v}.own({value}, {});",
            literal::string(&d.property)
        );
        open!(code, "switch ({tag}) {{");
        for (k, variant) in cases {
            open!(code, "case {}:", literal::string(k));
            self.check(code, *variant, value, path, problems, false);
            code.line("break;");
            code.dedent();
        }
        code.open("default:");
        let listed = cases
            .iter()
            .map(|(k, _)| serde_json::Value::String(k.clone()).to_string())
            .collect::<Vec<_>>()
            .join(", ");
        push_text(
            code,
            problems,
            &path.property(&d.property),
            &format!("must be one of {listed} (the discriminator)"),
        );
        code.dedent();
        code.close("}");
        code.close("}");
    }
}

fn string_has_checks(s: &StringType) -> bool {
    s.enum_values.as_ref().is_some_and(|v| !v.is_empty())
        || s.min_length.is_some()
        || s.max_length.is_some()
        || s.pattern.is_some()
        || s.format
            .as_deref()
            .is_some_and(|f| CHECKED_FORMATS.contains(&f))
}

fn number_has_checks(n: &NumberType) -> bool {
    n.minimum.is_some()
        || n.maximum.is_some()
        || n.exclusive_minimum.is_some()
        || n.exclusive_maximum.is_some()
        || n.multiple_of.is_some_and(|m| m > 0.0)
}

/// False when a value of type `id` is accepted whatever it is (no code to generate).
pub(crate) fn needs_check(plan: &Plan<'_>, id: TypeId) -> bool {
    kind_needs_check(&plan.model.types.get(id).kind)
}

fn kind_needs_check(kind: &TypeKind) -> bool {
    !matches!(kind, TypeKind::Any | TypeKind::Unsupported(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_use_ignores_strings_and_members() {
        assert!(uses_identifier("if (value !== null) {", "value"));
        assert!(!uses_identifier("push({ message: 'bad value' })", "value"));
        assert!(!uses_identifier("x.value", "value"));
        assert!(!uses_identifier("values1", "value"));
        assert!(uses_identifier("f(\"a\\\"\", path)", "path"));
    }
}

#[cfg(test)]
mod generated_checks {
    use crate::diag::Location;
    use crate::emit::typescript::plan::Plan;
    use crate::model::*;

    fn def(name: &str, named: bool, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.into(),
            component: None,
            named,
            title: None,
            description: None,
            nullable: false,
            deprecated: false,
            default: None,
            examples: Vec::new(),
            kind,
            location: Location::default(),
        }
    }

    fn prop(name: &str, ty: usize, required: bool) -> Property {
        Property {
            name: name.into(),
            ty: TypeId(ty),
            required,
            location: Location::default(),
        }
    }

    /// The payload file generated for a model whose only message has type 0 as payload.
    fn payload_file(types: Vec<TypeDef>) -> String {
        let model = Model {
            asyncapi: "3.0.0".into(),
            title: "t".into(),
            version: "1".into(),
            description: None,
            default_content_type: None,
            servers: Vec::new(),
            channels: Vec::new(),
            operations: Vec::new(),
            messages: vec![Message {
                id: "m".into(),
                name: "m".into(),
                type_name: "M".into(),
                title: None,
                summary: None,
                description: None,
                payload: Some(TypeId(0)),
                headers: None,
                content_type: None,
                correlation_id: None,
                mqtt: None,
                location: Location::default(),
            }],
            types: TypeGraph { types },
            files: Vec::new(),
            warnings: Vec::new(),
        };
        let plan = Plan::new(&model);
        super::super::payload::file(&plan, &plan.files[0], "")
    }

    #[test]
    fn numbers_check_bounds_exclusive_bounds_multiples_and_safe_integers() {
        let text = payload_file(vec![
            def(
                "Reading",
                true,
                TypeKind::Object(ObjectType {
                    properties: vec![prop("level", 1, true), prop("count", 2, false)],
                    additional: AdditionalProperties::Forbidden,
                }),
            ),
            def(
                "ReadingLevel",
                false,
                TypeKind::Number(NumberType {
                    exclusive_minimum: Some(0.0),
                    maximum: Some(100.0),
                    multiple_of: Some(0.5),
                    ..NumberType::default()
                }),
            ),
            def(
                "ReadingCount",
                false,
                TypeKind::Integer(NumberType {
                    format: Some("int64".into()),
                    ..NumberType::default()
                }),
            ),
        ]);
        for expected in [
            "const property1 = validation.required(value, 'level', path, problems);",
            "if (validation.isNumberAt(property1, path + '.level', problems)) {",
            "if (property1 <= 0) {",
            "message: 'must be > 0'",
            "if (property1 > 100) {",
            "if (!validation.isMultipleOf(property1, 0.5)) {",
            "validation.isIntegerAt(property2, path + '.count', problems);",
            "message: 'is not allowed (additionalProperties is false)'",
            "const properties1: ReadonlySet<string> = new Set(['level', 'count']);",
            "export class Reading {",
            "count?: number;",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    #[test]
    fn strings_check_enum_length_pattern_and_format() {
        let text = payload_file(vec![def(
            "Code",
            true,
            TypeKind::String(StringType {
                format: Some("uuid".into()),
                enum_values: None,
                pattern: Some("^a'b$".into()),
                min_length: Some(2),
                max_length: Some(4),
            }),
        )]);
        for expected in [
            "export type Code = string;",
            "const pattern1 = validation.compilePattern(\"^a'b$\");",
            "const length1 = validation.codePointLength(value);",
            "if (length1 < 2) {",
            "if (length1 > 4) {",
            "if (!validation.matchesPattern(pattern1, value)) {",
            "if (validation.isStringAt(value, path, problems)) {",
            "validation.checkFormat('uuid', value, path, problems);",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    #[test]
    fn a_discriminator_picks_the_variant_and_recursion_calls_the_named_validator() {
        let text = payload_file(vec![
            def(
                "Shape",
                true,
                TypeKind::Union(UnionType {
                    kind: UnionKind::OneOf,
                    variants: vec![TypeId(1), TypeId(3)],
                    discriminator: Some(Discriminator {
                        property: "kind".into(),
                        mapping: Vec::new(),
                    }),
                }),
            ),
            def(
                "Circle",
                true,
                TypeKind::Object(ObjectType {
                    properties: vec![prop("kind", 2, true), prop("inner", 0, false)],
                    additional: AdditionalProperties::Unspecified,
                }),
            ),
            def(
                "CircleKind",
                false,
                TypeKind::Const(serde_json::json!("circle")),
            ),
            def(
                "Square",
                true,
                TypeKind::Object(ObjectType {
                    properties: vec![prop("kind", 4, true)],
                    additional: AdditionalProperties::Unspecified,
                }),
            ),
            def(
                "SquareKind",
                false,
                TypeKind::String(StringType {
                    enum_values: Some(vec!["square".into()]),
                    ..StringType::default()
                }),
            ),
        ]);
        for expected in [
            "export type Shape = Circle | Square;",
            "const tag1 = validation.own(value, 'kind');",
            "case 'circle':",
            "validateCircle(value, path, problems);",
            "case 'square':",
            "must be one of \"circle\", \"square\" (the discriminator)",
            // Circle.inner refers back to the union: a call, not an endless expansion.
            "validateShape(property2, path + '.inner', problems);",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }
}
