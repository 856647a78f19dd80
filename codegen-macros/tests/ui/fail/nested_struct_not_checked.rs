//! A nested struct declared outside any `asyncapi!` block.

#[derive(serde::Serialize, serde::Deserialize)]
pub struct Location {
    pub lat: f64,
    pub lon: f64,
}

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Site")]
    pub struct Site {
        pub name: Option<String>,
        pub location: Option<Location>,
    }
}

fn main() {}
