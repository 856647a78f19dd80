//! Writing an output directory that does not exist yet: every file is created in one staging
//! directory beside it, which is then renamed into place in one step.
//!
//! On a directory that is not there yet, the per-file temporary and rename of
//! [`Plan::commit`](super::Plan::commit) protect no reader, yet the renames cost about as
//! much as creating the files. One rename of the whole tree is cheaper and stronger: a
//! reader sees no directory or the complete one.
//!
//! An output directory that exists but is empty still goes file by file: renaming our
//! directory over it would swap the user's directory (its owner, mode, ACLs, and any
//! file-system watch on it) for ours, and Windows cannot rename over a directory at all.

use super::commit::{create_dirs, write_new};
use super::plan::rel_path;
use super::temp::{self, temp_path};
use super::Written;
use crate::error::OutputError;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Files per writing thread below which one thread writes them all.
const MIN_FILES_PER_THREAD: usize = 64;

/// Writes `files` (checked, keyed by path) as the new directory `dir`, creating its missing
/// ancestors. `Ok(None)` when `dir` exists (or appeared meanwhile, from a concurrent run),
/// or this way cannot be taken: nothing is left behind and the caller compares with the
/// directory file by file instead. On error nothing is left behind either: no staging
/// directory, no ancestor created for the run.
pub(super) fn write(
    dir: &Path,
    files: &BTreeMap<&str, &[u8]>,
) -> Result<Option<Written>, OutputError> {
    let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
        return Ok(None);
    };
    // `dir` without a trailing `/` or `/.`, so that the rename lands on the name itself.
    let target = parent.join(name);
    match fs::symlink_metadata(&target) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        // A directory, a file or a link (even a dangling one) is there, or we cannot tell:
        // the file-by-file way decides, and reports what is wrong.
        _ => return Ok(None),
    }
    temp::remove_leftover_staging(&target);

    let mut created = Vec::new();
    if !parent.as_os_str().is_empty() {
        if let Err(err) = create_dirs(parent, &mut created) {
            return Err(undo(None, &created, err));
        }
    }
    let staging = temp_path(&target);
    if fs::create_dir(&staging).is_err() {
        // A name made too long by the prefix, say. The file-by-file way either works or
        // reports the cause on the output directory itself.
        clean_up(None, &created);
        return Ok(None);
    }
    if let Err(err) = fill(&staging, dir, files) {
        return Err(undo(Some(&staging), &created, err));
    }
    // On Unix the rename also replaces an empty directory that appeared meanwhile; it held
    // nothing, so nothing is lost. Anything else there makes it fail.
    if let Err(e) = fs::rename(&staging, &target) {
        if fs::symlink_metadata(&target).is_ok() {
            // Another run (cargo and rust-analyzer building the same build script) got
            // there first. A staging directory that cannot be removed is a leftover that a
            // later run removes.
            let _ = fs::remove_dir_all(&staging);
            return Ok(None);
        }
        let err = OutputError::io(dir.to_path_buf(), "move the staged files into place", e);
        return Err(undo(Some(&staging), &created, err));
    }
    Ok(Some(Written {
        dir: dir.to_path_buf(),
        created: files.keys().map(|rel| rel.to_string()).collect(),
        ..Written::default()
    }))
}

/// Creates every directory and file below `staging`. Errors name the path in `dir` that the
/// file was written for.
fn fill(staging: &Path, dir: &Path, files: &BTreeMap<&str, &[u8]>) -> Result<(), OutputError> {
    // A path sorts before every path below it, so parents are created before children.
    let mut dirs = BTreeSet::new();
    for rel in files.keys() {
        dirs.extend(rel.match_indices('/').map(|(i, _)| &rel[..i]));
    }
    for rel in dirs {
        let rel = rel_path(rel);
        fs::create_dir(staging.join(&rel))
            .map_err(|e| OutputError::io(dir.join(&rel), "create the directory", e))?;
    }
    // Creating a file is mostly kernel work, which runs on every core even within one
    // directory: two threads took writing 2008 files (15 MB) from 58 to 39 ms here.
    let files: Vec<(&str, &[u8])> = files.iter().map(|(rel, bytes)| (*rel, *bytes)).collect();
    codegen_core::parallel::map(&files, MIN_FILES_PER_THREAD, |&(rel, bytes)| {
        let rel = rel_path(rel);
        write_new(&staging.join(&rel), bytes, None)
            .map_err(|e| OutputError::io(dir.join(&rel), "write", e))
    })
    .into_iter()
    .collect()
}

/// [`clean_up`], and returns `err` with a note on the outcome.
fn undo(staging: Option<&Path>, created: &[PathBuf], err: OutputError) -> OutputError {
    let failed = clean_up(staging, created);
    let note = if failed.is_empty() {
        "nothing was created".to_string()
    } else {
        format!(
            "these were created for the run and could not be removed: {}",
            failed.join(", ")
        )
    };
    let help = if err.help.is_empty() {
        note
    } else {
        format!("{}; {note}", err.help)
    };
    err.with_help(help)
}

/// Removes the staging directory and the ancestors created for the run (innermost first);
/// returns what could not be removed, with the reason.
fn clean_up(staging: Option<&Path>, created: &[PathBuf]) -> Vec<String> {
    let mut failed = Vec::new();
    if let Some(staging) = staging {
        if let Err(e) = fs::remove_dir_all(staging) {
            failed.push(format!("{} ({e})", staging.display()));
        }
    }
    for dir in created.iter().rev() {
        match fs::remove_dir(dir) {
            Ok(()) => {}
            // A concurrent run put its output below it: it is that run's now.
            Err(e) if e.kind() == io::ErrorKind::DirectoryNotEmpty => {}
            Err(e) => failed.push(format!("{} ({e})", dir.display())),
        }
    }
    failed
}
