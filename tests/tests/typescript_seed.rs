//! GUIDE §3's example, verbatim but for the broker URL, against the client generated from the
//! seed spec: it compiles under `tsc --strict` (TypeScript 5.9 and 7), runs against mosquitto,
//! and a raw MQTT.js subscriber receives exactly its payload on `user/signedup`.

use asyncapi_codegen_core::emit::typescript::TypeScriptOptions;
use serde_json::json;
use workspace_tests::mosquitto::Mosquitto;
use workspace_tests::node::{self, TypeScript};
use workspace_tests::ts_project::{fixture, TsProject};

#[test]
fn seed_example_compiles_strict_and_publishes_exactly_its_payload() {
    let broker = Mosquitto::start();
    let project = TsProject::fresh("seed");
    project.package_json(".", "module");
    project.generate(
        &fixture("seed/asyncapi.yaml"),
        "src/__gen__",
        &TypeScriptOptions::default(),
    );
    let url = broker.url();
    project.copy_test_file(
        "seed/example.ts",
        "src/example.ts",
        &[("mqtt://0.0.0.0:1883", url.as_str())],
    );
    let strict = project.tsconfig(
        "tsconfig.json",
        "tsconfig.seed.json",
        json!({}),
        &["src/example.ts"],
    );
    for ts in TypeScript::ALL {
        node::tsc_project(ts, &strict);
    }
    let example_js = project.path("dist/example.mjs");
    node::bundle(&project.path("src/example.ts"), &example_js, &["mqtt"]);

    project.copy_test_file("seed/seed.test.ts", "runner/seed.test.ts", &[]);
    let runner = project.tsconfig(
        "runner/tsconfig.json",
        "tsconfig.nodenext.json",
        json!({ "rootDir": ".", "outDir": "../dist/runner" }),
        &["seed.test.ts"],
    );
    node::tsc_project(TypeScript::V5_9, &runner);
    node::node_test(
        &[project.path("dist/runner/seed.test.js")],
        project.dir(),
        &[
            ("MQTT_URL", url.clone()),
            ("SEED_EXAMPLE_JS", example_js.display().to_string()),
        ],
        1,
    );
}
