//! `parameters/<Channel>Parameters.ts`: typed channel parameters, the topic built from them,
//! and the parser for received topics. The file holds the channel's own part (fields,
//! constructor, address and levels); the methods come from the runtime's `ChannelParameters`
//! (`runtime/topic.ts`), driven by the levels.
//!
//! Topics are handled level by level (split on `/`), never with a regex that could swallow a
//! `/`. A value is rejected when it is empty, contains `/`, `+`, `#` or NUL (it would change
//! the topic's shape or make a publish a wildcard), is not of the parameter's type, or is
//! outside a declared `enum`.

use super::imports::{FileCtx, Runtime};
use super::pretty;
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

/// The address as topic levels, in the runtime's `TopicLevels` literal form; every parameter
/// gets the member `kind: '<its name>'` (so a test sees where the constraints go).
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

/// Appends the address as topic levels, in the runtime's `TopicLevels` literal form. For every
/// parameter piece, `constraints(name)` gives the members (`kind: 'integer'`,
/// `allowed: allowed1`) the runtime parses, checks and, in a level holding several parameters,
/// splits the level by (as the Rust side's `extract_where` does).
fn push_levels(out: &mut String, address: &Address, constraints: impl Fn(&str) -> Option<String>) {
    out.push('[');
    for (l, level) in address_levels(address).iter().enumerate() {
        if l > 0 {
            out.push_str(", ");
        }
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
                    if let Some(extra) = constraints(name) {
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

/// The text of `parameters/<class_name>.ts`, starting with `prefix` (the marker line). Only
/// called for addresses with at least one parameter.
///
/// The class extends the runtime's `ChannelParameters`, whose methods do the topic handling
/// from the statics `address` and `levels`: the file holds only what is the channel's own (the
/// init interface, the fields with their docs, the constructor and the levels).
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
    let mut code = Code::with_capacity(2048 + params.len() * 512);
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
    if allowed.iter().any(Option::is_some) {
        code.blank();
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
    let base = format!("{t}.ChannelParameters");
    let header = format!("export class {class_name} extends {base} {{");
    if pretty::string_width(&header) <= pretty::PRINT_WIDTH {
        code.open(&header);
    } else {
        // As prettier breaks a class header too wide for one line.
        code.line_parts(&["export class ", class_name]);
        code.line_parts(&["  extends ", &base]);
        code.open("{");
    }
    code.line_with(|s| {
        s.push_str("static override readonly address = ");
        literal::push_string(s, &address.raw);
        s.push(';');
    });
    code.line_with(|s| {
        s.push_str("static override readonly levels: ");
        s.push_str(t);
        s.push_str(".TopicLevels = ");
        push_levels(s, address, constraints);
        s.push(';');
    });
    code.blank();
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
    code.line("super();");
    for p in &params {
        code.line_with(|s| {
            literal::push_member(s, "this", p.name);
            s.push_str(" = ");
            literal::push_member(s, "init", p.name);
            s.push(';');
        });
    }
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
            "[['a'], [{ parameter: 'x', kind: 'x' }], ['b', { parameter: 'y', kind: 'y' }, 'c'], [{ parameter: 'x', kind: 'x' }]]"
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
    fn every_parameter_carries_its_constraints() {
        assert_eq!(
            levels_literal(&Address::parse("e/{kind}-{format}/{id}")),
            "[['e'], [{ parameter: 'kind', kind: 'kind' }, '-', { parameter: 'format', kind: 'format' }], [{ parameter: 'id', kind: 'id' }]]"
        );
    }
}
