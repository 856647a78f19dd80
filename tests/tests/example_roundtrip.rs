//! The example monorepo, Rust <-> TypeScript through a real mosquitto (issue 5):
//!
//! - Rust to TypeScript: the backend's agent publishes every message kind of the contract
//!   (telemetry, and the retained status) with its typed helpers; the generated TypeScript
//!   client (client perspective, compiled with tsc, run by node) receives each one,
//!   validated, headers included as MQTT 5 user properties, parameters extracted. A raw,
//!   invalid publish reaches the client's error callback instead.
//! - TypeScript to Rust: the generated client publishes a command; the agent receives it as
//!   its checked `Command` struct, with typed headers and parameters. A raw, invalid command
//!   becomes a typed error naming the topic.

use asyncapi_codegen_core::emit::typescript::TypeScriptOptions;
use asyncapi_codegen_core::emit::Perspective;
use asyncapi_codegen_runtime::mqtt::rumqttc::ReceiveErrorKind;
use monorepo_backend::agent::{decode_command, Agent, AgentOptions};
use monorepo_backend::command::Command;
use monorepo_backend::contract::{CommandKind, DeviceState, TraceHeaders};
use monorepo_backend::simulation;
use rumqttc::v5::mqttbytes::v5::{Packet, Publish};
use rumqttc::v5::Event;
use serde_json::{json, Value};
use std::process::Stdio;
use std::time::{Duration, UNIX_EPOCH};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::mpsc;
use workspace_tests::example::example_spec;
use workspace_tests::mosquitto::Mosquitto;
use workspace_tests::node::{self, TypeScript};
use workspace_tests::ts_project::TsProject;
use workspace_tests::workspace_root;

const STEP: Duration = Duration::from_secs(20);

/// Compiles the TypeScript half (examples/monorepo/frontend/e2e/roundtrip.ts) against a
/// freshly generated client; returns the project and the compiled script.
fn typescript_half() -> (TsProject, std::path::PathBuf) {
    let project = TsProject::fresh("example-roundtrip");
    project.package_json(".", "module");
    let options = TypeScriptOptions {
        perspective: Perspective::Client,
        ..TypeScriptOptions::default()
    };
    project.generate(&example_spec(), "src/__gen__", &options);
    let script = workspace_root().join("examples/monorepo/frontend/e2e/roundtrip.ts");
    let text = std::fs::read_to_string(&script).expect("read roundtrip.ts");
    project.write("e2e/roundtrip.ts", &text);
    let tsconfig = project.tsconfig(
        "tsconfig.json",
        "tsconfig.nodenext.json",
        json!({ "rootDir": ".", "outDir": "dist" }),
        &["src", "e2e"],
    );
    node::tsc_project(TypeScript::V5_9, &tsconfig);
    let compiled = project.path("dist/e2e/roundtrip.js");
    (project, compiled)
}

/// One line the TypeScript half printed, as sent by the Rust half, for comparison.
fn expected_line(
    event: &str,
    topic: &str,
    device: &str,
    headers: &TraceHeaders,
    payload: Value,
    retain: bool,
) -> Value {
    json!({
        "event": event,
        "topic": topic,
        "parameters": { "deviceId": device },
        "headers": serde_json::to_value(headers).expect("headers serialise"),
        "sequenceType": "number",
        "payload": payload,
        "qos": 1,
        "retain": retain,
    })
}

