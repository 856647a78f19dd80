//! `headers = "..."` for a message that declares no headers.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(headers = "sensorReading")]
    pub struct ReadingHeaders {
        pub trace_id: Option<String>,
    }
}

fn main() {}
