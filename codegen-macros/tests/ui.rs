//! trybuild UI tests of `asyncapi!`: compile-fail cases with pinned `.stderr`, and pass
//! cases for the seed spec and the streetlights documents of the public corpus.
//!
//! trybuild compiles each case in its own scratch crate, so `CARGO_MANIFEST_DIR` there is not
//! this crate's; `ASYNCAPI_MANIFEST_DIR` points the macro back here
//! (dtolnay/trybuild#202). The pass cases name the vendored corpus (`tests/corpus`) through
//! `${ASYNCAPI_CORPUS_DIR}`, which this test sets, so their paths do not depend on where
//! trybuild's scratch crate lives.

use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/corpus")
        .canonicalize()
        .expect("the vendored corpus is at tests/corpus")
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
