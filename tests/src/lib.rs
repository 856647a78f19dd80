//! Shared harness of the workspace integration tests.
#![deny(missing_docs)]

pub mod child_lines;
pub mod cli_binary;
pub mod example;
pub mod figures;
pub mod mosquitto;
pub mod mosquitto_clients;
pub mod node;
pub mod rust_validators;
pub mod scratch;
pub mod ts_project;

use std::path::PathBuf;

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// The public corpus of third-party AsyncAPI documents, vendored in `tests/corpus` (its
/// MANIFEST.md says where each came from and under which licence).
pub fn corpus_dir() -> PathBuf {
    workspace_root().join("tests/corpus")
}

/// The seed spec behind the usage contract (GUIDE §3): `tests/fixtures/seed/asyncapi.yaml`.
pub fn seed_spec() -> PathBuf {
    workspace_root().join("tests/fixtures/seed/asyncapi.yaml")
}

/// Every entry document of the corpus (the `common/` fragments are not entry documents),
/// sorted, as paths relative to [`corpus_dir`].
pub fn corpus_entry_documents() -> Vec<PathBuf> {
    let root = corpus_dir();
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("corpus dir is readable") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "common") {
                    stack.push(path);
                }
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                out.push(path.strip_prefix(&root).expect("under root").to_path_buf());
            }
        }
    }
    out.sort();
    out
}
