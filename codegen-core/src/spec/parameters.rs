//! Channel parameters, in the order the address names them.
//!
//! 3.x parameters are strings with optional `enum`, `default`, `examples`, `description`
//! and `location`. 2.x parameters carry a `schema` whose primitive `type` is kept (an
//! integer parameter stays an integer) and whose `enum`/`default`/`examples` are used.
//! A parameter in the address that is not declared is a warning (real documents do it) and
//! becomes an undeclared string parameter; a declared parameter that the address does not
//! use is an error.

use crate::model::{Address, Parameter, ParameterType};
use crate::spec::context::{scalar_text, Ctx, Src};

/// The parameters of `channel`. `address_src` is where the address is written (for the
/// undeclared-parameter warning).
pub(crate) fn parameters<'s>(
    ctx: &mut Ctx<'s>,
    channel: &Src<'s>,
    address: Option<&Address>,
    address_src: &Src<'s>,
) -> Vec<Parameter> {
    let declared = ctx.entries(channel, "parameters");
    let mut out = Vec::new();
    if let Some(address) = address {
        check_address_literals(ctx, address, address_src);
    }
    let names = address.map(Address::parameter_names).unwrap_or_default();
    for name in &names {
        if OBJECT_BUILTINS.contains(name) {
            ctx.error(
                address_src,
                format!("address parameter `{name}` is named after a member every JavaScript object has: the generated parameters class cannot hold it (or never matches it)"),
                format!("rename `{{{name}}}` in the address and under `parameters`; the name is only a placeholder, the topic on the wire does not change"),
            );
        }
        match declared.iter().find(|(k, _)| k == name) {
            Some((_, src)) => {
                if let Some(p) = declared_parameter(ctx, name, src.clone()) {
                    out.push(p);
                }
            }
            None => {
                ctx.warn(
                    address_src,
                    format!(
                        "address parameter `{name}` is not declared; it is treated as a string"
                    ),
                    format!("declare `{name}` under the channel's `parameters`"),
                );
                out.push(Parameter {
                    name: name.to_string(),
                    ty: ParameterType::String,
                    enum_values: None,
                    default: None,
                    description: None,
                    examples: Vec::new(),
                    runtime_location: None,
                    declared: false,
                    location: ctx.loc(address_src),
                });
            }
        }
    }
    for (name, src) in &declared {
        if names.contains(name) {
            continue;
        }
        let (what, help) = match address {
            Some(a) => (
                format!(
                    "parameter `{name}` is declared but the address `{}` does not use it",
                    a.raw
                ),
                format!("remove the declaration or put `{{{name}}}` into the address"),
            ),
            None => (
                format!("parameter `{name}` is declared but the channel has no address"),
                "remove the declaration or give the channel an address".to_string(),
            ),
        };
        ctx.error(src, what, help);
        if let Some(p) = declared_parameter(ctx, name, src.clone()) {
            out.push(p);
        }
    }
    out
}

/// The literal parts of an address are published as written: an MQTT wildcard there
/// would publish to a topic no subscription of the channel matches (and subscribe to
/// more than the channel), and NUL is refused by every broker.
fn check_address_literals<'s>(ctx: &mut Ctx<'s>, address: &Address, address_src: &Src<'s>) {
    use crate::model::AddressSegment;
    let literal_text = address.segments.iter().filter_map(|s| match s {
        AddressSegment::Literal(text) => Some(text.as_str()),
        AddressSegment::Parameter(_) => None,
    });
    for text in literal_text {
        if let Some(c) = text.chars().find(|c| matches!(c, '+' | '#' | '\0')) {
            let what = match c {
                '\0' => "a NUL character, which MQTT forbids in topics".to_string(),
                _ => format!("the MQTT wildcard `{c}`, which a topic to publish on cannot hold"),
            };
            ctx.error(
                address_src,
                format!("the address `{}` contains {what}", address.raw),
                "use a parameter (`{name}`) for a level that varies; subscriptions turn parameters into `+` themselves",
            );
            return;
        }
    }
}

/// Members of `Object.prototype` (and `constructor`, `__proto__`): a parameter named after
/// one becomes a class member that is a syntax error (`constructor`) or that lookups on a
/// plain object find without it being set, so it is refused.
const OBJECT_BUILTINS: &[&str] = &[
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
    "__proto__",
    "constructor",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "prototype",
    "toLocaleString",
    "toString",
    "valueOf",
];

/// One declared parameter (references followed).
fn declared_parameter<'s>(ctx: &mut Ctx<'s>, name: &str, src: Src<'s>) -> Option<Parameter> {
    let param = ctx.object(src, &format!("parameter `{name}`"))?;
    let schema = match param.child("schema") {
        Some(s) => ctx.object(s, "a parameter `schema`"),
        None => None,
    };
    let ty = match schema.as_ref().and_then(|s| s.child("type")) {
        Some(t) => parameter_type(ctx, &t),
        None => ParameterType::String,
    };
    // Own fields first (3.x), the schema's as the 2.x fallback.
    let pick = |key: &str| {
        param
            .child(key)
            .or_else(|| schema.as_ref().and_then(|s| s.child(key)))
    };
    let enum_values = match pick("enum") {
        Some(e) => match e.node.as_array() {
            Some(items) => Some(items.iter().map(scalar_text).collect()),
            None => {
                let found = e.node.kind_name();
                ctx.error(
                    &e,
                    format!("`enum` must be a list, found {found}"),
                    "list the allowed values as a sequence",
                );
                None
            }
        },
        None => None,
    };
    let default = pick("default")
        .filter(|d| !d.node.is_null())
        .map(|d| scalar_text(d.node));
    let examples = match pick("examples") {
        Some(e) => e
            .node
            .as_array()
            .map(|items| items.iter().map(scalar_text).collect()),
        None => None,
    }
    .unwrap_or_default();
    let description = match pick("description") {
        Some(d) => ctx.as_string(&d, "description"),
        None => None,
    };
    Some(Parameter {
        name: name.to_string(),
        ty,
        enum_values,
        default,
        description,
        examples,
        runtime_location: ctx.string(&param, "location"),
        declared: true,
        location: ctx.loc(&param),
    })
}

/// The primitive type of a 2.x parameter schema (`type: [integer, "null"]` counts as
/// integer: a topic level cannot be null anyway). Anything else is a string, with a warning.
fn parameter_type<'s>(ctx: &mut Ctx<'s>, src: &Src<'s>) -> ParameterType {
    let names: Vec<&str> = match (src.node.as_str(), src.node.as_array()) {
        (Some(s), _) => vec![s],
        (None, Some(items)) => items
            .iter()
            .filter_map(|i| i.as_str())
            .filter(|s| *s != "null")
            .collect(),
        _ => Vec::new(),
    };
    match names.as_slice() {
        ["string"] => ParameterType::String,
        ["integer"] => ParameterType::Integer,
        ["number"] => ParameterType::Number,
        ["boolean"] => ParameterType::Boolean,
        _ => {
            // Real documents do this (an object-typed zone id); a topic level is text,
            // so the parameter is treated as a string rather than rejected.
            ctx.warn(
                src,
                format!(
                    "a parameter should be a string, integer, number or boolean, found type {}; it is treated as a string",
                    src.node.to_json()
                ),
                "a topic level holds one primitive value; change the parameter's schema type",
            );
            ParameterType::String
        }
    }
}
