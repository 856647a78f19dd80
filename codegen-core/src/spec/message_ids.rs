//! Unique message ids and type names.
//!
//! Emitters name functions after [`crate::model::Message::type_name`]
//! (`publishToUserSignedup`), so it must be unique among messages. The rule:
//!
//! 1. Each message starts from its id (3.x: the channel's message key; 2.x: `messageId`,
//!    else `name`, else the `components.messages` key it was referenced by, else
//!    `<operationId>Message`), and its type name is [`names::type_name`] of that id
//!    (PascalCase, reserved words and built-ins suffixed).
//! 2. When several messages share a type name, each of them is renamed: in 2.x, a message
//!    that is the only message of exactly one operation with an explicit, unique `operationId`
//!    takes that operation id (streetlights 2.6 then names its `turnOnOff` messages
//!    `turnOn` and `turnOff`, like its 3.0 version); any other takes the channel's id in
//!    front (`lightsDim` + `dimLight` → `lightsDimDimLight`).
//! 3. A collision that remains after that (two message keys of one channel that differ only
//!    in punctuation, say) cannot be resolved in a way a reader would guess, so it is an
//!    error naming both messages.

use crate::model::names;
use crate::spec::context::Ctx;
use crate::spec::messages::Found;
use std::collections::HashMap;

/// `(id, type_name)` for every found message, in the same order.
pub(crate) fn assign(ctx: &mut Ctx<'_>, found: &[Found<'_>]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = found
        .iter()
        .map(|f| (f.id.clone(), names::type_name(&f.id)))
        .collect();
    let mut by_name: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, t)) in out.iter().enumerate() {
        by_name.entry(t.as_str()).or_default().push(i);
    }
    let mut colliding: Vec<usize> = by_name
        .into_values()
        .filter(|v| v.len() > 1)
        .flatten()
        .collect();
    colliding.sort_unstable();
    for i in colliding {
        let f = &found[i];
        let id = match &f.operation_id {
            Some(op) => op.clone(),
            None => lower_first(&format!(
                "{}{}",
                names::pascal_case(&f.channel_id),
                names::pascal_case(&f.id)
            )),
        };
        let type_name = names::type_name(&id);
        out[i] = (id, type_name);
    }
    // What is still shared now is an error, reported once per later message.
    let mut first_with: HashMap<String, usize> = HashMap::new();
    for (i, (_, t)) in out.iter().enumerate() {
        match first_with.get(t) {
            Some(&j) => {
                let (a, b) = (&found[j], &found[i]);
                ctx.error(
                    &b.src,
                    format!(
                        "messages `{}` (channel `{}`) and `{}` (channel `{}`) both get the identifier `{t}`",
                        a.id, a.channel_id, b.id, b.channel_id
                    ),
                    "rename one of the messages so that their names differ in letters or digits",
                );
            }
            None => {
                first_with.insert(t.clone(), i);
            }
        }
    }
    out
}

/// `LightsDim` → `lightsDim`.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
