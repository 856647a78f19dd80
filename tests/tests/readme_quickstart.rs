//! The README's quick start, as written: every file-labelled code block of its "Five-minute
//! quick start" section is copied verbatim into a fresh project outside the workspace (only
//! the crate versions become path dependencies and the broker URL becomes the test broker's),
//! then:
//!
//! - `cargo build` of the backend writes the TypeScript client through its `build.rs`, and
//!   `cargo run` prints the sign-up the generated Rust type decoded;
//! - the frontend compiles with `tsc` (5.9 and 7) in NodeNext mode, as shown, and in bundler
//!   mode, as the README says to change it;
//! - the compiled frontend runs against mosquitto, a raw subscriber receives exactly its
//!   message, and the process exits by itself.

use rumqttc::{AsyncClient, Event, MqttOptions, Packet, QoS};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use workspace_tests::mosquitto::Mosquitto;
use workspace_tests::node::{self, TypeScript};
use workspace_tests::workspace_root;

/// The files the quick start consists of.
const FILES: [&str; 7] = [
    "asyncapi.yaml",
    "backend/Cargo.toml",
    "backend/build.rs",
    "backend/src/main.rs",
    "frontend/package.json",
    "frontend/tsconfig.json",
    "frontend/src/main.ts",
];

/// The broker URL the README's frontend connects to.
const README_URL: &str = "mqtt://localhost:1883";

/// How long the frontend may take to publish and exit.
const FRONTEND_TIMEOUT: Duration = Duration::from_secs(60);

/// The quick start's file-labelled blocks: a fenced block whose paragraph starts with
/// ``**`path`**``. Panics on a block without a label that looks like a file of the quick
/// start, so a block can't silently escape the test.
fn quick_start_files(readme: &str) -> BTreeMap<String, String> {
    let start = readme
        .find("\n## Five-minute quick start\n")
        .expect("README has a quick start");
    let section = &readme[start + 1..];
    let end = section[3..].find("\n## ").map_or(section.len(), |i| i + 3);
    let section = &section[..end];
    let mut files = BTreeMap::new();
    let mut label: Option<String> = None;
    let mut lines = section.lines();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("**`") {
            label = rest.split_once("`**").map(|(path, _)| path.to_string());
        } else if line.starts_with("```") {
            let mut body = String::new();
            for inner in lines.by_ref() {
                if inner.starts_with("```") {
                    break;
                }
                body.push_str(inner);
                body.push('\n');
            }
            if let Some(path) = label.take() {
                assert!(
                    files.insert(path.clone(), body).is_none(),
                    "two blocks for {path}"
                );
            }
        } else if !line.trim().is_empty() && line.starts_with("**") {
            label = None;
        }
    }
    files
}

/// `asyncapi-codegen-x = "0.1"` or `{ version = "0.1", … }` → a path dependency on the
/// workspace's crate.
fn path_dependencies(manifest: &str) -> String {
    let mut out = String::new();
    for line in manifest.lines() {
        let replaced = ["runtime", "build", "macros", "core"]
            .iter()
            .find_map(|krate| {
                let key = format!("asyncapi-codegen-{krate} = ");
                let value = line.strip_prefix(&key)?;
                let path = workspace_root().join(format!("codegen-{krate}"));
                let path = format!("path = {:?}", path.to_str().expect("UTF-8 path"));
                Some(if let Some(rest) = value.strip_prefix('{') {
                    let rest = rest.trim_start();
                    let rest = rest
                        .strip_prefix("version = \"0.1\"")
                        .expect("a version to replace");
                    format!("{key}{{ {path}{rest}")
                } else {
                    assert_eq!(value, "\"0.1\"", "{line}");
                    format!("{key}{{ {path} }}")
                })
            });
        out.push_str(replaced.as_deref().unwrap_or(line));
        out.push('\n');
    }
    // A project of its own, not a member of any enclosing workspace.
    out.push_str("\n[workspace]\n");
    out
}

