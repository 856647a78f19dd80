//! Which schema a Rust item stands for.
//!
//! `#[asyncapi(message = "...")]` names a message (its id or `name`) and picks its payload
//! (`headers = "..."` picks its headers);
//! `#[asyncapi(schema = "...")]` names a component schema, or any schema by JSON pointer
//! (`#/components/schemas/A/properties/b`). Without either, the item's name is compared with
//! the generated type names, the component keys and the message type names. An item that
//! matches nothing may still be matched by a checked struct whose field uses it (see
//! `check`).

use crate::model::{Model, TypeId, TypeKind};
use std::path::Path;
use syn::{Attribute, Ident, LitStr};

/// The name of our own attribute.
pub const ATTR: &str = "asyncapi";

/// What the item's `#[asyncapi(...)]` asked for.
#[derive(Clone)]
pub enum Request {
    /// `message = "..."`: the message's payload.
    Message(LitStr),
    /// `headers = "..."`: the message's headers (MQTT 5 user properties).
    Headers(LitStr),
    /// `schema = "..."`.
    Schema(LitStr),
    /// No attribute: match by name.
    ByName,
}

/// Reads `#[asyncapi(...)]` from an item's attributes.
pub fn request(attrs: &[Attribute], errors: &mut Vec<syn::Error>) -> Request {
    let mut out = Request::ByName;
    for attr in attrs.iter().filter(|a| a.path().is_ident(ATTR)) {
        let result = attr.parse_nested_meta(|meta| {
            let value = || meta.value()?.parse::<LitStr>();
            let next = if meta.path.is_ident("message") {
                Request::Message(value()?)
            } else if meta.path.is_ident("headers") {
                Request::Headers(value()?)
            } else if meta.path.is_ident("schema") {
                Request::Schema(value()?)
            } else {
                return Err(meta.error(
                    "unknown `asyncapi` attribute; expected `message = \"...\"`, `headers = \"...\"` or `schema = \"...\"`",
                ));
            };
            if !matches!(out, Request::ByName) {
                return Err(meta.error("give one of `message`, `headers` or `schema`, once"));
            }
            out = next;
            Ok(())
        });
        if let Err(e) = result {
            errors.push(e);
        }
    }
    out
}

/// Removes our attributes, which the compiler would not know.
pub fn strip(attrs: &mut Vec<Attribute>) {
    attrs.retain(|a| !a.path().is_ident(ATTR));
}

/// The schema an explicit request names, or an error on its literal.
pub fn resolve(
    model: &Model,
    request: &Request,
    ident: &Ident,
    base: &Path,
) -> Result<Option<TypeId>, syn::Error> {
    match request {
        Request::Message(lit) | Request::Headers(lit) => {
            let headers = matches!(request, Request::Headers(_));
            let wanted = lit.value();
            let message = model
                .messages
                .iter()
                .find(|m| m.id == wanted)
                .or_else(|| model.messages.iter().find(|m| m.name == wanted));
            let Some(message) = message else {
                let names: Vec<&str> = model.messages.iter().map(|m| m.id.as_str()).collect();
                return Err(syn::Error::new(
                    lit.span(),
                    format!(
                        "the spec has no message `{wanted}`; {}",
                        suggest(&wanted, &names, "messages")
                    ),
                ));
            };
            if !headers && message.payload_format == crate::model::PayloadFormat::Bytes {
                return Err(syn::Error::new(
                    lit.span(),
                    format!(
                        "{}: message `{wanted}` travels as raw bytes (its content type or `format: binary`), so its payload is a `Vec<u8>`, not a struct; remove `#[asyncapi(message = \"{wanted}\")]` and use `Vec<u8>`",
                        super::check::located(&message.location, base)
                    ),
                ));
            }
            let (found, part) = if headers {
                (message.headers, "headers")
            } else {
                (message.payload, "payload")
            };
            match found {
                Some(id) => Ok(Some(id)),
                None => Err(syn::Error::new(
                    lit.span(),
                    format!(
                        "{}: message `{wanted}` has no {part}; add a `{part}` schema, or check `{ident}` against a schema with `#[asyncapi(schema = \"...\")]`",
                        super::check::located(&message.location, base)
                    ),
                )),
            }
        }
        Request::Schema(lit) => {
            let wanted = lit.value();
            let found = if wanted.starts_with('#') {
                let root = model.files.first();
                model
                    .types
                    .iter()
                    .find(|(_, t)| t.location.pointer == wanted && Some(&t.location.file) == root)
                    .or_else(|| {
                        model
                            .types
                            .iter()
                            .find(|(_, t)| t.location.pointer == wanted)
                    })
                    .map(|(id, _)| id)
            } else {
                model.types.component(&wanted)
            };
            match found {
                Some(id) => Ok(Some(id)),
                None => {
                    let names: Vec<&str> = model
                        .types
                        .types
                        .iter()
                        .filter_map(|t| t.component.as_deref())
                        .collect();
                    Err(syn::Error::new(
                        lit.span(),
                        format!(
                            "the spec has no schema `{wanted}`; give a component name or a JSON pointer such as `#/components/schemas/{wanted}`; {}",
                            suggest(&wanted, &names, "component schemas")
                        ),
                    ))
                }
            }
        }
        Request::ByName => Ok(by_name(model, &ident.to_string())),
    }
}

