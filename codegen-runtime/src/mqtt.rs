//! Typed MQTT: what a channel and its messages need to be published and received with the
//! guarantees of the spec.
//!
//! Public: generated channels and messages implement these traits, and your code (or
//! the `rumqttc` client of that feature) publishes and subscribes through them.
//!
//! Generated code describes each channel with [`Channel`] (address template, typed
//! parameters, validation and per-level parsing) and each message a channel carries, in
//! one direction, with [`ChannelMessage`] (payload and header types, QoS, retain, expiry,
//! content type from the spec's bindings), marked [`SendMessage`] or [`ReceiveMessage`].
//! An operation with a `reply` also implements [`RequestMessage`], naming its
//! [`ReplyMessage`]. Those traits have no dependencies. The `rumqttc` cargo feature adds the
//! module `mqtt::rumqttc`: a typed client over rumqttc (MQTT 5 and 3.1.1) with acknowledged
//! publishes, routed and shared subscriptions, request/reply, and a decoder that turns a
//! received packet into typed values or a typed error, never a panic.

use crate::topic::{ParameterError, TopicError};

#[cfg(feature = "rumqttc")]
pub mod connect;
#[cfg(feature = "rumqttc")]
pub(crate) mod payload;
#[cfg(feature = "rumqttc")]
pub mod rumqttc;
#[cfg(feature = "rumqttc")]
pub mod user_properties;

use crate::validation::{DecodeError, Problem};

/// A channel address with typed parameters: implemented by the parameters struct of each
/// generated channel (a unit struct for a channel without parameters), with the rules of
/// [`crate::topic`].
pub trait Channel: Sized {
    /// The address template as written in the spec, e.g. `devices/{deviceId}/telemetry`.
    const ADDRESS: &'static str;
    /// The concrete topic; rejects values that are empty, contain `/`, `+`, `#` or NUL, or
    /// are outside a declared `enum`, so a publish can never turn into a wildcard or move to
    /// another level.
    fn topic(&self) -> Result<String, ParameterError>;
    /// Extracts the parameters from a received topic, level by level:
    /// [`TopicError::Mismatch`] for a topic of another shape, [`TopicError::Parameter`] for
    /// one of this shape with an invalid value.
    fn parse(topic: &str) -> Result<Self, TopicError>;
}

/// One message of a channel, in one direction, with what the spec says about sending it.
pub trait ChannelMessage {
    /// The channel it travels on.
    type Channel: Channel;
    /// The payload type (serde; on the wire as [`ChannelMessage::PAYLOAD_FORMAT`] says).
    type Payload;
    /// The headers type, sent as MQTT 5 user properties ([`NoHeaders`] when the message
    /// declares none).
    type Headers;
    /// QoS of the operation's MQTT binding (0 when the spec says nothing).
    const QOS: u8;
    /// Retain flag of the operation's MQTT binding.
    const RETAIN: bool;
    /// `messageExpiryInterval` of the operation's MQTT binding, in seconds.
    const MESSAGE_EXPIRY_INTERVAL: Option<u32>;
    /// The message's content type (`application/json` by default in most documents).
    const CONTENT_TYPE: Option<&'static str>;

    /// Every problem of a payload, as JSON, against the message's payload schema (empty when
    /// it is valid). Generated messages check the whole schema, with the TypeScript
    /// validators' paths and messages; a hand-written message checks nothing here unless it
    /// says so (delegating to a generated message of the same schema, for example), and its
    /// payload is then only as strict as its type's `Deserialize`.
    fn payload_problems(payload: &serde_json::Value) -> Vec<Problem> {
        let _ = payload;
        Vec::new()
    }

    /// Every problem of the headers, as JSON, against the message's headers schema.
    fn headers_problems(headers: &serde_json::Value) -> Vec<Problem> {
        let _ = headers;
        Vec::new()
    }

    /// A received payload: parsed, validated ([`Self::payload_problems`]), deserialized.
    /// Generated messages whose payload is a generated struct use its `from_json` (and its
    /// fast path).
    fn decode_payload(bytes: &[u8]) -> Result<Self::Payload, DecodeError>
    where
        Self::Payload: serde::de::DeserializeOwned,
    {
        crate::validation::from_json_slow(bytes, Self::payload_problems)
    }
    /// How the payload travels (from the content type): JSON unless said otherwise.
    const PAYLOAD_FORMAT: PayloadFormat = PayloadFormat::Json;
    /// The MQTT 5 payload format indicator of the message binding (0 bytes, 1 UTF-8), sent
    /// when given.
    const PAYLOAD_FORMAT_INDICATOR: Option<u8> = None;
}

