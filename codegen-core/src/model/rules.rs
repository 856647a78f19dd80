//! What a schema asserts, keyword by keyword, with JSON Schema draft-7 meaning: the
//! language-neutral source every emitter's validator is generated from.
//!
//! Public: [`Rules`] is part of the model ([`TypeDef::rules`](super::TypeDef::rules)).
//!
//! [`TypeKind`](super::TypeKind) says what a value *is* (for declaring types); [`Rules`] says
//! what a value *must satisfy*. They differ on purpose: a schema without `type` accepts every
//! JSON type, each keyword applying only to values of its own type (`pattern` to strings,
//! `required` to objects, ...), and combinators (`not`, `if`/`then`/`else`, `contains`, ...)
//! constrain values without shaping a type. Every schema node of the document has its own
//! [`Rules`] on its [`TypeDef`](super::TypeDef); subschemas are other types of the graph
//! ([`Subschema::Type`]), so `$ref` and recursion are plain graph edges.
//!
//! The order of the fields is the order in which emitters check them, so that every target
//! reports the same problems in the same order.
//!
//! # Problem messages
//! Every problem is `{ path, message }`, `path` being `$` for the value itself, `.name` or
//! `["odd name"]` for a property and `[i]` for an item. The messages, in one place (values
//! in `{}` are filled in; JSON values are written as JSON):
//!
//! | rule | message |
//! |---|---|
//! | [`Rules::never`] (`false`) | [`messages::NEVER`] |
//! | `type` (one) | `must be a string, not an integer` (also `a number`, `a boolean`, `an array`, `an object`, `null`) |
//! | `type` (several) | [`messages::types`] |
//! | `type: integer` | `must be an integer, not ...`, or the safe-integer text of the int64 policy |
//! | `enum` | [`messages::one_of_values`] |
//! | `const` | [`messages::constant`] |
//! | `minLength` / `maxLength` | [`messages::min_length`], [`messages::max_length`] |
//! | `pattern` | [`messages::pattern`] |
//! | `format` | [`messages::format`] |
//! | `minimum` ... `exclusiveMaximum` | [`messages::bound`] |
//! | `multipleOf` | [`messages::multiple_of`] |
//! | `minItems` / `maxItems` | [`messages::min_items`], [`messages::max_items`] |
//! | `uniqueItems` | [`messages::UNIQUE_ITEMS`] |
//! | `additionalItems: false` | [`messages::additional_items`] (at the first extra item) |
//! | `contains` | [`messages::CONTAINS`] |
//! | `required` | [`messages::REQUIRED`] (at the missing property's path) |
//! | `minProperties` / `maxProperties` | [`messages::min_properties`], [`messages::max_properties`] |
//! | `additionalProperties: false` | [`messages::ADDITIONAL_PROPERTY`] (at the property's path) |
//! | `dependencies` (names) | [`messages::dependency`] (at the missing property's path) |
//! | `not` | [`messages::NOT`] |
//! | `anyOf` / `oneOf` | [`messages::any_of_none`], [`messages::one_of_none`], [`messages::one_of_many_prefix`] |
//! | `discriminator` | [`messages::discriminator`] (at the discriminator property's path) |
//!
//! `propertyNames`, `patternProperties`, `items`, `then`/`else`, `allOf` and `$ref` report the
//! problems of their subschema at the path of the value they check.

use super::types::{Discriminator, TypeId};
use serde_json::Value;

/// A JSON type, as named by `type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JsonType {
    /// `null`.
    Null,
    /// `boolean`.
    Boolean,
    /// `integer`: a number with no fractional part (in TypeScript also a safe integer).
    Integer,
    /// `number` (integers included).
    Number,
    /// `string`.
    String,
    /// `array`.
    Array,
    /// `object`.
    Object,
}

impl JsonType {
    /// The name `type` uses.
    pub fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Boolean => "boolean",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::String => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }
}

/// A subschema in a single-schema position (`not`, `contains`, `additionalProperties`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subschema {
    /// `true` or `{}`: every value matches.
    Any,
    /// `false`: no value matches.
    Never,
    /// Any other schema.
    Type(TypeId),
}

