//! TypeScript MQTT client emitter.
//!
//! OWNER: TypeScript helper.

use super::{GeneratedFile, Perspective};
use crate::diag::Error;
use crate::model::Model;

/// Options of the TypeScript emitter.
#[derive(Debug, Clone, Default)]
pub struct TypeScriptOptions {
    /// Whose point of view.
    pub perspective: Perspective,
    /// Generate publish and subscribe for every channel, whatever the operations say.
    pub both_directions: bool,
}

/// Generates every file of the client, sorted by path.
pub fn generate(model: &Model, options: &TypeScriptOptions) -> Result<Vec<GeneratedFile>, Error> {
    let _ = (model, options);
    Ok(Vec::new())
}
