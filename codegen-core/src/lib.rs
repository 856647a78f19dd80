//! asyncapi-codegen-core: AsyncAPI documents → a located model → TypeScript and Rust.
//!
//! This crate holds everything the code generator knows; `asyncapi-codegen-build` (build scripts and
//! the `asyncapi-codegen` command line) and `asyncapi-codegen-macros` (the `asyncapi!` macro) are thin
//! front ends over it.
//!
//! # Pipeline
//! 1. **load**: the root document and every file a relative `$ref` reaches are parsed (YAML
//!    or JSON) into trees whose every node knows its `file:line:col`.
//! 2. **spec**: the AsyncAPI 2.0–2.6 or 3.0–3.1 tree is walked, `$ref`s are resolved, traits
//!    applied and the schema type graph built.
//! 3. **model** ([`model`]): the result, one version-independent [`Model`] of servers,
//!    channels, operations, messages and types, in document order, every part located.
//! 4. **emit** ([`emit`]): pure functions from the model to files:
//!    [`emit::typescript::generate`] (the MQTT client) and [`emit::rust::generate`] (serde
//!    types and channel helpers, as tokens).
//!
//! [`load_model`] runs steps 1–3. Every problem on the way is a [`Diagnostic`] in one
//! [`Error`] ([`diag`]): all problems of a document are reported together, each as
//! `file:line:col (json-pointer): what is wrong; what to do`.
//!
//! # What is public, and why
//! - [`load_model`], [`model`], [`emit`] and [`diag`]: the pipeline a build script, the
//!   command line and the macro drive: load a document, read the model, emit code, render
//!   the problems.
//! - `macros` (Cargo feature `macros`): the logic of the `asyncapi!` macro, which the thin
//!   `asyncapi-codegen-macros` crate calls.
//!
//! Everything else is internal. A few modules are public but hidden from these docs, for
//! tools of this repository only: `load` and `spec` (the two halves of [`load_model`]),
//! which the benchmarks and fuzz targets time or fuzz one at a time; `parallel`, the work
//! splitter `asyncapi-codegen-build`'s writer shares; and `model::names`, whose reserved
//! words a test checks every generated name against. They are not API and may change in
//! any release.
//!
//! # Example
//! Load a document, look at its model and generate the TypeScript client:
//!
//! ```
//! use asyncapi_codegen_core::model::Action;
//!
//! let spec = r#"
//! asyncapi: 3.0.0
//! info:
//!   title: Account Service
//!   version: 1.0.0
//!   description: This service is in charge of processing user signups
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
//!   consumeUserSignups:
//!     action: receive
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
//!             description: Name of the user
//!           email:
//!             type: string
//!             format: email
//!             description: Email of the user
//! "#;
//! // A directory of its own, so that concurrent runs do not meet.
//! let dir = std::env::temp_dir().join(format!("codegen-core-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let path = dir.join("asyncapi.yaml");
//! std::fs::write(&path, spec)?;
//!
//! let model = asyncapi_codegen_core::load_model(&path)?;
//! assert_eq!(model.title, "Account Service");
//! assert_eq!(model.files, vec![path.clone()]);
//! assert!(model.warnings.is_empty());
//!
//! // One channel, with the address as written.
//! assert_eq!(model.channels.len(), 1);
//! let channel = &model.channels[0];
//! assert_eq!(channel.id, "userSignups");
//! assert_eq!(channel.address.as_ref().unwrap().raw, "user/signedup");
//!
//! // Two operations on it, in document order; cross references are indices.
//! let operations: Vec<(&str, Action)> =
//!     model.operations.iter().map(|o| (o.id.as_str(), o.action)).collect();
//! assert_eq!(
//!     operations,
//!     [("publishUserSignups", Action::Send), ("consumeUserSignups", Action::Receive)]
//! );
//! assert_eq!(model.channel(model.operations[0].channel).id, "userSignups");
//!
//! // The message, keyed as on the channel, with a type name for both languages.
//! let message = model.message(channel.messages[0]);
//! assert_eq!(message.id, "userSignedup");
//! assert_eq!(message.type_name, "UserSignedup");
//! assert!(message.payload.is_some());
//! // Every part knows where it came from.
//! assert_eq!(message.location.file, path);
//!
//! // The TypeScript client: relative paths and contents, sorted by path.
//! let files = asyncapi_codegen_core::emit::typescript::generate(&model, &Default::default())?;
//! let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
//! assert!(paths.contains(&"payloads/UserSignedup.ts"));
//! assert!(paths.contains(&"channels/index.ts"));
//! assert!(paths.windows(2).all(|w| w[0] < w[1]));
//! let channels = files.iter().find(|f| f.path == "channels/index.ts").unwrap();
//! assert!(channels.contents.contains(asyncapi_codegen_core::emit::GENERATED_MARKER));
//! assert!(channels.contents.contains("publishToUserSignedup"));
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Errors are located
//! A `$ref` to nothing fails the load; the error names the file, line, column and JSON
//! pointer of the `$ref`, and [`Error::render`] adds a snippet of the line:
//!
//! ```
//! let spec = "\
//! asyncapi: 3.0.0
//! info:
//!   title: Broken
//!   version: 1.0.0
//! channels:
//!   userSignups:
//!     address: user/signedup
//!     messages:
//!       userSignedup:
//!         $ref: '#/components/messages/Missing'
//! ";
//! let dir = std::env::temp_dir().join(format!("codegen-core-doc-err-{}", std::process::id()));
//! std::fs::create_dir_all(&dir)?;
//! let path = dir.join("asyncapi.yaml");
//! std::fs::write(&path, spec)?;
//!
//! let error = asyncapi_codegen_core::load_model(&path).unwrap_err();
//! let first = error.errors().next().unwrap();
//! assert_eq!((first.location.line, first.location.col), (10, 15));
//! assert_eq!(first.location.pointer, "#/channels/userSignups/messages/userSignedup/$ref");
//!
//! let rendered = error.render();
//! let located = format!(
//!     "{}:10:15 (#/channels/userSignups/messages/userSignedup/$ref)",
//!     path.display()
//! );
//! assert!(rendered.contains(&located), "{rendered}");
//! // The snippet quotes the line and points at the column.
//! assert!(rendered.contains("10 |         $ref: '#/components/messages/Missing'"), "{rendered}");
//! assert!(rendered.contains("#/components/messages/Missing"), "{rendered}");
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The rendered error reads:
//!
//! ```text
//! error: <dir>/asyncapi.yaml:10:15 (#/channels/userSignups/messages/userSignedup/$ref): `$ref` target `#/components/messages/Missing` cannot be resolved: `#/components/messages/Missing` points at nothing: there is no `components`; fix the reference or add the definition it names
//!   --> <dir>/asyncapi.yaml:10:15
//!    |
//! 10 |         $ref: '#/components/messages/Missing'
//!    |               ^
//! ```
#![deny(missing_docs)]

