//! Unit tests of the type builder on small documents.

use super::*;
use crate::diag::Severity;
use crate::model::types::TypeDef;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Writes `files` (name → text) into a fresh temporary directory and loads `files[0]`.
fn load(files: &[(&str, &str)]) -> (Sources, FileId) {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "codegen-core-schema-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let loaded = Sources::load(&dir.join(files[0].0)).map_err(|e| e.render());
    let _ = std::fs::remove_dir_all(&dir);
    loaded.unwrap()
}

/// Registers every `components/schemas` entry the way the normaliser does.
fn build_components(text: &str) -> (TypeGraph, Vec<Diagnostic>) {
    let (sources, root) = load(&[("doc.yaml", text)]);
    let mut b = TypeBuilder::new(&sources);
    let schemas = sources
        .root(root)
        .get("components")
        .and_then(|c| c.get("schemas"));
    for (key, node) in schemas.and_then(Node::as_object).unwrap_or(&[]) {
        let p = push_pointer("#/components/schemas", key);
        b.schema(root, &p, node, NameHint::Component(key.clone()));
    }
    b.finish()
}

fn named<'g>(g: &'g TypeGraph, name: &str) -> &'g TypeDef {
    g.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}: {:?}", names(g)))
}

fn names(g: &TypeGraph) -> Vec<&str> {
    g.types.iter().map(|t| t.name.as_str()).collect()
}

fn object(t: &TypeDef) -> &ObjectType {
    match &t.kind {
        TypeKind::Object(o) => o,
        other => panic!("{} is not an object: {other:?}", t.name),
    }
}

fn errors(d: &[Diagnostic]) -> Vec<String> {
    d.iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            format!(
                "{}:{} ({}): {}",
                d.location.line, d.location.col, d.location.pointer, d.message
            )
        })
        .collect()
}

#[test]
fn objects_primitives_arrays_and_inline_names() {
    let (g, d) = build_components(
        "components:\n  schemas:\n    LightMeasuredPayload:\n      type: object\n      required: [lumens]\n      properties:\n        lumens:\n          type: integer\n          minimum: 0\n        sentAt:\n          type: string\n          format: date-time\n        location:\n          type: object\n          properties:\n            lat: {type: number}\n        tags:\n          type: array\n          items:\n            type: object\n            properties:\n              k: {type: string}\n",
    );
    assert!(d.is_empty(), "{d:?}");
    let root = named(&g, "LightMeasuredPayload");
    assert_eq!(root.component.as_deref(), Some("LightMeasuredPayload"));
    assert!(root.named);
    let o = object(root);
    let props: Vec<(&str, bool)> = o
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.required))
        .collect();
    assert_eq!(
        props,
        [
            ("lumens", true),
            ("sentAt", false),
            ("location", false),
            ("tags", false)
        ]
    );
    let lumens = g.get(o.properties[0].ty);
    assert!(!lumens.named);
    assert_eq!(
        lumens.kind,
        TypeKind::Integer(NumberType {
            minimum: Some(0.0),
            ..Default::default()
        })
    );
    assert!(named(&g, "LightMeasuredPayloadLocation").named);
    let tags = named(&g, "LightMeasuredPayloadTags");
    assert!(!tags.named);
    let TypeKind::Array(a) = &tags.kind else {
        panic!("{tags:?}")
    };
    assert_eq!(g.get(a.items.unwrap()).name, "LightMeasuredPayloadTagsItem");
    assert_eq!(lumens.location.line, 8);
    assert_eq!(
        lumens.location.pointer,
        "#/components/schemas/LightMeasuredPayload/properties/lumens"
    );
}

#[test]
fn refs_share_one_type_and_recursion_is_a_cycle() {
    let (g, d) = build_components(
        "components:\n  schemas:\n    Tree:\n      type: object\n      properties:\n        children:\n          type: array\n          items: {$ref: '#/components/schemas/Tree'}\n        leaf: {$ref: '#/components/schemas/Leaf'}\n    Leaf:\n      type: string\n",
    );
    assert!(d.is_empty(), "{d:?}");
    let tree = g.component("Tree").unwrap();
    let o = object(g.get(tree));
    let TypeKind::Array(a) = &g.get(o.properties[0].ty).kind else {
        panic!()
    };
    assert_eq!(a.items, Some(tree));
    let leaf = g.component("Leaf").unwrap();
    assert_eq!(o.properties[1].ty, leaf);
    // A component reached through a `$ref` before its own registration keeps its name.
    assert_eq!(g.get(leaf).name, "Leaf");
    assert!(g.get(leaf).named);
    assert_eq!(
        g.types
            .iter()
            .filter(|t| t.name.starts_with("Leaf"))
            .count(),
        1
    );
}

