//! The `asyncapi-codegen` binary, run as a user runs it: exit codes, stdout and stderr of
//! `validate`, `inspect`, `generate` and `check` (the CI drift guard).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use workspace_tests::cli_binary::asyncapi_codegen;
use workspace_tests::workspace_root;

const MARKER: &str = asyncapi_codegen_core::emit::GENERATED_MARKER;

/// The binary, built once per test process into the target directory these tests run from.
fn binary() -> &'static Path {
    asyncapi_codegen(Path::new(env!("CARGO_TARGET_TMPDIR")))
}

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
    } = Command::new(binary())
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

/// A scratch directory holding a copy of the build-script fixture's document and its
/// `$ref`'d schema, so that tests can edit them.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("schemas")).unwrap();
    let backend = workspace_root().join("tests/fixtures/build-script/backend");
    fs::copy(backend.join("asyncapi.yaml"), dir.join("asyncapi.yaml")).unwrap();
    fs::copy(
        backend.join("schemas/user.yaml"),
        dir.join("schemas/user.yaml"),
    )
    .unwrap();
    dir
}

/// The one payload class generated from the fixture (its name is the emitter's choice).
fn payload_file(generated: &Path) -> String {
    let payloads: Vec<String> = fs::read_dir(generated.join("payloads"))
        .expect("payloads/ generated")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "index.ts")
        .collect();
    assert_eq!(
        payloads.len(),
        1,
        "one payload class expected: {payloads:?}"
    );
    format!("payloads/{}", payloads[0])
}

