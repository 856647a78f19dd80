//! Run-time support for the validators generated for every Rust payload, header and schema
//! type (and for structs checked by `asyncapi!`): JSON Schema draft 7, with the same verdicts,
//! problem paths and messages as the generated TypeScript validators.
//!
//! Public: generated validators call it, and your code reads its [`Problem`]s and
//! [`DecodeError`]s.
//!
//! - [`Problem`]: one problem, `{ path, message }`, `path` written as on the TypeScript side
//!   (`$`, `$.name`, `$["odd name"]`, `$.items[3]`).
//! - [`ProblemPath`]: a path built while descending and only written out when a problem is
//!   reported, so a valid value costs no allocation.
//! - [`Validate`]: `validate_value` and `from_json` (parse, validate, deserialize).
//! - [`DecodeError`]: why `from_json` refused its bytes.
//! - [`json`]: JSON equality, `describe`, `multipleOf`, safe integers, code-point lengths.
//! - [`pattern`]: ECMA-262 regular expressions through the `regress` crate.
//! - [`format`](mod@format): the asserted formats (`date`, `date-time`, `email`, `ipv4`, `ipv6`, `time`,
//!   `uri`, `uuid`), the same rules as the TypeScript runtime's `matchesFormat`.

mod decode;
pub mod format;
pub mod json;
mod path;
pub mod pattern;

pub use decode::{from_json_checked, from_json_slow, DecodeError};
pub use path::ProblemPath;

use serde::de::DeserializeOwned;

/// One problem found in a value: where (`$.readings[0].sensor`) and what.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Problem {
    /// Where in the value, `$` being the value itself.
    pub path: String,
    /// What is wrong, e.g. `must be >= 0`.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// A type validated against its schema: implemented by every generated type and every
/// struct checked by `asyncapi!`.
pub trait Validate: DeserializeOwned {
    /// Every problem of `value` against the type's schema (empty when it is valid).
    fn validate_value(value: &serde_json::Value) -> Vec<Problem>;

    /// Parses JSON bytes, validates them against the schema, then deserializes them.
    fn from_json(bytes: &[u8]) -> Result<Self, DecodeError> {
        from_json_slow(bytes, Self::validate_value)
    }
}

/// A nullable schema's Rust type is `Option<T>` (`T` cannot hold `null`): the schema, and so
/// the validation, is `T`'s, which accepts `null`.
impl<T: Validate> Validate for Option<T> {
    fn validate_value(value: &serde_json::Value) -> Vec<Problem> {
        T::validate_value(value)
    }
}

/// The problems of `value` against the schema whose generated check is `check`.
pub fn collect(
    value: &serde_json::Value,
    check: impl FnOnce(&serde_json::Value, &ProblemPath<'_>, &mut Vec<Problem>),
) -> Vec<Problem> {
    let mut problems = Vec::new();
    check(value, &ProblemPath::Root, &mut problems);
    problems
}

/// The problems of the union variant that came closest to matching (the fewest problems),
/// as the TypeScript runtime's `closestProblems` picks them.
pub fn closest_problems(variants: &[Vec<Problem>]) -> Vec<Problem> {
    let mut best: &[Problem] = &[];
    for problems in variants {
        if best.is_empty() || (!problems.is_empty() && problems.len() < best.len()) {
            best = problems;
        }
    }
    best.to_vec()
}
