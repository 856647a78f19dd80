//! `asyncapi-codegen check --workspace` and `generate --workspace` (issue 10 §4): the options
//! come from each package's `[package.metadata.asyncapi-codegen]` table, found with
//! `cargo metadata` in real scratch workspaces, and a real `cargo build` of a package whose
//! build.rs is `Config::from_manifest()?.generate()?` produces exactly what the check
//! expects. Every scratch workspace is removed when its test ends.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use workspace_tests::cli_binary::asyncapi_codegen;
use workspace_tests::scratch::ScratchDir;
use workspace_tests::workspace_root;

const MARKER: &str = asyncapi_codegen_core::emit::GENERATED_MARKER;

/// A send-only document: the application publishes, its client subscribes, so the two
/// perspectives generate different `channels/index.ts`.
const SPEC: &str = "\
asyncapi: 3.0.0
info:
  title: Account Service
  version: 1.0.0
channels:
  userSignups:
    address: user/signedup
    messages:
      userSignedup:
        $ref: '#/components/messages/UserSignedUp'
operations:
  publishUserSignups:
    action: send
    channel:
      $ref: '#/channels/userSignups'
components:
  messages:
    UserSignedUp:
      payload:
        type: object
        properties:
          displayName:
            type: string
          email:
            type: string
            format: email
";

/// The payload class of [`SPEC`].
const PAYLOAD: &str = "payloads/UserSignedup.ts";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(asyncapi_codegen(Path::new(env!("CARGO_TARGET_TMPDIR"))))
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .expect("asyncapi-codegen runs");
    Run {
        code: status.code().expect("exited, not killed"),
        stdout: String::from_utf8(stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(stderr).expect("UTF-8 stderr"),
    }
}

fn scratch(name: &str) -> ScratchDir {
    ScratchDir::new(
        &Path::new(env!("CARGO_TARGET_TMPDIR")).join("check-workspace"),
        name,
    )
}

/// A workspace member `name` with `table` as its `[package.metadata.asyncapi-codegen]`
/// (none when empty) and a copy of [`SPEC`] next to its Cargo.toml.
fn member(ws: &ScratchDir, name: &str, table: &str) {
    let table = if table.is_empty() {
        String::new()
    } else {
        format!("\n[package.metadata.asyncapi-codegen]\n{table}")
    };
    ws.write(
        &format!("{name}/Cargo.toml"),
        &format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n{table}"
        ),
    );
    ws.write(&format!("{name}/src/lib.rs"), "");
    ws.write(&format!("{name}/asyncapi.yaml"), SPEC);
}

fn workspace(ws: &ScratchDir, members: &[&str]) {
    let members: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    ws.write(
        "Cargo.toml",
        &format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    );
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    fs::write(path, text.replacen(from, to, 1)).expect("write the edit");
}

