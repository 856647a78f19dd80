//! `$ref` resolution across several files: the input is cut at NUL bytes into the
//! in-memory files of `FILE_NAMES` (root first), which are loaded and normalised. Loops,
//! chains, missing files and pointers into nothing are located errors, never a panic,
//! a stack overflow or a hang.
#![no_main]

use asyncapi_codegen_fuzz::{load_and_generate, split_files, FILE_NAMES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files = split_files(data);
    load_and_generate(&files, FILE_NAMES[0]);
});
