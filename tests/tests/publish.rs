//! The crates can be published as they are: `cargo publish --dry-run --workspace` packages
//! and verifies every publishable crate in dependency order (each one built from its
//! packaged sources against the others' packages), and `cargo package --list` shows that no
//! crate ships snapshots, fixtures, benches or any file over 100 KiB.
//!
//! It needs the crates.io index (the registries are reachable where CI runs).

use std::path::{Path, PathBuf};
use std::process::Command;
use workspace_tests::workspace_root;

/// The published crates, in dependency order.
const CRATES: [&str; 4] = [
    "asyncapi-codegen-core",
    "asyncapi-codegen-build",
    "asyncapi-codegen-macros",
    "asyncapi-codegen-runtime",
];

/// The largest file a package may hold.
const MAX_FILE_BYTES: u64 = 100 * 1024;

/// Its own target directory: the outer `cargo test` may still hold the workspace's.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("publish")
}

fn cargo(args: &[&str]) -> (bool, String) {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .arg("--manifest-path")
        .arg(workspace_root().join("Cargo.toml"))
        .arg("--target-dir")
        .arg(target_dir())
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

/// The directory of a workspace package, from `cargo metadata`-free knowledge of the layout.
fn package_dir(name: &str) -> PathBuf {
    workspace_root().join(name.trim_start_matches("asyncapi-"))
}

#[test]
fn every_crate_packages_only_its_sources_and_docs() {
    for krate in CRATES {
        // --allow-dirty: a developer's uncommitted work must not fail the test; CI runs it
        // on a clean clone either way.
        let (ok, text) = cargo(&["package", "--list", "--allow-dirty", "-p", krate]);
        assert!(ok, "cargo package --list -p {krate} failed:\n{text}");
        let files: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        for required in [
            "Cargo.toml",
            "README.md",
            "LICENSE-MIT",
            "LICENSE-APACHE",
            "src/lib.rs",
        ] {
            assert!(
                files.contains(&required),
                "{krate} does not package {required}: {files:?}"
            );
        }
        let dir = package_dir(krate);
        for file in &files {
            // `runtime/typescript/*.ts`: the TypeScript runtime codegen-core embeds, and its
            // README (`include`'s "README.md" matches at any depth).
            let source = file.starts_with("src/")
                || krate == "asyncapi-codegen-core"
                    && file.starts_with("runtime/typescript/")
                    && !file["runtime/typescript/".len()..].contains('/')
                    && (file.ends_with(".ts") || file.ends_with("/README.md"));
            assert!(
                source || !file.contains('/') && !file.ends_with(".snap"),
                "{krate} packages {file}, which is neither source nor top-level metadata"
            );
            for forbidden in ["snapshots", "fixtures", "benches", "tests/"] {
                assert!(
                    !file.contains(forbidden),
                    "{krate} packages {file} ({forbidden} are not published)"
                );
            }
            // Files cargo writes itself (Cargo.toml.orig, .cargo_vcs_info.json, the
            // normalised Cargo.toml) have no copy on disk with that name, or a tiny one.
            if let Ok(meta) = std::fs::metadata(dir.join(file)) {
                assert!(
                    meta.len() <= MAX_FILE_BYTES,
                    "{krate} packages {file} of {} KiB (limit {} KiB)",
                    meta.len() / 1024,
                    MAX_FILE_BYTES / 1024
                );
            }
        }
    }
}

/// Removes what earlier dry runs left of our crates' packages, so that this run verifies
/// against the sources as they are now.
///
/// `cargo publish --workspace` verifies each crate against the others' packages through a
/// local registry. It unpacks those into `$CARGO_HOME/registry/src/-<hash>/<crate>-<version>`
/// (a directory per local registry, its name starting with `-`; crates.io's start with
/// `index.`) and builds them in our target directory. Cargo takes a registry crate of a
/// given version for immutable: it reuses both the unpacked copy and the build, so a second
/// run in the same checkout would verify against the first run's code. Only our own crates'
/// copies and build fingerprints are removed.
fn forget_earlier_packages() {
    let ours = |name: &str| CRATES.iter().any(|k| name.starts_with(&format!("{k}-")));
    let remove_ours = |dir: &Path| {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if ours(&entry.file_name().to_string_lossy()) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    };
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    if let Some(sources) = home.map(|h| h.join("registry/src")) {
        for registry in std::fs::read_dir(sources).into_iter().flatten().flatten() {
            if registry.file_name().to_string_lossy().starts_with('-') {
                remove_ours(&registry.path());
            }
        }
    }
    remove_ours(&target_dir().join("debug/.fingerprint"));
}

#[test]
fn the_workspace_publishes_in_a_dry_run() {
    forget_earlier_packages();
    let (ok, text) = cargo(&["publish", "--dry-run", "--workspace", "--allow-dirty"]);
    assert!(ok, "cargo publish --dry-run --workspace failed:\n{text}");
    for krate in CRATES {
        assert!(
            text.contains(&format!("Verifying {krate} v")),
            "{krate} was not verified:\n{text}"
        );
        assert!(
            text.contains(&format!("Uploading {krate} v")),
            "{krate} was not (dry-run) uploaded:\n{text}"
        );
    }
}
