//! One type of the block used for two different schemas.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Site")]
    pub struct Site {
        pub name: Option<Location>,
        pub location: Option<Location>,
    }
    #[derive(serde::Serialize, serde::Deserialize)]
    pub struct Location {
        pub lat: f64,
        pub lon: f64,
    }
}

fn main() {}
