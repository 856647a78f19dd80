//! Typed MQTT descriptions of a channel: the `asyncapi_codegen_runtime::mqtt` trait impls.
//!
//! In each channel module (`channels::<channel>`):
//! - `Parameters` implements `asyncapi_codegen_runtime::mqtt::Channel` (address, `topic`, `parse`),
//!   delegating to its inherent methods;
//! - `pub mod mqtt` holds one unit struct per operation and message, named after the
//!   operation (`SendTelemetry`; `<Operation><Message>` when the operation carries several
//!   messages), implementing `asyncapi_codegen_runtime::mqtt::ChannelMessage` (payload and header
//!   types, QoS, retain flag, expiry and content type from the spec) and `SendMessage` or
//!   `ReceiveMessage` by the operation's direction from the generated code's side;
//! - for an operation with a `reply`, `<Operation>Reply` and `RequestMessage` impls (see
//!   `reply.rs`).
//!
//! The traits have no dependencies; the `rumqttc` feature of `asyncapi-codegen-runtime` adds the
//! typed publish, subscribe and decode functions that take these types. A channel without
//! an address (decided at run time) has no `Parameters` and gets none of this.

use super::docs::doc_attrs;
use super::names::{ident, pascal_case, Scope};
use super::types::TypeEmitter;
use crate::emit::Perspective;
use crate::model::{Action, Channel, ChannelId, Message, Model, Operation, PayloadFormat};
use proc_macro2::TokenStream;
use quote::quote;

/// The items for one channel module: the `Channel` impl and `pub mod mqtt`.
pub(super) fn channel_items(
    model: &Model,
    id: ChannelId,
    channel: &Channel,
    types: &TypeEmitter<'_>,
    perspective: Perspective,
) -> TokenStream {
    if channel.address.is_none() {
        return TokenStream::new();
    }
    let rt = quote!(::asyncapi_codegen_runtime);
    let mut scope = Scope::default();
    let mut messages = TokenStream::new();
    for op in model.operations_on(id) {
        let action = match perspective {
            Perspective::Application => op.action,
            Perspective::Client => op.action.reversed(),
        };
        messages.extend(operation_messages(model, op, action, types, &mut scope));
    }
    let module = if messages.is_empty() {
        TokenStream::new()
    } else {
        quote! {
            /// The channel's messages for the typed MQTT helpers of `asyncapi_codegen_runtime::mqtt`,
            /// one type per operation and message, carrying the spec's MQTT bindings.
            pub mod mqtt { #messages }
        }
    };
    quote! {
        impl #rt::mqtt::Channel for Parameters {
            const ADDRESS: &'static str = ADDRESS;
            fn topic(&self) -> ::core::result::Result<::std::string::String, #rt::topic::ParameterError> {
                Parameters::topic(self)
            }
            fn parse(topic: &str) -> ::core::result::Result<Self, #rt::topic::TopicError> {
                Parameters::parse(topic)
            }
        }
        #module
    }
}

