//! The parsed model, cached per compiler process.
//!
//! rustc runs every `asyncapi!` invocation of a crate in one process, and rust-analyzer
//! keeps its proc-macro server alive for a whole session, so each spec is parsed once and
//! reused while none of its files changed. The key is the canonical path of the root file;
//! an entry is valid while the modification time of *every* file it read (`$ref` targets
//! too) is unchanged.
//!
//! [`parse_count`] tells how many times a spec was actually parsed in this process. Setting
//! `ASYNCAPI_MACRO_DEBUG=1` makes the macro print one line to stderr per parse and per
//! cache hit, which is how the benchmark shows "parsed once per compiler process".

use crate::diag::Error;
use crate::model::Model;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Instant, SystemTime};

/// The environment variable that turns on the parse/cache-hit notes.
pub const DEBUG_VAR: &str = "ASYNCAPI_MACRO_DEBUG";

struct Entry {
    stamps: Vec<(PathBuf, Option<SystemTime>)>,
    model: Arc<Model>,
}

static CACHE: LazyLock<Mutex<HashMap<PathBuf, Entry>>> = LazyLock::new(Default::default);
static PARSES: AtomicUsize = AtomicUsize::new(0);

/// How many times a spec was parsed (not served from the cache) in this process.
pub fn parse_count() -> usize {
    PARSES.load(Ordering::SeqCst)
}

fn mtime(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// True when `ASYNCAPI_MACRO_DEBUG` asks for the notes.
pub fn debug_enabled() -> bool {
    std::env::var_os(DEBUG_VAR).is_some_and(|v| !v.is_empty() && v != "0")
}

/// The model of the spec at `path` (canonical), parsed now or taken from the cache.
/// Errors are not cached: a failing build runs the macro again anyway.
pub fn load(
    path: &Path,
    load: impl FnOnce(&Path) -> Result<Model, Error>,
) -> Result<Arc<Model>, Error> {
    // A panic elsewhere while the lock was held leaves data that is still a valid map.
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(entry) = cache.get(path) {
        if entry
            .stamps
            .iter()
            .all(|(file, stamp)| mtime(file) == *stamp)
        {
            if debug_enabled() {
                eprintln!(
                    "asyncapi!: cache hit for {} (parses in this process: {})",
                    path.display(),
                    parse_count()
                );
            }
            return Ok(Arc::clone(&entry.model));
        }
    }
    // Stamp before reading, so an edit during the read makes the entry stale, not wrong.
    let root_stamp = mtime(path);
    let started = Instant::now();
    let model = load(path)?;
    let count = PARSES.fetch_add(1, Ordering::SeqCst) + 1;
    if debug_enabled() {
        eprintln!(
            "asyncapi!: parsed {} in {} ms (parse #{count} in this process)",
            path.display(),
            started.elapsed().as_millis()
        );
    }
    let mut stamps = vec![(path.to_path_buf(), root_stamp)];
    stamps.extend(
        model
            .files
            .iter()
            .filter(|f| f.as_path() != path)
            .map(|f| (f.clone(), mtime(f))),
    );
    let model = Arc::new(model);
    cache.insert(
        path.to_path_buf(),
        Entry {
            stamps,
            model: Arc::clone(&model),
        },
    );
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty_model(files: Vec<PathBuf>) -> Model {
        Model {
            asyncapi: "3.0.0".into(),
            title: "t".into(),
            version: "1".into(),
            description: None,
            default_content_type: None,
            servers: Vec::new(),
            channels: Vec::new(),
            operations: Vec::new(),
            messages: Vec::new(),
            types: Default::default(),
            files,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn a_spec_is_parsed_once_until_one_of_its_files_changes() {
        let dir = std::env::temp_dir().join(format!("asyncapi-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let root = dir.join("root.yaml");
        let part = dir.join("part.yaml");
        std::fs::write(&root, "a").unwrap();
        std::fs::write(&part, "b").unwrap();
        let mut calls = 0;
        let files = vec![root.clone(), part.clone()];
        for _ in 0..3 {
            load(&root, |_| {
                calls += 1;
                Ok(empty_model(files.clone()))
            })
            .unwrap();
        }
        assert_eq!(calls, 1);
        // Change the referenced file's mtime: the entry is stale.
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        std::fs::File::options()
            .write(true)
            .open(&part)
            .unwrap()
            .set_modified(later)
            .unwrap();
        load(&root, |_| {
            calls += 1;
            Ok(empty_model(files.clone()))
        })
        .unwrap();
        assert_eq!(calls, 2);
        assert!(parse_count() >= 2);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
