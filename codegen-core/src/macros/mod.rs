//! The logic of the `asyncapi!` proc macro (the `asyncapi-codegen-macros` crate only forwards to
//! [`expand()`]), kept here so it is tested without compiling a proc macro.
//!
//! Public: the macro crate calls it; it is not meant for other callers.
//!
//! - `input`: `spec = "path"` and the items to check;
//! - `spec_path`: where the spec is (`CARGO_MANIFEST_DIR`, or `ASYNCAPI_MANIFEST_DIR`);
//! - `cache`: the parsed model, once per compiler process;
//! - `matching`: which schema each item stands for;
//! - `serde_attrs`: the serde attributes that change the JSON form;
//! - `rust_types`: which Rust types fit which schema types;
//! - `check`: the field-by-field comparison and its errors;
//! - `expand`: the tokens the macro produces.
//!
//! Public: [`expand()`] and [`internal_error`], which the macro crate calls, and
//! [`expand_with`], which tests call with their own environment. The modules are internal.

pub(crate) mod cache;
pub(crate) mod check;
pub(crate) mod expand;
pub(crate) mod input;
pub(crate) mod matching;
pub(crate) mod rust_types;
pub(crate) mod serde_attrs;
pub(crate) mod spec_path;

pub use expand::{expand, expand_with, internal_error};
