//! An array of strings held in `Vec<u32>`: the span is on the item type.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Reading")]
    pub struct Reading {
        pub id: String,
        pub value: f64,
        pub tags: Option<Vec<u32>>,
    }
}

fn main() {}
