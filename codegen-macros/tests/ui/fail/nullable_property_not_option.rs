//! A nullable property in a field that cannot hold `null`.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Reading")]
    pub struct Reading {
        pub id: String,
        pub value: f64,
        #[serde(default)]
        pub note: String,
    }
}

fn main() {}
