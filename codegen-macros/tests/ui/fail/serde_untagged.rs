//! `#[serde(untagged)]` is rejected.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Status")]
    #[serde(untagged)]
    pub enum Status {
        #[serde(rename = "ok")]
        Ok,
        #[serde(rename = "degraded")]
        Degraded,
        #[serde(rename = "failed")]
        Failed,
    }
}

fn main() {}
