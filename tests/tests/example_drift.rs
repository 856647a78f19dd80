//! The CI drift guard on the example (issue 5 §3): `asyncapi-codegen check` exits 0 when the
//! committed `frontend/src/__gen__` is what the contract generates, and 1, listing every
//! differing file, after a spec edit or a hand edit of a generated file. The edits happen on
//! copies; the committed tree is only read.

use std::path::{Path, PathBuf};
use std::process::Command;
use workspace_tests::cli_binary::asyncapi_codegen;
use workspace_tests::example::{copy_tree, example_dir};

struct Checked {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `asyncapi-codegen check <spec> --typescript <dir> --perspective client`, as the README
/// tells CI to run it.
fn check(spec: &Path, dir: &Path) -> Checked {
    let out = Command::new(asyncapi_codegen(Path::new(env!("CARGO_TARGET_TMPDIR"))))
        .arg("check")
        .arg(spec)
        .arg("--typescript")
        .arg(dir)
        .args(["--perspective", "client"])
        .output()
        .expect("run asyncapi-codegen");
    Checked {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A scratch copy of the contract and the committed client: `(spec, __gen__)`.
fn scratch_copy(name: &str) -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("example-drift-{name}"));
    if root.exists() {
        std::fs::remove_dir_all(&root).expect("clear scratch dir");
    }
    std::fs::create_dir_all(&root).expect("mkdir scratch dir");
    let spec = root.join("asyncapi.yaml");
    std::fs::copy(example_dir().join("asyncapi.yaml"), &spec).expect("copy the contract");
    let generated = root.join("__gen__");
    copy_tree(&example_dir().join("frontend/src/__gen__"), &generated);
    (spec, generated)
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
    let run = check(
        &dir.join("asyncapi.yaml"),
        &dir.join("frontend/src/__gen__"),
    );
    assert_eq!(
        run.code, 0,
        "examples/monorepo/frontend/src/__gen__ is stale: rebuild the backend (cargo build -p monorepo-backend) and commit it\n{}{}",
        run.stdout, run.stderr
    );
    assert!(run.stdout.contains("up to date"), "{}", run.stdout);

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
    let (spec, generated) = scratch_copy("spec-edit");
    assert_eq!(
        check(&spec, &generated).code,
        0,
        "a fresh copy is up to date"
    );
    // The contract gains a status property: the payload class changes.
    edit(
        &spec,
        "        uptimeSeconds:\n",
        "        rssi:\n          type: integer\n        uptimeSeconds:\n",
    );
    let run = check(&spec, &generated);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("payloads/DeviceStatus.ts"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("out of date"), "{}", run.stderr);
}

#[test]
fn a_hand_edit_of_a_generated_file_makes_check_fail_and_list_it() {
    let (spec, generated) = scratch_copy("hand-edit");
    let file = generated.join("payloads/TelemetryReading.ts");
    let text = std::fs::read_to_string(&file).expect("read a generated file");
    std::fs::write(&file, format!("{text}// tweaked by hand\n")).expect("hand edit");
    let run = check(&spec, &generated);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let listed: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(
        listed.len(),
        1,
        "only the edited file differs: {}",
        run.stdout
    );
    assert!(
        listed[0].contains("payloads/TelemetryReading.ts"),
        "{}",
        run.stdout
    );
}
