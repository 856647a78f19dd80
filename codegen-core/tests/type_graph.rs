//! Snapshot and property tests of the type graph (JSON Schema → types, names).
//!
//! `tests/fixtures/schemas/*.yaml` are AsyncAPI documents written to exercise schema
//! features; the snapshot is every type of the model, rendered one per block (or the
//! rendered diagnostics when the document must fail). The corpus test checks the names of
//! real documents: valid identifiers, unique, deterministic.

mod support;

use asyncapi_codegen_core::load_model;
use asyncapi_codegen_core::model::names::{is_builtin_type, is_reserved_rust, is_reserved_ts};
use asyncapi_codegen_core::model::types::{
    AdditionalProperties, TypeGraph, TypeId, TypeKind, UnionKind,
};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use support::fixtures;

fn type_ref(g: &TypeGraph, id: TypeId) -> String {
    format!("#{} {}", id.0, g.get(id).name)
}

fn num(label: &str, v: Option<f64>, out: &mut String) {
    if let Some(v) = v {
        write!(out, " {label}={v}").unwrap();
    }
}

/// One block per type: id, name, flags, location, annotations, kind.
fn render(g: &TypeGraph) -> String {
    let mut out = String::new();
    for (id, t) in g.iter() {
        write!(out, "#{} {}", id.0, t.name).unwrap();
        if t.named {
            out.push_str(" [named]");
        }
        if let Some(c) = &t.component {
            write!(out, " component={c}").unwrap();
        }
        if t.nullable {
            out.push_str(" nullable");
        }
        if t.deprecated {
            out.push_str(" deprecated");
        }
        writeln!(out, "\n  at {}", t.location).unwrap();
        if let Some(v) = &t.title {
            writeln!(out, "  title: {v}").unwrap();
        }
        if let Some(v) = &t.description {
            writeln!(out, "  description: {v}").unwrap();
        }
        if let Some(v) = &t.default {
            writeln!(out, "  default: {v}").unwrap();
        }
        if !t.examples.is_empty() {
            writeln!(
                out,
                "  examples: {}",
                serde_json::Value::from(t.examples.clone())
            )
            .unwrap();
        }
        out.push_str("  ");
        match &t.kind {
            TypeKind::Any => out.push_str("any"),
            TypeKind::Null => out.push_str("null"),
            TypeKind::Boolean => out.push_str("boolean"),
            TypeKind::String(s) => {
                out.push_str("string");
                if let Some(f) = &s.format {
                    write!(out, " format={f}").unwrap();
                }
                if let Some(e) = &s.enum_values {
                    write!(out, " enum={e:?}").unwrap();
                }
                if let Some(p) = &s.pattern {
                    write!(out, " pattern={p}").unwrap();
                }
                num("minLength", s.min_length.map(|v| v as f64), &mut out);
                num("maxLength", s.max_length.map(|v| v as f64), &mut out);
            }
            TypeKind::Integer(n) | TypeKind::Number(n) => {
                out.push_str(if matches!(t.kind, TypeKind::Integer(_)) {
                    "integer"
                } else {
                    "number"
                });
                if let Some(f) = &n.format {
                    write!(out, " format={f}").unwrap();
                }
                num("minimum", n.minimum, &mut out);
                num("maximum", n.maximum, &mut out);
                num("exclusiveMinimum", n.exclusive_minimum, &mut out);
                num("exclusiveMaximum", n.exclusive_maximum, &mut out);
                num("multipleOf", n.multiple_of, &mut out);
            }
            TypeKind::Array(a) => {
                match a.items {
                    Some(items) => write!(out, "array of {}", type_ref(g, items)).unwrap(),
                    None => out.push_str("array of any"),
                }
                num("minItems", a.min_items.map(|v| v as f64), &mut out);
                num("maxItems", a.max_items.map(|v| v as f64), &mut out);
                if a.unique_items {
                    out.push_str(" uniqueItems");
                }
            }
            TypeKind::Object(o) => {
                out.push_str("object");
                match o.additional {
                    AdditionalProperties::Unspecified => {}
                    AdditionalProperties::Any => out.push_str(" additional=any"),
                    AdditionalProperties::Forbidden => out.push_str(" additional=forbidden"),
                    AdditionalProperties::Schema(v) => {
                        write!(out, " additional={}", type_ref(g, v)).unwrap()
                    }
                }
                for p in &o.properties {
                    write!(out, "\n    {}: {}", p.name, type_ref(g, p.ty)).unwrap();
                    if p.required {
                        out.push_str(" (required)");
                    }
                    write!(out, " @{}:{}", p.location.line, p.location.col).unwrap();
                }
            }
            TypeKind::Const(v) => write!(out, "const {v}").unwrap(),
            TypeKind::Enum(vs) => {
                write!(out, "enum {}", serde_json::Value::from(vs.clone())).unwrap()
            }
            TypeKind::Union(u) => {
                out.push_str(match u.kind {
                    UnionKind::OneOf => "oneOf",
                    UnionKind::AnyOf => "anyOf",
                });
                for v in &u.variants {
                    write!(out, "\n    | {}", type_ref(g, *v)).unwrap();
                }
                if let Some(d) = &u.discriminator {
                    write!(out, "\n    discriminator {}", d.property).unwrap();
                    for (tag, ty) in &d.mapping {
                        write!(out, "\n      {tag} => {}", type_ref(g, *ty)).unwrap();
                    }
                }
            }
            TypeKind::AllOf(parts) => {
                out.push_str("allOf");
                for p in parts {
                    write!(out, "\n    & {}", type_ref(g, *p)).unwrap();
                }
            }
            TypeKind::Unsupported(what) => write!(out, "unsupported {what}").unwrap(),
        }
        out.push_str("\n\n");
    }
    out
}

