//! Check mode: every struct and enum of the block compared with its schema, field by field.
//!
//! Every problem becomes a `syn::Error` on the closest token (the field, its type, the
//! attribute, the variant or the item's name) whose text names the spec location
//! (`file:line:col (pointer)`) and the fix. All problems are collected, none stops the
//! others.
//!
//! A field whose schema is another object or enum needs a Rust type checked against that
//! same schema. A type of the same block is checked right here (and matched to that schema
//! when nothing else matched it); any other type becomes a [`Requirement`] that the
//! expansion turns into a compile-time assertion on `CheckedAgainst`.

use super::matching;
use super::rust_types::{self, fitting_integers, float_fits, integer_fits, range_text, RustShape};
use super::serde_attrs::{self, ContainerAttrs, RenameRule};
use super::spec_path::relative;
use crate::diag::Location;
use crate::model::{AdditionalProperties, Model, ObjectType, TypeDef, TypeId, TypeKind};
use std::collections::VecDeque;
use std::path::Path;
use syn::spanned::Spanned;
use syn::{Fields, Item, ItemEnum, ItemStruct, Type};

/// `file:line:col (pointer)` with the file relative to `base`.
pub fn located(location: &Location, base: &Path) -> String {
    format!(
        "{}:{}:{} ({})",
        relative(&location.file, base),
        location.line,
        location.col,
        location.pointer
    )
}

/// The identity of a schema as recorded in `CheckedAgainst::SCHEMA`: `file#pointer`, the
/// same string generate mode records.
pub fn schema_id(def: &TypeDef, base: &Path) -> String {
    crate::emit::rust::checked_schema_id(&def.location, Some(base))
}

/// A nested type, declared outside the block, that must have been checked against
/// `schema`.
pub struct Requirement {
    /// The field's (inner) type, as written.
    pub ty: Type,
    /// The schema it must have been checked against.
    pub schema: TypeId,
    /// The failure text, naming the field and the schema's location.
    pub message: String,
}

/// The result of checking a block.
pub struct Outcome {
    /// `(item index, schema)` for every item matched to a schema.
    pub checked: Vec<(usize, TypeId)>,
    /// Nested types to assert at compile time.
    pub requirements: Vec<Requirement>,
    /// Every problem found.
    pub errors: Vec<syn::Error>,
}

/// Checks every struct and enum of `items` against the model.
pub fn check(model: &Model, base: &Path, items: &[Item]) -> Outcome {
    let mut c = Checker {
        model,
        base,
        items,
        assigned: vec![None; items.len()],
        queue: VecDeque::new(),
        requirements: Vec::new(),
        errors: Vec::new(),
    };
    for (idx, item) in items.iter().enumerate() {
        let Some((attrs, ident)) = item_head(item) else {
            continue;
        };
        let request = matching::request(attrs, &mut c.errors);
        match matching::resolve(model, &request, ident, base) {
            Ok(Some(id)) => c.assign(idx, id),
            Ok(None) => {}
            Err(e) => {
                c.errors.push(e);
                // Reported already: keep it out of the "matches nothing" list.
                c.assigned[idx] = Some(TypeId(usize::MAX));
            }
        }
    }
    while let Some(idx) = c.queue.pop_front() {
        let Some(schema) = c.assigned[idx] else {
            continue;
        };
        match &items[idx] {
            Item::Struct(s) => c.check_struct(s, schema),
            Item::Enum(e) => c.check_enum(e, schema),
            _ => {}
        }
    }
    let mut checked = Vec::new();
    for (idx, item) in items.iter().enumerate() {
        let Some((_, ident)) = item_head(item) else {
            continue;
        };
        match c.assigned[idx] {
            Some(id) if id.0 != usize::MAX => checked.push((idx, id)),
            Some(_) => {}
            None => c.errors.push(syn::Error::new(
                ident.span(),
                format!(
                    "`{ident}` matches no message or schema of the spec; name it after one, add `#[asyncapi(message = \"...\")]` or `#[asyncapi(schema = \"...\")]`, or use it as a field type of a checked struct; {}",
                    matching::candidates(model, &ident.to_string())
                ),
            )),
        }
    }
    Outcome {
        checked,
        requirements: c.requirements,
        errors: c.errors,
    }
}

