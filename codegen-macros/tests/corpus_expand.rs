//! Every document of the public corpus through the macro's expansion, without compiling:
//! generate mode yields valid Rust items (or a located error), check mode reports an item
//! that matches nothing, and nothing panics.

use asyncapi_codegen_core::macros::expand_with;
use quote::quote;
use workspace_tests::{corpus_dir, corpus_entry_documents};

#[test]
fn every_corpus_document_expands_without_panicking() {
    let root = corpus_dir().canonicalize().expect("corpus dir");
    let docs: Vec<_> = corpus_entry_documents()
        .into_iter()
        .map(|d| root.join(d))
        .collect();
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
