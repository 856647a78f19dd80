//! Servers: 3.x `host`/`pathname`, 2.x `url` split into the same two parts, variables, the
//! MQTT server binding and the security schemes. `components.servers` references are
//! followed. Also the `servers` list of a channel, which restricts it to some servers.

use crate::load::tree::unescape_token;
use crate::model::{SecurityScheme, Server, ServerVariable};
use crate::spec::bindings;
use crate::spec::context::{Ctx, Src};

/// Every server under `servers`, in document order.
pub(crate) fn servers<'s>(ctx: &mut Ctx<'s>, root: &Src<'s>, v3: bool) -> Vec<Server> {
    let mut out = Vec::new();
    for (id, entry) in ctx.entries(root, "servers") {
        let Some(server) = ctx.object(entry, &format!("server `{id}`")) else {
            continue;
        };
        let (host, pathname) = if v3 {
            (
                ctx.string(&server, "host").unwrap_or_default(),
                ctx.string(&server, "pathname"),
            )
        } else {
            split_url(&ctx.string(&server, "url").unwrap_or_default())
        };
        let mut variables = Vec::new();
        for (name, var) in ctx.entries(&server, "variables") {
            let Some(var) = ctx.object(var, &format!("server variable `{name}`")) else {
                continue;
            };
            let enum_values = ctx.items(&var, "enum").map(|items| {
                items
                    .iter()
                    .filter_map(|i| ctx.as_string(i, "enum"))
                    .collect()
            });
            variables.push(ServerVariable {
                name: name.to_string(),
                enum_values,
                default: ctx.string(&var, "default"),
                description: ctx.string(&var, "description"),
            });
        }
        out.push(Server {
            id: id.to_string(),
            host,
            pathname,
            protocol: ctx.string(&server, "protocol").unwrap_or_default(),
            protocol_version: ctx.string(&server, "protocolVersion"),
            description: ctx.string(&server, "description"),
            variables,
            mqtt: bindings::server(ctx, &server),
            security: security(ctx, root, &server, v3),
            location: ctx.loc(&server),
        });
    }
    out
}

/// A server's `security`: alternatives, each a list of schemes that apply together.
///
/// 3.x lists security scheme objects (or references to them), each one an alternative. 2.x
/// lists security requirement objects, `{ <name in components.securitySchemes>: [scopes] }`,
/// each one an alternative whose schemes all apply.
fn security<'s>(
    ctx: &mut Ctx<'s>,
    root: &Src<'s>,
    server: &Src<'s>,
    v3: bool,
) -> Vec<Vec<SecurityScheme>> {
    let Some(items) = ctx.items(server, "security") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        if v3 {
            // A reference names the scheme after its key; an inline scheme after its place.
            let name = item
                .node
                .reference()
                .and_then(|r| r.rsplit('/').next())
                .map(unescape_token)
                .unwrap_or_else(|| format!("security[{i}]"));
            let Some(scheme) = ctx.object(item, "a security scheme") else {
                continue;
            };
            if let Some(s) = scheme_of(ctx, &scheme, name) {
                out.push(vec![s]);
            }
        } else {
            let Some(requirement) = ctx.object(item, "a security requirement") else {
                continue;
            };
            let names: Vec<&'s str> = match requirement.node.as_object() {
                Some(map) => map.iter().map(|(k, _)| k.as_str()).collect(),
                None => Vec::new(),
            };
            let mut all = Vec::new();
            for name in names {
                let Some(scheme) = component_scheme(ctx, root, name, &requirement) else {
                    continue;
                };
                if let Some(s) = scheme_of(ctx, &scheme, name.to_string()) {
                    all.push(s);
                }
            }
            out.push(all);
        }
    }
    out
}

