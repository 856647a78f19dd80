//! Typed MQTT over [`rumqttc`], MQTT 5 ([`V5`]) and 3.1.1 ([`V311`]): publishes that resolve
//! when the broker has the message, routed subscriptions (shared ones too) and
//! request/reply.
//!
//! Public: the typed client of the `rumqttc` feature.
//!
//! [`Client::new`] takes rumqttc's options and returns the client and its [`Driver`]; spawn
//! the driver on the tokio runtime and use the client from any task:
//!
//! ```no_run
//! # use asyncapi_codegen_runtime::mqtt::{Channel, ChannelMessage, ReceiveMessage, SendMessage};
//! # async fn example<T, C>(
//! #     channel: <T as ChannelMessage>::Channel,
//! #     reading: <T as ChannelMessage>::Payload,
//! #     headers: <T as ChannelMessage>::Headers,
//! # ) -> Result<(), Box<dyn std::error::Error>>
//! # where
//! #     T: SendMessage,
//! #     T::Payload: serde::Serialize,
//! #     T::Headers: serde::Serialize,
//! #     C: ReceiveMessage,
//! #     C::Payload: serde::de::DeserializeOwned + std::fmt::Debug,
//! #     C::Headers: serde::de::DeserializeOwned + serde::Serialize,
//! # {
//! use asyncapi_codegen_runtime::mqtt::rumqttc::{Client, SubscribeOptions, V5};
//!
//! let options = rumqttc::v5::MqttOptions::new("device-1", "127.0.0.1", 1883);
//! let (client, driver) = Client::<V5>::new(options, 64);
//! tokio::spawn(driver.run());
//!
//! // QoS, retain and expiry come from the spec; the topic from validated parameters.
//! // Resolves on PUBACK (QoS 1) or PUBCOMP (QoS 2), once written for QoS 0; a failure
//! // reason code or a lost connection rejects it with a typed error.
//! client.publish::<T>(&channel, &reading, &headers).await?;
//!
//! // Resolves on SUBACK. Messages of the channel arrive typed; another channel's never do.
//! let mut commands = client.subscribe::<C>(SubscribeOptions::default()).await?;
//! while let Some(received) = commands.next().await {
//!     match received {
//!         Ok(command) => println!("{:?} on {}", command.payload, command.topic),
//!         Err(error) => eprintln!("{error}"), // invalid payload or headers, typed
//!     }
//! }
//! # Ok(())
//! # }
//! ```
//!
//! MQTT 3.1.1 is the same with `Client::<V311>::new(rumqttc::MqttOptions::new(..), 64)`;
//! 3.1.1 has no properties, so a message with headers is refused
//! ([`PublishError::HeadersNeedMqtt5`]), content type and expiry are not sent, and
//! request/reply is refused ([`RequestError::NeedsMqtt5`]).
//!
//! # How acknowledgements are tracked
//! rumqttc 0.25 does not report which publish an acknowledgement is for. Every request the
//! [`Client`] makes goes into rumqttc's channel and into a record, in the same order, under
//! one lock; the event loop reports each request as it writes it (with its packet id), so
//! the [`Driver`] pairs the n-th written request with the n-th record and settles it on the
//! PUBACK/PUBCOMP with that packet id. Hence the client owns its rumqttc `AsyncClient`:
//! a request made behind its back would shift the pairing.

mod client;
mod inbound;
mod protocol;
mod request;
mod subscription;
mod tracker;

pub use client::{Client, DisconnectError, Driver, DEFAULT_RECONNECT_DELAY};
pub use inbound::Inbound;
pub use protocol::{Protocol, V311, V5};
pub use request::{
    HandleError, HandleOptions, Handling, Reply, RequestError, RequestOptions, Response,
    DEFAULT_REQUEST_TIMEOUT, REPLY_TOPIC_PREFIX,
};
pub use subscription::{SubscribeOptions, Subscription};

use super::payload::{self, DecodeProblem};
use super::user_properties::{self, HeaderError};
use super::{Channel, ChannelMessage, PayloadFormat, ReceiveMessage, SendMessage};
use crate::share::ShareError;
use crate::topic::{self, ParameterError, TopicError, TopicProblem};
use crate::validation::{DecodeError, Problem};
use ::rumqttc::v5::mqttbytes::v5::Publish;
use bytes::Bytes;
use protocol::{OutPublish, Outbound};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use tracker::Failure;

