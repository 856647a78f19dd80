//! `#[serde(tag = ...)]` is rejected.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Site")]
    #[serde(tag = "kind")]
    pub struct Site {
        pub name: Option<String>,
    }
}

fn main() {}
