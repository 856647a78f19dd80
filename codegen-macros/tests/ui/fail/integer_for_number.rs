//! A `number` (which may have a fraction) held in an integer.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Reading")]
    pub struct Reading {
        pub id: String,
        pub value: i64,
    }
}

fn main() {}
