//! Which Rust types stand for which JSON values: the shapes `asyncapi!` recognises in a
//! field type, and whether a number type fits a number schema.
//!
//! Types are recognised by the last path segment (`std::string::String` and `String` are
//! the same), as serde itself would treat them.

use crate::emit::rust::{integer_range, rust_integer_fits};
use crate::model::NumberType;
use syn::{GenericArgument, PathArguments, Type};

/// A Rust integer type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntType {
    /// `u8`.
    U8,
    /// `i8`.
    I8,
    /// `u16`.
    U16,
    /// `i16`.
    I16,
    /// `u32`.
    U32,
    /// `i32`.
    I32,
    /// `u64`.
    U64,
    /// `i64`.
    I64,
    /// `usize` (taken as 64 bits).
    Usize,
    /// `isize` (taken as 64 bits).
    Isize,
    /// `u128`.
    U128,
    /// `i128`.
    I128,
}

impl IntType {
    /// Every integer type, narrowest first, unsigned before signed of one width.
    pub const ALL: [IntType; 12] = [
        IntType::U8,
        IntType::I8,
        IntType::U16,
        IntType::I16,
        IntType::U32,
        IntType::I32,
        IntType::U64,
        IntType::I64,
        IntType::Usize,
        IntType::Isize,
        IntType::U128,
        IntType::I128,
    ];

    /// The Rust spelling.
    pub fn name(self) -> &'static str {
        match self {
            IntType::U8 => "u8",
            IntType::I8 => "i8",
            IntType::U16 => "u16",
            IntType::I16 => "i16",
            IntType::U32 => "u32",
            IntType::I32 => "i32",
            IntType::U64 => "u64",
            IntType::I64 => "i64",
            IntType::Usize => "usize",
            IntType::Isize => "isize",
            IntType::U128 => "u128",
            IntType::I128 => "i128",
        }
    }

    /// Parses a Rust spelling.
    pub fn from_name(name: &str) -> Option<IntType> {
        IntType::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// The integer types that hold every value of an `integer` schema, in [`IntType::ALL`]
/// order (narrowest first). The rule itself is the Rust emitter's
/// ([`rust_integer_fits`]), so check mode accepts exactly what generate mode could emit.
pub fn fitting_integers(n: &NumberType) -> Vec<IntType> {
    let range = integer_range(n);
    IntType::ALL
        .into_iter()
        .filter(|t| rust_integer_fits(t.name(), range))
        .collect()
}

/// True when `t` holds every value of the `integer` schema.
pub fn integer_fits(t: IntType, n: &NumberType) -> bool {
    rust_integer_fits(t.name(), integer_range(n))
}

/// `0..=100`, `0..`, `..` for messages.
pub fn range_text(n: &NumberType) -> String {
    let r = integer_range(n);
    match (r.min, r.max) {
        (Some(lo), Some(hi)) => format!("{lo}..={hi}"),
        (Some(lo), None) => format!("{lo}.."),
        (None, Some(hi)) => format!("..={hi}"),
        (None, None) => "..".to_string(),
    }
}

/// A Rust float type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FloatType {
    /// `f32`.
    F32,
    /// `f64`.
    F64,
}

/// True when a float type holds every value of a `number` schema: `f64` always, `f32` only
/// for `format: float`.
pub fn float_fits(t: FloatType, n: &NumberType) -> bool {
    match t {
        FloatType::F64 => true,
        FloatType::F32 => n.format.as_deref() == Some("float"),
    }
}

