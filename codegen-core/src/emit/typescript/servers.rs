//! `servers/index.ts`: the connection settings the document describes, for each MQTT server
//! (protocol `mqtt`, `mqtts`/`secure-mqtt`, `ws` or `wss`), under `Servers.<id>`:
//!
//! - `url(variables?)`: the URL from `protocol`, `host` and `pathname` (2.x: `url`), each
//!   `{variable}` the caller's value or its default. A value that is missing, outside the
//!   variable's `enum`, empty, or holds a character that would change the URL's shape
//!   (whitespace, controls, `?`, `#`, `\`, and in the host also `/` and `@`) throws
//!   `ServerVariableError`.
//! - `options(overrides?)`: MQTT.js `IClientOptions` from the MQTT server binding
//!   (`clientId`, `cleanSession` → `clean`, `keepAlive` → `keepalive`, `lastWill` → `will`,
//!   `sessionExpiryInterval` and `maximumPacketSize` → MQTT 5 `properties`) and the
//!   protocol version, then the caller's overrides (which win; `properties` are merged).
//!   A `userPassword` security scheme makes `username` and `password` required in the
//!   overrides' type, an `X509` scheme `key` and `cert`; nothing secret is generated.
//!
//! Connecting stays the caller's: `mqtt.connectAsync(Servers.x.url(), Servers.x.options(…))`,
//! so the file imports only the `IClientOptions` type from `mqtt`. A binding field given as
//! a schema without `const` or `default` is left to the caller.

use super::jsdoc;
use super::literal;
use super::writer::Code;
use crate::emit::servers::{
    mqtt_servers, protocol_level, security_needs, security_text, template_variables, url_texts,
    Needs, TemplateVariable, UrlText,
};
use crate::model::names::{camel_case, is_reserved_ts, pascal_case, NameTable};
use crate::model::{Model, Server};

/// The name the root barrel re-exports (unless a generated name shadows it).
pub(crate) const SERVERS: &str = "Servers";
/// The error class the file exports.
pub(crate) const ERROR: &str = "ServerVariableError";

/// Names the file's own code uses; a local or type named after a server or a variable must
/// not take them.
const TAKEN: &[&str] = &[
    SERVERS,
    ERROR,
    "IClientOptions",
    "serverVariable",
    "withOverrides",
    "hostForbidden",
    "pathForbidden",
    "variables",
    "overrides",
    "fromDocument",
];

/// The text of `servers/index.ts`, or `None` when the document has no MQTT server.
pub(crate) fn file(model: &Model, prefix: &str) -> Option<String> {
    let servers: Vec<(&Server, &'static str)> = mqtt_servers(model).collect();
    if servers.is_empty() {
        return None;
    }
    let mut types = NameTable::new();
    let mut keys = NameTable::new();
    for name in TAKEN {
        types.reserve(name);
    }
    let plans: Vec<ServerPlan<'_>> = servers
        .iter()
        .map(|&(server, scheme)| {
            let base = pascal_case(&server.id);
            let base = if base.is_empty() || base.as_bytes()[0].is_ascii_digit() {
                format!("Server{base}")
            } else {
                base
            };
            let variables = template_variables(server);
            let needs = security_needs(server);
            ServerPlan {
                server,
                scheme,
                key: keys.unique_owned(member_name(&server.id)),
                variables_type: (!variables.is_empty())
                    .then(|| types.unique_owned(format!("{base}Variables"))),
                overrides_type: (!needs.is_empty())
                    .then(|| types.unique_owned(format!("{base}Overrides"))),
                variables,
                needs,
            }
        })
        .collect();
    let any_host = plans.iter().any(|p| p.variables.iter().any(|v| v.in_host));
    let any_path = plans.iter().any(|p| p.variables.iter().any(|v| !v.in_host));

    let mut code = Code::with_prefix(prefix, 4096 + plans.len() * 2048);
    code.line("import type { IClientOptions } from 'mqtt';");
    code.blank();
    helpers(&mut code, any_host, any_path);
    for plan in &plans {
        declarations(&mut code, plan);
    }
    code.blank();
    code.line("/** The document's MQTT servers: for each, its URL and MQTT.js options, for `mqtt.connectAsync(url, options)`. */");
    code.open("export const Servers = {");
    for plan in &plans {
        server_entry(&mut code, plan);
    }
    code.close("};");
    Some(code.finish())
}

/// One server's names and what it needs.
struct ServerPlan<'m> {
    server: &'m Server,
    scheme: &'static str,
    /// Its property under `Servers`.
    key: String,
    variables: Vec<TemplateVariable<'m>>,
    variables_type: Option<String>,
    needs: Vec<Needs>,
    overrides_type: Option<String>,
}

