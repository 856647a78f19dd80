//! A received application message, the same for both MQTT versions.

use ::rumqttc as v4;
use ::rumqttc::v5::mqttbytes::v5::Publish as PublishV5;
use bytes::Bytes;

/// An application message as the broker delivered it: the real topic (never the
/// `$share/...` filter), the payload and, over MQTT 5, the properties the typed layer reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inbound {
    /// The topic, as bytes (a broker may deliver one that is not UTF-8).
    pub topic: Bytes,
    /// The payload.
    pub payload: Bytes,
    /// The QoS it was delivered with.
    pub qos: u8,
    /// Whether it came from the broker's retained store.
    pub retain: bool,
    /// MQTT 5 user properties (empty over 3.1.1).
    pub user_properties: Vec<(String, String)>,
    /// MQTT 5 response topic.
    pub response_topic: Option<String>,
    /// MQTT 5 correlation data.
    pub correlation_data: Option<Bytes>,
    /// MQTT 5 content type.
    pub content_type: Option<String>,
}

impl Inbound {
    /// From an MQTT 5 PUBLISH.
    pub fn from_v5(packet: &PublishV5) -> Inbound {
        let properties = packet.properties.as_ref();
        Inbound {
            topic: packet.topic.clone(),
            payload: packet.payload.clone(),
            qos: packet.qos as u8,
            retain: packet.retain,
            user_properties: properties.map_or_else(Vec::new, |p| p.user_properties.clone()),
            response_topic: properties.and_then(|p| p.response_topic.clone()),
            correlation_data: properties.and_then(|p| p.correlation_data.clone()),
            content_type: properties.and_then(|p| p.content_type.clone()),
        }
    }

    /// From an MQTT 3.1.1 PUBLISH (no properties).
    pub fn from_v4(packet: &v4::Publish) -> Inbound {
        Inbound {
            topic: Bytes::from(packet.topic.clone().into_bytes()),
            payload: packet.payload.clone(),
            qos: packet.qos as u8,
            retain: packet.retain,
            user_properties: Vec::new(),
            response_topic: None,
            correlation_data: None,
            content_type: None,
        }
    }
}