/// The snapshot text of one document: its types and warnings, or its diagnostics.
fn snapshot_of(path: &Path) -> String {
    match load_model(path) {
        Ok(model) => {
            let mut out = render(&model.types);
            for w in &model.warnings {
                writeln!(out, "warning: {w}").unwrap();
            }
            out
        }
        Err(e) => format!("ERROR\n{}", e.render()),
    }
}

#[test]
fn schema_fixtures_match_their_snapshots() {
    let all = fixtures("tests/fixtures/schemas");
    assert!(
        all.len() >= 6,
        "expected the schema fixtures, found {all:?}"
    );
    for path in all {
        let name = path
            .file_stem()
            .and_then(|n| n.to_str())
            .expect("utf-8 name")
            .to_string();
        insta::assert_snapshot!(format!("schemas_{name}"), snapshot_of(&path));
    }
}

#[test]
fn bad_schemas_report_every_problem_located() {
    let err = load_model(Path::new("tests/fixtures/schemas/bad-schemas.yaml"))
        .expect_err("the document has schema errors");
    let lines: Vec<String> = err.errors().map(|d| d.to_string()).collect();
    // One per problem of the fixture, not just the first.
    assert!(lines.len() >= 15, "{lines:#?}");
    let expect = [
        "bad-schemas.yaml:17:14 (#/components/schemas/WrongKinds/title): `title` must be a string",
        "bad-schemas.yaml:18:17 (#/components/schemas/WrongKinds/required): `required` must be an array",
        "bad-schemas.yaml:21:17 (#/components/schemas/WrongKinds/properties/a/type): `type` must be",
        "bad-schemas.yaml:23:17 (#/components/schemas/WrongKinds/properties/b/type): unknown type `date`",
        "(#/components/schemas/WrongKinds/properties/f/$ref): `$ref` target `#/components/schemas/Nowhere` not found",
        "`$ref` cycle with no schema in between",
    ];
    for e in expect {
        assert!(
            lines.iter().any(|l| l.contains(e)),
            "missing {e:?} in {lines:#?}"
        );
    }
    for l in &lines {
        assert!(l.contains("; "), "no advice in {l:?}");
    }
}

/// A valid TypeScript and Rust type identifier that shadows nothing.
fn assert_identifier(name: &str, context: &str) {
    let first = name.chars().next();
    assert!(
        first.is_some_and(|c| c.is_ascii_uppercase()),
        "{context}: `{name}` does not start with an ASCII capital"
    );
    assert!(
        name.chars().all(|c| c.is_ascii_alphanumeric()),
        "{context}: `{name}` has characters outside [A-Za-z0-9]"
    );
    assert!(
        !is_reserved_ts(name) && !is_reserved_rust(name) && !is_builtin_type(name),
        "{context}: `{name}` is reserved or a built-in"
    );
}

