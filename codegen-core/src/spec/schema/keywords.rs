//! One pass over a schema object's entries, picking out the keywords the builder reads.
//!
//! Looking each keyword up with `Node::get` would scan the entries some twenty times per
//! schema; large documents have tens of thousands of schemas.

use crate::load::Node;

/// The keywords of one schema object. For a repeated key the first one counts, as with
/// [`Node::get`].
#[derive(Debug, Default)]
pub(super) struct Keywords<'a> {
    pub reference: Option<&'a Node>,
    pub type_: Option<&'a Node>,
    pub const_: Option<&'a Node>,
    pub one_of: Option<&'a Node>,
    pub any_of: Option<&'a Node>,
    pub all_of: Option<&'a Node>,
    pub enum_: Option<&'a Node>,
    pub discriminator: Option<&'a Node>,
    pub title: Option<&'a Node>,
    pub description: Option<&'a Node>,
    pub deprecated: Option<&'a Node>,
    pub nullable: Option<&'a Node>,
    pub default: Option<&'a Node>,
    pub examples: Option<&'a Node>,
    pub example: Option<&'a Node>,
    pub format: Option<&'a Node>,
    pub pattern: Option<&'a Node>,
    pub min_length: Option<&'a Node>,
    pub max_length: Option<&'a Node>,
    pub minimum: Option<&'a Node>,
    pub maximum: Option<&'a Node>,
    pub exclusive_minimum: Option<&'a Node>,
    pub exclusive_maximum: Option<&'a Node>,
    pub multiple_of: Option<&'a Node>,
    pub items: Option<&'a Node>,
    pub prefix_items: Option<&'a Node>,
    pub min_items: Option<&'a Node>,
    pub max_items: Option<&'a Node>,
    pub unique_items: Option<&'a Node>,
    pub properties: Option<&'a Node>,
    pub required: Option<&'a Node>,
    pub additional_properties: Option<&'a Node>,
    pub not: Option<&'a Node>,
    pub if_: Option<&'a Node>,
    pub then: Option<&'a Node>,
    pub else_: Option<&'a Node>,
    pub contains: Option<&'a Node>,
    pub additional_items: Option<&'a Node>,
    pub pattern_properties: Option<&'a Node>,
    pub property_names: Option<&'a Node>,
    pub min_properties: Option<&'a Node>,
    pub max_properties: Option<&'a Node>,
    pub dependencies: Option<&'a Node>,
    /// A keyword that only constrains objects is present.
    pub object_hint: bool,
    /// A keyword that only constrains arrays is present.
    pub array_hint: bool,
    /// A keyword that only constrains strings is present.
    pub string_hint: bool,
    /// A keyword that only constrains numbers is present.
    pub number_hint: bool,
}

fn first<'a>(slot: &mut Option<&'a Node>, value: &'a Node) {
    if slot.is_none() {
        *slot = Some(value);
    }
}

impl<'a> Keywords<'a> {
    /// Reads the keywords of a schema object's entries.
    pub(super) fn read(entries: &'a [(String, Node)]) -> Keywords<'a> {
        let mut k = Keywords::default();
        for (key, v) in entries {
            match key.as_str() {
                "$ref" => first(&mut k.reference, v),
                "type" => first(&mut k.type_, v),
                "const" => first(&mut k.const_, v),
                "oneOf" => first(&mut k.one_of, v),
                "anyOf" => first(&mut k.any_of, v),
                "allOf" => first(&mut k.all_of, v),
                "enum" => first(&mut k.enum_, v),
                "discriminator" => first(&mut k.discriminator, v),
                "title" => first(&mut k.title, v),
                "description" => first(&mut k.description, v),
                "deprecated" => first(&mut k.deprecated, v),
                "nullable" => first(&mut k.nullable, v),
                "default" => first(&mut k.default, v),
                "examples" => first(&mut k.examples, v),
                "example" => first(&mut k.example, v),
                "format" => first(&mut k.format, v),
                "not" => first(&mut k.not, v),
                "if" => first(&mut k.if_, v),
                "then" => first(&mut k.then, v),
                "else" => first(&mut k.else_, v),
                "pattern" => {
                    first(&mut k.pattern, v);
                    k.string_hint = true;
                }
                "minLength" => {
                    first(&mut k.min_length, v);
                    k.string_hint = true;
                }
                "maxLength" => {
                    first(&mut k.max_length, v);
                    k.string_hint = true;
                }
                "contentEncoding" | "contentMediaType" => k.string_hint = true,
                "minimum" => {
                    first(&mut k.minimum, v);
                    k.number_hint = true;
                }
                "maximum" => {
                    first(&mut k.maximum, v);
                    k.number_hint = true;
                }
                "exclusiveMinimum" => {
                    first(&mut k.exclusive_minimum, v);
                    k.number_hint = true;
                }
                "exclusiveMaximum" => {
                    first(&mut k.exclusive_maximum, v);
                    k.number_hint = true;
                }
                "multipleOf" => {
                    first(&mut k.multiple_of, v);
                    k.number_hint = true;
                }
                "items" => {
                    first(&mut k.items, v);
                    k.array_hint = true;
                }
                "prefixItems" => {
                    first(&mut k.prefix_items, v);
                    k.array_hint = true;
                }
                "minItems" => {
                    first(&mut k.min_items, v);
                    k.array_hint = true;
                }
                "maxItems" => {
                    first(&mut k.max_items, v);
                    k.array_hint = true;
                }
                "uniqueItems" => {
                    first(&mut k.unique_items, v);
                    k.array_hint = true;
                }
                "contains" => {
                    first(&mut k.contains, v);
                    k.array_hint = true;
                }
                "additionalItems" => {
                    first(&mut k.additional_items, v);
                    k.array_hint = true;
                }
                "minContains" | "maxContains" => k.array_hint = true,
                "patternProperties" => {
                    first(&mut k.pattern_properties, v);
                    k.object_hint = true;
                }
                "propertyNames" => {
                    first(&mut k.property_names, v);
                    k.object_hint = true;
                }
                "minProperties" => {
                    first(&mut k.min_properties, v);
                    k.object_hint = true;
                }
                "maxProperties" => {
                    first(&mut k.max_properties, v);
                    k.object_hint = true;
                }
                "dependencies" => {
                    first(&mut k.dependencies, v);
                    k.object_hint = true;
                }
                "properties" => {
                    first(&mut k.properties, v);
                    k.object_hint = true;
                }
                "required" => {
                    first(&mut k.required, v);
                    k.object_hint = true;
                }
                "additionalProperties" => {
                    first(&mut k.additional_properties, v);
                    k.object_hint = true;
                }
                "unevaluatedProperties" | "dependentRequired" | "dependentSchemas" => {
                    k.object_hint = true
                }
                _ => {}
            }
        }
        k
    }
}
