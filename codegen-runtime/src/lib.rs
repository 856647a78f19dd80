//! asyncapi-codegen-runtime: the one dependency a crate using `asyncapi!` needs. It
//! re-exports the macro ([`asyncapi!`], Cargo feature `macros`, on by default) and holds
//! what the code the macro (and `asyncapi-codegen-build`'s Rust output) generates refers to
//! at run time.
//!
//! ```toml
//! [dependencies]
//! asyncapi-codegen-runtime = "0.1"
//! serde = { version = "1", features = ["derive"] }
//! serde_json = "1"
//! ```
//!
//! A proc-macro crate cannot export traits or functions, so the items generated code needs
//! live here, as `serde` holds what `serde_derive` expands to. The expansion names this
//! crate by its absolute path, `::asyncapi_codegen_runtime`. If you rename the dependency
//! (`rt = { package = "asyncapi-codegen-runtime", version = "0.1" }`) or re-export it, say so:
//! `asyncapi!(spec = "asyncapi.yaml", crate = "::rt")`.
//!
//! - [`CheckedAgainst`]: implemented for every type the macro checked or generated, naming
//!   its schema; it lets the compiler prove that a nested field's type was checked against
//!   the right schema.
//! - [`topic`]: topics from address templates such as `devices/{deviceId}/telemetry`, with
//!   the TypeScript client's rules: parameter validation, topics, subscription filters and
//!   level-by-level extraction.
//! - [`server`]: the document's servers ([`server::Server`]), their URLs from their
//!   variables, and client options made from them ([`server::ClientOptions`]; with the
//!   `rumqttc` feature for rumqttc's MQTT 3.1.1 and 5 `MqttOptions`, `mqtt::connect`).
//! - [`mqtt`]: the traits generated channels and messages implement ([`mqtt::Channel`],
//!   [`mqtt::ChannelMessage`], [`mqtt::RequestMessage`], ...): address, parameters, QoS,
//!   retain and expiry from the spec's bindings, the reply of a request.
//! - [`share`]: MQTT 5 shared subscriptions (`$share/<group>/<filter>`), group names checked.
//! - [`validation`]: what the generated validators call (JSON Schema draft 7 with the
//!   TypeScript client's verdicts and messages), and the [`validation::Problem`]s and
//!   [`validation::DecodeError`]s they report.
//! - [`assert_checked`], and the re-exports [`serde_json`](mod@serde_json) (and `rumqttc`
//!   with that feature): named by generated code, so that a crate using it needs no
//!   dependency of its own on them.
//!
//! That is all that is public: each item is named by generated code or used by yours.
//!
//! # Cargo feature `rumqttc`
//! Off by default. It adds `mqtt::rumqttc`: a typed client over rumqttc, MQTT 5 and 3.1.1,
//! whose publishes resolve when the broker acknowledges them (QoS and retain from the
//! bindings, headers as user properties), routed and shared subscriptions that decode each
//! message into the channel's parameters and the typed payload (or a typed error, never a
//! panic), and request/reply:
//!
//! ```toml
//! [dependencies]
//! asyncapi-codegen-runtime = { version = "0.1", features = ["rumqttc"] }
//! ```
//!
//! # Topic helpers
//! Generated channel helpers call these with their `ADDRESS`; they work on hand-written
//! templates too:
//!
//! ```
//! use asyncapi_codegen_runtime::topic::{self, ParameterError, TopicError};
//!
//! const ADDRESS: &str = "devices/{deviceId}/sensors/{sensor}";
//! assert_eq!(topic::parameter_names(ADDRESS), ["deviceId", "sensor"]);
//!
//! // A value fills exactly one topic level: `/` would add a level, `+` and `#` would turn a
//! // publish into a wildcard.
//! assert!(topic::check_value("deviceId", "dev-1").is_ok());
//! assert_eq!(
//!     topic::check_value("deviceId", "a/b"),
//!     Err(ParameterError::ForbiddenCharacter {
//!         parameter: "deviceId",
//!         value: "a/b".into(),
//!         character: '/',
//!     })
//! );
//! assert!(matches!(topic::check_value("deviceId", ""), Err(ParameterError::Empty { .. })));
//! assert!(topic::check_value("deviceId", "#").is_err());
//!
//! // The topic to publish to; every value is checked, and none may be missing.
//! let topic = topic::fill(ADDRESS, &[("deviceId", "dev-1"), ("sensor", "temp")])?;
//! assert_eq!(topic, "devices/dev-1/sensors/temp");
//! assert!(topic::fill(ADDRESS, &[("deviceId", "a/b"), ("sensor", "temp")]).is_err());
//! assert_eq!(
//!     topic::fill(ADDRESS, &[("deviceId", "dev-1")]),
//!     Err(ParameterError::Missing { parameter: "sensor".into() })
//! );
//!
//! // The filter to subscribe with: a parameter without a value matches any one level.
//! assert_eq!(
//!     topic::filter(ADDRESS, &[("deviceId", None), ("sensor", Some("temp"))])?,
//!     "devices/+/sensors/temp"
//! );
//! assert_eq!(topic::filter(ADDRESS, &[])?, "devices/+/sensors/+");
//!
//! // The values in a received topic, in the order of `parameter_names`, level by level.
//! let [device, sensor] = topic::extract::<2>(ADDRESS, "devices/dev-1/sensors/temp")?;
//! assert_eq!((device, sensor), ("dev-1", "temp"));
//! // A topic of another shape (here one level too many) is not this channel's.
//! assert!(matches!(
//!     topic::extract::<2>(ADDRESS, "devices/a/b/sensors/temp"),
//!     Err(TopicError::Mismatch { .. })
//! ));
//!
//! // Typed parameters follow the TypeScript client's syntax.
//! assert_eq!(topic::parse_integer("floor", "-3")?, -3);
//! assert!(topic::parse_integer("floor", "03").is_err());
//! assert!(topic::parse_boolean("on", "yes").is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

