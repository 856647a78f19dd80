//! Payload and headers files: one per root type, holding the root's class (or type plus
//! same-name `const`) and every nested declared type the root reaches first.

use super::imports::{FileCtx, Runtime};
use super::layout::{Layout, Style, TypeFile};
use super::writer::{line, open, Code};
use super::{headers, jsdoc, literal, types, validate};
use crate::model::{AdditionalProperties, PayloadFormat, TypeDef, TypeId, TypeKind};

/// The text of one payload or headers file, starting with `prefix` (the marker line).
pub(crate) fn file(layout: &Layout<'_>, file: &TypeFile, prefix: &str) -> String {
    let mut ctx = FileCtx::new(file.dir);
    let mut body = Code::with_capacity(16384);
    for &member in &file.members {
        let Some(decl) = layout.decl(member) else {
            continue;
        };
        // A shared schema's root is written as it would be nested in a message's file.
        let is_root = member == file.root && file.has_message_root();
        let headers = file.is_headers() && is_root;
        body.blank();
        match decl.style {
            Style::Class => class(layout, &mut ctx, &mut body, member, headers),
            Style::Interface | Style::Alias => {
                let text = is_root && file.format == PayloadFormat::Text;
                companion(
                    layout, &mut ctx, &mut body, member, decl.style, is_root, headers, text,
                )
            }
        }
        // A nested type that checks nothing is never called: no validator for it.
        if is_root || validate::needs_check(layout, member) {
            body.blank();
            validate::write_validator(layout, &mut ctx, &mut body, member, decl.exported_validator);
        }
    }
    ctx.finish_file(prefix, &file.module, body)
}

/// JSDoc paragraphs of a type: title, description, deprecation.
pub(crate) fn doc(code: &mut Code, def: &TypeDef) {
    let deprecated = def.deprecated.then_some("@deprecated");
    jsdoc::write(
        code,
        &[def.title.as_deref(), def.description.as_deref(), deprecated],
    );
}

/// The most optional properties a constructor assigns in one function body.
const OPTIONALS_PER_BODY: usize = 256;

fn property_doc(layout: &Layout<'_>, code: &mut Code, ty: TypeId) {
    let def = layout.model.types.get(ty);
    jsdoc::write(code, &[def.title.as_deref(), def.description.as_deref()]);
}

