//! codegen-macros: the `asyncapi!` macro.
//!
//! OWNER: macro helper.