#[test]
fn missing_targets_and_pure_ref_cycles_are_located_errors() {
    let (g, d) = build_components(
        "components:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n    C:\n      type: object\n      properties:\n        x:\n          $ref: '#/components/schemas/Nope'\n",
    );
    let e = errors(&d);
    assert_eq!(e.len(), 2, "{e:?}");
    // Reported once, at the reference that closes the cycle.
    assert!(
        e[0].starts_with("6:13 (#/components/schemas/B/$ref)"),
        "{e:?}"
    );
    assert!(
        e[0].contains("cycle")
            && e[0].contains(
                "#/components/schemas/A → #/components/schemas/B → #/components/schemas/A"
            ),
        "{e:?}"
    );
    assert!(
        e[1].starts_with("11:17 (#/components/schemas/C/properties/x/$ref)"),
        "{e:?}"
    );
    assert!(e[1].contains("#/components/schemas/Nope"), "{e:?}");
    let c = object(named(&g, "C"));
    assert_eq!(g.get(c.properties[0].ty).kind, TypeKind::Any);
}

#[test]
fn component_names_win_over_inline_names_reached_first() {
    let (g, d) = build_components(
        "components:\n  schemas:\n    User:\n      type: object\n      properties:\n        address:\n          type: object\n          properties:\n            street: {type: string}\n    UserAddress:\n      type: object\n      properties:\n        zip: {type: string}\n",
    );
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        g.get(g.component("UserAddress").unwrap()).name,
        "UserAddress"
    );
    let user = object(named(&g, "User"));
    assert_eq!(g.get(user.properties[0].ty).name, "UserAddress2");
}

#[test]
fn deep_nesting_is_reported_not_overflowed() {
    let mut text = String::from("components:\n  schemas:\n    Deep:\n");
    let mut schema = String::from("{type: string}");
    for _ in 0..(MAX_DEPTH + 20) {
        schema = format!("{{type: object, properties: {{a: {schema}}}}}");
    }
    text.push_str(&format!("      {schema}\n"));
    let (g, d) = build_components(&text);
    let e = errors(&d);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].contains("nested more than"), "{e:?}");
    assert!(g.types.len() <= MAX_DEPTH + 2);
}

#[test]
fn message_hints_name_payloads_and_upgrade_inline_types() {
    let (sources, root) = load(&[(
        "doc.yaml",
        "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {type: string}\n  messages:\n    m:\n      payload: {type: integer}\n",
    )]);
    let doc = sources.root(root);
    let a = doc
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(|s| s.get("A"))
        .unwrap();
    let b = a.get("properties").and_then(|p| p.get("b")).unwrap();
    let payload = doc
        .get("components")
        .and_then(|c| c.get("messages"))
        .and_then(|m| m.get("m"))
        .and_then(|m| m.get("payload"))
        .unwrap();
    let mut builder = TypeBuilder::new(&sources);
    let a_id = builder.schema(
        root,
        "#/components/schemas/A",
        a,
        NameHint::Component("A".into()),
    );
    let b_id = builder.schema(
        root,
        "#/components/schemas/A/properties/b",
        b,
        NameHint::Message("Shout".into()),
    );
    let p_id = builder.schema(
        root,
        "#/components/messages/m/payload",
        payload,
        NameHint::Message("M".into()),
    );
    let again = builder.schema(
        root,
        "#/components/messages/m/payload",
        payload,
        NameHint::Inline("Other".into()),
    );
    let (g, d) = builder.finish();
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(p_id, again);
    assert_eq!(g.get(a_id).name, "A");
    // `b` was first built as `AB`; the message hint renames it and declares it.
    assert_eq!(g.get(b_id).name, "Shout");
    assert!(g.get(b_id).named);
    // A primitive payload is declared under the message's name.
    assert_eq!(g.get(p_id).name, "M");
    assert!(g.get(p_id).named);
    assert!(matches!(g.get(p_id).kind, TypeKind::Integer(_)));
}

#[test]
fn patterns_invalid_in_ecma_262_are_located_errors() {
    let (_, diagnostics) = build_components(
        "asyncapi: 3.0.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    Bad:\n      type: string\n      pattern: '(?<name>a'\n    BadKey:\n      type: object\n      patternProperties:\n        '[z-a]': {type: string}\n    Unicode:\n      type: string\n      pattern: '^\\p{Letter}+$'\n    Legacy:\n      type: string\n      pattern: '^[a-z\\-]+$'\n",
    );
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{} {}", d.location.pointer, d.message))
        .collect();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0]
            .starts_with("#/components/schemas/Bad/pattern `(?<name>a` is not a valid ECMA-262"),
        "{errors:#?}"
    );
    assert!(
        errors[1].starts_with(
            "#/components/schemas/BadKey/patternProperties/[z-a] `[z-a]` is not a valid ECMA-262"
        ),
        "{errors:#?}"
    );
}
