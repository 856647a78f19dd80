//! A float for an `integer` property.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Reading")]
    pub struct Reading {
        pub id: String,
        pub value: f64,
        pub sequence: Option<f64>,
    }
}

fn main() {}
