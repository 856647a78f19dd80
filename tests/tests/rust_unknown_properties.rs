//! Unknown properties survive in generated Rust (issue 12, §5): a schema that allows
//! properties it does not declare keeps them through `from_json` → serialise, byte for byte,
//! in their order; a schema that forbids them (`additionalProperties: false`) reports each as
//! a problem, with the TypeScript side's path and message.

use monorepo_backend::contract::TelemetryReading;

mod request_reply {
    asyncapi_codegen_runtime::asyncapi!(spec = "fixtures/mqtt-request-reply/asyncapi.yaml");
}

#[test]
fn undeclared_properties_survive_from_json_and_serialising() {
    let text = r#"{"temperature":21.5,"humidity":40.5,"batteryPercent":80,"measuredAt":"2024-05-01T12:00:00Z","location":{"lat":1.5,"lon":2.5,"altitude":{"m":12}},"firmware":"2.1.0","tags":["a",{"b":null}]}"#;
    let reading = TelemetryReading::from_json(text.as_bytes()).expect("a valid reading");
    assert_eq!(reading.extra["firmware"], "2.1.0");
    assert_eq!(
        reading.location.as_ref().expect("location").extra["altitude"]["m"],
        12
    );
    assert_eq!(serde_json::to_string(&reading).expect("serialise"), text);
}

#[test]
fn forbidden_properties_stay_problems() {
    let text = br#"{"seq":1,"deviceId":"d1","extra":true,"more b":2}"#;
    let error = request_reply::Pong::from_json(text).expect_err("undeclared properties");
    let problems = error.problems();
    let found: Vec<(&str, &str)> = problems
        .iter()
        .map(|p| (p.path.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("$.extra", "is not allowed (additionalProperties is false)"),
            (
                "$[\"more b\"]",
                "is not allowed (additionalProperties is false)"
            ),
        ]
    );
    assert!(request_reply::Pong::from_json(br#"{"seq":1,"deviceId":"d1"}"#).is_ok());
}

/// A reply of several messages (`statusReply`: a report or a failure) is checked against each:
/// valid as either, and one that neither accepts gets the first message's problems, as the
/// TypeScript runtime's `encodeMessage` does.
#[test]
fn a_reply_of_several_messages_is_valid_as_one_of_them() {
    use asyncapi_codegen_runtime::mqtt::ReplyMessage;
    use request_reply::channels::status_request::mqtt::GetStatusReply;
    let report = serde_json::json!({ "component": "disk", "healthy": true });
    let failure = serde_json::json!({ "error": "disk unreadable" });
    assert!(GetStatusReply::payload_problems(&report).is_empty());
    assert!(GetStatusReply::payload_problems(&failure).is_empty());

    let neither = serde_json::json!({ "healthy": "yes" });
    let problems: Vec<(String, String)> = GetStatusReply::payload_problems(&neither)
        .into_iter()
        .map(|p| (p.path, p.message))
        .collect();
    assert_eq!(
        problems,
        [
            ("$.component".to_string(), "is required".to_string()),
            (
                "$.healthy".to_string(),
                "must be a boolean, not a string".to_string()
            ),
        ]
    );
    let decoded = GetStatusReply::decode_payload(br#"{"error":"e"}"#).expect("a failure");
    assert_eq!(decoded["error"], "e");
    GetStatusReply::decode_payload(br#"{"error":7}"#).expect_err("valid as neither");
}
