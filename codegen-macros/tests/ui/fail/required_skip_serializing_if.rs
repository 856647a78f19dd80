//! `skip_serializing_if` on a required property.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Reading")]
    pub struct Reading {
        #[serde(skip_serializing_if = "String::is_empty")]
        pub id: String,
        pub value: f64,
    }
}

fn main() {}