/// A camelCase member name for a server id (`production-eu` → `productionEu`).
fn member_name(id: &str) -> String {
    let name = camel_case(id);
    if name.is_empty() || name.as_bytes()[0].is_ascii_digit() {
        format!("server{}", pascal_case(id))
    } else {
        name
    }
}

/// The error class, the variable checks and the overrides merge, as far as the servers use them.
fn helpers(code: &mut Code, any_host: bool, any_path: bool) {
    code.line("/** A server variable whose value is missing, outside its `enum`, or would change the shape of the URL. */");
    code.open("export class ServerVariableError extends Error {");
    code.line("/** The server's id in the document. */");
    code.line("readonly server: string;");
    code.line("/** The variable's name. */");
    code.line("readonly variable: string;");
    code.blank();
    code.open("constructor(server: string, variable: string, problem: string) {");
    code.line("super(`server ${server}: variable ${variable} ${problem}`);");
    code.line("this.name = 'ServerVariableError';");
    code.line("this.server = server;");
    code.line("this.variable = variable;");
    code.close("}");
    code.close("}");
    if any_host {
        code.blank();
        code.line("/** What a value in the host may not hold: it would end the host or start user info. */");
        code.line("const hostForbidden = /[\\s\\u0000-\\u001f\\u007f/?#@\\\\]/u;");
    }
    if any_path {
        code.blank();
        code.line("/** What a value in the path may not hold: it would end the path. */");
        code.line("const pathForbidden = /[\\s\\u0000-\\u001f\\u007f?#\\\\]/u;");
    }
    if any_host || any_path {
        code.blank();
        code.open("function serverVariable(server: string, name: string, given: string | undefined, fallback: string | undefined, allowed: readonly string[] | undefined, forbidden: RegExp): string {");
        code.line("const value = given ?? fallback;");
        code.open("if (value === undefined) {");
        code.line("throw new ServerVariableError(server, name, 'has no value and no default');");
        code.close("}");
        code.open("if (allowed !== undefined && !allowed.includes(value)) {");
        code.line("throw new ServerVariableError(server, name, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, not ${JSON.stringify(value)}`);");
        code.close("}");
        code.open("if (value === '' || forbidden.test(value)) {");
        code.line("throw new ServerVariableError(server, name, `cannot be ${JSON.stringify(value)}: it would change the shape of the URL`);");
        code.close("}");
        code.line("return value;");
        code.close("}");
    }
    code.blank();
    code.open("function withOverrides(fromDocument: IClientOptions, overrides: IClientOptions | undefined): IClientOptions {");
    code.open("if (overrides === undefined) {");
    code.line("return fromDocument;");
    code.close("}");
    code.line("const merged: IClientOptions = { ...fromDocument, ...overrides };");
    code.open("if (fromDocument.properties !== undefined && overrides.properties !== undefined) {");
    code.line("merged.properties = { ...fromDocument.properties, ...overrides.properties };");
    code.close("}");
    code.line("return merged;");
    code.close("}");
}

