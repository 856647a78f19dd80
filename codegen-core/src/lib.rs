//! codegen-core: AsyncAPI documents → a located model → TypeScript and Rust.
#![deny(missing_docs)]

pub mod diag;
pub mod load;
pub mod model;

pub use diag::{Diagnostic, Error, Location, Severity};
