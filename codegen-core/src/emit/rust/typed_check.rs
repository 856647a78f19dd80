//! The fast path of `from_json`: a check of the *typed* value, generated for the structs
//! whose schema it can decide exactly.
//!
//! `from_json` first lets serde deserialize straight into the struct, then asks
//! `valid_as_typed` whether the schema holds (ranges, lengths, patterns, formats, items),
//! answering only yes or no; on any doubt the exact path (parse to a `serde_json::Value`,
//! `validate_value`, deserialize) decides and names the problems. So the fast path only
//! has to be sound: a typed value it accepts must be one `validate_value` accepts. That
//! rules out what serde lets through but the schema may not: a struct read from a JSON
//! array (serde accepts the sequence form, so a nested `deny_unknown_fields` struct is
//! out, and the root's text must start with `{`), a unit enum read from `{"variant": null}`
//! (string enums are out), a required nullable property (absent and `null` are both
//! `None`), and every keyword that looks at the value as a whole (`const`, `enum`,
//! combinators, `uniqueItems`, ...). An optional property that is not nullable refuses
//! `null` when deserialised ([`NOT_NULL`]), so `None` means absent.

use super::names::{ident, snake_case, Scope};
use super::types::{Extra, Shape, TypeEmitter};
use crate::model::{Items, JsonType, Rules, Subschema, TypeId, TypeKind};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The name of the deserializer, in the generated `validators` module, that reads an
/// optional property's value and refuses `null`.
pub(super) const NOT_NULL: &str = "validators::present";

/// The `validators::present` deserializer.
pub(super) fn not_null_fn() -> TokenStream {
    quote! {
        /// Reads an optional property's value (`null` is not `None`, it is refused unless
        /// the property's type holds `null`), so that `None` means the property is absent.
        pub fn present<'de, D, T>(
            deserializer: D,
        ) -> ::core::result::Result<::core::option::Option<T>, D::Error>
        where
            D: ::serde::Deserializer<'de>,
            T: ::serde::Deserialize<'de>,
        {
            <T as ::serde::Deserialize<'de>>::deserialize(deserializer)
                .map(::core::option::Option::Some)
        }
    }
}

/// True when no keyword but those of `allowed` (and `type`) is present.
fn only_type_keywords(r: &Rules) -> bool {
    r.const_value.is_none()
        && r.enum_values.is_none()
        && r.all_of.is_empty()
        && r.any_of.is_none()
        && r.one_of.is_none()
        && r.not.is_none()
        && r.if_then_else.is_none()
        && !r.never
}

fn admits(r: &Rules, t: JsonType) -> bool {
    match &r.types {
        None => true,
        Some(types) => {
            types.contains(&t) || (t == JsonType::Integer && types.contains(&JsonType::Number))
        }
    }
}

