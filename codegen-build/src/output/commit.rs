//! Applying a [`Plan`]: stage every file, rename them into place, remove stale ones, and
//! undo what was done if an I/O error stops us halfway. An output directory that does not
//! exist yet is written by [`super::fresh`] instead.

use super::fresh;
use super::plan::{plan_checked, ChangeKind, Plan};
use super::temp::{self, temp_path};
use crate::error::OutputError;
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// What [`Plan::commit`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// The output directory.
    pub dir: PathBuf,
    /// Files that did not exist, `/`-separated paths relative to `dir`, sorted.
    pub created: Vec<String>,
    /// Files whose bytes changed.
    pub updated: Vec<String>,
    /// Stale generated files removed.
    pub removed: Vec<String>,
    /// Generated files left untouched because their bytes were already right.
    pub unchanged: Vec<String>,
}

impl Written {
    /// True when nothing on disk changed.
    pub fn is_noop(&self) -> bool {
        self.created.is_empty() && self.updated.is_empty() && self.removed.is_empty()
    }
}

/// What has been done so far, to undo it.
#[derive(Default)]
struct Journal {
    /// Directories this run created, outermost first.
    created_dirs: Vec<PathBuf>,
    /// Temporary files written, in rename order.
    staged: Vec<Staged>,
    /// How many of `staged` have been renamed into place.
    renamed: usize,
    /// Changes whose stale file has been removed.
    removed: Vec<usize>,
}

/// A changed file written in full to a temporary file next to its target.
struct Staged {
    /// Index of the change in the plan's changes.
    change: usize,
    /// The temporary file, renamed over the target in step 2.
    temp: PathBuf,
}

impl Plan {
    /// Applies the plan. On error the directory is restored as described in
    /// [`crate::output`], and the error says whether that worked.
    pub fn commit(self) -> Result<Written, OutputError> {
        if self.dir_exists {
            return self.commit_in_place();
        }
        // Every change is a `Create` of checked bytes.
        let files: BTreeMap<&str, &[u8]> = self
            .changes
            .iter()
            .filter_map(|c| Some((c.display.as_str(), c.contents.as_deref()?)))
            .collect();
        match fresh::write(&self.dir, &files)? {
            Some(written) => Ok(written),
            // Something appeared at the output path since planning (a concurrent run that
            // won, typically): compare with it, which usually finds nothing to do.
            None => plan_checked(&self.dir, &files)?.commit_in_place(),
        }
    }

    /// Applies the plan file by file, each new file renamed into place.
    fn commit_in_place(self) -> Result<Written, OutputError> {
        temp::remove_leftover_staging(&self.dir);
        let mut journal = Journal::default();
        match self.apply(&mut journal) {
            Ok(()) => {
                self.remove_emptied_dirs();
                Ok(self.summary())
            }
            Err(err) => Err(self.roll_back(&journal, err)),
        }
    }

    fn target(&self, index: usize) -> PathBuf {
        self.dir.join(&self.changes[index].rel)
    }

    fn apply(&self, journal: &mut Journal) -> Result<(), OutputError> {
        if !self.dir_exists {
            create_dirs(&self.dir, &mut journal.created_dirs)?;
        }
        // 1. Write every new file next to its target; nothing visible changes yet.
        //    (Writing on several threads was measured: file creation is bound by the file
        //    system's journal, not the CPU, so it gained nothing.)
        let mut last_parent: Option<&Path> = None;
        for (index, change) in self.changes.iter().enumerate() {
            let Some(contents) = &change.contents else {
                continue;
            };
            let target = self.target(index);
            // Changes are sorted by path, so a directory's files are mostly adjacent: check
            // each directory once rather than once per file (a repeat is harmless).
            let parent = change.rel.parent();
            if last_parent != parent {
                create_dirs(
                    target.parent().expect("a generated path has a parent"),
                    &mut journal.created_dirs,
                )?;
                last_parent = parent;
            }
            let temp = temp_path(&target);
            write_new(&temp, contents, change.permissions.as_ref())
                .map_err(|e| OutputError::io(temp.clone(), "write", e))?;
            journal.staged.push(Staged {
                change: index,
                temp,
            });
        }
        // 2. Rename them into place, each one atomically.
        while let Some(staged) = journal.staged.get(journal.renamed) {
            let target = self.target(staged.change);
            fs::rename(&staged.temp, &target)
                .map_err(|e| OutputError::io(target.clone(), "replace", e))?;
            journal.renamed += 1;
        }
        // 3. Remove stale files (their bytes are kept in the plan to restore them).
        for (index, change) in self.changes.iter().enumerate() {
            if change.kind == ChangeKind::Remove {
                let target = self.target(index);
                match fs::remove_file(&target) {
                    Ok(()) => journal.removed.push(index),
                    // Gone already (a concurrent run, such as rust-analyzer's build of the
                    // same build script): that is the outcome we wanted.
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => {
                        return Err(OutputError::io(target, "remove the stale file", e));
                    }
                }
            }
        }
        Ok(())
    }

