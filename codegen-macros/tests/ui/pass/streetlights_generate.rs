//! Both streetlights documents in generate mode, and a check-mode struct that nests a
//! generated type (check and generate mode record the same schema identity).

mod v3 {
    asyncapi_codegen_macros::asyncapi!(
        spec = "${ASYNCAPI_CORPUS_DIR}/asyncapi__spec@v3.0.0/examples/streetlights-mqtt-asyncapi.yml"
    );
}

mod v2 {
    asyncapi_codegen_macros::asyncapi!(
        spec = "${ASYNCAPI_CORPUS_DIR}/asyncapi__spec@v2.6.0/examples/streetlights-mqtt.yml"
    );
}

asyncapi_codegen_macros::asyncapi! {
    spec = "${ASYNCAPI_CORPUS_DIR}/asyncapi__spec@v3.0.0/examples/streetlights-mqtt-asyncapi.yml";

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    #[asyncapi(message = "turnOnOff")]
    pub struct TurnOnOff {
        pub command: Option<v3::TurnOnOffPayloadCommand>,
        pub sent_at: Option<String>,
    }
}

fn main() {
    let generated = v3::TurnOnOffPayload {
        command: Some(v3::TurnOnOffPayloadCommand::Off),
        sent_at: None,
        extra: Default::default(),
    };
    let json = serde_json::to_string(&generated).unwrap();
    assert_eq!(json, r#"{"command":"off"}"#);
    let checked: TurnOnOff = serde_json::from_str(&json).unwrap();
    assert_eq!(checked.command, Some(v3::TurnOnOffPayloadCommand::Off));
    let dim: v2::DimLightPayload = serde_json::from_str(r#"{"percentage":7}"#).unwrap();
    assert_eq!(dim.percentage, Some(7));
    let topic = v3::channels::lights_dim::Parameters {
        streetlight_id: "lamp-1".into(),
    }
    .topic()
    .unwrap();
    assert!(topic.ends_with("/lamp-1/dim"), "{topic}");
    assert!(v3::channels::lights_dim::Parameters { streetlight_id: "a/b".into() }.topic().is_err());
}
