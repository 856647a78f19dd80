//! `pub mod servers`: one module per MQTT server of the document (protocol `mqtt`,
//! `mqtts`/`secure-mqtt`, `ws` or `wss`), named after its id in snake_case, holding:
//!
//! - `SERVER`, the server as an `asyncapi_codegen_runtime::server::Server` (URL template,
//!   variables, MQTT binding, security schemes);
//! - `Variables`, one `Option<String>` per variable (`None` takes the default);
//! - `url(&variables)`, checked by the TypeScript client's rules;
//! - `options::<O>(&variables[, credentials])`, client options of any type implementing
//!   `asyncapi_codegen_runtime::server::ClientOptions`: with the runtime's `rumqttc`
//!   feature, `rumqttc::MqttOptions` (MQTT 3.1.1) and `rumqttc::v5::MqttOptions`. A server
//!   whose every way of authenticating is `userPassword` takes `&Credentials`; one with
//!   some other way too takes `Option<&Credentials>`. Nothing secret is generated.
//!
//! The generated code names no rumqttc item, so it compiles without the feature.

use super::docs::doc_attrs;
use super::names::{ident, snake_case, Scope};
use crate::emit::servers::{
    mqtt_servers, protocol_level, security_needs, security_text, template_variables,
};
use crate::model::{Model, Server};
use proc_macro2::TokenStream;
use quote::quote;

/// `pub mod servers { ... }`, or nothing when the document has no MQTT server.
pub(super) fn servers(model: &Model) -> TokenStream {
    let mut scope = Scope::default();
    let mut modules = TokenStream::new();
    for (server, scheme) in mqtt_servers(model) {
        let module = ident(&scope.claim(&snake_case(&server.id, "server")));
        modules.extend(server_module(server, scheme, &module));
    }
    if modules.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// The document's MQTT servers: for each, its URL from its variables and client
        /// options from its MQTT binding and security (see `asyncapi_codegen_runtime::server`).
        pub mod servers {
            #modules
        }
    }
}

