//! The typed Rust client (`asyncapi_codegen_runtime::mqtt::rumqttc`) against a real mosquitto,
//! with the types `asyncapi!` generates from `tests/fixtures/rust-mqtt/asyncapi.yaml`:
//!
//! - acknowledged publishes, MQTT 5 and 3.1.1: a QoS 1/2 publish stays pending while the
//!   broker is frozen (SIGSTOP) and resolves once it answers; a publish to a broker that is
//!   killed or was never there rejects within seconds; a refused publish (ACL, MQTT 5) is a
//!   typed error; headers over 3.1.1 are refused;
//! - shared subscriptions: three members of one group, 3,000 messages, each received exactly
//!   once across the group, every member gets some, parameters extracted from the real
//!   topic; after one member unsubscribes, it gets nothing more;
//! - request/reply: 200 concurrent requests each get their own reply (checked by content),
//!   a failing handler is reported and its requester times out with a typed error, an invalid
//!   request is reported and the replier goes on;
//! - after a broker restart (a new session without subscriptions), the driver subscribes
//!   again;
//! - wire hygiene (issue 12): every class of parameter value MQTT forbids in a topic (the
//!   shared table `tests/fixtures/topic-guard-cases.json`) is refused before anything is
//!   sent, in publishes, filters and share groups; payloads that are not UTF-8 are typed
//!   errors that say so;
//! - flow control: a 5,000-message QoS 2 burst on MQTT 5 and 3.1.1 (mosquitto at its default
//!   in-flight limit) resolves every publish and delivers each message exactly once.

use asyncapi_codegen_runtime::mqtt::rumqttc::{
    Client, HandleError, HandleOptions, Protocol, PublishError, PublishOptions, RequestError,
    RequestOptions, Response, SubscribeError, SubscribeOptions, REPLY_TOPIC_PREFIX, V311, V5,
};
use asyncapi_codegen_runtime::share::ShareError;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;
use workspace_tests::mosquitto::Mosquitto;

#[allow(missing_docs)]
mod contract {
    asyncapi_codegen_macros::asyncapi!(spec = "fixtures/rust-mqtt/asyncapi.yaml");
}

use contract::channels::{jobs, ping, traced};

/// Long enough for anything local; a hang fails the test instead of blocking it.
const STEP: Duration = Duration::from_secs(10);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn v5_options(id: &str, port: u16) -> rumqttc::v5::MqttOptions {
    let mut options = rumqttc::v5::MqttOptions::new(id, "127.0.0.1", port);
    options.set_keep_alive(Duration::from_secs(30));
    options
}

fn v311_options(id: &str, port: u16) -> rumqttc::MqttOptions {
    let mut options = rumqttc::MqttOptions::new(id, "127.0.0.1", port);
    options.set_keep_alive(Duration::from_secs(30));
    options
}

/// A connected client whose driver runs on the runtime, reconnecting quickly.
fn start<P: Protocol>(options: P::Options) -> Client<P> {
    let (client, mut driver) = Client::<P>::new(options, 64);
    driver.set_reconnect_delay(Duration::from_millis(200));
    tokio::spawn(driver.run());
    client
}

fn job(queue: &str) -> jobs::Parameters {
    jobs::Parameters {
        queue: queue.to_owned(),
    }
}

