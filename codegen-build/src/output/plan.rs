//! Comparing generated files with an output directory, without changing it.

use super::has_marker;
use crate::error::OutputError;
use asyncapi_codegen_core::emit::GeneratedFile;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// What will happen to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// Generated, not on disk yet (`check` reports it as missing).
    Create,
    /// Generated, on disk with different bytes (`check` reports it as differing).
    Update,
    /// On disk with the marker but no longer generated (`check` reports it as stale).
    Remove,
}

impl ChangeKind {
    /// The word `asyncapi-codegen check` uses for this change.
    pub fn drift_label(self) -> &'static str {
        match self {
            ChangeKind::Create => "missing",
            ChangeKind::Update => "differs",
            ChangeKind::Remove => "stale",
        }
    }
}

/// One file that differs between the generated set and the directory.
#[derive(Debug, Clone)]
pub struct Change {
    pub(super) rel: PathBuf,
    pub(super) display: String,
    pub(super) kind: ChangeKind,
    /// The bytes to write (`Create`, `Update`).
    pub(super) contents: Option<Vec<u8>>,
    /// The bytes on disk now (`Update`, `Remove`), kept to roll back.
    pub(super) previous: Option<Vec<u8>>,
    /// The permissions on disk now (`Update`), carried over to the new file.
    pub(super) permissions: Option<fs::Permissions>,
}

impl Change {
    /// The path relative to the output directory, `/`-separated.
    pub fn path(&self) -> &str {
        &self.display
    }

    /// What will happen to it.
    pub fn kind(&self) -> ChangeKind {
        self.kind
    }
}

/// The differences between a set of generated files and an output directory.
#[derive(Debug, Clone)]
pub struct Plan {
    pub(super) dir: PathBuf,
    pub(super) dir_exists: bool,
    pub(super) changes: Vec<Change>,
    pub(super) unchanged: Vec<String>,
}

impl Plan {
    /// The output directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every file to create, update or remove, sorted by path.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The generated files already on disk with the right bytes, sorted.
    pub fn unchanged(&self) -> &[String] {
        &self.unchanged
    }

    /// True when the directory already holds exactly what would be written.
    pub fn is_up_to_date(&self) -> bool {
        self.changes.is_empty()
    }
}

/// Compares `files` with the directory `dir` (which need not exist) and returns what
/// [`Plan::commit`] would do. Reads the directory, never changes it.
///
/// Fails when a generated path is not a plain relative path, when two generated files
/// collide, when a generated file lacks the marker, when a file without the marker (or a
/// directory, or a symbolic link) is where a generated file must go, or on an I/O error.
pub fn plan(dir: &Path, files: &[GeneratedFile]) -> Result<Plan, OutputError> {
    plan_checked(dir, &check_generated(dir, files)?)
}

