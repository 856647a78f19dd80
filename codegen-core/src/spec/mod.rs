//! Normalisation: AsyncAPI 2.0–2.6 and 3.0–3.1 trees → one [`Model`].
//!
//! The steps, in order (the order makes type names stable):
//! 1. the `asyncapi` version decides the walk (`v2` or `v3`);
//! 2. every `components.schemas` entry is registered with the type builder, in document
//!    order, so component names win over names derived from messages;
//! 3. servers, then channels, operations and the messages found on channels;
//! 4. message ids and type names are made unique (see `message_ids`);
//! 5. each message's payload, headers and MQTT binding become types;
//! 6. semantic checks (`checks`).
//!
//! Message ids and type names: a message's id is its key in the channel (3.x) or its
//! `messageId`, `name`, `components.messages` key, or `<operationId>Message` (2.x); its
//! type name is the PascalCase identifier of the id. Messages whose type names would clash
//! are all renamed: a 2.x message carried alone by one operation with a unique explicit
//! `operationId` takes that id (streetlights 2.6 `turnOnOff` → `turnOn`, `turnOff`), any
//! other gets its channel's id in front (`lightsDim` + `dimLight` → `lightsDimDimLight`).
//! A clash left after that (two keys of one channel differing only in punctuation) is an
//! error. The same message used by `publish` and `subscribe` of one 2.x channel is one
//! message.
//!
//! Every problem is collected; the result is an error holding all of them (errors first,
//! then warnings, each group in document order) or the model with its warnings.
//!
//! Not API: public, and hidden from the docs, only so that the benchmarks and fuzz targets
//! can run [`normalise`] on trees they loaded themselves; everyone else calls
//! [`crate::load_model`].

mod bindings;
mod content_type;
mod context;
mod lints;
mod message_ids;
mod messages;

mod parameters;
pub(crate) mod schema;
mod servers;
mod traits;
mod v2;
mod v3;

use crate::diag::{Diagnostic, Error, Severity};
use crate::load::{FileId, Sources};
use crate::model::{Channel, Model, Operation};
use context::{Ctx, Src};
use messages::{Found, MessageSettings};
use schema::NameHint;
use traits::Precedence;

/// The AsyncAPI versions this crate reads.
pub(crate) const SUPPORTED_VERSIONS: &[&str] = &[
    "2.0.0", "2.1.0", "2.2.0", "2.3.0", "2.4.0", "2.5.0", "2.6.0", "3.0.0", "3.1.0",
];

/// What a version-specific walk produces: channels and operations whose message ids are
/// indices into `found` (one [`crate::model::Message`] is built per entry, in order).
#[derive(Default)]
pub(crate) struct Draft<'s> {
    channels: Vec<Channel>,
    operations: Vec<Operation>,
    found: Vec<Found<'s>>,
}

/// Normalises the document rooted at `root` into the model. All errors found are returned
/// together; warnings end up in [`Model::warnings`].
pub fn normalise(sources: &Sources, root: FileId) -> Result<Model, Error> {
    let mut ctx = Ctx::new(sources);
    let root_src = Src {
        node: sources.root(root),
        file: root,
        pointer: "#".to_string(),
    };
    let mut model = build(&mut ctx, &root_src);
    let (types, type_diags) = ctx.types.finish();
    let mut diags = ctx.diags;
    diags.extend(type_diags);
    if let Some(model) = model.as_mut() {
        diags.extend(content_type::assign(&mut model.messages, &types));
    }
    let diags = order(sources, diags);
    let failed = diags.iter().any(|d| d.severity == Severity::Error);
    match model {
        Some(mut model) if !failed => {
            model.types = types;
            model.warnings = diags;
            Ok(model)
        }
        _ => Err(sources.error(diags)),
    }
}

/// Errors first, then warnings; each group in file order, then line and column. Exact
/// repeats (one broken `$ref` reached from several places) are reported once.
fn order(sources: &Sources, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let file_rank: std::collections::HashMap<&std::path::Path, usize> =
        sources.files().enumerate().map(|(i, p)| (p, i)).collect();
    diags.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            (
                std::cmp::Reverse(d.severity),
                file_rank
                    .get(d.location.file.as_path())
                    .copied()
                    .unwrap_or(usize::MAX),
                d.location.line,
                d.location.col,
            )
        };
        key(a).cmp(&key(b))
    });
    diags.dedup();
    diags
}

