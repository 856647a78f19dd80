//! One document through the whole pipeline: load → normalise → the TypeScript and Rust
//! emitters. The Rust must parse with `syn`, no TypeScript path may leave the output
//! directory, and samples of the TypeScript are compiled with `tsc` by `scripts/fuzz.sh`.
#![no_main]

use asyncapi_codegen_fuzz::load_and_generate;
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;
use std::path::PathBuf;

fuzz_target!(|data: &[u8]| {
    // JSON when it looks like JSON, as the loader decides from the text.
    let files = HashMap::from([(PathBuf::from("spec/asyncapi.yaml"), data.to_vec())]);
    load_and_generate(&files, "spec/asyncapi.yaml");
});
