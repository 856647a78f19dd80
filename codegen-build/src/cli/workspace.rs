//! `generate --workspace` and `check --workspace`: every workspace package whose
//! `Cargo.toml` has a `[package.metadata.asyncapi-codegen]` table, each with exactly its own
//! options.
//!
//! `cargo metadata` (through `cargo_metadata`) says which packages the workspace has and
//! which of them carry the table; the options themselves are then read with
//! [`Config::from_manifest_path`], the function the build script's
//! [`Config::from_manifest`] calls, so the CLI and the build cannot read them differently.

use super::{fail, print_check, print_generated, print_warnings, EXIT_FAILURE, EXIT_OK};
use crate::config::Config;
use crate::manifest::TABLE;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// One workspace package with the table.
struct Package {
    name: String,
    manifest: PathBuf,
}

/// The workspace's packages that have the table, sorted by name (then manifest path).
fn packages(manifest_path: Option<&Path>) -> Result<Vec<Package>, String> {
    let mut command = cargo_metadata::MetadataCommand::new();
    // Workspace members only: nothing is resolved or downloaded.
    command.no_deps();
    if let Some(path) = manifest_path {
        command.manifest_path(path);
    }
    let metadata = command.exec().map_err(|e| match e {
        cargo_metadata::Error::CargoMetadata { stderr } => format!(
            "`cargo metadata` failed, so the workspace's packages are unknown:\n{}",
            stderr.trim_end()
        ),
        other => format!("cannot run `cargo metadata` to find the workspace's packages: {other}"),
    })?;
    let mut found: Vec<Package> = metadata
        .packages
        .iter()
        .filter(|p| metadata.workspace_members.contains(&p.id))
        .filter(|p| p.metadata.get("asyncapi-codegen").is_some())
        .map(|p| Package {
            name: p.name.to_string(),
            manifest: p.manifest_path.clone().into_std_path_buf(),
        })
        .collect();
    found.sort_by(|a, b| (&a.name, &a.manifest).cmp(&(&b.name, &b.manifest)));
    if found.is_empty() {
        return Err(format!(
            "no package of the workspace at {} has a [{TABLE}] table; add one to the package whose \
             build script generates the code (see `asyncapi-codegen --help`), or name the \
             document: `check <spec> --typescript <dir>`",
            metadata.workspace_root
        ));
    }
    Ok(found)
}

/// The package's options, as its build script reads them, for use outside a build: no
/// `cargo:` lines, and the `OUT_DIR`-bound Rust output left out (noted on `stdout`).
/// `None` when there is nothing the CLI can write or compare.
fn config(
    package: &Package,
    header: &str,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> Result<Option<Config>, ()> {
    let mut config = match Config::from_manifest_path(&package.manifest) {
        Ok(config) => config.cargo_instructions(false),
        Err(e) => {
            let _ = writeln!(stderr, "{}: its [{TABLE}] table is invalid:", package.name);
            fail(&e, stderr);
            return Err(());
        }
    };
    let rust_out = config.drop_out_dir_rust();
    let _ = writeln!(stdout, "{header}");
    if let Some(file) = rust_out {
        let _ = writeln!(
            stdout,
            "  rust-out {file}: written into OUT_DIR by the build script, not here"
        );
    }
    Ok(config.has_typescript_out().then_some(config))
}

/// `generate --workspace`.
pub(super) fn generate(
    manifest_path: Option<&Path>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let packages = match packages(manifest_path) {
        Ok(packages) => packages,
        Err(message) => {
            let _ = writeln!(stderr, "error: {message}");
            return EXIT_FAILURE;
        }
    };
    let mut failed = Vec::new();
    for package in &packages {
        let Ok(config) = config(package, &header(package), stdout, stderr) else {
            failed.push(package.name.as_str());
            continue;
        };
        let Some(config) = config else { continue };
        match config.generate() {
            Ok(generated) => {
                print_warnings(&generated.warnings, stderr);
                print_generated(&generated, "  ", &shown, stdout);
            }
            Err(e) => {
                let _ = writeln!(stderr, "{}: generation failed:", package.name);
                fail(&e, stderr);
                failed.push(package.name.as_str());
            }
        }
    }
    if failed.is_empty() {
        return EXIT_OK;
    }
    let _ = writeln!(
        stderr,
        "error: {} of {} package(s) failed: {}",
        failed.len(),
        packages.len(),
        failed.join(", ")
    );
    EXIT_FAILURE
}

/// `check --workspace`: exit 0 when every package's outputs are fresh; otherwise 1, with
/// each out-of-date file listed under its package.
pub(super) fn check(
    manifest_path: Option<&Path>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> u8 {
    let packages = match packages(manifest_path) {
        Ok(packages) => packages,
        Err(message) => {
            let _ = writeln!(stderr, "error: {message}");
            return EXIT_FAILURE;
        }
    };
    let mut stale = Vec::new();
    let mut failed = Vec::new();
    for package in &packages {
        let Ok(config) = config(package, &header(package), stdout, stderr) else {
            failed.push(package.name.as_str());
            continue;
        };
        let Some(config) = config else { continue };
        match config.check() {
            Ok(checked) => {
                print_warnings(&checked.warnings, stderr);
                print_check(&checked, "  ", &shown, stdout);
                if !checked.is_up_to_date() {
                    stale.push(package.name.as_str());
                }
            }
            Err(e) => {
                let _ = writeln!(stderr, "{}: cannot be checked:", package.name);
                fail(&e, stderr);
                failed.push(package.name.as_str());
            }
        }
    }
    if !failed.is_empty() {
        let _ = writeln!(
            stderr,
            "error: {} of {} package(s) could not be checked: {}",
            failed.len(),
            packages.len(),
            failed.join(", ")
        );
    }
    if !stale.is_empty() {
        let _ = writeln!(
            stderr,
            "error: the generated files of {} of {} package(s) are out of date: {}; run \
             `asyncapi-codegen generate --workspace` (or `cargo build` those packages) and \
             commit the result",
            stale.len(),
            packages.len(),
            stale.join(", ")
        );
    }
    if failed.is_empty() && stale.is_empty() {
        EXIT_OK
    } else {
        EXIT_FAILURE
    }
}

/// `name (path/to/Cargo.toml):`, the line each package's report starts with.
fn header(package: &Package) -> String {
    format!("{} ({}):", package.name, shown(&package.manifest))
}

/// A path for people: `..` folded away, relative to the current directory when below it.
fn shown(path: &Path) -> String {
    let mut clean = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(clean.components().next_back(), Some(Component::Normal(_))) =>
            {
                clean.pop();
            }
            other => clean.push(other),
        }
    }
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| clean.strip_prefix(cwd).ok().map(Path::to_path_buf));
    match relative {
        Some(rel) if rel.as_os_str().is_empty() => ".".into(),
        Some(rel) => rel.display().to_string(),
        None => clean.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_paths_fold_parent_dirs() {
        assert_eq!(
            shown(Path::new(
                "/nowhere-in-cwd/backend/../frontend/./src/__gen__"
            )),
            "/nowhere-in-cwd/frontend/src/__gen__"
        );
        assert_eq!(shown(Path::new("../up/../x")), "../x");
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(shown(&cwd.join("a/../b/c")), "b/c");
    }
}