impl TypeEmitter<'_> {
    /// The body of `valid_as_typed` for struct `id`, when its schema can be decided on the
    /// typed value.
    pub(super) fn typed_check_body(&self, id: TypeId) -> Option<TokenStream> {
        let mut visiting = vec![id];
        self.struct_check(id, &mut visiting)
    }

    /// The checks of the fields of struct `id` (on `self`).
    fn struct_check(&self, id: TypeId, visiting: &mut Vec<TypeId>) -> Option<TokenStream> {
        let def = self.graph.get(id);
        let TypeKind::Object(o) = &def.kind else {
            return None;
        };
        if self.shape(id) != Shape::Struct || def.nullable {
            return None;
        }
        let r = &def.rules;
        if !only_type_keywords(r)
            || r.nullable
            || !admits(r, JsonType::Object)
            || !r.pattern_properties.is_empty()
            || r.property_names.is_some()
            || r.min_properties.is_some()
            || r.max_properties.is_some()
            || !r.dependencies.is_empty()
        {
            return None;
        }
        match self.extra(id) {
            Extra::Typed(v) if !self.graph.get(v).rules.accepts_everything() => return None,
            _ => {}
        }
        // The rules must say what the fields say: same properties, same required ones.
        if r.properties.len() != o.properties.len() {
            return None;
        }
        for (p, (name, s)) in o.properties.iter().zip(&r.properties) {
            if &p.name != name || *s != Subschema::Type(p.ty) {
                return None;
            }
            if p.required != r.required.contains(name) {
                return None;
            }
        }
        if r.required
            .iter()
            .any(|n| !o.properties.iter().any(|p| &p.name == n))
        {
            return None;
        }
        let mut scope = Scope::default();
        let mut checks = Vec::new();
        for p in &o.properties {
            let field = ident(&scope.claim(&snake_case(&p.name, "field")));
            let pdef = self.graph.get(p.ty);
            let value = quote!(value);
            let check = self.value_check(p.ty, &value, visiting)?;
            let is_option = pdef.nullable || !p.required;
            if p.required && pdef.nullable {
                return None;
            }
            checks.push(if is_option {
                quote!(self.#field.as_ref().is_none_or(|value| #check))
            } else {
                quote!({ let value = &self.#field; #check })
            });
        }
        if checks.is_empty() {
            return Some(quote!(true));
        }
        Some(all(checks))
    }

    /// A `bool` expression: `value` (a reference to the Rust value of type `id`) satisfies
    /// the schema of `id`.
    fn value_check(
        &self,
        id: TypeId,
        value: &TokenStream,
        visiting: &mut Vec<TypeId>,
    ) -> Option<TokenStream> {
        let def = self.graph.get(id);
        let r = &def.rules;
        if r.accepts_everything() {
            return Some(quote!(true));
        }
        if !only_type_keywords(r) {
            return None;
        }
        let rt = quote!(::asyncapi_codegen_runtime::validation);
        match (self.shape(id), &def.kind) {
            (Shape::Struct, TypeKind::Object(_)) => {
                // A nested struct that denies unknown fields would also take a JSON array.
                if self.extra(id) == Extra::Denied || visiting.contains(&id) {
                    return None;
                }
                visiting.push(id);
                let inner = self.struct_check(id, visiting);
                visiting.pop();
                inner?;
                Some(quote!(#value.valid_as_typed()))
            }
            (Shape::Inline | Shape::Alias, TypeKind::Any | TypeKind::Unsupported(_)) => {
                let name = super::validate::function_name(id);
                Some(quote!(#rt::collect(#value, validators::#name).is_empty()))
            }
            (Shape::Inline | Shape::Alias, TypeKind::Boolean) => {
                admits(r, JsonType::Boolean).then(|| quote!(true))
            }
            (Shape::Inline | Shape::Alias, TypeKind::String(_)) => {
                if !admits(r, JsonType::String) {
                    return None;
                }
                Some(string_checks(r, value))
            }
            (Shape::Inline | Shape::Alias, TypeKind::Number(_)) => {
                if !admits(r, JsonType::Number) {
                    return None;
                }
                Some(number_checks(r, &quote!(*#value)))
            }
            (Shape::Inline | Shape::Alias, TypeKind::Integer(_)) => {
                if !admits(r, JsonType::Integer) {
                    return None;
                }
                // Widened to i128 and f64 without loss (a safe integer is exact in f64).
                let number = number_checks(r, &quote!((*#value as f64)));
                Some(quote!(#rt::json::is_safe_i128(*#value as i128) && #number))
            }
            (Shape::Inline | Shape::Alias, TypeKind::Array(a)) => {
                if !admits(r, JsonType::Array) || r.unique_items || r.contains.is_some() {
                    return None;
                }
                let mut parts = Vec::new();
                if let Some(min) = r.min_items {
                    parts.push(quote!((#value.len() as u64) >= #min));
                }
                if let Some(max) = r.max_items {
                    parts.push(quote!((#value.len() as u64) <= #max));
                }
                match (&r.items, a.items) {
                    (Items::Unconstrained, _) => {}
                    (Items::All(Subschema::Type(item)), Some(ty)) if *item == ty => {
                        let item_def = self.graph.get(ty);
                        if item_def.nullable && !item_def.rules.accepts_everything() {
                            return None;
                        }
                        let check = self.value_check(ty, &quote!(item), visiting)?;
                        parts.push(quote!(#value.iter().all(|item| #check)));
                    }
                    _ => return None,
                }
                if parts.is_empty() {
                    return Some(quote!(true));
                }
                Some(all(parts))
            }
            _ => None,
        }
    }
}

/// `minLength`, `maxLength`, `pattern`, `format` on `value` (a `&String`).
fn string_checks(r: &Rules, value: &TokenStream) -> TokenStream {
    let rt = quote!(::asyncapi_codegen_runtime::validation);
    let mut parts = Vec::new();
    if r.min_length.is_some() || r.max_length.is_some() {
        let min = r.min_length.unwrap_or(0);
        let max = r.max_length.unwrap_or(u64::MAX);
        parts.push(quote!(
            (#min..=#max).contains(&(#rt::json::code_point_length(#value) as u64))
        ));
    }
    if let Some(p) = &r.pattern {
        let source = Literal::string(p);
        parts.push(quote!({
            static PATTERN: #rt::pattern::Pattern = #rt::pattern::Pattern::new(#source);
            PATTERN.is_match(#value)
        }));
    }
    if let Some(f) = &r.format {
        let f = Literal::string(f);
        parts.push(quote!(#rt::format::matches(#f, #value)));
    }
    if parts.is_empty() {
        return quote!(true);
    }
    all(parts)
}

/// The bounds and `multipleOf` on `number` (an `f64` expression).
fn number_checks(r: &Rules, number: &TokenStream) -> TokenStream {
    let rt = quote!(::asyncapi_codegen_runtime::validation);
    let mut parts = Vec::new();
    let f = |b: f64| Literal::f64_suffixed(b);
    if let Some(b) = r.minimum.map(f) {
        parts.push(quote!(#number >= #b));
    }
    if let Some(b) = r.exclusive_minimum.map(f) {
        parts.push(quote!(#number > #b));
    }
    if let Some(b) = r.maximum.map(f) {
        parts.push(quote!(#number <= #b));
    }
    if let Some(b) = r.exclusive_maximum.map(f) {
        parts.push(quote!(#number < #b));
    }
    if let Some(m) = r.multiple_of.map(f) {
        parts.push(quote!(#rt::json::is_multiple_of(#number, #m)));
    }
    if parts.is_empty() {
        return quote!(true);
    }
    all(parts)
}

/// `a && b && ...` (`true` for none).
fn all(parts: Vec<TokenStream>) -> TokenStream {
    let mut iter = parts.into_iter();
    let Some(first) = iter.next() else {
        return quote!(true);
    };
    iter.fold(quote!((#first)), |acc, next| quote!(#acc && (#next)))
}