/// [`plan`] for files that passed [`check_generated`]: bytes keyed by path.
pub(super) fn plan_checked(
    dir: &Path,
    generated: &BTreeMap<&str, &[u8]>,
) -> Result<Plan, OutputError> {
    let dir_exists = match fs::metadata(dir) {
        Ok(m) if m.is_dir() => true,
        Ok(_) => {
            return Err(OutputError::new(
                dir.to_path_buf(),
                "the output path exists but is not a directory",
                "point the output at a directory, or move that file away",
            ))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => {
            return Err(OutputError::io(
                dir.to_path_buf(),
                "read the output directory",
                e,
            ))
        }
    };

    // Reading what is on disk is most of a no-change rebuild, and the files are independent:
    // read them on every core, then decide in path order so the first error is the same.
    let generated: Vec<(&str, &[u8])> = generated.iter().map(|(r, b)| (*r, *b)).collect();
    let existing = if dir_exists {
        asyncapi_codegen_core::parallel::map(&generated, 32, |(rel, _)| existing_file(dir, rel))
    } else {
        Vec::new()
    };
    let mut existing = existing.into_iter();

    let mut changes = Vec::new();
    let mut unchanged = Vec::new();
    for &(rel, new) in &generated {
        let existing = match existing.next() {
            Some(found) => found?,
            None => None,
        };
        match existing {
            None => changes.push(Change {
                rel: rel_path(rel),
                display: rel.to_string(),
                kind: ChangeKind::Create,
                contents: Some(new.to_vec()),
                previous: None,
                permissions: None,
            }),
            Some(old) if old.bytes == new => unchanged.push(rel.to_string()),
            Some(old) => {
                if !has_marker(&old.bytes) {
                    return Err(OutputError::new(
                        dir.join(rel_path(rel)),
                        format!(
                            "a file without the `{}` marker is in the way of the generated file `{rel}`",
                            super::GENERATED_MARKER
                        ),
                        "it looks hand-written, so it is not overwritten: move or delete it, \
                         or choose another output directory",
                    ));
                }
                changes.push(Change {
                    rel: rel_path(rel),
                    display: rel.to_string(),
                    kind: ChangeKind::Update,
                    contents: Some(new.to_vec()),
                    previous: Some(old.bytes),
                    permissions: Some(old.permissions),
                })
            }
        }
    }

    if dir_exists {
        let keep: BTreeSet<PathBuf> = generated.iter().map(|(r, _)| rel_path(r)).collect();
        find_stale(dir, Path::new(""), &keep, &mut changes)?;
    }
    changes.sort_by(|a, b| a.display.cmp(&b.display));

    Ok(Plan {
        dir: dir.to_path_buf(),
        dir_exists,
        changes,
        unchanged,
    })
}

/// Checks every generated path and contents, and returns the contents keyed by path.
pub(super) fn check_generated<'a>(
    dir: &Path,
    files: &'a [GeneratedFile],
) -> Result<BTreeMap<&'a str, &'a [u8]>, OutputError> {
    let bad = |what: String| {
        OutputError::new(
            dir.to_path_buf(),
            what,
            "this is a bug in the generator; please report it with the AsyncAPI document",
        )
    };
    let mut by_path = BTreeMap::new();
    for file in files {
        if let Err(reason) = check_relative_path(&file.path) {
            return Err(bad(format!(
                "refusing the generated path {:?}: {reason}",
                file.path
            )));
        }
        if !has_marker(file.contents.as_bytes()) {
            return Err(bad(format!(
                "the generated file `{}` does not carry `{}` on its first line",
                file.path,
                super::GENERATED_MARKER
            )));
        }
        if by_path
            .insert(file.path.as_str(), file.contents.as_bytes())
            .is_some()
        {
            return Err(bad(format!("the file `{}` is generated twice", file.path)));
        }
    }
    // `a/b` as a file and `a/b/c.ts` below it cannot both exist.
    for path in by_path.keys() {
        for (i, _) in path.match_indices('/') {
            if by_path.contains_key(&path[..i]) {
                return Err(bad(format!(
                    "`{}` is generated as a file and as the directory of `{path}`",
                    &path[..i]
                )));
            }
        }
    }
    Ok(by_path)
}

/// A generated path must stay inside the output directory on every platform.
pub(super) fn check_relative_path(path: &str) -> Result<(), &'static str> {
    if path.is_empty() {
        return Err("it is empty");
    }
    if path.contains('\0') {
        return Err("it contains NUL");
    }
    if path.contains('\\') {
        return Err("it contains a backslash (generated paths are `/`-separated)");
    }
    if path.contains(':') {
        return Err("it contains `:` (a drive or stream name on Windows)");
    }
    if path.starts_with('/') || Path::new(path).has_root() {
        return Err("it is absolute");
    }
    for segment in path.split('/') {
        match segment {
            "" => return Err("it has an empty segment"),
            "." => return Err("it contains `.`"),
            ".." => return Err("it contains `..`"),
            _ => {}
        }
    }
    Ok(())
}

/// A checked generated path as a relative path of this platform.
pub(super) fn rel_path(rel: &str) -> PathBuf {
    rel.split('/').collect()
}

/// A file already at a generated path.
struct ExistingFile {
    bytes: Vec<u8>,
    /// Kept when the file is replaced.
    permissions: fs::Permissions,
}

