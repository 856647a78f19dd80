//! What both emitters derive from a server in the same way: which servers are MQTT servers
//! and their URL scheme, the MQTT protocol version, the variables of the URL template, what
//! the security schemes ask of the caller, and the note on a channel limited to some
//! servers. Keeping it here keeps the TypeScript and Rust connection settings identical.

use crate::model::{Channel, Model, Server, ServerVariable};

/// The URL scheme of an MQTT server's `protocol`, or `None` for any other protocol (such a
/// server gets no connection settings). `secure-mqtt` is the 2.x name of `mqtts`; `tcp`,
/// `ssl` and `tls` are the aliases MQTT.js accepts.
pub(crate) fn scheme(protocol: &str) -> Option<&'static str> {
    match protocol.to_ascii_lowercase().as_str() {
        "mqtt" | "tcp" => Some("mqtt"),
        "mqtts" | "secure-mqtt" | "ssl" | "tls" => Some("mqtts"),
        "ws" => Some("ws"),
        "wss" => Some("wss"),
        _ => None,
    }
}

/// The document's MQTT servers with their URL scheme, in document order.
pub(crate) fn mqtt_servers(model: &Model) -> impl Iterator<Item = (&Server, &'static str)> {
    model
        .servers
        .iter()
        .filter_map(|s| scheme(&s.protocol).map(|scheme| (s, scheme)))
}

/// The MQTT protocol level to connect with: 5, 4 (3.1.1) or 3 (3.1) as the server's
/// `protocolVersion` says, else 5, which the generated clients' headers and subscription
/// identifiers need. The flag says whether the document stated it.
pub(crate) fn protocol_level(server: &Server) -> (u8, bool) {
    let stated = server.protocol_version.as_deref().map(str::trim);
    match stated {
        Some("5" | "5.0" | "5.0.0") => (5, true),
        Some("3.1.1" | "4") => (4, true),
        Some("3.1" | "3") => (3, true),
        _ => (5, false),
    }
}

/// One `{name}` of a server's URL template.
pub(crate) struct TemplateVariable<'m> {
    /// The name between the braces.
    pub name: &'m str,
    /// Its declaration, when the server declares it (an undeclared one has no default).
    pub declared: Option<&'m ServerVariable>,
    /// It occurs in the host, where a value may hold fewer characters than in the path.
    pub in_host: bool,
}

/// The variables of a server's URL template, host first, each once, then the declared ones
/// the template does not use (still typed, so a caller's value is checked).
pub(crate) fn template_variables(server: &Server) -> Vec<TemplateVariable<'_>> {
    let mut out: Vec<TemplateVariable<'_>> = Vec::new();
    for (text, in_host) in [
        (Some(server.host.as_str()), true),
        (server.pathname.as_deref(), false),
    ] {
        for name in placeholders(text.unwrap_or_default()) {
            match out.iter_mut().find(|v| v.name == name) {
                Some(v) => v.in_host |= in_host,
                None => out.push(TemplateVariable {
                    name,
                    declared: server.variables.iter().find(|v| v.name == name),
                    in_host,
                }),
            }
        }
    }
    for v in &server.variables {
        if !out.iter().any(|t| t.name == v.name) {
            out.push(TemplateVariable {
                name: &v.name,
                declared: Some(v),
                in_host: false,
            });
        }
    }
    out
}

/// The `{name}`s of a template, in order.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    split_template(text).into_iter().filter_map(|s| match s {
        TemplateSegment::Variable(name) => Some(name),
        TemplateSegment::Text(_) => None,
    })
}

/// A server's URL as literal texts and variables: `<scheme>://`, the host, then the pathname
/// (with a `/` in front when the document left it out). Neighbouring texts are joined.
pub(crate) fn url_texts(server: &Server, scheme: &'static str) -> Vec<UrlText> {
    let variables = template_variables(server);
    let mut out: Vec<UrlText> = vec![UrlText::Text(format!("{scheme}://"))];
    let push = |text: &str, out: &mut Vec<UrlText>| {
        for segment in split_template(text) {
            match segment {
                TemplateSegment::Text(t) => match out.last_mut() {
                    Some(UrlText::Text(s)) => s.push_str(t),
                    _ => out.push(UrlText::Text(t.to_string())),
                },
                TemplateSegment::Variable(name) => {
                    if let Some(i) = variables.iter().position(|v| v.name == name) {
                        out.push(UrlText::Variable(i));
                    }
                }
            }
        }
    };
    push(&server.host, &mut out);
    if let Some(path) = server.pathname.as_deref().filter(|p| !p.is_empty()) {
        if !path.starts_with('/') {
            push("/", &mut out);
        }
        push(path, &mut out);
    }
    out
}

