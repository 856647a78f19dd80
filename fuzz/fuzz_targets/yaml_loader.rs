//! The YAML loader on arbitrary text: a tree or a located syntax error, never a panic, a
//! stack overflow, a hang or an allocation blow-up (nesting and aliases are bounded).
#![no_main]

use asyncapi_codegen_core::load::{yaml, FileId};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = yaml::parse(text, FileId(0)) {
        assert!(e.pos.line >= 1 && e.pos.col >= 1, "unlocated: {e:?}");
    }
});
