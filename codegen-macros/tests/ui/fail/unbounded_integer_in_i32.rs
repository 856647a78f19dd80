//! An integer without bounds or format is 64-bit; `i32` is too small.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Reading")]
    pub struct Reading {
        pub id: String,
        pub value: f64,
        pub sequence: Option<i32>,
    }
}

fn main() {}