/// A directory in the system temp folder, removed on drop (also when the test fails).
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        let dir = std::env::temp_dir().join(format!("asyncapi-quickstart-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the scratch project");
        Scratch(dir)
    }

    fn write(&self, relative: &str, contents: &str) {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(&path, contents).expect("write a quick-start file");
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn cargo(args: &[&str], manifest: &Path) -> String {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-quickstart");
    let output = Command::new(cargo)
        .args(args)
        .arg("--manifest-path")
        .arg(manifest)
        .arg("--target-dir")
        .arg(target)
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "cargo {args:?} failed for the README's backend:\n{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Runs the compiled frontend, killing it if it does not exit by itself in time.
fn run_frontend(frontend: &Path) {
    let mut child = Command::new(node::node())
        .arg("dist/main.js")
        .current_dir(frontend)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for node") {
            let output = child.wait_with_output().expect("node's output");
            assert!(
                status.success(),
                "the README's frontend failed:\n{}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
            return;
        }
        if started.elapsed() > FRONTEND_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the README's frontend did not exit by itself within {FRONTEND_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_quick_start_works_as_written() {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README");
    let files = quick_start_files(&readme);
    assert_eq!(
        files.keys().map(String::as_str).collect::<Vec<_>>(),
        {
            let mut expected = FILES.to_vec();
            expected.sort();
            expected
        },
        "the quick start's file blocks changed; update this test with them"
    );

    let broker = Mosquitto::start();
    let scratch = Scratch::new();
    for (path, body) in &files {
        let body = match path.as_str() {
            "backend/Cargo.toml" => path_dependencies(body),
            "frontend/src/main.ts" => {
                assert_eq!(body.matches(README_URL).count(), 1, "{body}");
                body.replace(README_URL, &broker.url())
            }
            _ => body.clone(),
        };
        scratch.write(path, &body);
    }
    let root = workspace_root();
    for pinned in ["Cargo.lock", "rust-toolchain.toml"] {
        std::fs::copy(root.join(pinned), scratch.0.join("backend").join(pinned))
            .expect("copy the workspace's lock file and toolchain");
    }

    // Backend: the build script writes the client; the generated type decodes a sign-up.
    let manifest = scratch.0.join("backend/Cargo.toml");
    cargo(&["build", "--quiet"], &manifest);
    let frontend = scratch.0.join("frontend");
    assert!(
        frontend.join("src/__gen__/channels/index.ts").is_file(),
        "cargo build did not write the client"
    );
    let printed = cargo(&["run", "--quiet"], &manifest);
    assert_eq!(printed, "Ada <ada@example.com>\n");

    // Frontend: NodeNext as shown, bundler mode as the README says to change it.
    #[cfg(unix)]
    std::os::unix::fs::symlink(node::node_modules(), frontend.join("node_modules"))
        .expect("link node_modules");
    let tsconfig = frontend.join("tsconfig.json");
    let mut bundler: Value =
        serde_json::from_str(&files["frontend/tsconfig.json"]).expect("tsconfig is JSON");
    bundler["compilerOptions"]["module"] = json!("ESNext");
    bundler["compilerOptions"]["moduleResolution"] = json!("Bundler");
    bundler["compilerOptions"]["noEmit"] = json!(true);
    let bundler_config = frontend.join("tsconfig.bundler.json");
    std::fs::write(&bundler_config, bundler.to_string()).expect("write the bundler tsconfig");
    for ts in TypeScript::ALL {
        node::tsc_project(ts, &bundler_config);
        node::tsc_project(ts, &tsconfig);
    }

    // A raw subscriber, subscribed before the frontend runs.
    let runtime = tokio::runtime::Runtime::new().expect("tokio");
    let received = runtime.block_on(async {
        let mut options = MqttOptions::new("readme-raw-subscriber", "127.0.0.1", broker.port());
        options.set_keep_alive(Duration::from_secs(30));
        let (client, mut events) = AsyncClient::new(options, 10);
        client
            .subscribe("user/signedup", QoS::AtLeastOnce)
            .await
            .expect("subscribe");
        loop {
            let event = tokio::time::timeout(Duration::from_secs(10), events.poll())
                .await
                .expect("the subscriber connects")
                .expect("the subscriber's connection");
            if let Event::Incoming(Packet::SubAck(_)) = event {
                break;
            }
        }
        let frontend = frontend.clone();
        let run = tokio::task::spawn_blocking(move || run_frontend(&frontend));
        let publish = loop {
            let Ok(event) = tokio::time::timeout(FRONTEND_TIMEOUT, events.poll()).await else {
                panic!("no message arrived:\n{}", broker.log());
            };
            let event = event.expect("the subscriber's connection");
            if let Event::Incoming(Packet::Publish(publish)) = event {
                break publish;
            }
        };
        run.await.expect("the frontend runner");
        publish
    });
    assert_eq!(received.topic, "user/signedup");
    let payload: Value = serde_json::from_slice(&received.payload).expect("JSON payload");
    assert_eq!(
        payload,
        json!({ "displayName": "Ada", "email": "ada@example.com" })
    );
}