    /// Undoes `journal` and returns `err` with a note on the outcome.
    fn roll_back(&self, journal: &Journal, err: OutputError) -> OutputError {
        let mut failed = Vec::new();
        for &index in journal.removed.iter().rev() {
            let target = self.target(index);
            let previous = self.changes[index].previous.as_deref().unwrap_or_default();
            if let Err(e) = write_new(&target, previous, None) {
                failed.push(format!("{} ({e})", target.display()));
            }
        }
        for staged in journal.staged[..journal.renamed].iter().rev() {
            let change = &self.changes[staged.change];
            let target = self.target(staged.change);
            let restored = match &change.previous {
                Some(previous) => replace(&target, previous, change.permissions.as_ref()),
                None => fs::remove_file(&target),
            };
            if let Err(e) = restored {
                failed.push(format!("{} ({e})", target.display()));
            }
        }
        for staged in &journal.staged[journal.renamed..] {
            // A leftover carries the marker, so the next run removes it as stale anyway.
            let _ = fs::remove_file(&staged.temp);
        }
        for dir in journal.created_dirs.iter().rev() {
            if let Err(e) = fs::remove_dir(dir) {
                failed.push(format!("{} ({e})", dir.display()));
            }
        }
        let note = if failed.is_empty() {
            "the output directory was left as it was".to_string()
        } else {
            format!(
                "these could not be restored and may hold new or missing content: {}; run the generation again once the cause is fixed",
                failed.join(", ")
            )
        };
        err.with_note(note)
    }

    /// Removes the directories that removing stale files left empty, deepest first. The
    /// output directory itself stays. Best effort: an empty directory left behind is harmless.
    fn remove_emptied_dirs(&self) {
        let mut dirs: Vec<&Path> = self
            .changes
            .iter()
            .filter(|c| c.kind == ChangeKind::Remove)
            .flat_map(|c| c.rel.ancestors().skip(1))
            .filter(|d| !d.as_os_str().is_empty())
            .collect();
        dirs.sort_by(|a, b| {
            b.components()
                .count()
                .cmp(&a.components().count())
                .then(a.cmp(b))
        });
        dirs.dedup();
        for dir in dirs {
            let path = self.dir.join(dir);
            let empty = fs::read_dir(&path).is_ok_and(|mut entries| entries.next().is_none());
            if empty {
                let _ = fs::remove_dir(&path);
            }
        }
    }

    fn summary(&self) -> Written {
        let mut written = Written {
            dir: self.dir.clone(),
            unchanged: self.unchanged.clone(),
            ..Written::default()
        };
        for change in &self.changes {
            let list = match change.kind {
                ChangeKind::Create => &mut written.created,
                ChangeKind::Update => &mut written.updated,
                ChangeKind::Remove => &mut written.removed,
            };
            list.push(change.display.clone());
        }
        written
    }
}

/// Creates `dir` and its missing ancestors, adding each one created to `created`, outermost
/// first.
pub(super) fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> Result<(), OutputError> {
    let mut missing = Vec::new();
    let mut current = Some(dir);
    while let Some(path) = current {
        if path.as_os_str().is_empty() || path.exists() {
            break;
        }
        missing.push(path.to_path_buf());
        current = path.parent();
    }
    for path in missing.into_iter().rev() {
        match fs::create_dir(&path) {
            Ok(()) => created.push(path),
            // Created meanwhile by a concurrent run: use it, but it is not ours to remove.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && path.is_dir() => {}
            Err(e) => return Err(OutputError::io(path, "create the directory", e)),
        }
    }
    Ok(())
}

/// Writes a file that must not exist yet.
pub(super) fn write_new(
    path: &Path,
    bytes: &[u8],
    permissions: Option<&fs::Permissions>,
) -> io::Result<()> {
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)?;
    if let Some(permissions) = permissions {
        file.set_permissions(permissions.clone())?;
    }
    Ok(())
}

/// Replaces `target` atomically with `bytes`.
fn replace(target: &Path, bytes: &[u8], permissions: Option<&fs::Permissions>) -> io::Result<()> {
    let temp = temp_path(target);
    write_new(&temp, bytes, permissions)?;
    fs::rename(&temp, target).inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })
}