/// `items`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Items {
    /// Not given (or `true`/`{}`).
    #[default]
    Unconstrained,
    /// One schema for every item.
    All(Subschema),
    /// Tuple form: item `i` matches schema `i`; further items match `additionalItems`.
    Tuple(Vec<Subschema>),
}

/// One entry of `dependencies`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dependency {
    /// When the property is present, these must be present too.
    Required(Vec<String>),
    /// When the property is present, the object must match this schema.
    Schema(Subschema),
}

/// The assertions of one schema (see the module docs). The default asserts nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rules {
    /// The schema is `false`: no value matches.
    pub never: bool,
    /// OpenAPI `nullable: true`: `null` is accepted before any other rule is looked at.
    pub nullable: bool,
    /// `type`, when given (`null` included when listed).
    pub types: Option<Vec<JsonType>>,
    /// `const`.
    pub const_value: Option<Value>,
    /// `enum`.
    pub enum_values: Option<Vec<Value>>,
    /// `minLength` (in code points).
    pub min_length: Option<u64>,
    /// `maxLength` (in code points).
    pub max_length: Option<u64>,
    /// `pattern`, an ECMA-262 regular expression checked at generation time.
    pub pattern: Option<String>,
    /// `format`, when it is one the validators enforce ([`ENFORCED_FORMATS`]).
    pub format: Option<String>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `exclusiveMinimum` (draft 6+ number, or `minimum` with draft-4 `true`).
    pub exclusive_minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMaximum`, likewise.
    pub exclusive_maximum: Option<f64>,
    /// `multipleOf` (greater than 0).
    pub multiple_of: Option<f64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems: true`.
    pub unique_items: bool,
    /// `items`.
    pub items: Items,
    /// `additionalItems` (only meaningful with tuple `items`).
    pub additional_items: Option<Subschema>,
    /// `contains`.
    pub contains: Option<Subschema>,
    /// `properties`, in document order.
    pub properties: Vec<(String, Subschema)>,
    /// `required`, in document order.
    pub required: Vec<String>,
    /// `patternProperties`: (ECMA-262 regex, schema) in document order.
    pub pattern_properties: Vec<(String, Subschema)>,
    /// `additionalProperties`: for keys neither in `properties` nor matched by a pattern.
    pub additional_properties: Option<Subschema>,
    /// `propertyNames`.
    pub property_names: Option<Subschema>,
    /// `minProperties`.
    pub min_properties: Option<u64>,
    /// `maxProperties`.
    pub max_properties: Option<u64>,
    /// `dependencies`, in document order.
    pub dependencies: Vec<(String, Dependency)>,
    /// `allOf`.
    pub all_of: Vec<TypeId>,
    /// `anyOf`.
    pub any_of: Option<Vec<TypeId>>,
    /// `oneOf`.
    pub one_of: Option<Vec<TypeId>>,
    /// `discriminator` of the `oneOf` (AsyncAPI): picks the variant by a property's value.
    pub discriminator: Option<Discriminator>,
    /// `not`.
    pub not: Option<Subschema>,
    /// `if`, with `then` and `else` (each `None` when not given).
    pub if_then_else: Option<(Subschema, Option<Subschema>, Option<Subschema>)>,
}

/// The `format`s the generated validators assert. Any other format is an annotation, as
/// draft 7 allows. `hostname` is not asserted: draft 7's `hostname` includes IDNA A-labels
/// (`xn--...`), whose validity needs the IDNA2008 Unicode tables the runtime does not carry;
/// asserting only part of it would reject or accept the wrong names.
pub const ENFORCED_FORMATS: &[&str] = &[
    "date",
    "date-time",
    "email",
    "ipv4",
    "ipv6",
    "time",
    "uri",
    "uuid",
];

impl Rules {
    /// True when the rules accept every value (nothing to check).
    pub fn accepts_everything(&self) -> bool {
        *self == Rules::default()
            || (self.nullable
                && Rules {
                    nullable: false,
                    ..self.clone()
                } == Rules::default())
    }

