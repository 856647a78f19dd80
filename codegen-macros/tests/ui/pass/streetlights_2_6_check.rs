//! The streetlights 2.6 document of the public corpus, in check mode. Matching by name: each
//! struct is called like its component schema.

asyncapi_codegen_macros::asyncapi! {
    spec = "${ASYNCAPI_CORPUS_DIR}/asyncapi__spec@v2.6.0/examples/streetlights-mqtt.yml";

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    pub struct LightMeasuredPayload {
        pub lumens: Option<i64>,
        pub sent_at: Option<String>,
    }

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    pub struct TurnOnOffPayload {
        pub command: Option<OnOff>,
        pub sent_at: Option<String>,
    }

    /// Matched through the field that uses it (its generated name differs).
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    pub enum OnOff {
        #[serde(rename = "on")]
        On,
        #[serde(rename = "off")]
        Off,
    }

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    pub struct DimLightPayload {
        pub percentage: Option<i8>,
        pub sent_at: Option<String>,
    }
}

fn main() {
    let off: TurnOnOffPayload = serde_json::from_str(r#"{"command":"off"}"#).unwrap();
    assert_eq!(off.command, Some(OnOff::Off));
    let dim = DimLightPayload { percentage: Some(100), sent_at: None };
    assert_eq!(serde_json::to_string(&dim).unwrap(), r#"{"percentage":100,"sentAt":null}"#);
    let _ = LightMeasuredPayload { lumens: None, sent_at: None };
}
