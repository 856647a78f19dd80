//! No input may panic: every node of our self-contained fixtures is replaced, one at a
//! time, by values of the wrong kind and by broken references, and each mutant is loaded.
//! A mutant may load or fail; it must not panic, and a failure must carry diagnostics.

use asyncapi_codegen_core::load::{yaml, FileId};
use asyncapi_codegen_core::load_model;
use serde_json::{json, Value};

/// Every JSON pointer (as token lists) of `value`, parents before children.
fn paths(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                prefix.push(k.clone());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                prefix.push(i.to_string());
                paths(v, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn slot<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(value, |v, token| match v {
        Value::Object(map) => map.get_mut(token).expect("path exists"),
        Value::Array(items) => &mut items[token.parse::<usize>().expect("index")],
        _ => unreachable!("paths only go through containers"),
    })
}

#[test]
fn wrong_kinds_and_broken_references_never_panic() {
    let replacements = [
        json!("text"),
        json!(null),
        json!(-3),
        json!([]),
        json!({}),
        json!({"$ref": "#/nowhere"}),
        json!({"$ref": "#"}),
        json!({"$ref": "#/channels"}),
    ];
    let dir = std::env::temp_dir().join(format!("codegen-core-mutants-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut loaded = 0;
    for fixture in [
        "tests/fixtures/good/v2-features.yaml",
        "tests/fixtures/good/v3-json.json",
        "tests/fixtures/good/v3-multiformat.yaml",
        "tests/fixtures/good/v2-json.json",
    ] {
        let text = std::fs::read_to_string(fixture).expect("fixture");
        let original = yaml::parse(&text, FileId(0)).expect("parses").to_json();
        let mut all = Vec::new();
        paths(&original, &mut Vec::new(), &mut all);
        for path in &all {
            for replacement in &replacements {
                let mut mutant = original.clone();
                *slot(&mut mutant, path) = replacement.clone();
                let file = dir.join("mutant.json");
                std::fs::write(&file, mutant.to_string()).expect("write mutant");
                match load_model(&file) {
                    Ok(_) => loaded += 1,
                    Err(e) => assert!(
                        e.errors().next().is_some(),
                        "{fixture} with {path:?} = {replacement} failed without an error"
                    ),
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    // Replacing an unused annotation leaves a loadable document: the test saw both sides.
    assert!(loaded > 0);
}
