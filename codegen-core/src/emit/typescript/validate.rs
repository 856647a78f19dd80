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
    format!("validate{type_name}")
}

/// A validation path expression: a runtime base plus a static suffix known here.
#[derive(Clone)]
struct PathExpr {
    base: String,
    suffix: String,
}

impl PathExpr {
    fn render(&self) -> String {
        if self.suffix.is_empty() {
            self.base.clone()
        } else {
            format!("{} + {}", self.base, literal::string(&self.suffix))
        }
    }

    fn property(&self, name: &str) -> PathExpr {
        PathExpr {
            base: self.base.clone(),
            suffix: format!("{}{}", self.suffix, literal::path_suffix(name)),
        }
    }

    /// The path of item `index` (a runtime variable) of the array at this path.
    fn index(&self, index: &str) -> PathExpr {
        let open = literal::string(&format!("{}[", self.suffix));
        PathExpr::dynamic(format!("{} + {open} + {index} + ']'", self.base))
    }

    fn dynamic(base: String) -> PathExpr {
        PathExpr {
            base,
            suffix: String::new(),
        }
    }
}

/// Writes `validateT` for the declared type `id`.
pub(crate) fn write_validator(
    plan: &Plan<'_>,
    ctx: &mut FileCtx,
    code: &mut Code,
    id: TypeId,
    exported: bool,
) {
    let name = validator_name(&plan.model.types.get(id).name);
    let mut body = Code::with_capacity(512);
    let mut gen = Gen {
        plan,
        ctx,
        counter: 0,
    };
    let root = PathExpr::dynamic("path".to_string());
    gen.check(&mut body, id, "value", &root, "problems", true);
    let body = body.finish();
    let body = if body.trim().is_empty() {
        String::new()
    } else {
        body
    };
    let v = gen.ctx.rt(Runtime::Validation);
    let used = |ident: &str| uses_identifier(&body, ident);
    let param = |ident: &str| {
        if used(ident) {
            ident.to_string()
        } else {
            format!("_{ident}")
        }
    };
    let export = if exported { "export " } else { "" };
    open!(
        code,
        "{export}function {name}({}: unknown, {}: string, {}: {v}.ValidationProblem[]): void {{",
        param("value"),
        param("path"),
        param("problems")
    );
    for l in body.lines() {
        code.line(l);
    }
    code.close("}");
}

/// True when `ident` occurs in `code` as a whole word outside string literals.
fn uses_identifier(code: &str, ident: &str) -> bool {
    let bytes = code.as_bytes();
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
        if code[i..].starts_with(ident) {
            let before = i.checked_sub(1).map(|j| bytes[j]);
            let after = bytes.get(i + ident.len()).copied();
            let word = |b: Option<u8>| {
                b.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
            };
            if !word(before) && !word(after) && before != Some(b'.') {
                return true;
            }
        }
        i += 1;
    }
    false
}

struct Gen<'a, 'p> {
    plan: &'a Plan<'p>,
    ctx: &'a mut FileCtx,
    counter: usize,
}

impl Gen<'_, '_> {
    fn fresh(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    fn v(&mut self) -> &'static str {
        self.ctx.rt(Runtime::Validation)
    }

    fn push(&mut self, code: &mut Code, problems: &str, path: &PathExpr, message: &str) {
        let rendered = path.render();
        if rendered == "path" {
            line!(code, "{problems}.push({{ path, message: {message} }});");
        } else {
            line!(
                code,
                "{problems}.push({{ path: {rendered}, message: {message} }});"
            );
        }
    }

    /// The JSON-type check `validation.<guard>(value, path, problems)`: a statement when
    /// nothing else is checked, else an `if` whose block (opened here) checks the rest.
    fn guard(
        &mut self,
        code: &mut Code,
        guard: &str,
        value: &str,
        path: &PathExpr,
        problems: &str,
        more: bool,
    ) {
        let v = self.v();
        let call = format!("{v}.{guard}({value}, {}, {problems})", path.render());
        if more {
            open!(code, "if ({call}) {{");
        } else {
            line!(code, "{call};");
        }
    }

    fn push_text(&mut self, code: &mut Code, problems: &str, path: &PathExpr, text: &str) {
        let message = literal::string(text);
        self.push(code, problems, path, &message);
    }