/// The publish semantics shared by both versions.
async fn publish_semantics<P: Protocol>(options: impl Fn(&str, u16) -> P::Options) {
    let broker = Mosquitto::start();
    let client = start::<P>(options("acker", broker.port()));
    let payload = contract::Job {
        n: 1,
        extra: Default::default(),
    };

    // Connected: QoS 1 resolves.
    tokio::time::timeout(
        STEP,
        client.publish::<jobs::mqtt::SendJob>(&job("a"), &payload, &Default::default()),
    )
    .await
    .expect("in time")
    .expect("QoS 1 publish");

    // Frozen broker: QoS 1 and 2 publishes are written but stay pending until it answers.
    for qos in [1, 2] {
        broker.pause();
        let publisher = client.clone();
        let pending = tokio::spawn(async move {
            let options = PublishOptions {
                qos: Some(qos),
                ..PublishOptions::default()
            };
            let sent = publisher
                .publish_with::<jobs::mqtt::SendJob>(
                    &job("a"),
                    &contract::Job {
                        n: 2,
                        extra: Default::default(),
                    },
                    &Default::default(),
                    options,
                )
                .await;
            (sent, Instant::now())
        });
        tokio::time::sleep(Duration::from_millis(700)).await;
        assert!(
            !pending.is_finished(),
            "QoS {qos}: the publish resolved while the broker could not acknowledge it"
        );
        let resumed = Instant::now();
        broker.resume();
        let (sent, settled) = tokio::time::timeout(STEP, pending)
            .await
            .expect("settled in time")
            .expect("task");
        sent.unwrap_or_else(|e| panic!("QoS {qos}: {e}"));
        assert!(
            settled >= resumed,
            "QoS {qos}: settled before the broker answered"
        );
    }

    // QoS 0 resolves once written, even while the broker is frozen.
    broker.pause();
    let qos0 = PublishOptions {
        qos: Some(0),
        ..PublishOptions::default()
    };
    tokio::time::timeout(
        STEP,
        client.publish_with::<jobs::mqtt::SendJob>(&job("a"), &payload, &Default::default(), qos0),
    )
    .await
    .expect("QoS 0 resolves without the broker")
    .expect("QoS 0 publish");

    // Killed while a QoS 1 publish waits: it rejects, typed, and does not hang.
    let publisher = client.clone();
    let pending = tokio::spawn(async move {
        publisher
            .publish::<jobs::mqtt::SendJob>(
                &job("a"),
                &contract::Job {
                    n: 3,
                    extra: Default::default(),
                },
                &Default::default(),
            )
            .await
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let port = broker.port();
    drop(broker);
    let lost = tokio::time::timeout(STEP, pending)
        .await
        .expect("rejected in time")
        .expect("task");
    assert!(
        matches!(lost, Err(PublishError::Disconnected { .. })),
        "{lost:?}"
    );

    // The broker is down now: a new publish rejects within a connection attempt.
    let started = Instant::now();
    let down = tokio::time::timeout(
        STEP,
        client.publish::<jobs::mqtt::SendJob>(&job("a"), &payload, &Default::default()),
    )
    .await
    .expect("a publish to a broker that is down must not hang");
    assert!(
        matches!(down, Err(PublishError::Disconnected { .. })),
        "{down:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );

    // A client that never reached a broker rejects too.
    let never = start::<P>(options("never", port));
    let refused = tokio::time::timeout(
        STEP,
        never.publish::<jobs::mqtt::SendJob>(&job("a"), &payload, &Default::default()),
    )
    .await
    .expect("must not hang");
    let message = refused.as_ref().map_err(ToString::to_string).unwrap_err();
    assert!(
        matches!(refused, Err(PublishError::Disconnected { .. })),
        "{message}"
    );
    assert!(message.contains("connection was lost"), "{message}");
}

#[test]
fn v5_publish_resolves_on_the_acknowledgement_and_rejects_when_the_broker_is_down() {
    runtime().block_on(publish_semantics::<V5>(v5_options));
}

#[test]
fn v311_publish_resolves_on_the_acknowledgement_and_rejects_when_the_broker_is_down() {
    runtime().block_on(publish_semantics::<V311>(v311_options));
}

#[test]
fn v5_refused_publishes_reject_with_the_reason_code() {
    let broker = Mosquitto::start_with_acl("topic deny jobs/secret\ntopic readwrite #\n");
    runtime().block_on(async {
        let client = start::<V5>(v5_options("refused", broker.port()));
        let refused = tokio::time::timeout(
            STEP,
            client.publish::<jobs::mqtt::SendJob>(
                &job("secret"),
                &contract::Job {
                    n: 1,
                    extra: Default::default(),
                },
                &Default::default(),
            ),
        )
        .await
        .expect("in time");
        match refused {
            Err(PublishError::Refused { reason }) => {
                assert!(reason.contains("NotAuthorized"), "{reason}")
            }
            other => panic!("expected a refusal, got {other:?}\n{}", broker.log()),
        }
        // The client goes on.
        client
            .publish::<jobs::mqtt::SendJob>(
                &job("open"),
                &contract::Job {
                    n: 2,
                    extra: Default::default(),
                },
                &Default::default(),
            )
            .await
            .expect("an allowed topic");
    });
}

#[test]
fn v311_refuses_headers_and_requests_but_carries_the_rest() {
    let broker = Mosquitto::start();
    runtime().block_on(async {
        let client = start::<V311>(v311_options("v311", broker.port()));
        let headers = contract::TracedHeaders {
            trace_id: "t-1".into(),
            extra: Default::default(),
        };
        let channel = traced::Parameters { id: "x".into() };
        let refused = client
            .publish::<traced::mqtt::SendTraced>(
                &channel,
                &contract::Traced {
                    n: Some(1),
                    extra: Default::default(),
                },
                &headers,
            )
            .await;
        let message = refused.as_ref().map_err(ToString::to_string).unwrap_err();
        assert!(matches!(refused, Err(PublishError::HeadersNeedMqtt5)));
        assert!(
            message.contains("headers need MQTT 5 user properties"),
            "{message}"
        );

        let request = client
            .request::<ping::mqtt::SendPing>(
                &ping::Parameters {
                    device_id: "d".into(),
                },
                &contract::Ping {
                    n: 1,
                    extra: Default::default(),
                },
                &Default::default(),
                RequestOptions::default(),
            )
            .await;
        assert!(
            matches!(request, Err(RequestError::NeedsMqtt5)),
            "{request:?}"
        );

        // Subscriptions and publishes without headers work over 3.1.1.
        let mut jobs_in = client
            .subscribe::<jobs::mqtt::ReceiveJob>(SubscribeOptions::default())
            .await
            .expect("subscribe");
        client
            .publish::<jobs::mqtt::SendJob>(
                &job("q"),
                &contract::Job {
                    n: 7,
                    extra: Default::default(),
                },
                &Default::default(),
            )
            .await
            .expect("publish");
        let received = tokio::time::timeout(STEP, jobs_in.next())
            .await
            .expect("in time")
            .expect("open")
            .expect("valid");
        assert_eq!(
            (received.parameters.queue.as_str(), received.payload.n),
            ("q", 7)
        );
    });
}

#[test]
fn a_share_group_receives_each_message_exactly_once() {
    const MESSAGES: i64 = 3_000;
    const QUEUES: [&str; 3] = ["a", "b", "c"];
    let broker = Mosquitto::start();
    runtime().block_on(async {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut members = Vec::new();
        for member in 0..3usize {
            let client = start::<V5>(v5_options(&format!("member-{member}"), broker.port()));
            let mut subscription = client
                .subscribe::<jobs::mqtt::ReceiveJob>(SubscribeOptions::shared("workers"))
                .await
                .expect("shared subscribe");
            assert_eq!(subscription.subscription(), "$share/workers/jobs/+");
            assert_eq!(subscription.filter(), "jobs/+");
            let tx = tx.clone();
            let task = tokio::spawn(async move {
                while let Some(received) = subscription.next().await {
                    let received = received.expect("valid job");
                    let _ = tx.send((member, received.payload.n, received.parameters.queue));
                }
            });
            members.push((client, task));
        }
        // Invalid group names are refused before anything is sent.
        for group in ["", "a/b", "a+", "#", "nul\0"] {
            let refused = members[0]
                .0
                .subscribe::<jobs::mqtt::ReceiveJob>(SubscribeOptions::shared(group))
                .await;
            assert!(
                matches!(refused, Err(SubscribeError::Share(_))),
                "{group:?}: {refused:?}"
            );
        }
        let refused = members[0]
            .0
            .subscribe::<jobs::mqtt::ReceiveJob>(SubscribeOptions::shared(""))
            .await;
        assert!(matches!(refused, Err(SubscribeError::Share(ShareError::Empty))));

        let publisher = start::<V5>(v5_options("publisher", broker.port()));
        let publish_all = |from: i64, to: i64| {
            let publisher = publisher.clone();
            async move {
                let mut sends = tokio::task::JoinSet::new();
                for n in from..to {
                    let publisher = publisher.clone();
                    sends.spawn(async move {
                        let queue = QUEUES[(n % 3) as usize];
                        publisher
                            .publish::<jobs::mqtt::SendJob>(
                                &job(queue),
                                &contract::Job { n, extra: Default::default() },
                                &Default::default(),
                            )
                            .await
                    });
                }
                while let Some(sent) = sends.join_next().await {
                    sent.expect("task").expect("acknowledged publish");
                }
            }
        };
        let started = Instant::now();
        publish_all(0, MESSAGES).await;
        let published = started.elapsed();

        let mut seen: HashMap<i64, usize> = HashMap::new();
        let mut per_member = [0usize; 3];
        let deadline = Instant::now() + STEP;
        while seen.len() < MESSAGES as usize {
            let (member, n, queue) = tokio::time::timeout_at(deadline.into(), rx.recv())
                .await
                .unwrap_or_else(|_| panic!("only {} of {MESSAGES} arrived", seen.len()))
                .expect("open");
            assert_eq!(queue, QUEUES[(n % 3) as usize], "parameters from the real topic");
            *seen.entry(n).or_default() += 1;
            per_member[member] += 1;
        }
        // Duplicates would arrive right behind; give them the chance.
        tokio::time::sleep(Duration::from_millis(500)).await;
        while let Ok((member, n, _)) = rx.try_recv() {
            *seen.entry(n).or_default() += 1;
            per_member[member] += 1;
        }
        assert!(seen.values().all(|&c| c == 1), "a message was delivered twice");
        assert_eq!(per_member.iter().sum::<usize>(), MESSAGES as usize);
        assert!(per_member.iter().all(|&c| c > 0), "{per_member:?}");
        println!(
            "shared subscription: {MESSAGES} acknowledged publishes in {published:?}, split {per_member:?}"
        );

        // Member 0 leaves the group: `$share/workers/jobs/+` goes, the others get everything.
        let (client0, task0) = members.remove(0);
        task0.abort();
        let _ = task0.await;
        let again = client0
            .subscribe::<jobs::mqtt::ReceiveJob>(SubscribeOptions::shared("workers"))
            .await
            .expect("rejoin");
        tokio::time::timeout(STEP, again.unsubscribe())
            .await
            .expect("in time")
            .expect("UNSUBACK");
        // A plain subscription on the same client is untouched by that unsubscribe.
        let mut plain = client0
            .subscribe::<jobs::mqtt::ReceiveJob>(SubscribeOptions {
                filter: Some("jobs/z".into()),
                ..SubscribeOptions::default()
            })
            .await
            .expect("plain subscribe");
        publish_all(MESSAGES, MESSAGES + 300).await;
        let mut rest = 0;
        while rest < 300 {
            let (member, _, _) = tokio::time::timeout(STEP, rx.recv())
                .await
                .expect("the remaining members get every message")
                .expect("open");
            assert_ne!(member, 0, "member 0 unsubscribed");
            rest += 1;
        }
        publisher
            .publish::<jobs::mqtt::SendJob>(&job("z"), &contract::Job { n: -1, extra: Default::default()  }, &Default::default())
            .await
            .expect("publish");
        let z = tokio::time::timeout(STEP, plain.next())
            .await
            .expect("the plain subscription still receives")
            .expect("open")
            .expect("valid");
        assert_eq!(z.payload.n, -1);
    });
}

#[test]
fn rust_requests_get_their_own_replies_from_a_rust_replier() {
    const REQUESTS: i64 = 200;
    let broker = Mosquitto::start();
    runtime().block_on(async {
        let replier = start::<V5>(v5_options("replier", broker.port()));
        let errors: Arc<Mutex<Vec<String>>> = Arc::default();
        let reported = Arc::clone(&errors);
        let handling = replier
            .handle::<ping::mqtt::AnswerPing, _, _, _>(
                HandleOptions::default(),
                |request| async move {
                    let n = request.payload.n;
                    if n < 0 {
                        return Err(format!("cannot answer {n}"));
                    }
                    // Out of order on purpose: later requests often finish first.
                    tokio::time::sleep(Duration::from_millis((n % 7) as u64 * 3)).await;
                    Ok(Response::new(contract::Pong {
                        n,
                        device_id: request.parameters.device_id,
                        extra: Default::default(),
                    }))
                },
                move |error| {
                    let kind = match &error {
                        HandleError::Handler { .. } => "handler",
                        HandleError::InvalidRequest(_) => "invalid",
                        HandleError::NoResponseTopic { .. } => "no-response-topic",
                        _ => "other",
                    };
                    reported.lock().unwrap().push(format!("{kind}: {error}"));
                },
            )
            .await
            .expect("replier subscribed");

        let requester = start::<V5>(v5_options("requester", broker.port()));
        let started = Instant::now();
        let mut requests = tokio::task::JoinSet::new();
        for n in 0..REQUESTS {
            let requester = requester.clone();
            requests.spawn(async move {
                let device = format!("dev-{}", n % 5);
                let reply = requester
                    .request::<ping::mqtt::SendPing>(
                        &ping::Parameters {
                            device_id: device.clone(),
                        },
                        &contract::Ping {
                            n,
                            extra: Default::default(),
                        },
                        &Default::default(),
                        RequestOptions::default(),
                    )
                    .await
                    .unwrap_or_else(|e| panic!("request {n}: {e}"));
                assert_eq!(
                    (reply.payload.n, reply.payload.device_id.as_str()),
                    (n, device.as_str()),
                    "request {n} got another request's reply"
                );
                assert!(
                    reply
                        .topic
                        .starts_with(&format!("{REPLY_TOPIC_PREFIX}requester/")),
                    "{}",
                    reply.topic
                );
            });
        }
        while let Some(done) = requests.join_next().await {
            done.expect("request task");
        }
        println!(
            "request/reply: {REQUESTS} concurrent requests answered in {:?}",
            started.elapsed()
        );

        // A handler error: reported, no reply, the requester times out with a typed error.
        let timeout = Duration::from_millis(800);
        let failed = requester
            .request::<ping::mqtt::SendPing>(
                &ping::Parameters {
                    device_id: "dev-x".into(),
                },
                &contract::Ping {
                    n: -5,
                    extra: Default::default(),
                },
                &Default::default(),
                RequestOptions {
                    timeout,
                    ..RequestOptions::default()
                },
            )
            .await;
        assert!(
            matches!(failed, Err(RequestError::Timeout(t)) if t == timeout),
            "{failed:?}"
        );

        // An invalid request (payload not a Ping) from a raw client: reported, no reply.
        let (raw, mut raw_loop) =
            rumqttc::v5::AsyncClient::new(v5_options("raw", broker.port()), 10);
        let raw_task = tokio::spawn(async move { while raw_loop.poll().await.is_ok() {} });
        let properties = rumqttc::v5::mqttbytes::v5::PublishProperties {
            response_topic: Some("raw/replies".into()),
            correlation_data: Some(b"raw-1".to_vec().into()),
            ..Default::default()
        };
        raw.publish_with_properties(
            "devices/dev-1/ping",
            rumqttc::v5::mqttbytes::QoS::AtLeastOnce,
            false,
            r#"{"n":"not a number"}"#,
            properties,
        )
        .await
        .expect("raw publish");

        // The replier goes on after both.
        let reply = requester
            .request::<ping::mqtt::SendPing>(
                &ping::Parameters {
                    device_id: "dev-1".into(),
                },
                &contract::Ping {
                    n: 42,
                    extra: Default::default(),
                },
                &Default::default(),
                RequestOptions::default(),
            )
            .await
            .expect("the replier still answers");
        assert_eq!(reply.payload.n, 42);
        let deadline = Instant::now() + STEP;
        loop {
            let seen = errors.lock().unwrap().clone();
            if seen.iter().any(|e| e.starts_with("invalid: ")) {
                assert!(
                    seen.iter()
                        .any(|e| e.starts_with("handler: ") && e.contains("cannot answer -5")),
                    "{seen:?}"
                );
                break;
            }
            assert!(Instant::now() < deadline, "not reported: {seen:?}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }

        // Without a replier: a timeout, not a hang.
        handling.stop().await.expect("replier stopped");
        let unanswered = requester
            .request::<ping::mqtt::SendPing>(
                &ping::Parameters {
                    device_id: "dev-1".into(),
                },
                &contract::Ping {
                    n: 1,
                    extra: Default::default(),
                },
                &Default::default(),
                RequestOptions {
                    timeout: Duration::from_millis(300),
                    ..RequestOptions::default()
                },
            )
            .await;
        assert!(
            matches!(unanswered, Err(RequestError::Timeout(_))),
            "{unanswered:?}"
        );
        raw_task.abort();
    });
}

#[test]
fn subscriptions_survive_a_broker_restart() {
    let mut broker = Mosquitto::start();
    runtime().block_on(async {
        let subscriber = start::<V5>(v5_options("survivor", broker.port()));
        let mut jobs_in = subscriber
            .subscribe::<jobs::mqtt::ReceiveJob>(SubscribeOptions::default())
            .await
            .expect("subscribe");
        let publisher = start::<V5>(v5_options("restart-publisher", broker.port()));
        broker.restart();
        // The broker forgot every subscription; the driver subscribes again on the new
        // session. Publish until the subscriber has it (both clients reconnect first).
        let deadline = Instant::now() + STEP;
        let received = loop {
            let _ = publisher
                .publish::<jobs::mqtt::SendJob>(
                    &job("r"),
                    &contract::Job {
                        n: 9,
                        extra: Default::default(),
                    },
                    &Default::default(),
                )
                .await;
            match tokio::time::timeout(Duration::from_millis(300), jobs_in.next()).await {
                Ok(Some(received)) => break received.expect("valid"),
                Ok(None) => panic!("the subscription closed"),
                Err(_) => assert!(Instant::now() < deadline, "nothing after the restart"),
            }
        };
        assert_eq!(received.payload.n, 9);
    });
}

/// A raw rumqttc MQTT 5 subscriber (not our client): the ground truth of what reached the
/// broker. Subscribes to `filter` at QoS 1 and sends each payload it receives.
async fn raw_subscriber(port: u16, id: &str, filter: &str) -> mpsc::UnboundedReceiver<Vec<u8>> {
    use rumqttc::v5::mqttbytes::v5::Packet;
    use rumqttc::v5::mqttbytes::QoS;
    use rumqttc::v5::{AsyncClient, Event};
    let (client, mut eventloop) = AsyncClient::new(v5_options(id, port), 64);
    client
        .subscribe(filter, QoS::AtLeastOnce)
        .await
        .expect("raw subscribe");
    let (tx, rx) = mpsc::unbounded_channel();
    let (subscribed_tx, subscribed) = tokio::sync::oneshot::channel();
    let mut subscribed_tx = Some(subscribed_tx);
    tokio::spawn(async move {
        // Keeps the client (and so the connection) alive as long as the task runs.
        let _client = client;
        while let Ok(event) = eventloop.poll().await {
            match event {
                Event::Incoming(Packet::SubAck(_)) => {
                    if let Some(tx) = subscribed_tx.take() {
                        let _ = tx.send(());
                    }
                }
                Event::Incoming(Packet::Publish(p)) if tx.send(p.payload.to_vec()).is_err() => {
                    break;
                }
                _ => {}
            }
        }
    });
    tokio::time::timeout(STEP, subscribed)
        .await
        .expect("SUBACK in time")
        .expect("raw subscriber running");
    rx
}

/// The topic guard table shared with the TypeScript client.
fn guard_cases() -> Vec<serde_json::Value> {
    let path = workspace_tests::workspace_root().join("tests/fixtures/topic-guard-cases.json");
    let text = std::fs::read_to_string(&path).expect("the topic guard table");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    doc["cases"].as_array().expect("cases").clone()
}

#[test]
fn forbidden_parameter_values_are_rejected_before_anything_is_sent() {
    let broker = Mosquitto::start();
    runtime().block_on(async {
        let mut seen = raw_subscriber(broker.port(), "guard-watch", "jobs/#").await;
        let v5 = start::<V5>(v5_options("guard-v5", broker.port()));
        let v311 = start::<V311>(v311_options("guard-v311", broker.port()));
        let mut classes = std::collections::BTreeSet::new();
        for case in guard_cases() {
            let expected = case["level"].as_str().expect("outcome");
            // Unpaired surrogates cannot be a Rust string (topic_guard.rs covers them).
            let Some(text) = case["text"].as_str() else {
                continue;
            };
            if expected == "ok" {
                continue;
            }
            let value =
                text.repeat(case.get("repeat").and_then(|r| r.as_u64()).unwrap_or(1) as usize);
            classes.insert(expected.to_owned());
            let payload = contract::Job {
                n: 1,
                extra: Default::default(),
            };
            let sent = v5
                .publish::<jobs::mqtt::SendJob>(&job(&value), &payload, &Default::default())
                .await;
            assert!(
                matches!(sent, Err(PublishError::Parameters(_))),
                "{}: {sent:?}",
                case["name"]
            );
            let sent = v311
                .publish::<jobs::mqtt::SendJob>(&job(&value), &payload, &Default::default())
                .await;
            assert!(
                matches!(sent, Err(PublishError::Parameters(_))),
                "{}: {sent:?}",
                case["name"]
            );
            let filter = SubscribeOptions {
                filter: Some(format!("jobs/{value}")),
                ..SubscribeOptions::default()
            };
            let refused = v5.subscribe::<jobs::mqtt::ReceiveJob>(filter).await;
            if matches!(expected, "control" | "noncharacter" | "too-long") {
                assert!(
                    matches!(refused, Err(SubscribeError::Filter { .. })),
                    "{}: {refused:?}",
                    case["name"]
                );
            }
            let refused = v5
                .subscribe::<jobs::mqtt::ReceiveJob>(SubscribeOptions::shared(value.clone()))
                .await;
            assert!(
                matches!(refused, Err(SubscribeError::Share(_))),
                "{}: {refused:?}",
                case["name"]
            );
        }
        for class in [
            "control",
            "noncharacter",
            "too-long",
            "empty",
            "slash",
            "wildcard",
        ] {
            assert!(classes.contains(class), "the table covers {class}");
        }
        // Both clients are still connected, and these are the only messages the broker got.
        v5.publish::<jobs::mqtt::SendJob>(
            &job("ok"),
            &contract::Job {
                n: 5,
                extra: Default::default(),
            },
            &Default::default(),
        )
        .await
        .expect("v5 still publishes");
        v311.publish::<jobs::mqtt::SendJob>(
            &job("ok"),
            &contract::Job {
                n: 311,
                extra: Default::default(),
            },
            &Default::default(),
        )
        .await
        .expect("v3.1.1 still publishes");
        let mut got = Vec::new();
        for _ in 0..2 {
            let payload = tokio::time::timeout(STEP, seen.recv())
                .await
                .expect("in time")
                .expect("raw subscriber");
            got.push(String::from_utf8(payload).expect("UTF-8"));
        }
        got.sort();
        assert_eq!(
            got,
            [r#"{"n":311}"#, r#"{"n":5}"#],
            "nothing else reached the broker"
        );
    });
}

#[test]
fn invalid_utf8_payloads_are_rejected_and_named() {
    let broker = Mosquitto::start();
    runtime().block_on(async {
        let client = start::<V5>(v5_options("utf8", broker.port()));
        let mut jobs_in = client
            .subscribe::<jobs::mqtt::ReceiveJob>(SubscribeOptions::default())
            .await
            .expect("subscribe");
        // Lone continuation byte, overlong encoding, a UTF-16 surrogate in UTF-8 form.
        for bad in [
            &b"{\"n\":1,\"s\":\"\x80\"}"[..],
            b"{\"n\":1,\"s\":\"\xc0\xaf\"}",
            b"{\"n\":1,\"s\":\"\xed\xa0\x80\"}",
        ] {
            client
                .publish_raw("jobs/u", 1, false, bad.to_vec())
                .await
                .expect("raw publish");
            let received = tokio::time::timeout(STEP, jobs_in.next())
                .await
                .expect("in time")
                .expect("open");
            let error = received.expect_err("invalid UTF-8 is not a job");
            assert!(error.to_string().contains("is not valid UTF-8"), "{error}");
        }
        client
            .publish_raw("jobs/u", 1, false, br#"{"n":7,"s":"\u00e9 ok"}"#.to_vec())
            .await
            .expect("raw publish");
        let received = tokio::time::timeout(STEP, jobs_in.next())
            .await
            .expect("in time")
            .expect("open")
            .expect("valid job");
        assert_eq!(received.payload.n, 7);
    });
}

/// 5,000 QoS 2 publishes at once, through the default in-flight limit, with mosquitto at its
/// default `max_inflight_messages` (20): every one resolves and the raw subscriber gets each
/// exactly once.
async fn burst<P: Protocol>(port: u16, options: P::Options, label: &str) -> Duration {
    const MESSAGES: i64 = 5_000;
    let queue = format!("burst-{label}");
    let mut seen = raw_subscriber(port, &format!("watch-{label}"), &format!("jobs/{queue}")).await;
    let client = start::<P>(options);
    let started = Instant::now();
    let mut sends = tokio::task::JoinSet::new();
    for n in 0..MESSAGES {
        let client = client.clone();
        let queue = queue.clone();
        sends.spawn(async move {
            let options = PublishOptions {
                qos: Some(2),
                ..PublishOptions::default()
            };
            client
                .publish_with::<jobs::mqtt::SendJob>(
                    &job(&queue),
                    &contract::Job {
                        n,
                        extra: Default::default(),
                    },
                    &Default::default(),
                    options,
                )
                .await
        });
    }
    let mut rejected = Vec::new();
    while let Some(sent) = tokio::time::timeout(Duration::from_secs(120), sends.join_next())
        .await
        .expect("the burst settles")
    {
        if let Err(error) = sent.expect("task") {
            rejected.push(error.to_string());
        }
    }
    let elapsed = started.elapsed();
    assert!(
        rejected.is_empty(),
        "{label}: {} rejected, first: {:?}",
        rejected.len(),
        rejected.first()
    );
    let mut counts: HashMap<i64, usize> = HashMap::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while counts.len() < MESSAGES as usize && Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_secs(5), seen.recv()).await {
            Ok(Some(payload)) => {
                let job: serde_json::Value = serde_json::from_slice(&payload).expect("JSON");
                *counts.entry(job["n"].as_i64().expect("n")).or_default() += 1;
            }
            _ => break,
        }
    }
    // Anything still coming would be a duplicate.
    while let Ok(Some(payload)) =
        tokio::time::timeout(Duration::from_millis(300), seen.recv()).await
    {
        let job: serde_json::Value = serde_json::from_slice(&payload).expect("JSON");
        *counts.entry(job["n"].as_i64().expect("n")).or_default() += 1;
    }
    let lost = (0..MESSAGES).filter(|n| !counts.contains_key(n)).count();
    let duplicated = counts.values().filter(|c| **c > 1).count();
    assert_eq!(
        (lost, duplicated),
        (0, 0),
        "{label}: resolved but lost, or delivered twice"
    );
    eprintln!(
        "{label}: {MESSAGES} QoS 2 publishes resolved and delivered exactly once in {elapsed:?}"
    );
    elapsed
}

#[test]
fn a_qos2_burst_is_delivered_exactly_once_on_mqtt5_and_mqtt311() {
    let broker = Mosquitto::start();
    runtime().block_on(async {
        burst::<V5>(broker.port(), v5_options("burst-v5", broker.port()), "v5").await;
        burst::<V311>(
            broker.port(),
            v311_options("burst-v311", broker.port()),
            "v311",
        )
        .await;
    });
}
