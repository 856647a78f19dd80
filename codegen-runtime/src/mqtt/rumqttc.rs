//! Typed publish and subscribe over [`rumqttc`]'s MQTT 5 client.
//!
//! ```no_run
//! # use asyncapi_codegen_runtime::mqtt::{Channel, ChannelMessage, ReceiveMessage, SendMessage};
//! # async fn example<T, C>(
//! #     client: &rumqttc::v5::AsyncClient,
//! #     mut eventloop: rumqttc::v5::EventLoop,
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
//! #     C::Headers: serde::de::DeserializeOwned,
//! # {
//! use asyncapi_codegen_runtime::mqtt::rumqttc::{decode, publish, subscribe_all};
//! use rumqttc::v5::{mqttbytes::v5::Packet, Event};
//!
//! // QoS, retain and expiry come from the spec; the topic from validated parameters.
//! publish::<T>(client, &channel, &reading, &headers).await?;
//! subscribe_all::<C>(client).await?;
//! loop {
//!     if let Event::Incoming(Packet::Publish(packet)) = eventloop.poll().await? {
//!         match decode::<C>(&packet) {
//!             Ok(Some(command)) => println!("{:?} on {}", command.payload, command.topic),
//!             Ok(None) => {} // another channel's topic
//!             Err(error) => eprintln!("{error}"), // invalid payload or headers, typed
//!         }
//!     }
//! }
//! # }
//! ```

use super::user_properties::{self, HeaderError};
use super::{wildcard_filter, Channel, ChannelMessage, ReceiveMessage, SendMessage};
use crate::topic::{ParameterError, TopicError};
use ::rumqttc::v5::mqttbytes::v5::{Publish, PublishProperties};
use ::rumqttc::v5::mqttbytes::QoS;
use ::rumqttc::v5::{AsyncClient, ClientError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

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

/// Why a typed publish was not sent. Nothing reaches the broker in any of these cases.
#[derive(Debug)]
pub enum PublishError {
    /// A parameter value is invalid (empty, `/`, `+`, `#`, NUL, outside its `enum`).
    Parameters(ParameterError),
    /// The payload could not be serialised.
    Payload(serde_json::Error),
    /// The headers could not be turned into user properties.
    Headers(HeaderError),
    /// A QoS other than 0, 1 or 2.
    Qos(u8),
    /// The client's event loop is gone.
    Client(Box<ClientError>),
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
            PublishError::Headers(e) => write!(f, "not published, {e}"),
            PublishError::Qos(q) => write!(f, "not published, QoS {q} does not exist (0, 1 or 2)"),
            PublishError::Client(e) => write!(f, "not published, the MQTT client failed: {e}"),
        }
    }
}

impl std::error::Error for PublishError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PublishError::Parameters(e) => Some(e),
            PublishError::Payload(e) => Some(e),
            PublishError::Headers(e) => Some(e),
            PublishError::Qos(_) => None,
            PublishError::Client(e) => Some(e.as_ref()),
        }
    }
}

/// Why a typed subscribe was not sent.
#[derive(Debug)]
pub enum SubscribeError {
    /// A fixed parameter value of the filter is invalid.
    Parameters(ParameterError),
    /// The spec's QoS is not 0, 1 or 2.
    Qos(u8),
    /// The client's event loop is gone.
    Client(Box<ClientError>),
}

impl fmt::Display for SubscribeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SubscribeError::Parameters(e) => {
                write!(f, "not subscribed, invalid filter parameters: {e}")
            }
            SubscribeError::Qos(q) => {
                write!(f, "not subscribed, QoS {q} does not exist (0, 1 or 2)")
            }
            SubscribeError::Client(e) => write!(f, "not subscribed, the MQTT client failed: {e}"),
        }
    }
}

impl std::error::Error for SubscribeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SubscribeError::Parameters(e) => Some(e),
            SubscribeError::Qos(_) => None,
            SubscribeError::Client(e) => Some(e.as_ref()),
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
    /// The payload is not JSON or does not fit the payload type.
    Payload(serde_json::Error),
    /// The user properties do not fit the headers type.
    Headers(HeaderError),
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
            ReceiveErrorKind::Payload(e) => {
                write!(f, "message on {}: invalid payload: {e}", self.topic)
            }
            ReceiveErrorKind::Headers(e) => write!(f, "message on {}: {e}", self.topic),
        }
    }
}

impl std::error::Error for ReceiveError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ReceiveErrorKind::TopicNotUtf8 => None,
            ReceiveErrorKind::Parameters(e) => Some(e),
            ReceiveErrorKind::Payload(e) => Some(e),
            ReceiveErrorKind::Headers(e) => Some(e),
        }
    }
}

/// A received message, checked: typed parameters from the topic, payload and headers.
pub struct Received<M: ChannelMessage> {
    /// The topic it arrived on.
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
    }
}

fn qos(level: u8) -> Option<QoS> {
    ::rumqttc::v5::mqttbytes::qos(level)
}

/// Publishes `payload` on the channel's topic with the QoS, retain flag, expiry and content
/// type of the spec, and the headers as MQTT 5 user properties.
///
/// Parameters, payload and headers are checked before anything is handed to the client.
/// Like every rumqttc publish, it returns once the event loop has the packet; the broker's
/// PUBACK/PUBCOMP arrives as an event on the event loop.
pub async fn publish<M>(
    client: &AsyncClient,
    channel: &M::Channel,
    payload: &M::Payload,
    headers: &M::Headers,
) -> Result<(), PublishError>
where
    M: SendMessage,
    M::Payload: Serialize,
    M::Headers: Serialize,
{
    publish_with::<M>(client, channel, payload, headers, PublishOptions::default()).await
}

