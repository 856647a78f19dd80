//! Every document of the public corpus through the macro's expansion, without compiling:
//! generate mode yields valid Rust items (or a located error), check mode reports an item
//! that matches nothing, and nothing panics.

use codegen_core::macros::expand::expand_with;
use quote::quote;
use std::path::{Path, PathBuf};

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

fn entry_documents(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "common") {
                    stack.push(path);
                }
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_corpus_document_expands_without_panicking() {
    let root = corpus_dir();
    let docs = entry_documents(&root);
    assert!(docs.len() >= 10, "only {} corpus documents", docs.len());
    let base = root.to_string_lossy().into_owned();
    let env = move |k: &str| (k == "CARGO_MANIFEST_DIR").then(|| base.clone());
    let mut generated = 0;
    for doc in &docs {
        let rel = doc
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let gen = std::panic::catch_unwind(|| expand_with(quote!(spec = #rel), &env))
            .unwrap_or_else(|_| panic!("generate mode panicked on {rel}"));
        let text = gen.to_string();
        if text.contains("compile_error") {
            // A document we reject must say where and why.
            assert!(text.contains(&format!("`{rel}` has")), "{rel}: {text}");
        } else {
            syn::parse2::<syn::File>(gen).unwrap_or_else(|e| panic!("{rel}: invalid Rust: {e}"));
            generated += 1;
        }
        let check = std::panic::catch_unwind(|| {
            expand_with(
                quote!(spec = #rel; pub struct NoSuchPayloadAnywhere { pub x: u8 }),
                &env,
            )
        })
        .unwrap_or_else(|_| panic!("check mode panicked on {rel}"))
        .to_string();
        assert!(check.contains("compile_error"), "{rel}: {check}");
    }
    println!(
        "generate mode: code for {generated} of {} corpus documents",
        docs.len()
    );
    // Every corpus document is one the normaliser accepts (tests/tests/corpus.rs).
    assert_eq!(
        generated,
        docs.len(),
        "some corpus documents generated no code"
    );
}
