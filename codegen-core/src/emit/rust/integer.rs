//! Which Rust integer type a JSON Schema `integer` maps to.
//!
//! One rule, shared by generate mode (which picks a type) and check mode (which accepts a
//! user's type when its range covers the schema's range):
//!
//! 1. The schema's range is the intersection of its `format` (`int8`…`int64`,
//!    `uint8`…`uint64`) and its `minimum`/`maximum`/`exclusiveMinimum`/`exclusiveMaximum`
//!    (exclusive bounds move inwards to the next integer). A side with no bound is open.
//! 2. Generate mode picks the smallest of `i32`, `i64`, `u32`, `u64` that holds the range:
//!    a range starting at 0 or above gets `u32` when its top fits, else `u64`; any other
//!    range gets `i32` when both ends fit, else `i64`. So a plain `integer` is `i64`,
//!    `format: int32` is `i32`, `minimum: 0` is `u64`, `minimum: 0, maximum: 100` is `u32`.
//!    A range wider than even `i64`/`u64` still gets `i64`/`u64` (the widest we emit).
//! 3. Check mode accepts any Rust integer type whose own range contains the schema's range
//!    ([`rust_integer_fits`]).

use crate::model::NumberType;

/// The range of values a schema `integer` allows; `None` is an open side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IntegerRange {
    /// Smallest allowed value.
    pub min: Option<i128>,
    /// Largest allowed value.
    pub max: Option<i128>,
}

/// The range of values of a Rust integer type given by name (`"u8"`, `"i64"`, …), or
/// `None` for a name that is not a primitive integer type.
pub fn rust_integer_range(name: &str) -> Option<IntegerRange> {
    let (min, max): (i128, i128) = match name {
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "i64" => (i64::MIN.into(), i64::MAX.into()),
        "i128" => (i128::MIN, i128::MAX),
        // isize/usize are 64-bit on every target we support; treat them as such.
        "isize" => (i64::MIN.into(), i64::MAX.into()),
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" | "usize" => (0, u64::MAX.into()),
        "u128" => (0, i128::MAX),
        _ => return None,
    };
    Some(IntegerRange {
        min: Some(min),
        max: Some(max),
    })
}

/// The range a `format` name implies, if it is an integer format we know.
fn format_range(format: &str) -> Option<IntegerRange> {
    match format {
        "int8" => rust_integer_range("i8"),
        "int16" => rust_integer_range("i16"),
        "int32" => rust_integer_range("i32"),
        "int64" => rust_integer_range("i64"),
        "uint8" => rust_integer_range("u8"),
        "uint16" => rust_integer_range("u16"),
        "uint32" => rust_integer_range("u32"),
        "uint64" => rust_integer_range("u64"),
        _ => None,
    }
}

/// A float bound as an integer bound, rounded inwards; non-finite bounds are open.
fn bound(value: Option<f64>, lower: bool, exclusive: bool) -> Option<i128> {
    let v = value.filter(|v| v.is_finite())?;
    // Clamp first so the cast cannot saturate into nonsense for absurd bounds.
    let v = v.clamp(-1e38, 1e38);
    let r = if lower { v.ceil() } else { v.floor() };
    let mut i = r as i128;
    if exclusive && r == v {
        i = if lower { i + 1 } else { i - 1 };
    }
    Some(i)
}

/// The range of values `schema` allows.
pub fn integer_range(schema: &NumberType) -> IntegerRange {
    let mut range = schema
        .format
        .as_deref()
        .and_then(format_range)
        .unwrap_or(IntegerRange {
            min: None,
            max: None,
        });
    let lows = [
        bound(schema.minimum, true, false),
        bound(schema.exclusive_minimum, true, true),
    ];
    let highs = [
        bound(schema.maximum, false, false),
        bound(schema.exclusive_maximum, false, true),
    ];
    for lo in lows.into_iter().flatten() {
        range.min = Some(range.min.map_or(lo, |m| m.max(lo)));
    }
    for hi in highs.into_iter().flatten() {
        range.max = Some(range.max.map_or(hi, |m| m.min(hi)));
    }
    range
}

