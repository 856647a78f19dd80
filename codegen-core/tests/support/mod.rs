//! What the integration tests of this crate share: where the shared specs are, and the
//! fixture documents of a directory.
// Each test binary uses only part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The shared folder (seed spec, public corpus): `ASYNCAPI_SHARED_DIR` (set by `.ci/run`),
/// else `../shared` next to the workspace.
pub fn shared_dir() -> PathBuf {
    let dir = match std::env::var_os("ASYNCAPI_SHARED_DIR") {
        Some(d) => PathBuf::from(d),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    };
    assert!(
        dir.join("specs/seed/asyncapi.yaml").is_file(),
        "the shared specs are not at {}; set ASYNCAPI_SHARED_DIR to the shared folder",
        dir.display()
    );
    dir
}

/// The documents directly in `dir` (not its `common/` fragments), sorted, relative to the
/// crate so that snapshots hold no machine paths.
pub fn fixtures(dir: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out.into_iter()
        .map(|p| Path::new(dir).join(p.file_name().expect("a file name")))
        .collect()
}
