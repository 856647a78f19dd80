//! Identifier naming: PascalCase/camelCase, reserved words, deterministic de-duplication.
//!
//! OWNER: type-graph helper.
