//! Normalisation: AsyncAPI 2.0–2.6 and 3.0–3.1 trees → one [`Model`].
//!
//! OWNER: normaliser helper. Interface used by everyone else: [`normalise`].

pub mod names;
pub mod schema;

use crate::diag::Error;
use crate::load::{FileId, Sources};
use crate::model::Model;

/// Normalises the document rooted at `root` into the model. All errors found are returned
/// together; warnings end up in [`Model::warnings`].
pub fn normalise(sources: &Sources, root: FileId) -> Result<Model, Error> {
    let _ = (sources, root);
    Err(Error::plain("".into(), "normalisation is not implemented yet", ""))
}
