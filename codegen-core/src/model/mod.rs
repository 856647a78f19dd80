//! The model: AsyncAPI 2.x and 3.x normalised into one located form.
//!
//! Public: the model is what [`crate::load_model`] returns and what every emitter (and any
//! tool of your own) reads.
//!
//! Emitters read only this. Everything is in deterministic order (document order of the
//! root file, then of referenced files as first reached), and every node keeps its
//! [`Location`]. Cross references are indices into the vectors of [`Model`].

pub mod inspect;
// Not API: public (hidden) only for tests/type_graph.rs; see the module's docs.
#[doc(hidden)]
pub mod names;
pub mod reply;
pub mod rules;
pub mod types;

use crate::diag::{Diagnostic, Location};
pub use reply::ReplyTo;
pub use rules::{Dependency, Items, JsonType, Rules, Subschema};
use std::path::PathBuf;
pub use types::{
    AdditionalProperties, ArrayType, Discriminator, NumberType, ObjectType, Property, StringType,
    TypeDef, TypeGraph, TypeId, TypeKind, UnionKind, UnionType,
};

/// Index into [`Model::channels`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ChannelId(pub usize);
/// Index into [`Model::operations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OperationId(pub usize);
/// Index into [`Model::messages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId(pub usize);

/// A whole normalised document.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The `asyncapi` version string as written (`"2.6.0"`, `"3.0.0"`).
    pub asyncapi: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `defaultContentType` (already applied to messages without their own).
    pub default_content_type: Option<String>,
    /// Servers in document order.
    pub servers: Vec<Server>,
    /// Channels in document order.
    pub channels: Vec<Channel>,
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// Messages, one per distinct message of a channel.
    pub messages: Vec<Message>,
    /// Every schema, named.
    pub types: TypeGraph,
    /// Every file read (root first): the rebuild-tracking list.
    pub files: Vec<PathBuf>,
    /// Warnings found while normalising (errors abort instead).
    pub warnings: Vec<Diagnostic>,
}

/// A server entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    /// The key under `servers`.
    pub id: String,
    /// Host (3.x `host`, or the host part of the 2.x `url`), may contain `{variables}`.
    pub host: String,
    /// Path after the host (3.x `pathname`, or from the 2.x `url`).
    pub pathname: Option<String>,
    /// `mqtt`, `mqtts`, `ws`, `wss`, ...
    pub protocol: String,
    /// `protocolVersion` when stated.
    pub protocol_version: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Server variables in document order.
    pub variables: Vec<ServerVariable>,
    /// The MQTT server binding.
    pub mqtt: Option<MqttServerBinding>,
    /// How a client may authenticate: alternatives, any one of which suffices; each is a
    /// list of schemes that all apply together (2.x security requirement objects; in 3.x
    /// every entry is an alternative of one scheme). Empty when the document says nothing.
    pub security: Vec<Vec<SecurityScheme>>,
    /// Where it is.
    pub location: Location,
}

/// A security scheme a server accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its name: the `components.securitySchemes` key, or `security[i]` when inline.
    pub name: String,
    /// Its `type` as written (`userPassword`, `X509`, `apiKey`, ...).
    pub kind: String,
    /// Description.
    pub description: Option<String>,
}

/// A server variable (`{port}` in a host).
#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    /// Name.
    pub name: String,
    /// Allowed values.
    pub enum_values: Option<Vec<String>>,
    /// Default value.
    pub default: Option<String>,
    /// Description.
    pub description: Option<String>,
}

/// MQTT server binding (bindings 0.2.0). Fields given as schemas keep their `const` or
/// `default` value when they have one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MqttServerBinding {
    /// `clientId`.
    pub client_id: Option<String>,
    /// `cleanSession`.
    pub clean_session: Option<bool>,
    /// `keepAlive` in seconds.
    pub keep_alive: Option<u64>,
    /// `lastWill`.
    pub last_will: Option<LastWill>,
    /// `sessionExpiryInterval` in seconds.
    pub session_expiry_interval: Option<u64>,
    /// `maximumPacketSize` in bytes.
    pub maximum_packet_size: Option<u64>,
}

/// The MQTT last-will message of a server binding.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LastWill {
    /// Topic.
    pub topic: Option<String>,
    /// QoS 0, 1 or 2.
    pub qos: Option<u8>,
    /// Message text.
    pub message: Option<String>,
    /// Retain flag.
    pub retain: Option<bool>,
}

/// A channel.
#[derive(Debug, Clone, PartialEq)]
pub struct Channel {
    /// 3.x: the key under `channels`. 2.x: the key too (which is also the address).
    pub id: String,
    /// The address; `None` when the spec says it is decided at run time.
    pub address: Option<Address>,
    /// Title.
    pub title: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Parameters in address order, then any declared but unused (which are errors).
    pub parameters: Vec<Parameter>,
    /// The channel's messages.
    pub messages: Vec<MessageId>,
    /// The ids of the servers the channel is available on (its `servers` list); `None`
    /// when it does not restrict them (all servers).
    pub servers: Option<Vec<String>>,
    /// Where it is.
    pub location: Location,
}

