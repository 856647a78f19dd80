//! Validators generated as plain code (no `eval`, no `new Function`, no schema interpreter).
//!
//! Each declared type `T` gets `validateT(value, path, problems)`, which appends every
//! problem found to `problems`; inline types are checked in place, declared ones by calling
//! their function, so recursive schemas are recursive functions. The checks come from each
//! schema's draft-7 [`Rules`] (see `model/rules.rs`, which also lists every problem message):
//! without `type`, each keyword applies only to values of its own type; `not`,
//! `if`/`then`/`else`, `contains`, tuple `items` with `additionalItems`, `patternProperties`,
//! `propertyNames`, `dependencies`, `minProperties`/`maxProperties` and boolean schemas are
//! enforced; `required` looks at own properties only; patterns compile with the `u` flag.
//! Asserted formats: `ENFORCED_FORMATS` in `model/rules.rs`.
//!
//! int64 policy: every integer schema (with or without `format: int64`) is typed `number`
//! and must hold a safe integer (`Number.isSafeInteger`, |n| <= 2^53 - 1). `JSON.parse`
//! has already rounded anything larger, so such values are rejected instead of being
//! accepted with a different value.

use std::borrow::Cow;

use super::imports::{FileCtx, Runtime};
use super::layout::Layout;
use super::literal;
use super::writer::{line, open, Code};
use crate::emit::validation_shape::{discriminated, Shape};
use crate::model::rules::messages;
use crate::model::{Dependency, Items, JsonType, Rules, Subschema, TypeId, UnionKind, UnionType};

