//! Rust emitter: serde types and channel helpers for the generate mode of `asyncapi!` and
//! for `asyncapi-codegen-build`'s Rust output.
//!
//! Public: asyncapi-codegen-build writes [`generate`]'s tokens into `OUT_DIR`, formatted.
//!
//! [`generate`] is a pure function of the model. Its tokens are items meant to be placed
//! anywhere (a macro call site, or an `include!` in any module):
//!
//! - a declaration per named schema (and per inline object, enum or union), named exactly as
//!   on the TypeScript side ([`crate::model::TypeDef::name`]), deriving `Serialize`,
//!   `Deserialize`, `Debug`, `Clone` and `PartialEq`, and implementing
//!   `asyncapi_codegen_runtime::CheckedAgainst` so hand-checked structs can nest generated ones;
//! - `pub mod channels`, one module per channel (see `channels.rs`);
//! - `pub mod servers`, one module per MQTT server: URL and client options (see `servers.rs`).
//!
//! Mapping: objects → structs (snake_case fields, `#[serde(rename)]` where the JSON name
//! differs, optional → `Option` skipped when `None`, nullable required → `Option`,
//! `additionalProperties: false` → `deny_unknown_fields`, a schema for
//! `additionalProperties` next to properties → a flattened `extra` map); objects with only
//! `additionalProperties` → `BTreeMap<String, T>`; string `enum`/`const` → unit enums;
//! `oneOf`/`anyOf` → `#[serde(untagged)]` enums (a `discriminator` property stays a field of
//! each variant); `integer` → the smallest of `i32`, `i64`, `u32`, `u64` that holds its range; `number` → `f64`; `array` → `Vec`; anything
//! unconstrained → `serde_json::Value`. Recursion goes through `Box` (or a newtype for a
//! recursive alias).
//!
//! Deserialising checks what serde can express: JSON types, required properties, string
//! enums and consts, closed objects, and integer ranges as far as the chosen integer type
//! goes. It does not check `pattern`, `format`, lengths, bounds inside the type's range, or
//! numeric enums, and a required nullable property may be absent (serde reads a missing
//! `Option` as `None`); the generated TypeScript validators check all of these.
//!
//! Generated code uses fully qualified paths only and no `use` items, so it cannot clash
//! with the user's imports. It needs the crates `serde` (with `derive`) and
//! `asyncapi_codegen_runtime` as dependencies of the crate it lands in; `serde_json` is named
//! through the runtime's re-export.

mod channels;
mod docs;
mod integer;
mod mqtt;
mod names;
mod reply;
mod runtime_path;
mod servers;
mod typed_validation;
mod types;
mod validate;

// `parse_runtime_path` checks asyncapi-codegen-build's `Config::runtime_crate` argument.
pub use runtime_path::parse_runtime_path;
pub(crate) use runtime_path::rebase;

// What the `asyncapi!` logic (`crate::macros`) shares with this emitter.
#[cfg(feature = "macros")]
pub(crate) use integer::{integer_range, rust_integer_fits};
#[cfg(feature = "macros")]
pub(crate) use validate::{function_name as validator_function_name, validator_functions};

use super::Perspective;
use crate::diag::Location;
use crate::model::{Model, PayloadFormat};
use proc_macro2::TokenStream;
use quote::quote;
use std::path::{Component, Path, PathBuf};

/// Options of the Rust emitter.
#[derive(Debug, Clone, Default)]
pub struct RustOptions {
    /// Whose point of view the operation constants (`ACTION`) take.
    pub perspective: Perspective,
    /// The directory the spec paths in `CheckedAgainst::SCHEMA` are relative to: the
    /// `CARGO_MANIFEST_DIR` of the crate the code lands in. `None`: paths as loaded
    /// (relative paths kept, absolute ones cut to the file name, so that no machine path
    /// lands in generated code).
    pub schema_base: Option<PathBuf>,
    /// Where the generated code finds the runtime crate, when it is not
    /// `::asyncapi_codegen_runtime` (a renamed dependency, or a re-export): a path parsed by
    /// [`parse_runtime_path`]. Every `::asyncapi_codegen_runtime` path of the generated code
    /// then starts with it instead.
    pub runtime_crate: Option<TokenStream>,
}

/// The Rust items for `model`: types, `pub mod channels`, then `pub mod servers`. Deterministic.
pub fn generate(model: &Model, options: &RustOptions) -> TokenStream {
    // An inline schema of a raw-bytes payload is used nowhere else: its type is the bytes.
    let bytes_payloads = model.messages.iter().filter_map(|m| {
        let id = m
            .payload
            .filter(|_| m.payload_format == PayloadFormat::Bytes)?;
        model.types.get(id).component.is_none().then_some(id)
    });
    let types = types::TypeEmitter::new(&model.types).with_bytes(bytes_payloads);
    let base = options.schema_base.as_deref();
    let declarations = types.declarations(&|def| checked_schema_id(&def.location, base));
    let channels = channels::channels(model, &types, options.perspective);
    let servers = servers::servers(model);
    let validators = validate::validators_module(&model.types);
    let items = quote! {
        #declarations
        #validators
        #channels
        #servers
    };
    match &options.runtime_crate {
        Some(path) => rebase(items, path),
        None => items,
    }
}

/// The `CheckedAgainst::SCHEMA` string of the schema at `location`:
/// `<file>#<JSON pointer>`, the file relative to `base` with `/` separators.
///
/// Check mode and generate mode both use this, so a struct checked by `asyncapi!` and a type
/// generated from the same schema agree. A file outside `base` (or any file when `base` is
/// `None`) keeps its path as loaded when that is relative, and only its file name when it
/// is absolute, so no machine path ever lands in generated code.
pub(crate) fn checked_schema_id(location: &Location, base: Option<&Path>) -> String {
    let file = &location.file;
    let relative = base
        .and_then(|b| file.strip_prefix(b).ok())
        .map(Path::to_path_buf)
        .or_else(|| file.is_relative().then(|| file.clone()))
        .unwrap_or_else(|| file.file_name().map(PathBuf::from).unwrap_or_default());
    let parts: Vec<String> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect();
    let pointer = if location.pointer.starts_with('#') {
        location.pointer.clone()
    } else {
        format!("#{}", location.pointer)
    };
    format!("{}{}", parts.join("/"), pointer)
}

#[cfg(test)]
mod tests;
