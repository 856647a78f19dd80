//! The focused checks of `validation_edge_cases.rs`, on the generated Rust: `required` with
//! the names of JavaScript's `Object.prototype` members, patterns with non-BMP characters and
//! Unicode property classes (ECMA-262 through `regress`), and a pattern invalid in ECMA-262
//! as a located error of `generate --rust`.

use asyncapi_codegen_runtime::mqtt::ChannelMessage;
use serde_json::json;
use std::path::Path;
use workspace_tests::cli_binary::asyncapi_codegen;
use workspace_tests::scratch::ScratchDir;

mod contract {
    asyncapi_codegen_runtime::asyncapi!(spec = "fixtures/validation-edge-cases/asyncapi.yaml");
}

use contract::channels::edges::mqtt::{
    SendEdgesDragons, SendEdgesLetters, SendEdgesPrototypeNames,
};

fn paths(problems: Vec<asyncapi_codegen_runtime::validation::Problem>) -> Vec<String> {
    let mut out: Vec<String> = problems.into_iter().map(|p| p.path).collect();
    out.sort();
    out
}

#[test]
fn required_names_of_object_prototype_members_are_ordinary_names() {
    let check = SendEdgesPrototypeNames::payload_problems;
    assert_eq!(
        paths(check(&json!({}))),
        ["$.__proto__", "$.constructor", "$.toString"]
    );
    let all: serde_json::Value =
        serde_json::from_str(r#"{"__proto__": 1, "toString": 2, "constructor": 3}"#).unwrap();
    assert_eq!(check(&all), []);
    let two: serde_json::Value =
        serde_json::from_str(r#"{"__proto__": 1, "toString": 2}"#).unwrap();
    let problems = check(&two);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "$.constructor");
    assert_eq!(problems[0].message, "is required");
}

#[test]
fn a_non_bmp_character_is_one_character_of_a_pattern() {
    let check = SendEdgesDragons::payload_problems;
    assert_eq!(check(&json!("🐲🐲")), []);
    assert_eq!(check(&json!("🐲")).len(), 1);
    assert_eq!(check(&json!("🐲🐲🐲")).len(), 1);
    assert_eq!(
        check(&json!("🐉🐉"))[0].message,
        "must match the pattern ^🐲{2}$"
    );
}

#[test]
fn unicode_property_classes_match_letters_of_every_script() {
    let check = SendEdgesLetters::payload_problems;
    assert_eq!(check(&json!("Ελληνικά")), []);
    assert_eq!(check(&json!("日本語")), []);
    assert_eq!(check(&json!("abc1")).len(), 1);
    assert_eq!(
        check(&json!(12))[0].message,
        "must be a string, not an integer"
    );
}

#[test]
fn a_pattern_invalid_in_ecma_262_is_a_located_error_of_generate_rust() {
    let dir = ScratchDir::new(Path::new(env!("CARGO_TARGET_TMPDIR")), "rust-bad-pattern");
    dir.write(
        "asyncapi.yaml",
        "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\nchannels:\n  c:\n    address: c\n    messages:\n      m:\n        payload:\n          type: string\n          pattern: '(?<name>a'\n",
    );
    let out = std::process::Command::new(asyncapi_codegen(Path::new(env!("CARGO_TARGET_TMPDIR"))))
        .args(["generate", "asyncapi.yaml", "--rust", "contract.rs"])
        .current_dir(dir.path())
        .output()
        .expect("run the CLI");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("asyncapi.yaml:10:20 (#/channels/c/messages/m/payload/pattern)")
            && stderr.contains("is not a valid ECMA-262"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("contract.rs").exists(),
        "nothing is written"
    );
}

/// A topic level holding two parameters splits where both values are allowed, as in
/// TypeScript (`validation_edge_cases.rs` reads the same topics back to the same values).
#[test]
fn a_level_with_two_enum_parameters_splits_where_both_are_allowed() {
    use contract::channels::exports::Parameters;
    let read = |topic: &str| {
        let p = Parameters::parse(topic).expect("a topic of the channel");
        (p.kind.as_str().to_owned(), p.format.as_str().to_owned())
    };
    assert_eq!(
        read("exports/raw-data-csv"),
        ("raw-data".into(), "csv".into())
    );
    assert_eq!(
        read("exports/raw-data-json"),
        ("raw".into(), "data-json".into())
    );
    assert_eq!(
        read("exports/summary-json"),
        ("summary".into(), "json".into())
    );
    assert!(Parameters::parse("exports/other-xml").is_err());
}
