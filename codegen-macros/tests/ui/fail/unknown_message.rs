//! A message name the spec does not have.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(message = "sensorReadings")]
    pub struct Reading {
        pub id: String,
        pub value: f64,
    }
}

fn main() {}
