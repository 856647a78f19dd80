//! Scratch directories that are removed when the test ends, passed or failed.

use std::path::{Path, PathBuf};

/// A fresh directory below `base` (a test's `CARGO_TARGET_TMPDIR`), removed on drop, also
/// when the test panics.
pub struct ScratchDir(PathBuf);

impl ScratchDir {
    /// Creates `base/name`, emptied first should a killed run have left it behind.
    pub fn new(base: &Path, name: &str) -> ScratchDir {
        let dir = base.join(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir)
                .unwrap_or_else(|e| panic!("clear {}: {e}", dir.display()));
        }
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
        ScratchDir(dir)
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `contents` to `relative`, creating its parent directories.
    pub fn write(&self, relative: &str, contents: &str) -> PathBuf {
        let path = self.0.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("mkdir {}: {e}", parent.display()));
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
