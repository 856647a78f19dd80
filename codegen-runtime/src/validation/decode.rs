//! `from_json`: parse, validate, deserialize.

use super::Problem;
use serde::de::DeserializeOwned;
use std::fmt;

/// Why JSON bytes were not turned into a value of a generated (or checked) type.
#[derive(Debug)]
pub enum DecodeError {
    /// The bytes are not valid UTF-8 (so not JSON text either).
    InvalidUtf8 {
        /// The offset of the first byte that is not part of a valid UTF-8 sequence.
        valid_up_to: usize,
    },
    /// The text is not JSON.
    InvalidJson(serde_json::Error),
    /// The JSON does not match the schema: every problem, as the TypeScript side reports them.
    Problems(Vec<Problem>),
    /// The JSON matches the schema but does not fit the Rust type (for example an integer
    /// beyond the range of the Rust integer type chosen for it).
    Deserialize(serde_json::Error),
}

impl DecodeError {
    /// The problems, as the TypeScript side's `ValidationError` lists them: a problem at `$`
    /// for invalid UTF-8 or JSON.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            DecodeError::InvalidUtf8 { .. } => vec![Problem {
                path: "$".into(),
                message: "is not valid UTF-8".into(),
            }],
            DecodeError::InvalidJson(e) => vec![Problem {
                path: "$".into(),
                message: format!("is not valid JSON ({e})"),
            }],
            DecodeError::Problems(p) => p.clone(),
            DecodeError::Deserialize(e) => vec![Problem {
                path: "$".into(),
                message: format!("does not fit the Rust type ({e})"),
            }],
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidUtf8 { valid_up_to } => {
                write!(f, "$: is not valid UTF-8 (from byte {valid_up_to})")
            }
            DecodeError::InvalidJson(e) => write!(f, "$: is not valid JSON ({e})"),
            DecodeError::Problems(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
            DecodeError::Deserialize(e) => write!(f, "$: does not fit the Rust type ({e})"),
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DecodeError::InvalidJson(e) | DecodeError::Deserialize(e) => Some(e),
            _ => None,
        }
    }
}

/// The exact path: parse to a `serde_json::Value`, run `validate`, deserialize the value.
pub fn from_json_slow<T: DeserializeOwned>(
    bytes: &[u8],
    validate: fn(&serde_json::Value) -> Vec<Problem>,
) -> Result<T, DecodeError> {
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(DecodeError::InvalidUtf8 {
            valid_up_to: e.valid_up_to(),
        });
    }
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(DecodeError::InvalidJson)?;
    let problems = validate(&value);
    if !problems.is_empty() {
        return Err(DecodeError::Problems(problems));
    }
    T::deserialize(&value).map_err(DecodeError::Deserialize)
}

/// The fast path: deserialize straight into `T` and check the typed value with `typed_ok`
/// (which answers only valid or not); whenever either says no, [`from_json_slow`] decides
/// and names the problems, so both paths give the same outcome.
///
/// `root_object`: the type only ever comes from a JSON object, and a serde struct would also
/// take an array, so the text must start with `{`.
pub fn from_json_checked<T: DeserializeOwned>(
    bytes: &[u8],
    root_object: bool,
    typed_ok: fn(&T) -> bool,
    validate: fn(&serde_json::Value) -> Vec<Problem>,
) -> Result<T, DecodeError> {
    let starts_with_brace = || {
        bytes
            .iter()
            .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .is_some_and(|b| *b == b'{')
    };
    if !root_object || starts_with_brace() {
        if let Ok(value) = serde_json::from_slice::<T>(bytes) {
            if typed_ok(&value) {
                return Ok(value);
            }
        }
    }
    from_json_slow(bytes, validate)
}