/// A parsed channel address such as `devices/{deviceId}/telemetry`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The address as written.
    pub raw: String,
    /// Literal and parameter pieces, in order.
    pub segments: Vec<AddressSegment>,
}

/// One piece of an [`Address`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressSegment {
    /// Literal text (may contain `/`).
    Literal(String),
    /// `{name}`.
    Parameter(String),
}

impl Address {
    /// Parses `a/{b}/c` into segments. Unbalanced braces stay literal text.
    pub fn parse(raw: &str) -> Address {
        let mut segments = Vec::new();
        let mut rest = raw;
        while let Some(open) = rest.find('{') {
            let Some(close_rel) = rest[open..].find('}') else {
                break;
            };
            let close = open + close_rel;
            if open > 0 {
                segments.push(AddressSegment::Literal(rest[..open].to_string()));
            }
            segments.push(AddressSegment::Parameter(rest[open + 1..close].to_string()));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            segments.push(AddressSegment::Literal(rest.to_string()));
        }
        Address {
            raw: raw.to_string(),
            segments,
        }
    }

    /// Names of the parameters, in address order, without repeats.
    pub fn parameter_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for s in &self.segments {
            if let AddressSegment::Parameter(p) = s {
                if !names.contains(&p.as_str()) {
                    names.push(p);
                }
            }
        }
        names
    }
}

/// The primitive type a parameter value has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParameterType {
    /// A string (the 3.x default).
    String,
    /// An integer (2.x `schema: {type: integer}`).
    Integer,
    /// A number.
    Number,
    /// A boolean.
    Boolean,
}

impl ParameterType {
    /// The JSON Schema name.
    pub fn as_str(self) -> &'static str {
        match self {
            ParameterType::String => "string",
            ParameterType::Integer => "integer",
            ParameterType::Number => "number",
            ParameterType::Boolean => "boolean",
        }
    }
}

/// A channel parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Name as in the address.
    pub name: String,
    /// Value type.
    pub ty: ParameterType,
    /// Allowed values, as strings (how they appear in the topic).
    pub enum_values: Option<Vec<String>>,
    /// Default value.
    pub default: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Examples, as strings.
    pub examples: Vec<String>,
    /// `location` runtime expression (3.x), when given.
    pub runtime_location: Option<String>,
    /// False for a parameter that is in the address but not declared (treated as a string).
    pub declared: bool,
    /// Where it is declared (or where the channel is, when undeclared).
    pub location: Location,
}

/// Direction of an operation, from the described application's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    /// The application publishes (2.x `subscribe`).
    Send,
    /// The application consumes (2.x `publish`).
    Receive,
}

impl Action {
    /// `"send"` or `"receive"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Send => "send",
            Action::Receive => "receive",
        }
    }

    /// The other direction (for the client perspective).
    pub fn reversed(self) -> Action {
        match self {
            Action::Send => Action::Receive,
            Action::Receive => Action::Send,
        }
    }
}

/// An operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// 3.x: the key under `operations`. 2.x: `operationId`, or one derived from the channel.
    pub id: String,
    /// Send or receive.
    pub action: Action,
    /// The channel.
    pub channel: ChannelId,
    /// The messages (empty when the spec says `messages: []`).
    pub messages: Vec<MessageId>,
    /// Title.
    pub title: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// The reply, when the operation is a request.
    pub reply: Option<Reply>,
    /// MQTT operation binding, traits applied.
    pub mqtt: Option<MqttOperationBinding>,
    /// Where it is.
    pub location: Location,
}

/// An operation's reply (AsyncAPI 3 `reply`). [`Model::reply_to`] says where it goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The reply channel, when given.
    pub channel: Option<ChannelId>,
    /// `reply.address.location` as written, when given: a runtime expression such as
    /// `$message.header#/replyTo`, or (leniently) a plain topic.
    pub address: Option<String>,
    /// Reply messages (all of the reply channel's when omitted).
    pub messages: Vec<MessageId>,
}

/// MQTT operation binding (bindings 0.2.0).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MqttOperationBinding {
    /// QoS 0, 1 or 2.
    pub qos: Option<u8>,
    /// Retain flag (publish only).
    pub retain: Option<bool>,
    /// `messageExpiryInterval` in seconds.
    pub message_expiry_interval: Option<u64>,
}

