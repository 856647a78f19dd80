//! An item whose name matches no schema and that no field uses.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    pub struct Measurement {
        pub id: String,
        pub value: f64,
    }
}

fn main() {}
