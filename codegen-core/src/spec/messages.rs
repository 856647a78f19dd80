//! One message of a channel → [`Message`]: traits applied, content type defaulted,
//! correlation id and MQTT binding read, payload and headers turned into types.

use crate::load::Node;
use crate::model::{CorrelationId, Message, TypeId};
use crate::spec::bindings;
use crate::spec::content_type::{self, MediaKind};
use crate::spec::context::{Ctx, Src};
use crate::spec::schema::NameHint;
use crate::spec::traits::{Field, Layers, Precedence};

/// What the version-specific walk found for one message of one channel; the id and type
/// name are settled later, once every message is known (see `message_ids`).
#[derive(Debug, Clone)]
pub(crate) struct Found<'s> {
    /// The message object (references followed).
    pub src: Src<'s>,
    /// The id before disambiguation.
    pub id: String,
    /// The channel's id (for disambiguation).
    pub channel_id: String,
    /// 2.x: the operation id when this message is the only message of exactly one operation
    /// with an explicit `operationId` (a better name than the channel's on collision).
    pub operation_id: Option<String>,
}

/// Document-level settings every message needs.
pub(crate) struct MessageSettings<'a> {
    /// How traits merge.
    pub precedence: Precedence,
    /// `defaultContentType`.
    pub default_content_type: Option<&'a str>,
    /// Where `defaultContentType` is written (for errors about it).
    pub default_content_type_at: Option<Src<'a>>,
    /// 2.x keeps `schemaFormat` on the message; 3.x on a multi-format schema object.
    pub v3: bool,
}

/// Builds the message `found` under its final `id` and `type_name`.
pub(crate) fn build<'s>(
    ctx: &mut Ctx<'s>,
    found: &Found<'s>,
    id: String,
    type_name: String,
    settings: &MessageSettings<'_>,
) -> Message {
    let layers = Layers::with_traits(ctx, found.src.clone(), settings.precedence);
    let text = |ctx: &mut Ctx<'s>, key: &str| layers.string(ctx, key);
    // Without a `name`, the id as written (not the one made unique) is the message's name.
    let name = text(ctx, "name").unwrap_or_else(|| found.id.clone());
    let title = text(ctx, "title");
    let summary = text(ctx, "summary");
    let description = text(ctx, "description");
    let own_content_type = text(ctx, "contentType");
    let content_type_at = match &own_content_type {
        Some(_) => layers.first("contentType"),
        None => settings.default_content_type_at.clone(),
    };
    let content_type =
        own_content_type.or_else(|| settings.default_content_type.map(str::to_string));
    let media = match content_type.as_deref().map(content_type::classify) {
        None => MediaKind::Json,
        Some(Ok(media)) => media,
        Some(Err(problem)) => {
            let at = content_type_at.unwrap_or_else(|| found.src.clone());
            ctx.error(
                &at,
                problem,
                format!("{}; use one of those", content_type::SUPPORTED),
            );
            MediaKind::Json
        }
    };
    let correlation_id = match layers.first("correlationId") {
        Some(src) => correlation_id(ctx, src),
        None => None,
    };
    // 2.x: `schemaFormat` on the message (or a trait) describes the payload.
    let message_format = if settings.v3 {
        None
    } else {
        layers.first("schemaFormat")
    };
    let payload = match found.src.child("payload") {
        Some(p) => schema_type(
            ctx,
            p,
            None,
            message_format,
            NameHint::Message(type_name.clone()),
        ),
        None => None,
    };
    let headers = match layers.merged(ctx, "headers") {
        Some(Field::Borrowed(h)) => schema_type(
            ctx,
            h,
            None,
            None,
            NameHint::Message(format!("{type_name}Headers")),
        ),
        Some(Field::Merged(node, top)) => schema_type(
            ctx,
            top,
            Some(&node),
            None,
            NameHint::Message(format!("{type_name}Headers")),
        ),
        None => None,
    };
    let mqtt = bindings::message(ctx, &layers, &type_name);
    Message {
        id,
        name,
        type_name,
        title,
        summary,
        description,
        payload,
        headers,
        content_type,
        payload_format: media.format(),
        correlation_id,
        mqtt,
        location: ctx.loc(&found.src),
    }
}

/// A correlation id object (or a reference to one in `components.correlationIds`).
fn correlation_id<'s>(ctx: &mut Ctx<'s>, src: Src<'s>) -> Option<CorrelationId> {
    let obj = ctx.object(src, "`correlationId`")?;
    let location = match ctx.string(&obj, "location") {
        Some(l) => l,
        None => {
            ctx.error(
                &obj,
                "`correlationId` has no `location`",
                "add `location: $message.header#/<property>` naming where the id is",
            );
            return None;
        }
    };
    Some(CorrelationId {
        location,
        description: ctx.string(&obj, "description"),
    })
}

/// Schema formats whose schemas are JSON Schema (or close enough: OpenAPI 3.0 schema
/// objects only add `nullable`, which the type builder understands).
pub(crate) fn supported_format(format: &str) -> bool {
    let f = format.trim().to_ascii_lowercase();
    f.starts_with("application/vnd.aai.asyncapi")
        || f.starts_with("application/schema+json")
        || f.starts_with("application/schema+yaml")
        || f.starts_with("application/vnd.oai.openapi")
}

/// Checks a `schemaFormat`; reports unsupported ones and returns whether to go on.
fn check_format<'s>(ctx: &mut Ctx<'s>, format: &Src<'s>) -> bool {
    let Some(f) = ctx.as_string(format, "schemaFormat") else {
        return true;
    };
    if supported_format(&f) {
        return true;
    }
    ctx.error(
        format,
        format!("schema format `{f}` is not supported; only AsyncAPI, JSON Schema and OpenAPI schemas are"),
        "describe the payload with a JSON Schema (Avro, RAML and Protobuf schemas are not read)",
    );
    false
}

/// The type of a payload or headers schema. `merged` replaces the node when traits
/// merged several definitions. A 3.x multi-format schema object (`{schemaFormat,
/// schema}`) is unwrapped; `message_format` is the 2.x message-level `schemaFormat`.
fn schema_type<'s>(
    ctx: &mut Ctx<'s>,
    src: Src<'s>,
    merged: Option<&Node>,
    message_format: Option<Src<'s>>,
    hint: NameHint,
) -> Option<TypeId> {
    if let Some(f) = message_format {
        if !check_format(ctx, &f) {
            return None;
        }
    }
    if let Some(node) = merged {
        return Some(ctx.types.schema(src.file, &src.pointer, node, hint));
    }
    if src.node.is_null() {
        return None;
    }
    // A multi-format schema object, written here or behind a reference.
    let peeked = match src.node.reference() {
        Some(_) => ctx.peek(&src),
        None => None,
    };
    let target = peeked.as_ref().unwrap_or(&src);
    if let (Some(format), Some(inner)) = (target.child("schemaFormat"), target.child("schema")) {
        if !check_format(ctx, &format) {
            return None;
        }
        return Some(
            ctx.types
                .schema(inner.file, &inner.pointer, inner.node, hint),
        );
    }
    Some(ctx.types.schema(src.file, &src.pointer, src.node, hint))
}