/// A message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Unique id: the channel's message key in 3.x, the message `name`/`messageId`/component
    /// key in 2.x; disambiguated when two different messages would share one.
    pub id: String,
    /// The message's `name` if given, else its id as written (before [`Message::id`] was
    /// made unique).
    pub name: String,
    /// PascalCase identifier for this message (`UserSignedup`), valid in TS and Rust and
    /// unique among messages. Function names derive from it (`publishToUserSignedup`).
    pub type_name: String,
    /// Title.
    pub title: Option<String>,
    /// Summary.
    pub summary: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Payload type.
    pub payload: Option<TypeId>,
    /// Headers type (an object), traits applied.
    pub headers: Option<TypeId>,
    /// Content type (the document default when the message has none;
    /// `application/octet-stream` for a `format: binary` payload of a JSON content type).
    pub content_type: Option<String>,
    /// How the payload travels, from the content type and the payload schema.
    pub payload_format: PayloadFormat,
    /// Correlation id.
    pub correlation_id: Option<CorrelationId>,
    /// MQTT message binding.
    pub mqtt: Option<MqttMessageBinding>,
    /// Where it is.
    pub location: Location,
}

/// How a message's payload travels on the wire.
///
/// From the content type (the message's `contentType`, else the document's
/// `defaultContentType`, else JSON) and the payload schema:
///
/// | content type | payload schema | format |
/// |---|---|---|
/// | none, `application/json`, any `*/*+json` | any (but `type: string, format: binary`) | [`PayloadFormat::Json`] |
/// | none or a JSON type | `type: string, format: binary` | [`PayloadFormat::Bytes`] |
/// | `text/*` (charset UTF-8 or none) | `type: string` (or none) | [`PayloadFormat::Text`] |
/// | `application/octet-stream` | `type: string` without constraints, `{}`, or none | [`PayloadFormat::Bytes`] |
///
/// Anything else is a located error (see `spec/content_type.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PayloadFormat {
    /// JSON text, validated against the payload schema.
    #[default]
    Json,
    /// The string itself as UTF-8 text (no JSON quotes), validated against the schema.
    Text,
    /// Raw bytes, as they are (`Uint8Array` in TypeScript, `Vec<u8>` in Rust).
    Bytes,
}

impl PayloadFormat {
    /// `"json"`, `"text"` or `"bytes"`.
    pub fn as_str(self) -> &'static str {
        match self {
            PayloadFormat::Json => "json",
            PayloadFormat::Text => "text",
            PayloadFormat::Bytes => "bytes",
        }
    }
}

/// A message's correlation id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrelationId {
    /// Runtime expression, e.g. `$message.header#/correlationId`.
    pub location: String,
    /// Description.
    pub description: Option<String>,
}

impl CorrelationId {
    /// The header property the id lives in, when the expression points into the headers
    /// (`$message.header#/correlationId` → `correlationId`).
    pub fn header_property(&self) -> Option<String> {
        let rest = self.location.strip_prefix("$message.header#/")?;
        if rest.is_empty() || rest.contains('/') {
            return None;
        }
        Some(crate::load::tree::unescape_token(rest))
    }
}

/// MQTT message binding (bindings 0.2.0).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MqttMessageBinding {
    /// `payloadFormatIndicator`: 0 (bytes) or 1 (UTF-8).
    pub payload_format_indicator: Option<u8>,
    /// `correlationData` schema.
    pub correlation_data: Option<TypeId>,
    /// `contentType`.
    pub content_type: Option<String>,
    /// `responseTopic` (a fixed topic).
    pub response_topic: Option<String>,
}

impl Model {
    /// Looks up a channel.
    pub fn channel(&self, id: ChannelId) -> &Channel {
        &self.channels[id.0]
    }

    /// Looks up a message.
    pub fn message(&self, id: MessageId) -> &Message {
        &self.messages[id.0]
    }

    /// Looks up an operation.
    pub fn operation(&self, id: OperationId) -> &Operation {
        &self.operations[id.0]
    }

    /// Operations on one channel, in document order.
    pub fn operations_on(&self, channel: ChannelId) -> impl Iterator<Item = &Operation> {
        self.operations.iter().filter(move |o| o.channel == channel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_into_literals_and_parameters() {
        let a = Address::parse("a/{x}/b{y}c/{x}");
        assert_eq!(
            a.segments,
            vec![
                AddressSegment::Literal("a/".into()),
                AddressSegment::Parameter("x".into()),
                AddressSegment::Literal("/b".into()),
                AddressSegment::Parameter("y".into()),
                AddressSegment::Literal("c/".into()),
                AddressSegment::Parameter("x".into()),
            ]
        );
        assert_eq!(a.parameter_names(), vec!["x", "y"]);
    }

    #[test]
    fn correlation_ids_name_their_header() {
        let c = CorrelationId {
            location: "$message.header#/correlationId".into(),
            description: None,
        };
        assert_eq!(c.header_property().as_deref(), Some("correlationId"));
    }
}