/// How a payload travels on the wire, from the message's content type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PayloadFormat {
    /// JSON text (`application/json`, any `+json` type, or no content type).
    #[default]
    Json,
    /// The string itself as UTF-8 text, no JSON quotes (`text/*`): the payload type is a
    /// `String` (or a string enum).
    Text,
    /// Raw bytes as they are (`application/octet-stream`, or a `format: binary` payload):
    /// the payload type is `Vec<u8>`.
    Bytes,
}

/// A message the application publishes (a `send` operation in the spec).
pub trait SendMessage: ChannelMessage {}

/// A message the application subscribes to (a `receive` operation in the spec).
pub trait ReceiveMessage: ChannelMessage {}

/// The reply of a request operation (an operation with a `reply` in the spec): what travels
/// back to the requester's response topic.
///
/// A reply has no [`Channel`] of its own: it goes to the response topic the request names
/// (MQTT 5 `responseTopic`), matched by the request's correlation data.
pub trait ReplyMessage {
    /// The payload type (serde, JSON on the wire).
    type Payload;
    /// The headers type, sent as MQTT 5 user properties ([`NoHeaders`] when none).
    type Headers;
    /// QoS the replier publishes the reply with.
    const QOS: u8;
    /// The reply's content type.
    const CONTENT_TYPE: Option<&'static str>;
    /// How the reply's payload travels (from the content type).
    const PAYLOAD_FORMAT: PayloadFormat = PayloadFormat::Json;
    /// The reply topic when the spec fixes one (`reply.address` or the reply channel's
    /// address, without parameters); `None` when it is decided at run time, where the
    /// requester uses its own topic under `asyncapi-reply/<clientId>/`.
    const ADDRESS: Option<&'static str>;

    /// Every problem of a payload, as JSON, against the message's payload schema (empty when
    /// it is valid). Generated messages check the whole schema, with the TypeScript
    /// validators' paths and messages; a hand-written message checks nothing here unless it
    /// says so (delegating to a generated message of the same schema, for example), and its
    /// payload is then only as strict as its type's `Deserialize`.
    fn payload_problems(payload: &serde_json::Value) -> Vec<Problem> {
        let _ = payload;
        Vec::new()
    }

    /// Every problem of the headers, as JSON, against the message's headers schema.
    fn headers_problems(headers: &serde_json::Value) -> Vec<Problem> {
        let _ = headers;
        Vec::new()
    }

    /// A received payload: parsed, validated ([`Self::payload_problems`]), deserialized.
    /// Generated messages whose payload is a generated struct use its `from_json` (and its
    /// fast path).
    fn decode_payload(bytes: &[u8]) -> Result<Self::Payload, DecodeError>
    where
        Self::Payload: serde::de::DeserializeOwned,
    {
        crate::validation::from_json_slow(bytes, Self::payload_problems)
    }
}

/// A message of an operation that has a `reply`: the request. The requester publishes it
/// (when it is also a [`SendMessage`]) and awaits [`RequestMessage::Reply`]; the replier
/// receives it (when it is a [`ReceiveMessage`]) and answers with one.
pub trait RequestMessage: ChannelMessage {
    /// What the replier sends back.
    type Reply: ReplyMessage;
}

/// The headers type of a message that declares no headers: encodes to no user properties
/// and accepts any on receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NoHeaders;

#[cfg(feature = "rumqttc")]
impl serde::Serialize for NoHeaders {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        serializer.serialize_map(Some(0))?.end()
    }
}

#[cfg(feature = "rumqttc")]
impl<'de> serde::Deserialize<'de> for NoHeaders {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| NoHeaders)
    }
}

/// The subscription filter that covers every topic of a channel: each level of the address
/// that holds a `{parameter}` becomes `+`.
pub fn wildcard_filter<C: Channel>() -> String {
    // No value is given, so no value can be rejected: every parameter level becomes `+`.
    crate::topic::filter(C::ADDRESS, &[]).unwrap_or_else(|_| C::ADDRESS.to_owned())
}
