//! Focused checks of the generated TypeScript validators, run in node: `required` with the
//! names of `Object.prototype` members, and patterns with non-BMP characters and Unicode
//! property classes (compiled with the `u` flag). Invalid ECMA-262 patterns are generation
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

const CHECKS: &str = r#"
import assert from 'node:assert/strict';
import { PrototypeNames } from './gen/payloads/PrototypeNames.js';
import { Dragons } from './gen/payloads/Dragons.js';
import { Letters } from './gen/payloads/Letters.js';

// `required` looks at own properties only: inherited members do not count.
const missing = PrototypeNames.validate({}).map((p) => p.path).sort();
assert.deepEqual(missing, ['$.__proto__', '$.constructor', '$.toString']);
assert.deepEqual(
  PrototypeNames.validate(JSON.parse('{"__proto__": 1, "toString": 2, "constructor": 3}')),
  [],
);
assert.equal(PrototypeNames.validate(JSON.parse('{"__proto__": 1, "toString": 2}')).length, 1);

// A non-BMP character is one character of the pattern, not two UTF-16 units.
assert.deepEqual(Dragons.validate('🐲🐲'), []);
assert.equal(Dragons.validate('🐲').length, 1);
assert.equal(Dragons.validate('🐲🐲🐲').length, 1);

// Unicode property classes.
assert.deepEqual(Letters.validate('Ελληνικά'), []);
assert.deepEqual(Letters.validate('日本語'), []);
assert.equal(Letters.validate('abc1').length, 1);
process.stdout.write('edge cases ok');
"#;

#[test]
fn prototype_names_and_unicode_patterns() {
    let project = TsProject::fresh("validation-edge-cases");
    let _cleanup = RemoveOnDrop(project.dir().to_path_buf());
    project.package_json(".", "module");
    project.generate(
        &fixture("validation-edge-cases/asyncapi.yaml"),
        "gen",
        &TypeScriptOptions::default(),
    );
    project.write("checks.ts", CHECKS);
    node::bundle(&project.path("checks.ts"), &project.path("checks.mjs"), &[]);
    let out = node::run_node(
        &project.path("checks.mjs"),
        &[] as &[&str],
        project.dir(),
        &[],
    );
    assert!(
        out.success && out.text.contains("edge cases ok"),
        "{}",
        out.text
    );
}