/// The variables interface and the overrides type of one server.
fn declarations(code: &mut Code, plan: &ServerPlan<'_>) {
    let id = &plan.server.id;
    if let Some(name) = &plan.variables_type {
        code.blank();
        jsdoc::write(
            code,
            &[Some(&format!(
                "Values of server `{}`'s variables; one left out takes its default.",
                id.replace('`', "'")
            ))],
        );
        code.open_parts(&["export interface ", name, " {"]);
        for v in &plan.variables {
            let declared = v.declared;
            let default = declared.and_then(|d| d.default.as_deref());
            let note = match (declared, default) {
                (None, _) => "Not declared by the document: there is no default.".to_string(),
                (Some(_), Some(d)) => format!("Default: `{}`.", d.replace('`', "'")),
                (Some(_), None) => "No default: a value is required.".to_string(),
            };
            jsdoc::write(
                code,
                &[declared.and_then(|d| d.description.as_deref()), Some(&note)],
            );
            code.line_with(|s| {
                literal::push_key(s, v.name);
                if default.is_some() {
                    s.push('?');
                }
                s.push_str(": ");
                match declared.and_then(|d| d.enum_values.as_ref()) {
                    Some(values) if !values.is_empty() => {
                        for (i, value) in values.iter().enumerate() {
                            if i > 0 {
                                s.push_str(" | ");
                            }
                            literal::push_string(s, value);
                        }
                    }
                    _ => s.push_str("string"),
                }
                s.push(';');
            });
        }
        code.close("}");
    }
    if let Some(name) = &plan.overrides_type {
        code.blank();
        let ways: Vec<&str> = plan
            .needs
            .iter()
            .map(|n| match (n.credentials, n.certificate) {
                (true, true) => "`username`, `password`, `key` and `cert`",
                (true, false) => "`username` and `password`",
                _ => "`key` and `cert`",
            })
            .collect();
        jsdoc::write(
            code,
            &[
                Some(&format!(
                    "What `Servers.{}.options()` takes: any MQTT.js option, over what the document says. The server's security needs {}.",
                    plan.key,
                    ways.join(", or ")
                )),
                security_text(plan.server).as_deref(),
            ],
        );
        code.line_with(|s| {
            s.push_str("export type ");
            s.push_str(name);
            s.push_str(" = IClientOptions & ");
            let several = plan.needs.len() > 1;
            if several {
                s.push('(');
            }
            for (i, n) in plan.needs.iter().enumerate() {
                if i > 0 {
                    s.push_str(" | ");
                }
                let mut fields: Vec<&str> = Vec::new();
                if n.credentials {
                    fields.extend(["'username'", "'password'"]);
                }
                if n.certificate {
                    fields.extend(["'key'", "'cert'"]);
                }
                s.push_str("Required<Pick<IClientOptions, ");
                s.push_str(&fields.join(" | "));
                s.push_str(">>");
            }
            if several {
                s.push(')');
            }
            s.push(';');
        });
    }
}

/// `<key>: { id, url(), options() },` inside `Servers`.
fn server_entry(code: &mut Code, plan: &ServerPlan<'_>) {
    let server = plan.server;
    let template = {
        let mut t = format!("{}://{}", plan.scheme, server.host);
        if let Some(p) = server.pathname.as_deref().filter(|p| !p.is_empty()) {
            if !p.starts_with('/') {
                t.push('/');
            }
            t.push_str(p);
        }
        t
    };
    code.blank();
    jsdoc::write(
        code,
        &[
            Some(&format!(
                "Server `{}`: `{}`.",
                server.id.replace('`', "'"),
                template.replace('`', "'")
            )),
            server.description.as_deref(),
            security_text(server).as_deref(),
        ],
    );
    code.open_with(|s| {
        literal::push_key(s, &plan.key);
        s.push_str(": {");
    });
    code.line("/** The server's id in the document. */");
    code.line_with(|s| {
        s.push_str("id: ");
        literal::push_string(s, &server.id);
        s.push(',');
    });
    url_method(code, plan);
    options_method(code, plan);
    code.close("},");
}

fn url_method(code: &mut Code, plan: &ServerPlan<'_>) {
    let id = &plan.server.id;
    code.blank();
    code.line("/** The URL, each variable the given value or its default; throws `ServerVariableError` for a value that is missing, outside its `enum`, or would change the URL's shape. */");
    let Some(ty) = &plan.variables_type else {
        code.open("url(): string {");
        code.line_with(|s| {
            s.push_str("return ");
            push_url(s, plan, &[]);
            s.push(';');
        });
        code.close("},");
        return;
    };
    let optional = plan
        .variables
        .iter()
        .all(|v| v.declared.is_some_and(|d| d.default.is_some()));
    code.open_with(|s| {
        s.push_str("url(variables: ");
        s.push_str(ty);
        if optional {
            s.push_str(" = {}");
        }
        s.push_str("): string {");
    });
    let mut locals = NameTable::new();
    for name in TAKEN {
        locals.reserve(name);
    }
    let names: Vec<String> = plan
        .variables
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let base = camel_case(v.name);
            let usable = literal::is_identifier(&base) && !is_reserved_ts(&base);
            locals.unique_owned(if usable {
                base
            } else {
                format!("value{}", i + 1)
            })
        })
        .collect();
    for (v, local) in plan.variables.iter().zip(&names) {
        let declared = v.declared;
        code.line_with(|s| {
            s.push_str("const ");
            s.push_str(local);
            s.push_str(" = serverVariable(");
            literal::push_string(s, id);
            s.push_str(", ");
            literal::push_string(s, v.name);
            s.push_str(", ");
            literal::push_member(s, "variables", v.name);
            s.push_str(", ");
            match declared.and_then(|d| d.default.as_deref()) {
                Some(d) => literal::push_string(s, d),
                None => s.push_str("undefined"),
            }
            s.push_str(", ");
            match declared.and_then(|d| d.enum_values.as_ref()) {
                Some(values) if !values.is_empty() => {
                    s.push('[');
                    for (i, value) in values.iter().enumerate() {
                        if i > 0 {
                            s.push_str(", ");
                        }
                        literal::push_string(s, value);
                    }
                    s.push(']');
                }
                _ => s.push_str("undefined"),
            }
            s.push_str(if v.in_host {
                ", hostForbidden);"
            } else {
                ", pathForbidden);"
            });
        });
    }
    code.line_with(|s| {
        s.push_str("return ");
        push_url(s, plan, &names);
        s.push(';');
    });
    code.close("},");
}

