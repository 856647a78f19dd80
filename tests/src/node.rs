//! The JavaScript tools the TypeScript tests drive: `node`, and the npm packages pinned in the
//! workspace's `package-lock.json` (TypeScript 5.9 and 7, prettier, esbuild).
//!
//! Every tool is taken from `<workspace>/node_modules` so that the versions are the locked
//! ones. A missing tool fails the test with the command that installs it; nothing is skipped.

use crate::workspace_root;
use std::ffi::OsStr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one tool run may take before it is killed and the test fails.
const TOOL_TIMEOUT: Duration = Duration::from_secs(300);

/// The two TypeScript compilers the generated code must satisfy (GUIDE §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeScript {
    /// `typescript` 5.9, the JavaScript compiler.
    V5_9,
    /// TypeScript 7, the native compiler, installed under the npm alias `typescript7`.
    V7,
}

impl TypeScript {
    /// Both compilers.
    pub const ALL: [TypeScript; 2] = [TypeScript::V5_9, TypeScript::V7];

    /// Short name for directories and messages: `ts5.9` or `ts7`.
    pub fn label(self) -> &'static str {
        match self {
            TypeScript::V5_9 => "ts5.9",
            TypeScript::V7 => "ts7",
        }
    }

    /// The package's `tsc` entry point. Both packages declare a `tsc` bin, so
    /// `node_modules/.bin/tsc` is ambiguous; we call each package's own.
    pub fn tsc(self) -> PathBuf {
        let package = match self {
            TypeScript::V5_9 => "typescript",
            TypeScript::V7 => "typescript7",
        };
        npm_file(&format!("{package}/bin/tsc"))
    }
}

/// `<workspace>/node_modules`, which `npm ci` fills from the committed lock file.
pub fn node_modules() -> PathBuf {
    installed_node_modules(&workspace_root()).unwrap_or_else(|message| panic!("{message}"))
}

/// `<root>/node_modules` when `npm ci` filled it, else the message that says how to.
fn installed_node_modules(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join("node_modules");
    if dir.join(".package-lock.json").is_file() {
        Ok(dir)
    } else {
        Err(format!(
            "{} is missing or incomplete: run `npm ci` in the workspace root",
            dir.display()
        ))
    }
}

/// A file inside an installed npm package, e.g. `prettier/bin/prettier.cjs`.
pub fn npm_file(relative: &str) -> PathBuf {
    let path = node_modules().join(relative);
    assert!(
        path.is_file(),
        "{} is missing: run `npm ci` in the workspace root",
        path.display()
    );
    path
}

/// The `node` binary (from `PATH`), checked to run.
pub fn node() -> PathBuf {
    let ok = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "node not found: install Node.js 20 or later (apt-get install -y nodejs npm), then run `npm ci` in the workspace root"
    );
    PathBuf::from("node")
}

/// What a finished tool run printed.
#[derive(Debug, Clone)]
pub struct Output {
    /// Whether it exited with status 0.
    pub success: bool,
    /// Standard output and standard error, in that order.
    pub text: String,
}

/// Runs `node <script> <args>` in `cwd` with extra environment variables, killing it after
/// five minutes (`TOOL_TIMEOUT`).
pub fn run_node<S: AsRef<OsStr>>(
    script: &Path,
    args: &[S],
    cwd: &Path,
    env: &[(&str, String)],
) -> Output {
    let mut cmd = Command::new(node());
    cmd.arg(script).args(args).current_dir(cwd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(cmd)
}

/// Runs `tsc` of the given version with `args` in `cwd`; panics with the compiler's output
/// unless it succeeds.
pub fn tsc<S: AsRef<OsStr>>(ts: TypeScript, args: &[S], cwd: &Path) {
    let mut all: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
    all.push(OsStr::new("--pretty"));
    all.push(OsStr::new("false"));
    let out = run_node(&ts.tsc(), &all, cwd, &[]);
    assert!(
        out.success,
        "{} failed in {} with {:?}:\n{}",
        ts.label(),
        cwd.display(),
        args.iter()
            .map(|a| a.as_ref().to_string_lossy())
            .collect::<Vec<_>>(),
        out.text
    );
}

/// Compiles the project whose `tsconfig.json` is `project` (`tsc -p`).
pub fn tsc_project(ts: TypeScript, project: &Path) {
    let dir = project.parent().expect("a tsconfig has a directory");
    tsc(ts, &[OsStr::new("-p"), project.as_os_str()], dir);
}

/// Builds the project `project` and its references (`tsc -b`), as `npm run build` of a
/// create-vite template does.
pub fn tsc_build(ts: TypeScript, project: &Path) {
    let dir = project.parent().expect("a tsconfig has a directory");
    tsc(ts, &[OsStr::new("-b"), project.as_os_str()], dir);
}

/// `prettier --check` of every file under `dir` with the given config; panics with the
/// list of files prettier would change.
pub fn prettier_check(config: &Path, dir: &Path) {
    // Prettier skips what .gitignore lists by default, and test output lives in ignored
    // directories, so point --ignore-path at a file that ignores nothing.
    let no_ignores = dir.join(".prettier-ignore-nothing");
    std::fs::write(&no_ignores, "").expect("write an empty ignore file");
    let out = run_node(
        &npm_file("prettier/bin/prettier.cjs"),
        &[
            OsStr::new("--check"),
            OsStr::new("--config"),
            config.as_os_str(),
            OsStr::new("--ignore-path"),
            no_ignores.as_os_str(),
            OsStr::new("."),
        ],
        dir,
        &[],
    );
    let _ = std::fs::remove_file(&no_ignores);
    assert!(
        out.success,
        "prettier --check failed in {}:\n{}",
        dir.display(),
        out.text
    );
}

/// Bundles `entry` into one ES module `outfile` for node with esbuild (the transpiler Vite
/// uses), leaving the `external` packages as imports. This is how extensionless imports
/// such as GUIDE §3's `./__gen__/channels` are run: the way a frontend bundler resolves them.
pub fn bundle(entry: &Path, outfile: &Path, external: &[&str]) {
    let mut args: Vec<String> = vec![
        entry.display().to_string(),
        "--bundle".into(),
        "--platform=node".into(),
        "--format=esm".into(),
        "--target=node20".into(),
        format!("--outfile={}", outfile.display()),
        "--log-level=warning".into(),
    ];
    args.extend(external.iter().map(|e| format!("--external:{e}")));
    let dir = entry.parent().expect("an entry file has a directory");
    let out = esbuild(&args, dir);
    assert!(
        out.success,
        "esbuild failed for {}:\n{}",
        entry.display(),
        out.text
    );
}

/// Runs the workspace's esbuild with `args` in `dir`.
pub fn esbuild(args: &[String], dir: &Path) -> Output {
    let esbuild = npm_file("esbuild/bin/esbuild");
    // esbuild's bin is a node script until its install step swaps in the native binary.
    let is_script = std::fs::read(&esbuild).is_ok_and(|b| b.starts_with(b"#!"));
    if is_script {
        run_node(&esbuild, args, dir, &[])
    } else {
        let mut cmd = Command::new(&esbuild);
        cmd.args(args).current_dir(dir);
        run(cmd)
    }
}

/// The counts of a `node --test` run's TAP summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TapSummary {
    /// `# pass N`.
    pub pass: u64,
    /// `# fail N`.
    pub fail: u64,
}

