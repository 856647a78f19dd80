//! Temporary names: the files and staging directories a run writes before renaming them into
//! place, telling those of a run going on right now from the leftovers of a killed run, and
//! removing leftover staging directories.
//!
//! Every temporary is named `.<name>.asyncapi-codegen-<pid>-<n>.tmp` after the file or
//! directory it becomes, and sits beside it (same directory, so the rename stays on one file
//! system). Everything written into a temporary carries the marker.

use super::plan::first_line_has_marker;
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// What every temporary name contains.
const INFIX: &str = ".asyncapi-codegen-";
/// How every temporary name ends.
const SUFFIX: &str = ".tmp";

/// How long a temporary may belong to a run going on right now (a build script run by cargo
/// and by rust-analyzer at the same time). Older ones are leftovers of a killed run.
const GRACE: Duration = Duration::from_secs(600);

/// `.<name>.asyncapi-codegen-<pid>-<n>.tmp` next to `target`, unique per process and call.
pub(super) fn temp_path(target: &Path) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}{INFIX}{}-{n}{SUFFIX}", std::process::id()))
}

/// True for a temporary (file or staging directory) at `path` that may belong to a run going
/// on right now: it has a temporary's name and is younger than the grace period.
pub(super) fn is_fresh(name: &OsStr, path: &Path) -> bool {
    let name = name.to_string_lossy();
    let is_temp = name.starts_with('.') && name.contains(INFIX) && name.ends_with(SUFFIX);
    is_temp
        && match fs::symlink_metadata(path).and_then(|m| m.modified()) {
            Ok(t) => is_young(t),
            // Renamed into place meanwhile: certainly not a leftover.
            Err(e) => e.kind() == io::ErrorKind::NotFound,
        }
}

fn is_young(modified: std::time::SystemTime) -> bool {
    // A time in the future (clock changes) counts as young: keep rather than delete.
    modified.elapsed().map_or(true, |age| age < GRACE)
}

/// Removes the staging directories of `target` that killed runs left beside it.
///
/// They sit in the directory that holds the output directory, which belongs to the user, so
/// only entries that are certainly ours go: exactly our staging name for this `target`, a real
/// directory, and nothing inside that is a link or special file, lacks the marker, or is
/// younger than the grace period. Removal is entry by entry, never recursive, so whatever
/// appears meanwhile stays. Best effort: a leftover that stays is harmless, it is only clutter.
pub(super) fn remove_leftover_staging(target: &Path) {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let name = name.to_string_lossy();
    for entry in entries.flatten() {
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && is_staging_name(&entry.file_name().to_string_lossy(), &name) {
            remove_if_leftover(&entry.path());
        }
    }
}

/// `.<target>.asyncapi-codegen-<digits>-<digits>.tmp`, nothing looser.
fn is_staging_name(entry: &str, target: &str) -> bool {
    let Some(rest) = entry
        .strip_prefix('.')
        .and_then(|r| r.strip_prefix(target))
        .and_then(|r| r.strip_prefix(INFIX))
        .and_then(|r| r.strip_suffix(SUFFIX))
    else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    rest.split_once('-')
        .is_some_and(|(pid, n)| digits(pid) && digits(n))
}

fn remove_if_leftover(staging: &Path) {
    let mut files = Vec::new();
    let mut dirs = vec![staging.to_path_buf()];
    if !collect_leftover(staging, &mut files, &mut dirs) {
        return;
    }
    for file in &files {
        let _ = fs::remove_file(file);
    }
    // `dirs` lists parents before their children: remove the deepest first.
    for dir in dirs.iter().rev() {
        let _ = fs::remove_dir(dir);
    }
}

/// Lists what is below `dir`; false as soon as something shows it is not a leftover of ours.
fn collect_leftover(dir: &Path, files: &mut Vec<PathBuf>, dirs: &mut Vec<PathBuf>) -> bool {
    let old = |meta: &fs::Metadata| meta.modified().is_ok_and(|t| !is_young(t));
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() && old(&meta) => {}
        _ => return false,
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    for entry in entries {
        let Ok(entry) = entry else {
            return false;
        };
        let path = entry.path();
        let Ok(meta) = fs::symlink_metadata(&path) else {
            return false;
        };
        if meta.is_dir() {
            dirs.push(path.clone());
            if !collect_leftover(&path, files, dirs) {
                return false;
            }
        } else if meta.is_file()
            && old(&meta)
            && matches!(first_line_has_marker(&path), Ok(Some(true)))
        {
            files.push(path);
        } else {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::is_staging_name;

    #[test]
    fn only_our_exact_staging_names_count() {
        assert!(is_staging_name(".gen.asyncapi-codegen-12-0.tmp", "gen"));
        assert!(!is_staging_name(".gen.asyncapi-codegen-12-0.tmp", "ge"));
        assert!(!is_staging_name(".gen.asyncapi-codegen-12.tmp", "gen"));
        assert!(!is_staging_name(".gen.asyncapi-codegen-1x-0.tmp", "gen"));
        assert!(!is_staging_name(".gen.asyncapi-codegen--0.tmp", "gen"));
        assert!(!is_staging_name("gen.asyncapi-codegen-12-0.tmp", "gen"));
        assert!(!is_staging_name(
            ".gen.asyncapi-codegen-12-0.tmp.bak",
            "gen"
        ));
    }
}
