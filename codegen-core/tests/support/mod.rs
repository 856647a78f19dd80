//! What the integration tests of this crate share: where the seed spec and the vendored
//! public corpus are, and the fixture documents of a directory.
// Each test binary uses only part of this module.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The seed spec behind the usage contract (`tests/fixtures/seed/asyncapi.yaml`), relative
/// to this crate so that snapshots hold no machine paths.
pub fn seed_spec() -> PathBuf {
    PathBuf::from("../tests/fixtures/seed/asyncapi.yaml")
}

/// A document of the vendored public corpus (`tests/corpus`, see its MANIFEST.md), relative
/// to this crate.
pub fn corpus_file(relative: &str) -> PathBuf {
    Path::new("../tests/corpus").join(relative)
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
