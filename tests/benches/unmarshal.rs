//! Unmarshal + validate throughput in node: the generated `TelemetryReading.unmarshal` of
//! the example's client against bare `JSON.parse` and against `JSON.parse` + an ajv 8
//! validator (allErrors, ajv-formats) of the same schema, taken from the example's document.
//!
//! Run with `cargo bench -p workspace-tests --bench unmarshal`. It prints figures and
//! asserts nothing about time (the machine is noisy; the three are measured side by side,
//! interleaved, in one process).

use asyncapi_codegen_core::load::Sources;
use serde_json::json;
use std::path::Path;
use workspace_tests::example::{example_spec, frontend_dir};
use workspace_tests::node;

fn main() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-unmarshal");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench dir");

    // The same schema ajv compiles: the document's TelemetryReading, with the document's
    // components beside it so that its `$ref`s resolve.
    let (sources, root) = Sources::load(&example_spec())
        .unwrap_or_else(|e| panic!("the example's document loads: {}", e.render()));
    let document = sources.root(root).to_json();
    let schema = json!({
        "$ref": "#/components/schemas/TelemetryReading",
        "components": document["components"],
    });
    let schema_file = dir.join("schema.json");
    std::fs::write(&schema_file, schema.to_string()).expect("write the schema");

    let generated = frontend_dir().join("src/__gen__");
    let script =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/unmarshal.ts"))
            .expect("the bench script")
            .replace("__GEN__", generated.to_str().expect("UTF-8 path"));
    let entry = dir.join("unmarshal.ts");
    std::fs::write(&entry, script).expect("write the bench entry");
    let bundle = dir.join("unmarshal.mjs");
    node::bundle(&entry, &bundle, &[]);
    let out = node::run_node(&bundle, &[schema_file.as_os_str()], &dir, &[]);
    assert!(out.success, "the bench failed:\n{}", out.text);
    print!("{}", out.text);
    let _ = std::fs::remove_dir_all(&dir);
}
