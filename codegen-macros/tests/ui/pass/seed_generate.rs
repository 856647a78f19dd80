//! The seed spec in generate mode: the payload type and the channel helpers.

asyncapi_codegen_macros::asyncapi!(spec = "tests/fixtures/asyncapi.yaml");

fn main() {
    use asyncapi_codegen_runtime::CheckedAgainst;
    let payload = UserSignedup {
        display_name: Some("test".into()),
        email: Some("test@test.dk".into()),
        extra: Default::default(),
    };
    let json = serde_json::to_string(&payload).unwrap();
    assert_eq!(json, r#"{"displayName":"test","email":"test@test.dk"}"#);
    assert_eq!(serde_json::from_str::<UserSignedup>(&json).unwrap(), payload);
    // The schema's whole validation, with the TypeScript side's paths and messages.
    assert_eq!(UserSignedup::from_json(json.as_bytes()).unwrap(), payload);
    let problems = UserSignedup::validate_value(&serde_json::json!({ "email": 1 }));
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "$.email");
    assert_eq!(
        UserSignedup::SCHEMA,
        "tests/fixtures/asyncapi.yaml#/components/messages/UserSignedUp/payload"
    );
    assert_eq!(channels::user_signups::ADDRESS, "user/signedup");
    assert_eq!(channels::user_signups::Parameters {}.topic().unwrap(), "user/signedup");
}
