//! The two MQTT versions rumqttc speaks, behind one trait: [`V5`] (`rumqttc::v5`) and
//! [`V311`] (rumqttc's root module, MQTT 3.1.1, "v4" in rumqttc's terms).
//!
//! The typed client only needs a handful of things from each: send a request without
//! waiting (so that the order of requests in rumqttc's channel is known), read an event as
//! one of the steps that settle a request, and drop requests that a lost connection left
//! behind. Everything else is shared.

use super::inbound::Inbound;
use ::rumqttc as v4;
use ::rumqttc::v5;
use bytes::Bytes;
use std::fmt;
use std::future::Future;

/// One of rumqttc's two clients: [`V5`] or [`V311`]. Sealed.
pub trait Protocol: sealed::Wire + Send + Sync + 'static {
    /// rumqttc's connection options of this version (`MqttOptions`).
    type Options: Send;
    /// rumqttc's async client of this version (`AsyncClient`).
    type Client: Clone + Send + Sync + 'static;
    /// rumqttc's event loop of this version (`EventLoop`).
    type EventLoop: Send + 'static;
    /// rumqttc's event of this version, which [`super::Driver::poll`] hands back.
    type Event: fmt::Debug + Send + 'static;
    /// rumqttc's connection error of this version.
    type ConnectionError: std::error::Error + Send + Sync + 'static;
    /// True for MQTT 5, which carries properties (headers, response topic, correlation
    /// data, content type, expiry).
    const MQTT5: bool;
    /// How many QoS 1 and 2 publishes [`super::Client::new`] lets be in flight at once:
    /// 65,535 for MQTT 5, where rumqttc keeps to the broker's Receive Maximum from the
    /// CONNACK, and 10 for MQTT 3.1.1, which has no Receive Maximum (mosquitto's default
    /// `max_inflight_messages` is 20).
    const DEFAULT_MAX_IN_FLIGHT: usize;
}

/// MQTT 5 over `rumqttc::v5`.
#[derive(Debug, Clone, Copy)]
pub enum V5 {}

/// MQTT 3.1.1 over rumqttc's root client (`rumqttc::AsyncClient`). It has no properties:
/// headers are refused, content type and expiry are not sent, request/reply is refused.
#[derive(Debug, Clone, Copy)]
pub enum V311 {}

/// What the typed client asks rumqttc to send.
#[derive(Debug, Clone)]
pub enum Outbound {
    Publish(OutPublish),
    Subscribe { filter: String, qos: u8 },
    Unsubscribe { filter: String },
    Disconnect,
}

/// A checked publish. `qos` is 0, 1 or 2 (checked before).
#[derive(Debug, Clone, Default)]
pub struct OutPublish {
    pub topic: String,
    pub qos: u8,
    pub retain: bool,
    pub payload: Bytes,
    pub message_expiry_interval: Option<u32>,
    pub content_type: Option<String>,
    pub payload_format_indicator: Option<u8>,
    pub user_properties: Vec<(String, String)>,
    pub response_topic: Option<String>,
    pub correlation_data: Option<Bytes>,
}

/// Which request an outgoing event is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sent {
    Publish,
    Subscribe,
    Unsubscribe,
    Disconnect,
}

/// An event, read as far as settling requests and routing messages needs.
#[derive(Debug)]
pub enum Step {
    /// The event loop took the next request from the channel and wrote it (packet id, 0
    /// for QoS 0 publishes and DISCONNECT).
    Sent(Sent, u16),
    /// The event loop took the next publish but holds it back: its packet id is still in
    /// flight (rumqttc "collision"); it is written when that one is acknowledged.
    AwaitAck(u16),
    /// PUBACK; `Some(reason)` for a failure reason code.
    PubAck(u16, Option<String>),
    /// PUBREC; `Some(reason)` for a failure reason code (the QoS 2 flow ends there).
    PubRec(u16, Option<String>),
    /// PUBCOMP; `Some(reason)` for a failure reason code.
    PubComp(u16, Option<String>),
    /// SUBACK; `Some(reason)` when the broker refused the (single) filter.
    SubAck(u16, Option<String>),
    /// UNSUBACK; `Some(reason)` for a failure reason code.
    UnsubAck(u16, Option<String>),
    /// An application message.
    Message(Inbound),
    /// CONNACK: connected; `true` when the broker kept the session (and its subscriptions).
    ConnAck(bool),
    /// The broker sent DISCONNECT (MQTT 5).
    ServerDisconnect(String),
    /// Anything else (pings, connack, our own acks).
    Other,
}

