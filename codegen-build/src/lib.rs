//! Generate a typed TypeScript MQTT client from an AsyncAPI document in `build.rs`.
//!
//! The backend crate owns the contract (an AsyncAPI 2.0–2.6 or 3.0/3.1 document, YAML or
//! JSON). Each `cargo build` regenerates the frontend's client from it, so a contract change
//! breaks the frontend's type check instead of production.
//!
//! # Setup
//!
//! The options live in the backend's `Cargo.toml`, where both the build script and the CI
//! drift guard (`asyncapi-codegen check --workspace`) read them, so the two cannot disagree.
//!
//! `backend/Cargo.toml`:
//!
//! ```toml
//! [package]
//! name = "backend"
//! build = "build.rs"
//!
//! [package.metadata.asyncapi-codegen]
//! spec = "asyncapi.yaml"
//! # A directory of its own: stale generated files in it are removed.
//! typescript-out = "../frontend/src/__gen__"
//! # The document describes the backend; the frontend talks to it.
//! perspective = "client"
//!
//! [build-dependencies]
//! # A build script needs no command line: leaving out the default `cli` feature skips its
//! # dependencies (cargo_metadata).
//! asyncapi-codegen-build = { version = "0.1", default-features = false }
//! ```
//!
//! `backend/build.rs`:
//!
//! ```no_run
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     asyncapi_codegen_build::Config::from_manifest()?.generate()?;
//!     Ok(())
//! }
//! ```
//!
//! The keys of `[package.metadata.asyncapi-codegen]` ([`MANIFEST_TABLE`]):
//!
//! | key | value | builder method |
//! |---|---|---|
//! | `spec` (required) | path of the AsyncAPI document | [`Config::new`] |
//! | `typescript-out` | output directory of the TypeScript client | [`Config::typescript_out`] |
//! | `perspective` | `"application"` (default) or `"client"` | [`Config::perspective`] |
//! | `both-directions` | `true` or `false` (default) | [`Config::both_directions`] |
//! | `rust-out` | file name of the Rust output in `OUT_DIR` | [`Config::rust_out`] |
//!
//! At least one of `typescript-out` and `rust-out` is required. Paths are relative to the
//! `Cargo.toml`. An unknown key, a value of the wrong type or a missing key fails the build
//! with every problem located, e.g.
//! `backend/Cargo.toml:9:15 (package.metadata.asyncapi-codegen.perspective): must be
//! "application" or "client", found "server"; …`. [`Config::from_manifest`] parses that one
//! file (it runs no `cargo metadata`) and prints `cargo:rerun-if-changed` for it, so
//! editing the table regenerates. The [`Config`] it returns can be customised further, but
//! what build.rs adds is invisible to `check --workspace`.
//!
//! The same, configured in build.rs instead (then `asyncapi-codegen check` needs the options
//! on its command line):
//!
//! ```no_run
//! use asyncapi_codegen_build::{Config, Perspective};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     Config::new("asyncapi.yaml")
//!         .typescript_out("../frontend/src/__gen__")
//!         .perspective(Perspective::Client)
//!         .generate()?;
//!     Ok(())
//! }
//! ```
//!
//! or, with the defaults, in one call:
//!
//! ```no_run
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     asyncapi_codegen_build::generate_typescript("asyncapi.yaml", "../frontend/src/__gen__")?;
//!     Ok(())
//! }
//! ```
//!
//! The frontend then imports `./__gen__/channels` and `./__gen__/payloads/<Message>`.
//!
//! # What it does in a build script
//! - Relative paths are resolved against `CARGO_MANIFEST_DIR` (the backend crate's
//!   directory), never the current directory.
//! - It prints `cargo:rerun-if-changed` for every file the document is made of, `$ref`'d
//!   files included, so cargo reruns the script when one of them changes and only then.
//!   (Deleting the output directory by hand does not rerun it: touch the document.)
//! - Warnings about the document become `cargo:warning` lines.
//! - Errors fail the build with every problem located, for example
//!   `asyncapi.yaml:12:7 (#/components/messages/X/payload): …; what to do`, and leave the
//!   output directory exactly as it was.
//! - Files are written only when their bytes change, so a frontend dev server is not
//!   reloaded for nothing. Every generated file's first line carries
//!   [`output::GENERATED_MARKER`]; files without it are never touched, and generated files
//!   no longer produced are removed. See [`output`] for the exact rules.
//!
//! Cargo's convention is that build scripts write only into `OUT_DIR`. Writing into the
//! frontend is this crate's purpose, so it happens only where [`Config::typescript_out`]
//! says.
//!
//! # Rust types from the same document
//! [`Config::rust_out`] also writes the serde payload types and channel helpers (the same
//! code `asyncapi_codegen_runtime::asyncapi!(spec = "...")` expands to), formatted with prettyplease,
//! into `OUT_DIR`:
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     asyncapi_codegen_build::Config::new("asyncapi.yaml")
//!         .typescript_out("../frontend/src/__gen__")
//!         .rust_out("asyncapi.rs")
//!         .generate()?;
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs (needs the dependencies serde with "derive", serde_json, asyncapi-codegen-runtime)
//! mod contract {
//!     include!(concat!(env!("OUT_DIR"), "/asyncapi.rs"));
//! }
//! let topic = contract::channels::user_signups::Parameters {}.topic()?;
//! ```
//!
//! The file is rewritten only when its bytes change and never replaces a file without the
//! generated marker; unlike the TypeScript directory, nothing else in `OUT_DIR` is touched.
//!
//! # Outside build scripts
//! [`Config`] works in tests and tools too. There, relative paths resolve against
//! `CARGO_MANIFEST_DIR` when cargo set it (under `cargo test` and `cargo run`), otherwise
//! against the current directory, or against [`Config::base_dir`] when given. No `cargo:`
//! lines are printed unless [`Config::cargo_instructions`] asks for them. Anything that
//! needs `OUT_DIR` fails with an error that says so ([`Config::rust_out_dir`] writes the Rust
//! output into a directory of your choice instead). The `asyncapi-codegen` command line
//! (`validate`, `inspect`, `generate`, `check`; the default `cli` feature) runs the same
//! code; `check` compares without writing, for CI drift checks. `check --workspace` finds
//! every workspace package with a `[package.metadata.asyncapi-codegen]` table (with
//! `cargo metadata`) and reads each one with [`Config::from_manifest_path`], the function
//! [`Config::from_manifest`] calls in the build script.
//!
//! Generating into a directory, then checking that it is up to date, as a test or a CI tool
//! would:
//!
//! ```
//! use asyncapi_codegen_build::Config;
//!
//! // A scratch directory holding the document; the client goes into `client/` next to it.
//! let dir = std::env::temp_dir().join(format!("codegen-build-doc-{}", std::process::id()));
//! # let _ = std::fs::remove_dir_all(&dir); // left over by an earlier run with this id
//! std::fs::create_dir_all(&dir)?;
//! std::fs::write(
//!     dir.join("asyncapi.yaml"),
//!     r#"
//! asyncapi: 3.0.0
//! info:
//!   title: Account Service
//!   version: 1.0.0
//! channels:
//!   userSignups:
//!     address: user/signedup
//!     messages:
//!       userSignedup:
//!         $ref: '#/components/messages/UserSignedUp'
//! operations:
//!   publishUserSignups:
//!     action: send
//!     channel:
//!       $ref: '#/channels/userSignups'
//! components:
//!   messages:
//!     UserSignedUp:
//!       payload:
//!         type: object
//!         properties:
//!           displayName:
//!             type: string
//!           email:
//!             type: string
//!             format: email
//! "#,
//! )?;
//!
//! // Relative paths resolve against `base_dir`, not CARGO_MANIFEST_DIR.
//! let config = Config::new("asyncapi.yaml")
//!     .base_dir(&dir)
//!     .typescript_out("client");
//!
//! let generated = config.generate()?;
//! assert_eq!(generated.files, vec![dir.join("asyncapi.yaml")]);
//! let written = &generated.outputs[0];
//! assert_eq!(written.dir, dir.join("client"));
//! assert!(written.created.iter().any(|f| f == "channels/index.ts"));
//! assert!(written.created.iter().any(|f| f == "payloads/UserSignedup.ts"));
//! assert!(dir.join("client/index.ts").is_file());
//!
//! // Nothing to do: `check` (and a second `generate`) find every file as generated.
//! assert!(config.check()?.is_up_to_date());
//! assert!(config.generate()?.outputs[0].is_noop());
//!
//! // A hand edit is drift: `check` names the file and writes nothing.
//! let edited = dir.join("client/channels/index.ts");
//! let text = std::fs::read_to_string(&edited)?;
//! std::fs::write(&edited, format!("{text}// edited by hand\n"))?;
//! let check = config.check()?;
//! assert!(!check.is_up_to_date());
//! let drift: Vec<(&str, &str)> = check.outputs[0]
//!     .changes()
//!     .iter()
//!     .map(|c| (c.path(), c.kind().drift_label()))
//!     .collect();
//! assert_eq!(drift, [("channels/index.ts", "differs")]);
//! assert!(std::fs::read_to_string(&edited)?.ends_with("// edited by hand\n"));
//!
//! // `generate` puts it back.
//! assert_eq!(config.generate()?.outputs[0].updated, ["channels/index.ts"]);
//! assert!(config.check()?.is_up_to_date());
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