fn opt_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn opt<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn server_module(
    server: &Server,
    scheme: &'static str,
    module: &proc_macro2::Ident,
) -> TokenStream {
    let rt = quote!(::asyncapi_codegen_runtime::server);
    let id = server.id.as_str();
    let host = server.host.as_str();
    let pathname = opt_str(server.pathname.as_deref());
    let (level, stated) = protocol_level(server);
    let version = opt(stated.then(|| proc_macro2::Literal::u8_unsuffixed(level)));

    let variables = template_variables(server);
    let declared = server.variables.iter().map(|v| {
        let name = v.name.as_str();
        let default = opt_str(v.default.as_deref());
        let allowed = v.enum_values.iter().flatten().map(String::as_str);
        quote!(#rt::Variable { name: #name, default: #default, allowed: &[#(#allowed),*] })
    });

    let b = server.mqtt.clone().unwrap_or_default();
    let client_id = opt_str(b.client_id.as_deref());
    let clean = opt(b.clean_session);
    let keep_alive = opt(b.keep_alive.map(proc_macro2::Literal::u64_unsuffixed));
    let four_bytes = |v: Option<u64>| {
        opt(v.map(|v| proc_macro2::Literal::u32_unsuffixed(u32::try_from(v).unwrap_or(u32::MAX))))
    };
    let session_expiry = four_bytes(b.session_expiry_interval);
    let packet_size = four_bytes(b.maximum_packet_size);
    let will = match b
        .last_will
        .as_ref()
        .and_then(|w| w.topic.as_deref().map(|t| (w, t)))
    {
        Some((w, topic)) => {
            let qos = proc_macro2::Literal::u8_unsuffixed(w.qos.unwrap_or(0).min(2));
            let message = w.message.as_deref().unwrap_or("");
            let retain = w.retain.unwrap_or(false);
            quote!(::core::option::Option::Some(#rt::LastWill {
                topic: #topic, qos: #qos, message: #message, retain: #retain
            }))
        }
        None => quote!(::core::option::Option::None),
    };
    let security = server.security.iter().map(|all| {
        let schemes = all.iter().map(|s| {
            let (name, kind) = (s.name.as_str(), s.kind.as_str());
            quote!(#rt::SecurityScheme { name: #name, kind: #kind })
        });
        quote!(&[#(#schemes),*])
    });

    let mut fields = Scope::with_reserved(&["values"]);
    let mut field_defs = TokenStream::new();
    let mut pairs = Vec::new();
    for v in &variables {
        let field = ident(&fields.claim(&snake_case(v.name, "variable")));
        let default = v.declared.and_then(|d| d.default.as_deref());
        let note = match (v.declared.is_some(), default) {
            (false, _) => "Not declared by the document: there is no default.".to_string(),
            (true, Some(d)) => format!("`None`: `{}`.", d.replace('`', "'")),
            (true, None) => "No default: `None` is an error.".to_string(),
        };
        let allowed = v
            .declared
            .and_then(|d| d.enum_values.as_ref())
            .filter(|e| !e.is_empty())
            .map(|e| {
                let shown: Vec<String> = e
                    .iter()
                    .map(|x| format!("`{}`", x.replace('`', "'")))
                    .collect();
                format!(" One of {}.", shown.join(", "))
            })
            .unwrap_or_default();
        let text = [
            v.declared
                .and_then(|d| d.description.as_deref())
                .map(str::trim),
            Some(&*format!(
                "Variable `{}`. {note}{allowed}",
                v.name.replace('`', "'")
            )),
        ]
        .into_iter()
        .flatten()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
        let docs = doc_attrs(&text);
        field_defs.extend(quote! {
            #docs
            pub #field: ::core::option::Option<::std::string::String>,
        });
        let name = v.name;
        pairs.push(quote!((#name, self.#field.as_deref())));
    }
    let count = proc_macro2::Literal::usize_unsuffixed(pairs.len());

    let needs = security_needs(server);
    let (credentials_param, credentials_arg, credentials_doc) = if needs.is_empty() {
        (TokenStream::new(), quote!(::core::option::Option::None), "")
    } else if needs.iter().all(|n| n.credentials) {
        (
            quote!(, credentials: &#rt::Credentials),
            quote!(::core::option::Option::Some(credentials)),
            " The server's security needs a user name and password (`credentials`).",
        )
    } else {
        (
            quote!(, credentials: ::core::option::Option<&#rt::Credentials>),
            quote!(credentials),
            " The server's security may need a user name and password (`credentials`).",
        )
    };
    let certificate = needs.iter().any(|n| n.certificate);
    let tls = matches!(scheme, "mqtts" | "wss") || certificate;
    let transport_doc = match (tls, scheme) {
        (true, _) => format!(
            " The transport stays rumqttc's plain TCP: this server needs TLS{}, so set it with `set_transport` (rumqttc's `use-rustls` feature){} before connecting.",
            if certificate { " with a client certificate and key" } else { "" },
            if scheme == "wss" { ", over WebSocket (`websocket` feature)" } else { "" },
        ),
        (false, "ws") => " The transport stays rumqttc's plain TCP: set the WebSocket transport with `set_transport` (rumqttc's `websocket` feature) before connecting.".to_string(),
        _ => String::new(),
    };

    let mut template = format!("{scheme}://{}", server.host);
    if let Some(p) = server.pathname.as_deref().filter(|p| !p.is_empty()) {
        if !p.starts_with('/') {
            template.push('/');
        }
        template.push_str(p);
    }
    let module_docs = doc_attrs(
        &[
            Some(format!(
                "Server `{}`: `{}`.",
                id.replace('`', "'"),
                template.replace('`', "'")
            )),
            server.description.clone(),
            security_text(server),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("\n\n"),
    );
    let options_docs = doc_attrs(&format!(
        "Client options from the server's MQTT binding, at its URL: with the runtime's `rumqttc` feature, `rumqttc::MqttOptions` (MQTT 3.1.1) or `rumqttc::v5::MqttOptions`.{credentials_doc}{transport_doc}"
    ));
    let protocol = scheme;
    quote! {
        #module_docs
        pub mod #module {
            /// The server as the document describes it.
            pub const SERVER: #rt::Server = #rt::Server {
                id: #id,
                protocol: #protocol,
                host: #host,
                pathname: #pathname,
                protocol_version: #version,
                variables: &[#(#declared),*],
                mqtt: #rt::MqttBinding {
                    client_id: #client_id,
                    clean_session: #clean,
                    keep_alive: #keep_alive,
                    last_will: #will,
                    session_expiry_interval: #session_expiry,
                    maximum_packet_size: #packet_size,
                },
                security: &[#(#security),*],
            };

            /// Values of the server's variables; `None` takes the default.
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::default::Default, ::core::cmp::PartialEq, ::core::cmp::Eq)]
            pub struct Variables {
                #field_defs
            }

            impl Variables {
                /// `(name, value)` of each variable, as `asyncapi_codegen_runtime::server::Server` takes them.
                pub fn values(&self) -> [(&'static str, ::core::option::Option<&str>); #count] {
                    [#(#pairs),*]
                }
            }

            /// The URL, each variable the given value or its default; an error for a value
            /// that is missing, outside its `enum`, or would change the URL's shape.
            pub fn url(variables: &Variables) -> ::core::result::Result<::std::string::String, #rt::ServerError> {
                SERVER.url(&variables.values())
            }

            #options_docs
            pub fn options<O: #rt::ClientOptions>(variables: &Variables #credentials_param) -> ::core::result::Result<O, #rt::ServerError> {
                let endpoint = SERVER.endpoint(&variables.values())?;
                O::from_server(&SERVER, &endpoint, #credentials_arg)
            }
        }
    }
}