#[test]
fn validate_accepts_a_valid_document() {
    let dir = scratch("validate-ok");
    let out = run(&dir, &["validate", "asyncapi.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "asyncapi.yaml: valid AsyncAPI 3.0.0 document (1 channel(s), 2 operation(s), 1 message(s))\n"
    );
    assert_eq!(out.stderr, "");
}

#[test]
fn validate_rejects_a_broken_document_with_located_diagnostics() {
    let dir = scratch("validate-broken");
    let text = fs::read_to_string(dir.join("asyncapi.yaml")).unwrap();
    fs::write(
        dir.join("asyncapi.yaml"),
        text.replacen("action: send", "action: sned", 1),
    )
    .unwrap();
    let out = run(&dir, &["validate", "asyncapi.yaml"]);
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "");
    assert_eq!(
        out.stderr,
        "error: asyncapi.yaml:13:13 (#/operations/publishUserSignups/action): `action` must be \
         `send` or `receive`, found `sned`; write `action: send` or `action: receive`\n  \
         --> asyncapi.yaml:13:13\n   |\n13 |     action: sned\n   |             ^\n"
    );

    let out = run(&dir, &["validate", "missing.yaml"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.starts_with("error: missing.yaml:1:1 (#): "),
        "{}",
        out.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = scratch("usage");
    for (args, message) in [
        (&[][..], "error: a command is required\n"),
        (
            &["validate"][..],
            "error: `validate` needs the path of an AsyncAPI document\n",
        ),
        (
            &["frobnicate", "a.yaml"][..],
            "error: unknown command `frobnicate`",
        ),
        (
            &["generate", "asyncapi.yaml"][..],
            "error: `generate` needs --typescript <dir>",
        ),
        (
            &[
                "check",
                "asyncapi.yaml",
                "--typescript",
                "out",
                "--perspective",
                "server",
            ][..],
            "error: --perspective must be `application` or `client`, not `server`\n",
        ),
    ] {
        let out = run(&dir, args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.starts_with(message), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr
                .contains("Usage:\n  asyncapi-codegen validate <spec>"),
            "{}",
            out.stderr
        );
        assert_eq!(out.stdout, "");
    }
    assert!(!dir.join("out").exists());

    let help = run(&dir, &["--help"]);
    assert_eq!(help.code, 0);
    for command in [
        "validate <spec>",
        "inspect <spec>",
        "generate <spec> [--typescript <dir>] [--rust <file.rs>]",
        "check <spec> [--typescript <dir>] [--rust <file.rs>]",
    ] {
        assert!(help.stdout.contains(command), "{}", help.stdout);
    }
}

#[test]
fn inspect_prints_the_model_as_deterministic_json() {
    let dir = scratch("inspect");
    let out = run(&dir, &["inspect", "asyncapi.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("inspect prints JSON");
    assert_eq!(json["asyncapi"], "3.0.0");
    assert_eq!(json["channels"][0]["id"], "userSignups");
    assert_eq!(json["channels"][0]["address"], "user/signedup");
    let actions: Vec<&str> = json["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["send", "receive"]);
    assert_eq!(
        run(&dir, &["inspect", "asyncapi.yaml"]).stdout,
        out.stdout,
        "not deterministic"
    );

    let missing = run(&dir, &["inspect", "missing.yaml"]);
    assert_eq!((missing.code, missing.stdout.as_str()), (1, ""));
}

#[test]
fn generate_writes_the_client_and_reports_what_changed() {
    let dir = scratch("generate");
    let out = run(&dir, &["generate", "asyncapi.yaml", "--typescript", "gen"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.contains("  created  channels/index.ts\n"),
        "{}",
        out.stdout
    );
    let payload = payload_file(&dir.join("gen"));
    assert!(
        out.stdout.contains(&format!("  created  {payload}\n")),
        "{}",
        out.stdout
    );
    let index = fs::read_to_string(dir.join("gen/channels/index.ts")).unwrap();
    assert!(index.lines().next().unwrap().contains(MARKER));
    assert!(index.contains("publishToUserSignedup"), "{index}");

    let again = run(&dir, &["generate", "asyncapi.yaml", "--typescript", "gen"]);
    assert_eq!(again.code, 0);
    assert!(
        again
            .stdout
            .starts_with("gen: 0 created, 0 updated, 0 removed, "),
        "{}",
        again.stdout
    );

    // `--perspective` and `--both-directions` reach the emitter, and `check` compares with
    // the same options. With only the `send` operation left, the application publishes and
    // its client subscribes.
    let spec = fs::read_to_string(dir.join("asyncapi.yaml")).unwrap();
    let receive = "  consumeUserSignups:\n    action: receive\n    channel:\n      $ref: '#/channels/userSignups'\n";
    assert!(spec.contains(receive));
    fs::write(dir.join("asyncapi.yaml"), spec.replace(receive, "")).unwrap();
    let index = |options: &[&str]| {
        let mut args = vec!["generate", "asyncapi.yaml", "--typescript", "gen"];
        args.extend_from_slice(options);
        let out = run(&dir, &args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let mut check = args.clone();
        check[0] = "check";
        assert_eq!(
            run(&dir, &check).code,
            0,
            "check disagrees with generate for {options:?}"
        );
        let text = fs::read_to_string(dir.join("gen/channels/index.ts")).unwrap();
        (
            text.contains("publishToUserSignedup"),
            text.contains("subscribeToUserSignedup"),
        )
    };
    assert_eq!(index(&[]), (true, false));
    assert_eq!(index(&["--perspective", "client"]), (false, true));
    assert_eq!(
        index(&["--perspective=application", "--both-directions"]),
        (true, true)
    );
    let stale = run(&dir, &["check", "asyncapi.yaml", "--typescript", "gen"]);
    assert_eq!(stale.code, 1, "check ignored --both-directions");
}

#[test]
fn check_passes_when_fresh_and_lists_every_drifted_file() {
    let dir = scratch("check");
    let args = ["check", "asyncapi.yaml", "--typescript", "gen"];

    // Nothing generated yet: every file is missing, and check writes nothing.
    let out = run(&dir, &args);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("  missing  channels/index.ts\n"),
        "{}",
        out.stdout
    );
    assert!(
        out.stderr
            .contains("the generated TypeScript is out of date"),
        "{}",
        out.stderr
    );
    assert!(!dir.join("gen").exists(), "check wrote something");

    assert_eq!(
        run(&dir, &["generate", "asyncapi.yaml", "--typescript", "gen"]).code,
        0
    );
    let fresh = run(&dir, &args);
    assert_eq!(fresh.code, 0, "{}{}", fresh.stdout, fresh.stderr);
    assert!(
        fresh.stdout.starts_with("gen: up to date ("),
        "{}",
        fresh.stdout
    );

    // A hand edit of a generated file, a stale generated file, and a user file (ignored).
    let payload_rel = payload_file(&dir.join("gen"));
    let payload = dir.join("gen").join(&payload_rel);
    let mut text = fs::read_to_string(&payload).unwrap();
    text.push_str("// tweaked by hand\n");
    fs::write(&payload, &text).unwrap();
    fs::write(dir.join("gen/payloads/Old.ts"), format!("// {MARKER}\n")).unwrap();
    fs::write(dir.join("gen/notes.md"), "mine\n").unwrap();
    let out = run(&dir, &args);
    assert_eq!(out.code, 1);
    let mut drift = [
        ("payloads/Old.ts".to_string(), "stale"),
        (payload_rel.clone(), "differs"),
    ];
    drift.sort();
    let listed: String = drift
        .iter()
        .map(|(path, label)| format!("  {label:<8} {path}\n"))
        .collect();
    assert_eq!(out.stdout, format!("gen: 2 file(s) out of date\n{listed}"));
    assert_eq!(
        fs::read_to_string(&payload).unwrap(),
        text,
        "check wrote something"
    );

    // A spec edit (in the `$ref`'d schema) after regenerating.
    assert_eq!(
        run(&dir, &["generate", "asyncapi.yaml", "--typescript", "gen"]).code,
        0
    );
    assert_eq!(run(&dir, &args).code, 0);
    let schema = dir.join("schemas/user.yaml");
    let mut schema_text = fs::read_to_string(&schema).unwrap();
    schema_text.push_str("  favouriteColour:\n    type: string\n");
    fs::write(&schema, schema_text).unwrap();
    let out = run(&dir, &args);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains(&format!("  differs  {payload_rel}\n")),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("notes.md"), "{}", out.stdout);

    // A broken document is reported, not mistaken for drift.
    fs::write(&schema, "type: [oops\n").unwrap();
    let out = run(&dir, &args);
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.starts_with("error: schemas/user.yaml:"),
        "{}",
        out.stderr
    );
}

/// `generate --rust` writes exactly what a build script's `Config::rust_out` writes (the
/// same code path), `check --rust` compares it, and a hand-edited file is reported.
#[test]
fn generate_and_check_the_rust_output() {
    let dir = scratch("rust-output");
    let generate = run(
        &dir,
        &["generate", "asyncapi.yaml", "--rust", "gen/contract.rs"],
    );
    assert_eq!(generate.code, 0, "{}", generate.stderr);
    assert_eq!(generate.stdout, "gen/contract.rs: written\n");
    let written = fs::read_to_string(dir.join("gen/contract.rs")).unwrap();
    assert!(written.starts_with(&format!("// {MARKER}")), "{written}");

    let expected_dir = dir.join("expected");
    asyncapi_codegen_build::Config::new("asyncapi.yaml")
        .base_dir(&dir)
        .rust_out_dir(&expected_dir)
        .rust_out("contract.rs")
        .generate()
        .expect("the builder writes the same document's Rust");
    assert_eq!(
        written,
        fs::read_to_string(expected_dir.join("contract.rs")).unwrap(),
        "the CLI and the builder disagree"
    );
    syn::parse_file(&written).expect("the Rust output parses");

    let fresh = run(
        &dir,
        &["check", "asyncapi.yaml", "--rust", "gen/contract.rs"],
    );
    assert_eq!(
        (fresh.code, fresh.stdout.as_str()),
        (0, "gen/contract.rs: up to date\n")
    );
    fs::write(
        dir.join("gen/contract.rs"),
        written.replace("pub ", "pub(crate) "),
    )
    .unwrap();
    let stale = run(
        &dir,
        &["check", "asyncapi.yaml", "--rust", "gen/contract.rs"],
    );
    assert_eq!(stale.code, 1);
    assert_eq!(stale.stdout, "gen/contract.rs: differs\n");
    assert!(
        stale
            .stderr
            .contains("run `asyncapi-codegen generate asyncapi.yaml --rust gen/contract.rs`"),
        "{}",
        stale.stderr
    );
    let _ = fs::remove_dir_all(&dir);
}