/// The file at `dir/rel`, `None` when it does not exist. Errors when something other than
/// a plain file, or a symbolic link, is in the way.
fn existing_file(dir: &Path, rel: &str) -> Result<Option<ExistingFile>, OutputError> {
    let segments: Vec<&str> = rel.split('/').collect();
    let mut path = dir.to_path_buf();
    for (i, segment) in segments.iter().enumerate() {
        path.push(segment);
        let is_last = i + 1 == segments.len();
        let meta = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(OutputError::io(path, "read", e)),
        };
        if meta.file_type().is_symlink() {
            return Err(OutputError::new(
                path,
                format!("is a symbolic link, and the generated file `{rel}` would be written through it"),
                "generated files are never written through links: replace the link with a directory or file, or point the output at the real directory",
            ));
        }
        if is_last {
            if meta.is_dir() {
                return Err(OutputError::new(
                    path,
                    format!("is a directory, but the generated file `{rel}` has this path"),
                    "move or delete the directory",
                ));
            }
            return match unless_gone(fs::read(&path)) {
                Ok(bytes) => Ok(bytes.map(|bytes| ExistingFile {
                    bytes,
                    permissions: meta.permissions(),
                })),
                Err(e) => Err(OutputError::io(path, "read", e)),
            };
        }
        if !meta.is_dir() {
            return Err(OutputError::new(
                path,
                format!("is a file, but the generated file `{rel}` goes below it"),
                "move or delete the file",
            ));
        }
    }
    Ok(None)
}

/// Directories never searched for stale files: they are not ours and can be huge.
const SKIPPED_DIRS: &[&str] = &["node_modules", ".git"];

/// Adds a `Remove` for every file below `dir/rel` that carries the marker and is not in
/// `keep`. Symbolic links are neither followed nor removed.
fn find_stale(
    dir: &Path,
    rel: &Path,
    keep: &BTreeSet<PathBuf>,
    out: &mut Vec<Change>,
) -> Result<(), OutputError> {
    // Entries that vanish while we look were removed by a concurrent run: skip them.
    let here = dir.join(rel);
    let list = |e| OutputError::io(here.clone(), "list", e);
    let Some(read) = unless_gone(fs::read_dir(&here)).map_err(list)? else {
        return Ok(());
    };
    let mut entries = Vec::new();
    for entry in read {
        let entry = entry.map_err(list)?;
        let file_type =
            unless_gone(entry.file_type()).map_err(|e| OutputError::io(entry.path(), "read", e))?;
        if let Some(file_type) = file_type {
            entries.push((entry.file_name(), file_type));
        }
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, file_type) in entries {
        let child = rel.join(&name);
        if file_type.is_dir() {
            // A fresh staging directory belongs to a run going on right now (one writing an
            // output directory nested in this one); an old one is a leftover and its
            // marked files are stale like any other.
            let skipped = SKIPPED_DIRS.iter().any(|s| name == *s)
                || super::temp::is_fresh(&name, &dir.join(&child));
            if !skipped {
                find_stale(dir, &child, keep, out)?;
            }
        } else if file_type.is_file() && !keep.contains(&child) {
            let path = dir.join(&child);
            if super::temp::is_fresh(&name, &path) {
                continue;
            }
            if first_line_has_marker(&path)? != Some(true) {
                continue;
            }
            let read = unless_gone(fs::read(&path));
            if let Some(previous) = read.map_err(|e| OutputError::io(path.clone(), "read", e))? {
                out.push(Change {
                    display: slash_path(&child),
                    rel: child,
                    kind: ChangeKind::Remove,
                    contents: None,
                    previous: Some(previous),
                    permissions: None,
                });
            }
        }
    }
    Ok(())
}

/// `Ok(None)` for a file or directory that does not exist (any more).
fn unless_gone<T>(result: io::Result<T>) -> io::Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Reads no more than the first line (up to 4 KiB) to decide whether a file is ours;
/// `None` when the file is gone.
pub(super) fn first_line_has_marker(path: &Path) -> Result<Option<bool>, OutputError> {
    const LIMIT: usize = 4096;
    let file = unless_gone(fs::File::open(path));
    let Some(mut file) = file.map_err(|e| OutputError::io(path.to_path_buf(), "read", e))? else {
        return Ok(None);
    };
    let mut buf = vec![0u8; LIMIT];
    let mut len = 0;
    while len < LIMIT && !buf[..len].contains(&b'\n') {
        match file.read(&mut buf[len..]) {
            Ok(0) => break,
            Ok(n) => len += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(OutputError::io(path.to_path_buf(), "read", e)),
        }
    }
    Ok(Some(has_marker(&buf[..len])))
}

fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