    /// True when a string-only keyword is present.
    pub fn has_string_rules(&self) -> bool {
        self.min_length.is_some()
            || self.max_length.is_some()
            || self.pattern.is_some()
            || self.format.is_some()
    }

    /// True when a number-only keyword is present.
    pub fn has_number_rules(&self) -> bool {
        self.minimum.is_some()
            || self.maximum.is_some()
            || self.exclusive_minimum.is_some()
            || self.exclusive_maximum.is_some()
            || self.multiple_of.is_some()
    }

    /// True when an array-only keyword is present.
    pub fn has_array_rules(&self) -> bool {
        self.min_items.is_some()
            || self.max_items.is_some()
            || self.unique_items
            || self.items != Items::Unconstrained
            || self.contains.is_some()
    }

    /// True when an object-only keyword is present.
    pub fn has_object_rules(&self) -> bool {
        !self.properties.is_empty()
            || !self.required.is_empty()
            || !self.pattern_properties.is_empty()
            || self.additional_properties.is_some()
            || self.property_names.is_some()
            || self.min_properties.is_some()
            || self.max_properties.is_some()
            || !self.dependencies.is_empty()
    }

    /// Every subschema the rules refer to, in field order.
    pub fn children(&self) -> Vec<TypeId> {
        let mut out = Vec::new();
        let mut sub = |s: &Subschema| {
            if let Subschema::Type(t) = s {
                out.push(*t);
            }
        };
        match &self.items {
            Items::Unconstrained => {}
            Items::All(s) => sub(s),
            Items::Tuple(list) => list.iter().for_each(&mut sub),
        }
        self.additional_items.iter().for_each(&mut sub);
        self.contains.iter().for_each(&mut sub);
        self.properties.iter().for_each(|(_, s)| sub(s));
        self.pattern_properties.iter().for_each(|(_, s)| sub(s));
        self.additional_properties.iter().for_each(&mut sub);
        self.property_names.iter().for_each(&mut sub);
        for (_, d) in &self.dependencies {
            if let Dependency::Schema(s) = d {
                sub(s);
            }
        }
        self.not.iter().for_each(&mut sub);
        if let Some((i, t, e)) = &self.if_then_else {
            sub(i);
            t.iter().for_each(&mut sub);
            e.iter().for_each(&mut sub);
        }
        out.extend(self.all_of.iter().copied());
        out.extend(self.any_of.iter().flatten().copied());
        out.extend(self.one_of.iter().flatten().copied());
        out
    }
}

/// The problem messages (see the table in the module docs). Public because they are part of
/// what the generated validators promise: the TypeScript and Rust ones report exactly these.
pub mod messages {
    /// `false` schema.
    pub const NEVER: &str = "is not allowed (the schema is false)";
    /// `uniqueItems`.
    pub const UNIQUE_ITEMS: &str = "must not contain duplicate items";
    /// `contains`.
    pub const CONTAINS: &str = "must contain an item that matches the `contains` schema";
    /// `required`.
    pub const REQUIRED: &str = "is required";
    /// `additionalProperties: false`.
    pub const ADDITIONAL_PROPERTY: &str = "is not allowed (additionalProperties is false)";
    /// `not`.
    pub const NOT: &str = "must not match the `not` schema";

    /// `type` with several types: `must be a string or null` (the value's type follows at run time).
    pub fn types(names: &[&str]) -> String {
        let mut out = String::from("must be ");
        for (i, n) in names.iter().enumerate() {
            if i > 0 {
                out.push_str(if i + 1 == names.len() { " or " } else { ", " });
            }
            let article = article(n);
            if !article.is_empty() {
                out.push_str(article);
                out.push(' ');
            }
            out.push_str(n);
        }
        out
    }

    /// `1 item`, `2 items`, `0 items`.
    fn count(n: u64, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }

