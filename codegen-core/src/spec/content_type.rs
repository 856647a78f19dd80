//! Content types: how each message's payload travels ([`PayloadFormat`]).
//!
//! Two steps. While a message is read, its content type (the message's `contentType`, else
//! the document's `defaultContentType`, else none) is sorted into a [`MediaKind`], and a
//! content type we cannot carry is reported at the node that states it. Once the type graph
//! is finished, [`assign`] looks at each payload schema and settles the format, reporting
//! schemas the content type cannot carry at the schema.

use crate::diag::Diagnostic;
use crate::model::{JsonType, Message, PayloadFormat, Rules, TypeGraph, TypeKind};
use std::collections::HashMap;

/// What a content type says about the wire, before the payload schema is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaKind {
    /// `application/json`, `*/*+json`, or no content type.
    Json,
    /// `text/*`.
    Text,
    /// `application/octet-stream`.
    Bytes,
}

impl MediaKind {
    /// The format before the payload schema is looked at.
    pub(crate) fn format(self) -> PayloadFormat {
        match self {
            MediaKind::Json => PayloadFormat::Json,
            MediaKind::Text => PayloadFormat::Text,
            MediaKind::Bytes => PayloadFormat::Bytes,
        }
    }
}

/// What to tell a user whose content type is not one we carry.
pub(crate) const SUPPORTED: &str = "payloads travel as JSON (`application/json` or any \
    `+json` type), as raw UTF-8 text (`text/*`), or as raw bytes (`application/octet-stream`)";

/// Sorts a content type (`type/subtype; parameters`, case-insensitive). `Err` says why it
/// cannot be carried.
pub(crate) fn classify(content_type: &str) -> Result<MediaKind, String> {
    let mut parts = content_type.split(';');
    let essence = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let Some((kind, subtype)) = essence.split_once('/') else {
        return Err(format!(
            "content type `{}` is not a media type (`type/subtype`)",
            content_type.escape_debug()
        ));
    };
    let media = if essence == "application/json" || subtype.ends_with("+json") {
        MediaKind::Json
    } else if kind == "text" && !subtype.is_empty() {
        MediaKind::Text
    } else if essence == "application/octet-stream" {
        MediaKind::Bytes
    } else {
        return Err(format!(
            "content type `{}` is not supported",
            content_type.escape_debug()
        ));
    };
    // Both sides decode text and JSON as UTF-8; another charset would be misread.
    for parameter in parts {
        if let Some((name, value)) = parameter.split_once('=') {
            let value = value.trim().trim_matches('"').to_ascii_lowercase();
            if name.trim().eq_ignore_ascii_case("charset")
                && media != MediaKind::Bytes
                && !matches!(value.as_str(), "utf-8" | "utf8" | "us-ascii")
            {
                return Err(format!(
                    "content type `{}` has charset `{value}`; text and JSON travel as UTF-8",
                    content_type.escape_debug()
                ));
            }
        }
    }
    Ok(media)
}

/// Settles every message's [`Message::payload_format`] now that the payload types are
/// known; returns the problems found (each at the payload schema).
pub(crate) fn assign(messages: &mut [Message], types: &TypeGraph) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // A payload type's generated `marshal`/`unmarshal` follow one format: the first message's.
    let mut first_use: HashMap<usize, (PayloadFormat, String)> = HashMap::new();
    for message in messages.iter_mut() {
        let Some(payload) = message.payload.filter(|p| p.0 < types.types.len()) else {
            continue;
        };
        let def = types.get(payload);
        let content_type = message
            .content_type
            .clone()
            .unwrap_or_else(|| "application/json".to_string());
        let binary =
            matches!(&def.kind, TypeKind::String(s) if s.format.as_deref() == Some("binary"));
        let format = match message.payload_format {
            PayloadFormat::Json if binary => {
                // What goes on the wire is bytes, so the MQTT content type says so.
                message.content_type = Some("application/octet-stream".to_string());
                PayloadFormat::Bytes
            }
            other => other,
        };
        let problem = match format {
            PayloadFormat::Json => None,
            PayloadFormat::Text => text_problem(&def.kind, def.nullable),
            PayloadFormat::Bytes => bytes_problem(&def.kind, &def.rules),
        };
        if let Some(problem) = problem {
            let (what, help) = match format {
                PayloadFormat::Text => (
                    "raw UTF-8 text",
                    "make the payload `type: string` (its constraints are still checked), or use a JSON content type",
                ),
                _ => (
                    "raw bytes",
                    "make the payload `type: string, format: binary` without constraints (or leave it out), or use a JSON content type",
                ),
            };
            diags.push(Diagnostic::error(
                def.location.clone(),
                format!(
                    "message `{}` has content type `{}`, so its payload travels as {what}, but {problem}",
                    message.name.escape_debug(),
                    content_type.escape_debug()
                ),
                help,
            ));
            continue;
        }
        match first_use.get(&payload.0) {
            Some((other_format, other)) if *other_format != format => {
                diags.push(Diagnostic::error(
                    def.location.clone(),
                    format!(
                        "this schema is the payload of message `{}` ({}) and of message `{}` ({}); \
                         one payload type cannot travel both ways",
                        other.escape_debug(),
                        other_format.as_str(),
                        message.name.escape_debug(),
                        format.as_str()
                    ),
                    "give one of the messages its own copy of the schema",
                ));
            }
            Some(_) => {}
            None => {
                first_use.insert(payload.0, (format, message.name.clone()));
            }
        }
        message.payload_format = format;
    }
    diags
}