pub mod diag;
pub mod emit;
// Not API: for the benchmarks and fuzz targets (see "What is public, and why" above).
#[doc(hidden)]
pub mod load;
#[cfg(feature = "macros")]
pub mod macros;
pub mod model;
// Not API: shared with asyncapi-codegen-build's writer.
#[doc(hidden)]
pub mod parallel;
// Not API: for the benchmarks and fuzz targets.
#[doc(hidden)]
pub mod spec;

pub use diag::{Diagnostic, Error, Location, Severity};
pub use model::Model;

use std::path::Path;

/// Loads the document at `path` (and every file it references) and normalises it.
///
/// On success, [`Model::files`] lists every file read and [`Model::warnings`] holds the
/// warnings. On failure, the error holds every problem found, located.
pub fn load_model(path: &Path) -> Result<Model, Error> {
    let (sources, root) = load::Sources::load(path)?;
    let mut model = spec::normalise(&sources, root)?;
    model.files = sources.files().map(Path::to_path_buf).collect();
    // Freeing the trees of a large document takes milliseconds that nothing needs to wait
    // for: a detached thread frees them (`benches/devices.rs` prints the gain). Should no
    // thread start, `spawn` drops the closure, and with it the trees, right here.
    let free = std::thread::Builder::new().name("asyncapi-free-sources".into());
    let _detached = free.spawn(move || drop(sources));
    Ok(model)
}
