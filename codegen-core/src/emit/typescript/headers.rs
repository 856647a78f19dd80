//! Headers as MQTT 5 user properties.
//!
//! User properties are strings, so values are encoded by the header schema: a property whose
//! schema is a string travels as it is, every other value (numbers, booleans, objects,
//! arrays, unions) as its JSON text, and is decoded back the same way on receive, then
//! validated. Both sides generate from the same schema, so the encoding round-trips.

use super::imports::{FileCtx, Runtime};
use super::literal;
use super::plan::Plan;
use super::validate;
use super::writer::{line, open, Code};
use crate::model::{TypeId, TypeKind};

/// Declares the module constants naming the header properties (all, and the string ones).
fn name_lists(plan: &Plan<'_>, ctx: &mut FileCtx, id: TypeId) {
    let TypeKind::Object(o) = &plan.model.types.get(id).kind else {
        return;
    };
    let all: Vec<String> = o
        .properties
        .iter()
        .map(|p| literal::string(&p.name))
        .collect();
    let strings: Vec<String> = o
        .properties
        .iter()
        .filter(|p| is_string(plan, p.ty))
        .map(|p| literal::string(&p.name))
        .collect();
    ctx.consts.line(&format!(
        "const headerNames: readonly string[] = [{}];",
        all.join(", ")
    ));
    ctx.consts.line(&format!(
        "const stringHeaderNames: readonly string[] = [{}];",
        strings.join(", ")
    ));
}

/// True when values of `id` are strings, so they travel without JSON quoting.
fn is_string(plan: &Plan<'_>, id: TypeId) -> bool {
    matches!(
        &plan.model.types.get(id).kind,
        TypeKind::String(_) | TypeKind::Const(serde_json::Value::String(_))
    )
}

/// The class method `toUserProperties()`.
pub(crate) fn to_user_properties_method(
    plan: &Plan<'_>,
    ctx: &mut FileCtx,
    code: &mut Code,
    id: TypeId,
) {
    name_lists(plan, ctx, id);
    let rt = ctx.rt(Runtime::Mqtt);
    code.line("/** These headers as MQTT 5 user properties: strings as they are, other values as JSON text. */");
    open!(code, "toUserProperties(): {{ [key: string]: string }} {{");
    line!(
        code,
        "return {rt}.encodeUserProperties(this, stringHeaderNames);"
    );
    code.close("}");
}

/// The static `fromUserProperties(properties)` of a class, or the companion member.
pub(crate) fn from_user_properties_method(
    plan: &Plan<'_>,
    ctx: &mut FileCtx,
    code: &mut Code,
    id: TypeId,
    class: bool,
) {
    let name = &plan.model.types.get(id).name;
    let rt = ctx.rt(Runtime::Mqtt);
    let v = ctx.rt(Runtime::Validation);
    code.line("/** Decodes headers from MQTT 5 user properties and validates them; throws a `ValidationError` listing every problem. */");
    let prefix = if class { "static " } else { "" };
    open!(
        code,
        "{prefix}fromUserProperties(properties: {{ readonly [key: string]: string }}): {name} {{"
    );
    line!(code, "const problems: {v}.ValidationProblem[] = [];");
    line!(
        code,
        "const value = {rt}.decodeUserProperties(properties, headerNames, stringHeaderNames, problems);"
    );
    line!(
        code,
        "{}(value, '$', problems);",
        validate::validator_name(name)
    );
    line!(
        code,
        "{v}.assertValid({}, problems);",
        literal::string(name)
    );
    if class {
        let init = plan.init_of(id).unwrap_or("never");
        line!(code, "return new {name}(value as unknown as {init});");
        code.close("}");
    } else {
        line!(code, "return value as unknown as {name};");
        code.close("},");
    }
}

/// `toUserProperties(value)` and `fromUserProperties(properties)` as members of a companion `const`.
pub(crate) fn companion_methods(plan: &Plan<'_>, ctx: &mut FileCtx, code: &mut Code, id: TypeId) {
    name_lists(plan, ctx, id);
    let name = &plan.model.types.get(id).name;
    let rt = ctx.rt(Runtime::Mqtt);
    code.line(
        "/** `value` as MQTT 5 user properties: strings as they are, other values as JSON text. */",
    );
    open!(
        code,
        "toUserProperties(value: {name}): {{ [key: string]: string }} {{"
    );
    line!(
        code,
        "return {rt}.encodeUserProperties(value, stringHeaderNames);"
    );
    code.close("},");
    code.blank();
    from_user_properties_method(plan, ctx, code, id, false);
}
