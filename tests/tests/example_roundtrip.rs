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
//! - Request/reply across languages (issue 11): the TypeScript client asks the agent for a
//!   device's current reading and gets the reading the agent answered (TypeScript requester,
//!   Rust replier); a request for a device the agent does not run times out. The agent asks
//!   for two approvals at once and each resolves with the decision TypeScript made for it
//!   (Rust requester, TypeScript replier). A raw MQTT 5 observer checks the wire protocol:
//!   every request carries a response topic and correlation data, and exactly one reply goes
//!   to that topic with the same correlation data.

use asyncapi_codegen_core::emit::typescript::TypeScriptOptions;
use asyncapi_codegen_core::emit::Perspective;
use asyncapi_codegen_runtime::mqtt::rumqttc::ReceiveErrorKind;
use monorepo_backend::agent::{decode_command, Agent, AgentOptions};
use monorepo_backend::command::Command;
use monorepo_backend::contract::{
    ApprovalDecision, ApprovalRequest, CommandKind, DeviceState, MaintenanceAction,
    TelemetryReading, TraceHeaders,
};
use monorepo_backend::simulation;
use rumqttc::v5::mqttbytes::v5::{Packet, Publish};
use rumqttc::v5::Event;
use serde_json::{json, Value};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, UNIX_EPOCH};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::sync::mpsc;

/// One publish as the raw observer saw it.
#[derive(Debug, Clone)]
struct Seen {
    topic: String,
    response_topic: Option<String>,
    correlation_data: Option<Vec<u8>>,
}

/// A plain rumqttc MQTT 5 client subscribed to `#` that records every publish with its
/// response topic and correlation data; resolves once subscribed.
async fn observe(port: u16) -> Arc<Mutex<Vec<Seen>>> {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let mut options = rumqttc::v5::MqttOptions::new("roundtrip-observer", "127.0.0.1", port);
    options.set_keep_alive(Duration::from_secs(30));
    let (client, mut eventloop) = rumqttc::v5::AsyncClient::new(options, 10);
    client
        .subscribe("#", rumqttc::v5::mqttbytes::QoS::AtLeastOnce)
        .await
        .expect("observer subscribe");
    let (subscribed, mut suback) = mpsc::unbounded_channel();
    let record = Arc::clone(&seen);
    tokio::spawn(async move {
        // Keeps the client (and so the connection) alive with the loop.
        let _client = client;
        loop {
            match eventloop.poll().await {
                Ok(Event::Incoming(Packet::Publish(p))) => {
                    let properties = p.properties.as_ref();
                    record.lock().unwrap().push(Seen {
                        topic: String::from_utf8_lossy(&p.topic).into_owned(),
                        response_topic: properties.and_then(|p| p.response_topic.clone()),
                        correlation_data: properties
                            .and_then(|p| p.correlation_data.as_ref().map(|c| c.to_vec())),
                    });
                }
                Ok(Event::Incoming(Packet::SubAck(_))) => {
                    let _ = subscribed.send(());
                }
                Ok(_) => {}
                Err(_) => break,
            }
        }
    });
    tokio::time::timeout(STEP, suback.recv())
        .await
        .expect("observer SUBACK in time");
    seen
}

