//! What the fuzz targets share: in-memory document sets and the properties every
//! generation must have. A property that does not hold panics, which libFuzzer reports as
//! a finding (with the input saved under `artifacts/`).

use asyncapi_codegen_core::emit::rust::RustOptions;
use asyncapi_codegen_core::emit::typescript::TypeScriptOptions;
use asyncapi_codegen_core::load::Sources;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The paths of the in-memory files a `ref_resolution` input is cut into, in order: the
/// root first, then files a relative `$ref` can reach from it (beside it, below it, above
/// it, and JSON).
pub const FILE_NAMES: [&str; 5] = [
    "spec/asyncapi.yaml",
    "spec/a.yaml",
    "spec/sub/b.yaml",
    "spec/schemas.json",
    "shared.yaml",
];

/// Cuts `data` at NUL bytes (which no document may hold) into the files of [`FILE_NAMES`].
pub fn split_files(data: &[u8]) -> HashMap<PathBuf, Vec<u8>> {
    data.split(|&b| b == 0)
        .zip(FILE_NAMES)
        .map(|(bytes, name)| (PathBuf::from(name), bytes.to_vec()))
        .collect()
}

/// A reader over in-memory files, for `Sources::load_with`.
pub fn reader(files: &HashMap<PathBuf, Vec<u8>>) -> impl Fn(&Path) -> Result<Vec<u8>, String> + '_ {
    move |path| {
        files
            .get(path)
            .cloned()
            .ok_or_else(|| "No such file or directory (os error 2)".to_string())
    }
}

/// Loads the document set, normalises it and, if it is usable, runs both emitters and
/// checks what they produce (see [`check_outputs`]). Errors are fine; they must be
/// located in a file of the set.
pub fn load_and_generate(files: &HashMap<PathBuf, Vec<u8>>, root: &str) {
    let read = reader(files);
    let (sources, root_id) = match Sources::load_with(Path::new(root), &read) {
        Ok(loaded) => loaded,
        Err(e) => return check_error(&e),
    };
    let model = match asyncapi_codegen_core::spec::normalise(&sources, root_id) {
        Ok(model) => model,
        Err(e) => return check_error(&e),
    };
    check_outputs(&model);
}

/// Every diagnostic names a line and column from 1, and rendering never panics.
fn check_error(e: &asyncapi_codegen_core::Error) {
    for d in &e.diagnostics {
        assert!(
            d.location.line >= 1 && d.location.col >= 1,
            "unlocated: {d}"
        );
        assert!(d.location.pointer.starts_with('#'), "no pointer: {d}");
    }
    let rendered = e.render();
    assert!(
        !rendered
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\t')),
        "a raw control character reached the rendered error: {rendered:?}"
    );
}

/// Both emitters on `model`: the Rust parses as a file with `syn`, every TypeScript path
/// stays inside the output directory and is a portable file name, and a sample of the
/// TypeScript outputs is written for `tsc` (see [`sample_typescript`]).
pub fn check_outputs(model: &asyncapi_codegen_core::Model) {
    let tokens = asyncapi_codegen_core::emit::rust::generate(model, &RustOptions::default());
    if let Err(e) = syn::parse2::<syn::File>(tokens.clone()) {
        panic!("the generated Rust does not parse: {e}\n{tokens}");
    }
    let files = match asyncapi_codegen_core::emit::typescript::generate(
        model,
        &TypeScriptOptions::default(),
    ) {
        Ok(files) => files,
        Err(e) => return check_error(&e),
    };
    for file in &files {
        check_output_path(&file.path);
    }
    sample_typescript(&files);
}

/// A generated path is relative, `/`-separated, has no `.`/`..` segment, and every segment
/// is a file name every common file system accepts.
pub fn check_output_path(path: &str) {
    assert!(!path.is_empty() && !path.starts_with('/'), "path {path:?}");
    for segment in path.split('/') {
        assert!(
            !segment.is_empty() && segment != "." && segment != "..",
            "path {path:?} leaves or escapes its directory"
        );
        assert!(segment.len() <= 255, "segment over 255 bytes in {path:?}");
        assert!(
            !segment
                .chars()
                .any(|c| c.is_control()
                    || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')),
            "path {path:?} has a character some file systems refuse"
        );
        let stem = segment.split('.').next().unwrap_or("").to_ascii_uppercase();
        let device = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
            || ((stem.starts_with("COM") || stem.starts_with("LPT"))
                && stem.len() == 4
                && stem.as_bytes()[3].is_ascii_digit());
        assert!(!device, "path {path:?} is a Windows device name");
    }
}

/// Successful generations so far (this process).
static GENERATED: AtomicUsize = AtomicUsize::new(0);

/// The most samples one run writes.
const MAX_SAMPLES: usize = 24;

/// With `FUZZ_TS_SAMPLES` set to a directory, writes the TypeScript of the 1st, 2nd, 4th,
/// 8th, ... successful generation into `<dir>/<n>/`, for `scripts/fuzz.sh` to compile with
/// `tsc` after the run (a compiler per input would make fuzzing a thousand times slower).
fn sample_typescript(files: &[asyncapi_codegen_core::emit::GeneratedFile]) {
    let n = GENERATED.fetch_add(1, Ordering::Relaxed) + 1;
    if !n.is_power_of_two() || n.trailing_zeros() as usize >= MAX_SAMPLES {
        return;
    }
    let Some(dir) = std::env::var_os("FUZZ_TS_SAMPLES") else {
        return;
    };
    let dir = Path::new(&dir).join(format!("{n:08}"));
    for file in files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("a file in a directory"))
            .expect("sample directory");
        std::fs::write(&path, &file.contents).expect("sample file");
    }
}
