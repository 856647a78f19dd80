//! A schema name the spec does not have.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Locaton")]
    pub struct Location {
        pub lat: f64,
        pub lon: f64,
    }
}

fn main() {}
