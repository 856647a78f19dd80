//! The type graph: every schema of the document as a named, located [`TypeDef`].
//!
//! Public: the graph is part of the model ([`crate::Model::types`]).
//!
//! Types refer to each other by [`TypeId`], so recursive schemas are plain cycles in the
//! graph. Each schema node of the document (keyed by file and pointer) becomes exactly one
//! type, so a component used in many places is one type with one name.

use crate::diag::Location;

/// Index into [`TypeGraph::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// All types of a document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TypeGraph {
    /// Types in creation order (deterministic).
    pub types: Vec<TypeDef>,
}

impl TypeGraph {
    /// Looks up a type.
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// Finds the type created for a component schema (`#/components/schemas/<name>`).
    pub fn component(&self, name: &str) -> Option<TypeId> {
        self.types
            .iter()
            .position(|t| t.component.as_deref() == Some(name))
            .map(TypeId)
    }

    /// Iterates over `(id, type)` pairs.
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.types.iter().enumerate().map(|(i, t)| (TypeId(i), t))
    }
}

/// One schema.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// PascalCase name, unique in the graph, valid in TypeScript and Rust (reserved words
    /// handled). From the component name, the message name, or the inline schema's path.
    pub name: String,
    /// The key under `components/schemas`, when the type is a component schema.
    pub component: Option<String>,
    /// True when the type deserves its own declaration: components, message payloads and
    /// headers, objects, enums and unions. Plain primitives and arrays of them are inlined.
    pub named: bool,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `nullable: true` or `type: [x, "null"]`: the value may also be `null`.
    pub nullable: bool,
    /// `deprecated`.
    pub deprecated: bool,
    /// `default`, as JSON.
    pub default: Option<serde_json::Value>,
    /// `examples` (and `example`), as JSON.
    pub examples: Vec<serde_json::Value>,
    /// What the schema is.
    pub kind: TypeKind,
    /// What a value must satisfy (draft 7): what validators are generated from.
    pub rules: super::rules::Rules,
    /// Where the schema is.
    pub location: Location,
}

/// What a schema describes.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// No constraints (`{}` or `true`).
    Any,
    /// Only `null`.
    Null,
    /// `boolean`.
    Boolean,
    /// `string`, possibly an enum of strings.
    String(StringType),
    /// `integer`.
    Integer(NumberType),
    /// `number`.
    Number(NumberType),
    /// `array`.
    Array(ArrayType),
    /// `object` (allOf of objects is merged into one).
    Object(ObjectType),
    /// `const`: exactly this value.
    Const(serde_json::Value),
    /// `enum` whose values are not all strings (string enums are [`StringType::enum_values`]).
    Enum(Vec<serde_json::Value>),
    /// `oneOf` / `anyOf`.
    Union(UnionType),
    /// `allOf` whose parts cannot be merged into one object: a value must match all.
    AllOf(Vec<TypeId>),
    /// `not`, `if`/`then`, or another construct we keep as "any value" but name.
    Unsupported(String),
}

/// String constraints.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StringType {
    /// `format` (`email`, `date-time`, `uuid`, ...).
    pub format: Option<String>,
    /// `enum` values.
    pub enum_values: Option<Vec<String>>,
    /// `pattern` (ECMA-262 regex as written).
    pub pattern: Option<String>,
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
}

/// Integer and number constraints.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NumberType {
    /// `format` (`int32`, `int64`, `float`, `double`, ...).
    pub format: Option<String>,
    /// `minimum`.
    pub minimum: Option<f64>,
    /// `maximum`.
    pub maximum: Option<f64>,
    /// `exclusiveMinimum` as a number (draft 6+), or `minimum` when the draft-4 boolean form is true.
    pub exclusive_minimum: Option<f64>,
    /// `exclusiveMaximum`, likewise.
    pub exclusive_maximum: Option<f64>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
}

/// Array constraints.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArrayType {
    /// `items` (None: any items).
    pub items: Option<TypeId>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
}

/// Object shape.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ObjectType {
    /// Properties in document order.
    pub properties: Vec<Property>,
    /// `additionalProperties`.
    pub additional: AdditionalProperties,
}

/// One property of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Property {
    /// Name as it appears in JSON.
    pub name: String,
    /// Type.
    pub ty: TypeId,
    /// Listed in `required`.
    pub required: bool,
    /// Where the property's schema is.
    pub location: Location,
}

/// What an object allows beyond its properties.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum AdditionalProperties {
    /// Not stated: anything is allowed (JSON Schema default).
    #[default]
    Unspecified,
    /// `additionalProperties: true` or `{}`.
    Any,
    /// `additionalProperties: false`.
    Forbidden,
    /// `additionalProperties: <schema>`.
    Schema(TypeId),
}

/// `oneOf` or `anyOf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionKind {
    /// Exactly one variant matches.
    OneOf,
    /// At least one variant matches.
    AnyOf,
}

/// A union of variants.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionType {
    /// oneOf or anyOf.
    pub kind: UnionKind,
    /// Variants in order.
    pub variants: Vec<TypeId>,
    /// `discriminator`, when present.
    pub discriminator: Option<Discriminator>,
}

/// A union's discriminator property.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    /// The property that tells the variants apart.
    pub property: String,
    /// Explicit `mapping` value → variant, when given (OpenAPI style).
    pub mapping: Vec<(String, TypeId)>,
}
