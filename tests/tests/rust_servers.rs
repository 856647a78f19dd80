//! Connecting from the document (issue 11 §2), Rust side: the `servers` module that
//! `asyncapi!` generates from `tests/fixtures/servers/asyncapi.yaml`, against a mosquitto
//! that admits only the users of its password file.
//!
//! The generated `options` make rumqttc `MqttOptions` for MQTT 5 and 3.1.1 that carry the
//! binding (client id, keep-alive, last will, session expiry, packet size) and the
//! credentials the `userPassword` scheme asks for; they connect, a wrong password is
//! refused, and when the connection drops without a DISCONNECT the broker publishes the will.

#![allow(missing_docs)]

use asyncapi_codegen_runtime::server::{Credentials, ServerError};
use std::time::Duration;
use workspace_tests::mosquitto::Mosquitto;

asyncapi_codegen_macros::asyncapi!(spec = "fixtures/servers/asyncapi.yaml");

use servers::production_eu;

const USER: &str = "fleet-device";
const PASSWORD: &str = "correct horse battery staple";
const WILL_TOPIC: &str = "fleet/status/offline";

fn credentials(password: &str) -> Credentials {
    Credentials {
        username: USER.into(),
        password: password.into(),
    }
}

fn variables(broker: &Mosquitto) -> production_eu::Variables {
    production_eu::Variables {
        port: Some(broker.port().to_string()),
        ..Default::default()
    }
}

/// Polls until the CONNACK: `Ok` when accepted, else the error the event loop reports.
async fn connack_v5(eventloop: &mut rumqttc::v5::EventLoop) -> Result<(), String> {
    use rumqttc::v5::mqttbytes::v5::{ConnectReturnCode, Packet};
    use rumqttc::v5::Event;
    loop {
        match tokio::time::timeout(Duration::from_secs(10), eventloop.poll()).await {
            Err(_) => return Err("no CONNACK within 10 s".into()),
            Ok(Err(e)) => return Err(e.to_string()),
            Ok(Ok(Event::Incoming(Packet::ConnAck(ack)))) => {
                return match ack.code {
                    ConnectReturnCode::Success => Ok(()),
                    code => Err(format!("{code:?}")),
                }
            }
            Ok(Ok(_)) => {}
        }
    }
}

async fn connack_v4(eventloop: &mut rumqttc::EventLoop) -> Result<(), String> {
    use rumqttc::{ConnectReturnCode, Event, Packet};
    loop {
        match tokio::time::timeout(Duration::from_secs(10), eventloop.poll()).await {
            Err(_) => return Err("no CONNACK within 10 s".into()),
            Ok(Err(e)) => return Err(e.to_string()),
            Ok(Ok(Event::Incoming(Packet::ConnAck(ack)))) => {
                return match ack.code {
                    ConnectReturnCode::Success => Ok(()),
                    code => Err(format!("{code:?}")),
                }
            }
            Ok(Ok(_)) => {}
        }
    }
}