#[test]
fn fresh_passes_and_drift_names_each_package_and_file() {
    let ws = scratch("drift");
    workspace(&ws, &["alpha", "beta", "plain"]);
    member(
        &ws,
        "alpha",
        "spec = \"asyncapi.yaml\"\ntypescript-out = \"gen\"\n",
    );
    member(
        &ws,
        "beta",
        "spec = \"asyncapi.yaml\"\ntypescript-out = \"../web/src/__gen__\"\nperspective = \"client\"\n",
    );
    member(&ws, "plain", "");

    // Nothing generated yet: every file of both packages is missing.
    let missing = run(ws.path(), &["check", "--workspace"]);
    assert_eq!(missing.code, 1, "{}{}", missing.stdout, missing.stderr);
    assert!(
        missing
            .stderr
            .contains("the generated files of 2 of 2 package(s) are out of date: alpha, beta;"),
        "{}",
        missing.stderr
    );
    assert!(
        !ws.path().join("alpha/gen").exists(),
        "check wrote something"
    );

    let generated = run(ws.path(), &["generate", "--workspace"]);
    assert_eq!(generated.code, 0, "{}", generated.stderr);
    assert!(
        generated.stdout.contains("alpha (alpha/Cargo.toml):\n")
            && generated.stdout.contains("  alpha/gen: ")
            && generated.stdout.contains("beta (beta/Cargo.toml):\n")
            && generated.stdout.contains("  web/src/__gen__: "),
        "{}",
        generated.stdout
    );
    assert!(!generated.stdout.contains("plain"), "{}", generated.stdout);
    // Each package got its own options: beta is the client of the document's application.
    let index =
        |dir: &str| fs::read_to_string(ws.path().join(dir).join("channels/index.ts")).unwrap();
    assert!(index("alpha/gen").contains("publishToUserSignedup"));
    assert!(index("web/src/__gen__").contains("subscribeToUserSignedup"));
    assert!(!index("web/src/__gen__").contains("publishToUserSignedup"));

    // Fresh: exit 0, from the workspace root or from inside a member.
    let fresh = run(ws.path(), &["check", "--workspace"]);
    assert_eq!(fresh.code, 0, "{}{}", fresh.stdout, fresh.stderr);
    let lines: Vec<&str> = fresh.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", fresh.stdout);
    assert_eq!(lines[0], "alpha (alpha/Cargo.toml):");
    assert!(
        lines[1].starts_with("  alpha/gen: up to date ("),
        "{}",
        fresh.stdout
    );
    assert_eq!(lines[2], "beta (beta/Cargo.toml):");
    assert!(
        lines[3].starts_with("  web/src/__gen__: up to date ("),
        "{}",
        fresh.stdout
    );
    assert_eq!(fresh.stderr, "");
    let nested = run(&ws.path().join("plain"), &["check", "--workspace"]);
    assert_eq!(nested.code, 0, "{}{}", nested.stdout, nested.stderr);

    // A spec edit in beta: only beta is out of date, and the payload class is named.
    edit(
        &ws.path().join("beta/asyncapi.yaml"),
        "          email:\n",
        "          age:\n            type: integer\n          email:\n",
    );
    let out = run(ws.path(), &["check", "--workspace"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let beta = &out.stdout[out.stdout.find("beta (").expect("beta is reported")..];
    assert_eq!(
        beta,
        format!("beta (beta/Cargo.toml):\n  web/src/__gen__: 1 file(s) out of date\n    differs  {PAYLOAD}\n")
    );
    assert!(
        out.stdout
            .starts_with("alpha (alpha/Cargo.toml):\n  alpha/gen: up to date ("),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr
            .contains("out of date: beta; run `asyncapi-codegen generate --workspace`"),
        "{}",
        out.stderr
    );

    // A deleted and a stale generated file in alpha: both packages listed, with --manifest-path
    // from elsewhere.
    fs::remove_file(ws.path().join("alpha/gen/channels/index.ts")).unwrap();
    ws.write("alpha/gen/payloads/Old.ts", &format!("// {MARKER}\n"));
    let manifest = ws.path().join("Cargo.toml");
    let out = run(
        &workspace_root(),
        &[
            "check",
            "--workspace",
            "--manifest-path",
            manifest.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .contains("  missing  channels/index.ts\n    stale    payloads/Old.ts\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains(&format!("    differs  {PAYLOAD}\n")),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr.contains("out of date: alpha, beta;"),
        "{}",
        out.stderr
    );

    // generate --workspace puts everything back.
    assert_eq!(run(ws.path(), &["generate", "--workspace"]).code, 0);
    assert_eq!(run(ws.path(), &["check", "--workspace"]).code, 0);
}

#[test]
fn an_invalid_table_is_reported_located_and_the_others_still_checked() {
    let ws = scratch("invalid");
    workspace(&ws, &["good", "bad"]);
    member(
        &ws,
        "good",
        "spec = \"asyncapi.yaml\"\ntypescript-out = \"gen\"\n",
    );
    member(
        &ws,
        "bad",
        "spec = \"asyncapi.yaml\"\ntypescript_out = \"gen\"\nperspective = \"server\"\n",
    );
    assert_eq!(run(ws.path(), &["generate", "--workspace"]).code, 1);
    let out = run(ws.path(), &["check", "--workspace"]);
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout
            .starts_with("good (good/Cargo.toml):\n  good/gen: up to date ("),
        "{}",
        out.stdout
    );
    let manifest = ws.path().join("bad/Cargo.toml");
    let m = manifest.display();
    assert_eq!(
        out.stderr,
        format!(
            "bad: its [package.metadata.asyncapi-codegen] table is invalid:\n\
             error: {m}:7:1 (package.metadata.asyncapi-codegen): no output: neither `typescript-out` nor `rust-out` is set; add typescript-out = \"../frontend/src/__gen__\" (a directory of its own) and/or rust-out = \"asyncapi.rs\"\n\
             error: {m}:9:1 (package.metadata.asyncapi-codegen.typescript_out): unknown key; the keys are kebab-case: write `typescript-out`\n\
             error: {m}:10:15 (package.metadata.asyncapi-codegen.perspective): must be \"application\" or \"client\", found \"server\"; write perspective = \"client\" for a frontend generated from its backend's document, or leave it out for \"application\"\n\
             error: 1 of 2 package(s) could not be checked: bad\n"
        )
    );
}

#[test]
fn workspace_usage_and_setup_errors() {
    let ws = scratch("usage");
    workspace(&ws, &["plain"]);
    member(&ws, "plain", "");

    let none = run(ws.path(), &["check", "--workspace"]);
    assert_eq!(none.code, 1);
    assert!(
        none.stderr
            .starts_with("error: no package of the workspace at ")
            && none
                .stderr
                .contains("has a [package.metadata.asyncapi-codegen] table"),
        "{}",
        none.stderr
    );

    let missing = run(
        ws.path(),
        &[
            "check",
            "--workspace",
            "--manifest-path",
            "nowhere/Cargo.toml",
        ],
    );
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.starts_with("error: `cargo metadata` failed")
            && missing.stderr.contains("nowhere/Cargo.toml"),
        "{}",
        missing.stderr
    );

    for (args, message) in [
        (
            &["check", "--workspace", "plain/asyncapi.yaml"][..],
            "error: `check --workspace` takes no document",
        ),
        (
            &["check", "--workspace", "--perspective", "client"][..],
            "error: `check --workspace` takes its options from each package's",
        ),
        (
            &["generate", "--manifest-path", "Cargo.toml"][..],
            "error: --manifest-path goes with --workspace",
        ),
    ] {
        let out = run(ws.path(), args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.starts_with(message), "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "");
    }
}

/// A standalone backend whose build.rs is `Config::from_manifest()?.generate()?`, built by a
/// real cargo (offline, with the workspace's lock file and toolchain).
struct Backend {
    root: ScratchDir,
}

impl Backend {
    fn new(name: &str, table: &str) -> Backend {
        let root = scratch(name);
        let codegen_build = workspace_root().join("codegen-build");
        root.write(
            "backend/Cargo.toml",
            &format!(
                "[package]\nname = \"check-workspace-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\nbuild = \"build.rs\"\n\n\
                 [package.metadata.asyncapi-codegen]\n{table}\n\
                 [build-dependencies]\n\
                 # The build script needs no CLI, so no cargo_metadata either.\n\
                 asyncapi-codegen-build = {{ path = {:?}, default-features = false }}\n\n\
                 [workspace]\n",
                codegen_build.to_str().expect("UTF-8 workspace path")
            ),
        );
        root.write(
            "backend/build.rs",
            "fn main() -> Result<(), Box<dyn std::error::Error>> {\n    \
             asyncapi_codegen_build::Config::from_manifest()?.generate()?;\n    Ok(())\n}\n",
        );
        root.write("backend/src/lib.rs", "");
        root.write("backend/asyncapi.yaml", SPEC);
        fs::copy(
            workspace_root().join("Cargo.lock"),
            root.path().join("backend/Cargo.lock"),
        )
        .unwrap();
        fs::copy(
            workspace_root().join("rust-toolchain.toml"),
            root.path().join("rust-toolchain.toml"),
        )
        .unwrap();
        Backend { root }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    /// `cargo build` of the backend, sharing build_script.rs's target directory so the
    /// dependencies compile once.
    fn cargo_build(&self) -> Output {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-script-target");
        Command::new(cargo)
            .args(["build", "--offline"])
            .current_dir(self.path("backend"))
            .env("CARGO_TARGET_DIR", target)
            .env_remove("CARGO_MANIFEST_DIR")
            .env_remove("OUT_DIR")
            .output()
            .expect("cargo runs")
    }

    fn build(&self) {
        let output = self.cargo_build();
        assert!(
            output.status.success(),
            "cargo build failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn check_workspace(&self) -> Run {
        run(
            self.root.path(),
            &[
                "check",
                "--workspace",
                "--manifest-path",
                "backend/Cargo.toml",
            ],
        )
    }

    fn index(&self) -> String {
        fs::read_to_string(self.path("frontend/src/__gen__/channels/index.ts")).unwrap()
    }
}

#[test]
fn check_workspace_uses_exactly_the_build_scripts_options() {
    let backend = Backend::new(
        "same-options",
        "spec = \"asyncapi.yaml\"\ntypescript-out = \"../frontend/src/__gen__\"\nperspective = \"client\"\n",
    );
    backend.build();
    assert!(
        backend.index().contains("subscribeToUserSignedup"),
        "the build script read perspective = \"client\""
    );
    assert!(!backend.index().contains("publishToUserSignedup"));

    // No flags: the table's options, so the build's output is fresh.
    let fresh = backend.check_workspace();
    assert_eq!(fresh.code, 0, "{}{}", fresh.stdout, fresh.stderr);
    assert!(
        fresh.stdout.contains("frontend/src/__gen__: up to date ("),
        "{}",
        fresh.stdout
    );

    // The explicit form without the table's perspective disagrees with the build; with it,
    // it agrees.
    let explicit = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "backend/asyncapi.yaml",
            "--typescript",
            "frontend/src/__gen__",
        ];
        args.extend_from_slice(extra);
        run(backend.root.path(), &args)
    };
    let without = explicit(&[]);
    assert_eq!(without.code, 1, "{}{}", without.stdout, without.stderr);
    assert!(
        without.stdout.contains("  differs  channels/index.ts\n"),
        "{}",
        without.stdout
    );
    assert_eq!(explicit(&["--perspective", "client"]).code, 0);

    // Editing the table changes what check expects at once, and reruns the build script
    // (it printed cargo:rerun-if-changed for Cargo.toml), which catches up.
    edit(
        &backend.path("backend/Cargo.toml"),
        "perspective = \"client\"\n",
        "perspective = \"client\"\nboth-directions = true\n",
    );
    let stale = backend.check_workspace();
    assert_eq!(stale.code, 1, "{}{}", stale.stdout, stale.stderr);
    assert!(
        stale.stdout.contains("    differs  channels/index.ts\n"),
        "{}",
        stale.stdout
    );
    backend.build();
    assert!(
        backend.index().contains("publishToUserSignedup"),
        "the build script did not rerun after the table changed"
    );
    let fresh = backend.check_workspace();
    assert_eq!(fresh.code, 0, "{}{}", fresh.stdout, fresh.stderr);
}

#[test]
fn a_broken_table_fails_the_build_with_the_located_problem() {
    let backend = Backend::new(
        "broken-table",
        "spec = \"asyncapi.yaml\"\ntypescript-out = \"../frontend/src/__gen__\"\nperspective = \"server\"\n",
    );
    let output = backend.cargo_build();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    let manifest = backend.path("backend/Cargo.toml");
    assert!(
        stderr.contains(&format!(
            "{}:11:15 (package.metadata.asyncapi-codegen.perspective): must be \"application\" or \"client\", found \"server\"",
            manifest.display()
        )),
        "{stderr}"
    );
    assert!(
        !backend.path("frontend").exists(),
        "nothing is generated from a broken table"
    );
}
