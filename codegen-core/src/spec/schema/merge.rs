//! `allOf`: merged into one object when every part is an object.
//!
//! Mixins (`allOf: [{$ref: Base}, {properties: ...}]`) are how real documents extend
//! objects, and emitters want one flat object for them. The merge rules:
//! - parts are taken in order, and the schema's own object keywords next to `allOf`
//!   (`properties`, `required`, ...) act as one more, last part;
//! - a `{}` (or annotation-only) part constrains nothing and is skipped;
//! - properties keep the position of their first appearance; a property declared again by a
//!   later part takes the later part's type (the more specific mixin usually comes last);
//! - `required` is the union over all parts, including names a part requires without
//!   declaring the property;
//! - `additionalProperties: false` in any part closes the merged object (taken as the
//!   author's intent, although in JSON Schema it would reject the other parts' properties);
//!   otherwise the last part that states it wins.
//!
//! Anything else (a part that is a union, a primitive, or a recursive reference to a type
//! still being built) keeps [`TypeKind::AllOf`] of the parts, without the inline parts that
//! constrain nothing (their `title`/`description` move to the whole when it has none), so
//! `allOf: [{$ref: Id}, {description: ...}]` is an `AllOf` of `Id` alone.

use super::{Naming, SchemaSite, TypeBuilder};
use crate::load::tree::push_pointer;
use crate::load::Node;
use crate::model::types::{AdditionalProperties, ObjectType, TypeKind};
use crate::model::TypeId;
use std::collections::HashMap;

impl TypeBuilder<'_> {
    /// The kind of the schema `ctx` with `allOf: list`; `None` (after reporting) when the
    /// list is not an array.
    pub(super) fn all_of(&mut self, id: TypeId, ctx: &SchemaSite, list: &Node) -> Option<TypeKind> {
        let Some(items) = list.as_array() else {
            self.wrong_kind(list, ctx.pointer, "allOf", "an array of schemas");
            return None;
        };
        let list_pointer = push_pointer(ctx.pointer, "allOf");
        let mut parts = Vec::with_capacity(items.len() + 1);
        let mut inline = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = push_pointer(&list_pointer, &i.to_string());
            let naming = Naming::derived(&mut self.suffixes, ctx.base, &format!("Part{}", i + 1));
            // Inline parts name their properties after the whole (`PetName`, not `PetPart2Name`).
            let part = self.node(ctx.file, &at, item, naming, ctx.depth + 1, Some(ctx.base));
            if item.get("$ref").is_none() {
                inline.push(part);
            }
            parts.push(part);
        }
        let own = if ctx.kw.object_hint {
            let object = self.object(id, ctx);
            let extra = self.extra_required.remove(&id).unwrap_or_default();
            Some((object, extra))
        } else {
            None
        };
        if let Some(merged) = self.merge(id, &parts, own.as_ref()) {
            // The merge is an object only when some part says so with `type`; otherwise
            // every JSON type passes (the parts' object keywords ignore non-objects).
            let typed = ctx.kw.type_.is_some()
                || parts.iter().any(|p| {
                    matches!(self.graph.types[p.0].kind, TypeKind::Object(_)) && !self.inferred[p.0]
                });
            if !typed {
                self.inferred[id.0] = true;
            }
            for part in inline {
                // Absorbed into the merged object: nothing refers to it on its own.
                self.graph.types[part.0].named = false;
            }
            return Some(TypeKind::Object(merged));
        }
        // Parts that constrain nothing (`{}`, or only a `description` next to a `$ref`, as
        // in `allOf: [{$ref: Id}, {description: ...}]`) add nothing to the intersection:
        // drop them, and keep their annotations when the whole has none.
        let mut kept = Vec::with_capacity(parts.len());
        for part in parts {
            let t = &self.graph.types[part.0];
            if self.building[part.0] || t.kind != TypeKind::Any || !inline.contains(&part) {
                kept.push(part);
                continue;
            }
            let (title, description) = (t.title.clone(), t.description.clone());
            let whole = &mut self.graph.types[id.0];
            if whole.title.is_none() {
                whole.title = title;
            }
            if whole.description.is_none() {
                whole.description = description;
            }
        }
        let mut parts = kept;
        if let Some((object, extra)) = own {
            // Keep the own keywords as a last part. Its key is a pointer no `$ref` can
            // reach (one past the last `allOf` entry), so it cannot clash with a real node.
            let at = push_pointer(&list_pointer, &items.len().to_string());
            let naming = Naming::derived(
                &mut self.suffixes,
                ctx.base,
                &format!("Part{}", items.len() + 1),
            );
            let part = self.reserve(ctx.file, &at, ctx.node, naming);
            if !extra.is_empty() {
                self.extra_required.insert(part, extra);
            }
            self.fill(part, TypeKind::Object(object));
            parts.push(part);
        }
        if parts.is_empty() {
            return Some(TypeKind::Any);
        }
        Some(TypeKind::AllOf(parts))
    }

    /// The merged object, or `None` when some part is not an object.
    fn merge(
        &mut self,
        id: TypeId,
        parts: &[TypeId],
        own: Option<&(ObjectType, Vec<String>)>,
    ) -> Option<ObjectType> {
        let mut objects: Vec<(&ObjectType, &[String])> = Vec::with_capacity(parts.len() + 1);
        for &part in parts {
            if self.building[part.0] {
                return None;
            }
            match &self.graph.types[part.0].kind {
                TypeKind::Object(object) => {
                    let extra = self
                        .extra_required
                        .get(&part)
                        .map_or(&[][..], Vec::as_slice);
                    objects.push((object, extra));
                }
                TypeKind::Any => {}
                _ => return None,
            }
        }
        if let Some((object, extra)) = own {
            objects.push((object, extra));
        }
        if objects.is_empty() {
            return None;
        }
        let mut out = ObjectType::default();
        let mut position: HashMap<&str, usize> = HashMap::new();
        let mut required: Vec<&str> = Vec::new();
        let mut forbidden = false;
        for (object, extra) in &objects {
            for property in &object.properties {
                if property.required {
                    required.push(&property.name);
                }
                match position.get(property.name.as_str()) {
                    Some(&i) => {
                        out.properties[i].ty = property.ty;
                        out.properties[i].location = property.location.clone();
                    }
                    None => {
                        position.insert(&property.name, out.properties.len());
                        let mut p = property.clone();
                        p.required = false;
                        out.properties.push(p);
                    }
                }
            }
            required.extend(extra.iter().map(String::as_str));
            match &object.additional {
                AdditionalProperties::Forbidden => forbidden = true,
                AdditionalProperties::Unspecified => {}
                other => out.additional = other.clone(),
            }
        }
        if forbidden {
            out.additional = AdditionalProperties::Forbidden;
        }
        let mut unmatched: Vec<String> = Vec::new();
        for name in required {
            match position.get(name) {
                Some(&i) => out.properties[i].required = true,
                None if !unmatched.iter().any(|u| u == name) => unmatched.push(name.to_string()),
                None => {}
            }
        }
        if !unmatched.is_empty() {
            self.extra_required.insert(id, unmatched);
        }
        Some(out)
    }
}
