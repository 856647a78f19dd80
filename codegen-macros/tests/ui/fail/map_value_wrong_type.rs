//! A map whose values do not fit `additionalProperties`.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Reading")]
    pub struct Reading {
        pub id: String,
        pub value: f64,
        pub labels: Option<std::collections::BTreeMap<String, i64>>,
    }
}

fn main() {}