/// Per-call overrides of what the spec's bindings say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PublishOptions {
    /// QoS instead of [`ChannelMessage::QOS`].
    pub qos: Option<u8>,
    /// Retain flag instead of [`ChannelMessage::RETAIN`].
    pub retain: Option<bool>,
    /// Expiry instead of [`ChannelMessage::MESSAGE_EXPIRY_INTERVAL`].
    pub message_expiry_interval: Option<u32>,
}

/// Why a typed publish did not resolve.
///
/// `Parameters`, `Payload`, `Headers`, `HeadersNeedMqtt5`, `Qos` and `Topic`: nothing was
/// sent.
/// `Refused`: the broker answered with a failure reason code. `Disconnected`: the
/// connection was lost (or could not be made) before the acknowledgement; the message may
/// have reached the broker, but it is not sent again. `Closed`: the driver has stopped.
#[derive(Debug)]
pub enum PublishError {
    /// A parameter value is invalid (empty, `/`, `+`, `#`, NUL, outside its `enum`).
    Parameters(ParameterError),
    /// The payload could not be serialised.
    Payload(serde_json::Error),
    /// The payload or the headers break the message's schema: every problem, as the
    /// TypeScript client reports them.
    Invalid {
        /// `payload` or `headers`.
        part: &'static str,
        /// What is wrong, and where.
        problems: Vec<Problem>,
    },
    /// The headers could not be turned into user properties.
    Headers(HeaderError),
    /// The message has headers, and the client speaks MQTT 3.1.1, which cannot carry them.
    HeadersNeedMqtt5,
    /// A QoS other than 0, 1 or 2.
    Qos(u8),
    /// An untyped publish's topic is not one to publish to (see
    /// [`crate::topic::topic_problem`]): empty, a wildcard, a control character or
    /// noncharacter, too long.
    Topic(String),
    /// The broker refused the message: the PUBACK, PUBREC or PUBCOMP reason code.
    Refused {
        /// The reason code, e.g. `NotAuthorized`.
        reason: String,
    },
    /// The connection was lost, or could not be made, before the acknowledgement.
    Disconnected {
        /// The connection error.
        reason: String,
    },
    /// The client disconnected, or its driver stopped or was dropped.
    Closed,
}

impl fmt::Display for PublishError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PublishError::Parameters(e) => {
                write!(f, "not published, invalid topic parameters: {e}")
            }
            PublishError::Payload(e) => {
                write!(f, "not published, the payload does not serialise: {e}")
            }
            PublishError::Invalid { part, problems } => {
                write!(f, "not published, the {part} is invalid: ")?;
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
            PublishError::Headers(e) => write!(f, "not published, {e}"),
            PublishError::HeadersNeedMqtt5 => write!(
                f,
                "not published, headers need MQTT 5 user properties and this client speaks MQTT 3.1.1; connect with MQTT 5 (V5) or send the message without headers"
            ),
            PublishError::Qos(q) => write!(f, "not published, QoS {q} does not exist (0, 1 or 2)"),
            PublishError::Topic(t) => {
                let problem = topic::topic_problem(t)
                    .map_or_else(|| "is not a topic to publish to".to_owned(), |p| p.to_string());
                write!(f, "not published, the topic {t:?} {problem}")
            }
            PublishError::Refused { reason } => {
                write!(f, "the broker refused the message: {reason}")
            }
            PublishError::Disconnected { reason } => write!(
                f,
                "the connection was lost before the broker acknowledged the message: {reason}"
            ),
            PublishError::Closed => write!(
                f,
                "not published, the client is closed (disconnected, or its driver is not running)"
            ),
        }
    }
}

impl std::error::Error for PublishError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PublishError::Parameters(e) => Some(e),
            PublishError::Payload(e) => Some(e),
            PublishError::Headers(e) => Some(e),
            _ => None,
        }
    }
}

impl From<Failure> for PublishError {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Refused(reason) => PublishError::Refused { reason },
            Failure::Disconnected(reason) => PublishError::Disconnected { reason },
            Failure::Closed => PublishError::Closed,
        }
    }
}

