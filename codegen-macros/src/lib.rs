//! codegen-macros: the `asyncapi!` macro.
//!
//! Check mode compares hand-written serde structs and enums with the AsyncAPI document at
//! compile time; generate mode writes the payload types and channel helpers:
//!
//! ```ignore
//! codegen_macros::asyncapi! {
//!     spec = "asyncapi.yaml";
//!
//!     #[derive(serde::Serialize, serde::Deserialize)]
//!     #[serde(rename_all = "camelCase")]
//!     #[asyncapi(message = "userSignedup")]
//!     pub struct UserSignedUp {
//!         pub display_name: Option<String>,
//!         pub email: Option<String>,
//!     }
//! }
//!
//! codegen_macros::asyncapi!(spec = "asyncapi.yaml"); // generate mode
//! ```
//!
//! The spec path is relative to the crate's `Cargo.toml` directory (`ASYNCAPI_MANIFEST_DIR`
//! overrides it, for trybuild tests). The crate using the macro depends on
//! `codegen-runtime` and `serde`. All logic lives in `codegen_core::macros`.
#![deny(missing_docs)]

use proc_macro::TokenStream;

/// Checks the items that follow `spec = "...";` against the AsyncAPI document, or, given
/// only `spec = "..."`, generates the document's payload types and channel helpers.
#[proc_macro]
pub fn asyncapi(input: TokenStream) -> TokenStream {
    let input = proc_macro2::TokenStream::from(input);
    // A bug in the model code must still end as a compile error, not a macro panic.
    match std::panic::catch_unwind(move || codegen_core::macros::expand(input)) {
        Ok(tokens) => tokens.into(),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            codegen_core::macros::internal_error(&message).into()
        }
    }
}
