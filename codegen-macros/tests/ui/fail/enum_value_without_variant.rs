//! An enum value with no variant (the names differ by case: no `rename_all`).

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/checks.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(schema = "Status")]
    pub enum Status {
        #[serde(rename = "ok")]
        Ok,
        #[serde(rename = "degraded")]
        Degraded,
    }
}

fn main() {}
