//! `message = "..."` for a message whose payload travels as raw bytes.

asyncapi_codegen_macros::asyncapi! {
    spec = "tests/fixtures/bytes.yaml";

    #[derive(serde::Serialize, serde::Deserialize)]
    #[asyncapi(message = "firmwareChunk")]
    pub struct FirmwareChunk {
        pub data: String,
    }
}

fn main() {}
