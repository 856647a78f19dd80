//! A private mosquitto broker for one test: free loopback port, temporary config, killed on drop.
//!
//! GUIDE §6: tests run against Debian's real `mosquitto` (MQTT 3.1.1 and 5 on one port), never
//! an embedded broker whose QoS handling differs. A missing binary fails the test with the
//! install command instead of skipping it.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long a fresh broker may take to accept connections.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(10);
/// Ports can be taken between probing and binding; retry with a new one this often.
const START_ATTEMPTS: usize = 5;

/// A running mosquitto, stopped (and its temporary directory removed) on drop.
pub struct Mosquitto {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Mosquitto {
    /// Starts a broker that lets every anonymous client read and write every topic.
    pub fn start() -> Mosquitto {
        Self::launch(Access::Anonymous)
    }

    /// Starts a broker whose access is governed by `acl`, a mosquitto ACL file's text
    /// (for example `topic deny forbidden/#\ntopic readwrite #\n`), so that tests can
    /// provoke refused publishes (PUBACK reason 0x87) and refused subscriptions.
    pub fn start_with_acl(acl: &str) -> Mosquitto {
        Self::launch(Access::Acl(acl))
    }

    /// Starts a broker that refuses anonymous clients and accepts exactly `users`
    /// (`(name, password)` pairs), from a password file made by `mosquitto_passwd -b`.
    pub fn start_with_passwords(users: &[(&str, &str)]) -> Mosquitto {
        Self::launch(Access::Passwords(users))
    }

    /// The TCP port the broker listens on (loopback only).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The broker's process id, for a test that kills it itself (SIGKILL) and checks what
    /// its clients do while it stays down; drop still reaps it.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `mqtt://127.0.0.1:<port>`, the URL MQTT.js clients connect to.
    pub fn url(&self) -> String {
        format!("mqtt://127.0.0.1:{}", self.port)
    }

