//! A set for an array that allows repeated items.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Reading")]
    pub struct Reading {
        pub id: String,
        pub value: f64,
        pub tags: Option<std::collections::HashSet<String>>,
    }
}

fn main() {}
