//! Connecting from the document (issue 11 §2), TypeScript side: the `servers/index.ts`
//! generated from `tests/fixtures/servers/asyncapi.yaml` (two servers, variables, a last
//! will, `userPassword` and `X509` security) against a mosquitto that admits only the users
//! of its password file.
//!
//! - `generated_connection_settings_connect_and_carry_the_will`: `tests/ts/servers/*.test.ts`
//!   under node:test: the URL and options connect (MQTT 5 and 3.1.1), a wrong password is
//!   refused, and when a device process that connected with them is killed, a raw subscriber
//!   receives the will.
//! - `the_overrides_type_requires_the_credentials`: `tsc` rejects calls that leave out the
//!   password, all options, or the client certificate (`tests/ts/servers-fail/`).

use asyncapi_codegen_core::emit::typescript::TypeScriptOptions;
use serde_json::json;
use workspace_tests::mosquitto::Mosquitto;
use workspace_tests::node::{self, TypeScript};
use workspace_tests::ts_project::{fixture, ts_dir, TsProject};

/// The suite has this many tests; fewer passing means some were lost.
const EXPECTED_TESTS: u64 = 7;

const USER: &str = "fleet-device";
const PASSWORD: &str = "correct horse battery staple";

#[test]
fn generated_connection_settings_connect_and_carry_the_will() {
    let project = TsProject::fresh("servers");
    project.package_json(".", "module");
    project.generate(
        &fixture("servers/asyncapi.yaml"),
        "src/__gen__",
        &TypeScriptOptions::default(),
    );
    let sources = project.copy_test_dir("servers", "src");
    let emit = project.tsconfig(
        "tsconfig.json",
        "tsconfig.nodenext.json",
        json!({ "rootDir": "src", "outDir": "dist" }),
        &["src"],
    );
    node::tsc_project(TypeScript::V5_9, &emit);
    let check = project.tsconfig(
        "tsconfig.ts7.json",
        "tsconfig.nodenext.json",
        json!({ "rootDir": "src", "noEmit": true }),
        &["src"],
    );
    node::tsc_project(TypeScript::V7, &check);

    let tests: Vec<_> = sources
        .iter()
        .filter(|name| name.ends_with(".test.ts"))
        .map(|name| project.path(&format!("dist/{}", name.replace(".ts", ".js"))))
        .collect();
    assert!(!tests.is_empty(), "test files: {sources:?}");
    let broker = Mosquitto::start_with_passwords(&[(USER, PASSWORD)]);
    let summary = node::node_test(
        &tests,
        project.dir(),
        &[
            ("MQTT_PORT", broker.port().to_string()),
            ("MQTT_USERNAME", USER.to_string()),
            ("MQTT_PASSWORD", PASSWORD.to_string()),
        ],
        EXPECTED_TESTS,
    );
    eprintln!("servers suite: {summary:?}");
}

#[test]
fn the_overrides_type_requires_the_credentials() {
    let project = TsProject::fresh("servers-fail");
    project.package_json(".", "module");
    project.generate(
        &fixture("servers/asyncapi.yaml"),
        "src/__gen__",
        &TypeScriptOptions::default(),
    );
    let snippet = "overrides-need-credentials.ts";
    project.copy_test_file(
        &format!("servers-fail/{snippet}"),
        &format!("src/{snippet}"),
        &[],
    );
    let config = project.tsconfig(
        "tsconfig.json",
        "tsconfig.nodenext.json",
        json!({ "rootDir": "src", "noEmit": true }),
        &["src"],
    );
    let source = std::fs::read_to_string(ts_dir().join("servers-fail").join(snippet)).unwrap();
    let line_of = |needle: &str| {
        1 + source
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{snippet} has no line with {needle}"))
    };
    // (line, error code, text the message must hold): a missing property (TS2345, naming
    // it), and a missing argument (TS2554).
    let expected = [
        (line_of("noPassword"), "TS2345", "'password'"),
        (line_of("nothing"), "TS2554", "Expected 1 arguments"),
        (line_of("noCertificate"), "TS2345", "'cert'"),
    ];
    for ts in TypeScript::ALL {
        let out = node::run_node(
            &ts.tsc(),
            &["-p", &config.to_string_lossy(), "--pretty", "false"],
            project.dir(),
            &[],
        );
        assert!(
            !out.success,
            "{} accepted the snippet:\n{}",
            ts.label(),
            out.text
        );
        let errors: Vec<&str> = out
            .text
            .lines()
            .filter(|l| l.contains("error TS"))
            .collect();
        assert_eq!(
            errors.len(),
            expected.len(),
            "{}:\n{}",
            ts.label(),
            out.text
        );
        for (line, code, text) in expected {
            let at = format!("src/{snippet}({line},");
            let hit = out
                .text
                .lines()
                .any(|l| l.contains(&at) && l.contains(code));
            assert!(
                hit,
                "{}: no {code} at line {line}:\n{}",
                ts.label(),
                out.text
            );
            assert!(
                out.text.contains(text),
                "{}: no {text:?}:\n{}",
                ts.label(),
                out.text
            );
        }
    }
}