/// Why a schema cannot be the payload of a text message.
fn text_problem(kind: &TypeKind, nullable: bool) -> Option<String> {
    match kind {
        TypeKind::String(_) if nullable => {
            Some("the schema also allows `null`, which raw text cannot express".into())
        }
        TypeKind::String(_) => None,
        other => Some(format!(
            "the payload schema is {}, not `type: string`",
            kind_name(other)
        )),
    }
}

/// Why a schema cannot be the payload of a raw-bytes message: only a plain string (or any
/// value) fits, because no JSON Schema keyword says anything about bytes.
fn bytes_problem(kind: &TypeKind, rules: &Rules) -> Option<String> {
    match kind {
        TypeKind::String(_) | TypeKind::Any => {}
        other => {
            return Some(format!(
                "the payload schema is {}, not `type: string, format: binary`",
                kind_name(other)
            ))
        }
    }
    let plain = Rules {
        types: None,
        ..Rules::default()
    };
    let types_ok = matches!(rules.types.as_deref(), None | Some([JsonType::String]));
    let unchecked = Rules {
        types: None,
        ..rules.clone()
    };
    if types_ok && unchecked == plain {
        return None;
    }
    Some(
        "the payload schema has constraints (such as `minLength`, `pattern`, `enum`, a checked \
         `format` or `nullable`) that cannot be checked on raw bytes"
            .into(),
    )
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Any => "any value",
        TypeKind::Null => "`null`",
        TypeKind::Boolean => "a boolean",
        TypeKind::String(_) => "a string",
        TypeKind::Integer(_) => "an integer",
        TypeKind::Number(_) => "a number",
        TypeKind::Array(_) => "an array",
        TypeKind::Object(_) => "an object",
        TypeKind::Const(_) => "a `const`",
        TypeKind::Enum(_) => "an `enum` of several types",
        TypeKind::Union(_) => "a union (`oneOf`/`anyOf`)",
        TypeKind::AllOf(_) => "an `allOf`",
        TypeKind::Unsupported(_) => "a combination of keywords",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_sort_into_json_text_and_bytes() {
        assert_eq!(classify("application/json"), Ok(MediaKind::Json));
        assert_eq!(
            classify("Application/JSON; charset=utf-8"),
            Ok(MediaKind::Json)
        );
        assert_eq!(
            classify("application/vnd.example.notification+json"),
            Ok(MediaKind::Json)
        );
        assert_eq!(classify("text/plain"), Ok(MediaKind::Text));
        assert_eq!(classify("text/csv;charset=\"UTF-8\""), Ok(MediaKind::Text));
        assert_eq!(classify("application/octet-stream"), Ok(MediaKind::Bytes));
    }

    #[test]
    fn other_content_types_and_charsets_are_refused() {
        let e = classify("application/xml").unwrap_err();
        assert_eq!(e, "content type `application/xml` is not supported");
        assert!(classify("text/plain; charset=iso-8859-1")
            .unwrap_err()
            .contains("charset `iso-8859-1`"));
        assert!(classify("json").unwrap_err().contains("not a media type"));
        assert!(classify("text/").is_err());
    }
}
