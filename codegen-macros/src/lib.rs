//! asyncapi-codegen-macros: the `asyncapi!` macro.
//!
//! One AsyncAPI document, Rust payload types that cannot drift from it. The macro has two
//! modes:
//! - **generate**: `asyncapi!(spec = "...")` writes the document's payload types (serde
//!   structs and enums, named as in the TypeScript client) and a `channels` module with each
//!   channel's address and parameters;
//! - **check**: `asyncapi! { spec = "..."; <items> }` keeps your hand-written serde structs
//!   and enums as they are and fails to compile, pointing at the field, when one does not
//!   match its schema (a missing or extra property, a wrong type, a required field that is an
//!   `Option`, serde renames that do not give the schema's names, ...).
//!
//! The spec path is relative to the directory of the `Cargo.toml` of the crate calling the
//! macro (`CARGO_MANIFEST_DIR`; `ASYNCAPI_MANIFEST_DIR` overrides it, for trybuild tests),
//! and the crate is rebuilt when the document, or a file it `$ref`s, changes. The crate
//! using the macro depends on `asyncapi-codegen-runtime` and on `serde` (with `derive`); the
//! examples below also use `serde_json`. All logic lives in `asyncapi_codegen_core::macros`.
//!
//! The macro is this crate's only public item (a proc-macro crate can export nothing else);
//! `asyncapi-codegen-runtime` re-exports it, so most crates depend on that one alone.
//!
//! # Generate mode
//! With the seed document `tests/fixtures/asyncapi.yaml` of this crate (channel
//! `userSignups` at `user/signedup`, message `userSignedup` whose payload has the optional
//! strings `displayName` and `email`):
//!
//! ```
//! asyncapi_codegen_runtime::asyncapi!(spec = "tests/fixtures/asyncapi.yaml");
//!
//! fn main() {
//!     use asyncapi_codegen_runtime::mqtt::Channel;
//!     use asyncapi_codegen_runtime::CheckedAgainst;
//!
//!     // The payload type is named after the message; properties become snake_case fields.
//!     let payload = UserSignedup {
//!         display_name: Some("test".into()),
//!         email: Some("test@test.dk".into()),
//!         // Properties the schema allows without declaring them (none here); they survive
//!         // `from_json` and serialising.
//!         extra: Default::default(),
//!     };
//!     let json = serde_json::to_string(&payload).unwrap();
//!     assert_eq!(json, r#"{"displayName":"test","email":"test@test.dk"}"#);
//!     assert_eq!(serde_json::from_str::<UserSignedup>(&json).unwrap(), payload);
//!     // It records the schema it came from.
//!     assert_eq!(
//!         UserSignedup::SCHEMA,
//!         "tests/fixtures/asyncapi.yaml#/components/messages/UserSignedUp/payload"
//!     );
//!
//!     // The channel helpers: the address template and a topic from the parameters.
//!     assert_eq!(channels::user_signups::ADDRESS, "user/signedup");
//!     let parameters = channels::user_signups::Parameters {};
//!     assert_eq!(parameters.topic().unwrap(), "user/signedup");
//!     assert!(channels::user_signups::Parameters::parse("user/signedup").is_ok());
//!     assert!(channels::user_signups::Parameters::parse("user/other").is_err());
//! }
//! ```
//!
//! # Check mode
//! Your own struct, checked against the same message at compile time:
//!
//! ```
//! asyncapi_codegen_runtime::asyncapi! {
//!     spec = "tests/fixtures/asyncapi.yaml";
//!
//!     #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
//!     #[serde(rename_all = "camelCase")]
//!     #[asyncapi(message = "userSignedup")]
//!     pub struct UserSignedUp {
//!         pub display_name: Option<String>,
//!         pub email: Option<String>,
//!     }
//! }
//!
//! fn main() {
//!     use asyncapi_codegen_runtime::CheckedAgainst;
//!
//!     let value = UserSignedUp {
//!         display_name: Some("test".into()),
//!         email: Some("test@test.dk".into()),
//!     };
//!     let json = serde_json::to_string(&value).unwrap();
//!     assert_eq!(json, r#"{"displayName":"test","email":"test@test.dk"}"#);
//!     assert_eq!(serde_json::from_str::<UserSignedUp>(&json).unwrap(), value);
//!     assert_eq!(
//!         UserSignedUp::SCHEMA,
//!         "tests/fixtures/asyncapi.yaml#/components/messages/UserSignedUp/payload"
//!     );
//! }
//! ```
//!
//! A struct that does not match fails to compile. Without `rename_all`, the field
//! `display_name` is not the schema's `displayName`:
//!
//! ```compile_fail
//! asyncapi_codegen_runtime::asyncapi! {
//!     spec = "tests/fixtures/asyncapi.yaml";
//!
//!     #[derive(serde::Serialize, serde::Deserialize)]
//!     #[asyncapi(message = "userSignedup")]
//!     pub struct UserSignedUp {
//!         pub display_name: Option<String>,
//!         pub email: Option<String>,
//!     }
//! }
//! # fn main() {}
//! ```
#![deny(missing_docs)]

use proc_macro::TokenStream;

/// Checks the items that follow `spec = "...";` against the AsyncAPI document, or, given
/// only `spec = "..."`, generates the document's payload types and channel helpers.
#[proc_macro]
pub fn asyncapi(input: TokenStream) -> TokenStream {
    let input = proc_macro2::TokenStream::from(input);
    // A bug in the model code must still end as a compile error, not a macro panic.
    match std::panic::catch_unwind(move || asyncapi_codegen_core::macros::expand(input)) {
        Ok(tokens) => tokens.into(),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            asyncapi_codegen_core::macros::internal_error(&message).into()
        }
    }
}
