//! Request/reply in the typed MQTT descriptions: for an operation with a `reply`, a
//! `<Operation>Reply` unit struct implementing `asyncapi_codegen_runtime::mqtt::ReplyMessage`
//! (payload and header types, QoS, content type, a fixed reply topic when the spec gives
//! one), and `RequestMessage` on each of the operation's message structs naming it, so the
//! runtime's `Client::request` (requester) and `Client::handle` (replier) know the reply type.
//!
//! - Payload: the reply message's payload type; with several reply messages of different
//!   payload types, or none, `serde_json::Value`. Headers likewise, `NoHeaders` for none and
//!   a string map for differing ones.
//! - QoS: the operation's (the spec has no binding for the reply's publish).
//! - Address: `reply.address.location` or the reply channel's address, only when it is a
//!   plain topic (no `{parameter}`, no runtime expression `$message...`, no wildcard);
//!   otherwise `None`, and the requester uses its own `asyncapi-reply/<clientId>/...` topic.

use super::docs::doc_attrs;
use super::names::{ident, Scope};
use super::types::TypeEmitter;
use crate::model::{Model, Operation, TypeId};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The reply struct of `op` and the `RequestMessage` impls of `message_structs` (its
/// message structs), in `channels::<channel>::mqtt`; nothing when `op` has no reply.
pub(super) fn reply_items(
    model: &Model,
    op: &Operation,
    op_name: &str,
    message_structs: &[Ident],
    types: &TypeEmitter<'_>,
    scope: &mut Scope,
) -> TokenStream {
    let Some(reply) = &op.reply else {
        return TokenStream::new();
    };
    if message_structs.is_empty() {
        return TokenStream::new();
    }
    let rt = quote!(::asyncapi_codegen_runtime);
    let messages: Vec<_> = reply
        .messages
        .iter()
        .filter_map(|m| model.messages.get(m.0))
        .collect();
    let one_of = |spellings: Vec<String>, tokens: Vec<TokenStream>, none: TokenStream, mixed| {
        match spellings.first() {
            Some(first) if spellings.iter().all(|s| s == first) => tokens[0].clone(),
            Some(_) => mixed,
            None => none,
        }
    };
    let payloads: Vec<TokenStream> = messages
        .iter()
        .map(|m| super::mqtt::payload_type(m, types))
        .collect();
    // Several reply messages of one format travel in it; a mix is JSON `Value`s.
    let format = match messages.first() {
        Some(first)
            if messages
                .iter()
                .all(|m| m.payload_format == first.payload_format) =>
        {
            first.payload_format
        }
        _ => crate::model::PayloadFormat::Json,
    };
    let format = super::mqtt::payload_format_item(format);
    let payload = one_of(
        payloads.iter().map(ToString::to_string).collect(),
        payloads,
        quote!(::asyncapi_codegen_runtime::serde_json::Value),
        quote!(::asyncapi_codegen_runtime::serde_json::Value),
    );
    let headers: Vec<TokenStream> = messages
        .iter()
        .map(|m| match m.headers {
            Some(t) => types.type_ref(t, 3, None),
            None => quote!(#rt::mqtt::NoHeaders),
        })
        .collect();
    let headers = one_of(
        headers.iter().map(ToString::to_string).collect(),
        headers,
        quote!(#rt::mqtt::NoHeaders),
        quote!(::std::collections::BTreeMap<::std::string::String, ::std::string::String>),
    );
    let content_type = match messages.as_slice() {
        [only] => only
            .mqtt
            .as_ref()
            .and_then(|b| b.content_type.clone())
            .or_else(|| only.content_type.clone()),
        _ => None,
    };
    let content_type = match content_type {
        Some(c) => quote!(::core::option::Option::Some(#c)),
        None => quote!(::core::option::Option::None),
    };
    let address = reply
        .address
        .clone()
        .or_else(|| {
            reply
                .channel
                .and_then(|c| model.channel(c).address.as_ref().map(|a| a.raw.clone()))
        })
        .filter(|a| plain_topic(a));
    let address_tokens = match &address {
        Some(a) => quote!(::core::option::Option::Some(#a)),
        None => quote!(::core::option::Option::None),
    };
    // A reply of several messages is valid when it is valid as one of them: as in the
    // TypeScript runtime's `encodeMessage`, the first that accepts it wins, and one that none
    // accepts gets the first message's problems.
    let validation = match messages.as_slice() {
        [only] => super::validate::message_methods(types, only.payload, only.headers, 3),
        _ => {
            let payloads = messages.iter().map(|m| m.payload);
            let headers = messages.iter().map(|m| m.headers);
            let payload_problems = valid_as_one_of(types, payloads);
            let headers_problems = valid_as_one_of(types, headers);
            super::validate::problems_methods(&payload_problems, &headers_problems)
        }
    };
    let qos = op.mqtt.as_ref().and_then(|b| b.qos).unwrap_or(0);
    let qos_literal = proc_macro2::Literal::u8_unsuffixed(qos);
    let name = ident(&scope.claim(&format!("{op_name}Reply")));
    let docs = doc_attrs(&format!(
        "The reply of operation `{}`: QoS {qos}, {}.",
        op.id.replace('`', "'"),
        match &address {
            Some(a) => format!("to `{}`", a.replace('`', "'")),
            None => "to the requester's own reply topic".to_owned(),
        }
    ));
    let mut out = quote! {
        #docs
        #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy)]
        pub struct #name;

        impl #rt::mqtt::ReplyMessage for #name {
            type Payload = #payload;
            type Headers = #headers;
            const QOS: u8 = #qos_literal;
            const CONTENT_TYPE: ::core::option::Option<&'static str> = #content_type;
            const ADDRESS: ::core::option::Option<&'static str> = #address_tokens;
            #validation
            #format
        }
    };
    for message in message_structs {
        out.extend(quote! {
            impl #rt::mqtt::RequestMessage for #message {
                type Reply = #name;
            }
        });
    }
    out
}

/// The problems of `value` (in scope) against several schemas, one per message: none when one
/// of them accepts it, else the first one's.
fn valid_as_one_of(
    types: &TypeEmitter<'_>,
    schemas: impl Iterator<Item = Option<TypeId>>,
) -> TokenStream {
    let checks: Vec<TokenStream> = schemas
        .map(|id| super::validate::problems_expr(types.graph, id, 3))
        .collect();
    let count = proc_macro2::Literal::usize_unsuffixed(checks.len());
    quote! {
        type Check = fn(
            &::asyncapi_codegen_runtime::serde_json::Value,
        ) -> ::std::vec::Vec<::asyncapi_codegen_runtime::validation::Problem>;
        let checks: [Check; #count] = [#(|value| #checks),*];
        let mut first = ::core::option::Option::None;
        for check in checks {
            let problems = check(value);
            if problems.is_empty() {
                return problems;
            }
            first.get_or_insert(problems);
        }
        first.unwrap_or_default()
    }
}

/// A topic to publish to as it stands: not empty, no parameter, runtime expression,
/// wildcard or NUL.
fn plain_topic(address: &str) -> bool {
    !address.is_empty()
        && !address.starts_with('$')
        && !address.contains(['{', '}', '+', '#', '\0'])
}

#[cfg(test)]
mod tests {
    use super::plain_topic;
    use crate::emit::rust::{generate, RustOptions};
    use crate::emit::Perspective;

    const SPEC: &str = r#"
asyncapi: 3.0.0
info: { title: t, version: '1' }
channels:
  ping:
    address: devices/{id}/ping
    messages:
      ping: { payload: { type: object, properties: { n: { type: integer } } } }
  pong:
    address: null
    messages:
      pong: { payload: { type: object, properties: { ok: { type: boolean } } } }
  fixed:
    address: replies/fixed
    messages:
      done: { payload: { type: string } }
operations:
  sendPing:
    action: send
    channel: { $ref: '#/channels/ping' }
    bindings: { mqtt: { qos: 1 } }
    reply: { channel: { $ref: '#/channels/pong' } }
  askFixed:
    action: send
    channel: { $ref: '#/channels/ping' }
    reply: { channel: { $ref: '#/channels/fixed' } }
  askByHeader:
    action: receive
    channel: { $ref: '#/channels/ping' }
    reply:
      address: { location: '$message.header#/replyTo' }
      channel: { $ref: '#/channels/pong' }
"#;

    fn generated(perspective: Perspective) -> String {
        let dir = std::env::temp_dir().join(format!(
            "codegen-reply-emit-{}-{perspective:?}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("spec.yaml");
        std::fs::write(&path, SPEC).unwrap();
        let model = crate::load_model(&path);
        let _ = std::fs::remove_dir_all(&dir);
        let model = model.unwrap_or_else(|e| panic!("{e}"));
        let options = RustOptions {
            perspective,
            ..RustOptions::default()
        };
        let text = generate(&model, &options).to_string();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn operations_with_a_reply_name_their_reply_type() {
        let code = generated(Perspective::Application);
        let rt = ":: asyncapi_codegen_runtime :: mqtt ::";
        assert!(code.contains("pub struct SendPingReply ;"), "{code}");
        assert!(
            code.contains(&format!(
                "impl {rt} RequestMessage for SendPing {{ type Reply = SendPingReply ; }}"
            )),
            "{code}"
        );
        assert!(
            code.contains(&format!("impl {rt} ReplyMessage for SendPingReply {{")),
            "{code}"
        );
        // The reply channel's address is decided at run time: no fixed reply topic.
        let none = "const ADDRESS : :: core :: option :: Option < & 'static str > = :: core :: option :: Option :: None ;";
        let fixed = "const ADDRESS : :: core :: option :: Option < & 'static str > = :: core :: option :: Option :: Some (\"replies/fixed\") ;";
        assert!(code.contains(none), "{code}");
        assert!(code.contains(fixed), "{code}");
        assert!(
            code.contains("type Payload = super :: super :: super :: Done ;"),
            "{code}"
        );
        // A runtime expression is not a topic: the requester's own topic is used.
        assert!(
            code.contains(&format!(
                "impl {rt} RequestMessage for AskByHeader {{ type Reply = AskByHeaderReply ; }}"
            )),
            "{code}"
        );
        assert!(!code.contains("$message"), "{code}");
        assert!(
            code.contains(&format!("impl {rt} ReceiveMessage for AskByHeader")),
            "{code}"
        );
    }

    #[test]
    fn the_client_perspective_keeps_the_reply_and_swaps_the_direction() {
        let code = generated(Perspective::Client);
        let rt = ":: asyncapi_codegen_runtime :: mqtt ::";
        assert!(
            code.contains(&format!("impl {rt} ReceiveMessage for SendPing")),
            "{code}"
        );
        assert!(
            code.contains(&format!(
                "impl {rt} RequestMessage for SendPing {{ type Reply = SendPingReply ; }}"
            )),
            "{code}"
        );
        assert!(
            code.contains(&format!("impl {rt} SendMessage for AskByHeader")),
            "{code}"
        );
    }

    #[test]
    fn only_plain_topics_become_fixed_reply_addresses() {
        assert!(plain_topic("replies/ping"));
        assert!(!plain_topic("replies/{client}"));
        assert!(!plain_topic("$message.header#/replyTo"));
        assert!(!plain_topic("replies/+"));
        assert!(!plain_topic(""));
    }
}
