//! `parameters/<Channel>Parameters.ts`: typed channel parameters, the topic built from them,
//! and the parser for received topics.
//!
//! Topics are handled level by level (split on `/`), never with a regex that could swallow a
//! `/`. A value is rejected when it is empty, contains `/`, `+`, `#` or NUL (it would change
//! the topic's shape or make a publish a wildcard), is not of the parameter's type, or is
//! outside a declared `enum`.

use super::imports::{FileCtx, Runtime};
use super::writer::Code;
use super::ParametersClass;
use super::{jsdoc, literal};
use crate::model::{Address, AddressSegment, Channel, Parameter, ParameterType};

/// One parameter as the generated class sees it.
pub(crate) struct Param<'m> {
    pub name: &'m str,
    pub ty: ParameterType,
    pub enum_values: Option<&'m [String]>,
    pub description: Option<&'m str>,
}

impl Param<'_> {
    /// The TypeScript type of the value.
    pub(crate) fn ts_type(&self) -> &'static str {
        match self.ty {
            ParameterType::String => "string",
            ParameterType::Integer | ParameterType::Number => "number",
            ParameterType::Boolean => "boolean",
        }
    }
}

/// The parameters of `channel`'s address, in address order.
pub(crate) fn params_of<'m>(channel: &'m Channel, address: &'m Address) -> Vec<Param<'m>> {
    address
        .parameter_names()
        .into_iter()
        .map(|name| {
            let declared: Option<&Parameter> = channel.parameters.iter().find(|p| p.name == name);
            Param {
                name,
                ty: declared.map_or(ParameterType::String, |p| p.ty),
                enum_values: declared.and_then(|p| p.enum_values.as_deref()),
                description: declared.and_then(|p| p.description.as_deref()),
            }
        })
        .collect()
}

/// The local holding parameter `index`'s text from a received topic: `deviceIdText` for a
/// parameter named like an identifier, else `text1` (1-based). Every name ends in `Text` or is
/// `text<n>`, so the two forms never meet, and neither meets the other locals of `matchChannel`.
fn level_text_local(index: usize, name: &str) -> String {
    if literal::is_identifier(name) {
        format!("{name}Text")
    } else {
        format!("text{}", index + 1)
    }
}

/// The address as topic levels, in the runtime's `TopicLevels` literal form; every parameter
/// of a shared level gets the member `kind: '<its name>'` (so a test sees which do).
#[cfg(test)]
pub(crate) fn levels_literal(address: &Address) -> String {
    let mut out = String::new();
    push_levels(&mut out, address, |name| Some(format!("kind: '{name}'")));
    out
}

/// One piece of a topic level of an address.
enum Piece<'a> {
    Literal(&'a str),
    Parameter(&'a str),
}

/// The address split into topic levels (a `/` inside a literal segment closes one level and
/// opens the next); empty literal pieces are left out.
fn address_levels(address: &Address) -> Vec<Vec<Piece<'_>>> {
    let mut levels = vec![Vec::new()];
    for segment in &address.segments {
        match segment {
            AddressSegment::Literal(text) => {
                for (i, part) in text.split('/').enumerate() {
                    if i > 0 {
                        levels.push(Vec::new());
                    }
                    if let Some(level) = levels.last_mut().filter(|_| !part.is_empty()) {
                        level.push(Piece::Literal(part));
                    }
                }
            }
            AddressSegment::Parameter(name) => {
                if let Some(level) = levels.last_mut() {
                    level.push(Piece::Parameter(name));
                }
            }
        }
    }
    levels
}

