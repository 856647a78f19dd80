//! Shared harness of the workspace integration tests.
#![deny(missing_docs)]

pub mod cli_binary;
pub mod example;
pub mod mosquitto;
pub mod node;
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

/// The public corpus of third-party AsyncAPI documents.
///
/// `.ci/run` sets `ASYNCAPI_CORPUS_DIR`; without it we look for `../shared/specs/public`
/// next to the workspace, and fail with a clear message when neither exists.
pub fn corpus_dir() -> PathBuf {
    let dir = match std::env::var_os("ASYNCAPI_CORPUS_DIR") {
        Some(d) => PathBuf::from(d),
        None => workspace_root().join("../shared/specs/public"),
    };
    assert!(
        dir.join("MANIFEST.md").is_file(),
        "the AsyncAPI corpus is not at {}; set ASYNCAPI_CORPUS_DIR to the shared specs/public folder",
        dir.display()
    );
    dir
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
