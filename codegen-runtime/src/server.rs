//! Servers as the AsyncAPI document describes them: what generated `servers::<id>` modules
//! hold ([`Server`]), the URL from its variables ([`Server::url`]) and the client options
//! built from it ([`ClientOptions`], implemented for rumqttc's `MqttOptions` of MQTT 3.1.1
//! and 5 under the `rumqttc` feature).
//!
//! Public: generated `servers::<id>` modules are [`Server`] constants, and you connect with
//! them.
//!
//! The variable rules are the TypeScript client's: a value left out takes the default; a
//! value must be one of the `enum` when there is one; it may not be empty, nor hold
//! whitespace, control characters, `?`, `#` or `\`, nor, in the host, `/` or `@` (they would
//! change the shape of the URL).
//!
//! ```
//! use asyncapi_codegen_runtime::server::{MqttBinding, Server, ServerError, Variable};
//!
//! const SERVER: Server = Server {
//!     id: "production",
//!     protocol: "mqtt",
//!     host: "{region}.example.com:1883",
//!     pathname: None,
//!     protocol_version: None,
//!     variables: &[Variable { name: "region", default: Some("eu"), allowed: &["eu", "us"] }],
//!     mqtt: MqttBinding::NONE,
//!     security: &[],
//! };
//! assert_eq!(SERVER.url(&[("region", None)])?, "mqtt://eu.example.com:1883");
//! assert_eq!(SERVER.url(&[("region", Some("us"))])?, "mqtt://us.example.com:1883");
//! assert!(matches!(
//!     SERVER.url(&[("region", Some("mars"))]),
//!     Err(ServerError::NotAllowed { .. })
//! ));
//! let endpoint = SERVER.endpoint(&[])?;
//! assert_eq!((endpoint.host.as_str(), endpoint.port), ("eu.example.com", 1883));
//! # Ok::<(), ServerError>(())
//! ```

use std::fmt;

/// A server of the document.
#[derive(Debug, Clone, Copy)]
pub struct Server {
    /// Its id (the key under `servers`).
    pub id: &'static str,
    /// `mqtt`, `mqtts`, `ws` or `wss` (aliases such as `secure-mqtt` already mapped).
    pub protocol: &'static str,
    /// The host and port, with `{variables}`.
    pub host: &'static str,
    /// The path, with `{variables}`, when there is one.
    pub pathname: Option<&'static str>,
    /// The MQTT protocol level the document states (5, 4 for 3.1.1, or 3), if it does.
    pub protocol_version: Option<u8>,
    /// Its variables.
    pub variables: &'static [Variable],
    /// Its MQTT server binding.
    pub mqtt: MqttBinding,
    /// Its security schemes: alternatives, each a list of schemes that apply together.
    pub security: &'static [&'static [SecurityScheme]],
}

/// A server variable.
#[derive(Debug, Clone, Copy)]
pub struct Variable {
    /// Its name, as between the braces.
    pub name: &'static str,
    /// Its default value.
    pub default: Option<&'static str>,
    /// The values it may take (its `enum`); empty when any value goes.
    pub allowed: &'static [&'static str],
}

/// The MQTT server binding (bindings 0.2.0). A field the document gives as a schema
/// without `const` or `default` is `None`.
#[derive(Debug, Clone, Copy, Default)]
pub struct MqttBinding {
    /// `clientId`.
    pub client_id: Option<&'static str>,
    /// `cleanSession` (clean start in MQTT 5).
    pub clean_session: Option<bool>,
    /// `keepAlive`, in seconds.
    pub keep_alive: Option<u64>,
    /// `lastWill`.
    pub last_will: Option<LastWill>,
    /// `sessionExpiryInterval`, in seconds (MQTT 5).
    pub session_expiry_interval: Option<u32>,
    /// `maximumPacketSize`, in bytes.
    pub maximum_packet_size: Option<u32>,
}

impl MqttBinding {
    /// No binding.
    pub const NONE: MqttBinding = MqttBinding {
        client_id: None,
        clean_session: None,
        keep_alive: None,
        last_will: None,
        session_expiry_interval: None,
        maximum_packet_size: None,
    };
}

/// The last will of an MQTT server binding.
#[derive(Debug, Clone, Copy)]
pub struct LastWill {
    /// Its topic.
    pub topic: &'static str,
    /// QoS 0, 1 or 2.
    pub qos: u8,
    /// Its message.
    pub message: &'static str,
    /// The retain flag.
    pub retain: bool,
}

/// A security scheme a server accepts.
#[derive(Debug, Clone, Copy)]
pub struct SecurityScheme {
    /// Its name in the document.
    pub name: &'static str,
    /// Its `type` (`userPassword`, `X509`, ...).
    pub kind: &'static str,
}

