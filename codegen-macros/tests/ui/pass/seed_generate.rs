//! The seed spec in generate mode: the payload type and the channel helpers.

asyncapi_codegen_macros::asyncapi!(spec = "tests/fixtures/asyncapi.yaml");

fn main() {
    use asyncapi_codegen_runtime::CheckedAgainst;
    let payload = UserSignedup {
        display_name: Some("test".into()),
        email: Some("test@test.dk".into()),
        // Properties the schema allows without declaring them (none here).
        extra: Default::default(),
    };
    let json = serde_json::to_string(&payload).unwrap();
    assert_eq!(json, r#"{"displayName":"test","email":"test@test.dk"}"#);
    assert_eq!(serde_json::from_str::<UserSignedup>(&json).unwrap(), payload);
    assert_eq!(
        UserSignedup::SCHEMA,
        "tests/fixtures/asyncapi.yaml#/components/messages/UserSignedUp/payload"
    );
    assert_eq!(channels::user_signups::ADDRESS, "user/signedup");
    assert_eq!(channels::user_signups::Parameters {}.topic().unwrap(), "user/signedup");
}
