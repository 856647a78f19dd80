//! codegen-build: what a build.rs calls.
//!
//! OWNER: build helper.
#![deny(missing_docs)]