/// Reads the `# pass N` and `# fail N` lines of a TAP stream (the last ones win: they are
/// the run's totals).
pub fn parse_tap_summary(tap: &str) -> Option<TapSummary> {
    let count = |prefix: &str| {
        tap.lines()
            .rev()
            .find_map(|l| l.trim().strip_prefix(prefix)?.trim().parse::<u64>().ok())
    };
    Some(TapSummary {
        pass: count("# pass ")?,
        fail: count("# fail ")?,
    })
}

/// Runs `node --test` on `files` (compiled JavaScript) in `cwd` with extra environment
/// variables. Panics with the full TAP output unless the run succeeded with `# fail 0` and
/// at least `min_pass` passing tests; returns the summary.
pub fn node_test(
    files: &[PathBuf],
    cwd: &Path,
    env: &[(&str, String)],
    min_pass: u64,
) -> TapSummary {
    let mut cmd = Command::new(node());
    // The files run in parallel: the tests wait on the network, not the CPU, and each one
    // uses topics of its own.
    cmd.arg("--test")
        .arg("--test-reporter=tap")
        .arg(format!("--test-concurrency={}", files.len().max(1)))
        .args(files)
        .current_dir(cwd);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = run(cmd);
    let summary = parse_tap_summary(&out.text);
    match summary {
        Some(s) if out.success && s.fail == 0 && s.pass >= min_pass => {
            // The tests' own measurements (`t.diagnostic`), indented under their test;
            // shown with `cargo test -- --nocapture`.
            for line in out.text.lines() {
                let text = line.trim_start();
                if line.starts_with("    ")
                    && text.starts_with("# ")
                    && !text.starts_with("# Subtest:")
                {
                    println!("{text}");
                }
            }
            s
        }
        _ => panic!(
            "node --test failed (summary {summary:?}, expected fail 0 and pass >= {min_pass}):\n{}",
            out.text
        ),
    }
}

/// Runs a command to completion with [`TOOL_TIMEOUT`], collecting both output streams.
fn run(mut cmd: Command) -> Output {
    let description = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {description}: {e}"));
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    // Drain both pipes on threads so a chatty child never blocks on a full pipe.
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let deadline = Instant::now() + TOOL_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for child") {
            break Some(status);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut text = String::from_utf8_lossy(&out_reader.join().unwrap_or_default()).into_owned();
    text.push_str(&String::from_utf8_lossy(
        &err_reader.join().unwrap_or_default(),
    ));
    match status {
        Some(status) => Output {
            success: status.success(),
            text,
        },
        None => Output {
            success: false,
            text: format!("killed after {TOOL_TIMEOUT:?}: {description}\n{text}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_packages_name_the_install_command() {
        let empty = std::env::temp_dir().join(format!("no-node-modules-{}", std::process::id()));
        std::fs::create_dir_all(&empty).unwrap();
        let message = installed_node_modules(&empty).unwrap_err();
        assert!(
            message.contains("run `npm ci` in the workspace root"),
            "{message}"
        );
        std::fs::remove_dir_all(&empty).unwrap();
        assert!(
            installed_node_modules(&workspace_root()).is_ok(),
            "this checkout ran npm ci"
        );
    }

    #[test]
    fn tap_summary_takes_the_totals() {
        let tap = "TAP version 13\n# Subtest: a\nok 1 - a\n  # pass 9\n1..1\n# tests 1\n# pass 1\n# fail 0\n";
        assert_eq!(
            parse_tap_summary(tap),
            Some(TapSummary { pass: 1, fail: 0 })
        );
        assert_eq!(parse_tap_summary("ok 1\n"), None);
        assert_eq!(
            parse_tap_summary("# pass 3\n# fail 2\n"),
            Some(TapSummary { pass: 3, fail: 2 })
        );
    }
}