    fn article(name: &str) -> &'static str {
        match name {
            "integer" | "array" | "object" => "an",
            "null" => "",
            _ => "a",
        }
    }

    /// `enum`: `must be one of "a", 1, null`.
    pub fn one_of_values(listed: &str) -> String {
        format!("must be one of {listed}")
    }

    /// `const`.
    pub fn constant(json: &str) -> String {
        format!("must be {json}")
    }

    /// `minLength`.
    pub fn min_length(n: u64) -> String {
        format!(
            "must be at least {} long",
            count(n, "character", "characters")
        )
    }

    /// `maxLength`.
    pub fn max_length(n: u64) -> String {
        format!(
            "must be at most {} long",
            count(n, "character", "characters")
        )
    }

    /// `pattern`.
    pub fn pattern(pattern: &str) -> String {
        format!("must match the pattern {pattern}")
    }

    /// `format`.
    pub fn format(format: &str) -> String {
        format!("must be a valid {format}")
    }

    /// `minimum` (`>=`), `exclusiveMinimum` (`>`), `maximum` (`<=`), `exclusiveMaximum` (`<`).
    pub fn bound(operator: &str, number: &str) -> String {
        format!("must be {operator} {number}")
    }

    /// `multipleOf`.
    pub fn multiple_of(number: &str) -> String {
        format!("must be a multiple of {number}")
    }

    /// `minItems`.
    pub fn min_items(n: u64) -> String {
        format!("must have at least {}", count(n, "item", "items"))
    }

    /// `maxItems`.
    pub fn max_items(n: u64) -> String {
        format!("must have at most {}", count(n, "item", "items"))
    }

    /// `additionalItems: false` after a tuple of `n` items.
    pub fn additional_items(n: usize) -> String {
        format!(
            "is not allowed (the tuple has {} and additionalItems is false)",
            count(n as u64, "item", "items")
        )
    }

    /// `minProperties`.
    pub fn min_properties(n: u64) -> String {
        format!("must have at least {}", count(n, "property", "properties"))
    }

    /// `maxProperties`.
    pub fn max_properties(n: u64) -> String {
        format!("must have at most {}", count(n, "property", "properties"))
    }

    /// `dependencies` with names: the message at the missing property.
    pub fn dependency(present: &str) -> String {
        format!("is required when {present} is present (dependencies)")
    }

    /// `anyOf` with no match.
    pub fn any_of_none(n: usize) -> String {
        format!(
            "must match at least one of {} (anyOf) but matches none; the closest one reports:",
            count(n as u64, "schema", "schemas")
        )
    }

    /// `oneOf` with no match.
    pub fn one_of_none(n: usize) -> String {
        format!(
            "must match exactly one of {} (oneOf) but matches none; the closest one reports:",
            count(n as u64, "schema", "schemas")
        )
    }

    /// `oneOf` with several matches: the count and ` of them` follow at run time.
    pub fn one_of_many_prefix(n: usize) -> String {
        format!(
            "must match exactly one of {} (oneOf) but matches ",
            count(n as u64, "schema", "schemas")
        )
    }

    /// An unknown discriminator value.
    pub fn discriminator(listed: &str) -> String {
        format!("must be one of {listed} (the discriminator)")
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// A sample of the messages users read, pinned: numbers agree with their nouns, and
        /// no article or space is left dangling.
        #[test]
        fn messages_read_as_english() {
            assert_eq!(min_length(1), "must be at least 1 character long");
            assert_eq!(max_length(3), "must be at most 3 characters long");
            assert_eq!(min_items(1), "must have at least 1 item");
            assert_eq!(max_items(0), "must have at most 0 items");
            assert_eq!(min_properties(1), "must have at least 1 property");
            assert_eq!(max_properties(2), "must have at most 2 properties");
            assert_eq!(
                additional_items(1),
                "is not allowed (the tuple has 1 item and additionalItems is false)"
            );
            assert_eq!(types(&["string", "null"]), "must be a string or null");
            assert_eq!(
                types(&["integer", "array", "object"]),
                "must be an integer, an array or an object"
            );
            assert_eq!(
                any_of_none(1),
                "must match at least one of 1 schema (anyOf) but matches none; the closest one reports:"
            );
            assert_eq!(
                one_of_many_prefix(2),
                "must match exactly one of 2 schemas (oneOf) but matches "
            );
        }
    }
}