fn class(layout: &Layout<'_>, ctx: &mut FileCtx, code: &mut Code, id: TypeId, headers: bool) {
    let def = layout.model.types.get(id);
    let TypeKind::Object(o) = &def.kind else {
        return;
    };
    let name = &def.name;
    let init = layout.init_of(id).unwrap_or("never");
    let v = ctx.rt(Runtime::Validation);
    let members = types::members(layout, ctx, o);
    code.line_parts(&[
        "/** The properties of a new `",
        name,
        "`: its constructor's input. */",
    ]);
    code.open_parts(&["export interface ", init, " {"]);
    for m in members.iter() {
        code.line_parts(&[m, ";"]);
    }
    code.close("}");
    code.blank();
    doc(code, def);
    code.open_parts(&["export class ", name, " {"]);
    // `declare`: the constructor assigns each field. A class field would first define every
    // property as `undefined` (ES2022 class fields), which costs each `unmarshal` about a
    // sixth of its throughput, and would make the emitted JavaScript depend on the user's
    // `useDefineForClassFields`.
    for (p, m) in o.properties.iter().zip(members.iter()) {
        property_doc(layout, code, p.ty);
        code.line_parts(&["declare ", m, ";"]);
    }
    code.blank();
    code.open_parts(&["constructor(init: ", init, ") {"]);
    // As in the validators (see `validate::object`), thousands of optional properties
    // would make the constructor too large for tsc's control flow analysis: runs of
    // optional assignments go into arrow functions of at most `OPTIONALS_PER_BODY` each,
    // bound to a `const` and then called (tsc analyses an immediately invoked function
    // as part of its caller). Property order stays, so the JSON key order does; required
    // assignments stay in the constructor, where tsc sees them as definitely assigned.
    let split = o.properties.iter().filter(|p| !p.required).count() > OPTIONALS_PER_BODY;
    let mut in_closure = 0usize;
    let mut closures = 0usize;
    for p in &o.properties {
        let assign = |s: &mut String| {
            literal::push_member(s, "this", &p.name);
            s.push_str(" = ");
            literal::push_member(s, "init", &p.name);
            s.push(';');
        };
        if split && in_closure > 0 && (p.required || in_closure == OPTIONALS_PER_BODY) {
            code.close("};");
            code.line(&format!("assign{closures}();"));
            in_closure = 0;
        }
        if p.required {
            code.line_with(assign);
        } else {
            if split {
                if in_closure == 0 {
                    closures += 1;
                    code.open(&format!("const assign{closures} = (): void => {{"));
                }
                in_closure += 1;
            }
            code.open_with(|s| {
                s.push_str("if (");
                literal::push_member(s, "init", &p.name);
                s.push_str(" !== undefined) {");
            });
            code.line_with(assign);
            code.close("}");
        }
    }
    if in_closure > 0 {
        code.close("};");
        code.line(&format!("assign{closures}();"));
    }
    code.close("}");
    code.blank();
    code.line("/** The JSON text of this value. */");
    code.open("marshal(): string {");
    code.line("return JSON.stringify(this);");
    code.close("}");
    if headers {
        code.blank();
        headers::to_user_properties_method(layout, ctx, code, id);
    }
    code.blank();
    if o.additional == AdditionalProperties::Forbidden {
        code.line("/** Parses JSON text (or its UTF-8 bytes) and validates it; throws a `ValidationError` listing every problem. */");
    } else {
        code.line("/** Parses JSON text (or its UTF-8 bytes) and validates it; throws a `ValidationError` listing every problem. Properties the schema does not declare stay on the instance, in their order, so `marshal` gives them back. */");
    }
    let quoted = literal::string(name);
    code.open_parts(&["static unmarshal(data: string | Uint8Array): ", name, " {"]);
    code.line_parts(&["const value = ", v, ".parseJson(", &quoted, ", data);"]);
    code.line_parts(&[
        v,
        ".assertValid(",
        &quoted,
        ", ",
        name,
        ".validate(value));",
    ]);
    if o.additional == AdditionalProperties::Forbidden {
        code.line_parts(&["return new ", name, "(value as ", init, ");"]);
    } else {
        // The schema allows undeclared properties: they stay, in their order, so that
        // `marshal` gives them back (a consumer that forwards messages loses nothing).
        // Most messages carry just the declared properties, in declaration order: the
        // constructor rebuilds those byte for byte and keeps V8's object shapes stable
        // (re-prototyping the parsed object halved unmarshal's throughput).
        let keys = ctx.fresh("declared");
        ctx.consts.line_with(|s| {
            s.push_str("const ");
            s.push_str(&keys);
            s.push_str(": readonly string[] = [");
            for (i, p) in o.properties.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                literal::push_string(s, &p.name);
            }
            s.push_str("];");
        });
        code.open_parts(&["if (", v, ".inDeclaredOrder(value, ", &keys, ")) {"]);
        code.line_parts(&["return new ", name, "(value as ", init, ");"]);
        code.close("}");
        code.line_parts(&["return ", v, ".adopt(value, ", name, ".prototype);"]);
    }
    code.close("}");
    code.blank();
    code.line(
        "/** Every problem of `value` against the schema, each with its path; empty when valid. */",
    );
    code.open_parts(&[
        "static validate(value: unknown): ",
        v,
        ".ValidationProblem[] {",
    ]);
    code.line_parts(&["const problems: ", v, ".ValidationProblem[] = [];"]);
    code.line_parts(&["validate", name, "(value, '$', problems);"]);
    code.line("return problems;");
    code.close("}");
    if headers {
        code.blank();
        headers::from_user_properties_method(layout, ctx, code, id, true);
    }
    code.close("}");
}