    /// Checks `value` against type `id`; `top` expands a declared type instead of calling it.
    fn check(
        &mut self,
        code: &mut Code,
        id: TypeId,
        value: &str,
        path: &PathExpr,
        problems: &str,
        top: bool,
    ) {
        let plan = self.plan;
        let def = plan.model.types.get(id);
        if !top && plan.decl(id).is_some() {
            if !needs_check(plan, id) {
                return;
            }
            let name = validator_name(&def.name);
            if let Some(module) = plan.module_of(id) {
                self.ctx.import(&module, &name, true);
            }
            line!(code, "{name}({value}, {}, {problems});", path.render());
            return;
        }
        let nullable = def.nullable && !matches!(def.kind, TypeKind::Null | TypeKind::Any);
        if nullable {
            if !kind_needs_check(&def.kind) {
                return;
            }
            open!(code, "if ({value} !== null) {{");
        }
        match &def.kind {
            TypeKind::Any | TypeKind::Unsupported(_) => {}
            TypeKind::Null => {
                open!(code, "if ({value} !== null) {{");
                self.push_text(code, problems, path, "must be null");
                code.close("}");
            }
            TypeKind::Boolean => {
                let v = self.v();
                line!(
                    code,
                    "{v}.isBooleanAt({value}, {}, {problems});",
                    path.render()
                );
            }
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
        path: &PathExpr,
        problems: &str,
    ) {
        let more = string_has_checks(s);
        self.guard(code, "isStringAt", value, path, problems, more);
        if !more {
            return;
        }
        let v = self.v();
        if let Some(values) = s.enum_values.as_ref().filter(|v| !v.is_empty()) {
            let listed = values
                .iter()
                .map(|x| serde_json::Value::String(x.clone()).to_string())
                .collect::<Vec<_>>()
                .join(", ");
            if values.len() <= 4 {
                let cond = values
                    .iter()
                    .map(|x| format!("{value} !== {}", literal::string(x)))
                    .collect::<Vec<_>>()
                    .join(" && ");
                open!(code, "if ({cond}) {{");
            } else {
                let set = self.ctx.fresh("allowed");
                let items = values
                    .iter()
                    .map(|x| literal::string(x))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.ctx.consts.line(&format!(
                    "const {set}: ReadonlySet<string> = new Set([{items}]);"
                ));
                open!(code, "if (!{set}.has({value})) {{");
            }
            self.push_text(code, problems, path, &format!("must be one of {listed}"));
            code.close("}");
        }
        if s.min_length.is_some() || s.max_length.is_some() {
            let len = self.fresh("length");
            line!(code, "const {len} = {v}.codePointLength({value});");
            if let Some(min) = s.min_length {
                open!(code, "if ({len} < {min}) {{");
                self.push_text(
                    code,
                    problems,
                    path,
                    &format!("must be at least {min} characters long"),
                );
                code.close("}");
            }
            if let Some(max) = s.max_length {
                open!(code, "if ({len} > {max}) {{");
                self.push_text(
                    code,
                    problems,
                    path,
                    &format!("must be at most {max} characters long"),
                );
                code.close("}");
            }
        }
        if let Some(pattern) = &s.pattern {
            let name = self.ctx.fresh("pattern");
            self.ctx.consts.line(&format!(
                "const {name} = {v}.compilePattern({});",
                literal::string(pattern)
            ));
            open!(code, "if (!{v}.matchesPattern({name}, {value})) {{");
            self.push_text(
                code,
                problems,
                path,
                &format!("must match the pattern {pattern}"),
            );
            code.close("}");
        }
        if let Some(format) = s.format.as_deref().filter(|f| CHECKED_FORMATS.contains(f)) {
            line!(
                code,
                "{v}.checkFormat({}, {value}, {}, {problems});",
                literal::string(format),
                path.render()
            );
        }
        code.close("}");
    }

    fn number(
        &mut self,
        code: &mut Code,
        n: &NumberType,
        integer: bool,
        value: &str,
        path: &PathExpr,
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
            (n.minimum, "<", ">="),
            (n.exclusive_minimum, "<=", ">"),
            (n.maximum, ">", "<="),
            (n.exclusive_maximum, ">=", "<"),
        ];
        for (bound, fails, holds) in bounds {
            if let Some(b) = bound {
                let b = literal::number(b);
                open!(code, "if ({value} {fails} {b}) {{");
                self.push_text(code, problems, path, &format!("must be {holds} {b}"));
                code.close("}");
            }
        }
        if let Some(m) = n.multiple_of.filter(|m| *m > 0.0) {
            let m = literal::number(m);
            open!(code, "if (!{v}.isMultipleOf({value}, {m})) {{");
            self.push_text(code, problems, path, &format!("must be a multiple of {m}"));
            code.close("}");
        }
        code.close("}");
    }

