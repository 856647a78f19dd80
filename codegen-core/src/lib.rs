//! codegen-core: AsyncAPI documents → a located model → TypeScript and Rust.
#![deny(missing_docs)]

pub mod diag;
pub mod emit;
pub mod load;
#[cfg(feature = "macros")]
pub mod macros;
pub mod model;
pub mod spec;

pub use diag::{Diagnostic, Error, Location, Severity};
pub use model::Model;

use std::path::Path;

/// Loads the document at `path` (and every file it references) and normalises it.
///
/// On success, [`Model::files`] lists every file read and [`Model::warnings`] holds the
/// warnings. On failure, the error holds every problem found, located.
pub fn load_model(path: &Path) -> Result<Model, Error> {
    let (sources, root) = load::Sources::load(path)?;
    let mut model = spec::normalise(&sources, root)?;
    model.files = sources.files().map(Path::to_path_buf).collect();
    Ok(model)
}
