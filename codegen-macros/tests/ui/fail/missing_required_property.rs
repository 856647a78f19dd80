//! A required property (`value`) has no field.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Reading")]
    pub struct Reading {
        pub id: String,
    }
}

fn main() {}
