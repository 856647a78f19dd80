//! The example's dashboard as a user gets it (issue 5):
//!
//! - the frontend type-checks under its own strict tsconfig and `npm run build`
//!   (`tsc --noEmit && vite build`) succeeds;
//! - the built app runs in headless Chromium (Debian's package, driven by playwright-core),
//!   connects over MQTT-over-WebSocket (through `frontend/e2e/ws-bridge.mjs`, because
//!   Debian's mosquitto has no WebSocket listener) to a real mosquitto, shows the retained
//!   status and telemetry the Rust agent publishes, and sends a command with its button
//!   that the Rust agent receives as its checked struct. The screenshot is kept in
//!   `<target>/example-artifacts/browser.png`;
//! - request/reply across languages (issue 11): the page's "Read now" button, clicked twice,
//!   asks the Rust agent for the device's current reading and shows the reading the agent
//!   answered for exactly that request (TypeScript requester, Rust replier); the agent asks
//!   the page's operator to approve two actions at once, the test approves one and declines
//!   the other in the page, and each of the agent's requests resolves with its own decision
//!   (Rust requester, TypeScript replier). Replies are matched by MQTT 5 correlation data,
//!   so a reply handed to the wrong request fails the test.

use monorepo_backend::agent::{decode_command, Agent, AgentOptions};
use monorepo_backend::command::Command;
use monorepo_backend::contract::{
    ApprovalDecision, ApprovalRequest, CommandKind, DeviceState, MaintenanceAction,
    TelemetryReading,
};
use monorepo_backend::simulation;
use rumqttc::v5::mqttbytes::v5::Packet;
use rumqttc::v5::Event;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use tokio::io::AsyncReadExt;
use tokio::sync::mpsc;
use workspace_tests::example::{artifacts_dir, frontend_dir, frontend_npm_file};
use workspace_tests::mosquitto::Mosquitto;
use workspace_tests::node;

const BROWSER_TIMEOUT: Duration = Duration::from_secs(90);

fn chromium() -> PathBuf {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    assert!(
        path.is_file(),
        "{} not found: apt-get install -y chromium (or set CHROMIUM to a Chromium binary)",
        path.display()
    );
    path
}

/// `vite build` of the committed frontend into `out` (the frontend tree is not written).
fn vite_build(out: &Path) {
    let result = node::run_node(
        &frontend_npm_file("vite/bin/vite.js"),
        &[
            "build".as_ref(),
            "--outDir".as_ref(),
            out.as_os_str(),
            "--emptyOutDir".as_ref(),
        ],
        &frontend_dir(),
        &[],
    );
    assert!(result.success, "vite build failed:\n{}", result.text);
    assert!(
        out.join("index.html").is_file(),
        "no index.html in {}",
        out.display()
    );
}

#[test]
fn the_frontend_type_checks_strictly_and_builds() {
    let dir = frontend_dir();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("example-frontend-build");
    // `npm run build` is `tsc --noEmit -p tsconfig.json && vite build`; extra arguments go to vite.
    let status = std::process::Command::new("npm")
        .args(["run", "--silent", "build", "--", "--outDir"])
        .arg(&out)
        .arg("--emptyOutDir")
        .current_dir(&dir)
        .output()
        .expect("npm not found: install Node.js 20 and npm (apt-get install -y nodejs npm)");
    assert!(
        status.status.success(),
        "npm run build failed in examples/monorepo/frontend:\n{}{}",
        String::from_utf8_lossy(&status.stdout),
        String::from_utf8_lossy(&status.stderr)
    );
    let html = std::fs::read_to_string(out.join("index.html")).expect("built index.html");
    assert!(
        html.contains("./assets/"),
        "relative asset URLs (base './'): {html}"
    );
    let assets: Vec<_> = std::fs::read_dir(out.join("assets"))
        .expect("built assets")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "js"))
        .collect();
    assert_eq!(assets.len(), 1, "one bundle: {assets:?}");
    let bundle = std::fs::read_to_string(&assets[0]).expect("read the bundle");
    // The generated client is in the bundle, with its topic templates.
    assert!(
        bundle.contains("devices/{deviceId}/commands"),
        "the generated client is bundled"
    );

    // The strict flags are really on: an unchecked index is an error under this tsconfig.
    let tsconfig: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("tsconfig.json")).unwrap())
            .expect("tsconfig.json is plain JSON");
    for flag in [
        "strict",
        "noUncheckedIndexedAccess",
        "exactOptionalPropertyTypes",
        "noUnusedLocals",
        "verbatimModuleSyntax",
        "erasableSyntaxOnly",
    ] {
        assert_eq!(tsconfig["compilerOptions"][flag], true, "{flag} is on");
    }
}