pub(crate) mod sealed {
    use super::*;

    /// The per-version plumbing; crate-private in effect (the module is private).
    pub trait Wire {
        fn create(
            options: <Self as Protocol>::Options,
            capacity: usize,
        ) -> (<Self as Protocol>::Client, <Self as Protocol>::EventLoop)
        where
            Self: Protocol;
        fn client_id(options: &<Self as Protocol>::Options) -> String
        where
            Self: Protocol;
        /// Hands `request` to the channel without waiting; `false` when it is full (or the
        /// event loop is gone).
        fn try_send(client: &<Self as Protocol>::Client, request: &Outbound) -> bool
        where
            Self: Protocol;
        #[allow(clippy::type_complexity)]
        fn poll(
            eventloop: &mut <Self as Protocol>::EventLoop,
        ) -> impl Future<
            Output = Result<<Self as Protocol>::Event, <Self as Protocol>::ConnectionError>,
        > + Send
               + '_
        where
            Self: Protocol;
        fn step(event: &<Self as Protocol>::Event) -> Step
        where
            Self: Protocol;
        /// After a connection error: moves the requests still in the channel out of it and
        /// drops every publish rumqttc would otherwise send on the next connection (the
        /// callers were told it failed) and every DISCONNECT (the connection is gone), with
        /// the collision slot and the buffered events of the lost connection. Subscribes,
        /// unsubscribes and QoS 2 releases stay queued for the next connection.
        fn drop_unsent(eventloop: &mut <Self as Protocol>::EventLoop)
        where
            Self: Protocol;
    }
}

fn failure<R: fmt::Debug>(reason: &R, success: bool) -> Option<String> {
    (!success).then(|| format!("{reason:?}"))
}

impl Protocol for V5 {
    type Options = v5::MqttOptions;
    type Client = v5::AsyncClient;
    type EventLoop = v5::EventLoop;
    type Event = v5::Event;
    type ConnectionError = v5::ConnectionError;
    const MQTT5: bool = true;
    const DEFAULT_MAX_IN_FLIGHT: usize = 65535;
}

impl sealed::Wire for V5 {
    fn create(options: v5::MqttOptions, capacity: usize) -> (v5::AsyncClient, v5::EventLoop) {
        v5::AsyncClient::new(options, capacity)
    }

    fn client_id(options: &v5::MqttOptions) -> String {
        options.client_id()
    }

    fn try_send(client: &v5::AsyncClient, request: &Outbound) -> bool {
        use v5::mqttbytes::v5::PublishProperties;
        let qos = |level| v5::mqttbytes::qos(level).unwrap_or(v5::mqttbytes::QoS::AtMostOnce);
        match request {
            Outbound::Publish(p) => {
                let properties = PublishProperties {
                    message_expiry_interval: p.message_expiry_interval,
                    content_type: p.content_type.clone(),
                    payload_format_indicator: p.payload_format_indicator,
                    user_properties: p.user_properties.clone(),
                    response_topic: p.response_topic.clone(),
                    correlation_data: p.correlation_data.clone(),
                    ..PublishProperties::default()
                };
                client
                    .try_publish_with_properties(
                        p.topic.clone(),
                        qos(p.qos),
                        p.retain,
                        p.payload.clone(),
                        properties,
                    )
                    .is_ok()
            }
            Outbound::Subscribe { filter, qos: level } => {
                client.try_subscribe(filter.clone(), qos(*level)).is_ok()
            }
            Outbound::Unsubscribe { filter } => client.try_unsubscribe(filter.clone()).is_ok(),
            Outbound::Disconnect => client.try_disconnect().is_ok(),
        }
    }

