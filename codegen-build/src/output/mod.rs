//! Writing generated files into an output directory: all or nothing, only what changed,
//! and stale generated files removed.
//!
//! Public: [`Written`] and [`Plan`] are what [`crate::Config::generate`] and
//! [`crate::Config::check`] report per directory, and [`write()`] puts files you generated
//! yourself (say with other [`asyncapi_codegen_core::emit::typescript`] options) under the
//! same rules.
//!
//! Generation happens in memory first. [`plan`] then compares the generated files with the
//! directory without changing anything, and [`Plan::commit`] applies the differences.
//! `asyncapi-codegen check` stops after [`plan`], so the check and the write can never
//! disagree.
//!
//! # Rules
//! - Every generated file starts with a comment that carries
//!   [`GENERATED_MARKER`] on its first line. Files
//!   without the marker belong to the user: they are never modified or deleted, and a
//!   generated file that would replace one is an error, not an overwrite.
//! - A file is written only when its bytes differ from what is on disk, so its mtime (and a
//!   frontend dev server watching it) is left alone otherwise.
//! - A file below the output directory (searched recursively, symbolic links not followed,
//!   `node_modules` and `.git` skipped) that carries the marker but is no longer generated
//!   is stale and is removed, as are the directories that removal leaves empty. The output
//!   directory itself is kept.
//! - Nothing is written outside the output directory: generated paths that are empty,
//!   absolute, contain `.`/`..`/empty segments, backslashes, `:` or NUL are rejected, and
//!   symbolic links below the output directory are never written through.
//!
//! # What "all or nothing" means here
//! - Any problem found while planning (a bad path, a hand-written file in the way, an
//!   unreadable file) is reported before anything on disk changes.
//! - An output directory that does not exist yet is written whole into one staging
//!   directory beside it (`.<name>.asyncapi-codegen-<pid>-<n>.tmp/`, on the same file
//!   system), which is then renamed to the output path in one atomic step: a reader sees no
//!   directory or the complete one, even if the process is killed. Missing ancestors of the
//!   output directory are created first. On any error the staging directory and the
//!   ancestors created for the run are removed again. If the output directory appeared
//!   meanwhile (a concurrent run got there first), the staging directory is discarded and
//!   the run compares with what is there, as below. A staging directory left by a killed
//!   run is removed by a later run once it is ten minutes old, and only when it holds
//!   nothing but directories and marked files. An output directory that exists but is
//!   empty is the user's, so it is filled as below rather than replaced.
//! - When committing into an existing directory, every new or changed file is first
//!   written in full to a temporary file next to its target
//!   (`.<name>.asyncapi-codegen-<pid>-<n>.tmp`). Temporary files carry the marker, so one
//!   left by a killed process is removed as stale by a later run once it is ten minutes
//!   old (younger ones may belong to a run going on right now). Only when all of them are
//!   written are they renamed over their targets, one by one; a rename is atomic, so a
//!   reader (a dev server watching the files) sees the old file or the new one, never a
//!   mix.
//! - If an I/O error happens after the first rename, the files already replaced get their
//!   previous bytes back, files already created or removed are removed or restored, and
//!   directories created for the run are removed. The error says so, and names any file
//!   that could not be restored. A restored file has its old content but a new mtime.
//! - Two runs on one directory at the same time (cargo and rust-analyzer running the same
//!   build script) write the same bytes under different temporary names; a stale file one
//!   of them already removed counts as removed.
//! - Not covered: the process being killed (or the machine losing power) in the middle of
//!   the renames leaves some files new and some old. The next run finishes the job.

mod commit;
mod fresh;
mod plan;
mod temp;

pub use commit::Written;
pub use plan::{plan, Change, ChangeKind, Plan};

use crate::error::OutputError;
use asyncapi_codegen_core::emit::GeneratedFile;
use std::path::Path;

pub use asyncapi_codegen_core::emit::GENERATED_MARKER;

/// Plans and commits in one step: the directory ends up holding exactly `files` plus the
/// user's own files, or is left as it was and the error says why.
pub fn write(dir: &Path, files: &[GeneratedFile]) -> Result<Written, OutputError> {
    // Straight from `files` when the directory is new: a plan would copy every file.
    let files = plan::check_generated(dir, files)?;
    match fresh::write(dir, &files)? {
        Some(written) => Ok(written),
        None => plan::plan_checked(dir, &files)?.commit(),
    }
}

/// [`write()`] for files that `generate` produces: when `dir` does not exist yet, each file is
/// written (into the staging directory) as soon as `generate` hands it to the callback it is
/// given, so that writing overlaps rendering. Every rule of [`write()`] holds: if `generate`
/// fails, or any file turns out to be wrong, nothing is left behind. When `dir` exists, the
/// files are generated first and then compared with it as [`write()`] does.
///
/// `generate` must return every file it generated (whether or not it handed it over).
pub(crate) fn write_while_generating<E: From<OutputError>>(
    dir: &Path,
    generate: impl FnOnce(&(dyn Fn(&GeneratedFile) + Sync)) -> Result<Vec<GeneratedFile>, E>,
) -> Result<Written, E> {
    let Some(staging) = fresh::Staging::begin(dir)? else {
        let files = generate(&|_| {})?;
        return Ok(write(dir, &files)?);
    };
    let files = match generate(&|file| staging.add(&file.path, file.contents.as_bytes())) {
        Ok(files) => files,
        Err(err) => {
            // Nothing of this run may stay; the generator's error is the one to report.
            staging.discard();
            return Err(err);
        }
    };
    let checked = match plan::check_generated(dir, &files) {
        Ok(checked) => checked,
        Err(err) => return Err(staging.abandon(err).into()),
    };
    match staging.finish(&checked)? {
        Some(written) => Ok(written),
        None => Ok(plan::plan_checked(dir, &checked)?.commit()?),
    }
}

/// True when the first line of `bytes` carries [`GENERATED_MARKER`].
pub(crate) fn has_marker(bytes: &[u8]) -> bool {
    let first_line = match bytes.iter().position(|&b| b == b'\n') {
        Some(end) => &bytes[..end],
        None => bytes,
    };
    let marker = GENERATED_MARKER.as_bytes();
    first_line.windows(marker.len()).any(|w| w == marker)
}

#[cfg(test)]
mod tests;