#[test]
fn the_dashboard_works_in_headless_chromium() {
    let chromium = chromium();
    let dist = Path::new(env!("CARGO_TARGET_TMPDIR")).join("example-browser-dist");
    vite_build(&dist);
    let screenshot = artifacts_dir(Path::new(env!("CARGO_TARGET_TMPDIR"))).join("browser.png");
    let _ = std::fs::remove_file(&screenshot);
    let broker = Mosquitto::start();

    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let (summary, command, answered, replier_errors, decisions) = runtime.block_on(async {
        let options = AgentOptions {
            host: "127.0.0.1".into(),
            port: broker.port(),
            client_id: "browser-test-agent".into(),
        };
        let (mut agent, mut eventloop) = Agent::connect(&options);
        let (publishes, mut incoming) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            loop {
                match eventloop.poll().await {
                    Ok(Event::Incoming(Packet::Publish(p))) => {
                        let _ = publishes.send(p);
                    }
                    Ok(_) => {}
                    Err(e) => {
                        eprintln!("agent event loop: {e}");
                        break;
                    }
                }
            }
        });
        // Retained: the page subscribes later and still shows it.
        let online = simulation::status(DeviceState::Online, Duration::from_secs(42));
        agent.publish_status("sensor-1", &online).await.expect("status");
        agent.subscribe_commands_of("sensor-1").await.expect("subscribe");
        // The replier: each request gets a reading of its own (numbered by the request's
        // sequence header), recorded by trace id to compare with what the page shows.
        let answered: Arc<Mutex<Vec<(String, TelemetryReading)>>> = Arc::default();
        let replier_errors: Arc<Mutex<Vec<String>>> = Arc::default();
        let _readings = {
            let (answered, replier_errors) = (Arc::clone(&answered), Arc::clone(&replier_errors));
            agent
                .serve_readings(
                    move |request| {
                        let n = 1000 + u32::try_from(request.headers.sequence).map_err(|e| e.to_string())?;
                        let reading = simulation::reading(n, SystemTime::now());
                        answered.lock().unwrap().push((request.headers.trace_id.clone(), reading.clone()));
                        Ok(reading)
                    },
                    move |error| replier_errors.lock().unwrap().push(error.to_string()),
                )
                .await
                .expect("serve readings")
        };

        let mut child = tokio::process::Command::new(node::node())
            .arg(frontend_dir().join("e2e/browser.mjs"))
            .current_dir(frontend_dir())
            .env("DIST_DIR", &dist)
            .env("MQTT_PORT", broker.port().to_string())
            .env("DEVICE_ID", "sensor-1")
            .env("SCREENSHOT", &screenshot)
            .env("CHROMIUM", &chromium)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("start node");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut stderr = child.stderr.take().expect("stderr");
        let out_task = tokio::spawn(async move {
            let mut s = String::new();
            let _ = stdout.read_to_string(&mut s).await;
            s
        });
        let err_task = tokio::spawn(async move {
            let mut s = String::new();
            let _ = stderr.read_to_string(&mut s).await;
            s
        });

        // Telemetry keeps coming, as from a live device, until the page's command arrives.
        let mut ticker = tokio::time::interval(Duration::from_millis(300));
        let deadline = tokio::time::Instant::now() + BROWSER_TIMEOUT;
        let mut n = 0;
        let mut command = None;
        let mut approvals = Vec::new();
        let status = loop {
            tokio::select! {
                _ = ticker.tick(), if command.is_none() => {
                    n += 1;
                    agent.publish_telemetry("sensor-1", &simulation::reading(n, SystemTime::now())).await.expect("telemetry");
                }
                Some(packet) = incoming.recv() => {
                    match decode_command(&packet) {
                        Ok(Some(received)) => {
                            command = Some(received);
                            // The page is fully set up once it sends commands: ask its
                            // operator twice, concurrently.
                            if approvals.is_empty() {
                                for (action, firmware) in [
                                    (MaintenanceAction::FirmwareUpdate, Some("2.0.0".to_owned())),
                                    (MaintenanceAction::Reboot, None),
                                ] {
                                    let request = ApprovalRequest {
                                        action,
                                        reason: format!("the browser test asks for {action:?}"),
                                        firmware, extra: Default::default()
                                    };
                                    let (headers, decision) =
                                        agent.ask_approval("sensor-1", request, BROWSER_TIMEOUT);
                                    approvals.push((action, headers, tokio::spawn(decision)));
                                }
                            }
                        }
                        Ok(None) => {}
                        Err(e) => panic!("the page sent an invalid command: {e}"),
                    }
                }
                status = child.wait() => break status.expect("wait for node"),
                _ = tokio::time::sleep_until(deadline) => {
                    let _ = child.kill().await;
                    panic!("the browser test did not finish in {BROWSER_TIMEOUT:?}");
                }
            }
        };
        let out = out_task.await.unwrap_or_default();
        let err = err_task.await.unwrap_or_default();
        assert!(status.success(), "the browser test failed ({status}):\n{out}\n{err}");
        // The command may still be on its way when the page has its PUBACK.
        if command.is_none() {
            while let Ok(Some(packet)) = tokio::time::timeout(Duration::from_secs(10), incoming.recv()).await {
                if let Ok(Some(received)) = decode_command(&packet) {
                    command = Some(received);
                    break;
                }
            }
        }
        let summary: Value = out
            .lines()
            .rev()
            .find_map(|l| serde_json::from_str(l).ok())
            .unwrap_or_else(|| panic!("no summary from the browser test:\n{out}\n{err}"));
        let mut decisions = Vec::new();
        for (action, headers, decision) in approvals {
            let decision = tokio::time::timeout(Duration::from_secs(10), decision)
                .await
                .unwrap_or_else(|_| panic!("the {action:?} request did not settle after the page decided"))
                .expect("the request task")
                .unwrap_or_else(|e| panic!("the {action:?} request failed: {e}"));
            decisions.push((action, headers, decision));
        }
        let answered = answered.lock().unwrap().clone();
        let replier_errors = replier_errors.lock().unwrap().clone();
        (summary, command.expect("the agent received the page's command"), answered, replier_errors, decisions)
    });

    // What the page showed.
    assert_eq!(summary["statusState"], "online", "{summary:#}");
    let status_text = summary["status"].as_str().unwrap_or_default();
    assert!(
        status_text.contains("sensor-1 is online") && status_text.contains("up 42 s"),
        "{summary:#}"
    );
    let row = summary["telemetry"].as_str().unwrap_or_default();
    assert!(
        row.starts_with("sensor-1") && row.contains("°C"),
        "{summary:#}"
    );
    assert_eq!(
        summary["errors"], "",
        "the page reported problems: {summary:#}"
    );

    // What Rust received from the page's button.
    assert_eq!(command.topic, "devices/sensor-1/commands");
    assert_eq!(
        command.payload,
        Command {
            command: CommandKind::Identify,
            interval_seconds: None,
            issued_by: "dashboard".into(),
        }
    );
    assert_eq!(
        Some(command.headers.trace_id.as_str()),
        summary["commandTrace"].as_str(),
        "{summary:#}"
    );

    // TypeScript -> Rust request/reply: two requests, each shown with the reading the agent
    // answered for its trace id (the page's copy is the generated client's validated reply).
    assert!(replier_errors.is_empty(), "{replier_errors:#?}");
    let shown = summary["readings"]
        .as_array()
        .expect("readings in the summary");
    assert_eq!(shown.len(), 2, "{summary:#}");
    assert_eq!(
        answered.len(),
        2,
        "the agent answered both requests: {answered:#?}"
    );
    for item in shown {
        assert_eq!(item["state"], "answered", "{summary:#}");
        let trace = item["trace"].as_str().expect("trace");
        let page: TelemetryReading =
            serde_json::from_str(item["reading"].as_str().expect("reading JSON"))
                .expect("the page's reading is a TelemetryReading");
        let (_, sent) = answered
            .iter()
            .find(|(t, _)| t == trace)
            .unwrap_or_else(|| panic!("the agent never answered {trace}: {answered:#?}"));
        assert_eq!(
            serde_json::to_value(&page).unwrap(),
            serde_json::to_value(sent).unwrap(),
            "request {trace} got another request's reading"
        );
    }
    assert_ne!(
        serde_json::to_value(&answered[0].1).unwrap(),
        serde_json::to_value(&answered[1].1).unwrap(),
        "the two answers differ, so a swap would show"
    );

    // Rust -> TypeScript request/reply: each of the agent's requests got the decision the
    // operator made for it in the page.
    assert_eq!(decisions.len(), 2, "{decisions:#?}");
    let decided = summary["approvals"]
        .as_array()
        .expect("approvals in the summary");
    for (action, headers, decision) in &decisions {
        let approve = *action == MaintenanceAction::FirmwareUpdate;
        assert_eq!(
            *decision,
            ApprovalDecision {
                approved: approve,
                decided_by: "dashboard".into(),
                extra: Default::default()
            },
            "{action:?}"
        );
        let item = decided
            .iter()
            .find(|i| i["trace"] == headers.trace_id.as_str())
            .unwrap_or_else(|| panic!("the page never showed {}: {summary:#}", headers.trace_id));
        assert_eq!(
            item["state"],
            if approve { "approved" } else { "declined" },
            "{summary:#}"
        );
    }

    let png = std::fs::read(&screenshot).expect("the screenshot was saved");
    assert!(
        png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000,
        "a real PNG: {} bytes",
        png.len()
    );
    eprintln!("screenshot: {}", screenshot.display());
}
