//! Servers: 3.x `host`/`pathname`, 2.x `url` split into the same two parts, variables and
//! the MQTT server binding. `components.servers` references are followed.

use crate::model::{Server, ServerVariable};
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
            location: ctx.loc(&server),
        });
    }
    out
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
