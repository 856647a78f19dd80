//! A spec path that does not exist.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/missing.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    pub struct Reading {
        pub id: String,
    }
}

fn main() {}