/// Why a typed subscribe (or unsubscribe) did not resolve.
#[derive(Debug)]
pub enum SubscribeError {
    /// A fixed parameter value of the filter is invalid.
    Parameters(ParameterError),
    /// The share group name is invalid.
    Share(ShareError),
    /// The filter given in [`SubscribeOptions::filter`] cannot be subscribed to.
    Filter {
        /// The filter.
        filter: String,
        /// What is wrong with it.
        problem: TopicProblem,
    },
    /// The spec's QoS is not 0, 1 or 2.
    Qos(u8),
    /// The broker refused the filter: the SUBACK (or UNSUBACK) reason code.
    Refused {
        /// The reason code, e.g. `NotAuthorized`.
        reason: String,
    },
    /// The connection was lost before the acknowledgement.
    Disconnected {
        /// The connection error.
        reason: String,
    },
    /// The client disconnected, or its driver stopped or was dropped.
    Closed,
}

impl fmt::Display for SubscribeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubscribeError::Parameters(e) => {
                write!(f, "not subscribed, invalid filter parameters: {e}")
            }
            SubscribeError::Share(e) => write!(f, "not subscribed, {e}"),
            SubscribeError::Filter { filter, problem } => {
                write!(f, "not subscribed, the filter {filter:?} {problem}")
            }
            SubscribeError::Qos(q) => {
                write!(f, "not subscribed, QoS {q} does not exist (0, 1 or 2)")
            }
            SubscribeError::Refused { reason } => {
                write!(f, "the broker refused the subscription: {reason}")
            }
            SubscribeError::Disconnected { reason } => write!(
                f,
                "the connection was lost before the broker acknowledged the subscription: {reason}"
            ),
            SubscribeError::Closed => write!(
                f,
                "not subscribed, the client is closed (disconnected, or its driver is not running)"
            ),
        }
    }
}

impl std::error::Error for SubscribeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SubscribeError::Parameters(e) => Some(e),
            SubscribeError::Share(e) => Some(e),
            SubscribeError::Filter { problem, .. } => Some(problem),
            _ => None,
        }
    }
}

impl From<Failure> for SubscribeError {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Refused(reason) => SubscribeError::Refused { reason },
            Failure::Disconnected(reason) => SubscribeError::Disconnected { reason },
            Failure::Closed => SubscribeError::Closed,
        }
    }
}

/// Why a received packet of a channel could not be read. Carries the topic, so a log line
/// says where the bad message came from.
#[derive(Debug)]
pub struct ReceiveError {
    /// The topic the packet arrived on (lossy UTF-8).
    pub topic: String,
    /// What was wrong.
    pub kind: ReceiveErrorKind,
}

/// What was wrong with a received packet.
#[derive(Debug)]
pub enum ReceiveErrorKind {
    /// The topic is not UTF-8.
    TopicNotUtf8,
    /// The topic has the channel's shape, but a parameter value is invalid.
    Parameters(ParameterError),
    /// The payload is not valid UTF-8 (so it is not JSON text either).
    PayloadNotUtf8 {
        /// The offset of the first byte that is not part of a valid UTF-8 sequence.
        valid_up_to: usize,
    },
    /// The payload is not JSON, breaks the payload schema (every problem, with the
    /// TypeScript client's paths and messages), or does not fit the payload type.
    Payload(DecodeError),
    /// The user properties do not fit the headers type.
    Headers(HeaderError),
    /// The headers break the headers schema.
    HeadersInvalid(Vec<Problem>),
}