/// The attributes and name of a struct or enum.
pub fn item_head(item: &Item) -> Option<(&[syn::Attribute], &syn::Ident)> {
    match item {
        Item::Struct(s) => Some((&s.attrs, &s.ident)),
        Item::Enum(e) => Some((&e.attrs, &e.ident)),
        _ => None,
    }
}

/// Where a value being checked sits, for messages.
#[derive(Clone)]
struct Site<'a> {
    /// `field `x`` or `field `x` items`.
    what: String,
    /// The schema's location, or the property's when checking a field itself.
    location: &'a Location,
    /// `#[serde(with = "time::serde::rfc3339")]`.
    rfc3339: bool,
}

struct Checker<'a> {
    model: &'a Model,
    base: &'a Path,
    items: &'a [Item],
    assigned: Vec<Option<TypeId>>,
    queue: VecDeque<usize>,
    requirements: Vec<Requirement>,
    errors: Vec<syn::Error>,
}

impl<'a> Checker<'a> {
    fn def(&self, id: TypeId) -> &'a TypeDef {
        self.model.types.get(id)
    }

    fn at(&self, location: &Location) -> String {
        located(location, self.base)
    }

    fn error(&mut self, span: proc_macro2::Span, location: &Location, what: String, help: String) {
        let text = format!("{}: {what}; {help}", self.at(location));
        self.errors.push(syn::Error::new(span, text));
    }

    fn assign(&mut self, idx: usize, id: TypeId) {
        self.assigned[idx] = Some(id);
        self.queue.push_back(idx);
    }

    /// The index of the block item a type names (`Location`, not `a::Location`).
    fn local_item(&self, ty: &Type) -> Option<usize> {
        let Type::Path(p) = ty else { return None };
        if p.qself.is_some() || p.path.segments.len() != 1 || p.path.leading_colon.is_some() {
            return None;
        }
        let ident = &p.path.segments[0].ident;
        self.items
            .iter()
            .position(|item| item_head(item).is_some_and(|(_, i)| i == ident))
    }

    fn check_struct(&mut self, s: &ItemStruct, schema: TypeId) {
        let def = self.def(schema);
        if let Some(param) = s.generics.type_params().next() {
            self.errors.push(syn::Error::new(
                param.span(),
                "checked structs cannot have type parameters: the schema fixes every field's type; use concrete types",
            ));
            return;
        }
        let attrs = serde_attrs::container(&s.attrs, &mut self.errors);
        let fields: Vec<&syn::Field> = s.fields.iter().collect();
        let newtype = match &s.fields {
            Fields::Unnamed(_) if fields.len() == 1 => Some(fields[0]),
            Fields::Named(_) if attrs.transparent => {
                let mut errors = Vec::new();
                let kept: Vec<&syn::Field> = fields
                    .iter()
                    .copied()
                    .filter(|f| !serde_attrs::field(&f.attrs, &mut errors).skip_ser)
                    .collect();
                (kept.len() == 1).then(|| kept[0])
            }
            _ => None,
        };
        if let Some(field) = newtype {
            let site = Site {
                what: format!("`{}`", s.ident),
                location: &def.location,
                rfc3339: serde_attrs::field(&field.attrs, &mut self.errors).rfc3339,
            };
            self.check_value(&field.ty, schema, &site);
            return;
        }
        match (&s.fields, &def.kind) {
            (_, TypeKind::Any | TypeKind::Unsupported(_)) => {}
            (Fields::Named(_), TypeKind::Object(object)) => {
                self.check_fields(s, &attrs, object, def);
            }
            (Fields::Named(_), _) => self.error(
                s.ident.span(),
                &def.location,
                format!(
                    "`{}` is a struct with named fields (a JSON object), but the schema is {}",
                    s.ident,
                    describe(self.model, def)
                ),
                "check it against an object schema, or use a type that fits".into(),
            ),
            (Fields::Unnamed(_), _) => self.error(
                s.ident.span(),
                &def.location,
                format!(
                    "`{}` is a tuple struct (a JSON array of {} values) but the schema is {}",
                    s.ident,
                    fields.len(),
                    describe(self.model, def)
                ),
                "use a struct with named fields".into(),
            ),
            (Fields::Unit, _) => self.error(
                s.ident.span(),
                &def.location,
                format!(
                    "`{}` is a unit struct (JSON `null`) but the schema is {}",
                    s.ident,
                    describe(self.model, def)
                ),
                "use a struct with named fields".into(),
            ),
        }
    }

    fn check_fields(
        &mut self,
        s: &ItemStruct,
        attrs: &ContainerAttrs,
        object: &'a ObjectType,
        def: &'a TypeDef,
    ) {
        let mut seen: Vec<&str> = Vec::new();
        for field in &s.fields {
            let Some(ident) = &field.ident else { continue };
            let fa = serde_attrs::field(&field.attrs, &mut self.errors);
            if fa.skip_ser && fa.skip_de || fa.flatten {
                continue;
            }
            let raw = serde_attrs::unraw(ident);
            let name = |rule: Option<RenameRule>, rename: &Option<(String, proc_macro2::Span)>| {
                rename
                    .as_ref()
                    .map(|(n, _)| n.clone())
                    .unwrap_or_else(|| rule.map_or(raw.clone(), |r| r.apply_to_field(&raw)))
            };
            let ser = name(attrs.rename_all.ser, &fa.rename.ser);
            let de = name(attrs.rename_all.de, &fa.rename.de);
            if ser != de && !fa.skip_ser && !fa.skip_de {
                self.error(
                    ident.span(),
                    &def.location,
                    format!("field `{ident}` is serialised as `{ser}` but deserialised as `{de}`, and a schema property has one name"),
                    "use one `rename` (add `alias` for extra names accepted on input)".into(),
                );
                continue;
            }
            let wire = if fa.skip_ser { de } else { ser };
            let Some(prop) = object.properties.iter().find(|p| p.name == wire) else {
                let known: Vec<String> = object
                    .properties
                    .iter()
                    .map(|p| format!("`{}`", p.name))
                    .collect();
                self.error(
                    ident.span(),
                    &def.location,
                    format!("field `{ident}` (JSON name `{wire}`) has no property in the schema"),
                    if known.is_empty() {
                        "the schema declares no properties; remove the field or add the property to the spec".into()
                    } else {
                        format!(
                            "the properties are {}; rename the field (`#[serde(rename = \"...\")]`), remove it, or add the property to the spec",
                            known.join(", ")
                        )
                    },
                );
                continue;
            };
            seen.push(&prop.name);
            for (alias, span) in &fa.aliases {
                if alias != &prop.name && object.properties.iter().any(|p| &p.name == alias) {
                    self.error(
                        *span,
                        &prop.location,
                        format!(
                            "alias `{alias}` of field `{ident}` is another property of the schema"
                        ),
                        "remove the alias: that property's value would be read into this field"
                            .into(),
                    );
                }
            }
            let pdef = self.def(prop.ty);
            let (inner, is_option) = match rust_types::shape(&field.ty) {
                RustShape::Option(inner) => (inner, true),
                _ => (&field.ty, false),
            };
            let ty_text = rust_types::display(&field.ty);
            if is_option && prop.required && !pdef.nullable {
                self.error(
                    rust_types::type_span(&field.ty),
                    &prop.location,
                    format!("property `{}` is required and not nullable, but field `{ident}` is `{ty_text}`", prop.name),
                    format!("use `{}` (a message without `{}` is invalid), or make the property optional in the spec", rust_types::display(inner), prop.name),
                );
            }
            let defaulted = fa.default || attrs.default || fa.skip_de;
            if !is_option && !prop.required && !defaulted {
                self.error(
                    rust_types::type_span(&field.ty),
                    &prop.location,
                    format!("property `{}` is optional, but field `{ident}` is `{ty_text}`, so a message without it fails to deserialise", prop.name),
                    format!("use `Option<{ty_text}>`, or add `#[serde(default)]` to the field"),
                );
            }
            if !is_option && pdef.nullable && !fa.skip_de {
                self.error(
                    rust_types::type_span(&field.ty),
                    &prop.location,
                    format!("property `{}` is nullable, but field `{ident}` is `{ty_text}`, which cannot hold `null`", prop.name),
                    format!("use `Option<{ty_text}>`"),
                );
            }
            if prop.required {
                if let Some(span) = fa.skip_serializing_if {
                    self.error(
                        span,
                        &prop.location,
                        format!(
                            "property `{}` is required, but `skip_serializing_if` may leave it out",
                            prop.name
                        ),
                        "remove `skip_serializing_if`, or make the property optional in the spec"
                            .into(),
                    );
                } else if fa.skip_ser {
                    self.error(
                        ident.span(),
                        &prop.location,
                        format!("property `{}` is required, but field `{ident}` is never serialised", prop.name),
                        "remove `skip`/`skip_serializing`, or make the property optional in the spec".into(),
                    );
                }
            }
            let site = Site {
                what: format!("field `{ident}`"),
                location: &prop.location,
                rfc3339: fa.rfc3339,
            };
            self.check_value(inner, prop.ty, &site);
        }
        for prop in object
            .properties
            .iter()
            .filter(|p| p.required && !seen.contains(&p.name.as_str()))
        {
            let pdef = self.def(prop.ty);
            self.error(
                s.ident.span(),
                &prop.location,
                format!("required property `{}` has no field in `{}`", prop.name, s.ident),
                format!(
                    "add a field for it ({}), renamed with `#[serde(rename = \"{}\")]` if its Rust name differs",
                    describe(self.model, pdef),
                    prop.name
                ),
            );
        }
    }

    /// Checks one value type (a field's type without its top `Option`, an array item, a
    /// map value) against a schema.
    fn check_value(&mut self, ty: &Type, schema: TypeId, site: &Site<'a>) {
        let def = self.def(schema);
        let shape = rust_types::shape(ty);
        if matches!(def.kind, TypeKind::Any | TypeKind::Unsupported(_))
            || matches!(shape, RustShape::JsonValue)
        {
            return;
        }
        let ty_text = rust_types::display(ty);
        let span = rust_types::type_span(ty);
        let mismatch = |c: &mut Self, help: String| {
            c.error(
                span,
                site.location,
                format!(
                    "{}: `{ty_text}` does not fit {}",
                    site.what,
                    describe(c.model, def)
                ),
                help,
            );
        };
        match shape {
            RustShape::Named(named) => self.require(named, schema, site),
            RustShape::Option(inner) => {
                if def.nullable {
                    self.check_value(inner, schema, site);
                } else {
                    mismatch(
                        self,
                        format!(
                            "the values are not nullable; use `{}`",
                            rust_types::display(inner)
                        ),
                    );
                }
            }
            _ if site.rfc3339 => match &def.kind {
                TypeKind::String(s) if s.format.as_deref() == Some("date-time") => {}
                _ => mismatch(
                    self,
                    "`time::serde::rfc3339` writes a `date-time` string".into(),
                ),
            },
            _ => self.check_shape(shape, def, schema, site, &mismatch),
        }
    }

    fn check_shape(
        &mut self,
        shape: RustShape<'_>,
        def: &'a TypeDef,
        schema: TypeId,
        site: &Site<'a>,
        mismatch: &dyn Fn(&mut Self, String),
    ) {
        let suggestion = suggestion(self.model, def);
        match (&def.kind, shape) {
            (TypeKind::String(s), RustShape::String) => {
                if let Some(values) = &s.enum_values {
                    mismatch(
                        self,
                        format!(
                            "a `String` can hold values outside [{}]; use an enum checked against this schema in the `asyncapi!` block",
                            quoted(values)
                        ),
                    );
                }
            }
            (TypeKind::String(s), RustShape::Formatted(format)) => {
                if s.format.as_deref() != Some(format) {
                    mismatch(
                        self,
                        format!("that type is written as a `{format}` string; use {suggestion}"),
                    );
                }
            }
            (TypeKind::Integer(n), RustShape::Int(t)) => {
                if !integer_fits(t, n) {
                    let fitting: Vec<String> = fitting_integers(n)
                        .iter()
                        .take(4)
                        .map(|t| format!("`{}`", t.name()))
                        .collect();
                    mismatch(
                        self,
                        format!(
                            "`{}` cannot hold every value of that range (from minimum/maximum/format); use {}",
                            t.name(),
                            fitting.join(", ")
                        ),
                    );
                }
            }
            (TypeKind::Number(n), RustShape::Float(t)) => {
                if !float_fits(t, n) {
                    mismatch(
                        self,
                        "`f32` loses precision for numbers that are not `format: float`; use `f64`"
                            .into(),
                    );
                }
            }
            (TypeKind::Number(_), RustShape::Int(_)) => {
                mismatch(self, "a number may have a fraction; use `f64`".into());
            }
            (TypeKind::Boolean, RustShape::Bool) | (TypeKind::Null, RustShape::Unit) => {}
            (TypeKind::Array(a), RustShape::Seq { item, set }) => {
                if set && !a.unique_items {
                    mismatch(
                        self,
                        "the array allows repeated items, which a set would drop; use `Vec`, or add `uniqueItems: true` to the spec".into(),
                    );
                }
                if let Some(items) = a.items {
                    let inner = Site {
                        what: format!("{} items", site.what),
                        location: &self.def(items).location,
                        rfc3339: false,
                    };
                    self.check_value(item, items, &inner);
                }
            }
            (TypeKind::Object(o), RustShape::Map { key, value }) => {
                if !matches!(rust_types::shape(key), RustShape::String) {
                    self.error(
                        rust_types::type_span(key),
                        site.location,
                        format!(
                            "{}: map keys `{}` do not fit {}",
                            site.what,
                            rust_types::display(key),
                            describe(self.model, def)
                        ),
                        "JSON object keys are strings; use `String` keys".into(),
                    );
                }
                match o.additional {
                    AdditionalProperties::Schema(values) => {
                        let inner = Site {
                            what: format!("{} values", site.what),
                            location: &self.def(values).location,
                            rfc3339: false,
                        };
                        self.check_value(value, values, &inner);
                        for p in &o.properties {
                            let inner = Site {
                                what: format!("{} property `{}`", site.what, p.name),
                                location: &p.location,
                                rfc3339: false,
                            };
                            self.check_value(value, p.ty, &inner);
                        }
                    }
                    AdditionalProperties::Forbidden => mismatch(
                        self,
                        "the object has fixed properties only (`additionalProperties: false`); use a struct checked against it".into(),
                    ),
                    AdditionalProperties::Any | AdditionalProperties::Unspecified => {
                        if !matches!(rust_types::shape(value), RustShape::JsonValue) {
                            mismatch(
                                self,
                                "the object's values may be of any type; use `serde_json::Value` values, or give `additionalProperties` a schema in the spec".into(),
                            );
                        }
                    }
                }
            }
            (TypeKind::Const(v), shape) => {
                let fits = matches!(
                    (v, shape),
                    (serde_json::Value::String(_), RustShape::String)
                        | (serde_json::Value::Bool(_), RustShape::Bool)
                        | (serde_json::Value::Number(_), RustShape::Float(_))
                        | (serde_json::Value::Null, RustShape::Unit)
                ) || matches!((v, shape), (serde_json::Value::Number(n), RustShape::Int(_)) if n.is_i64() || n.is_u64());
                if !fits {
                    mismatch(self, format!("use {suggestion}"));
                }
            }
            (TypeKind::Integer(_), RustShape::Float(_)) => {
                mismatch(
                    self,
                    format!("an integer property needs an integer type; use {suggestion}"),
                );
            }
            _ => {
                let _ = schema;
                mismatch(self, format!("use {suggestion}"));
            }
        }
    }

    /// A nested user type must stand for `schema`: checked here when it is an item of the
    /// block, asserted at compile time otherwise.
    fn require(&mut self, ty: &Type, schema: TypeId, site: &Site<'a>) {
        let def = self.def(schema);
        if let Some(idx) = self.local_item(ty) {
            match self.assigned[idx] {
                None => self.assign(idx, schema),
                Some(id) if id == schema || id.0 == usize::MAX => {}
                Some(other) => {
                    let other = self.def(other);
                    self.error(
                        rust_types::type_span(ty),
                        site.location,
                        format!(
                            "{}: `{}` is checked against {} at {}, but this field's schema is another one",
                            site.what,
                            rust_types::display(ty),
                            describe(self.model, other),
                            self.at(&other.location)
                        ),
                        format!("use a type checked against this schema (`#[asyncapi(schema = \"{}\")]`)", def.location.pointer),
                    );
                }
            }
            return;
        }
        let message = format!(
            "{}: {}: `{}` was checked against another schema than this field's; check it with `#[asyncapi(schema = \"{}\")]`",
            self.at(site.location),
            site.what,
            rust_types::display(ty),
            def.location.pointer
        );
        self.requirements.push(Requirement {
            ty: ty.clone(),
            schema,
            message,
        });
    }

    fn check_enum(&mut self, e: &ItemEnum, schema: TypeId) {
        let def = self.def(schema);
        if let Some(param) = e.generics.type_params().next() {
            self.errors.push(syn::Error::new(
                param.span(),
                "checked enums cannot have type parameters",
            ));
            return;
        }
        let attrs = serde_attrs::container(&e.attrs, &mut self.errors);
        let values = match &def.kind {
            TypeKind::Any | TypeKind::Unsupported(_) => return,
            TypeKind::String(s) => s.enum_values.as_ref(),
            _ => None,
        };
        let Some(values) = values else {
            self.error(
                e.ident.span(),
                &def.location,
                format!("`{}` is an enum, but the schema is {}", e.ident, describe(self.model, def)),
                "check mode compares Rust enums with string enums only; use generate mode for unions, or a struct or primitive type that fits".into(),
            );
            return;
        };
        let mut covered: Vec<String> = Vec::new();
        for v in &e.variants {
            let va = serde_attrs::variant(&v.attrs, &mut self.errors);
            if va.skip {
                continue;
            }
            if !matches!(v.fields, Fields::Unit) {
                self.error(
                    v.ident.span(),
                    &def.location,
                    format!(
                        "variant `{}` carries data, but the schema is a string enum",
                        v.ident
                    ),
                    "make it a unit variant".into(),
                );
                continue;
            }
            let raw = serde_attrs::unraw(&v.ident);
            let name = |rule: Option<RenameRule>, rename: &Option<(String, proc_macro2::Span)>| {
                rename
                    .as_ref()
                    .map(|(n, _)| n.clone())
                    .unwrap_or_else(|| rule.map_or(raw.clone(), |r| r.apply_to_variant(&raw)))
            };
            let ser = name(attrs.rename_all.ser, &va.rename.ser);
            let de = name(attrs.rename_all.de, &va.rename.de);
            for wire in [&ser, &de] {
                if !values.contains(wire) {
                    let rename_span = va.rename.ser.as_ref().map_or(v.ident.span(), |(_, s)| *s);
                    self.error(
                        rename_span,
                        &def.location,
                        format!("variant `{}` is written as \"{wire}\", which is not a value of the enum [{}]", v.ident, quoted(values)),
                        "rename it (`#[serde(rename = \"...\")]` or `rename_all` on the enum) or remove it".into(),
                    );
                    break;
                }
            }
            covered.push(ser);
            covered.push(de);
            covered.extend(va.aliases.into_iter().map(|(a, _)| a));
        }
        for value in values.iter().filter(|v| !covered.contains(v)) {
            self.error(
                e.ident.span(),
                &def.location,
                format!("enum value \"{value}\" has no variant in `{}`", e.ident),
                format!("add a variant written as \"{value}\" (`#[serde(rename = \"{value}\")]` if its Rust name differs)"),
            );
        }
    }
}

