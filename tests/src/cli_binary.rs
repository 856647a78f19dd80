//! The `asyncapi-codegen` binary, built on demand for tests outside `asyncapi-codegen-build` (cargo
//! builds a package's binaries only for that package's own tests).

use crate::workspace_root;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Builds `asyncapi-codegen` once per test process into the target directory the tests run
/// from (`tmpdir` is the test's `CARGO_TARGET_TMPDIR`, `<target>/tmp`) and returns its path.
pub fn asyncapi_codegen(tmpdir: &Path) -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let target = tmpdir
            .parent()
            .expect("CARGO_TARGET_TMPDIR is inside the target dir")
            .to_path_buf();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "-p",
                "asyncapi-codegen-build",
                "--bin",
                "asyncapi-codegen",
            ])
            .arg("--manifest-path")
            .arg(workspace_root().join("Cargo.toml"))
            .arg("--target-dir")
            .arg(&target)
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "building asyncapi-codegen failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        target
            .join("debug")
            .join(format!("asyncapi-codegen{}", std::env::consts::EXE_SUFFIX))
    })
}
