//! Every property of the check fixtures, with the Rust types and serde attributes that fit
//! them; nested types are matched through the fields that use them.

use std::collections::{BTreeMap, BTreeSet};

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    #[asyncapi(message = "sensorReading")]
    pub struct SensorReading {
        pub id: String,
        pub value: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub precision: Option<f32>,
        #[serde(default)]
        pub count: u16,
        pub sequence: Option<i64>,
        #[serde(rename = "ok")]
        pub healthy: Option<bool>,
        pub taken_at: Option<String>,
        pub tags: Option<Vec<std::borrow::Cow<'static, str>>>,
        pub unique_tags: Option<BTreeSet<String>>,
        pub labels: Option<BTreeMap<String, String>>,
        pub note: Option<String>,
        pub status: Option<Status>,
        pub location: Option<Box<Location>>,
        #[serde(skip)]
        pub local_only: u32,
    }

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "lowercase")]
    pub enum Status {
        Ok,
        Degraded,
        #[serde(rename = "failed", alias = "broken")]
        Failure,
    }

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    pub struct Location {
        pub lat: f64,
        pub lon: f64,
    }
}

// A second block nests a type checked in the first one: the trait carries the proof.
asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    pub struct Site {
        pub name: Option<String>,
        pub location: Option<Location>,
    }
}

fn main() {
    use asyncapi_codegen_runtime::CheckedAgainst;
    assert_eq!(Location::SCHEMA, "tests/fixtures/checks.yaml#/components/schemas/Location");
    assert_eq!(Status::SCHEMA, "tests/fixtures/checks.yaml#/components/schemas/Status");
    let json = r#"{"id":"0b4c","value":1.5,"count":3,"ok":true,"status":"broken","location":{"lat":1.0,"lon":2.0}}"#;
    let reading: SensorReading = serde_json::from_str(json).unwrap();
    assert_eq!(reading.status, Some(Status::Failure));
    assert_eq!(reading.healthy, Some(true));
    let back = serde_json::to_value(&reading).unwrap();
    assert_eq!(back["status"], "failed");
    let site = Site { name: None, location: Some(Location { lat: 0.0, lon: 0.0 }) };
    assert!(serde_json::to_string(&site).unwrap().contains("\"lat\""));
}
