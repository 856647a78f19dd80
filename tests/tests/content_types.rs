//! Payloads by content type (issue 9 §4), against a real mosquitto, with
//! `tests/fixtures/content-types/asyncapi.yaml`: raw UTF-8 text (`text/*`), raw bytes
//! (`application/octet-stream`, `format: binary`) and JSON, in both directions:
//!
//! - the generated TypeScript client → a plain `mosquitto_sub`: exactly the bytes a device
//!   would send (text without JSON quotes, bytes as they are, JSON text), with the MQTT 5
//!   content type; what it refuses before sending (schema constraints of text, unpaired
//!   surrogates, wrong JavaScript types) never reaches the broker;
//! - a plain `mosquitto_pub` → the TypeScript client: typed values (`Uint8Array` for bytes),
//!   and invalid UTF-8, text outside the schema and undeclared properties of a closed
//!   schema reported to `onError`;
//! - Rust (`asyncapi!` types over the rumqttc helpers) → TypeScript, and TypeScript → Rust,
//!   for every kind; invalid UTF-8 text is a typed error in Rust too.
//!
//! It also checks issue 12 §5 on the wire: a TypeScript payload class keeps the properties
//! its schema allows but does not declare, in their order, from `unmarshal` to the broker,
//! and an object with undeclared properties comes out of a TypeScript → broker → Rust →
//! broker → TypeScript trip byte-equal.

use asyncapi_codegen_core::emit::typescript::TypeScriptOptions;
use asyncapi_codegen_runtime::mqtt::rumqttc::{
    Client, ReceiveErrorKind, SubscribeOptions, Subscription, V5,
};
use asyncapi_codegen_runtime::mqtt::{NoHeaders, ReceiveMessage};
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use workspace_tests::child_lines::stdout_lines;
use workspace_tests::mosquitto::Mosquitto;
use workspace_tests::mosquitto_clients::{publish_raw, RawMessage, RawSubscriber};
use workspace_tests::node::{self, TypeScript};
use workspace_tests::ts_project::{fixture, TsProject};

#[allow(missing_docs)]
mod contract {
    asyncapi_codegen_macros::asyncapi!(spec = "fixtures/content-types/asyncapi.yaml");
}

use contract::channels::{firmware, log, note, reading, snapshot, state, strict_reading};

/// Long enough for anything local; a hang fails the test instead of blocking it.
const STEP: Duration = Duration::from_secs(10);

const LOG_TEXT: &str = "héllo wörld ✓ \"quoted\"";
const FIRMWARE: [u8; 7] = [0, 1, 2, 0xff, 0xfe, 0x80, 0x7b];
const SNAPSHOT: [u8; 5] = [0x89, 0x50, 0x4e, 0x47, 0x00];
/// A reading with properties its schema allows but does not declare, in a non-schema order.
const OPEN_READING: &str = r#"{"zeta":[1,2],"celsius":1,"alpha":{"x":null}}"#;

/// The compiled TypeScript side: `dist/wire.js` next to the generated client, in
/// `tests/ts/out/<name>` (one per test: the tests run in parallel).
fn typescript_project(name: &str) -> TsProject {
    let project = TsProject::fresh(name);
    project.package_json(".", "module");
    project.generate(
        &fixture("content-types/asyncapi.yaml"),
        "src/__gen__",
        &TypeScriptOptions::default(),
    );
    project.copy_test_dir("content-types", "src");
    let emit = project.tsconfig(
        "tsconfig.json",
        "tsconfig.nodenext.json",
        json!({ "rootDir": "src", "outDir": "dist" }),
        &["src"],
    );
    node::tsc_project(TypeScript::V5_9, &emit);
    project
}

/// `node dist/wire.js <args>`, its stdout read line by line as JSON; killed on drop.
struct Wire {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Wire {
    fn start(project: &TsProject, broker: &Mosquitto, args: &[&str]) -> Wire {
        let mut child = Command::new(node::node())
            .arg(project.path("dist/wire.js"))
            .args(args)
            .current_dir(project.dir())
            .env("MQTT_URL", broker.url())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start node");
        let lines = stdout_lines(&mut child);
        Wire { child, lines }
    }

    /// The next line, as JSON.
    fn next(&self) -> Value {
        let line = self
            .lines
            .recv_timeout(STEP)
            .expect("the TypeScript side printed nothing in time");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
    }

    /// Waits for `{"kind":"ready"}` (subscriptions made), skipping nothing.
    fn ready(&self) {
        assert_eq!(self.next(), json!({ "kind": "ready" }));
    }

    /// The next `n` lines.
    fn take(&self, n: usize) -> Vec<Value> {
        (0..n).map(|_| self.next()).collect()
    }