/// The URL expression: literal texts and locals joined with `+`.
fn push_url(s: &mut String, plan: &ServerPlan<'_>, locals: &[String]) {
    for (i, piece) in url_texts(plan.server, plan.scheme).iter().enumerate() {
        if i > 0 {
            s.push_str(" + ");
        }
        match piece {
            UrlText::Text(t) => literal::push_string(s, t),
            UrlText::Variable(v) => s.push_str(&locals[*v]),
        }
    }
}

fn options_method(code: &mut Code, plan: &ServerPlan<'_>) {
    let server = plan.server;
    let (level, stated) = protocol_level(server);
    let version_note = if stated {
        "the protocol version the document states"
    } else {
        "MQTT 5 (the document states no protocol version; headers need 5)"
    };
    code.blank();
    code.line_parts(&[
        "/** MQTT.js options: ",
        version_note,
        ", the server's MQTT binding, then `overrides`, which win (`properties` are merged). */",
    ]);
    code.open_with(|s| {
        s.push_str("options(overrides");
        match &plan.overrides_type {
            Some(t) => {
                s.push_str(": ");
                s.push_str(t);
            }
            None => s.push_str("?: IClientOptions"),
        }
        s.push_str("): IClientOptions {");
    });
    code.open("const fromDocument: IClientOptions = {");
    code.line_with(|s| {
        s.push_str("protocolVersion: ");
        s.push_str(match level {
            3 => "3",
            4 => "4",
            _ => "5",
        });
        s.push(',');
    });
    if let Some(b) = &server.mqtt {
        if let Some(id) = &b.client_id {
            code.line_with(|s| {
                s.push_str("clientId: ");
                literal::push_string(s, id);
                s.push(',');
            });
        }
        if let Some(clean) = b.clean_session {
            code.line_parts(&["clean: ", if clean { "true" } else { "false" }, ","]);
        }
        if let Some(k) = b.keep_alive {
            code.line_parts(&["keepalive: ", &k.to_string(), ","]);
        }
        if let Some(will) = &b.last_will {
            if let Some(topic) = &will.topic {
                code.line_with(|s| {
                    s.push_str("will: { topic: ");
                    literal::push_string(s, topic);
                    s.push_str(", payload: ");
                    literal::push_string(s, will.message.as_deref().unwrap_or(""));
                    s.push_str(", qos: ");
                    s.push_str(match will.qos.unwrap_or(0) {
                        1 => "1",
                        2 => "2",
                        _ => "0",
                    });
                    s.push_str(", retain: ");
                    s.push_str(if will.retain.unwrap_or(false) {
                        "true"
                    } else {
                        "false"
                    });
                    s.push_str(" },");
                });
            }
        }
        let mut properties: Vec<String> = Vec::new();
        if let Some(v) = b.session_expiry_interval {
            properties.push(format!(
                "sessionExpiryInterval: {}",
                v.min(u64::from(u32::MAX))
            ));
        }
        if let Some(v) = b.maximum_packet_size {
            properties.push(format!("maximumPacketSize: {}", v.min(u64::from(u32::MAX))));
        }
        if !properties.is_empty() {
            code.line_parts(&["properties: { ", &properties.join(", "), " },"]);
        }
    }
    code.close("};");
    code.line("return withOverrides(fromDocument, overrides);");
    code.close("},");
}

#[cfg(test)]
mod tests {
    use super::member_name;

    #[test]
    fn server_ids_become_member_names() {
        assert_eq!(member_name("production-eu"), "productionEu");
        assert_eq!(member_name("1st"), "server1st");
        assert_eq!(member_name("*/"), "server");
    }
}
