//! `count` allows 0..=1000, which `u8` cannot hold.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Reading")]
    pub struct Reading {
        pub id: String,
        pub value: f64,
        pub count: Option<u8>,
    }
}

fn main() {}
