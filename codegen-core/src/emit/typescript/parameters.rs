//! `parameters/<Channel>Parameters.ts`: typed channel parameters, the topic built from them,
//! and the parser for received topics.
//!
//! Topics are handled level by level (split on `/`), never with a regex that could swallow a
//! `/`. A value is rejected when it is empty, contains `/`, `+`, `#` or NUL (it would change
//! the topic's shape or make a publish a wildcard), is not of the parameter's type, or is
//! outside a declared `enum`.

use super::imports::{FileCtx, Runtime};
use super::writer::{line, open, Code};
use super::{jsdoc, literal};
use crate::model::{Address, AddressSegment, Channel, Parameter, ParameterType};

/// One parameter as the generated class sees it.
pub(crate) struct Param {
    pub name: String,
    pub ty: ParameterType,
    pub enum_values: Option<Vec<String>>,
    pub description: Option<String>,
}

impl Param {
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
pub(crate) fn params_of(channel: &Channel, address: &Address) -> Vec<Param> {
    address
        .parameter_names()
        .into_iter()
        .map(|name| {
            let declared: Option<&Parameter> = channel.parameters.iter().find(|p| p.name == name);
            Param {
                name: name.to_string(),
                ty: declared.map_or(ParameterType::String, |p| p.ty),
                enum_values: declared.and_then(|p| p.enum_values.clone()),
                description: declared.and_then(|p| p.description.clone()),
            }
        })
        .collect()
}

/// The address as topic levels, in the runtime's `TopicLevels` literal form.
pub(crate) fn levels_literal(address: &Address) -> String {
    let mut levels: Vec<Vec<String>> = vec![Vec::new()];
    for segment in &address.segments {
        match segment {
            AddressSegment::Literal(text) => {
                let mut parts = text.split('/');
                if let Some(first) = parts.next() {
                    if !first.is_empty() {
                        levels
                            .last_mut()
                            .expect("one level")
                            .push(literal::string(first));
                    }
                }
                for part in parts {
                    let mut level = Vec::new();
                    if !part.is_empty() {
                        level.push(literal::string(part));
                    }
                    levels.push(level);
                }
            }
            AddressSegment::Parameter(name) => levels
                .last_mut()
                .expect("one level")
                .push(format!("{{ parameter: {} }}", literal::string(name))),
        }
    }
    let inner: Vec<String> = levels
        .iter()
        .map(|l| format!("[{}]", l.join(", ")))
        .collect();
    format!("[{}]", inner.join(", "))
}

/// The init type literal `{ a: string; b: number }`.
pub(crate) fn init_type(params: &[Param]) -> String {
    let members: Vec<String> = params
        .iter()
        .map(|p| format!("{}: {}", literal::key(&p.name), p.ts_type()))
        .collect();
    format!("{{ {} }}", members.join("; "))
}

/// The text of `parameters/<class_name>.ts`, starting with `prefix` (the marker line). Only
/// called for addresses with at least one parameter.
pub(crate) fn file(channel: &Channel, address: &Address, class_name: &str, prefix: &str) -> String {
    let params = params_of(channel, address);
    let mut ctx = FileCtx::new("parameters");
    let t = ctx.rt(Runtime::Topic);
    let v = ctx.rt(Runtime::Validation);
    let mut code = Code::with_capacity(4096);
    line!(code, "const address = {};", literal::string(&address.raw));
    line!(
        code,
        "const levels: {t}.TopicLevels = {};",
        levels_literal(address)
    );
    let mut allowed: Vec<Option<String>> = Vec::new();
    for p in &params {
        match p.enum_values.as_ref().filter(|v| !v.is_empty()) {
            Some(values) => {
                let name = ctx.fresh("allowed");
                let items: Vec<String> = values.iter().map(|x| literal::string(x)).collect();
                line!(
                    code,
                    "const {name}: ReadonlySet<string> = new Set([{}]);",
                    items.join(", ")
                );
                allowed.push(Some(name));
            }
            None => allowed.push(None),
        }
    }
    code.blank();
    // One checker for full values (validate) and partial ones (subscription filters).
    open!(
        code,
        "function checkParameters(init: {{ [key: string]: unknown }}, partial: boolean, problems: {v}.ValidationProblem[]): void {{"
    );
    for (p, allowed) in params.iter().zip(&allowed) {
        line!(
            code,
            "{t}.checkParameter(init, {}, '{}', {}, partial, problems);",
            literal::string(&p.name),
            p.ty.as_str(),
            allowed.as_deref().unwrap_or("undefined")
        );
    }
    code.close("}");
    code.blank();

    let init = init_type(&params);
    let channel_label = match &channel.title {
        Some(title) => format!("{title} (channel `{}`, `{}`)", channel.id, address.raw),
        None => format!("channel `{}` (`{}`)", channel.id, address.raw),
    };
    jsdoc::write(
        &mut code,
        &[
            Some(&format!("Parameters of {channel_label}.")),
            channel.description.as_deref(),
        ],
    );
    open!(code, "export class {class_name} {{");
    for p in &params {
        jsdoc::write(&mut code, &[p.description.as_deref()]);
        line!(code, "{}: {};", literal::key(&p.name), p.ts_type());
    }
    code.blank();
    open!(code, "constructor(init: {init}) {{");
    for p in &params {
        line!(
            code,
            "{} = {};",
            literal::member("this", &p.name),
            literal::member("init", &p.name)
        );
    }
    code.close("}");
    code.blank();
    code.line("/** The topic with these values filled in; throws a `ValidationError` when a value is invalid. */");
    open!(code, "getChannelWithParameters(): string {{");
    line!(
        code,
        "{t}.assertParameters(address, {class_name}.validate(this));"
    );
    let fill: Vec<String> = params
        .iter()
        .map(|p| {
            format!(
                "{}: String({})",
                literal::key(&p.name),
                literal::member("this", &p.name)
            )
        })
        .collect();
    line!(
        code,
        "return {t}.fillTopic(levels, {});",
        object_literal(&fill)
    );
    code.close("}");
    code.blank();
    code.line("/** Parses a received topic; throws a `TopicMismatchError` when the topic does not have the channel's shape and a `ValidationError` when a value is invalid. */");
    open!(
        code,
        "static createFromChannel(topic: string): {class_name} {{"
    );
    line!(code, "const parameters = {class_name}.matchChannel(topic);");
    open!(code, "if (parameters === undefined) {{");
    line!(code, "throw new {t}.TopicMismatchError(topic, address);");
    code.close("}");
    code.line("return parameters;");
    code.close("}");
    code.blank();
    code.line("/** Like `createFromChannel`, but `undefined` when the topic does not have the channel's shape or differs from a `fixed` value. */");
    open!(
        code,
        "static matchChannel(topic: string, fixed: Partial<{init}> = {{}}): {class_name} | undefined {{"
    );
    line!(code, "const values = {t}.matchTopic(levels, topic);");
    open!(code, "if (values === undefined) {{");
    code.line("return undefined;");
    code.close("}");
    let mut args = Vec::new();
    if !params.is_empty() {
        line!(code, "const problems: {v}.ValidationProblem[] = [];");
    }
    for (i, p) in params.iter().enumerate() {
        let text = format!("text{}", i + 1);
        let fixed = literal::member("fixed", &p.name);
        line!(
            code,
            "const {text} = {} ?? '';",
            literal::member("values", &p.name)
        );
        open!(
            code,
            "if ({fixed} !== undefined && String({fixed}) !== {text}) {{"
        );
        code.line("return undefined;");
        code.close("}");
        let path = literal::string(&format!("${}", literal::path_suffix(&p.name)));
        let parsed = match p.ty {
            ParameterType::String => text.clone(),
            ParameterType::Integer => format!("{t}.parseInteger({text}, {path}, problems)"),
            ParameterType::Number => format!("{t}.parseNumber({text}, {path}, problems)"),
            ParameterType::Boolean => format!("{t}.parseBoolean({text}, {path}, problems)"),
        };
        args.push(format!("{}: {parsed}", literal::key(&p.name)));
    }
    line!(
        code,
        "const parameters = new {class_name}({});",
        object_literal(&args)
    );
    if !params.is_empty() {
        open!(code, "if (problems.length === 0) {{");
        line!(code, "problems.push(...{class_name}.validate(parameters));");
        code.close("}");
        line!(code, "{t}.assertParameters(address, problems);");
    }
    code.line("return parameters;");
    code.close("}");
    code.blank();
    code.line("/** The subscription filter: every parameter not in `fixed` becomes `+`; throws a `ValidationError` when a fixed value is invalid. */");
    open!(
        code,
        "static subscriptionFilter(fixed: Partial<{init}> = {{}}): string {{"
    );
    line!(code, "const problems: {v}.ValidationProblem[] = [];");
    code.line("checkParameters(fixed, true, problems);");
    line!(code, "{t}.assertParameters(address, problems);");
    let filter: Vec<String> = params
        .iter()
        .map(|p| {
            let fixed = literal::member("fixed", &p.name);
            let value = if p.ty == ParameterType::String {
                fixed
            } else {
                format!("{fixed} === undefined ? undefined : String({fixed})")
            };
            format!("{}: {value}", literal::key(&p.name))
        })
        .collect();
    line!(
        code,
        "return {t}.topicFilter(levels, {});",
        object_literal(&filter)
    );
    code.close("}");
    code.blank();
    code.line(
        "/** Every problem of `init` as parameter values, each with its path; empty when valid. */",
    );
    open!(
        code,
        "static validate(init: unknown): {v}.ValidationProblem[] {{"
    );
    line!(code, "const problems: {v}.ValidationProblem[] = [];");
    open!(code, "if (!{v}.isObject(init)) {{");
    line!(
        code,
        "problems.push({{ path: '$', message: 'must be an object, not ' + {v}.describe(init) }});"
    );
    code.reopen("} else {");
    code.line("checkParameters(init, false, problems);");
    code.close("}");
    code.line("return problems;");
    code.close("}");
    code.close("}");

    ctx.finish_file(prefix, "", code)
}

fn object_literal(members: &[String]) -> String {
    if members.is_empty() {
        "{}".to_string()
    } else {
        format!("{{ {} }}", members.join(", "))
    }
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
}
