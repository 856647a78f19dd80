//! A `uuid`-format type for a `date-time` property.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    pub mod uuid {
        #[derive(serde::Serialize, serde::Deserialize)]
        pub struct Uuid(pub String);
    }
    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Reading")]
    #[serde(rename_all = "camelCase")]
    pub struct Reading {
        pub id: uuid::Uuid,
        pub value: f64,
        pub taken_at: Option<uuid::Uuid>,
    }
}

fn main() {}