/// A user name and password, for a server with a `userPassword` security scheme. Never
/// generated: the caller supplies them.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name.
    pub username: String,
    /// The password.
    pub password: String,
}

impl fmt::Debug for Credentials {
    // The password stays out of logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"…")
            .finish()
    }
}

/// Where a server is: its URL taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `mqtt`, `mqtts`, `ws` or `wss`.
    pub scheme: &'static str,
    /// The host name or address (an IPv6 address without its brackets).
    pub host: String,
    /// The port: the URL's, else the scheme's default (1883, 8883, 80, 443).
    pub port: u16,
    /// The path (`/mqtt`), empty when there is none.
    pub path: String,
}

impl Endpoint {
    /// True for `mqtts` and `wss`, whose transport is TLS.
    pub fn tls(&self) -> bool {
        matches!(self.scheme, "mqtts" | "wss")
    }
}

/// Why a server's URL or options cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerError {
    /// A variable has no value and no default.
    Missing {
        /// The server.
        server: &'static str,
        /// The variable.
        variable: String,
    },
    /// A value is not one of the variable's `enum`.
    NotAllowed {
        /// The server.
        server: &'static str,
        /// The variable.
        variable: String,
        /// The value.
        value: String,
        /// The values it may take.
        allowed: &'static [&'static str],
    },
    /// A value is empty or holds a character that would change the URL's shape.
    Forbidden {
        /// The server.
        server: &'static str,
        /// The variable.
        variable: String,
        /// The value.
        value: String,
    },
    /// The host does not end in a usable port.
    BadPort {
        /// The server.
        server: &'static str,
        /// The host with its port, as filled in.
        host: String,
    },
    /// The client library cannot take a setting of the document as it is.
    Unsupported {
        /// The server.
        server: &'static str,
        /// What and why.
        problem: String,
    },
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerError::Missing { server, variable } => {
                write!(f, "server {server}: variable {variable} has no value and no default")
            }
            ServerError::NotAllowed {
                server,
                variable,
                value,
                allowed,
            } => write!(
                f,
                "server {server}: variable {variable} must be one of {}, not {value:?}",
                allowed
                    .iter()
                    .map(|a| format!("{a:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ServerError::Forbidden {
                server,
                variable,
                value,
            } => write!(
                f,
                "server {server}: variable {variable} cannot be {value:?}: it would change the shape of the URL"
            ),
            ServerError::BadPort { server, host } => {
                write!(f, "server {server}: `{host}` does not end in a port number (0-65535)")
            }
            ServerError::Unsupported { server, problem } => write!(f, "server {server}: {problem}"),
        }
    }
}

impl std::error::Error for ServerError {}

/// Client options that can be made from a server of the document: implemented for
/// rumqttc's `MqttOptions` (MQTT 3.1.1) and `v5::MqttOptions` under the `rumqttc` feature.
pub trait ClientOptions: Sized {
    /// Options for `server` at `endpoint` (from [`Server::endpoint`]): the MQTT binding,
    /// then `credentials` when given.
    fn from_server(
        server: &Server,
        endpoint: &Endpoint,
        credentials: Option<&Credentials>,
    ) -> Result<Self, ServerError>;
}

impl Server {
    /// The URL, each variable the value in `values` (by name; `None` or absent: the default).
    pub fn url(&self, values: &[(&str, Option<&str>)]) -> Result<String, ServerError> {
        let mut url = String::with_capacity(self.host.len() + 16);
        url.push_str(self.protocol);
        url.push_str("://");
        self.fill(&mut url, self.host, true, values)?;
        if let Some(path) = self.pathname.filter(|p| !p.is_empty()) {
            if !path.starts_with('/') {
                url.push('/');
            }
            self.fill(&mut url, path, false, values)?;
        }
        Ok(url)
    }

    /// The URL taken apart, for clients that want a host and a port.
    pub fn endpoint(&self, values: &[(&str, Option<&str>)]) -> Result<Endpoint, ServerError> {
        let mut host = String::new();
        self.fill(&mut host, self.host, true, values)?;
        let mut path = String::new();
        if let Some(p) = self.pathname.filter(|p| !p.is_empty()) {
            if !p.starts_with('/') {
                path.push('/');
            }
            self.fill(&mut path, p, false, values)?;
        }
        let default_port = match self.protocol {
            "mqtts" => 8883,
            "ws" => 80,
            "wss" => 443,
            _ => 1883,
        };
        let bad_port = || ServerError::BadPort {
            server: self.id,
            host: host.clone(),
        };
        // `[::1]:1883`, `[::1]`, `name:1883`, `name`.
        let (name, port) = if let Some(rest) = host.strip_prefix('[') {
            let (address, after) = rest.split_once(']').ok_or_else(bad_port)?;
            match after.strip_prefix(':') {
                Some(port) => (address, Some(port)),
                None if after.is_empty() => (address, None),
                None => return Err(bad_port()),
            }
        } else {
            match host.rsplit_once(':') {
                // A second `:` outside brackets leaves no way to tell host from port.
                Some((name, _)) if name.contains(':') => return Err(bad_port()),
                Some((name, port)) => (name, Some(port)),
                None => (host.as_str(), None),
            }
        };
        let port = match port {
            Some(p) => p.parse::<u16>().map_err(|_| bad_port())?,
            None => default_port,
        };
        Ok(Endpoint {
            scheme: self.protocol,
            host: name.to_string(),
            port,
            path,
        })
    }

