//! Figures a test prints whether it passes or fails.

use std::io::Write;

/// Writes `text` and a newline straight to the process's stdout. libtest captures only the
/// `print!` family, so these lines also show in the log of a passing `cargo test` run (CI's),
/// where a `println!` would be swallowed.
pub fn print_figures(text: &str) {
    let mut out = std::io::stdout().lock();
    // A closed stdout loses the figures, never the test's verdict.
    let _ = writeln!(out, "{text}");
    let _ = out.flush();
}