/// [`publish`], with per-call overrides of the spec's QoS, retain flag or expiry.
pub async fn publish_with<M>(
    client: &AsyncClient,
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
    client
        .publish_with_properties(
            packet.topic,
            packet.qos,
            packet.retain,
            packet.payload,
            packet.properties,
        )
        .await
        .map_err(|e| PublishError::Client(Box::new(e)))
}

/// A checked publish, ready for the client.
struct Prepared {
    topic: String,
    qos: QoS,
    retain: bool,
    payload: Vec<u8>,
    properties: PublishProperties,
}

fn prepare<M>(
    channel: &M::Channel,
    payload: &M::Payload,
    headers: &M::Headers,
    options: PublishOptions,
) -> Result<Prepared, PublishError>
where
    M: ChannelMessage,
    M::Payload: Serialize,
    M::Headers: Serialize,
{
    let topic = channel.topic().map_err(PublishError::Parameters)?;
    let payload = serde_json::to_vec(payload).map_err(PublishError::Payload)?;
    let user_properties = user_properties::encode(headers).map_err(PublishError::Headers)?;
    let properties = PublishProperties {
        message_expiry_interval: options
            .message_expiry_interval
            .or(M::MESSAGE_EXPIRY_INTERVAL),
        content_type: M::CONTENT_TYPE.map(str::to_owned),
        user_properties,
        ..PublishProperties::default()
    };
    Ok(Prepared {
        topic,
        qos: {
            let level = options.qos.unwrap_or(M::QOS);
            qos(level).ok_or(PublishError::Qos(level))?
        },
        retain: options.retain.unwrap_or(M::RETAIN),
        payload,
        properties,
    })
}

/// Subscribes to every topic of the message's channel (each parameter level becomes `+`)
/// with the spec's QoS.
pub async fn subscribe_all<M: ReceiveMessage>(client: &AsyncClient) -> Result<(), SubscribeError> {
    subscribe_filter::<M>(client, wildcard_filter::<M::Channel>()).await
}

/// Subscribes to `filter` (for instance a generated `filter(...)` with some parameters fixed)
/// with the spec's QoS. Decode what arrives with [`decode`].
pub async fn subscribe_filter<M: ReceiveMessage>(
    client: &AsyncClient,
    filter: impl Into<String>,
) -> Result<(), SubscribeError> {
    let qos = qos(M::QOS).ok_or(SubscribeError::Qos(M::QOS))?;
    client
        .subscribe(filter, qos)
        .await
        .map_err(|e| SubscribeError::Client(Box::new(e)))
}

/// Reads a received packet as a message of `M`.
///
/// `Ok(None)`: the topic is not one of this channel's (another subscription's message).
/// `Ok(Some(_))`: parameters, payload and headers all valid.
/// `Err(_)`: the topic is this channel's, but something in it is invalid; the error names
/// the topic and what was wrong, and the caller's event loop goes on.
pub fn decode<M>(packet: &Publish) -> Result<Option<Received<M>>, ReceiveError>
where
    M: ReceiveMessage,
    M::Payload: DeserializeOwned,
    M::Headers: DeserializeOwned,
{
    let Ok(topic) = std::str::from_utf8(&packet.topic) else {
        return Err(ReceiveError {
            topic: String::from_utf8_lossy(&packet.topic).into_owned(),
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
    let payload =
        serde_json::from_slice(&packet.payload).map_err(|e| error(ReceiveErrorKind::Payload(e)))?;
    let no_properties = Vec::new();
    let user_properties = packet
        .properties
        .as_ref()
        .map_or(&no_properties, |p| &p.user_properties);
    let headers = user_properties::decode(user_properties)
        .map_err(|e| error(ReceiveErrorKind::Headers(e)))?;
    Ok(Some(Received {
        topic: topic.to_owned(),
        parameters,
        payload,
        headers,
        qos: packet.qos as u8,
        retain: packet.retain,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mqtt::NoHeaders;
    use crate::topic;
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
        assert_eq!(p.qos, QoS::AtLeastOnce);
        assert!(p.retain);
        assert_eq!(p.payload, br#"{"celsius":21.5}"#);
        assert_eq!(p.properties.message_expiry_interval, Some(60));
        assert_eq!(
            p.properties.content_type.as_deref(),
            Some("application/json")
        );
        assert_eq!(
            p.properties.user_properties,
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
        assert_eq!((p.qos, p.retain), (QoS::ExactlyOnce, false));
        assert_eq!(p.properties.message_expiry_interval, Some(5));
        let bad_qos = PublishOptions {
            qos: Some(3),
            ..PublishOptions::default()
        };
        let err = prepare::<Temperature>(&kitchen(), &Reading { celsius: 1.0 }, &trace(), bad_qos);
        assert!(matches!(err, Err(PublishError::Qos(3))));
    }

    #[test]
    fn invalid_parameters_are_rejected_before_sending() {
        for room in ["", "a/b", "+", "#", "nul\0"] {
            let channel = Room { room: room.into() };
            let err = prepare::<Temperature>(
                &channel,
                &Reading { celsius: 1.0 },
                &trace(),
                PublishOptions::default(),
            )
            .err()
            .expect("rejected");
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