impl fmt::Display for ReceiveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ReceiveErrorKind::TopicNotUtf8 => {
                write!(f, "message on {:?}: the topic is not UTF-8", self.topic)
            }
            ReceiveErrorKind::Parameters(e) => write!(
                f,
                "message on {}: invalid topic parameters: {e}",
                self.topic
            ),
            ReceiveErrorKind::PayloadNotUtf8 { valid_up_to } => write!(
                f,
                "message on {}: invalid payload: $: is not valid UTF-8 (invalid byte at offset {valid_up_to})",
                self.topic
            ),
            ReceiveErrorKind::Payload(e) => {
                write!(f, "message on {}: invalid payload: {e}", self.topic)
            }
            ReceiveErrorKind::Headers(e) => write!(f, "message on {}: {e}", self.topic),
            ReceiveErrorKind::HeadersInvalid(problems) => {
                write!(f, "message on {}: invalid headers: ", self.topic)?;
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ReceiveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ReceiveErrorKind::TopicNotUtf8
            | ReceiveErrorKind::PayloadNotUtf8 { .. }
            | ReceiveErrorKind::HeadersInvalid(_) => None,
            ReceiveErrorKind::Parameters(e) => Some(e),
            ReceiveErrorKind::Payload(e) => Some(e),
            ReceiveErrorKind::Headers(e) => Some(e),
        }
    }
}

/// A received message, checked: typed parameters from the topic, payload and headers.
pub struct Received<M: ChannelMessage> {
    /// The topic it arrived on (the real topic, also for a shared subscription).
    pub topic: String,
    /// The parameters, extracted level by level.
    pub parameters: M::Channel,
    /// The payload.
    pub payload: M::Payload,
    /// The headers, from the MQTT 5 user properties.
    pub headers: M::Headers,
    /// The QoS it was delivered with.
    pub qos: u8,
    /// Whether the broker delivered it from its retained store.
    pub retain: bool,
    /// The MQTT 5 response topic (set on a request).
    pub response_topic: Option<String>,
    /// The MQTT 5 correlation data (set on a request).
    pub correlation_data: Option<Bytes>,
}

// Written out because a derive would require `M` itself (a marker type) to implement them.
impl<M: ChannelMessage> fmt::Debug for Received<M>
where
    M::Channel: fmt::Debug,
    M::Payload: fmt::Debug,
    M::Headers: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Received")
            .field("topic", &self.topic)
            .field("parameters", &self.parameters)
            .field("payload", &self.payload)
            .field("headers", &self.headers)
            .field("qos", &self.qos)
            .field("retain", &self.retain)
            .field("response_topic", &self.response_topic)
            .field("correlation_data", &self.correlation_data)
            .finish()
    }
}

impl<M: ChannelMessage> Clone for Received<M>
where
    M::Channel: Clone,
    M::Payload: Clone,
    M::Headers: Clone,
{
    fn clone(&self) -> Self {
        Received {
            topic: self.topic.clone(),
            parameters: self.parameters.clone(),
            payload: self.payload.clone(),
            headers: self.headers.clone(),
            qos: self.qos,
            retain: self.retain,
            response_topic: self.response_topic.clone(),
            correlation_data: self.correlation_data.clone(),
        }
    }
}

impl<M: ChannelMessage> PartialEq for Received<M>
where
    M::Channel: PartialEq,
    M::Payload: PartialEq,
    M::Headers: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.topic == other.topic
            && self.parameters == other.parameters
            && self.payload == other.payload
            && self.headers == other.headers
            && self.qos == other.qos
            && self.retain == other.retain
            && self.response_topic == other.response_topic
            && self.correlation_data == other.correlation_data
    }
}

fn check_qos(level: u8) -> Result<u8, u8> {
    if level <= 2 {
        Ok(level)
    } else {
        Err(level)
    }
}

impl<P: Protocol> Client<P> {
    /// Publishes `payload` on the channel's topic with the QoS, retain flag, expiry and
    /// content type of the spec, and the headers as MQTT 5 user properties.
    ///
    /// Parameters, payload and headers are checked before anything is sent. Resolves when
    /// the broker has the message: on PUBACK for QoS 1, on PUBCOMP for QoS 2, once written
    /// to the connection for QoS 0. Rejects on a failure reason code
    /// ([`PublishError::Refused`]) or a connection lost or refused before the acknowledgement
    /// ([`PublishError::Disconnected`]), so a publish to a broker that is down rejects
    /// rather than hangs (as long as the driver runs).
    pub async fn publish<M>(
        &self,
        channel: &M::Channel,
        payload: &M::Payload,
        headers: &M::Headers,
    ) -> Result<(), PublishError>
    where
        M: SendMessage,
        M::Payload: Serialize,
        M::Headers: Serialize,
    {
        self.publish_with::<M>(channel, payload, headers, PublishOptions::default())
            .await
    }

