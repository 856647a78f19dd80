//! trybuild UI tests of `asyncapi!`: compile-fail cases with pinned `.stderr`, and pass
//! cases for the seed spec and the streetlights documents of the public corpus.
//!
//! trybuild compiles each case in its own scratch crate, so `CARGO_MANIFEST_DIR` there is not
//! this crate's; `ASYNCAPI_MANIFEST_DIR` points the macro back here
//! (dtolnay/trybuild#202). The corpus is read through `ASYNCAPI_CORPUS_DIR` (set by
//! `.ci/run`); without it, `../shared/specs/public` next to the workspace is used.

use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::var_os("ASYNCAPI_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join("../../shared/specs/public"));
    assert!(
        dir.join("MANIFEST.md").is_file(),
        "the AsyncAPI corpus is not at {}; set ASYNCAPI_CORPUS_DIR to the shared specs/public folder",
        dir.display()
    );
    dir.canonicalize().expect("corpus dir")
}

#[test]
fn ui() {
    // Set before trybuild spawns cargo, which passes them on to rustc and so to the macro.
    std::env::set_var("ASYNCAPI_MANIFEST_DIR", env!("CARGO_MANIFEST_DIR"));
    std::env::set_var("ASYNCAPI_CORPUS_DIR", corpus_dir());
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}
