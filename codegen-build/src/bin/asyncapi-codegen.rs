//! `asyncapi-codegen`: validate, inspect, generate and check from the command line.
//! Everything happens in [`asyncapi_codegen_build::cli::run`].

use std::process::ExitCode;

fn main() -> ExitCode {
    let status = asyncapi_codegen_build::cli::run(
        std::env::args_os().skip(1),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    ExitCode::from(status)
}