// What is public, and why: `Config` and what its methods return (`Generated`, `Check`,
// `RustWritten`, `RustChecked`, `Error` and its parts), the `generate_typescript` shortcut,
// `Perspective` (an option), `MANIFEST_TABLE` and `DEFAULT_RUST_FILE_NAME` (documented
// defaults), and `output` (the writer's rules, and the per-directory reports). `cli` is
// public only for the `asyncapi-codegen` binary and its tests, so it is hidden.
mod cargo;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod cli;
mod config;
mod error;
mod manifest;
pub mod output;
mod rust_out;

pub use asyncapi_codegen_core::emit::Perspective;
pub use config::{Check, Config, Generated, RustChecked, RustWritten};
pub use error::{Error, ManifestError, ManifestProblem, OutputError};
pub use manifest::TABLE as MANIFEST_TABLE;
pub use rust_out::DEFAULT_FILE_NAME as DEFAULT_RUST_FILE_NAME;

use std::path::Path;

/// Writes the TypeScript client for the document at `spec` into `dir`, with the default
/// options. The same as `Config::new(spec).typescript_out(dir).generate()`.
pub fn generate_typescript(
    spec: impl AsRef<Path>,
    dir: impl AsRef<Path>,
) -> Result<Generated, Error> {
    Config::new(spec).typescript_out(dir).generate()
}