/// A piece of [`url_texts`].
pub(crate) enum UrlText {
    /// Literal text.
    Text(String),
    /// A variable, by index into [`template_variables`].
    Variable(usize),
}

enum TemplateSegment<'t> {
    Text(&'t str),
    Variable(&'t str),
}

fn split_template(text: &str) -> Vec<TemplateSegment<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            out.push(TemplateSegment::Text(&rest[..open]));
        }
        out.push(TemplateSegment::Variable(&rest[open + 1..open + close]));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        out.push(TemplateSegment::Text(rest));
    }
    out
}

/// What one way of authenticating asks of the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Needs {
    /// `userPassword`: a user name and a password.
    pub credentials: bool,
    /// `X509`: a client certificate and its key.
    pub certificate: bool,
}

/// What the server's security asks of the caller: one entry per way of authenticating,
/// without repeats, or nothing when the document says nothing or one of its ways needs
/// nothing we can type (an `apiKey`, say), so that no option is forced on the caller.
pub(crate) fn security_needs(server: &Server) -> Vec<Needs> {
    let mut out: Vec<Needs> = Vec::new();
    for all in &server.security {
        let needs = Needs {
            credentials: all
                .iter()
                .any(|s| s.kind.eq_ignore_ascii_case("userPassword")),
            certificate: all.iter().any(|s| s.kind.eq_ignore_ascii_case("X509")),
        };
        if !needs.credentials && !needs.certificate {
            return Vec::new();
        }
        if !out.contains(&needs) {
            out.push(needs);
        }
    }
    out
}

/// `Security: `a` (userPassword), or `b` (X509).` for a doc comment, when the server has
/// security schemes.
pub(crate) fn security_text(server: &Server) -> Option<String> {
    if server.security.is_empty() {
        return None;
    }
    let ways: Vec<String> = server
        .security
        .iter()
        .map(|all| {
            all.iter()
                .map(|s| format!("`{}` ({})", tick_free(&s.name), tick_free(&s.kind)))
                .collect::<Vec<_>>()
                .join(" and ")
        })
        .collect();
    Some(format!("Security: {}.", ways.join(", or ")))
}

/// The note on a function or module of a channel its document limits to some servers.
pub(crate) fn channel_note(channel: &Channel) -> Option<String> {
    let servers = channel.servers.as_ref()?;
    if servers.is_empty() {
        return Some(
            "Available on no server of the document (its `servers` list is empty).".into(),
        );
    }
    let names: Vec<String> = servers
        .iter()
        .map(|s| format!("`{}`", tick_free(s)))
        .collect();
    Some(format!(
        "Available only on server{} {} (the channel's `servers`).",
        if names.len() == 1 { "" } else { "s" },
        names.join(", ")
    ))
}

/// Text for inside backticks in a doc comment.
fn tick_free(text: &str) -> String {
    text.replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(host: &str, pathname: Option<&str>) -> Server {
        Server {
            id: "s".into(),
            host: host.into(),
            pathname: pathname.map(str::to_string),
            protocol: "mqtt".into(),
            protocol_version: None,
            description: None,
            variables: vec![ServerVariable {
                name: "port".into(),
                enum_values: None,
                default: Some("1883".into()),
                description: None,
            }],
            mqtt: None,
            security: Vec::new(),
            location: crate::diag::Location::default(),
        }
    }

    #[test]
    fn urls_are_texts_and_variables() {
        let s = server("{host}.example.com:{port}", Some("mqtt/{host}"));
        let vars = template_variables(&s);
        let names: Vec<(&str, bool, bool)> = vars
            .iter()
            .map(|v| (v.name, v.in_host, v.declared.is_some()))
            .collect();
        assert_eq!(names, [("host", true, false), ("port", true, true)]);
        let texts = url_texts(&s, "mqtts");
        let shown: Vec<String> = texts
            .iter()
            .map(|t| match t {
                UrlText::Text(t) => t.clone(),
                UrlText::Variable(i) => format!("<{i}>"),
            })
            .collect();
        assert_eq!(
            shown,
            ["mqtts://", "<0>", ".example.com:", "<1>", "/mqtt/", "<0>"]
        );
    }

    #[test]
    fn schemes_and_levels() {
        assert_eq!(scheme("secure-mqtt"), Some("mqtts"));
        assert_eq!(scheme("WSS"), Some("wss"));
        assert_eq!(scheme("kafka"), None);
        let mut s = server("h", None);
        assert_eq!(protocol_level(&s), (5, false));
        s.protocol_version = Some("3.1.1".into());
        assert_eq!(protocol_level(&s), (4, true));
    }
}