fn quoted(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("\"{v}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// "a string of format `email`", "an integer in 0..=100", ... for messages.
pub fn describe(model: &Model, def: &TypeDef) -> String {
    let named = def
        .component
        .as_deref()
        .map(|c| format!(" (`{c}`)"))
        .unwrap_or_default();
    let base = match &def.kind {
        TypeKind::Any | TypeKind::Unsupported(_) => "any value".to_string(),
        TypeKind::Null => "`null`".to_string(),
        TypeKind::Boolean => "a boolean".to_string(),
        TypeKind::String(s) => match (&s.enum_values, &s.format) {
            (Some(values), _) => format!("a string enum [{}]", quoted(values)),
            (None, Some(f)) => format!("a string of format `{f}`"),
            (None, None) => "a string".to_string(),
        },
        TypeKind::Integer(n) => match range_text(n).as_str() {
            ".." => "an integer without bounds (taken as 64-bit)".to_string(),
            range => format!("an integer in {range}"),
        },
        TypeKind::Number(n) => match &n.format {
            Some(f) => format!("a number of format `{f}`"),
            None => "a number".to_string(),
        },
        TypeKind::Array(a) => match a.items {
            Some(items) => format!(
                "an array (items: {})",
                describe(model, model.types.get(items))
            ),
            None => "an array".to_string(),
        },
        TypeKind::Object(_) => "an object".to_string(),
        TypeKind::Const(v) => format!("the constant {v}"),
        TypeKind::Enum(values) => format!(
            "an enum of [{}]",
            values
                .iter()
                .map(|v| v.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        TypeKind::Union(u) => match u.kind {
            crate::model::UnionKind::OneOf => "a oneOf union".to_string(),
            crate::model::UnionKind::AnyOf => "an anyOf union".to_string(),
        },
        TypeKind::AllOf(_) => "an allOf of several schemas".to_string(),
    };
    let nullable = if def.nullable { " or null" } else { "" };
    format!("{base}{nullable}{named}")
}

/// The Rust types to propose for a schema.
fn suggestion(model: &Model, def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::String(s) => match (s.enum_values.is_some(), s.format.as_deref()) {
            (true, _) => "an enum checked against this schema".into(),
            (false, Some("uuid")) => "`String` or `uuid::Uuid`".into(),
            (false, Some("date-time")) => "`String`, `chrono::DateTime<Utc>` or `time::OffsetDateTime` (with `time::serde::rfc3339`)".into(),
            (false, Some("date")) => "`String` or `chrono::NaiveDate`".into(),
            _ => "`String`".into(),
        },
        TypeKind::Integer(n) => {
            let fitting: Vec<String> = fitting_integers(n).iter().take(4).map(|t| format!("`{}`", t.name())).collect();
            fitting.join(", ")
        }
        TypeKind::Number(n) if n.format.as_deref() == Some("float") => "`f32` or `f64`".into(),
        TypeKind::Number(_) => "`f64`".into(),
        TypeKind::Boolean => "`bool`".into(),
        TypeKind::Null => "`()`".into(),
        TypeKind::Array(a) => match a.items.map(|i| model.types.get(i)) {
            Some(items) => format!("`Vec<_>` of {}", suggestion(model, items)),
            None => "`Vec<serde_json::Value>`".into(),
        },
        TypeKind::Object(_) => "a struct checked against this schema, or a `HashMap<String, _>`".into(),
        TypeKind::Const(_) | TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::AllOf(_) => {
            "a type checked against this schema, or `serde_json::Value`".into()
        }
        TypeKind::Any | TypeKind::Unsupported(_) => "any type".into(),
    }
}