/// The schema named like the item: a generated type name, a component key, or a message's
/// type name (its payload).
pub fn by_name(model: &Model, name: &str) -> Option<TypeId> {
    let declared = |kind: &TypeKind| !matches!(kind, TypeKind::Any | TypeKind::Unsupported(_));
    model
        .types
        .iter()
        .find(|(_, t)| t.named && t.name == name && declared(&t.kind))
        .map(|(id, _)| id)
        .or_else(|| model.types.component(name))
        .or_else(|| {
            model
                .messages
                .iter()
                .find(|m| m.type_name == name)
                .and_then(|m| m.payload)
        })
}

/// Names for an item that matched nothing: the closest few.
pub fn candidates(model: &Model, name: &str) -> String {
    let mut names: Vec<&str> = model
        .types
        .types
        .iter()
        .filter(|t| t.named)
        .map(|t| t.name.as_str())
        .chain(model.messages.iter().map(|m| m.type_name.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    suggest(name, &names, "schema names")
}

/// "did you mean" text: up to five names, closest first.
fn suggest(wanted: &str, names: &[&str], what: &str) -> String {
    if names.is_empty() {
        return format!("the spec has no {what}");
    }
    let mut scored: Vec<(usize, &str)> = names
        .iter()
        .map(|n| (distance(&wanted.to_lowercase(), &n.to_lowercase()), *n))
        .collect();
    scored.sort();
    let shown: Vec<String> = scored
        .iter()
        .take(5)
        .map(|(_, n)| format!("`{n}`"))
        .collect();
    let more = if names.len() > 5 {
        format!(" (of {})", names.len())
    } else {
        String::new()
    };
    format!("closest {what}{more}: {}", shown.join(", "))
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    #[test]
    fn requests_are_read_and_bad_ones_reported() {
        let mut errors = Vec::new();
        let r = request(&[parse_quote!(#[asyncapi(message = "m")])], &mut errors);
        assert!(matches!(r, Request::Message(l) if l.value() == "m"));
        let r = request(&[parse_quote!(#[asyncapi(schema = "s")])], &mut errors);
        assert!(matches!(r, Request::Schema(_)));
        assert!(errors.is_empty());
        request(&[parse_quote!(#[asyncapi(topic = "x")])], &mut errors);
        request(
            &[parse_quote!(#[asyncapi(message = "a", schema = "b")])],
            &mut errors,
        );
        assert_eq!(errors.len(), 2);
        let mut attrs: Vec<Attribute> = vec![
            parse_quote!(#[asyncapi(message = "m")]),
            parse_quote!(#[derive(Debug)]),
        ];
        strip(&mut attrs);
        assert_eq!(attrs.len(), 1);
    }

    #[test]
    fn suggestions_put_the_closest_first() {
        assert_eq!(distance("kitten", "sitting"), 3);
        let s = suggest(
            "userSignedUp",
            &["lightMeasured", "userSignedup"],
            "messages",
        );
        assert!(s.starts_with("closest messages: `userSignedup`"), "{s}");
    }
}