    fn poll(
        eventloop: &mut v5::EventLoop,
    ) -> impl Future<Output = Result<v5::Event, v5::ConnectionError>> + Send + '_ {
        eventloop.poll()
    }

    fn step(event: &v5::Event) -> Step {
        use v5::mqttbytes::v5::{
            Packet, PubAckReason, PubCompReason, PubRecReason, SubscribeReasonCode, UnsubAckReason,
        };
        match event {
            v5::Event::Outgoing(outgoing) => outgoing_step(outgoing),
            v5::Event::Incoming(packet) => match packet {
                Packet::Publish(p) => Step::Message(Inbound::from_v5(p)),
                Packet::ConnAck(c) => Step::ConnAck(c.session_present),
                Packet::PubAck(a) => Step::PubAck(
                    a.pkid,
                    failure(
                        &a.reason,
                        matches!(
                            a.reason,
                            PubAckReason::Success | PubAckReason::NoMatchingSubscribers
                        ),
                    ),
                ),
                Packet::PubRec(r) => Step::PubRec(
                    r.pkid,
                    failure(
                        &r.reason,
                        matches!(
                            r.reason,
                            PubRecReason::Success | PubRecReason::NoMatchingSubscribers
                        ),
                    ),
                ),
                Packet::PubComp(c) => Step::PubComp(
                    c.pkid,
                    failure(&c.reason, c.reason == PubCompReason::Success),
                ),
                Packet::SubAck(s) => Step::SubAck(
                    s.pkid,
                    s.return_codes
                        .iter()
                        .find(|c| !matches!(c, SubscribeReasonCode::Success(_)))
                        .map(|c| format!("{c:?}")),
                ),
                Packet::UnsubAck(u) => Step::UnsubAck(
                    u.pkid,
                    u.reasons
                        .iter()
                        .find(|r| {
                            !matches!(
                                r,
                                UnsubAckReason::Success | UnsubAckReason::NoSubscriptionExisted
                            )
                        })
                        .map(|r| format!("{r:?}")),
                ),
                Packet::Disconnect(d) => Step::ServerDisconnect(format!(
                    "the broker disconnected ({:?}{})",
                    d.reason_code,
                    d.properties
                        .as_ref()
                        .and_then(|p| p.reason_string.as_deref())
                        .map(|r| format!(": {r}"))
                        .unwrap_or_default()
                )),
                _ => Step::Other,
            },
        }
    }

    fn drop_unsent(eventloop: &mut v5::EventLoop) {
        eventloop.clean();
        eventloop
            .pending
            .retain(|r| !matches!(r, v5::Request::Publish(_) | v5::Request::Disconnect));
        eventloop.state.collision = None;
        eventloop.state.events.retain(|e| !settles_v5(e));
    }
}

/// Events of the lost connection that would settle a request of the next one.
fn settles_v5(event: &v5::Event) -> bool {
    use v5::mqttbytes::v5::Packet;
    match event {
        v5::Event::Outgoing(o) => !matches!(o, v4::Outgoing::PingReq | v4::Outgoing::PingResp),
        v5::Event::Incoming(p) => matches!(
            p,
            Packet::PubAck(_)
                | Packet::PubRec(_)
                | Packet::PubComp(_)
                | Packet::SubAck(_)
                | Packet::UnsubAck(_)
        ),
    }
}

fn settles_v4(event: &v4::Event) -> bool {
    match event {
        v4::Event::Outgoing(o) => !matches!(o, v4::Outgoing::PingReq | v4::Outgoing::PingResp),
        v4::Event::Incoming(p) => matches!(
            p,
            v4::Packet::PubAck(_)
                | v4::Packet::PubRec(_)
                | v4::Packet::PubComp(_)
                | v4::Packet::SubAck(_)
                | v4::Packet::UnsubAck(_)
        ),
    }
}