/// Appends the address as topic levels, in the runtime's `TopicLevels` literal form. In a level
/// holding several parameters, `constraints(name)` gives the members (`kind: 'integer'`,
/// `allowed: allowed1`) that decide where the level splits, as the Rust side's
/// `extract_where` does.
fn push_levels(out: &mut String, address: &Address, constraints: impl Fn(&str) -> Option<String>) {
    out.push('[');
    for (l, level) in address_levels(address).iter().enumerate() {
        if l > 0 {
            out.push_str(", ");
        }
        let shared = level
            .iter()
            .filter(|p| matches!(p, Piece::Parameter(_)))
            .count()
            > 1;
        out.push('[');
        for (i, piece) in level.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            match piece {
                Piece::Literal(text) => literal::push_string(out, text),
                Piece::Parameter(name) => {
                    out.push_str("{ parameter: ");
                    literal::push_string(out, name);
                    if let Some(extra) = constraints(name).filter(|_| shared) {
                        out.push_str(", ");
                        out.push_str(&extra);
                    }
                    out.push_str(" }");
                }
            }
        }
        out.push(']');
    }
    out.push(']');
}

/// Appends `{ a, b }` with one member written by `member` per parameter (`{}` for none).
fn push_object(out: &mut String, params: &[Param<'_>], mut member: impl FnMut(&mut String, usize)) {
    if params.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push_str("{ ");
    for i in 0..params.len() {
        if i > 0 {
            out.push_str(", ");
        }
        member(out, i);
    }
    out.push_str(" }");
}

/// The text of `parameters/<class_name>.ts`, starting with `prefix` (the marker line). Only
/// called for addresses with at least one parameter.
pub(crate) fn file(
    channel: &Channel,
    address: &Address,
    class: &ParametersClass,
    prefix: &str,
) -> String {
    let class_name = class.name.as_str();
    let params = params_of(channel, address);
    let mut ctx = FileCtx::new("parameters");
    let t = ctx.rt(Runtime::Topic);
    let v = ctx.rt(Runtime::Validation);
    let mut code = Code::with_capacity(4096 + params.len() * 1024);
    code.line_with(|s| {
        s.push_str("const address = ");
        literal::push_string(s, &address.raw);
        s.push(';');
    });
    let mut allowed: Vec<Option<String>> = Vec::with_capacity(params.len());
    for p in &params {
        match p.enum_values.filter(|v| !v.is_empty()) {
            Some(values) => {
                let name = ctx.fresh("allowed");
                code.line_with(|s| literal::push_string_set(s, &name, values));
                allowed.push(Some(name));
            }
            None => allowed.push(None),
        }
    }
    let constraints = |name: &str| {
        let i = params.iter().position(|p| p.name == name)?;
        let mut members = Vec::new();
        if params[i].ty != ParameterType::String {
            members.push(format!("kind: '{}'", params[i].ty.as_str()));
        }
        if let Some(set) = &allowed[i] {
            members.push(format!("allowed: {set}"));
        }
        (!members.is_empty()).then(|| members.join(", "))
    };
    code.line_with(|s| {
        s.push_str("const levels: ");
        s.push_str(t);
        s.push_str(".TopicLevels = ");
        push_levels(s, address, constraints);
        s.push(';');
    });
    code.blank();
    // One checker for full values (validate) and partial ones (subscription filters).
    code.open_parts(&[
        "function checkParameters(init: { [key: string]: unknown }, partial: boolean, problems: ",
        v,
        ".ValidationProblem[]): void {",
    ]);
    for (p, allowed) in params.iter().zip(&allowed) {
        code.line_with(|s| {
            s.push_str(t);
            s.push_str(".checkParameter(init, ");
            literal::push_string(s, p.name);
            s.push_str(", '");
            s.push_str(p.ty.as_str());
            s.push_str("', ");
            s.push_str(allowed.as_deref().unwrap_or("undefined"));
            s.push_str(", partial, problems);");
        });
    }
    code.close("}");
    code.blank();

    let init = class.init.as_str();
    code.line_parts(&[
        "/** The values of a new `",
        class_name,
        "`: its constructor's input. */",
    ]);
    code.open_parts(&["export interface ", init, " {"]);
    for p in &params {
        code.line_with(|s| {
            literal::push_key(s, p.name);
            s.push_str(": ");
            s.push_str(p.ts_type());
            s.push(';');
        });
    }
    code.close("}");
    code.blank();
    let summary = match &channel.title {
        Some(title) => format!(
            "Parameters of {title} (channel `{}`, `{}`).",
            channel.id, address.raw
        ),
        None => format!(
            "Parameters of channel `{}` (`{}`).",
            channel.id, address.raw
        ),
    };
    jsdoc::write(&mut code, &[Some(&summary), channel.description.as_deref()]);
    code.open_parts(&["export class ", class_name, " {"]);
    for p in &params {
        jsdoc::write(&mut code, &[p.description]);
        code.line_with(|s| {
            literal::push_key(s, p.name);
            s.push_str(": ");
            s.push_str(p.ts_type());
            s.push(';');
        });
    }
    code.blank();
    code.open_parts(&["constructor(init: ", init, ") {"]);
    for p in &params {
        code.line_with(|s| {
            literal::push_member(s, "this", p.name);
            s.push_str(" = ");
            literal::push_member(s, "init", p.name);
            s.push(';');
        });
    }
    code.close("}");
    code.blank();
    code.line("/** The topic with these values filled in; throws a `ValidationError` when a value is invalid. */");
    code.open("getChannelWithParameters(): string {");
    code.line_parts(&[
        t,
        ".assertParameters(address, ",
        class_name,
        ".validate(this));",
    ]);
    code.line_with(|s| {
        s.push_str("return ");
        s.push_str(t);
        s.push_str(".fillTopic(levels, ");
        push_object(s, &params, |s, i| {
            let p = &params[i];
            literal::push_key(s, p.name);
            s.push_str(": ");
            if p.ty == ParameterType::String {
                literal::push_member(s, "this", p.name);
            } else {
                s.push_str("String(");
                literal::push_member(s, "this", p.name);
                s.push(')');
            }
        });
        s.push_str(");");
    });
    code.close("}");
    code.blank();
    code.line("/** Parses a received topic; throws a `TopicMismatchError` when the topic does not have the channel's shape and a `ValidationError` when a value is invalid. */");
    code.open_parts(&[
        "static createFromChannel(topic: string): ",
        class_name,
        " {",
    ]);
    code.line_parts(&["const parameters = ", class_name, ".matchChannel(topic);"]);
    code.open("if (parameters === undefined) {");
    code.line_parts(&["throw new ", t, ".TopicMismatchError(topic, address);"]);
    code.close("}");
    code.line("return parameters;");
    code.close("}");
    code.blank();
    code.line("/** Like `createFromChannel`, but `undefined` when the topic does not have the channel's shape or differs from a `fixed` value. */");
    code.open_parts(&[
        "static matchChannel(topic: string, fixed: Partial<",
        init,
        "> = {}): ",
        class_name,
        " | undefined {",
    ]);
    code.line_parts(&["const values = ", t, ".matchTopic(levels, topic);"]);
    code.open("if (values === undefined) {");
    code.line("return undefined;");
    code.close("}");
    // Only parsing a number or boolean out of a level can find a problem before `validate`.
    let parses = params.iter().any(|p| p.ty != ParameterType::String);
    if parses {
        code.line_parts(&["const problems: ", v, ".ValidationProblem[] = [];"]);
    }
    for (i, p) in params.iter().enumerate() {
        let text = level_text_local(i, p.name);
        let mut fixed = String::with_capacity(p.name.len() + 8);
        literal::push_member(&mut fixed, "fixed", p.name);
        code.line_with(|s| {
            s.push_str("const ");
            s.push_str(&text);
            s.push_str(" = ");
            literal::push_member(s, "values", p.name);
            s.push_str(" ?? '';");
        });
        if p.ty == ParameterType::String {
            code.open_parts(&[
                "if (",
                &fixed,
                " !== undefined && ",
                &fixed,
                " !== ",
                &text,
                ") {",
            ]);
        } else {
            code.open_parts(&[
                "if (",
                &fixed,
                " !== undefined && String(",
                &fixed,
                ") !== ",
                &text,
                ") {",
            ]);
        }
        code.line("return undefined;");
        code.close("}");
    }
    code.line_with(|s| {
        s.push_str("const parameters = new ");
        s.push_str(class_name);
        s.push('(');
        push_object(s, &params, |s, i| {
            let p = &params[i];
            literal::push_key(s, p.name);
            s.push_str(": ");
            let parse = match p.ty {
                ParameterType::String => None,
                ParameterType::Integer => Some(".parseInteger("),
                ParameterType::Number => Some(".parseNumber("),
                ParameterType::Boolean => Some(".parseBoolean("),
            };
            let text = level_text_local(i, p.name);
            match parse {
                None => s.push_str(&text),
                Some(parse) => {
                    s.push_str(t);
                    s.push_str(parse);
                    s.push_str(&text);
                    s.push_str(", ");
                    let mut path = String::with_capacity(p.name.len() + 2);
                    path.push('$');
                    literal::push_path_suffix(&mut path, p.name);
                    literal::push_string(s, &path);
                    s.push_str(", problems)");
                }
            }
        });
        s.push_str(");");
    });
    if parses {
        code.open("if (problems.length === 0) {");
        code.line_parts(&["problems.push(...", class_name, ".validate(parameters));"]);
        code.close("}");
        code.line_parts(&[t, ".assertParameters(address, problems);"]);
    } else if !params.is_empty() {
        code.line_parts(&[
            t,
            ".assertParameters(address, ",
            class_name,
            ".validate(parameters));",
        ]);
    }
    code.line("return parameters;");
    code.close("}");
    code.blank();
    code.line("/** The subscription filter: every parameter not in `fixed` becomes `+`; throws a `ValidationError` when a fixed value is invalid. */");
    code.open_parts(&[
        "static subscriptionFilter(fixed: Partial<",
        init,
        "> = {}): string {",
    ]);
    code.line_parts(&["const problems: ", v, ".ValidationProblem[] = [];"]);
    code.line("checkParameters(fixed, true, problems);");
    code.line_parts(&[t, ".assertParameters(address, problems);"]);
    code.line_with(|s| {
        s.push_str("return ");
        s.push_str(t);
        s.push_str(".topicFilter(levels, ");
        push_object(s, &params, |s, i| {
            let p = &params[i];
            literal::push_key(s, p.name);
            s.push_str(": ");
            if p.ty == ParameterType::String {
                literal::push_member(s, "fixed", p.name);
            } else {
                literal::push_member(s, "fixed", p.name);
                s.push_str(" === undefined ? undefined : String(");
                literal::push_member(s, "fixed", p.name);
                s.push(')');
            }
        });
        s.push_str(");");
    });
    code.close("}");
    code.blank();
    code.line(
        "/** Every problem of `init` as parameter values, each with its path; empty when valid. */",
    );
    code.open_parts(&[
        "static validate(init: unknown): ",
        v,
        ".ValidationProblem[] {",
    ]);
    code.line_parts(&["const problems: ", v, ".ValidationProblem[] = [];"]);
    code.open_parts(&["if (!", v, ".isObject(init)) {"]);
    code.line_parts(&[
        "problems.push({ path: '$', message: 'must be an object, not ' + ",
        v,
        ".describe(init) });",
    ]);
    code.reopen("} else {");
    code.line("checkParameters(init, false, problems);");
    code.close("}");
    code.line("return problems;");
    code.close("}");
    code.close("}");

    ctx.finish_file(prefix, "", code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_levels() {
        let a = Address::parse("a/{x}/b{y}c/{x}");
        assert_eq!(
            levels_literal(&a),
            "[['a'], [{ parameter: 'x' }], ['b', { parameter: 'y' }, 'c'], [{ parameter: 'x' }]]"
        );
        assert_eq!(
            levels_literal(&Address::parse("/a//b/")),
            "[[], ['a'], [], ['b'], []]"
        );
        assert_eq!(
            levels_literal(&Address::parse("user/signedup")),
            "[['user'], ['signedup']]"
        );
    }

    #[test]
    fn only_a_level_with_several_parameters_carries_their_constraints() {
        assert_eq!(
            levels_literal(&Address::parse("e/{kind}-{format}/{id}")),
            "[['e'], [{ parameter: 'kind', kind: 'kind' }, '-', { parameter: 'format', kind: 'format' }], [{ parameter: 'id' }]]"
        );
    }
}
