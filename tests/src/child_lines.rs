//! A child process's stdout as a channel of lines, read on a thread of its own, so a test can
//! wait for the next line with a timeout while the child runs.

use std::io::{BufRead, BufReader};
use std::process::Child;
use std::sync::mpsc;

/// Takes `child`'s piped stdout and sends each line on the returned channel until the child
/// closes it (or the receiver is dropped).
///
/// # Panics
/// When `child` was spawned without `Stdio::piped()` stdout.
pub fn stdout_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let stdout = child.stdout.take().expect("the child's stdout is piped");
    let (tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    lines
}
