//! The generated TypeScript client against a real mosquitto (issue 3 §2): every MQTT behaviour,
//! on MQTT 5 and (except headers and request/reply) MQTT 3.1.1, as node:test files in
//! `tests/ts/behaviour/` compiled with tsc under the strict NodeNext settings of GUIDE §6.
//! Request/reply and shared subscriptions (issue 11) use `tests/fixtures/mqtt-request-reply`.
//! Wire hygiene and flow control (issue 12): `guard.test.ts` checks the topic guard against
//! `tests/fixtures/topic-guard-cases.json` (shared with the Rust runtime), and
//! `reliability.test.ts` kills a second broker with publishes in flight.

use asyncapi_codegen_core::emit::typescript::TypeScriptOptions;
use serde_json::json;
use workspace_tests::mosquitto::Mosquitto;
use workspace_tests::node::{self, TypeScript};
use workspace_tests::ts_project::{fixture, TsProject};
use workspace_tests::workspace_root;

/// Publishes on these topics are refused (MQTT 5 PUBACK/PUBREC reason code 0x87), for the
/// test that publish rejects when the broker refuses.
const ACL: &str = "\
topic deny sites/+/sensors/forbidden/reading
topic deny alarms/forbidden
topic readwrite #
";

/// The behaviour suite has this many tests; fewer passing means some were lost.
const EXPECTED_TESTS: u64 = 103;

#[test]
fn generated_client_behaves_on_a_real_broker() {
    let project = TsProject::fresh("behaviour");
    project.package_json(".", "module");
    let options = TypeScriptOptions::default();
    project.generate(
        &fixture("mqtt-behaviour/asyncapi.yaml"),
        "src/__gen__/behaviour",
        &options,
    );
    project.generate(
        &fixture("mqtt-v2/asyncapi.yaml"),
        "src/__gen__/v2",
        &options,
    );
    project.generate(
        &fixture("mqtt-request-reply/asyncapi.yaml"),
        "src/__gen__/rr",
        &options,
    );
    let sources = project.copy_test_dir("behaviour", "src");
    let examples = readme_examples();
    for (name, code) in &examples {
        project.write(&format!("src/readme-{name}.ts"), code);
    }

    // The tests and the client they import type-check with both compilers; 5.9 emits.
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
    assert!(tests.len() >= 5, "test files: {sources:?}");
    let broker = Mosquitto::start_with_acl(ACL);
    // reliability.test.ts kills this one (SIGKILL) with publishes in flight.
    let doomed = Mosquitto::start();
    let guard_cases = fixture("topic-guard-cases.json");
    let summary = node::node_test(
        &tests,
        project.dir(),
        &[
            ("MQTT_URL", broker.url()),
            ("DOOMED_MQTT_URL", doomed.url()),
            ("DOOMED_MQTT_PID", doomed.pid().to_string()),
            ("TOPIC_GUARD_CASES", guard_cases.display().to_string()),
        ],
        EXPECTED_TESTS,
    );
    eprintln!("behaviour suite: {summary:?}");

    // The README's request/reply and shared-subscription examples, as they are written there.
    for (name, expected) in [
        (
            "request-reply",
            &["pong 1 from sensor-1", "timed out, as expected"][..],
        ),
        ("shared-subscriptions", &["each job once: true"][..]),
    ] {
        assert!(
            examples.iter().any(|(n, _)| n == name),
            "README example {name} is missing"
        );
        let script = project.path(&format!("dist/readme-{name}.js"));
        let no_args: [&str; 0] = [];
        let out = node::run_node(
            &script,
            &no_args,
            project.dir(),
            &[("MQTT_URL", broker.url())],
        );
        assert!(
            out.success && expected.iter().all(|e| out.text.contains(e)),
            "README example {name} did not print {expected:?}:\n{}",
            out.text
        );
    }
}

/// The code blocks of README.md that follow a `<!-- readme-example: NAME -->` line, by name.
fn readme_examples() -> Vec<(String, String)> {
    let path = workspace_root().join("README.md");
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line
            .strip_prefix("<!-- readme-example: ")
            .and_then(|rest| rest.strip_suffix(" -->"))
        else {
            continue;
        };
        assert_eq!(
            lines.next(),
            Some("```ts"),
            "README example {name}: no ```ts block"
        );
        let code: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
        out.push((name.to_string(), code.join("\n") + "\n"));
    }
    out
}
