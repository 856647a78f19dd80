//! The seed spec in check mode: the struct from the issue, as written there.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/asyncapi.yaml";

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    #[asyncapi(message = "userSignedup")]
    pub struct UserSignedUp {
        pub display_name: Option<String>,
        pub email: Option<String>,
    }
}

fn main() {
    use asyncapi_codegen_runtime::CheckedAgainst;
    assert_eq!(
        UserSignedUp::SCHEMA,
        "tests/fixtures/asyncapi.yaml#/components/messages/UserSignedUp/payload"
    );
    let value = UserSignedUp {
        display_name: Some("test".into()),
        email: Some("test@test.dk".into()),
    };
    let json = serde_json::to_string(&value).unwrap();
    assert_eq!(json, r#"{"displayName":"test","email":"test@test.dk"}"#);
    assert_eq!(serde_json::from_str::<UserSignedUp>(&json).unwrap(), value);
}