    /// [`Client::publish`], with per-call overrides of the spec's QoS, retain flag or expiry.
    pub async fn publish_with<M>(
        &self,
        channel: &M::Channel,
        payload: &M::Payload,
        headers: &M::Headers,
        options: PublishOptions,
    ) -> Result<(), PublishError>
    where
        M: SendMessage,
        M::Payload: Serialize,
        M::Headers: Serialize,
    {
        let packet = prepare::<M>(channel, payload, headers, options)?;
        self.publish_prepared(packet).await
    }

    /// An untyped publish through the same acknowledged path (for traffic outside the
    /// spec, or a test that breaks the contract on purpose): `topic` must be a topic to
    /// publish to (not empty, no `+`, `#` or NUL), and nothing is validated beyond that.
    pub async fn publish_raw(
        &self,
        topic: &str,
        qos: u8,
        retain: bool,
        payload: impl Into<Bytes>,
    ) -> Result<(), PublishError> {
        if topic::topic_problem(topic).is_some() {
            return Err(PublishError::Topic(topic.to_owned()));
        }
        let packet = OutPublish {
            topic: topic.to_owned(),
            qos: check_qos(qos).map_err(PublishError::Qos)?,
            retain,
            payload: payload.into(),
            ..OutPublish::default()
        };
        self.publish_prepared(packet).await
    }

    pub(crate) async fn publish_prepared(&self, packet: OutPublish) -> Result<(), PublishError> {
        if !P::MQTT5 && !packet.user_properties.is_empty() {
            return Err(PublishError::HeadersNeedMqtt5);
        }
        let qos = packet.qos;
        Ok(self.send(Outbound::Publish(packet), qos).await?)
    }
}

/// Checks and encodes a publish: topic from the parameters, JSON payload, headers as user
/// properties, QoS/retain/expiry from the spec unless overridden.
fn prepare<M>(
    channel: &M::Channel,
    payload: &M::Payload,
    headers: &M::Headers,
    options: PublishOptions,
) -> Result<OutPublish, PublishError>
where
    M: ChannelMessage,
    M::Payload: Serialize,
    M::Headers: Serialize,
{
    let topic = channel.topic().map_err(PublishError::Parameters)?;
    check_message(
        M::PAYLOAD_FORMAT,
        payload,
        headers,
        M::payload_problems,
        M::headers_problems,
    )?;
    let payload = payload::encode(M::PAYLOAD_FORMAT, payload).map_err(PublishError::Payload)?;
    let user_properties = user_properties::encode(headers).map_err(PublishError::Headers)?;
    Ok(OutPublish {
        topic,
        qos: check_qos(options.qos.unwrap_or(M::QOS)).map_err(PublishError::Qos)?,
        retain: options.retain.unwrap_or(M::RETAIN),
        payload: payload.into(),
        message_expiry_interval: options
            .message_expiry_interval
            .or(M::MESSAGE_EXPIRY_INTERVAL),
        content_type: M::CONTENT_TYPE.map(str::to_owned),
        payload_format_indicator: M::PAYLOAD_FORMAT_INDICATOR,
        user_properties,
        response_topic: None,
        correlation_data: None,
    })
}

/// Checks the payload and the headers against their schemas before anything is sent. A
/// JSON or text payload is checked as the JSON value it serialises to (a text payload is a
/// string); raw bytes have no JSON form to check.
pub(crate) fn check_message<P: Serialize, H: Serialize>(
    format: PayloadFormat,
    payload: &P,
    headers: &H,
    payload_problems: fn(&serde_json::Value) -> Vec<Problem>,
    headers_problems: fn(&serde_json::Value) -> Vec<Problem>,
) -> Result<(), PublishError> {
    if format != PayloadFormat::Bytes {
        let value = serde_json::to_value(payload).map_err(PublishError::Payload)?;
        let problems = payload_problems(&value);
        if !problems.is_empty() {
            return Err(PublishError::Invalid {
                part: "payload",
                problems,
            });
        }
    }
    // Headers that do not serialise are reported by the user-property encoder.
    if let Ok(headers) = serde_json::to_value(headers) {
        let problems = headers_problems(&headers);
        if !problems.is_empty() {
            return Err(PublishError::Invalid {
                part: "headers",
                problems,
            });
        }
    }
    Ok(())
}