/// The most properties an object's checks put in one function body (see `object`).
const PROPERTIES_PER_BODY: usize = 256;

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
    layout: &Layout<'_>,
    ctx: &mut FileCtx,
    code: &mut Code,
    id: TypeId,
    exported: bool,
) {
    let v = ctx.rt(Runtime::Validation);
    let mut params = [0usize; 3];
    // Broken (when too wide) only once the unused parameters are renamed.
    let signature = code.open_with_unbroken(|s| {
        if exported {
            s.push_str("export ");
        }
        s.push_str("function ");
        push_validator_name(s, &layout.model.types.get(id).name);
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
        layout,
        ctx,
        counter: 0,
        property_locals: Vec::new(),
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
    code.lay_out_line(signature);
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

/// The runtime function that asserts `format` (every entry of `ENFORCED_FORMATS`); `None`
/// for a format that is only an annotation.
fn format_check(format: &str) -> Option<&'static str> {
    Some(match format {
        "date" => "isDate",
        "date-time" => "isDateTime",
        "email" => "isEmail",
        "ipv4" => "isIpv4",
        "ipv6" => "isIpv6",
        "time" => "isTime",
        "uri" => "isUri",
        "uuid" => "isUuid",
        _ => return None,
    })
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

/// A local variable name such as `length12` or `deviceIdValue`, kept inline: validators
/// declare many.
#[derive(Clone, Copy)]
struct Local {
    text: [u8; 32],
    len: usize,
}

impl Local {
    /// `prefix` (a short ASCII word) followed by `n`.
    fn new(prefix: &'static str, n: usize) -> Local {
        Local::compose(prefix, "", Some(n))
    }

    /// `head`, `tail` and then `n` if given; `head` and `tail` are short ASCII words.
    fn compose(head: &str, tail: &str, n: Option<usize>) -> Local {
        let mut digits = [0u8; 20];
        let mut d = digits.len();
        if let Some(mut rest) = n {
            loop {
                d -= 1;
                digits[d] = b'0' + (rest % 10) as u8;
                rest /= 10;
                if rest == 0 {
                    break;
                }
            }
        }
        let mut text = [0u8; 32];
        let mut len = 0;
        let bytes = head.as_bytes().iter().chain(tail.as_bytes());
        for &b in bytes.chain(&digits[d..]) {
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
    layout: &'a Layout<'p>,
    ctx: &'a mut FileCtx,
    counter: usize,
    /// The `<name>Value` locals this function declares, so that a name nested in itself
    /// (a `location` inside a `location`) gets a numbered second local.
    property_locals: Vec<Local>,
}

/// Longest property name a local is named after (the local must fit a [`Local`]).
const PROPERTY_LOCAL_MAX: usize = 20;

impl Gen<'_, '_> {
    fn fresh(&mut self, prefix: &'static str) -> Local {
        self.counter += 1;
        Local::new(prefix, self.counter)
    }

    /// The local holding property `name`'s value: `deviceIdValue` (numbered when the name
    /// is taken), or `property<n>` for a name that is not a short identifier. Every other
    /// local is a fixed word followed by digits, or `<name>Item`/`<name>Index` (see
    /// `element_locals`), so `…Value` and `…Value<n>` never meet them.
    fn property_local(&mut self, name: &str) -> Local {
        self.counter += 1;
        if !literal::is_identifier(name) || name.len() > PROPERTY_LOCAL_MAX {
            return Local::new("property", self.counter);
        }
        let mut local = Local::compose(name, "Value", None);
        if self.property_locals.iter().any(|l| **l == *local) {
            local = Local::compose(name, "Value", Some(self.counter));
        }
        self.property_locals.push(local);
        local
    }

    /// The item and index locals of a loop over the array in local `array`: `tagsItem` and
    /// `tagsIndex` for the property local `tagsValue` (a property local is unique in its
    /// function, so these are too), else `item<n>` and `index<n>`.
    fn element_locals(&mut self, array: &str) -> (Local, Local) {
        let named = array
            .strip_suffix("Value")
            .filter(|name| self.property_locals.iter().any(|l| **l == *array) && !name.is_empty());
        match named {
            Some(name) => (
                Local::compose(name, "Item", None),
                Local::compose(name, "Index", None),
            ),
            None => (self.fresh("item"), self.fresh("index")),
        }
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
        let layout = self.layout;
        let def = layout.model.types.get(id);
        if !top && layout.decl(id).is_some() {
            if !needs_check(layout, id) {
                return;
            }
            if let Some(module) = layout.module_of(id) {
                self.ctx.import_validator(module, &def.name);
            }
            code.line_with(|s| {
                push_validator_name(s, &def.name);
                push_call_args(s, value, path, problems);
                s.push(';');
            });
            return;
        }
        self.rules(code, &def.rules, value, path, problems);
    }

    /// Checks `value` against a subschema.
    fn sub(
        &mut self,
        code: &mut Code,
        s: Subschema,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        match s {
            Subschema::Any => {}
            Subschema::Never => push_text(code, problems, path, messages::NEVER),
            Subschema::Type(id) => self.check(code, id, value, path, problems, false),
        }
    }

    /// Checks `value` against the rules of one schema (draft 7: each type's keywords apply
    /// only to values of that type).
    fn rules(
        &mut self,
        code: &mut Code,
        r: &Rules,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        if r.never {
            push_text(code, problems, path, messages::NEVER);
            return;
        }
        if r.accepts_everything() {
            return;
        }
        let layout = self.layout;
        let shape = Shape::of(r);
        if shape.nullable {
            code.open_parts(&["if (", value, " !== null) {"]);
        }
        match shape.types.as_deref() {
            Some([one]) => {
                let more = shape.checks_for(r, *one, &layout.model.types) || shape.generic(r);
                let guard = match one {
                    JsonType::Null => None,
                    JsonType::Boolean => Some("isBooleanAt"),
                    JsonType::Integer => Some("isIntegerAt"),
                    JsonType::Number => Some("isNumberAt"),
                    JsonType::String => Some("isStringAt"),
                    JsonType::Array => Some("isArrayAt"),
                    JsonType::Object => Some("isObjectAt"),
                };
                match guard {
                    Some(guard) => self.guard(code, guard, value, path, problems, more),
                    None => {
                        code.open_parts(&["if (", value, " !== null) {"]);
                        push_text(code, problems, path, "must be null");
                        if more {
                            code.reopen("} else {");
                        }
                    }
                }
                if more || guard.is_none() {
                    self.section(code, r, &shape, *one, value, path, problems);
                    self.generic(code, r, &shape, value, path, problems);
                    code.close("}");
                }
            }
            listed => {
                let listed: Vec<JsonType> = match listed {
                    Some(types) if !types.is_empty() => {
                        let v = self.v();
                        code.open_with(|s| {
                            s.push_str("if (!(");
                            for (i, t) in types.iter().enumerate() {
                                if i > 0 {
                                    s.push_str(" || ");
                                }
                                type_test(s, v, *t, value);
                            }
                            s.push_str(")) {");
                        });
                        let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
                        let text = format!("{}, not ", messages::types(&names));
                        push_with(code, problems, path, |s| {
                            literal::push_string(s, &text);
                            s.push_str(" + ");
                            s.push_str(v);
                            s.push_str(".describe(");
                            s.push_str(value);
                            s.push(')');
                        });
                        code.close("}");
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
                    if !wanted || !shape.checks_for(r, t, &layout.model.types) {
                        continue;
                    }
                    let v = self.v();
                    code.open_with(|s| {
                        s.push_str("if (");
                        match t {
                            JsonType::Number => {
                                s.push_str("typeof ");
                                s.push_str(value);
                                s.push_str(" === 'number'");
                            }
                            _ => type_test(s, v, t, value),
                        }
                        s.push_str(") {");
                    });
                    self.section(code, r, &shape, t, value, path, problems);
                    code.close("}");
                }
                self.generic(code, r, &shape, value, path, problems);
            }
        }
        if shape.nullable {
            code.close("}");
        }
    }

    /// The keywords of one JSON type, for a `value` known to have that type.
    #[allow(clippy::too_many_arguments)]
    fn section(
        &mut self,
        code: &mut Code,
        r: &Rules,
        shape: &Shape,
        t: JsonType,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        match t {
            JsonType::String => self.string(code, r, shape, value, path, problems),
            JsonType::Integer | JsonType::Number => self.number(code, r, value, path, problems),
            JsonType::Array => self.array(code, r, value, path, problems),
            JsonType::Object => self.object(code, r, value, path, problems),
            JsonType::Null | JsonType::Boolean => {}
        }
    }

    /// The keywords that apply to every type: `const`, `enum`, `allOf`, `anyOf`, `oneOf`,
    /// `not`, `if`/`then`/`else`.
    fn generic(
        &mut self,
        code: &mut Code,
        r: &Rules,
        shape: &Shape,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        if let Some(c) = &r.const_value {
            self.constant(code, c, value, path, problems);
        }
        if let Some(values) = &r.enum_values {
            if shape.string_enum.is_none() {
                self.enumeration(code, values, value, path, problems);
            }
        }
        for &part in &r.all_of {
            self.check(code, part, value, path, problems, false);
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
                self.union(code, &u, value, path, problems);
            }
        }
        if let Some(not) = r.not.map(|n| self.effective(n)) {
            match not {
                Subschema::Any => push_text(code, problems, path, messages::NOT),
                Subschema::Never => {}
                Subschema::Type(_) => {
                    let v = self.v();
                    let list = self.fresh("not");
                    line!(code, "const {list}: {v}.ValidationProblem[] = [];");
                    self.sub(code, not, value, path, &list);
                    open!(code, "if ({list}.length === 0) {{");
                    push_text(code, problems, path, messages::NOT);
                    code.close("}");
                }
            }
        }
        if let Some((condition, then, otherwise)) = r.if_then_else {
            let then = then.unwrap_or(Subschema::Any);
            let otherwise = otherwise.unwrap_or(Subschema::Any);
            match self.effective(condition) {
                Subschema::Any => self.sub(code, then, value, path, problems),
                Subschema::Never => self.sub(code, otherwise, value, path, problems),
                Subschema::Type(_) => {
                    let v = self.v();
                    let list = self.fresh("condition");
                    line!(code, "const {list}: {v}.ValidationProblem[] = [];");
                    self.sub(code, condition, value, path, &list);
                    open!(code, "if ({list}.length === 0) {{");
                    self.sub(code, then, value, path, problems);
                    code.reopen("} else {");
                    self.sub(code, otherwise, value, path, problems);
                    code.close("}");
                }
            }
        }
    }

    fn string(
        &mut self,
        code: &mut Code,
        r: &Rules,
        shape: &Shape,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        let v = self.v();
        if let Some(values) = shape.string_enum.as_ref().filter(|v| !v.is_empty()) {
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
            let mut listed = String::new();
            for (i, x) in values.iter().enumerate() {
                if i > 0 {
                    listed.push_str(", ");
                }
                push_json_string(&mut listed, x);
            }
            push_text(code, problems, path, &messages::one_of_values(&listed));
            code.close("}");
        }
        if r.min_length.is_some() || r.max_length.is_some() {
            let len = self.fresh("length");
            code.line_parts(&["const ", &len, " = ", v, ".codePointLength(", value, ");"]);
            if let Some(min) = r.min_length {
                report_if(
                    code,
                    problems,
                    path,
                    format_args!("{len} < {min}"),
                    &messages::min_length(min),
                );
            }
            if let Some(max) = r.max_length {
                report_if(
                    code,
                    problems,
                    path,
                    format_args!("{len} > {max}"),
                    &messages::max_length(max),
                );
            }
        }
        if let Some(pattern) = &r.pattern {
            let name = self.pattern_const(pattern);
            code.open_parts(&["if (!", v, ".matchesPattern(", &name, ", ", value, ")) {"]);
            push_text(code, problems, path, &messages::pattern(pattern));
            code.close("}");
        }
        if let Some(format) = r.format.as_deref() {
            // One runtime function per format (see `format_check`), so a bundler keeps only
            // the formats a client uses.
            if let Some(check) = format_check(format) {
                code.open_parts(&["if (!", v, ".", check, "(", value, ")) {"]);
                push_text(code, problems, path, &messages::format(format));
                code.close("}");
            }
        }
    }

    /// A module-level `const patternN = validation.compilePattern("...")`; its name.
    fn pattern_const(&mut self, pattern: &str) -> String {
        let v = self.v();
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
        name
    }

    fn number(
        &mut self,
        code: &mut Code,
        r: &Rules,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        let v = self.v();
        let bounds = [
            (r.minimum, " < ", ">="),
            (r.exclusive_minimum, " <= ", ">"),
            (r.maximum, " > ", "<="),
            (r.exclusive_maximum, " >= ", "<"),
        ];
        for (bound, fails, holds) in bounds {
            if let Some(b) = bound {
                let b = literal::number(b);
                code.open_parts(&["if (", value, fails, &b, ") {"]);
                push_with(code, problems, path, |s| {
                    literal::push_string(s, &messages::bound(holds, &b));
                });
                code.close("}");
            }
        }
        if let Some(m) = r.multiple_of {
            let m = literal::number(m);
            code.open_parts(&["if (!", v, ".isMultipleOf(", value, ", ", &m, ")) {"]);
            push_text(code, problems, path, &messages::multiple_of(&m));
            code.close("}");
        }
    }

    fn array(
        &mut self,
        code: &mut Code,
        r: &Rules,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        let v = self.v();
        if let Some(min) = r.min_items {
            report_if(
                code,
                problems,
                path,
                format_args!("{value}.length < {min}"),
                &messages::min_items(min),
            );
        }
        if let Some(max) = r.max_items {
            report_if(
                code,
                problems,
                path,
                format_args!("{value}.length > {max}"),
                &messages::max_items(max),
            );
        }
        if r.unique_items {
            code.open_parts(&["if (", v, ".hasDuplicates(", value, ")) {"]);
            push_text(code, problems, path, messages::UNIQUE_ITEMS);
            code.close("}");
        }
        match &r.items {
            Items::Unconstrained => {}
            Items::All(Subschema::Never) => {
                let first = PathExpr {
                    base: Cow::Borrowed(&path.base),
                    suffix: format!("{}[0]", path.suffix),
                };
                report_if(
                    code,
                    problems,
                    &first,
                    format_args!("{value}.length > 0"),
                    messages::NEVER,
                );
            }
            Items::All(items) => {
                if self.sub_needs_check(*items) {
                    let (item, index) = self.element_locals(value);
                    code.open_parts(&[
                        value,
                        ".forEach((",
                        &item,
                        ": unknown, ",
                        &index,
                        ": number) => {",
                    ]);
                    let item_path = path.index(&index);
                    self.sub(code, *items, &item, &item_path, problems);
                    code.close("});");
                }
            }
            Items::Tuple(list) => {
                for (i, s) in list.iter().enumerate() {
                    if !self.sub_needs_check(*s) {
                        continue;
                    }
                    open!(code, "if ({value}.length > {i}) {{");
                    let item_path = PathExpr {
                        base: Cow::Borrowed(&path.base),
                        suffix: format!("{}[{i}]", path.suffix),
                    };
                    if *s == Subschema::Never {
                        push_text(code, problems, &item_path, messages::NEVER);
                    } else {
                        let item = self.fresh("item");
                        line!(code, "const {item}: unknown = {value}[{i}];");
                        self.sub(code, *s, &item, &item_path, problems);
                    }
                    code.close("}");
                }
                let n = list.len();
                match r.additional_items {
                    None | Some(Subschema::Any) => {}
                    Some(Subschema::Never) => {
                        let at = PathExpr {
                            base: Cow::Borrowed(&path.base),
                            suffix: format!("{}[{n}]", path.suffix),
                        };
                        report_if(
                            code,
                            problems,
                            &at,
                            format_args!("{value}.length > {n}"),
                            &messages::additional_items(n),
                        );
                    }
                    Some(extra) => {
                        let index = self.fresh("index");
                        open!(
                            code,
                            "for (let {index} = {n}; {index} < {value}.length; {index}++) {{"
                        );
                        let item = self.fresh("item");
                        line!(code, "const {item}: unknown = {value}[{index}];");
                        let item_path = path.index(&index);
                        self.sub(code, extra, &item, &item_path, problems);
                        code.close("}");
                    }
                }
            }
        }
        if let Some(contains) = r.contains.map(|c| self.effective(c)) {
            match contains {
                Subschema::Any => report_if(
                    code,
                    problems,
                    path,
                    format_args!("{value}.length === 0"),
                    messages::CONTAINS,
                ),
                Subschema::Never => push_text(code, problems, path, messages::CONTAINS),
                Subschema::Type(_) => {
                    let found = self.fresh("found");
                    let index = self.fresh("index");
                    line!(code, "let {found} = false;");
                    open!(
                        code,
                        "for (let {index} = 0; {index} < {value}.length && !{found}; {index}++) {{"
                    );
                    let list = self.fresh("candidate");
                    line!(code, "const {list}: {v}.ValidationProblem[] = [];");
                    let item = self.fresh("item");
                    line!(code, "const {item}: unknown = {value}[{index}];");
                    let item_path = path.index(&index);
                    self.sub(code, contains, &item, &item_path, &list);
                    line!(code, "{found} = {list}.length === 0;");
                    code.close("}");
                    open!(code, "if (!{found}) {{");
                    push_text(code, problems, path, messages::CONTAINS);
                    code.close("}");
                }
            }
        }
    }

    fn object(
        &mut self,
        code: &mut Code,
        r: &Rules,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
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
        // tsc gives up on a function body with thousands of branches (TS2563, "too large
        // for control flow analysis"): the checks of a large object go into arrow functions
        // of at most this many properties each, bound to a `const` and then called (tsc
        // analyses an immediately invoked function as part of its caller). Narrowings of
        // `value` (a parameter or a `const`) hold inside them.
        let split = r.properties.len() > PROPERTIES_PER_BODY;
        let mut part: Option<Local> = None;
        for (i, (name, schema)) in r.properties.iter().enumerate() {
            if split && i % PROPERTIES_PER_BODY == 0 {
                if let Some(done) = part.take() {
                    code.close("};");
                    code.line_parts(&[&done, "();"]);
                }
                let next = self.fresh("part");
                code.open_parts(&["const ", &next, " = (): void => {"]);
                part = Some(next);
            }
            let required = r.required.contains(name);
            let checked = self.sub_needs_check(*schema);
            match (required, checked) {
                (false, false) => continue,
                (true, false) => {
                    code.line_with(|s| lookup(s, name, true));
                    continue;
                }
                (required, true) => {
                    let prop = self.property_local(name);
                    code.line_with(|s| {
                        s.push_str("const ");
                        s.push_str(&prop);
                        s.push_str(" = ");
                        lookup(s, name, required);
                    });
                    code.open_parts(&["if (", &prop, " !== undefined) {"]);
                    let ppath = path.property(name);
                    self.sub(code, *schema, &prop, &ppath, problems);
                    code.close("}");
                }
            }
        }
        if let Some(done) = part.take() {
            code.close("};");
            code.line_parts(&[&done, "();"]);
        }
        for name in &r.required {
            if !r.properties.iter().any(|(p, _)| p == name) {
                code.line_with(|s| lookup(s, name, true));
            }
        }
        if let Some(min) = r.min_properties {
            report_if(
                code,
                problems,
                path,
                format_args!("Object.keys({value}).length < {min}"),
                &messages::min_properties(min),
            );
        }
        if let Some(max) = r.max_properties {
            report_if(
                code,
                problems,
                path,
                format_args!("Object.keys({value}).length > {max}"),
                &messages::max_properties(max),
            );
        }
        for (name, dependency) in &r.dependencies {
            let checks = match dependency {
                Dependency::Required(names) => !names.is_empty(),
                Dependency::Schema(s) => self.sub_needs_check(*s),
            };
            if !checks {
                continue;
            }
            code.open_with(|s| {
                s.push_str("if (");
                lookup(s, name, false);
                s.pop();
                s.push_str(" !== undefined) {");
            });
            match dependency {
                Dependency::Required(names) => {
                    let text =
                        messages::dependency(&serde_json::Value::String(name.clone()).to_string());
                    for n in names {
                        code.open_with(|s| {
                            s.push_str("if (");
                            lookup(s, n, false);
                            s.pop();
                            s.push_str(" === undefined) {");
                        });
                        push_text(code, problems, &path.property(n), &text);
                        code.close("}");
                    }
                }
                Dependency::Schema(s) => self.sub(code, *s, value, path, problems),
            }
            code.close("}");
        }
        let additional = r.additional_properties.filter(|s| self.sub_needs_check(*s));
        let patterns: Vec<&(String, Subschema)> = r.pattern_properties.iter().collect();
        let names = r.property_names.filter(|s| self.sub_needs_check(*s));
        let pattern_checks = patterns.iter().any(|(_, s)| self.sub_needs_check(*s));
        if additional.is_none() && !pattern_checks && names.is_none() {
            return;
        }
        let known = if r.properties.is_empty() || additional.is_none() {
            None
        } else {
            let set = self.ctx.fresh("properties");
            self.ctx.consts.line_with(|s| {
                s.push_str("const ");
                s.push_str(&set);
                s.push_str(": ReadonlySet<string> = new Set([");
                for (i, (name, _)) in r.properties.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    literal::push_string(s, name);
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
        let mut base = String::with_capacity(64);
        base.push_str(v);
        base.push_str(".propertyPath(");
        path.write(&mut base);
        base.push_str(", ");
        base.push_str(&key);
        base.push(')');
        let kpath = PathExpr::dynamic(base);
        if let Some(names) = names {
            self.sub(code, names, &key, &kpath, problems);
        }
        let needs_matched = additional.is_some() && !patterns.is_empty();
        let matched = if needs_matched {
            self.fresh("matched")
        } else {
            Local::new("matched", 0)
        };
        if needs_matched {
            match &known {
                Some(set) => line!(code, "let {matched} = {set}.has({key});"),
                None => line!(code, "let {matched} = false;"),
            }
        }
        for (pattern, schema) in &patterns {
            let checked = self.sub_needs_check(*schema);
            if !checked && !needs_matched {
                continue;
            }
            let name = self.pattern_const(pattern);
            code.open_parts(&["if (", v, ".matchesPattern(", &name, ", ", &key, ")) {"]);
            if needs_matched {
                line!(code, "{matched} = true;");
            }
            if *schema == Subschema::Never {
                push_text(code, problems, &kpath, messages::NEVER);
            } else if checked {
                let item = self.fresh("extra");
                code.line_parts(&["const ", &item, " = ", v, ".own(", value, ", ", &key, ");"]);
                self.sub(code, *schema, &item, &kpath, problems);
            }
            code.close("}");
        }
        if let Some(additional) = additional {
            let guard = if needs_matched {
                Some(format!("if (!{matched}) {{"))
            } else {
                known
                    .as_ref()
                    .map(|set| format!("if (!{set}.has({key})) {{"))
            };
            if let Some(g) = &guard {
                code.open(g);
            }
            match additional {
                Subschema::Never => {
                    push_text(code, problems, &kpath, messages::ADDITIONAL_PROPERTY)
                }
                s => {
                    let item = self.fresh("extra");
                    code.line_parts(&["const ", &item, " = ", v, ".own(", value, ", ", &key, ");"]);
                    self.sub(code, s, &item, &kpath, problems);
                }
            }
            if guard.is_some() {
                code.close("}");
            }
        }
        code.close("}");
    }

    /// `s`, with a schema that accepts every value as [`Subschema::Any`].
    fn effective(&self, s: Subschema) -> Subschema {
        match s {
            Subschema::Type(id) if !needs_check(self.layout, id) => Subschema::Any,
            other => other,
        }
    }

    fn sub_needs_check(&self, s: Subschema) -> bool {
        match s {
            Subschema::Any => false,
            Subschema::Never => true,
            Subschema::Type(id) => needs_check(self.layout, id),
        }
    }

    fn constant(
        &mut self,
        code: &mut Code,
        c: &serde_json::Value,
        value: &str,
        path: &PathExpr<'_>,
        problems: &str,
    ) {
        let text = messages::constant(&c.to_string());
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
        push_text(code, problems, path, &messages::one_of_values(&listed));
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
            if let Some(cases) = discriminated(&self.layout.model.types, u) {
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
                push_text(code, problems, path, &messages::one_of_none(n));
                line!(code, "{problems}.push(...{v}.closestProblems([{all}]));");
                code.reopen(&format!("}} else if ({count} > 1) {{"));
                let message = format!(
                    "{} + {count} + ' of them'",
                    literal::string(&messages::one_of_many_prefix(n))
                );
                push_with(code, problems, path, |s| s.push_str(&message));
                code.close("}");
            }
            UnionKind::AnyOf => {
                open!(code, "if ({count} === 0) {{");
                push_text(code, problems, path, &messages::any_of_none(n));
                line!(code, "{problems}.push(...{v}.closestProblems([{all}]));");
                code.close("}");
            }
        }
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
            &messages::discriminator(&listed),
        );
        code.dedent();
        code.close("}");
        code.close("}");
    }
}

/// `value` has JSON type `t`, as a TypeScript condition (no problem reported).
fn type_test(s: &mut String, v: &str, t: JsonType, value: &str) {
    match t {
        JsonType::Null => {
            s.push_str(value);
            s.push_str(" === null");
        }
        JsonType::Boolean => {
            s.push_str("typeof ");
            s.push_str(value);
            s.push_str(" === 'boolean'");
        }
        JsonType::String => {
            s.push_str("typeof ");
            s.push_str(value);
            s.push_str(" === 'string'");
        }
        JsonType::Integer | JsonType::Number | JsonType::Array | JsonType::Object => {
            s.push_str(v);
            s.push_str(match t {
                JsonType::Integer => ".isSafeInteger(",
                JsonType::Number => ".isFiniteNumber(",
                JsonType::Array => ".isArray(",
                _ => ".isObject(",
            });
            s.push_str(value);
            s.push(')');
        }
    }
}

/// False when a value of type `id` is accepted whatever it is (no code to generate).
pub(crate) fn needs_check(layout: &Layout<'_>, id: TypeId) -> bool {
    !layout.model.types.get(id).rules.accepts_everything()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_enforced_format_has_its_runtime_check() {
        for format in crate::model::rules::ENFORCED_FORMATS {
            assert!(
                format_check(format).is_some(),
                "no runtime check for {format}"
            );
        }
        assert_eq!(format_check("hostname"), None);
    }

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
    use crate::emit::typescript::layout::Layout;
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
            rules: Default::default(),
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

    /// The rules the schema builder gives a schema of this kind with `type` stated.
    fn rules_of(kind: &TypeKind) -> Rules {
        let mut r = Rules::default();
        match kind {
            TypeKind::String(s) => {
                r.types = Some(vec![JsonType::String]);
                r.enum_values = s
                    .enum_values
                    .as_ref()
                    .map(|v| v.iter().map(|x| serde_json::json!(x)).collect());
                r.pattern = s.pattern.clone();
                r.min_length = s.min_length;
                r.max_length = s.max_length;
                r.format = s.format.clone();
            }
            TypeKind::Integer(n) | TypeKind::Number(n) => {
                r.types = Some(vec![if matches!(kind, TypeKind::Integer(_)) {
                    JsonType::Integer
                } else {
                    JsonType::Number
                }]);
                r.minimum = n.minimum;
                r.maximum = n.maximum;
                r.exclusive_minimum = n.exclusive_minimum;
                r.exclusive_maximum = n.exclusive_maximum;
                r.multiple_of = n.multiple_of;
            }
            TypeKind::Object(o) => {
                r.types = Some(vec![JsonType::Object]);
                for p in &o.properties {
                    r.properties.push((p.name.clone(), Subschema::Type(p.ty)));
                    if p.required {
                        r.required.push(p.name.clone());
                    }
                }
                r.additional_properties = match o.additional {
                    AdditionalProperties::Forbidden => Some(Subschema::Never),
                    AdditionalProperties::Schema(t) => Some(Subschema::Type(t)),
                    _ => None,
                };
            }
            TypeKind::Const(c) => r.const_value = Some(c.clone()),
            TypeKind::Union(u) => {
                r.one_of = Some(u.variants.clone());
                r.discriminator = u.discriminator.clone();
            }
            _ => {}
        }
        r
    }

    /// The payload file generated for a model whose only message has type 0 as payload.
    fn payload_file(mut types: Vec<TypeDef>) -> String {
        for t in &mut types {
            t.rules = rules_of(&t.kind);
        }
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
                payload_format: crate::model::PayloadFormat::Json,
                correlation_id: None,
                mqtt: None,
                location: Location::default(),
            }],
            types: TypeGraph { types },
            files: Vec::new(),
            warnings: Vec::new(),
        };
        let layout = Layout::new(&model);
        super::super::payload::file(&layout, &layout.files[0], "")
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
            "const levelValue = validation.required(value, 'level', path, problems);",
            "if (validation.isNumberAt(levelValue, path + '.level', problems)) {",
            "if (levelValue <= 0) {",
            "message: 'must be > 0'",
            "if (levelValue > 100) {",
            "if (!validation.isMultipleOf(levelValue, 0.5)) {",
            "validation.isIntegerAt(countValue, path + '.count', problems);",
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
            "if (!validation.isUuid(value)) {",
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
            "validateShape(innerValue, path + '.inner', problems);",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }
}
