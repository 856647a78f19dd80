//! The topic guard against the table the TypeScript runtime checks too
//! (`tests/fixtures/topic-guard-cases.json` at the workspace root): for every case, the
//! verdict as a topic level (parameter value, share group), as a topic to publish to and as
//! a subscription filter must be the table's.

use asyncapi_codegen_runtime::share::{self, ShareError};
use asyncapi_codegen_runtime::topic::{self, ParameterError, TopicProblem};
use serde_json::Value;

fn table() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/topic-guard-cases.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    let doc: Value = serde_json::from_str(&text).expect("the table is JSON");
    doc["cases"].as_array().expect("cases").clone()
}

/// The case's text, or `None` when it holds an unpaired surrogate: a Rust string cannot,
/// so such a value is rejected by construction (its bytes are not UTF-8).
fn text_of(case: &Value) -> Option<String> {
    let once = match (case.get("text"), case.get("codePoints")) {
        (Some(text), None) => text.as_str().expect("text is a string").to_owned(),
        (None, Some(points)) => {
            let mut out = String::new();
            for point in points.as_array().expect("codePoints") {
                let code = u32::try_from(point.as_u64().expect("a code point")).expect("u32");
                out.push(char::from_u32(code)?);
            }
            out
        }
        _ => panic!("a case has `text` or `codePoints`: {case}"),
    };
    let repeat = case
        .get("repeat")
        .map_or(1, |r| r.as_u64().expect("repeat") as usize);
    Some(once.repeat(repeat))
}

/// The generalised UTF-8 bytes of code points, surrogates included (what a sender that
/// does not check would put on the wire).
fn wtf8(points: &[Value]) -> Vec<u8> {
    let mut out = Vec::new();
    for point in points {
        let code = u32::try_from(point.as_u64().expect("a code point")).expect("u32");
        match char::from_u32(code) {
            Some(c) => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
            None => out.extend_from_slice(&[
                0xe0 | (code >> 12) as u8,
                0x80 | ((code >> 6) & 0x3f) as u8,
                0x80 | (code & 0x3f) as u8,
            ]),
        }
    }
    out
}

fn outcome(problem: Option<TopicProblem>) -> &'static str {
    match problem {
        None => "ok",
        Some(TopicProblem::Empty) => "empty",
        Some(TopicProblem::Slash) => "slash",
        Some(TopicProblem::Wildcard(_)) => "wildcard",
        Some(TopicProblem::MisplacedWildcard) => "misplaced-wildcard",
        Some(TopicProblem::Control(_)) => "control",
        Some(TopicProblem::Noncharacter(_)) => "noncharacter",
        Some(TopicProblem::TooLong(_)) => "too-long",
        Some(TopicProblem::Reserved) => "reserved",
    }
}

#[test]
fn every_case_of_the_shared_table_gets_its_verdict() {
    let cases = table();
    assert!(cases.len() >= 50, "{} cases", cases.len());
    let mut surrogates = 0;
    for case in &cases {
        let name = case["name"].as_str().expect("name");
        let expected = |role: &str| case[role].as_str().expect("an outcome").to_owned();
        let Some(text) = text_of(case) else {
            // Only a UTF-16 string can hold an unpaired surrogate; for Rust the table must
            // say "surrogate" everywhere, and its WTF-8 bytes must fail UTF-8 decoding.
            for role in ["level", "topic", "filter"] {
                assert_eq!(expected(role), "surrogate", "{name} ({role})");
            }
            let bytes = wtf8(case["codePoints"].as_array().expect("codePoints"));
            assert!(std::str::from_utf8(&bytes).is_err(), "{name}");
            surrogates += 1;
            continue;
        };
        let level = outcome(topic::level_problem(&text));
        assert_eq!(level, expected("level"), "{name} as a topic level");
        assert_eq!(
            outcome(topic::topic_problem(&text)),
            expected("topic"),
            "{name} as a topic"
        );
        assert_eq!(
            outcome(topic::filter_problem(&text)),
            expected("filter"),
            "{name} as a filter"
        );
        // The parameter guard and the share group guard say the same as the level rule.
        let parameter = topic::check_value("p", &text);
        let group = share::check_group(&text);
        match level {
            "ok" => {
                assert_eq!(parameter, Ok(()), "{name}");
                assert_eq!(group, Ok(()), "{name}");
            }
            "empty" => {
                assert_eq!(parameter, Err(ParameterError::Empty { parameter: "p" }));
                assert_eq!(group, Err(ShareError::Empty));
            }
            "too-long" => {
                assert!(
                    matches!(parameter, Err(ParameterError::TooLong { .. })),
                    "{name}"
                );
                assert!(matches!(group, Err(ShareError::TooLong { .. })), "{name}");
            }
            _ => {
                assert!(
                    matches!(parameter, Err(ParameterError::ForbiddenCharacter { .. })),
                    "{name}: {parameter:?}"
                );
                assert!(
                    matches!(group, Err(ShareError::ForbiddenCharacter { .. })),
                    "{name}: {group:?}"
                );
            }
        }
        // A value that passes as a level still makes a topic too long with the template
        // around it.
        if level == "ok" {
            let filled = topic::fill("a/{p}", &[("p", &text)]);
            if text.len() + 2 > topic::MAX_TOPIC_BYTES {
                assert!(
                    matches!(filled, Err(ParameterError::TooLong { .. })),
                    "{name}"
                );
            } else {
                assert_eq!(filled, Ok(format!("a/{text}")), "{name}");
            }
        }
    }
    assert!(surrogates >= 4, "the table covers unpaired surrogates");
}

#[test]
fn problems_are_worded_like_the_typescript_client() {
    let said = |text: &str| topic::level_problem(text).map(|p| p.to_string());
    assert_eq!(
        said("a\tb").as_deref(),
        Some("must not contain the control character U+0009")
    );
    assert_eq!(
        said("\u{fffe}").as_deref(),
        Some("must not contain the noncharacter U+FFFE")
    );
    assert_eq!(
        said("\u{10ffff}").as_deref(),
        Some("must not contain the noncharacter U+10FFFF")
    );
    assert_eq!(said("a/b").as_deref(), Some("must not contain \"/\""));
    let long = "a".repeat(65536);
    assert_eq!(
        said(&long).as_deref(),
        Some("must not be longer than 65535 bytes in UTF-8 (it has 65536)")
    );
    let e = topic::check_value("room", "a\u{7f}")
        .unwrap_err()
        .to_string();
    assert!(e.contains("the control character U+007F"), "{e}");
}