    fn array(
        &mut self,
        code: &mut Code,
        a: &ArrayType,
        value: &str,
        path: &PathExpr,
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
            open!(code, "if ({value}.length < {min}) {{");
            self.push_text(
                code,
                problems,
                path,
                &format!("must have at least {min} items"),
            );
            code.close("}");
        }
        if let Some(max) = a.max_items {
            open!(code, "if ({value}.length > {max}) {{");
            self.push_text(
                code,
                problems,
                path,
                &format!("must have at most {max} items"),
            );
            code.close("}");
        }
        if a.unique_items {
            open!(code, "if ({v}.hasDuplicates({value})) {{");
            self.push_text(code, problems, path, "must not contain duplicate items");
            code.close("}");
        }
        if let (Some(items), true) = (a.items, items_checked) {
            let item = self.fresh("item");
            let index = self.fresh("index");
            open!(
                code,
                "{value}.forEach(({item}: unknown, {index}: number) => {{"
            );
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
        path: &PathExpr,
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
        for p in &o.properties {
            let checked = needs_check(self.plan, p.ty);
            let key = literal::string(&p.name);
            let ppath = path.property(&p.name);
            match (p.required, checked) {
                (false, false) => continue,
                (true, false) => {
                    line!(
                        code,
                        "{v}.required({value}, {key}, {}, {problems});",
                        path.render()
                    );
                    continue;
                }
                (true, true) => {
                    let prop = self.fresh("property");
                    line!(
                        code,
                        "const {prop} = {v}.required({value}, {key}, {}, {problems});",
                        path.render()
                    );
                    open!(code, "if ({prop} !== undefined) {{");
                    self.check(code, p.ty, &prop, &ppath, problems, false);
                    code.close("}");
                }
                (false, true) => {
                    let prop = self.fresh("property");
                    line!(code, "const {prop} = {v}.own({value}, {key});");
                    open!(code, "if ({prop} !== undefined) {{");
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
                let items = o
                    .properties
                    .iter()
                    .map(|p| literal::string(&p.name))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.ctx.consts.line(&format!(
                    "const {set}: ReadonlySet<string> = new Set([{items}]);"
                ));
                Some(set)
            };
            let key = self.fresh("key");
            open!(code, "for (const {key} of {v}.presentKeys({value})) {{");
            if let Some(set) = &known {
                open!(code, "if (!{set}.has({key})) {{");
            }
            let kpath = PathExpr::dynamic(format!("{v}.propertyPath({}, {key})", path.render()));
            match o.additional {
                AdditionalProperties::Schema(s) => {
                    let item = self.fresh("extra");
                    line!(code, "const {item} = {v}.own({value}, {key});");
                    self.check(code, s, &item, &kpath, problems, false);
                }
                _ => self.push_text(
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
        path: &PathExpr,
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
        self.push_text(code, problems, path, &text);
        code.close("}");
    }

    fn enumeration(
        &mut self,
        code: &mut Code,
        values: &[serde_json::Value],
        value: &str,
        path: &PathExpr,
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
        self.push_text(code, problems, path, &format!("must be one of {listed}"));
        code.close("}");
    }

    fn union(
        &mut self,
        code: &mut Code,
        u: &UnionType,
        value: &str,
        path: &PathExpr,
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
        let all = lists.join(", ");
        let count = self.fresh("matches");
        line!(code, "const {count} = {v}.countMatches([{all}]);");
        let n = u.variants.len();
        match u.kind {
            UnionKind::OneOf => {
                open!(code, "if ({count} === 0) {{");
                self.push_text(
                    code,
                    problems,
                    path,
                    &format!("must match exactly one of {n} schemas (oneOf) but matches none; the closest one reports:"),
                );
                line!(code, "{problems}.push(...{v}.closestProblems([{all}]));");
                code.reopen(&format!("}} else if ({count} > 1) {{"));
                self.push(
                    code,
                    problems,
                    path,
                    &format!(
                        "{} + {count} + ' of them'",
                        literal::string(&format!(
                            "must match exactly one of {n} schemas (oneOf) but matches "
                        ))
                    ),
                );
                code.close("}");
            }
            UnionKind::AnyOf => {
                open!(code, "if ({count} === 0) {{");
                self.push_text(
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
        path: &PathExpr,
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
        self.push_text(
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
        super::super::payload::file(&plan, &plan.files[0])
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