    /// Kills the broker and starts it again on the same port, with no state kept (a client
    /// that reconnects gets a new session, without its subscriptions).
    pub fn restart(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let binary = find_binary();
        let log = std::fs::File::create(self.dir.join("mosquitto.log")).expect("create broker log");
        self.child = Command::new(&binary)
            .arg("-c")
            .arg(self.dir.join("mosquitto.conf"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("clone log handle"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        if let Err(log) = wait_until_ready(&mut self.child, self.port, &self.dir) {
            panic!("mosquitto did not restart on port {}: {log}", self.port);
        }
    }

    /// Freezes the broker (SIGSTOP): connections stay open, but nothing is answered, so a
    /// test can observe a client waiting for an acknowledgement.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    /// Lets a [`Mosquitto::pause`]d broker go on (SIGCONT).
    pub fn resume(&self) {
        self.signal("-CONT");
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .arg(signal)
            .arg(self.child.id().to_string())
            .status()
            .expect("run kill");
        assert!(status.success(), "kill {signal} failed");
    }

    /// What the broker logged so far (useful in a failure message).
    pub fn log(&self) -> String {
        read_log(&self.dir)
    }

    fn launch(access: Access<'_>) -> Mosquitto {
        let binary = find_binary();
        let dir = private_dir();
        if let Access::Passwords(users) = access {
            // A broker that cannot be configured is not started: remove what was made.
            if let Err(message) = write_password_file(&dir, users) {
                let _ = std::fs::remove_dir_all(&dir);
                panic!("{message}");
            }
        }
        let mut last_log = String::new();
        for _ in 0..START_ATTEMPTS {
            let port = free_port();
            let conf = write_config(&dir, port, access);
            let log = std::fs::File::create(dir.join("mosquitto.log")).expect("create broker log");
            let mut child = Command::new(&binary)
                .arg("-c")
                .arg(&conf)
                .stdin(Stdio::null())
                .stdout(log.try_clone().expect("clone log handle"))
                .stderr(log)
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
            match wait_until_ready(&mut child, port, &dir) {
                Ok(()) => return Mosquitto { child, port, dir },
                Err(log) => {
                    last_log = log;
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
        panic!("mosquitto did not start after {START_ATTEMPTS} attempts; its log:\n{last_log}");
    }
}

impl Drop for Mosquitto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Waits until the port accepts TCP connections; on failure returns the broker's log.
fn wait_until_ready(child: &mut Child, port: u16, dir: &Path) -> Result<(), String> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + STARTUP_TIMEOUT;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("(exited with {status})\n{}", read_log(dir)));
        }
        if let Ok(stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            // While nothing listens on the port yet, a connect whose ephemeral source port
            // happens to be that port connects to itself (TCP simultaneous open): that is not
            // the broker, keep waiting.
            if stream.local_addr().map(|a| a.port()).ok() != Some(port) {
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            return Err(format!(
                "(not accepting connections after {STARTUP_TIMEOUT:?})\n{}",
                read_log(dir)
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn read_log(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("mosquitto.log")).unwrap_or_default()
}

/// Finds `mosquitto` on `PATH` or in Debian's `/usr/sbin` (not on every user's `PATH`).
fn find_binary() -> PathBuf {
    find_tool("mosquitto").unwrap_or_else(|message| panic!("{message}"))
}

/// Finds one of the `mosquitto` package's programs on `PATH` or in Debian's `/usr/sbin`.
fn find_tool(name: &str) -> Result<PathBuf, String> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    dirs.push(PathBuf::from("/usr/sbin"));
    dirs.push(PathBuf::from("/usr/local/sbin"));
    find_tool_in(name, &dirs)
}

/// The first `mosquitto` in `dirs`, else the message with the install command.
#[cfg(test)]
fn find_binary_in(dirs: &[PathBuf]) -> Result<PathBuf, String> {
    find_tool_in("mosquitto", dirs)
}

/// The first `name` in `dirs`, else the message with the install command (every tool we
/// use comes with Debian's `mosquitto` package).
fn find_tool_in(name: &str, dirs: &[PathBuf]) -> Result<PathBuf, String> {
    dirs.iter()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("{name} not found: apt-get install -y mosquitto"))
}

/// A port the kernel just handed out on loopback (released again for mosquitto to bind).
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener.local_addr().expect("local address").port()
}

/// A fresh directory readable by the `mosquitto` user, which the broker switches to when
/// started as root.
fn private_dir() -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "workspace-tests-mosquitto-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the broker's temporary directory");
    set_mode(&dir, 0o755);
    dir
}

/// Who may connect, and to what.
#[derive(Clone, Copy)]
enum Access<'a> {
    /// Anyone, to everything.
    Anonymous,
    /// Anyone, governed by this ACL file's text.
    Acl(&'a str),
    /// Only these users (name, password), to everything.
    Passwords(&'a [(&'a str, &'a str)]),
}

/// Writes `dir/passwords` with `mosquitto_passwd -b` (which hashes each password).
fn write_password_file(dir: &Path, users: &[(&str, &str)]) -> Result<(), String> {
    let tool = find_tool("mosquitto_passwd")?;
    let path = dir.join("passwords");
    std::fs::write(&path, "").map_err(|e| format!("create {}: {e}", path.display()))?;
    for (user, password) in users {
        let out = Command::new(&tool)
            .arg("-b")
            .arg(&path)
            .arg(user)
            .arg(password)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", tool.display()))?;
        if !out.status.success() {
            return Err(format!(
                "mosquitto_passwd failed for user {user}: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    set_mode(&path, 0o644);
    Ok(())
}

fn write_config(dir: &Path, port: u16, access: Access<'_>) -> PathBuf {
    let anonymous = !matches!(access, Access::Passwords(_));
    let mut conf = format!(
        "listener {port} 127.0.0.1\nallow_anonymous {anonymous}\npersistence false\n\
         log_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\n"
    );
    if let Access::Passwords(_) = access {
        conf.push_str(&format!(
            "password_file {}\n",
            dir.join("passwords").display()
        ));
    }
    if let Access::Acl(acl) = access {
        let acl_path = dir.join("acl");
        std::fs::write(&acl_path, acl).expect("write the broker's ACL file");
        set_mode(&acl_path, 0o644);
        conf.push_str(&format!("acl_file {}\n", acl_path.display()));
    }
    let path = dir.join("mosquitto.conf");
    std::fs::write(&path, conf).expect("write the broker's config");
    set_mode(&path, 0o644);
    path
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn set_mode(_path: &Path, _mode: u32) {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// Proves the port speaks MQTT: a 3.1.1 CONNECT must be answered with an accepting CONNACK.
    fn answers_mqtt(port: u16) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        // CONNECT, protocol "MQTT" level 4, clean session, keep-alive 10 s, client id "probe".
        let connect: [u8; 19] = [
            0x10, 17, 0, 4, b'M', b'Q', b'T', b'T', 4, 0x02, 0, 10, 0, 5, b'p', b'r', b'o', b'b',
            b'e',
        ];
        if std::io::Write::write_all(&mut stream, &connect).is_err() {
            return false;
        }
        let mut connack = [0u8; 4];
        stream.read_exact(&mut connack).is_ok() && connack[0] == 0x20 && connack[3] == 0
    }

    #[test]
    fn starts_answers_mqtt_and_stops_on_drop() {
        let broker = Mosquitto::start();
        let port = broker.port();
        assert!(broker.url().ends_with(&format!(":{port}")));
        assert!(answers_mqtt(port), "log:\n{}", broker.log());
        let dir = broker.dir.clone();
        drop(broker);
        assert!(!dir.exists(), "the temporary directory is removed");
        assert!(
            TcpStream::connect(("127.0.0.1", port)).is_err(),
            "the broker is gone after drop"
        );
    }

    #[test]
    fn a_missing_binary_names_the_install_command() {
        let message = find_binary_in(&[PathBuf::from("/nonexistent")]).unwrap_err();
        assert_eq!(message, "mosquitto not found: apt-get install -y mosquitto");
    }

    /// A 3.1.1 CONNECT with user name and password; the CONNACK's return code (0: accepted,
    /// 5: not authorised).
    fn connack_code(port: u16, user: &str, password: &str) -> Option<u8> {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let mut body = vec![0, 4, b'M', b'Q', b'T', b'T', 4, 0xC2, 0, 10, 0, 5];
        body.extend_from_slice(b"probe");
        for field in [user, password] {
            body.extend_from_slice(&(field.len() as u16).to_be_bytes());
            body.extend_from_slice(field.as_bytes());
        }
        let mut packet = vec![0x10, body.len() as u8];
        packet.extend(body);
        std::io::Write::write_all(&mut stream, &packet).ok()?;
        let mut connack = [0u8; 4];
        stream.read_exact(&mut connack).ok()?;
        (connack[0] == 0x20).then_some(connack[3])
    }

    #[test]
    fn a_password_file_admits_exactly_its_users() {
        let broker = Mosquitto::start_with_passwords(&[("device", "s3cret pass")]);
        let port = broker.port();
        assert_eq!(
            connack_code(port, "device", "s3cret pass"),
            Some(0),
            "log:\n{}",
            broker.log()
        );
        assert_eq!(connack_code(port, "device", "wrong"), Some(5));
        assert!(!answers_mqtt(port), "anonymous clients are refused");
        let dir = broker.dir.clone();
        drop(broker);
        assert!(!dir.exists(), "the password file goes with the broker");
    }

    #[test]
    fn two_brokers_get_different_ports() {
        let a = Mosquitto::start();
        let b = Mosquitto::start_with_acl("topic readwrite #\n");
        assert_ne!(a.port(), b.port());
        assert!(answers_mqtt(a.port()) && answers_mqtt(b.port()));
    }
}
