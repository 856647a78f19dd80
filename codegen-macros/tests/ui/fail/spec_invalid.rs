//! A spec with errors: each is rendered with its file:line:col and snippet.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/invalid.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    pub struct Reading {
        pub id: String,
    }
}

fn main() {}
