//! A variant whose serde name is not one of the enum values.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Status")]
    #[serde(rename_all = "lowercase")]
    pub enum Status {
        Ok,
        Degraded,
        Failed,
        Unknown,
    }
}

fn main() {}
