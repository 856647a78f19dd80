//! JSON helpers with JavaScript's meaning, so Rust and TypeScript validators agree: numbers
//! are compared as IEEE doubles (`1` equals `1.0`), objects by their entries in any order.
//!
//! Public: generated validators call these.

use serde_json::{Map, Number, Value};

/// The largest integer a double holds exactly: `Number.MAX_SAFE_INTEGER`.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// The number as JavaScript's `JSON.parse` reads it.
pub fn number(n: &Number) -> f64 {
    n.as_f64().unwrap_or(f64::NAN)
}

/// True for a number with no fractional part (`Number.isInteger`).
pub(crate) fn is_integral(n: &Number) -> bool {
    n.is_i64() || n.is_u64() || number(n).fract() == 0.0
}

/// True for an integer JavaScript represents exactly (`Number.isSafeInteger`): the int64
/// policy of every integer schema.
pub fn is_safe_integer(n: &Number) -> bool {
    let f = number(n);
    f.is_finite() && f.fract() == 0.0 && f.abs() <= MAX_SAFE
}

/// Rewrites every number that is a double with no fractional part, within the safe-integer
/// range (`30.0`), as the integer it equals, everywhere in `value`; true when any changed.
/// serde's integer types refuse `30.0`, which JSON Schema's `integer` (and `JSON.parse`)
/// accept. The depth is bounded by serde_json's parser (128 levels).
pub(crate) fn integral_doubles_to_integers(value: &mut Value) -> bool {
    match value {
        Value::Number(n) if n.is_f64() && is_safe_integer(n) => {
            // Safe integers convert exactly.
            *n = Number::from(number(n) as i64);
            true
        }
        Value::Array(items) => items.iter_mut().fold(false, |changed, v| {
            integral_doubles_to_integers(v) | changed
        }),
        Value::Object(entries) => entries.values_mut().fold(false, |changed, v| {
            integral_doubles_to_integers(v) | changed
        }),
        _ => false,
    }
}

/// [`is_safe_integer`] of a Rust integer (the fast path's typed values).
pub fn is_safe_i128(n: i128) -> bool {
    n.unsigned_abs() <= MAX_SAFE as u128
}

/// A short description of a value's JSON type, for problem messages (`an integer`,
/// `a string`, ...), as the TypeScript runtime's `describe`.
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if is_integral(n) => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Why `value` is not a safe integer.
pub fn integer_problem(value: &Value) -> String {
    match value {
        Value::Number(n) if is_integral(n) => "must be an integer between -(2^53 - 1) and 2^53 - 1 (larger integers lose precision in JSON.parse)".to_owned(),
        other => format!("must be an integer, not {}", describe(other)),
    }
}

/// Length in Unicode code points, as JSON Schema counts `minLength`/`maxLength`.
pub fn code_point_length(value: &str) -> usize {
    value.chars().count()
}

/// True when `value` is a whole multiple of `divisor`, tolerating binary rounding
/// (`0.3` of `0.1`), with the TypeScript runtime's tolerance.
pub fn is_multiple_of(value: f64, divisor: f64) -> bool {
    let quotient = value / divisor;
    (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
}

/// JSON equality, what `const`, `enum` and `uniqueItems` compare by.
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => number(x) == number(y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => objects_equal(x, y),
        _ => a == b,
    }
}

fn objects_equal(x: &Map<String, Value>, y: &Map<String, Value>) -> bool {
    x.len() == y.len()
        && x.iter()
            .all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
}

/// True when `value` is JSON-equal to one of `values`.
pub fn is_one_of(value: &Value, values: &[Value]) -> bool {
    values.iter().any(|candidate| json_equal(value, candidate))
}

/// True when some two items are JSON-equal.
pub fn has_duplicates(items: &[Value]) -> bool {
    items
        .iter()
        .enumerate()
        .any(|(i, a)| items[i + 1..].iter().any(|b| json_equal(a, b)))
}

/// A JSON value from its text, for the `const`/`enum` values generated code embeds.
pub fn parse_constant(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;

    #[test]
    fn integral_doubles_become_integers_everywhere() {
        let mut value: Value =
            serde_json::from_str(r#"{"a":30.0,"b":[1.5,2.0,{"c":-4.0}],"d":1e300,"e":7}"#)
                .expect("JSON");
        assert!(integral_doubles_to_integers(&mut value));
        assert_eq!(
            value,
            json!({"a": 30, "b": [1.5, 2, {"c": -4}], "d": 1e300, "e": 7})
        );
        assert!(value["a"].is_i64() && value["b"][2]["c"].is_i64());
        // 1e300 is integral but not safe: it stays a double.
        assert!(value["d"].is_f64());
        assert!(!integral_doubles_to_integers(&mut json!([1, "x", 2.5])));
        // What the retry is for: serde's i64 refuses 30.0.
        let mut thirty: Value = serde_json::from_str("30.0").expect("JSON");
        assert!(i64::deserialize(&thirty).is_err());
        integral_doubles_to_integers(&mut thirty);
        assert_eq!(i64::deserialize(&thirty).expect("an integer"), 30);
    }

    #[test]
    fn equality_follows_javascript_numbers_and_ignores_key_order() {
        assert!(json_equal(&json!(1), &json!(1.0)));
        assert!(json_equal(
            &json!({"a": 1, "b": [1.0]}),
            &json!({"b": [1], "a": 1.0})
        ));
        assert!(!json_equal(&json!([1]), &json!([true])));
        assert!(!json_equal(&json!(0), &json!(false)));
        assert!(has_duplicates(&[json!({"a": 1}), json!({"a": 1.0})]));
    }

    #[test]
    fn integers_are_safe_integers_and_described_as_in_javascript() {
        assert!(is_safe_integer(&Number::from(9_007_199_254_740_991u64)));
        assert!(!is_safe_integer(&Number::from(9_007_199_254_740_992u64)));
        assert!(is_safe_integer(Number::from_f64(2.0).as_ref().unwrap()));
        assert_eq!(describe(&json!(1.0)), "an integer");
        assert_eq!(describe(&json!(1.5)), "a number");
        assert!(integer_problem(&json!(1e300)).contains("2^53"));
        assert_eq!(
            integer_problem(&json!("x")),
            "must be an integer, not a string"
        );
        assert!(is_multiple_of(0.3, 0.1));
        assert!(!is_multiple_of(0.35, 0.1));
    }
}