#[test]
fn the_url_comes_from_the_variables() {
    let defaults = production_eu::Variables::default();
    assert_eq!(
        production_eu::url(&defaults).unwrap(),
        "mqtt://127.0.0.1:1883"
    );
    let staging = servers::staging::Variables {
        region: Some("us".into()),
        ..Default::default()
    };
    assert_eq!(
        servers::staging::url(&staging).unwrap(),
        "wss://staging-us.example.com:443/mqtt"
    );
    let mars = servers::staging::Variables {
        region: Some("mars".into()),
        ..Default::default()
    };
    assert!(matches!(
        servers::staging::url(&mars),
        Err(ServerError::NotAllowed { .. })
    ));
    let evil = production_eu::Variables {
        host: Some("evil.example/x".into()),
        ..Default::default()
    };
    assert!(matches!(
        production_eu::url(&evil),
        Err(ServerError::Forbidden { .. })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v5_options_connect_with_credentials_and_the_will_is_delivered() {
    let broker = Mosquitto::start_with_passwords(&[(USER, PASSWORD)]);
    let vars = variables(&broker);
    assert_eq!(
        production_eu::url(&vars).unwrap(),
        format!("mqtt://127.0.0.1:{}", broker.port())
    );

    let options: rumqttc::v5::MqttOptions =
        production_eu::options(&vars, &credentials(PASSWORD)).unwrap();
    assert_eq!(
        options.broker_address(),
        ("127.0.0.1".to_string(), broker.port())
    );
    assert_eq!(options.client_id(), "fleet-device");
    assert_eq!(options.keep_alive(), Duration::from_secs(30));
    assert!(options.clean_start());
    assert_eq!(options.session_expiry_interval(), Some(120));
    assert_eq!(options.max_packet_size(), Some(65536));
    let will = options.last_will().expect("the binding's last will");
    assert_eq!(&will.topic[..], WILL_TOPIC.as_bytes());
    assert_eq!(&will.message[..], br#"{"online":false}"#);
    assert_eq!(will.qos, rumqttc::v5::mqttbytes::QoS::AtLeastOnce);
    assert!(!will.retain);

    // A wrong password: the broker refuses the same options.
    let mut wrong: rumqttc::v5::MqttOptions =
        production_eu::options(&vars, &credentials("wrong")).unwrap();
    wrong.set_client_id("fleet-wrong-v5".into());
    let (_client, mut eventloop) = rumqttc::v5::AsyncClient::new(wrong, 10);
    let refused = connack_v5(&mut eventloop).await;
    assert!(refused.is_err(), "a wrong password was accepted");

    // A raw observer (anonymous clients are refused, so it logs in too).
    let mut observer = rumqttc::MqttOptions::new("observer-v5", "127.0.0.1", broker.port());
    observer.set_credentials(USER, PASSWORD);
    let (observer, mut observer_loop) = rumqttc::AsyncClient::new(observer, 10);
    connack_v4(&mut observer_loop)
        .await
        .expect("observer connects");
    observer
        .subscribe(WILL_TOPIC, rumqttc::QoS::AtLeastOnce)
        .await
        .unwrap();
    loop {
        if let rumqttc::Event::Incoming(rumqttc::Packet::SubAck(_)) =
            observer_loop.poll().await.unwrap()
        {
            break;
        }
    }

    // The device connects with the generated options, then its connection drops without a
    // DISCONNECT: dropping the event loop closes the socket.
    let mut device = options;
    device.set_client_id("fleet-device-v5".into());
    let (device_client, mut device_loop) = rumqttc::v5::AsyncClient::new(device, 10);
    connack_v5(&mut device_loop).await.unwrap_or_else(|e| {
        panic!(
            "the generated options do not connect: {e}\n{}",
            broker.log()
        )
    });
    drop(device_loop);
    drop(device_client);

    let packet = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            if let rumqttc::Event::Incoming(rumqttc::Packet::Publish(p)) =
                observer_loop.poll().await.unwrap()
            {
                return p;
            }
        }
    })
    .await
    .expect("the will within 10 s");
    assert_eq!(packet.topic, WILL_TOPIC);
    assert_eq!(&packet.payload[..], br#"{"online":false}"#);
    assert_eq!(packet.qos, rumqttc::QoS::AtLeastOnce);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v3_1_1_options_connect_with_credentials_and_carry_the_will() {
    let broker = Mosquitto::start_with_passwords(&[(USER, PASSWORD)]);
    let vars = variables(&broker);
    let mut options: rumqttc::MqttOptions =
        production_eu::options(&vars, &credentials(PASSWORD)).unwrap();
    assert_eq!(
        options.broker_address(),
        ("127.0.0.1".to_string(), broker.port())
    );
    assert_eq!(options.client_id(), "fleet-device");
    assert_eq!(options.keep_alive(), Duration::from_secs(30));
    assert!(options.clean_session());
    assert_eq!(options.max_packet_size(), 65536);
    let will = options.last_will().expect("the binding's last will");
    assert_eq!(will.topic, WILL_TOPIC);
    assert_eq!(&will.message[..], br#"{"online":false}"#);
    assert_eq!(will.qos, rumqttc::QoS::AtLeastOnce);
    let login = options.credentials().expect("credentials");
    assert_eq!(
        (login.username.as_str(), login.password.as_str()),
        (USER, PASSWORD)
    );

    options.set_client_id("fleet-device-v4".into());
    let (_client, mut eventloop) = rumqttc::AsyncClient::new(options, 10);
    connack_v4(&mut eventloop).await.unwrap_or_else(|e| {
        panic!(
            "the generated options do not connect: {e}\n{}",
            broker.log()
        )
    });

    let mut wrong: rumqttc::MqttOptions =
        production_eu::options(&vars, &credentials("wrong")).unwrap();
    wrong.set_client_id("fleet-wrong-v4".into());
    let (_client, mut eventloop) = rumqttc::AsyncClient::new(wrong, 10);
    assert!(
        connack_v4(&mut eventloop).await.is_err(),
        "a wrong password was accepted"
    );
}