fn outgoing_step(outgoing: &v4::Outgoing) -> Step {
    match *outgoing {
        v4::Outgoing::Publish(pkid) => Step::Sent(Sent::Publish, pkid),
        v4::Outgoing::Subscribe(pkid) => Step::Sent(Sent::Subscribe, pkid),
        v4::Outgoing::Unsubscribe(pkid) => Step::Sent(Sent::Unsubscribe, pkid),
        v4::Outgoing::Disconnect => Step::Sent(Sent::Disconnect, 0),
        v4::Outgoing::AwaitAck(pkid) => Step::AwaitAck(pkid),
        _ => Step::Other,
    }
}

impl Protocol for V311 {
    type Options = v4::MqttOptions;
    type Client = v4::AsyncClient;
    type EventLoop = v4::EventLoop;
    type Event = v4::Event;
    type ConnectionError = v4::ConnectionError;
    const MQTT5: bool = false;
    const DEFAULT_MAX_IN_FLIGHT: usize = 10;
}

impl sealed::Wire for V311 {
    fn create(options: v4::MqttOptions, capacity: usize) -> (v4::AsyncClient, v4::EventLoop) {
        v4::AsyncClient::new(options, capacity)
    }

    fn client_id(options: &v4::MqttOptions) -> String {
        options.client_id()
    }

    fn try_send(client: &v4::AsyncClient, request: &Outbound) -> bool {
        let qos = |level| v4::qos(level).unwrap_or(v4::QoS::AtMostOnce);
        match request {
            // 3.1.1 has no properties; the typed layer refused headers, response topics
            // and correlation data before getting here.
            Outbound::Publish(p) => client
                .try_publish(p.topic.clone(), qos(p.qos), p.retain, p.payload.clone())
                .is_ok(),
            Outbound::Subscribe { filter, qos: level } => {
                client.try_subscribe(filter.clone(), qos(*level)).is_ok()
            }
            Outbound::Unsubscribe { filter } => client.try_unsubscribe(filter.clone()).is_ok(),
            Outbound::Disconnect => client.try_disconnect().is_ok(),
        }
    }

    fn poll(
        eventloop: &mut v4::EventLoop,
    ) -> impl Future<Output = Result<v4::Event, v4::ConnectionError>> + Send + '_ {
        eventloop.poll()
    }

    fn step(event: &v4::Event) -> Step {
        match event {
            v4::Event::Outgoing(outgoing) => outgoing_step(outgoing),
            v4::Event::Incoming(packet) => match packet {
                v4::Packet::Publish(p) => Step::Message(Inbound::from_v4(p)),
                v4::Packet::ConnAck(c) => Step::ConnAck(c.session_present),
                v4::Packet::PubAck(a) => Step::PubAck(a.pkid, None),
                v4::Packet::PubRec(r) => Step::PubRec(r.pkid, None),
                v4::Packet::PubComp(c) => Step::PubComp(c.pkid, None),
                v4::Packet::SubAck(s) => Step::SubAck(
                    s.pkid,
                    s.return_codes
                        .iter()
                        .any(|c| matches!(c, v4::SubscribeReasonCode::Failure))
                        .then(|| "Failure (0x80)".to_owned()),
                ),
                v4::Packet::UnsubAck(u) => Step::UnsubAck(u.pkid, None),
                _ => Step::Other,
            },
        }
    }

    fn drop_unsent(eventloop: &mut v4::EventLoop) {
        eventloop.clean();
        eventloop
            .pending
            .retain(|r| !matches!(r, v4::Request::Publish(_) | v4::Request::Disconnect(_)));
        eventloop.state.collision = None;
        eventloop.state.events.retain(|e| !settles_v4(e));
    }
}