async fn next_line(
    lines: &mut tokio::io::Lines<BufReader<tokio::process::ChildStdout>>,
    seen: &[Value],
) -> Value {
    let line = tokio::time::timeout(STEP, lines.next_line())
        .await
        .unwrap_or_else(|_| {
            panic!("the TypeScript half said nothing for {STEP:?}; so far: {seen:#?}")
        })
        .expect("read the TypeScript half's output")
        .unwrap_or_else(|| panic!("the TypeScript half ended early; so far: {seen:#?}"));
    serde_json::from_str(&line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
}

async fn next_publish(incoming: &mut mpsc::UnboundedReceiver<Publish>) -> Publish {
    tokio::time::timeout(STEP, incoming.recv())
        .await
        .expect("no message reached the Rust agent in time")
        .expect("the agent's event loop ended")
}

#[test]
fn rust_and_typescript_talk_through_mosquitto() {
    let (project, script) = typescript_half();
    let broker = Mosquitto::start();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async {
        let options = AgentOptions {
            host: "127.0.0.1".into(),
            port: broker.port(),
            client_id: "roundtrip-agent".into(),
        };
        let (mut agent, mut eventloop) = Agent::connect(&options);
        let (publishes, mut incoming) = mpsc::unbounded_channel();
        let (subacks, mut subscribed) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            loop {
                match eventloop.poll().await {
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        let _ = publishes.send(p);
                    }
                    Ok(Event::Incoming(Packet::SubAck(_))) => {
                        let _ = subacks.send(());
                    }
                    Ok(_) => {}
                    Err(e) => {
                        eprintln!("agent event loop: {e}");
                        break;
                    }
                }
            }
        });

        // Published before anyone subscribes: only the retain flag (from the spec's
        // `sendStatus` binding) gets it to the TypeScript side.
        let online = simulation::status(DeviceState::Online, Duration::from_secs(5));
        let online_headers = agent
            .publish_status("sensor-1", &online)
            .await
            .expect("status");
        agent
            .subscribe_commands()
            .await
            .expect("subscribe to commands");
        tokio::time::timeout(STEP, subscribed.recv())
            .await
            .expect("SUBACK in time");

        let mut child = tokio::process::Command::new(node::node())
            .arg(&script)
            .current_dir(project.dir())
            .env("MQTT_URL", broker.url())
            .env("EXPECTED", "5")
            .env("DEVICE_ID", "sensor-1")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("start node");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut seen = Vec::new();
        // The retained status may be delivered (and printed) before the subscribe calls
        // resolve, so message lines can come before `ready`.
        let mut early = Vec::new();
        let ready = loop {
            let line = next_line(&mut lines, &seen).await;
            seen.push(line.clone());
            if line["event"] == "ready" {
                break line;
            }
            early.push(line);
        };
        // No parameter was fixed, so each `{deviceId}` became `+`.
        assert_eq!(ready["telemetryFilter"], "devices/+/telemetry");
        assert_eq!(ready["statusFilter"], "devices/+/status");

        let mut expected = vec![expected_line(
            "status",
            "devices/sensor-1/status",
            "sensor-1",
            &online_headers,
            serde_json::to_value(&online).unwrap(),
            true,
        )];
        for (n, device) in [(1, "sensor-1"), (2, "pump-2")] {
            let reading = simulation::reading(
                n,
                UNIX_EPOCH + Duration::from_secs(1_700_000_000 + u64::from(n)),
            );
            let headers = agent
                .publish_telemetry(device, &reading)
                .await
                .expect("telemetry");
            expected.push(expected_line(
                "telemetry",
                &format!("devices/{device}/telemetry"),
                device,
                &headers,
                serde_json::to_value(&reading).unwrap(),
                false,
            ));
        }
        let maintenance = simulation::status(DeviceState::Maintenance, Duration::from_secs(99));
        let headers = agent
            .publish_status("pump-2", &maintenance)
            .await
            .expect("status");
        expected.push(expected_line(
            "status",
            "devices/pump-2/status",
            "pump-2",
            &headers,
            serde_json::to_value(&maintenance).unwrap(),
            false,
        ));
        // A publisher that ignores the contract: the generated client must reject it.
        agent
            .client()
            .publish_raw(
                "devices/rogue/telemetry",
                1,
                false,
                r#"{"temperature":"hot"}"#,
            )
            .await
            .expect("raw publish");

        let mut received = Vec::new();
        let mut errors = Vec::new();
        let mut early = early.into_iter();
        while received.len() + errors.len() < 5 {
            let line = match early.next() {
                Some(line) => line,
                None => {
                    let line = next_line(&mut lines, &seen).await;
                    seen.push(line.clone());
                    line
                }
            };
            match line["event"].as_str() {
                Some("error") => errors.push(line),
                Some("telemetry" | "status") => received.push(line),
                _ => panic!("unexpected line from the TypeScript half: {line}"),
            }
        }
        let key = |v: &Value| v.to_string();
        received.sort_by_key(key);
        expected.sort_by_key(key);
        assert_eq!(
            received, expected,
            "what TypeScript received differs from what Rust sent"
        );
        assert_eq!(errors.len(), 1, "{errors:#?}");
        assert_eq!(errors[0]["topic"], "devices/rogue/telemetry");

        // TypeScript -> Rust.
        let sent = next_line(&mut lines, &seen).await;
        assert_eq!(sent["event"], "sent", "{sent}");
        let packet = next_publish(&mut incoming).await;
        let command = decode_command(&packet)
            .unwrap_or_else(|e| panic!("the command from TypeScript does not decode: {e}"))
            .expect("a command");
        assert_eq!(command.topic, "devices/sensor-1/commands");
        assert_eq!(command.parameters.device_id, "sensor-1");
        assert_eq!(
            command.payload,
            Command {
                command: CommandKind::SetInterval,
                interval_seconds: Some(30),
                issued_by: "roundtrip".into(),
            }
        );
        assert_eq!(
            serde_json::to_value(&command.headers).unwrap(),
            json!({ "traceId": "ts-1", "sequence": 1 })
        );
        assert_eq!(
            command.qos, 1,
            "the command's QoS comes from the spec on both sides"
        );
        let done = next_line(&mut lines, &seen).await;
        assert_eq!(done["event"], "done", "{done}");
        let status = tokio::time::timeout(STEP, child.wait())
            .await
            .expect("node exits")
            .expect("wait");
        assert!(status.success(), "the TypeScript half failed: {status}");

        // A command that breaks the contract is a typed error naming its topic, not a panic.
        agent
            .client()
            .publish_raw(
                "devices/sensor-1/commands",
                1,
                false,
                r#"{"command":"selfDestruct","issuedBy":"x"}"#,
            )
            .await
            .expect("raw publish");
        let packet = next_publish(&mut incoming).await;
        let error = decode_command(&packet).expect_err("an invalid command is an error");
        assert_eq!(error.topic, "devices/sensor-1/commands");
        assert!(
            matches!(error.kind, ReceiveErrorKind::Payload(_)),
            "{error}"
        );
        assert!(error.to_string().contains("selfDestruct"), "{error}");
    });
}
