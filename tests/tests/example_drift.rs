//! The CI drift guard on the example (issue 5 §3, issue 10 §4): `asyncapi-codegen check
//! --workspace` reads the backend's `[package.metadata.asyncapi-codegen]` table (the options
//! its build script reads with `Config::from_manifest()`), exits 0 when the committed
//! `frontend/src/__gen__` is what the contract generates, and 1, naming the package and every
//! differing file, after a spec edit or a hand edit of a generated file. The edits happen on
//! copies in a scratch workspace; the committed tree is only read.

use std::path::{Path, PathBuf};
use std::process::Command;
use workspace_tests::cli_binary::asyncapi_codegen;
use workspace_tests::example::{copy_tree, example_dir};
use workspace_tests::scratch::ScratchDir;
use workspace_tests::workspace_root;

struct Checked {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `asyncapi-codegen check --workspace --manifest-path <workspace>/Cargo.toml`, as the
/// README tells CI to run it: no option but where the workspace is.
fn check(workspace: &Path) -> Checked {
    let out = Command::new(asyncapi_codegen(Path::new(env!("CARGO_TARGET_TMPDIR"))))
        .args(["check", "--workspace", "--manifest-path"])
        .arg(workspace.join("Cargo.toml"))
        .output()
        .expect("run asyncapi-codegen");
    Checked {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The example's `[package.metadata.asyncapi-codegen]` table, verbatim: from its header to
/// the next table.
fn example_table() -> String {
    let manifest = example_dir().join("backend/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("read the example's Cargo.toml");
    let start = text
        .find("[package.metadata.asyncapi-codegen]")
        .expect("the example's Cargo.toml has the table");
    let rest = &text[start..];
    let end = rest[1..].find("\n[").map_or(rest.len(), |i| i + 2);
    rest[..end].to_string()
}

/// A scratch workspace laid out like the example: `asyncapi.yaml`, a `backend` package
/// carrying the example's table, and a copy of the committed `frontend/src/__gen__`.
/// Returns the workspace and the paths of its spec and `__gen__`.
fn scratch_copy(name: &str) -> (ScratchDir, PathBuf, PathBuf) {
    let root = ScratchDir::new(
        Path::new(env!("CARGO_TARGET_TMPDIR")),
        &format!("example-drift-{name}"),
    );
    root.write(
        "Cargo.toml",
        "[workspace]\nresolver = \"2\"\nmembers = [\"backend\"]\n",
    );
    root.write(
        "backend/Cargo.toml",
        &format!(
            "[package]\nname = \"monorepo-backend\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n{}",
            example_table()
        ),
    );
    root.write("backend/src/lib.rs", "");
    let spec = root.path().join("asyncapi.yaml");
    std::fs::copy(example_dir().join("asyncapi.yaml"), &spec).expect("copy the contract");
    let generated = root.path().join("frontend/src/__gen__");
    copy_tree(&example_dir().join("frontend/src/__gen__"), &generated);
    (root, spec, generated)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).expect("write the edit");
}

#[test]
fn the_committed_client_matches_the_contract() {
    let dir = example_dir();
    let run = check(&workspace_root());
    assert_eq!(
        run.code, 0,
        "examples/monorepo/frontend/src/__gen__ is stale: rebuild the backend (cargo build -p monorepo-backend) and commit it\n{}{}",
        run.stdout, run.stderr
    );
    assert!(
        run.stdout.starts_with("monorepo-backend ("),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("__gen__: up to date"), "{}", run.stdout);

    // The backend's build.rs ran before this test (it is a dependency) and rewrote
    // __gen__ if the contract or the generator changed, so the check above sees fresh files
    // either way. What was committed is what git knows: nothing there may differ.
    let status = Command::new("git")
        .args(["status", "--porcelain", "--untracked-files=all", "--"])
        .arg(dir.join("frontend/src/__gen__"))
        .current_dir(&dir)
        .output()
        .expect("git not found: apt-get install -y git (the drift guard compares with the commit)");
    assert!(
        status.status.success(),
        "git status failed (is this a git checkout?): {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let changed = String::from_utf8_lossy(&status.stdout);
    assert!(
        changed.trim().is_empty(),
        "the committed examples/monorepo/frontend/src/__gen__ is not what the build generates; commit the regenerated files:\n{changed}"
    );
}

#[test]
fn a_spec_edit_makes_check_fail_and_list_the_files() {
    let (root, spec, _generated) = scratch_copy("spec-edit");
    let fresh = check(root.path());
    assert_eq!(
        fresh.code, 0,
        "a fresh copy is up to date\n{}{}",
        fresh.stdout, fresh.stderr
    );
    // The contract gains a status property: the payload class changes.
    edit(
        &spec,
        "        uptimeSeconds:\n",
        "        rssi:\n          type: integer\n        uptimeSeconds:\n",
    );
    let run = check(root.path());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("  differs  payloads/DeviceStatus.ts"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("out of date: monorepo-backend;"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_hand_edit_of_a_generated_file_makes_check_fail_and_list_it() {
    let (root, _spec, generated) = scratch_copy("hand-edit");
    let file = generated.join("payloads/TelemetryReading.ts");
    let text = std::fs::read_to_string(&file).expect("read a generated file");
    std::fs::write(&file, format!("{text}// tweaked by hand\n")).expect("hand edit");
    let run = check(root.path());
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let listed: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("    "))
        .collect();
    assert_eq!(
        listed,
        ["    differs  payloads/TelemetryReading.ts"],
        "only the edited file differs: {}",
        run.stdout
    );
}
