//! Unit tests of the Rust emitter on hand-built type graphs (the fixture specs are covered
//! by the snapshot tests in `tests/rust_snapshots.rs`).

use super::types::TypeEmitter;
use super::*;
use crate::model::{
    AdditionalProperties, ArrayType, ObjectType, Property, TypeDef, TypeGraph, TypeId, TypeKind,
    UnionKind, UnionType,
};

fn def(name: &str, kind: TypeKind) -> TypeDef {
    TypeDef {
        name: name.to_string(),
        component: None,
        named: true,
        title: None,
        description: None,
        nullable: false,
        deprecated: false,
        default: None,
        examples: Vec::new(),
        kind,
        rules: Default::default(),
        location: Location {
            file: PathBuf::from("/abs/dir/spec.yaml"),
            line: 1,
            col: 1,
            pointer: format!("#/components/schemas/{name}"),
        },
    }
}

fn object(props: &[(&str, usize, bool)]) -> TypeKind {
    TypeKind::Object(ObjectType {
        properties: props
            .iter()
            .map(|&(name, ty, required)| Property {
                name: name.to_string(),
                ty: TypeId(ty),
                required,
                location: Location::default(),
            })
            .collect(),
        additional: AdditionalProperties::Unspecified,
    })
}

fn render(graph: &TypeGraph) -> String {
    let emitter = TypeEmitter::new(graph);
    emitter
        .declarations(&|d| checked_schema_id(&d.location, Some(Path::new("/abs/dir"))))
        .to_string()
}

#[test]
fn mutual_recursion_is_boxed_only_inside_the_cycle() {
    // 0: A { b: B (required) }, 1: B { a: A (optional), c: C }, 2: C { name: string }, 3: string
    let graph = TypeGraph {
        types: vec![
            def("A", object(&[("b", 1, true)])),
            def("B", object(&[("a", 0, false), ("c", 2, true)])),
            def("C", object(&[("name", 3, true)])),
            TypeDef {
                named: false,
                ..def("Name", TypeKind::String(Default::default()))
            },
        ],
    };
    let out = render(&graph);
    assert!(
        out.contains("pub b : :: std :: boxed :: Box < B >"),
        "{out}"
    );
    assert!(
        out.contains("pub a : :: core :: option :: Option < :: std :: boxed :: Box < A > >"),
        "{out}"
    );
    assert!(out.contains("pub c : C"), "{out}");
    assert!(!out.contains("Box < C >"), "{out}");
    assert!(out.contains("\"spec.yaml#/components/schemas/A\""), "{out}");
}

#[test]
fn recursive_aliases_become_newtypes_and_arrays_need_no_box() {
    // 0: List = array of List; 1: Node { kids: array of Node (inline 2) }
    let graph = TypeGraph {
        types: vec![
            def(
                "List",
                TypeKind::Array(ArrayType {
                    items: Some(TypeId(0)),
                    ..Default::default()
                }),
            ),
            def("Node", object(&[("kids", 2, true)])),
            TypeDef {
                named: false,
                ..def(
                    "NodeKids",
                    TypeKind::Array(ArrayType {
                        items: Some(TypeId(1)),
                        ..Default::default()
                    }),
                )
            },
        ],
    };
    let out = render(&graph);
    assert!(
        out.contains("# [serde (transparent)] pub struct List (pub :: std :: vec :: Vec < List >)"),
        "{out}"
    );
    assert!(
        out.contains("pub kids : :: std :: vec :: Vec < Node >"),
        "{out}"
    );
    assert!(!out.contains("NodeKids"), "{out}");
}

#[test]
fn unions_name_inline_variants_by_kind_and_null_is_a_unit_variant() {
    let graph = TypeGraph {
        types: vec![
            def(
                "U",
                TypeKind::Union(UnionType {
                    kind: UnionKind::OneOf,
                    variants: vec![TypeId(1), TypeId(2), TypeId(3), TypeId(1)],
                    discriminator: None,
                }),
            ),
            TypeDef {
                named: false,
                ..def("S", TypeKind::String(Default::default()))
            },
            TypeDef {
                named: false,
                ..def("N", TypeKind::Null)
            },
            def("Obj", object(&[])),
        ],
    };
    let out = render(&graph);
    let variants: Vec<&str> = out
        .split("pub enum U {")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .unwrap_or_default()
        .split(',')
        .map(|v| v.rsplit(']').next().unwrap_or_default().trim())
        .filter(|v| !v.is_empty())
        .collect();
    assert_eq!(
        variants,
        vec![
            "String (:: std :: string :: String)",
            "Null",
            "Obj (Obj)",
            "String2 (:: std :: string :: String)"
        ],
        "{out}"
    );
    // An object with no properties and no `additionalProperties: false` is a map.
    assert!(
        out.contains("pub type Obj = :: std :: collections :: BTreeMap"),
        "{out}"
    );
}

#[test]
fn invalid_type_names_never_panic() {
    let graph = TypeGraph {
        types: vec![
            def("not an ident", object(&[("x", 1, true)])),
            def("Self", TypeKind::Boolean),
        ],
    };
    let out = render(&graph);
    assert!(out.contains("pub struct NotAnIdent"), "{out}");
    assert!(out.contains("pub type Self_ = bool"), "{out}");
}

#[test]
fn schema_ids_hold_no_machine_paths() {
    let loc = |file: &str| Location {
        file: PathBuf::from(file),
        line: 3,
        col: 4,
        pointer: "#/components/schemas/A".into(),
    };
    let base = Some(Path::new("/projects/crate"));
    assert_eq!(
        checked_schema_id(&loc("/projects/crate/specs/api.yaml"), base),
        "specs/api.yaml#/components/schemas/A"
    );
    assert_eq!(
        checked_schema_id(&loc("/elsewhere/api.yaml"), base),
        "api.yaml#/components/schemas/A"
    );
    assert_eq!(
        checked_schema_id(&loc("api.yaml"), None),
        "api.yaml#/components/schemas/A"
    );
    assert_eq!(
        checked_schema_id(&loc("specs/../common/x.yaml"), None),
        "specs/../common/x.yaml#/components/schemas/A"
    );
}
