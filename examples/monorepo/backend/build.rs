//! Writes the dashboard's TypeScript client from the contract on every build where the
//! contract changed. The contract describes this backend (it sends telemetry and status,
//! receives commands), so the frontend gets the client perspective: it subscribes to
//! telemetry and status and publishes commands.
use asyncapi_codegen_build::{Config, Perspective};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    Config::new("../asyncapi.yaml")
        .typescript_out("../frontend/src/__gen__")
        .perspective(Perspective::Client)
        .generate()?;
    Ok(())
}