/// The `asyncapi!` macro: Rust payload types checked against, or generated from, an
/// AsyncAPI document. See the
/// [`asyncapi-codegen-macros` documentation](https://docs.rs/asyncapi-codegen-macros).
#[cfg(feature = "macros")]
pub use asyncapi_codegen_macros::asyncapi;

pub mod mqtt;
pub mod server;
pub mod share;
pub mod topic;
pub mod validation;

/// serde_json itself (the version the validators take values of): generated code names
/// `serde_json::Value` through this path, so a crate with generated or checked types needs
/// no serde_json dependency of its own, and one with another serde_json version still meets
/// the validators' types.
pub use ::serde_json;

/// rumqttc itself (the version the `rumqttc` feature's helpers take), so that generated code
/// and its callers can name `MqttOptions` without depending on rumqttc directly.
#[cfg(feature = "rumqttc")]
pub use ::rumqttc;

/// A Rust type that `asyncapi!` checked against (or generated from) one schema of an
/// AsyncAPI document.
///
/// The macro implements it for every struct and enum of an `asyncapi!` block. When a checked
/// struct has a field whose schema is another object or enum, the macro also asks the
/// compiler to prove that the field's type implements this trait with the *same*
/// [`SCHEMA`](CheckedAgainst::SCHEMA) (through [`assert_checked`]), so a nested struct that
/// was never checked, or was checked against another schema, fails to compile.
#[diagnostic::on_unimplemented(
    message = "`{Self}` was not checked against an AsyncAPI schema",
    label = "this type is not declared in an `asyncapi!` block",
    note = "declare `{Self}` inside `asyncapi_codegen_runtime::asyncapi! {{ spec = \"...\"; ... }}` so that it is checked against the schema of this field"
)]
pub trait CheckedAgainst {
    /// The schema the type was checked against: `<spec file>#<JSON pointer>`, the file
    /// relative to the crate that invoked the macro, e.g.
    /// `asyncapi.yaml#/components/schemas/UserSignedUp`.
    const SCHEMA: &'static str;
}

/// Fails const evaluation with `message` unless `T` was checked against `expected`.
///
/// The macro calls it in a `const _: () = ...;` item for every nested type, spanned on the
/// field's type, so the failure points at that field.
pub const fn assert_checked<T: CheckedAgainst + ?Sized>(expected: &str, message: &str) {
    if !same_str(T::SCHEMA, expected) {
        panic!("{}", message);
    }
}

/// `a == b` for strings in a const context (`PartialEq` is not const yet).
const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Checked;
    impl CheckedAgainst for Checked {
        const SCHEMA: &'static str = "spec.yaml#/components/schemas/A";
    }

    #[test]
    fn equal_schemas_pass_and_others_panic() {
        assert_checked::<Checked>("spec.yaml#/components/schemas/A", "unused");
        let other = std::panic::catch_unwind(|| {
            assert_checked::<Checked>("spec.yaml#/components/schemas/B", "checked elsewhere")
        });
        assert!(other.is_err());
        assert!(!same_str("ab", "a"));
        assert!(!same_str("ab", "ac"));
        assert!(same_str("", ""));
    }
}
