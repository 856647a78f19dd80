//! Debian's `mosquitto_pub` and `mosquitto_sub` (package `mosquitto-clients`): what a device
//! or a shell script that never heard of this project puts on the wire and reads from it.
//!
//! A missing binary fails the test with the install command, never skips it.

use crate::child_lines::stdout_lines;
use crate::mosquitto::Mosquitto;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The topic [`RawSubscriber::start`] probes itself with until the broker delivers.
const PROBE_TOPIC: &str = "raw-probe/ready";

/// `name` (`mosquitto_pub` or `mosquitto_sub`), checked to exist.
pub fn client_binary(name: &str) -> PathBuf {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .chain([PathBuf::from("/usr/bin")])
        .map(|dir| dir.join(name))
        .find(|path| path.is_file());
    found.unwrap_or_else(|| {
        panic!(
            "{name} not found: install it with `sudo apt-get install -y mosquitto-clients` (or run scripts/setup.sh)"
        )
    })
}

/// Publishes `payload` exactly as given (read from stdin by `mosquitto_pub -s`) with MQTT 5,
/// QoS 1, and the content-type property when `content_type` is given. Panics unless
/// `mosquitto_pub` succeeds.
pub fn publish_raw(broker: &Mosquitto, topic: &str, payload: &[u8], content_type: Option<&str>) {
    let mut command = Command::new(client_binary("mosquitto_pub"));
    command.args(["-h", "127.0.0.1", "-p", &broker.port().to_string()]);
    command.args(["-V", "5", "-q", "1", "-t", topic, "-s"]);
    if let Some(ct) = content_type {
        command.args(["-D", "publish", "content-type", ct]);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mosquitto_pub");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(payload)
        .expect("write the payload to mosquitto_pub");
    let out = child.wait_with_output().expect("wait for mosquitto_pub");
    assert!(
        out.status.success(),
        "mosquitto_pub -t {topic} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// One message as `mosquitto_sub` printed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawMessage {
    /// The topic.
    pub topic: String,
    /// The payload bytes, exactly.
    pub payload: Vec<u8>,
    /// The MQTT 5 content-type property (`None` when absent).
    pub content_type: Option<String>,
}

/// A running `mosquitto_sub` (MQTT 5), killed on drop.
pub struct RawSubscriber {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl RawSubscriber {
    /// Subscribes to `filters` and returns once the broker delivers to it (it publishes to a
    /// probe topic until its own subscriber sees the probe).
    pub fn start(broker: &Mosquitto, filters: &[&str]) -> RawSubscriber {
        let mut command = Command::new(client_binary("mosquitto_sub"));
        command.args(["-h", "127.0.0.1", "-p", &broker.port().to_string()]);
        // topic|payload as hex|content type: bytes survive the text stream unchanged.
        command.args(["-V", "5", "-q", "1", "-F", "%t|%x|%C", "-t", PROBE_TOPIC]);
        for filter in filters {
            command.args(["-t", filter]);
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start mosquitto_sub");
        let lines = stdout_lines(&mut child);
        let subscriber = RawSubscriber { child, lines };
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            assert!(
                Instant::now() < deadline,
                "mosquitto_sub never received its probe"
            );
            publish_raw(broker, PROBE_TOPIC, b"probe", None);
            if let Ok(line) = subscriber.lines.recv_timeout(Duration::from_millis(300)) {
                if line.starts_with(PROBE_TOPIC) {
                    break;
                }
            }
        }
        subscriber
    }

    /// The next message (probes skipped), waiting at most `timeout`.
    pub fn next(&self, timeout: Duration) -> Option<RawMessage> {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            let line = self.lines.recv_timeout(left).ok()?;
            let mut parts = line.splitn(3, '|');
            let topic = parts.next().unwrap_or_default().to_owned();
            if topic == PROBE_TOPIC {
                continue;
            }
            let hex = parts.next().unwrap_or_default();
            let content_type = parts.next().filter(|c| !c.is_empty()).map(str::to_owned);
            return Some(RawMessage {
                topic,
                payload: from_hex(hex),
                content_type,
            });
        }
    }
}

impl Drop for RawSubscriber {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The bytes of lowercase or uppercase hex text.
pub fn from_hex(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).expect("hex from mosquitto_sub"))
        .collect()
}
