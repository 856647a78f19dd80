//! [`ClientOptions`] for rumqttc: the `MqttOptions` of its MQTT 3.1.1 client and of its
//! MQTT 5 client, from a server of the document.
//!
//! Public for its documentation only (it has no items of its own): what `ClientOptions`
//! builds for rumqttc.
//!
//! Both take the endpoint's host and port, the binding's `clientId` (else an empty one, for
//! which the broker assigns an id), `keepAlive`, `cleanSession` (clean start in MQTT 5),
//! `lastWill`, and the credentials. MQTT 5 also takes `sessionExpiryInterval` and
//! `maximumPacketSize` as connect properties; MQTT 3.1.1 has neither property, so there
//! `maximumPacketSize` becomes rumqttc's own limit on incoming and outgoing packets and
//! `sessionExpiryInterval` is not sent.
//!
//! The transport is rumqttc's default, plain TCP: for an `mqtts`/`wss` server (see
//! [`Endpoint::tls`]), or a server with an `X509` scheme, set a TLS transport with
//! `set_transport` (rumqttc's `use-rustls` or `use-native-tls` feature) before connecting;
//! for `ws`, rumqttc's `websocket` feature. Nothing secret comes from the document.
//!
//! A setting rumqttc would panic on is an error instead: a `keepAlive` under 5 seconds
//! (except 0) with MQTT 5, and `cleanSession: false` without a `clientId` with MQTT 3.1.1.

use crate::server::{ClientOptions, Credentials, Endpoint, Server, ServerError};
use std::time::Duration;

fn qos_v4(qos: u8) -> ::rumqttc::QoS {
    match qos {
        1 => ::rumqttc::QoS::AtLeastOnce,
        2 => ::rumqttc::QoS::ExactlyOnce,
        _ => ::rumqttc::QoS::AtMostOnce,
    }
}

fn qos_v5(qos: u8) -> ::rumqttc::v5::mqttbytes::QoS {
    match qos {
        1 => ::rumqttc::v5::mqttbytes::QoS::AtLeastOnce,
        2 => ::rumqttc::v5::mqttbytes::QoS::ExactlyOnce,
        _ => ::rumqttc::v5::mqttbytes::QoS::AtMostOnce,
    }
}

impl ClientOptions for ::rumqttc::MqttOptions {
    fn from_server(
        server: &Server,
        endpoint: &Endpoint,
        credentials: Option<&Credentials>,
    ) -> Result<Self, ServerError> {
        let b = &server.mqtt;
        let client_id = b.client_id.unwrap_or_default();
        let mut options =
            ::rumqttc::MqttOptions::new(client_id, endpoint.host.clone(), endpoint.port);
        if let Some(seconds) = b.keep_alive {
            options.set_keep_alive(Duration::from_secs(seconds));
        }
        if let Some(clean) = b.clean_session {
            if !clean && client_id.is_empty() {
                return Err(ServerError::Unsupported {
                    server: server.id,
                    problem: "`cleanSession: false` needs a `clientId` in MQTT 3.1.1; give one in the binding, or use MQTT 5".into(),
                });
            }
            options.set_clean_session(clean);
        }
        if let Some(will) = &b.last_will {
            options.set_last_will(::rumqttc::LastWill::new(
                will.topic,
                will.message,
                qos_v4(will.qos),
                will.retain,
            ));
        }
        if let Some(size) = b.maximum_packet_size {
            let size = usize::try_from(size).unwrap_or(usize::MAX);
            options.set_max_packet_size(size, size);
        }
        if let Some(c) = credentials {
            options.set_credentials(c.username.clone(), c.password.clone());
        }
        Ok(options)
    }
}

