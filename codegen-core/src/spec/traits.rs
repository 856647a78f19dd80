//! Traits: a target object and the traits applied to it, read as one merged object.
//!
//! AsyncAPI merges traits with JSON Merge Patch, but in opposite directions: in 2.x the
//! trait's value wins over the target's, in 3.x the target's own value wins. Rather than
//! building merged copies of every message and operation, [`Layers`] keeps the objects in
//! priority order and answers each field from the first object that has it. Only a field
//! that several layers define as objects (two `headers` schemas, say) is merged into a new
//! node, since both contribute properties.

use crate::load::{Node, Value};
use crate::spec::context::{Ctx, Src};

/// Objects in priority order: the first one that defines a field decides it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Layers<'s> {
    layers: Vec<Src<'s>>,
}

/// Which side wins when a trait and its target both set a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Precedence {
    /// AsyncAPI 2.x: the trait's value wins; later traits win over earlier ones.
    TraitWins,
    /// AsyncAPI 3.x: the target's own value wins; later traits win over earlier ones.
    TargetWins,
}

/// A field read through [`Layers`]: one node from the document, or a merged copy.
pub(crate) enum Field<'s> {
    /// The field as written in one layer.
    Borrowed(Src<'s>),
    /// Several layers define the field as objects: their merge, located (and keyed, for
    /// the type builder) at the highest-priority layer's definition.
    Merged(Node, Src<'s>),
}

impl<'s> Layers<'s> {
    /// The target `target` with the objects of its `traits` list applied.
    pub fn with_traits(ctx: &mut Ctx<'s>, target: Src<'s>, precedence: Precedence) -> Self {
        let mut traits: Vec<Src<'s>> = Vec::new();
        for item in ctx.items(&target, "traits").unwrap_or_default() {
            if let Some(t) = ctx.object(item, "a trait") {
                traits.push(t);
            }
        }
        // Later traits override earlier ones, so they come first in priority order.
        traits.reverse();
        let layers = match precedence {
            Precedence::TraitWins => {
                traits.push(target);
                traits
            }
            Precedence::TargetWins => {
                let mut all = vec![target];
                all.extend(traits);
                all
            }
        };
        Layers { layers }
    }

    /// Only `src`, no traits.
    pub fn single(src: Src<'s>) -> Self {
        Layers { layers: vec![src] }
    }

    /// The highest-priority definition of `key`, as written.
    pub fn first(&self, key: &str) -> Option<Src<'s>> {
        self.layers.iter().find_map(|l| l.child(key))
    }

    /// The string field `key` of the first layer that has it (a wrong kind is reported).
    pub fn string(&self, ctx: &mut Ctx<'s>, key: &str) -> Option<String> {
        let layer = self.layers.iter().find(|l| l.node.get(key).is_some())?;
        ctx.string(layer, key)
    }

    /// The object field `key` of every layer that has it (references followed), in
    /// priority order: the view of a nested object such as `bindings` or `bindings.mqtt`.
    pub fn nested(&self, ctx: &mut Ctx<'s>, key: &str) -> Layers<'s> {
        let mut layers = Vec::new();
        for l in &self.layers {
            if let Some(child) = l.child(key) {
                if child.node.is_null() {
                    continue;
                }
                if let Some(obj) = ctx.object(child, &format!("`{key}`")) {
                    layers.push(obj);
                }
            }
        }
        Layers { layers }
    }

    /// True when no layer is left.
    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }

    /// The field `key`, merged when more than one layer defines it as an object
    /// (references followed first, so that a trait's `$ref`'d headers merge too).
    pub fn merged(&self, ctx: &mut Ctx<'s>, key: &str) -> Option<Field<'s>> {
        let mut defs: Vec<Src<'s>> = Vec::new();
        for l in &self.layers {
            if let Some(child) = l.child(key) {
                defs.push(child);
            }
        }
        if defs.len() <= 1 {
            return defs.pop().map(Field::Borrowed);
        }
        let mut followed = Vec::with_capacity(defs.len());
        for d in &defs {
            match ctx.follow(d.clone()) {
                Some(t) => followed.push(t),
                None => return None,
            }
        }
        if followed.iter().any(|d| d.node.as_object().is_none()) {
            // A non-object at the top wins outright (merge patch replaces).
            return defs.into_iter().next().map(Field::Borrowed);
        }
        // Lowest priority first, each higher layer patched over it.
        let mut acc = followed.last().map(|d| d.node.clone())?;
        for d in followed.iter().rev().skip(1) {
            merge_patch(&mut acc, d.node);
        }
        // The merge is reported where the winning definition is.
        let top = followed.into_iter().next()?;
        acc.pos = top.node.pos;
        acc.file = top.node.file;
        Some(Field::Merged(acc, top))
    }
}

/// JSON Merge Patch (RFC 7386) of `patch` onto `base`, on located nodes: objects merge
/// key by key, anything else replaces, and `null` removes the key.
pub(crate) fn merge_patch(base: &mut Node, patch: &Node) {
    let Value::Object(patch_entries) = &patch.value else {
        *base = patch.clone();
        return;
    };
    if !matches!(base.value, Value::Object(_)) {
        *base = patch.clone();
        return;
    }
    if let Value::Object(base_entries) = &mut base.value {
        for (k, v) in patch_entries {
            let existing = base_entries.iter().position(|(bk, _)| bk == k);
            match (existing, v.is_null()) {
                (Some(i), true) => {
                    base_entries.remove(i);
                }
                (None, true) => {}
                (Some(i), false) => merge_patch(&mut base_entries[i].1, v),
                (None, false) => base_entries.push((k.clone(), v.clone())),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{yaml, FileId};

    #[test]
    fn merge_patch_merges_objects_and_removes_nulls() {
        let mut base = yaml::parse("a: 1\nb:\n  c: 2\n  d: 3\ne: 5\n", FileId(0)).unwrap();
        let patch = yaml::parse("b:\n  c: 9\ne: null\nf: 6\n", FileId(0)).unwrap();
        merge_patch(&mut base, &patch);
        assert_eq!(
            base.to_json().to_string(),
            r#"{"a":1,"b":{"c":9,"d":3},"f":6}"#
        );
    }
}