/// A type or interface; for a root also the same-name `const` with `validate`, `marshal` and
/// `unmarshal` (nested types are validated through their root). String enums always get the
/// `const` with their `values`. `text`: the root is the payload of a `text/*` message, so
/// `marshal`/`unmarshal` deal in the raw text rather than JSON.
#[allow(clippy::too_many_arguments)]
fn companion(
    layout: &Layout<'_>,
    ctx: &mut FileCtx,
    code: &mut Code,
    id: TypeId,
    style: Style,
    root: bool,
    headers: bool,
    text: bool,
) {
    let def = layout.model.types.get(id);
    let name = &def.name;
    doc(code, def);
    match (&def.kind, style) {
        (TypeKind::Object(o), Style::Interface) => {
            code.open_parts(&["export interface ", name, " {"]);
            let members = types::members(layout, ctx, o);
            for (p, m) in o.properties.iter().zip(members.iter()) {
                property_doc(layout, code, p.ty);
                code.line_parts(&[m, ";"]);
            }
            for m in members.iter().skip(o.properties.len()) {
                code.line_parts(&[m, ";"]);
            }
            code.close("}");
        }
        _ => {
            let t = types::definition(layout, ctx, id);
            code.line_parts(&["export type ", name, " = ", &t, ";"]);
        }
    }
    code.blank();
    let enum_values = match &def.kind {
        TypeKind::String(s) => s.enum_values.as_ref().filter(|v| !v.is_empty()),
        _ => None,
    };
    let values = enum_values.map(|values| {
        values
            .iter()
            .map(|x| literal::string(x))
            .collect::<Vec<_>>()
            .join(", ")
    });
    if !root {
        if let Some(items) = values {
            code.line_parts(&["/** The allowed values of `", name, "`. */"]);
            code.line_parts(&[
                "export const ",
                name,
                " = { values: [",
                &items,
                "] as const };",
            ]);
        }
        return;
    }
    let v = ctx.rt(Runtime::Validation);
    let validator = validate::validator_name(name);
    line!(code, "/** Functions for `{name}` values. */");
    open!(code, "export const {name} = {{");
    if let Some(items) = values {
        code.line("/** The allowed values. */");
        line!(code, "values: [{items}] as const,");
        code.blank();
    }
    code.line(
        "/** Every problem of `value` against the schema, each with its path; empty when valid. */",
    );
    open!(code, "validate(value: unknown): {v}.ValidationProblem[] {{");
    line!(code, "const problems: {v}.ValidationProblem[] = [];");
    line!(code, "{validator}(value, '$', problems);");
    code.line("return problems;");
    code.close("},");
    code.blank();
    if text {
        code.line("/** The text of `value`: a `text/*` payload travels as the string itself (UTF-8, no JSON quotes). */");
        open!(code, "marshal(value: {name}): string {{");
        code.line("return value;");
    } else {
        code.line("/** The JSON text of `value`. */");
        open!(code, "marshal(value: {name}): string {{");
        code.line("return JSON.stringify(value);");
    }
    code.close("},");
    code.blank();
    if text {
        code.line("/** Takes the raw text (or decodes its UTF-8 bytes strictly) and validates it; throws a `ValidationError` listing every problem. */");
    } else {
        code.line("/** Parses JSON text (or its UTF-8 bytes) and validates it; throws a `ValidationError` listing every problem. */");
    }
    open!(code, "unmarshal(data: string | Uint8Array): {name} {{");
    line!(
        code,
        "const value = {v}.{}({}, data);",
        if text { "decodeUtf8" } else { "parseJson" },
        literal::string(name)
    );
    line!(code, "const problems: {v}.ValidationProblem[] = [];");
    line!(code, "{validator}(value, '$', problems);");
    line!(
        code,
        "{v}.assertValid({}, problems);",
        literal::string(name)
    );
    line!(code, "return value as {name};");
    code.close("},");
    if headers {
        code.blank();
        headers::companion_methods(layout, ctx, code, id);
    }
    code.close("};");
}
