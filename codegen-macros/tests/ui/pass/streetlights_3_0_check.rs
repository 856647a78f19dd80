//! The streetlights 3.0 document of the public corpus, in check mode: hand-written payloads
//! for its three messages.

use serde::{Deserialize, Serialize};

asyncapi_codegen_macros::asyncapi! {
    spec = "${ASYNCAPI_CORPUS_DIR}/asyncapi__spec@v3.0.0/examples/streetlights-mqtt-asyncapi.yml";

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    #[asyncapi(message = "lightMeasured")]
    pub struct LightMeasured {
        /// `minimum: 0` and no maximum: a 64-bit type.
        pub lumens: Option<u64>,
        pub sent_at: Option<String>,
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    #[asyncapi(message = "turnOnOff")]
    pub struct TurnOnOff {
        pub command: Option<Command>,
        pub sent_at: Option<String>,
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq, Clone, Copy)]
    #[serde(rename_all = "lowercase")]
    pub enum Command {
        On,
        Off,
    }

    /// The headers every message gets from the `commonHeaders` trait (MQTT 5 user properties).
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    #[asyncapi(headers = "lightMeasured")]
    pub struct CommonHeaders {
        /// `minimum: 0, maximum: 100`.
        pub my_app_header: Option<u8>,
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    #[asyncapi(message = "dimLight")]
    pub struct DimLight {
        /// `minimum: 0, maximum: 100`: a byte is enough.
        pub percentage: Option<u8>,
        pub sent_at: Option<String>,
    }
}

fn main() {
    let on = TurnOnOff {
        command: Some(Command::On),
        sent_at: Some("2024-01-01T00:00:00Z".into()),
    };
    let json = serde_json::to_string(&on).unwrap();
    assert_eq!(json, r#"{"command":"on","sentAt":"2024-01-01T00:00:00Z"}"#);
    assert_eq!(serde_json::from_str::<TurnOnOff>(&json).unwrap(), on);
    let dim: DimLight = serde_json::from_str(r#"{"percentage":40}"#).unwrap();
    assert_eq!(dim.percentage, Some(40));
    let light: LightMeasured = serde_json::from_str(r#"{"lumens":3}"#).unwrap();
    assert_eq!(light.lumens, Some(3));
    let headers = CommonHeaders { my_app_header: Some(7) };
    assert_eq!(serde_json::to_string(&headers).unwrap(), r#"{"my-app-header":7}"#);
}
