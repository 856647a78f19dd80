//! Writes the dashboard's TypeScript client from the contract on every build where the
//! contract (or the options in Cargo.toml's `[package.metadata.asyncapi-codegen]`) changed.
//! The options live in Cargo.toml so that `asyncapi-codegen check --workspace` in CI checks
//! with exactly the same ones.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    asyncapi_codegen_build::Config::from_manifest()?.generate()?;
    Ok(())
}