/// One unit struct per message of `op`, in `channels::<channel>::mqtt` (three levels below
/// the root; the channel's `Parameters` is `super::Parameters`).
fn operation_messages(
    model: &Model,
    op: &Operation,
    action: Action,
    types: &TypeEmitter<'_>,
    scope: &mut Scope,
) -> TokenStream {
    let rt = quote!(::asyncapi_codegen_runtime);
    let binding = op.mqtt.clone().unwrap_or_default();
    let qos = proc_macro2::Literal::u8_unsuffixed(binding.qos.unwrap_or(0));
    let retain = binding.retain.unwrap_or(false);
    // MQTT 5 carries the expiry in four bytes: a larger value means the longest there is.
    let expiry = match binding.message_expiry_interval {
        Some(v) => {
            let v = proc_macro2::Literal::u32_unsuffixed(u32::try_from(v).unwrap_or(u32::MAX));
            quote!(::core::option::Option::Some(#v))
        }
        None => quote!(::core::option::Option::None),
    };
    let (direction, verb) = match action {
        Action::Send => (quote!(SendMessage), "publishes"),
        Action::Receive => (quote!(ReceiveMessage), "receives"),
    };
    let op_name = pascal_case(&op.id, "Operation");
    let messages: Vec<_> = op
        .messages
        .iter()
        .filter_map(|m| model.messages.get(m.0))
        .collect();
    let mut out = TokenStream::new();
    let mut structs = Vec::new();
    for message in &messages {
        let name = if messages.len() == 1 {
            op_name.clone()
        } else {
            format!("{op_name}{}", message.type_name)
        };
        let name = ident(&scope.claim(&name));
        structs.push(name.clone());
        let payload = payload_type(message, types);
        let mut format = payload_format_item(message.payload_format);
        if let Some(pfi) = message
            .mqtt
            .as_ref()
            .and_then(|b| b.payload_format_indicator)
        {
            let pfi = proc_macro2::Literal::u8_unsuffixed(pfi);
            format.extend(quote! {
                const PAYLOAD_FORMAT_INDICATOR: ::core::option::Option<u8> = ::core::option::Option::Some(#pfi);
            });
        }
        let headers = match message.headers {
            Some(t) => types.type_ref(t, 3, None),
            None => quote!(#rt::mqtt::NoHeaders),
        };
        // The MQTT binding's `contentType` goes on the wire when given, as in TypeScript.
        let content_type = match message
            .mqtt
            .as_ref()
            .and_then(|b| b.content_type.as_ref())
            .or(message.content_type.as_ref())
        {
            Some(c) => quote!(::core::option::Option::Some(#c)),
            None => quote!(::core::option::Option::None),
        };
        let validation =
            super::validate::message_methods(types, message.payload, message.headers, 3);
        let docs = doc_attrs(&format!(
            "Message `{}` as the application {verb} it (operation `{}`): QoS {}, retain {}.",
            message.name.replace('`', "'"),
            op.id.replace('`', "'"),
            binding.qos.unwrap_or(0),
            retain,
        ));
        out.extend(quote! {
            #docs
            #[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::marker::Copy)]
            pub struct #name;

            impl #rt::mqtt::ChannelMessage for #name {
                type Channel = super::Parameters;
                type Payload = #payload;
                type Headers = #headers;
                const QOS: u8 = #qos;
                const RETAIN: bool = #retain;
                const MESSAGE_EXPIRY_INTERVAL: ::core::option::Option<u32> = #expiry;
                const CONTENT_TYPE: ::core::option::Option<&'static str> = #content_type;
                #validation
                #format
            }

            impl #rt::mqtt::#direction for #name {}
        });
    }
    out.extend(super::reply::reply_items(
        model, op, &op_name, &structs, types, scope,
    ));
    out
}

/// The Rust type of a message's payload, three modules below the declarations: its schema's
/// type, `Vec<u8>` for raw bytes, and for a message without a payload schema a `String` (raw
/// text) or any JSON value.
pub(super) fn payload_type(message: &Message, types: &TypeEmitter<'_>) -> TokenStream {
    match (message.payload_format, message.payload) {
        (PayloadFormat::Bytes, _) => quote!(::std::vec::Vec<u8>),
        (_, Some(t)) => types.type_ref(t, 3, None),
        (PayloadFormat::Text, None) => quote!(::std::string::String),
        (PayloadFormat::Json, None) => quote!(::asyncapi_codegen_runtime::serde_json::Value),
    }
}

/// `const PAYLOAD_FORMAT` for a message's trait impl; nothing for JSON (the default).
pub(super) fn payload_format_item(format: PayloadFormat) -> TokenStream {
    let rt = quote!(::asyncapi_codegen_runtime);
    match format {
        PayloadFormat::Json => TokenStream::new(),
        PayloadFormat::Text => {
            quote!(const PAYLOAD_FORMAT: #rt::mqtt::PayloadFormat = #rt::mqtt::PayloadFormat::Text;)
        }
        PayloadFormat::Bytes => {
            quote!(const PAYLOAD_FORMAT: #rt::mqtt::PayloadFormat = #rt::mqtt::PayloadFormat::Bytes;)
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::emit::rust::{generate, RustOptions};
    use crate::emit::Perspective;

    const SPEC: &str = r#"
asyncapi: 3.0.0
info: { title: t, version: '1' }
channels:
  readings:
    address: sites/{site}/readings
    messages:
      reading: { payload: { type: object, properties: { v: { type: number } } } }
      alarm:
        headers: { type: object, properties: { level: { type: integer } } }
        payload: { type: string }
  dynamic:
    address: null
    messages:
      note: { payload: { type: string } }
operations:
  publishReadings:
    action: send
    channel: { $ref: '#/channels/readings' }
    bindings: { mqtt: { qos: 2, retain: true, messageExpiryInterval: 9999999999 } }
  watchAlarm:
    action: receive
    channel: { $ref: '#/channels/readings' }
    messages: [{ $ref: '#/channels/readings/messages/alarm' }]
  publishNote:
    action: send
    channel: { $ref: '#/channels/dynamic' }
"#;

    fn generated(perspective: Perspective) -> String {
        // One directory per perspective: the two tests run in parallel in one process.
        let dir = std::env::temp_dir().join(format!(
            "codegen-mqtt-emit-{}-{perspective:?}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("spec.yaml");
        std::fs::write(&path, SPEC).unwrap();
        let model = crate::load_model(&path).unwrap_or_else(|e| panic!("{e}"));
        let options = RustOptions {
            perspective,
            ..RustOptions::default()
        };
        let text = generate(&model, &options).to_string();
        let _ = std::fs::remove_dir_all(&dir);
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn operations_become_typed_messages_with_their_bindings() {
        let code = generated(Perspective::Application);
        assert!(
            code.contains("impl :: asyncapi_codegen_runtime :: mqtt :: Channel for Parameters"),
            "{code}"
        );
        // Two messages: named `<Operation><Message>`; one message: the operation's name.
        assert!(
            code.contains("pub struct PublishReadingsReading ;"),
            "{code}"
        );
        assert!(code.contains("pub struct PublishReadingsAlarm ;"), "{code}");
        assert!(code.contains("pub struct WatchAlarm ;"), "{code}");
        assert!(code.contains("const QOS : u8 = 2 ;"), "{code}");
        assert!(code.contains("const RETAIN : bool = true ;"), "{code}");
        // MQTT 5 expiry is four bytes: larger values saturate.
        assert!(code.contains("Some (4294967295)"), "{code}");
        assert!(
            code.contains(
                "impl :: asyncapi_codegen_runtime :: mqtt :: SendMessage for PublishReadingsReading"
            ),
            "{code}"
        );
        assert!(
            code.contains(
                "impl :: asyncapi_codegen_runtime :: mqtt :: ReceiveMessage for WatchAlarm"
            ),
            "{code}"
        );
        assert!(
            code.contains("type Headers = :: asyncapi_codegen_runtime :: mqtt :: NoHeaders ;"),
            "{code}"
        );
        // A channel whose address is decided at run time has no typed helpers.
        assert!(!code.contains("PublishNote"), "{code}");
    }

    #[test]
    fn the_client_perspective_swaps_directions() {
        let code = generated(Perspective::Client);
        assert!(
            code.contains(
                "impl :: asyncapi_codegen_runtime :: mqtt :: ReceiveMessage for PublishReadingsReading"
            ),
            "{code}"
        );
        assert!(
            code.contains("impl :: asyncapi_codegen_runtime :: mqtt :: SendMessage for WatchAlarm"),
            "{code}"
        );
    }
}
