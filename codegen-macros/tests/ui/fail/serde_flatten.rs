//! `#[serde(flatten)]` is rejected.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Site")]
    pub struct Site {
        pub name: Option<String>,
        #[serde(flatten)]
        pub extra: std::collections::HashMap<String, String>,
    }
}

fn main() {}