    /// Appends `template` with its variables filled in.
    fn fill(
        &self,
        out: &mut String,
        template: &str,
        in_host: bool,
        values: &[(&str, Option<&str>)],
    ) -> Result<(), ServerError> {
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            out.push_str(&rest[..open]);
            let name = &rest[open + 1..open + close];
            out.push_str(self.value(name, in_host, values)?);
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        Ok(())
    }

    /// The checked value of variable `name`.
    fn value<'v>(
        &self,
        name: &str,
        in_host: bool,
        values: &[(&str, Option<&'v str>)],
    ) -> Result<&'v str, ServerError> {
        let declared = self.variables.iter().find(|v| v.name == name);
        let given = values
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| *v);
        let value =
            given
                .or(declared.and_then(|d| d.default))
                .ok_or_else(|| ServerError::Missing {
                    server: self.id,
                    variable: name.to_string(),
                })?;
        if let Some(d) = declared.filter(|d| !d.allowed.is_empty()) {
            if !d.allowed.contains(&value) {
                return Err(ServerError::NotAllowed {
                    server: self.id,
                    variable: name.to_string(),
                    value: value.to_string(),
                    allowed: d.allowed,
                });
            }
        }
        let forbidden = |c: char| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '?' | '#' | '\\')
                || (in_host && matches!(c, '/' | '@'))
        };
        if value.is_empty() || value.chars().any(forbidden) {
            return Err(ServerError::Forbidden {
                server: self.id,
                variable: name.to_string(),
                value: value.to_string(),
            });
        }
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SERVER: Server = Server {
        id: "s",
        protocol: "wss",
        host: "{host}:{port}",
        pathname: Some("mqtt/{tenant}"),
        protocol_version: None,
        variables: &[
            Variable {
                name: "host",
                default: Some("[::1]"),
                allowed: &[],
            },
            Variable {
                name: "port",
                default: Some("8443"),
                allowed: &["443", "8443"],
            },
        ],
        mqtt: MqttBinding::NONE,
        security: &[],
    };

    #[test]
    fn urls_fill_variables_and_refuse_what_changes_their_shape() {
        let url = SERVER.url(&[("tenant", Some("a/b"))]).unwrap();
        assert_eq!(url, "wss://[::1]:8443/mqtt/a/b");
        let endpoint = SERVER.endpoint(&[("tenant", Some("t"))]).unwrap();
        assert_eq!(
            endpoint,
            Endpoint {
                scheme: "wss",
                host: "::1".into(),
                port: 8443,
                path: "/mqtt/t".into()
            }
        );
        assert!(endpoint.tls());
        assert!(matches!(
            SERVER.url(&[]),
            Err(ServerError::Missing { variable, .. }) if variable == "tenant"
        ));
        for bad in ["a/b", "a@b", "a b", "", "a?b", "a#b", "a\\b", "a\u{0}"] {
            let err = SERVER.url(&[("host", Some(bad)), ("tenant", Some("t"))]);
            assert!(matches!(err, Err(ServerError::Forbidden { .. })), "{bad:?}");
        }
        let err = SERVER
            .url(&[("port", Some("1")), ("tenant", Some("t"))])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "server s: variable port must be one of \"443\", \"8443\", not \"1\""
        );
        for host in ["h:x", "[::1]x"] {
            let err = SERVER
                .endpoint(&[("host", Some(host)), ("tenant", Some("t"))])
                .unwrap_err();
            assert!(matches!(err, ServerError::BadPort { .. }), "{err}");
        }
        let mut bare = SERVER;
        bare.host = "{host}";
        let err = bare
            .endpoint(&[("host", Some("h:99999")), ("tenant", Some("t"))])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "server s: `h:99999` does not end in a port number (0-65535)"
        );
        let endpoint = bare.endpoint(&[("host", Some("h")), ("tenant", Some("t"))]);
        assert_eq!(endpoint.unwrap().port, 443, "the scheme's default port");
    }

    #[test]
    fn passwords_stay_out_of_debug_output() {
        let c = Credentials {
            username: "u".into(),
            password: "secret".into(),
        };
        assert!(!format!("{c:?}").contains("secret"));
    }
}