/// `components.securitySchemes.<name>`, or a located error when the document has none.
fn component_scheme<'s>(
    ctx: &mut Ctx<'s>,
    root: &Src<'s>,
    name: &str,
    requirement: &Src<'s>,
) -> Option<Src<'s>> {
    let found = root
        .child("components")
        .and_then(|c| ctx.peek(&c))
        .and_then(|c| c.child("securitySchemes"))
        .and_then(|s| ctx.peek(&s))
        .and_then(|s| s.child(name));
    match found {
        Some(scheme) => ctx.object(scheme, &format!("security scheme `{name}`")),
        None => {
            let at = requirement
                .child(name)
                .unwrap_or_else(|| requirement.clone());
            ctx.error(
                &at,
                format!("a server's security requirement names `{name}`, which is not under `components.securitySchemes`"),
                format!("declare `{name}` under `components.securitySchemes`, or fix the name"),
            );
            None
        }
    }
}

fn scheme_of<'s>(ctx: &mut Ctx<'s>, scheme: &Src<'s>, name: String) -> Option<SecurityScheme> {
    let Some(kind) = ctx.string(scheme, "type") else {
        ctx.warn(
            scheme,
            format!("security scheme `{name}` has no `type`; it is ignored"),
            "add its `type` (`userPassword`, `X509`, ...)",
        );
        return None;
    };
    Some(SecurityScheme {
        name,
        kind,
        description: ctx.string(scheme, "description"),
    })
}

/// A channel's `servers`: the ids of the root servers it is available on, or `None` when
/// it lists none (all servers). 3.x lists references to `#/servers/<id>`; 2.x lists ids.
pub(crate) fn channel_servers<'s>(
    ctx: &mut Ctx<'s>,
    root: &Src<'s>,
    channel: &Src<'s>,
    v3: bool,
) -> Option<Vec<String>> {
    let items = ctx.items(channel, "servers")?;
    // The root servers by the node each one is (references followed), to match references.
    let mut known: Vec<(String, usize)> = Vec::new();
    for (id, entry) in ctx.entries(root, "servers") {
        if let Some(target) = ctx.peek(&entry) {
            known.push((id.to_string(), target.id()));
        }
    }
    let mut out = Vec::new();
    for item in items {
        let id = if v3 {
            let target = ctx.peek(&item).map(|t| t.id());
            known
                .iter()
                .find(|(_, node)| Some(*node) == target)
                .map(|(id, _)| id.clone())
        } else {
            item.node
                .as_str()
                .filter(|name| known.iter().any(|(id, _)| id == name))
                .map(str::to_string)
        };
        match id {
            Some(id) if !out.contains(&id) => out.push(id),
            Some(_) => {}
            None => {
                let what = if v3 {
                    "a reference to one of the document's `servers` (`$ref: '#/servers/<id>'`)"
                } else {
                    "the name of one of the document's `servers`"
                };
                ctx.error(
                    &item,
                    "a channel's `servers` entry does not name a server of this document",
                    format!("write {what}"),
                );
            }
        }
    }
    Some(out)
}

/// `mqtt://host:1883/path` → (`host:1883`, `/path`). The scheme is dropped: `protocol`
/// says it. No path (or just `/`) gives `None`.
fn split_url(url: &str) -> (String, Option<String>) {
    let rest = match url.find("://") {
        Some(i) => &url[i + 3..],
        None => url,
    };
    match rest.find('/') {
        Some(i) => {
            let path = &rest[i..];
            let path = (path != "/").then(|| path.to_string());
            (rest[..i].to_string(), path)
        }
        None => (rest.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::split_url;

    #[test]
    fn urls_split_into_host_and_path() {
        assert_eq!(
            split_url("test.mosquitto.org:{port}"),
            ("test.mosquitto.org:{port}".into(), None)
        );
        assert_eq!(
            split_url("mqtt://broker:1883/mqtt"),
            ("broker:1883".into(), Some("/mqtt".into()))
        );
        assert_eq!(split_url("ws://h/"), ("h".into(), None));
    }
}