fn assert_names_valid_and_unique(g: &TypeGraph, context: &str) {
    let mut seen = HashSet::new();
    for t in &g.types {
        assert_identifier(&t.name, context);
        assert!(
            seen.insert(t.name.to_ascii_lowercase()),
            "{context}: `{}` is not unique (ignoring case)",
            t.name
        );
    }
}

#[test]
fn fixture_names_are_valid_unique_and_deterministic() {
    for path in fixtures("tests/fixtures/schemas") {
        let Ok(first) = load_model(&path) else {
            continue;
        };
        let context = path.display().to_string();
        assert_names_valid_and_unique(&first.types, &context);
        let again = load_model(&path).expect("loads twice");
        assert_eq!(render(&first.types), render(&again.types), "{context}");
    }
}

/// The corpus of real documents vendored in the repository (`tests/corpus`).
fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus")
}

fn corpus_documents(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus dir is readable")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "common") {
                corpus_documents(&path, out);
            }
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml" | "json")
        ) {
            out.push(path);
        }
    }
}

#[test]
fn corpus_types_have_valid_unique_deterministic_names() {
    let mut docs = Vec::new();
    corpus_documents(&corpus_dir(), &mut docs);
    assert!(
        docs.len() >= 15,
        "expected the corpus entry documents, found {docs:?}"
    );
    let mut total = 0;
    for path in docs {
        let context = path.display().to_string();
        let model = load_model(&path).unwrap_or_else(|e| panic!("{context}:\n{}", e.render()));
        assert_names_valid_and_unique(&model.types, &context);
        let again = load_model(&path).expect("loads twice");
        assert_eq!(render(&model.types), render(&again.types), "{context}");
        total += model.types.types.len();
    }
    assert!(total > 100, "only {total} types in the whole corpus");
}

#[test]
fn streetlights_types_are_named_after_components() {
    let path = corpus_dir().join("asyncapi__spec@v3.0.0/examples/streetlights-mqtt-asyncapi.yml");
    let model = load_model(&path).unwrap_or_else(|e| panic!("{}", e.render()));
    let g = &model.types;
    let payload = g.component("lightMeasuredPayload").expect("component type");
    assert_eq!(g.get(payload).name, "LightMeasuredPayload");
    let TypeKind::Object(o) = &g.get(payload).kind else {
        panic!("{:?}", g.get(payload))
    };
    let lumens = o
        .properties
        .iter()
        .find(|p| p.name == "lumens")
        .expect("lumens");
    assert!(matches!(g.get(lumens.ty).kind, TypeKind::Integer(_)));
    assert_eq!(g.get(lumens.ty).name, "LightMeasuredPayloadLumens");
    // `sentAt` is a `$ref` to the component `sentAt`: one type, named after the component.
    let sent_at = o
        .properties
        .iter()
        .find(|p| p.name == "sentAt")
        .expect("sentAt");
    assert_eq!(g.component("sentAt"), Some(sent_at.ty));
    assert_eq!(g.get(sent_at.ty).name, "SentAt");
}

#[test]
fn hostile_nesting_is_reported_not_a_stack_overflow() {
    // 110 levels of inline objects (220 of JSON), within the loader's nesting limit but beyond the type
    // builder's: one located error, no crash.
    let mut schema = String::from(r#"{"type":"string"}"#);
    for _ in 0..110 {
        schema = format!(r#"{{"type":"object","properties":{{"a":{schema}}}}}"#);
    }
    let doc = format!(
        r#"{{"asyncapi":"3.0.0","info":{{"title":"t","version":"1"}},"components":{{"schemas":{{"Deep":{schema}}}}}}}"#
    );
    let dir = std::env::temp_dir().join(format!("codegen-core-type-graph-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("deep.json");
    std::fs::write(&path, doc).expect("write");
    let result = load_model(&path);
    let _ = std::fs::remove_dir_all(&dir);
    let err = result.expect_err("too deep");
    let lines: Vec<String> = err.errors().map(|d| d.to_string()).collect();
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].contains("nested more than"), "{lines:#?}");
}
