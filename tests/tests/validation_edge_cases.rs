//! Focused checks of the generated TypeScript validators, run in node, one test each:
//! `required` with the names of `Object.prototype` members, and patterns with non-BMP
//! characters and Unicode property classes (compiled with the `u` flag). The Rust side has
//! the same three in `rust_validation_edge_cases.rs`. Invalid ECMA-262 patterns are generation
//! errors: see `patterns_invalid_in_ecma_262_are_located_errors` in codegen-core.

use asyncapi_codegen_core::emit::typescript::TypeScriptOptions;
use workspace_tests::node;
use workspace_tests::ts_project::{fixture, TsProject};

/// Removes the project directory when the test ends, passed or failed.
struct RemoveOnDrop(std::path::PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Generates the edge-case fixture's client into a fresh project named `name`, runs `checks`
/// (TypeScript importing `./gen/...`) in node, and expects it to print `ok`.
fn run_checks(name: &str, checks: &str) {
    let project = TsProject::fresh(name);
    let _cleanup = RemoveOnDrop(project.dir().to_path_buf());
    project.package_json(".", "module");
    project.generate(
        &fixture("validation-edge-cases/asyncapi.yaml"),
        "gen",
        &TypeScriptOptions::default(),
    );
    let script = format!(
        "import assert from 'node:assert/strict';\n{checks}\nprocess.stdout.write('ok');\n"
    );
    project.write("checks.ts", &script);
    node::bundle(&project.path("checks.ts"), &project.path("checks.mjs"), &[]);
    let out = node::run_node(
        &project.path("checks.mjs"),
        &[] as &[&str],
        project.dir(),
        &[],
    );
    assert!(out.success && out.text.ends_with("ok"), "{}", out.text);
}

/// `required` looks at own properties only: inherited members of `Object.prototype` do not
/// count as present, and a parsed `__proto__` key is an ordinary property.
#[test]
fn required_names_of_object_prototype_members_are_ordinary_names() {
    run_checks(
        "edge-prototype-names",
        r#"
import { PrototypeNames } from './gen/payloads/PrototypeNames.js';
const missing = PrototypeNames.validate({}).map((p) => p.path).sort();
assert.deepEqual(missing, ['$.__proto__', '$.constructor', '$.toString']);
assert.deepEqual(
  PrototypeNames.validate(JSON.parse('{"__proto__": 1, "toString": 2, "constructor": 3}')),
  [],
);
assert.equal(PrototypeNames.validate(JSON.parse('{"__proto__": 1, "toString": 2}')).length, 1);
"#,
    );
}

/// A non-BMP character is one character of a pattern, not two UTF-16 units.
#[test]
fn a_non_bmp_character_is_one_character_of_a_pattern() {
    run_checks(
        "edge-non-bmp",
        r#"
import { Dragons } from './gen/payloads/Dragons.js';
assert.deepEqual(Dragons.validate('🐲🐲'), []);
assert.equal(Dragons.validate('🐲').length, 1);
assert.equal(Dragons.validate('🐲🐲🐲').length, 1);
"#,
    );
}

/// Unicode property classes match letters of every script.
#[test]
fn unicode_property_classes_match_letters_of_every_script() {
    run_checks(
        "edge-unicode-classes",
        r#"
import { Letters } from './gen/payloads/Letters.js';
assert.deepEqual(Letters.validate('Ελληνικά'), []);
assert.deepEqual(Letters.validate('日本語'), []);
assert.equal(Letters.validate('abc1').length, 1);
"#,
    );
}

/// A topic level holding two parameters splits where both values are allowed, as in Rust
/// (`rust_validation_edge_cases.rs` reads the same topics back to the same values).
#[test]
fn a_level_with_two_enum_parameters_splits_where_both_are_allowed() {
    run_checks(
        "edge-shared-level",
        r#"
import { ExportsParameters } from './gen/parameters/ExportsParameters.js';
const read = (topic: string) => {
  const p = ExportsParameters.createFromChannel(topic);
  return [p.kind, p.format];
};
assert.deepEqual(read('exports/raw-data-csv'), ['raw-data', 'csv']);
assert.deepEqual(read('exports/raw-data-json'), ['raw', 'data-json']);
assert.deepEqual(read('exports/summary-json'), ['summary', 'json']);
assert.throws(() => ExportsParameters.createFromChannel('exports/other-xml'), /must be one of/);
assert.equal(new ExportsParameters({ kind: 'raw-data', format: 'csv' }).getChannelWithParameters(), 'exports/raw-data-csv');
"#,
    );
}