/// The reply to `request` as the observer saw it: exactly one publish on its response topic
/// with its correlation data.
fn reply_to<'a>(seen: &'a [Seen], request: &Seen) -> &'a Seen {
    let topic = request
        .response_topic
        .as_ref()
        .unwrap_or_else(|| panic!("a request without response topic: {request:?}"));
    let correlation = request
        .correlation_data
        .as_ref()
        .unwrap_or_else(|| panic!("a request without correlation data: {request:?}"));
    let replies: Vec<&Seen> = seen
        .iter()
        .filter(|s| &s.topic == topic && s.correlation_data.as_ref() == Some(correlation))
        .collect();
    assert_eq!(replies.len(), 1, "one reply to {request:?}: {seen:#?}");
    replies[0]
}
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

        // Request/reply: the agent answers reading requests (numbered by the request's
        // sequence header) and records each answer by trace id.
        let answered: Arc<Mutex<Vec<(String, TelemetryReading)>>> = Arc::default();
        let replier_errors: Arc<Mutex<Vec<String>>> = Arc::default();
        let readings = {
            let (answered, replier_errors) = (Arc::clone(&answered), Arc::clone(&replier_errors));
            agent
                .serve_readings(
                    move |request| {
                        let device = &request.parameters.device_id;
                        if device != "sensor-1" {
                            return Err(format!("{device} is not a device of this agent"));
                        }
                        let n = 500 + u32::try_from(request.headers.sequence).map_err(|e| e.to_string())?;
                        let reading = simulation::reading(n, UNIX_EPOCH + Duration::from_secs(1_700_000_500));
                        answered.lock().unwrap().push((request.headers.trace_id.clone(), reading.clone()));
                        Ok(reading)
                    },
                    move |error| replier_errors.lock().unwrap().push(error.to_string()),
                )
                .await
                .expect("serve readings")
        };
        let observed = observe(broker.port()).await;

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

        // Request/reply. The TypeScript replier is subscribed once it says `serving`.
        let mut lines_after = Vec::new();
        loop {
            let line = next_line(&mut lines, &seen).await;
            seen.push(line.clone());
            if line["event"] == "serving" {
                assert_eq!(line["filter"], "devices/+/approvals", "{line}");
                break;
            }
            lines_after.push(line);
        }
        // Rust -> TypeScript: two requests in flight at once; TypeScript approves only the
        // firmware update, so each must get its own decision.
        let mut approvals = Vec::new();
        for (action, firmware) in [
            (MaintenanceAction::FirmwareUpdate, Some("2.0.0".to_owned())),
            (MaintenanceAction::Reboot, None),
        ] {
            let request = ApprovalRequest {
                action,
                reason: format!("the round trip asks for {action:?}"),
                firmware,
                extra: Default::default(),
            };
            let (headers, decision) = agent.ask_approval("sensor-1", request, STEP);
            approvals.push((action, headers, tokio::spawn(decision)));
        }
        let done = loop {
            let line = next_line(&mut lines, &seen).await;
            seen.push(line.clone());
            if line["event"] == "done" {
                break line;
            }
            lines_after.push(line);
        };
        let mut decisions = Vec::new();
        for (action, headers, decision) in approvals {
            let decision = tokio::time::timeout(STEP, decision)
                .await
                .unwrap_or_else(|_| panic!("the {action:?} request did not settle"))
                .expect("the request task")
                .unwrap_or_else(|e| panic!("the {action:?} request failed: {e}"));
            decisions.push((action, headers, decision));
        }
        readings.stop().await.expect("stop the replier");

        // TypeScript -> Rust: the reading TypeScript got is the one the agent answered.
        let by_event = |event: &str| -> Vec<&Value> {
            lines_after.iter().filter(|l| l["event"] == event).collect()
        };
        assert!(by_event("handle-error").is_empty(), "{lines_after:#?}");
        let reading_lines = by_event("reading");
        assert_eq!(reading_lines.len(), 1, "{lines_after:#?}");
        let got: TelemetryReading = serde_json::from_value(reading_lines[0]["payload"].clone())
            .expect("a TelemetryReading");
        let answered = answered.lock().unwrap().clone();
        assert_eq!(answered.len(), 1, "{answered:#?}");
        assert_eq!(answered[0].0, "ts-2");
        assert_eq!(
            serde_json::to_value(&got).unwrap(),
            serde_json::to_value(&answered[0].1).unwrap()
        );
        // No reply for a device the agent does not run: a typed timeout on the TypeScript
        // side, the handler's error on the Rust side.
        let no_reading = by_event("no-reading");
        assert_eq!(no_reading.len(), 1, "{lines_after:#?}");
        assert_eq!(no_reading[0]["timeout"], true, "{lines_after:#?}");
        assert_eq!(no_reading[0]["kind"], "timeout", "{lines_after:#?}");
        let replier_errors = replier_errors.lock().unwrap().clone();
        assert_eq!(replier_errors.len(), 1, "{replier_errors:#?}");
        assert!(
            replier_errors[0].contains("not-a-device is not a device of this agent"),
            "{replier_errors:#?}"
        );

        // Rust -> TypeScript: each decision is the one TypeScript made for that request.
        let approval_lines = by_event("approval");
        assert_eq!(approval_lines.len(), 2, "{lines_after:#?}");
        for (action, headers, decision) in &decisions {
            let approve = *action == MaintenanceAction::FirmwareUpdate;
            assert_eq!(
                *decision,
                ApprovalDecision {
                    approved: approve,
                    decided_by: "roundtrip".into(),
                    extra: Default::default(),
                },
                "{action:?}"
            );
            let line = approval_lines
                .iter()
                .find(|l| l["traceId"] == headers.trace_id.as_str())
                .unwrap_or_else(|| panic!("TypeScript never saw {}: {lines_after:#?}", headers.trace_id));
            assert_eq!(line["approved"], approve, "{line}");
            assert_eq!(line["deviceId"], "sensor-1", "{line}");
            // The Rust requester's own reply topic, named in the MQTT 5 response topic.
            let response_topic = line["responseTopic"].as_str().expect("responseTopic");
            assert!(
                response_topic.starts_with("asyncapi-reply/roundtrip-agent/"),
                "{line}"
            );
        }

        // The wire: each request names a response topic and correlation data, and exactly
        // one reply carries them back (TypeScript's reply topics are `replies/<id>`, Rust's
        // `asyncapi-reply/<clientId>/<id>`).
        let wire = observed.lock().unwrap().clone();
        let reading_requests: Vec<&Seen> = wire
            .iter()
            .filter(|s| s.topic == "devices/sensor-1/reading")
            .collect();
        assert_eq!(reading_requests.len(), 1, "{wire:#?}");
        let reply = reply_to(&wire, reading_requests[0]);
        assert!(reply.topic.starts_with("replies/"), "{reply:?}");
        let approval_requests: Vec<&Seen> = wire
            .iter()
            .filter(|s| s.topic == "devices/sensor-1/approvals")
            .collect();
        assert_eq!(approval_requests.len(), 2, "{wire:#?}");
        for request in &approval_requests {
            let reply = reply_to(&wire, request);
            assert!(reply.topic.starts_with("asyncapi-reply/roundtrip-agent/"), "{reply:?}");
            // TypeScript hands the correlation data to its handler as text.
            let line = approval_lines
                .iter()
                .find(|l| l["responseTopic"] == reply.topic.as_str()
                    && l["correlationId"].as_str().map(str::as_bytes) == request.correlation_data.as_deref())
                .unwrap_or_else(|| panic!("TypeScript's handler saw other correlation data: {lines_after:#?} {request:?}"));
            assert!(line["approved"].is_boolean(), "{line}");
        }
        assert_ne!(
            approval_requests[0].correlation_data, approval_requests[1].correlation_data,
            "each request has its own correlation data"
        );

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
        // The agent's event loop also saw the request/reply traffic: skip to the commands.
        let packet = loop {
            let packet = next_publish(&mut incoming).await;
            if packet.topic[..] == b"devices/sensor-1/commands"[..] {
                break packet;
            }
        };
        let error = decode_command(&packet).expect_err("an invalid command is an error");
        assert_eq!(error.topic, "devices/sensor-1/commands");
        assert!(
            matches!(error.kind, ReceiveErrorKind::Payload(_)),
            "{error}"
        );
        // The validator names the offending property and what it must be.
        assert!(
            error
                .to_string()
                .contains(r#"$.command: must be one of "reboot", "setInterval", "identify""#),
            "{error}"
        );
    });
}