/// Reads a received MQTT 5 packet as a message of `M` (see [`decode_message`]).
pub fn decode<M>(packet: &Publish) -> Result<Option<Received<M>>, ReceiveError>
where
    M: ReceiveMessage,
    M::Payload: DeserializeOwned,
    M::Headers: DeserializeOwned + Serialize,
{
    decode_message::<M>(&Inbound::from_v5(packet))
}

/// Reads a received message as a message of `M`.
///
/// `Ok(None)`: the topic is not one of this channel's (another subscription's message).
/// `Ok(Some(_))`: parameters, payload and headers all valid.
/// `Err(_)`: the topic is this channel's, but something in it is invalid; the error names
/// the topic and what was wrong, and the caller goes on.
pub fn decode_message<M>(message: &Inbound) -> Result<Option<Received<M>>, ReceiveError>
where
    M: ReceiveMessage,
    M::Payload: DeserializeOwned,
    M::Headers: DeserializeOwned + Serialize,
{
    let Ok(topic) = std::str::from_utf8(&message.topic) else {
        return Err(ReceiveError {
            topic: String::from_utf8_lossy(&message.topic).into_owned(),
            kind: ReceiveErrorKind::TopicNotUtf8,
        });
    };
    let error = |kind| ReceiveError {
        topic: topic.to_owned(),
        kind,
    };
    let parameters = match <M::Channel as Channel>::parse(topic) {
        Ok(parameters) => parameters,
        Err(TopicError::Mismatch { .. }) => return Ok(None),
        Err(TopicError::Parameter(e)) => return Err(error(ReceiveErrorKind::Parameters(e))),
    };
    let (payload, headers) = decode_body::<M::Payload, M::Headers>(
        M::PAYLOAD_FORMAT,
        message,
        M::decode_payload,
        M::payload_problems,
        M::headers_problems,
    )
    .map_err(error)?;
    Ok(Some(Received {
        topic: topic.to_owned(),
        parameters,
        payload,
        headers,
        qos: message.qos,
        retain: message.retain,
        response_topic: message.response_topic.clone(),
        correlation_data: message.correlation_data.clone(),
    }))
}

