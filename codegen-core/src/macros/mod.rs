//! The logic of the `asyncapi!` proc macro (the `asyncapi-codegen-macros` crate only forwards to
//! [`expand()`]), kept here so it is tested without compiling a proc macro.
//!
//! - [`input`]: `spec = "path"` and the items to check;
//! - [`spec_path`]: where the spec is (`CARGO_MANIFEST_DIR`, or `ASYNCAPI_MANIFEST_DIR`);
//! - [`cache`]: the parsed model, once per compiler process;
//! - [`matching`]: which schema each item stands for;
//! - [`serde_attrs`]: the serde attributes that change the JSON form;
//! - [`rust_types`]: which Rust types fit which schema types;
//! - [`check`]: the field-by-field comparison and its errors;
//! - [`expand`](mod@expand): the tokens the macro produces.

pub mod cache;
pub mod check;
pub mod expand;
pub mod input;
pub mod matching;
pub mod rust_types;
pub mod serde_attrs;
pub mod spec_path;

pub use expand::{expand, internal_error};