/// What a Rust type is, as far as its JSON form goes.
#[derive(Clone, Copy)]
pub enum RustShape<'a> {
    /// `String`, `str`, `Cow<str>`, `Box<str>`, `Arc<str>`, `Rc<str>`.
    String,
    /// `bool`.
    Bool,
    /// An integer type.
    Int(IntType),
    /// `f32` / `f64`.
    Float(FloatType),
    /// `Option<T>`.
    Option(&'a Type),
    /// `Vec`, `VecDeque`, `LinkedList`, arrays, slices (`set: false`), `HashSet`,
    /// `BTreeSet`, `IndexSet` (`set: true`).
    Seq {
        /// The item type.
        item: &'a Type,
        /// True for sets (unique items).
        set: bool,
    },
    /// `HashMap`, `BTreeMap`, `IndexMap`.
    Map {
        /// Key type.
        key: &'a Type,
        /// Value type.
        value: &'a Type,
    },
    /// `serde_json::Value`: any JSON.
    JsonValue,
    /// A type serialised as a string of this `format` (`uuid::Uuid` → `uuid`,
    /// `chrono::DateTime` / `time::OffsetDateTime` → `date-time`, ...).
    Formatted(&'static str),
    /// `()`.
    Unit,
    /// Any other path type: a user type, checked through `CheckedAgainst`.
    Named(&'a Type),
    /// A type with no JSON meaning we check (tuples, fn pointers, `char`, ...).
    Unsupported,
}

/// Classifies `ty`. References and `Box`/`Rc`/`Arc`/`Cow` wrappers are looked through
/// (serde serialises them as what they point at).
pub fn shape(ty: &Type) -> RustShape<'_> {
    match ty {
        Type::Reference(r) => shape(&r.elem),
        Type::Paren(p) => shape(&p.elem),
        Type::Group(g) => shape(&g.elem),
        Type::Array(a) => RustShape::Seq {
            item: &a.elem,
            set: false,
        },
        Type::Slice(s) => RustShape::Seq {
            item: &s.elem,
            set: false,
        },
        Type::Tuple(t) if t.elems.is_empty() => RustShape::Unit,
        Type::Path(p) if p.qself.is_none() => path_shape(ty, p),
        _ => RustShape::Unsupported,
    }
}

fn path_shape<'a>(ty: &'a Type, p: &'a syn::TypePath) -> RustShape<'a> {
    let Some(last) = p.path.segments.last() else {
        return RustShape::Unsupported;
    };
    let name = last.ident.to_string();
    let args = type_args(&last.arguments);
    let one = |f: fn(&'a Type) -> RustShape<'a>| match args.as_slice() {
        [t] => f(t),
        _ => RustShape::Named(ty),
    };
    match name.as_str() {
        "String" if args.is_empty() => RustShape::String,
        "str" if args.is_empty() => RustShape::String,
        "bool" if args.is_empty() => RustShape::Bool,
        "f32" if args.is_empty() => RustShape::Float(FloatType::F32),
        "f64" if args.is_empty() => RustShape::Float(FloatType::F64),
        "Value" if args.is_empty() && is_json_value_path(&p.path) => RustShape::JsonValue,
        "Uuid" if args.is_empty() => RustShape::Formatted("uuid"),
        "DateTime" | "OffsetDateTime" | "UtcDateTime" => RustShape::Formatted("date-time"),
        "NaiveDate" | "Date" if args.is_empty() => RustShape::Formatted("date"),
        "NaiveTime" | "Time" if args.is_empty() => RustShape::Formatted("time"),
        "Option" => one(RustShape::Option),
        "Box" | "Rc" | "Arc" | "Cow" => one(shape),
        "Vec" | "VecDeque" | "LinkedList" => one(|item| RustShape::Seq { item, set: false }),
        "HashSet" | "BTreeSet" | "IndexSet" => match args.as_slice() {
            [item, ..] => RustShape::Seq { item, set: true },
            _ => RustShape::Named(ty),
        },
        "HashMap" | "BTreeMap" | "IndexMap" => match args.as_slice() {
            [key, value, ..] => RustShape::Map { key, value },
            _ => RustShape::Named(ty),
        },
        "char" => RustShape::Unsupported,
        other => match IntType::from_name(other) {
            Some(t) if args.is_empty() => RustShape::Int(t),
            _ => RustShape::Named(ty),
        },
    }
}

/// `Value` alone is taken as `serde_json::Value` only when imported under that name or
/// spelled with a `serde_json` prefix; a user type called `Value` stays a user type.
fn is_json_value_path(path: &syn::Path) -> bool {
    let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    segments.len() == 1 || segments.iter().any(|s| s == "serde_json")
}

fn type_args(args: &PathArguments) -> Vec<&Type> {
    match args {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Where errors about `ty` point: the last path segment (`HashMap` in
/// `std::collections::HashMap<K, V>`), since a span cannot cover several tokens on stable.
pub fn type_span(ty: &Type) -> proc_macro2::Span {
    match ty {
        Type::Path(p) if p.qself.is_none() => p
            .path
            .segments
            .last()
            .map_or_else(|| syn::spanned::Spanned::span(ty), |s| s.ident.span()),
        _ => syn::spanned::Spanned::span(ty),
    }
}

/// The string form of a type for messages (`Option < String >` → `Option<String>`).
pub fn display(ty: &Type) -> String {
    let text = quote::ToTokens::to_token_stream(ty).to_string();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            // Keep spaces only between two word characters (`dyn Trait`, `& 'a str` → `&'a str`).
            let prev_word = out
                .chars()
                .last()
                .is_some_and(|p| p.is_alphanumeric() || p == '_');
            let next_word = chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() || *n == '_' || *n == '\'');
            if prev_word && next_word {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(min: Option<f64>, max: Option<f64>, format: Option<&str>) -> NumberType {
        NumberType {
            format: format.map(str::to_string),
            minimum: min,
            maximum: max,
            ..NumberType::default()
        }
    }

    #[test]
    fn integer_fit_uses_the_emitters_rule() {
        let percent = num(Some(0.0), Some(100.0), None);
        assert_eq!(range_text(&percent), "0..=100");
        assert!(integer_fits(IntType::U8, &percent));
        assert!(integer_fits(IntType::I8, &percent));
        let lumens = num(Some(0.0), None, None);
        assert_eq!(range_text(&lumens), "0..");
        assert!(!integer_fits(IntType::U32, &lumens));
        assert!(integer_fits(IntType::U64, &lumens));
        assert!(integer_fits(IntType::I64, &lumens));
        let int32 = num(None, None, Some("int32"));
        assert_eq!(fitting_integers(&int32)[0], IntType::I32);
        let unbounded = num(None, None, None);
        assert!(!integer_fits(IntType::I32, &unbounded));
        assert!(integer_fits(IntType::I64, &unbounded));
        assert!(!integer_fits(IntType::U64, &unbounded));
    }

    #[test]
    fn floats_need_f64_unless_the_format_is_float() {
        assert!(float_fits(FloatType::F64, &num(None, None, None)));
        assert!(!float_fits(FloatType::F32, &num(None, None, None)));
        assert!(float_fits(FloatType::F32, &num(None, None, Some("float"))));
    }

    #[test]
    fn shapes_look_through_wrappers() {
        let t = |s: &str| syn::parse_str::<Type>(s).unwrap();
        assert!(matches!(shape(&t("&'a str")), RustShape::String));
        assert!(matches!(
            shape(&t("std::borrow::Cow<'a, str>")),
            RustShape::String
        ));
        assert!(matches!(shape(&t("Box<u8>")), RustShape::Int(IntType::U8)));
        assert!(matches!(
            shape(&t("std::collections::BTreeSet<String>")),
            RustShape::Seq { set: true, .. }
        ));
        assert!(matches!(
            shape(&t("HashMap<String, f64>")),
            RustShape::Map { .. }
        ));
        assert!(matches!(
            shape(&t("serde_json::Value")),
            RustShape::JsonValue
        ));
        assert!(matches!(shape(&t("my::Value")), RustShape::Named(_)));
        assert!(matches!(
            shape(&t("chrono::DateTime<chrono::Utc>")),
            RustShape::Formatted("date-time")
        ));
        assert!(matches!(shape(&t("Location")), RustShape::Named(_)));
        assert!(matches!(shape(&t("(u8, u8)")), RustShape::Unsupported));
        assert_eq!(
            display(&t("Option < Vec < & 'a str > >")),
            "Option<Vec<&'a str>>"
        );
    }
}