    /// Waits for a clean exit.
    fn finish(mut self) {
        let deadline = std::time::Instant::now() + STEP;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for node") {
                assert!(status.success(), "node exited with {status}");
                return;
            }
            assert!(std::time::Instant::now() < deadline, "node did not exit");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Wire {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn raw(topic: &str, payload: &[u8], content_type: Option<&str>) -> RawMessage {
    RawMessage {
        topic: topic.to_owned(),
        payload: payload.to_vec(),
        content_type: content_type.map(str::to_owned),
    }
}

/// What `wire.js send` publishes, as `mosquitto_sub` sees it, in order.
fn sent_by_typescript() -> Vec<RawMessage> {
    vec![
        raw(
            "devices/d1/log",
            LOG_TEXT.as_bytes(),
            Some("text/plain; charset=utf-8"),
        ),
        raw("devices/d1/state", b"off", Some("text/plain")),
        raw("notes", b"# title\nline two", Some("text/markdown")),
        raw(
            "devices/d1/firmware",
            &FIRMWARE,
            Some("application/octet-stream"),
        ),
        raw(
            "devices/d1/snapshot",
            &SNAPSHOT,
            Some("application/octet-stream"),
        ),
        raw(
            "devices/d1/reading",
            br#"{"celsius":21.5,"unit":"C"}"#,
            Some("application/json"),
        ),
        raw(
            "devices/d1/reading",
            OPEN_READING.as_bytes(),
            Some("application/json"),
        ),
        raw(
            "devices/d1/strict",
            br#"{"celsius":3}"#,
            Some("application/vnd.example.reading+json"),
        ),
    ]
}

/// The TypeScript client's lines for what `device` publishes.
fn received_by_typescript() -> Vec<Value> {
    vec![
        json!({ "kind": "log", "value": LOG_TEXT, "contentType": "text/plain; charset=utf-8" }),
        json!({ "kind": "state", "value": "on", "contentType": "text/plain" }),
        json!({ "kind": "note", "value": "plain ✓", "contentType": "text/markdown" }),
        json!({ "kind": "firmware", "hex": "000102fffe807b", "isUint8Array": true, "contentType": "application/octet-stream" }),
        json!({ "kind": "snapshot", "hex": "89504e4700", "contentType": "application/octet-stream" }),
        json!({ "kind": "reading", "json": OPEN_READING, "celsius": 1, "contentType": "application/json" }),
        json!({ "kind": "strictReading", "json": r#"{"celsius":3}"#, "contentType": "application/vnd.example.reading+json" }),
    ]
}

#[test]
fn raw_mqtt_clients_and_typescript_exchange_the_exact_bytes() {
    let project = typescript_project("content-types-raw");
    let broker = Mosquitto::start();

    // TypeScript → mosquitto_sub.
    let sub = RawSubscriber::start(&broker, &["devices/#", "notes"]);
    let sender = Wire::start(&project, &broker, &["send"]);
    let refused = sender.take(6);
    assert_eq!(sender.next(), json!({ "kind": "sent" }));
    sender.finish();
    let labels: Vec<&str> = refused
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "empty log line",
            "unpaired surrogate",
            "state outside the enum",
            "text for bytes",
            "number for text",
            "undeclared property on a closed schema"
        ]
    );
    let errors: Vec<&str> = refused
        .iter()
        .map(|r| r["error"].as_str().unwrap())
        .collect();
    assert!(
        errors[0].contains("must be at least 1 character long"),
        "{errors:?}"
    );
    assert!(errors[1].contains("unpaired surrogate"), "{errors:?}");
    assert!(errors[3].contains("must be a Uint8Array"), "{errors:?}");
    for expected in sent_by_typescript() {
        let got = sub.next(STEP).expect("mosquitto_sub received nothing");
        assert_eq!(
            got,
            expected,
            "as text: {}",
            String::from_utf8_lossy(&got.payload)
        );
    }
    // Nothing refused was sent.
    assert_eq!(sub.next(Duration::from_millis(300)), None);
    drop(sub);

    // mosquitto_pub → TypeScript: valid messages first, then invalid ones (to onError).
    let receiver = Wire::start(&project, &broker, &["receive", "11"]);
    receiver.ready();
    let text = Some("text/plain; charset=utf-8");
    publish_raw(&broker, "devices/d1/log", LOG_TEXT.as_bytes(), text);
    publish_raw(&broker, "devices/d1/state", b"on", Some("text/plain"));
    publish_raw(
        &broker,
        "notes",
        "plain ✓".as_bytes(),
        Some("text/markdown"),
    );
    let octets = Some("application/octet-stream");
    publish_raw(&broker, "devices/d1/firmware", &FIRMWARE, octets);
    publish_raw(&broker, "devices/d1/snapshot", &SNAPSHOT, octets);
    publish_raw(
        &broker,
        "devices/d1/reading",
        OPEN_READING.as_bytes(),
        Some("application/json"),
    );
    let vnd = Some("application/vnd.example.reading+json");
    publish_raw(&broker, "devices/d1/strict", br#"{"celsius":3}"#, vnd);
    assert_eq!(receiver.take(7), received_by_typescript());
    publish_raw(&broker, "devices/d1/log", b"bad \xff\xfe bytes", text);
    publish_raw(&broker, "devices/d1/log", &[b'x'; 65], text);
    publish_raw(&broker, "devices/d1/state", b"\"on\"", Some("text/plain"));
    publish_raw(
        &broker,
        "devices/d1/strict",
        br#"{"celsius":3,"extra":1}"#,
        vnd,
    );
    let failures = receiver.take(4);
    receiver.finish();
    let expect = [
        ("log", "$: is not valid UTF-8"),
        ("log", "must be at most 64 characters long"),
        ("state", "must be one of"),
        ("strictReading", "$.extra"),
    ];
    for (failure, (kind, text)) in failures.iter().zip(expect) {
        assert_eq!(failure["kind"], kind, "{failure}");
        let error = failure["error"].as_str().unwrap_or_default();
        assert!(
            error.contains(text),
            "{kind}: {error} does not say {text:?}"
        );
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime")
}

fn client(id: &str, broker: &Mosquitto) -> Client<V5> {
    let options = rumqttc::v5::MqttOptions::new(id, "127.0.0.1", broker.port());
    let (client, driver) = Client::<V5>::new(options, 64);
    tokio::spawn(driver.run());
    client
}

fn d1() -> String {
    "d1".to_owned()
}

/// The next valid message of `subscription`.
async fn next<M: ReceiveMessage>(subscription: &mut Subscription<V5, M>) -> M::Payload
where
    M::Payload: serde::de::DeserializeOwned,
    M::Headers: serde::de::DeserializeOwned + serde::Serialize,
{
    let received = tokio::time::timeout(STEP, subscription.next())
        .await
        .expect("Rust received nothing in time")
        .expect("the driver stopped");
    received.unwrap_or_else(|e| panic!("{e}")).payload
}

#[test]
fn rust_and_typescript_exchange_every_kind() {
    let project = typescript_project("content-types-rust");
    let broker = Mosquitto::start();
    runtime().block_on(async {
        // Rust → TypeScript.
        let receiver = Wire::start(&project, &broker, &["receive", "7"]);
        receiver.ready();
        let rust = client("rust-sender", &broker);
        let h = &NoHeaders;
        rust.publish::<log::mqtt::SendLog>(
            &log::Parameters { device_id: d1() },
            &LOG_TEXT.to_owned(),
            h,
        )
        .await
        .expect("publish log");
        rust.publish::<state::mqtt::SendState>(
            &state::Parameters { device_id: d1() },
            &contract::PowerState::On,
            h,
        )
        .await
        .expect("publish state");
        rust.publish::<note::mqtt::SendNote>(&note::Parameters {}, &"plain ✓".to_owned(), h)
            .await
            .expect("publish note");
        rust.publish::<firmware::mqtt::SendFirmware>(
            &firmware::Parameters { device_id: d1() },
            &FIRMWARE.to_vec(),
            h,
        )
        .await
        .expect("publish firmware");
        rust.publish::<snapshot::mqtt::SendSnapshot>(
            &snapshot::Parameters { device_id: d1() },
            &SNAPSHOT.to_vec(),
            h,
        )
        .await
        .expect("publish snapshot");
        let typed = contract::Reading {
            celsius: 21.5,
            unit: Some(contract::ReadingUnit::C),
            extra: Default::default(),
        };
        rust.publish::<reading::mqtt::SendReading>(
            &reading::Parameters { device_id: d1() },
            &typed,
            h,
        )
        .await
        .expect("publish reading");
        let strict = contract::StrictReading { celsius: 3.0 };
        rust.publish::<strict_reading::mqtt::SendStrictReading>(
            &strict_reading::Parameters { device_id: d1() },
            &strict,
            h,
        )
        .await
        .expect("publish strict reading");
        let mut expected = received_by_typescript();
        expected[5]["json"] = json!(r#"{"celsius":21.5,"unit":"C"}"#);
        expected[5]["celsius"] = json!(21.5);
        assert_eq!(receiver.take(7), expected);
        receiver.finish();

        // TypeScript → Rust.
        let listener = client("rust-receiver", &broker);
        let all = SubscribeOptions::default;
        let mut logs = listener
            .subscribe::<log::mqtt::ReceiveLog>(all())
            .await
            .expect("subscribe");
        let mut states = listener
            .subscribe::<state::mqtt::ReceiveState>(all())
            .await
            .expect("subscribe");
        let mut notes = listener
            .subscribe::<note::mqtt::ReceiveNote>(all())
            .await
            .expect("subscribe");
        let mut firmwares = listener
            .subscribe::<firmware::mqtt::ReceiveFirmware>(all())
            .await
            .expect("subscribe");
        let mut snapshots = listener
            .subscribe::<snapshot::mqtt::ReceiveSnapshot>(all())
            .await
            .expect("subscribe");
        let mut readings = listener
            .subscribe::<reading::mqtt::ReceiveReading>(all())
            .await
            .expect("subscribe");
        let mut stricts = listener
            .subscribe::<strict_reading::mqtt::ReceiveStrictReading>(all())
            .await
            .expect("subscribe");
        let sender = Wire::start(&project, &broker, &["send"]);
        assert_eq!(next(&mut logs).await, LOG_TEXT);
        assert_eq!(next(&mut states).await, contract::PowerState::Off);
        assert_eq!(next(&mut notes).await, "# title\nline two");
        assert_eq!(next(&mut firmwares).await, FIRMWARE.to_vec());
        assert_eq!(next(&mut snapshots).await, SNAPSHOT.to_vec());
        let first = next(&mut readings).await;
        assert_eq!(
            (first.celsius, first.unit),
            (21.5, Some(contract::ReadingUnit::C))
        );
        assert_eq!(next(&mut readings).await.celsius, 1.0);
        assert_eq!(
            next(&mut stricts).await,
            contract::StrictReading { celsius: 3.0 }
        );
        tokio::task::spawn_blocking(move || {
            let _ = sender.take(6);
            assert_eq!(sender.next(), json!({ "kind": "sent" }));
            sender.finish();
        })
        .await
        .expect("the TypeScript sender");

        // Invalid UTF-8 in a text payload is a typed error in Rust too.
        publish_raw(&broker, "devices/d1/log", b"bad \xff", Some("text/plain"));
        let error = tokio::time::timeout(STEP, logs.next())
            .await
            .expect("in time")
            .expect("driver")
            .expect_err("invalid UTF-8 is an error");
        assert!(
            matches!(
                error.kind,
                ReceiveErrorKind::PayloadNotUtf8 { valid_up_to: 4 }
            ),
            "{error}"
        );
        assert!(error.to_string().contains("not valid UTF-8"), "{error}");
    });
}

/// Issue 12 §5: undeclared properties survive a trip through both languages. TypeScript
/// publishes `Reading.unmarshal(text)` for device d1; Rust decodes it (its generated
/// `Reading` keeps them in its flattened map, in order) and publishes the same value for d2;
/// TypeScript decodes that and marshals it: the bytes are the text it started from.
#[test]
fn undeclared_properties_survive_typescript_rust_typescript() {
    // Declared properties first, in schema order (as both sides write them), then undeclared
    // ones of every JSON type, nested, non-ASCII; `celsius` is not integral, since Rust writes
    // an integral `f64` as `1.0` where JavaScript writes `1` (equal as JSON, not as bytes).
    const TEXT: &str = r#"{"celsius":21.5,"unit":"C","zeta":[1,2.5,"x",true,null],"alpha":{"x":null,"é":"✓","n":{"deep":[{}]}},"count":7}"#;
    let project = typescript_project("content-types-relay");
    let broker = Mosquitto::start();
    runtime().block_on(async {
        let rust = client("rust-relay", &broker);
        let mut readings = rust
            .subscribe::<reading::mqtt::ReceiveReading>(SubscribeOptions {
                filter: Some("devices/d1/reading".to_owned()),
                ..SubscribeOptions::default()
            })
            .await
            .expect("subscribe");
        let relay = Wire::start(&project, &broker, &["relay", TEXT]);
        let relay = tokio::task::spawn_blocking(move || {
            relay.ready();
            relay
        })
        .await
        .expect("the TypeScript relay subscribed");
        let received = next(&mut readings).await;
        assert_eq!(received.celsius, 21.5);
        assert_eq!(
            received.extra.keys().collect::<Vec<_>>(),
            ["zeta", "alpha", "count"],
            "Rust keeps the undeclared properties, in order"
        );
        rust.publish::<reading::mqtt::SendReading>(
            &reading::Parameters {
                device_id: "d2".to_owned(),
            },
            &received,
            &NoHeaders,
        )
        .await
        .expect("publish for d2");
        tokio::task::spawn_blocking(move || {
            assert_eq!(relay.next(), json!({ "kind": "relayed", "json": TEXT }));
            relay.finish();
        })
        .await
        .expect("the TypeScript relay");
    });
}
