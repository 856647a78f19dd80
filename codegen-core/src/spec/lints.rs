//! Lints on the finished model, for problems that only show once everything is
//! known. (Lints that need the document, such as undeclared address parameters or an
//! operation message that is not on its channel, run during the walk, where the node is.)

use crate::diag::Diagnostic;
use crate::model::names;
use crate::model::Model;
use crate::spec::context::Ctx;
use std::collections::HashMap;

/// Runs every lint, adding diagnostics to `ctx`.
pub(crate) fn run(ctx: &mut Ctx<'_>, model: &Model) {
    parameter_names(ctx, model);
}

/// Two parameters of one channel whose names differ only in punctuation or case
/// (`device-id` and `device_id`) would become one field of the generated parameter type:
/// no renaming keeps both recognisable, so it is an error.
fn parameter_names(ctx: &mut Ctx<'_>, model: &Model) {
    for channel in &model.channels {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for p in &channel.parameters {
            let ident = names::camel_case(&p.name).to_ascii_lowercase();
            match seen.get(&ident) {
                Some(other) => ctx.diags.push(Diagnostic::error(
                    p.location.clone(),
                    format!(
                        "parameters `{other}` and `{}` of channel `{}` get the same identifier",
                        p.name, channel.id
                    ),
                    "rename one of them so that they differ in letters or digits",
                )),
                None => {
                    seen.insert(ident, &p.name);
                }
            }
        }
    }
}