/// The Rust integer type generate mode uses for `schema` (see the module docs for the rule).
pub fn integer_type(schema: &NumberType) -> &'static str {
    let range = integer_range(schema);
    let fits = |ty: &str| rust_integer_fits(ty, range);
    if range.min.is_some_and(|m| m >= 0) {
        if fits("u32") {
            "u32"
        } else {
            "u64"
        }
    } else if fits("i32") {
        "i32"
    } else {
        "i64"
    }
}

/// True when the Rust integer type `rust_type` (`"u8"`, `"i64"`, …) can hold every value
/// of `range`. An open side fits only a type that is open on that side too, which no
/// primitive is, except that an open top is accepted by `i64`/`u64` (and wider), the
/// types JSON integers conventionally map to.
pub fn rust_integer_fits(rust_type: &str, range: IntegerRange) -> bool {
    let Some(ty) = rust_integer_range(rust_type) else {
        return false;
    };
    let (ty_min, ty_max) = (ty.min.unwrap_or(i128::MIN), ty.max.unwrap_or(i128::MAX));
    let wide = ty_max >= i128::from(i64::MAX);
    let min_ok = match range.min {
        Some(m) => m >= ty_min,
        None => wide && ty_min < 0,
    };
    let max_ok = match range.max {
        Some(m) => m <= ty_max,
        None => wide,
    };
    min_ok && max_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(format: Option<&str>, min: Option<f64>, max: Option<f64>) -> NumberType {
        NumberType {
            format: format.map(str::to_string),
            minimum: min,
            maximum: max,
            ..NumberType::default()
        }
    }

    #[test]
    fn picks_the_smallest_fitting_type() {
        assert_eq!(integer_type(&schema(None, None, None)), "i64");
        assert_eq!(integer_type(&schema(Some("int32"), None, None)), "i32");
        assert_eq!(integer_type(&schema(Some("int64"), None, None)), "i64");
        assert_eq!(integer_type(&schema(None, Some(0.0), None)), "u64");
        assert_eq!(integer_type(&schema(None, Some(0.0), Some(100.0))), "u32");
        assert_eq!(integer_type(&schema(Some("int32"), Some(0.0), None)), "u32");
        assert_eq!(integer_type(&schema(None, Some(-5.0), Some(5.0))), "i32");
        assert_eq!(integer_type(&schema(None, Some(-1.0), Some(5e9))), "i64");
        assert_eq!(integer_type(&schema(None, Some(0.0), Some(5e9))), "u64");
        assert_eq!(integer_type(&schema(Some("uint64"), None, None)), "u64");
        assert_eq!(
            integer_type(&schema(None, Some(f64::NAN), Some(1e300))),
            "i64"
        );
    }

    #[test]
    fn exclusive_bounds_move_inwards() {
        let s = NumberType {
            exclusive_minimum: Some(-1.0),
            exclusive_maximum: Some(4294967296.0),
            ..NumberType::default()
        };
        assert_eq!(
            integer_range(&s),
            IntegerRange {
                min: Some(0),
                max: Some(4294967295)
            }
        );
        assert_eq!(integer_type(&s), "u32");
        let s = NumberType {
            exclusive_minimum: Some(-0.5),
            ..NumberType::default()
        };
        assert_eq!(integer_range(&s).min, Some(0));
    }

    #[test]
    fn check_mode_fits_by_range() {
        let r = integer_range(&schema(None, Some(0.0), Some(200.0)));
        assert!(rust_integer_fits("u8", r));
        assert!(rust_integer_fits("i16", r));
        assert!(!rust_integer_fits("i8", r));
        let open = integer_range(&schema(None, None, None));
        assert!(rust_integer_fits("i64", open));
        assert!(!rust_integer_fits("u64", open));
        assert!(!rust_integer_fits("i32", open));
        assert!(!rust_integer_fits("String", open));
        let nonneg = integer_range(&schema(None, Some(0.0), None));
        assert!(rust_integer_fits("u64", nonneg));
        assert!(rust_integer_fits("i64", nonneg));
        assert!(!rust_integer_fits("u32", nonneg));
    }
}