/// The payload (by its format) and the headers from the user properties. Invalid UTF-8 is named as
/// such (serde_json would call it an invalid code point), in the words of the TypeScript
/// client.
pub(crate) fn decode_body<T: DeserializeOwned, H: DeserializeOwned + Serialize>(
    format: PayloadFormat,
    message: &Inbound,
    decode_payload: fn(&[u8]) -> Result<T, DecodeError>,
    payload_problems: fn(&serde_json::Value) -> Vec<Problem>,
    headers_problems: fn(&serde_json::Value) -> Vec<Problem>,
) -> Result<(T, H), ReceiveErrorKind> {
    let payload = match format {
        // JSON: the message's `decode_payload` (a generated struct's `from_json`, fast path
        // included), after naming invalid UTF-8 as such.
        PayloadFormat::Json => {
            if let Err(e) = std::str::from_utf8(&message.payload) {
                return Err(ReceiveErrorKind::PayloadNotUtf8 {
                    valid_up_to: e.valid_up_to(),
                });
            }
            decode_payload(&message.payload).map_err(ReceiveErrorKind::Payload)?
        }
        // Text: the string's schema constraints are checked too; raw bytes have none to check.
        _ => {
            if format == PayloadFormat::Text {
                if let Ok(text) = std::str::from_utf8(&message.payload) {
                    let problems = payload_problems(&serde_json::Value::String(text.to_owned()));
                    if !problems.is_empty() {
                        return Err(ReceiveErrorKind::Payload(DecodeError::Problems(problems)));
                    }
                }
            }
            payload::decode(format, &message.payload).map_err(|problem| match problem {
                DecodeProblem::NotUtf8(valid_up_to) => {
                    ReceiveErrorKind::PayloadNotUtf8 { valid_up_to }
                }
                DecodeProblem::Invalid(e) => ReceiveErrorKind::Payload(DecodeError::Deserialize(e)),
            })?
        }
    };
    let headers: H =
        user_properties::decode(&message.user_properties).map_err(ReceiveErrorKind::Headers)?;
    if let Ok(value) = serde_json::to_value(&headers) {
        let problems = headers_problems(&value);
        if !problems.is_empty() {
            return Err(ReceiveErrorKind::HeadersInvalid(problems));
        }
    }
    Ok((payload, headers))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::NoHeaders;
    use crate::topic;
    use ::rumqttc::v5::mqttbytes::v5::PublishProperties;
    use ::rumqttc::v5::mqttbytes::QoS;
    use serde::Deserialize;

    /// `rooms/{room}/temperature`, written the way generated code implements it.
    #[derive(Debug, Clone, PartialEq)]
    struct Room {
        room: String,
    }

    /// Written the way generated channel helpers implement it, with `crate::topic`.
    impl Channel for Room {
        const ADDRESS: &'static str = "rooms/{room}/temperature";
        fn topic(&self) -> Result<String, ParameterError> {
            topic::fill(Self::ADDRESS, &[("room", &self.room)])
        }
        fn parse(topic: &str) -> Result<Self, TopicError> {
            let [room] = topic::extract::<1>(Self::ADDRESS, topic)?;
            topic::check_enum("room", room, &["hall", "kitchen"])?;
            Ok(Room {
                room: room.to_owned(),
            })
        }
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    struct Reading {
        celsius: f64,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Trace {
        trace_id: String,
        sequence: u64,
    }

    struct Temperature;
    impl ChannelMessage for Temperature {
        type Channel = Room;
        type Payload = Reading;
        type Headers = Trace;
        const QOS: u8 = 1;
        const RETAIN: bool = true;
        const MESSAGE_EXPIRY_INTERVAL: Option<u32> = Some(60);
        const CONTENT_TYPE: Option<&'static str> = Some("application/json");
    }
    impl SendMessage for Temperature {}
    impl ReceiveMessage for Temperature {}

    struct Bare;
    impl ChannelMessage for Bare {
        type Channel = Room;
        type Payload = Reading;
        type Headers = NoHeaders;
        const QOS: u8 = 0;
        const RETAIN: bool = false;
        const MESSAGE_EXPIRY_INTERVAL: Option<u32> = None;
        const CONTENT_TYPE: Option<&'static str> = None;
    }
    impl ReceiveMessage for Bare {}

    fn kitchen() -> Room {
        Room {
            room: "kitchen".into(),
        }
    }

    fn trace() -> Trace {
        Trace {
            trace_id: "t-1".into(),
            sequence: 3,
        }
    }

    fn packet(topic: &str, payload: &str, user_properties: Vec<(String, String)>) -> Publish {
        let properties = PublishProperties {
            user_properties,
            ..PublishProperties::default()
        };
        Publish::new(
            topic,
            QoS::AtLeastOnce,
            payload.to_owned(),
            Some(properties),
        )
    }

    #[test]
    fn bindings_give_qos_retain_expiry_and_content_type() {
        let p = prepare::<Temperature>(
            &kitchen(),
            &Reading { celsius: 21.5 },
            &trace(),
            PublishOptions::default(),
        )
        .unwrap();
        assert_eq!(p.topic, "rooms/kitchen/temperature");
        assert_eq!(p.qos, 1);
        assert!(p.retain);
        assert_eq!(&p.payload[..], br#"{"celsius":21.5}"#);
        assert_eq!(p.message_expiry_interval, Some(60));
        assert_eq!(p.content_type.as_deref(), Some("application/json"));
        assert_eq!(
            p.user_properties,
            vec![
                ("traceId".into(), "t-1".into()),
                ("sequence".into(), "3".into())
            ]
        );
    }

    #[test]
    fn options_override_the_bindings() {
        let options = PublishOptions {
            qos: Some(2),
            retain: Some(false),
            message_expiry_interval: Some(5),
        };
        let p = prepare::<Temperature>(&kitchen(), &Reading { celsius: 1.0 }, &trace(), options)
            .unwrap();
        assert_eq!((p.qos, p.retain), (2, false));
        assert_eq!(p.message_expiry_interval, Some(5));
        let bad_qos = PublishOptions {
            qos: Some(3),
            ..PublishOptions::default()
        };
        let err = prepare::<Temperature>(&kitchen(), &Reading { celsius: 1.0 }, &trace(), bad_qos);
        assert!(matches!(err, Err(PublishError::Qos(3))));
    }

    #[test]
    fn invalid_parameters_are_rejected_before_sending() {
        for room in [
            "",
            "a/b",
            "+",
            "#",
            "nul\0",
            "tab\t",
            "\u{85}",
            "\u{fdd0}",
            "\u{1ffff}",
        ] {
            let channel = Room { room: room.into() };
            let err = prepare::<Temperature>(
                &channel,
                &Reading { celsius: 1.0 },
                &trace(),
                PublishOptions::default(),
            )
            .expect_err("rejected");
            assert!(
                matches!(err, PublishError::Parameters(_)),
                "{room:?}: {err}"
            );
        }
    }

    #[test]
    fn a_valid_packet_decodes_with_parameters_and_headers() {
        let headers = user_properties::encode(&trace()).unwrap();
        let received = decode::<Temperature>(&packet(
            "rooms/hall/temperature",
            r#"{"celsius":19}"#,
            headers,
        ))
        .unwrap()
        .expect("this channel");
        assert_eq!(received.parameters.room, "hall");
        assert_eq!(received.payload, Reading { celsius: 19.0 });
        assert_eq!(received.headers, trace());
        assert_eq!(received.qos, 1);
    }

    #[test]
    fn other_channels_topics_are_not_ours() {
        for topic in [
            "rooms/hall/humidity",
            "rooms/a/b/temperature",
            "rooms//temperature",
        ] {
            assert!(
                decode::<Bare>(&packet(topic, "{}", vec![]))
                    .unwrap()
                    .is_none(),
                "{topic}"
            );
        }
    }

    #[test]
    fn invalid_messages_are_typed_errors_naming_the_topic() {
        let err =
            decode::<Bare>(&packet("rooms/hall/temperature", "not json", vec![])).unwrap_err();
        assert!(matches!(err.kind, ReceiveErrorKind::Payload(_)));
        assert!(
            err.to_string()
                .starts_with("message on rooms/hall/temperature: invalid payload"),
            "{err}"
        );

        let err = decode::<Bare>(&packet(
            "rooms/hall/temperature",
            r#"{"celsius":"warm"}"#,
            vec![],
        ))
        .unwrap_err();
        assert!(matches!(err.kind, ReceiveErrorKind::Payload(_)), "{err}");

        let err = decode::<Temperature>(&packet(
            "rooms/hall/temperature",
            r#"{"celsius":1}"#,
            vec![],
        ))
        .unwrap_err();
        assert!(matches!(err.kind, ReceiveErrorKind::Headers(_)), "{err}");

        let err = decode::<Bare>(&packet(
            "rooms/attic/temperature",
            r#"{"celsius":1}"#,
            vec![],
        ))
        .unwrap_err();
        assert!(matches!(err.kind, ReceiveErrorKind::Parameters(_)), "{err}");

        let mut bad_bytes = packet("rooms/hall/temperature", "{}", vec![]);
        bad_bytes.payload = b"{\"celsius\":1,\"note\":\"\xff\"}".to_vec().into();
        let err = decode::<Bare>(&bad_bytes).unwrap_err();
        assert!(
            matches!(
                err.kind,
                ReceiveErrorKind::PayloadNotUtf8 { valid_up_to: 21 }
            ),
            "{err}"
        );
        assert!(err.to_string().contains("is not valid UTF-8"), "{err}");

        let mut not_utf8 = packet("rooms/x/temperature", "{}", vec![]);
        not_utf8.topic = vec![b'r', 0xff].into();
        let err = decode::<Bare>(&not_utf8).unwrap_err();
        assert!(matches!(err.kind, ReceiveErrorKind::TopicNotUtf8));
    }

    #[test]
    fn messages_without_headers_ignore_user_properties() {
        let props = vec![("x".to_string(), "y".to_string())];
        let received = decode::<Bare>(&packet("rooms/hall/temperature", r#"{"celsius":2}"#, props))
            .unwrap()
            .unwrap();
        assert_eq!(received.headers, NoHeaders);
    }
}
