//! Paths and tools of the example monorepo (`examples/monorepo`), for its end-to-end tests.

use crate::workspace_root;
use std::path::{Path, PathBuf};

/// `examples/monorepo`.
pub fn example_dir() -> PathBuf {
    workspace_root().join("examples/monorepo")
}

/// The example's contract, `examples/monorepo/asyncapi.yaml`.
pub fn example_spec() -> PathBuf {
    example_dir().join("asyncapi.yaml")
}

/// `examples/monorepo/frontend`, checked to have its npm packages installed (vite,
/// typescript, mqtt, playwright-core, ws from its own lock file).
pub fn frontend_dir() -> PathBuf {
    let dir = example_dir().join("frontend");
    assert!(
        dir.join("node_modules/.package-lock.json").is_file(),
        "{} has no node_modules: run `npm ci` in examples/monorepo/frontend (scripts/setup.sh does)",
        dir.display()
    );
    dir
}

/// A file of an npm package installed in the frontend, e.g. `vite/bin/vite.js`.
pub fn frontend_npm_file(relative: &str) -> PathBuf {
    let path = frontend_dir().join("node_modules").join(relative);
    assert!(
        path.is_file(),
        "{} is missing: run `npm ci` in examples/monorepo/frontend",
        path.display()
    );
    path
}

/// Where the example tests keep what a person may want to look at afterwards (the browser
/// screenshot): `<cargo target dir>/example-artifacts`. `tmpdir` is the test's
/// `CARGO_TARGET_TMPDIR` (`<target>/tmp`).
pub fn artifacts_dir(tmpdir: &Path) -> PathBuf {
    let target = tmpdir.parent().unwrap_or(tmpdir);
    let dir = target.join("example-artifacts");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
    dir
}

/// Copies `from` into `to` recursively, skipping `node_modules` and `dist`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("mkdir {}: {e}", to.display()));
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display()));
    for entry in entries {
        let entry = entry.expect("dir entry");
        let name = entry.file_name();
        if name == "node_modules" || name == "dist" {
            continue;
        }
        let (src, dst) = (entry.path(), to.join(&name));
        if src.is_dir() {
            copy_tree(&src, &dst);
        } else {
            std::fs::copy(&src, &dst)
                .unwrap_or_else(|e| panic!("copy {} to {}: {e}", src.display(), dst.display()));
        }
    }
}