/// The version check, then the walk. `None` when the document cannot be walked at all.
fn build<'s>(ctx: &mut Ctx<'s>, root: &Src<'s>) -> Option<Model> {
    if root.node.as_object().is_none() {
        let found = root.node.kind_name();
        ctx.error(
            root,
            format!("an AsyncAPI document must be a mapping, found {found}"),
            "start the document with `asyncapi: 3.0.0` and the other top-level fields",
        );
        return None;
    }
    let version = version(ctx, root)?;
    let v3 = version.starts_with('3');
    let info = match root.child("info") {
        Some(i) => ctx.object(i, "`info`"),
        None => None,
    };
    let (title, doc_version, description) = match &info {
        Some(i) => (
            ctx.string(i, "title").unwrap_or_default(),
            ctx.string(i, "version").unwrap_or_default(),
            ctx.string(i, "description"),
        ),
        None => (String::new(), String::new(), None),
    };
    let default_content_type = ctx.string(root, "defaultContentType");

    if let Some(components) = ctx.opt_object(root, "components", "`components`") {
        for (key, schema) in ctx.entries(&components, "schemas") {
            // 3.x components may be multi-format schema objects: register the JSON Schema
            // inside; other formats only matter (as errors) where a message uses them.
            let schema = match (schema.child("schemaFormat"), schema.child("schema")) {
                (Some(format), Some(inner)) => {
                    let supported = format.node.as_str().is_some_and(messages::supported_format);
                    if !supported {
                        continue;
                    }
                    inner
                }
                _ => schema,
            };
            ctx.types.schema(
                schema.file,
                &schema.pointer,
                schema.node,
                NameHint::Component(key.to_string()),
            );
        }
    }

    let servers = servers::servers(ctx, root, v3);
    let draft = if v3 {
        v3::walk(ctx, root)
    } else {
        v2::walk(ctx, root)
    };
    let ids = message_ids::assign(ctx, &draft.found);
    let settings = MessageSettings {
        precedence: if v3 {
            Precedence::TargetWins
        } else {
            Precedence::TraitWins
        },
        default_content_type: default_content_type.as_deref(),
        default_content_type_at: root.child("defaultContentType"),
        v3,
    };
    let messages = draft
        .found
        .iter()
        .zip(ids)
        .map(|(found, (id, type_name))| messages::build(ctx, found, id, type_name, &settings))
        .collect();
    let model = Model {
        asyncapi: version,
        title,
        version: doc_version,
        description,
        default_content_type,
        servers,
        channels: draft.channels,
        operations: draft.operations,
        messages,
        types: Default::default(),
        files: Vec::new(),
        warnings: Vec::new(),
    };
    lints::run(ctx, &model);
    Some(model)
}

/// The `asyncapi` field, when it names a supported version.
fn version<'s>(ctx: &mut Ctx<'s>, root: &Src<'s>) -> Option<String> {
    let supported = SUPPORTED_VERSIONS.join(", ");
    let Some(field) = root.child("asyncapi") else {
        ctx.error(
            root,
            "the document has no `asyncapi` field",
            format!("add `asyncapi: 3.0.0` (or the version the document follows; supported: {supported})"),
        );
        return None;
    };
    let text = match field.node.as_str() {
        Some(s) => s.to_string(),
        None => {
            let found = field.node.kind_name();
            ctx.error(
                &field,
                format!("`asyncapi` must be a version string, found {found}"),
                format!("quote the version, e.g. `asyncapi: '3.0.0'` (supported: {supported})"),
            );
            return None;
        }
    };
    if SUPPORTED_VERSIONS.contains(&text.as_str()) {
        Some(text)
    } else {
        ctx.error(
            &field,
            format!("unsupported AsyncAPI version `{text}`"),
            format!("supported: {supported}"),
        );
        None
    }
}
