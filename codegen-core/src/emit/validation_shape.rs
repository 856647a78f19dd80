//! How the draft-7 [`Rules`] of one schema are laid out as checks, shared by the TypeScript
//! and Rust validator emitters so that both report the same problems in the same order:
//! which type guard comes first, whether `null` passes before anything else, whether an
//! `enum` is checked as a string enum, and which `oneOf` is switched on its discriminator.

use crate::model::{
    Dependency, Items, JsonType, Rules, Subschema, TypeGraph, TypeId, TypeKind, UnionType,
};

/// False when a value of type `id` is accepted whatever it is (no code to generate).
pub(crate) fn needs_check(graph: &TypeGraph, id: TypeId) -> bool {
    !graph.get(id).rules.accepts_everything()
}

/// How the rules of one schema are checked: which type guard, whether `null` passes first,
/// and whether an `enum` is checked as a string enum inside the string guard.
pub(crate) struct Shape {
    /// The types to check for (`None`: every type, each keyword applying to its own).
    pub(crate) types: Option<Vec<JsonType>>,
    /// `null` passes before anything else is looked at.
    pub(crate) nullable: bool,
    /// The `enum`, when it holds only strings (and possibly `null`, then `nullable`).
    pub(crate) string_enum: Option<Vec<String>>,
}

impl Shape {
    pub(crate) fn of(r: &Rules) -> Shape {
        let mut types = r.types.clone();
        let mut nullable = r.nullable;
        // `type` is implied when `const` or every `enum` value has one of the types.
        let fits = |value: &serde_json::Value, types: &[JsonType]| {
            types.iter().any(|t| json_has_type(value, *t))
        };
        if let Some(t) = &types {
            let implied = r.const_value.as_ref().is_some_and(|c| fits(c, t))
                || r.enum_values
                    .as_ref()
                    .is_some_and(|e| e.iter().all(|x| fits(x, t)));
            if implied {
                types = None;
            }
        }
        let mut string_enum = None;
        if let (Some(values), None) = (&r.enum_values, &r.const_value) {
            let strings: Vec<String> = values
                .iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect();
            let nulls = values.iter().filter(|x| x.is_null()).count();
            if !strings.is_empty() && strings.len() + nulls == values.len() && types.is_none() {
                string_enum = Some(strings);
                types = Some(vec![JsonType::String]);
                if nulls > 0 {
                    nullable = true;
                }
            }
        }
        // `[T, null]`: null passes first, when nothing else could reject it.
        if let Some(t) = &types {
            if t.len() == 2 && t.contains(&JsonType::Null) && null_passes_the_rest(r) {
                let other = if t[0] == JsonType::Null { t[1] } else { t[0] };
                types = Some(vec![other]);
                nullable = true;
            }
        }
        Shape {
            types,
            nullable,
            string_enum,
        }
    }

    /// True when some keyword of type `t` is to be checked.
    pub(crate) fn checks_for(&self, r: &Rules, t: JsonType, graph: &TypeGraph) -> bool {
        let sub = |s: &Subschema| match s {
            Subschema::Any => false,
            Subschema::Never => true,
            Subschema::Type(id) => needs_check(graph, *id),
        };
        match t {
            JsonType::String => r.has_string_rules() || self.string_enum.is_some(),
            JsonType::Integer | JsonType::Number => r.has_number_rules(),
            JsonType::Array => {
                r.min_items.is_some()
                    || r.max_items.is_some()
                    || r.unique_items
                    || r.contains.is_some()
                    || match &r.items {
                        Items::Unconstrained => false,
                        Items::All(s) => sub(s),
                        Items::Tuple(list) => {
                            list.iter().any(sub) || r.additional_items.as_ref().is_some_and(sub)
                        }
                    }
            }
            JsonType::Object => {
                !r.required.is_empty()
                    || r.properties.iter().any(|(_, s)| sub(s))
                    || r.pattern_properties.iter().any(|(_, s)| sub(s))
                    || r.additional_properties.as_ref().is_some_and(sub)
                    || r.property_names.as_ref().is_some_and(sub)
                    || r.min_properties.is_some()
                    || r.max_properties.is_some()
                    || r.dependencies.iter().any(|(_, d)| match d {
                        Dependency::Required(names) => !names.is_empty(),
                        Dependency::Schema(s) => sub(s),
                    })
            }
            JsonType::Null | JsonType::Boolean => false,
        }
    }

    /// True when a keyword for every type is to be checked.
    pub(crate) fn generic(&self, r: &Rules) -> bool {
        r.const_value.is_some()
            || (r.enum_values.is_some() && self.string_enum.is_none())
            || !r.all_of.is_empty()
            || r.any_of.is_some()
            || r.one_of.is_some()
            || r.not.is_some()
            || r.if_then_else.is_some()
    }
}

/// True when `null` passes every rule but `type` (so `[T, null]` can let it through first).
fn null_passes_the_rest(r: &Rules) -> bool {
    r.const_value
        .as_ref()
        .is_none_or(serde_json::Value::is_null)
        && r.enum_values
            .as_ref()
            .is_none_or(|e| e.iter().any(serde_json::Value::is_null))
        && r.all_of.is_empty()
        && r.any_of.is_none()
        && r.one_of.is_none()
        && r.not.is_none()
        && r.if_then_else.is_none()
}

/// True when the JSON `value` has type `t` (an integral number is an integer).
fn json_has_type(value: &serde_json::Value, t: JsonType) -> bool {
    use serde_json::Value as J;
    match (value, t) {
        (J::Null, JsonType::Null) | (J::Bool(_), JsonType::Boolean) => true,
        (J::String(_), JsonType::String) | (J::Array(_), JsonType::Array) => true,
        (J::Object(_), JsonType::Object) | (J::Number(_), JsonType::Number) => true,
        (J::Number(n), JsonType::Integer) => {
            n.as_i64().is_some_and(|i| i.unsigned_abs() < (1 << 53))
                || n.as_u64().is_some_and(|u| u < (1 << 53))
                || n.as_f64()
                    .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0)
        }
        _ => false,
    }
}

/// The discriminator value of each variant, when every variant has exactly one.
pub(crate) fn discriminated(graph: &TypeGraph, u: &UnionType) -> Option<Vec<(String, TypeId)>> {
    let d = u.discriminator.as_ref()?;
    let mut cases: Vec<(String, TypeId)> = Vec::new();
    for &variant in &u.variants {
        let explicit: Vec<&String> = d
            .mapping
            .iter()
            .filter(|(_, t)| *t == variant)
            .map(|(k, _)| k)
            .collect();
        if !explicit.is_empty() {
            for k in explicit {
                cases.push((k.clone(), variant));
            }
            continue;
        }
        let def = graph.get(variant);
        let TypeKind::Object(o) = &def.kind else {
            return None;
        };
        let from_property = o
            .properties
            .iter()
            .find(|p| p.name == d.property)
            .and_then(|p| match &graph.get(p.ty).kind {
                TypeKind::Const(serde_json::Value::String(s)) => Some(s.clone()),
                TypeKind::String(s) => match s.enum_values.as_deref() {
                    Some([one]) => Some(one.clone()),
                    _ => None,
                },
                _ => None,
            });
        match from_property.or_else(|| def.component.clone()) {
            Some(k) => cases.push((k, variant)),
            None => return None,
        }
    }
    let mut keys: Vec<&String> = cases.iter().map(|(k, _)| k).collect();
    keys.sort();
    keys.dedup();
    (keys.len() == cases.len()).then_some(cases)
}