impl ClientOptions for ::rumqttc::v5::MqttOptions {
    fn from_server(
        server: &Server,
        endpoint: &Endpoint,
        credentials: Option<&Credentials>,
    ) -> Result<Self, ServerError> {
        let b = &server.mqtt;
        let mut options = ::rumqttc::v5::MqttOptions::new(
            b.client_id.unwrap_or_default(),
            endpoint.host.clone(),
            endpoint.port,
        );
        if let Some(seconds) = b.keep_alive {
            if seconds != 0 && seconds < 5 {
                return Err(ServerError::Unsupported {
                    server: server.id,
                    problem: format!("rumqttc's MQTT 5 client needs a `keepAlive` of 5 seconds or more, not {seconds}"),
                });
            }
            options.set_keep_alive(Duration::from_secs(seconds));
        }
        if let Some(clean) = b.clean_session {
            options.set_clean_start(clean);
        }
        if let Some(will) = &b.last_will {
            options.set_last_will(::rumqttc::v5::mqttbytes::v5::LastWill::new(
                will.topic,
                will.message,
                qos_v5(will.qos),
                will.retain,
                None,
            ));
        }
        if let Some(interval) = b.session_expiry_interval {
            options.set_session_expiry_interval(Some(interval));
        }
        if let Some(size) = b.maximum_packet_size {
            options.set_max_packet_size(Some(size));
        }
        if let Some(c) = credentials {
            options.set_credentials(c.username.clone(), c.password.clone());
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use crate::server::{
        ClientOptions, Credentials, LastWill, MqttBinding, Server, ServerError, Variable,
    };

    const SERVER: Server = Server {
        id: "fleet",
        protocol: "mqtt",
        host: "{host}:1884",
        pathname: None,
        protocol_version: None,
        variables: &[Variable {
            name: "host",
            default: Some("localhost"),
            allowed: &[],
        }],
        mqtt: MqttBinding {
            client_id: Some("device"),
            clean_session: Some(false),
            keep_alive: Some(30),
            last_will: Some(LastWill {
                topic: "fleet/offline",
                qos: 1,
                message: "gone",
                retain: true,
            }),
            session_expiry_interval: Some(120),
            maximum_packet_size: Some(65536),
        },
        security: &[],
    };

    fn credentials() -> Credentials {
        Credentials {
            username: "u".into(),
            password: "p".into(),
        }
    }

    #[test]
    fn v5_options_carry_the_binding() {
        let endpoint = SERVER.endpoint(&[]).unwrap();
        let o = ::rumqttc::v5::MqttOptions::from_server(&SERVER, &endpoint, Some(&credentials()))
            .unwrap();
        assert_eq!(o.broker_address(), ("localhost".to_string(), 1884));
        assert_eq!(o.client_id(), "device");
        assert!(!o.clean_start());
        assert_eq!(o.keep_alive().as_secs(), 30);
        assert_eq!(o.session_expiry_interval(), Some(120));
        assert_eq!(o.max_packet_size(), Some(65536));
        let will = o.last_will().unwrap();
        assert_eq!(
            (&will.topic[..], &will.message[..]),
            (&b"fleet/offline"[..], &b"gone"[..])
        );
        assert!(will.retain);
        let login = o.credentials().unwrap();
        assert_eq!(
            (login.username.as_str(), login.password.as_str()),
            ("u", "p")
        );
    }

    #[test]
    fn v4_options_carry_the_binding() {
        let endpoint = SERVER.endpoint(&[("host", Some("broker"))]).unwrap();
        let o = ::rumqttc::MqttOptions::from_server(&SERVER, &endpoint, None).unwrap();
        assert_eq!(o.broker_address(), ("broker".to_string(), 1884));
        assert!(!o.clean_session());
        assert_eq!(o.max_packet_size(), 65536);
        let will = o.last_will().unwrap();
        assert_eq!(will.topic, "fleet/offline");
        assert_eq!(will.qos, ::rumqttc::QoS::AtLeastOnce);
        assert!(o.credentials().is_none());
    }

    #[test]
    fn settings_rumqttc_would_panic_on_are_errors() {
        let mut server = SERVER;
        server.mqtt.keep_alive = Some(2);
        let endpoint = server.endpoint(&[]).unwrap();
        let err = ::rumqttc::v5::MqttOptions::from_server(&server, &endpoint, None).unwrap_err();
        assert!(matches!(err, ServerError::Unsupported { .. }), "{err}");
        server.mqtt.client_id = None;
        let err = ::rumqttc::MqttOptions::from_server(&server, &endpoint, None).unwrap_err();
        assert!(err.to_string().contains("cleanSession"), "{err}");
    }
}
