//! The `#[serde(...)]` attributes that change a type's JSON form, read the way serde reads
//! them.
//!
//! Interpreted: `rename` (also the `serialize`/`deserialize` form), `rename_all` (every case
//! convention serde knows), `default`, `skip`, `skip_serializing`, `skip_deserializing`,
//! `skip_serializing_if`, `alias`, `transparent`, `deny_unknown_fields`. Rejected with an
//! error, because the field-by-field comparison cannot model them: `flatten`, `tag`,
//! `content`, `untagged`, `from`/`into`/`try_from`, `remote` and custom
//! `with`/`serialize_with`/`deserialize_with` (except `time::serde::rfc3339`). Attributes that
//! do not change the JSON form (`bound`, `borrow`, `crate`, `expecting`, ...) are ignored.

use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, LitStr};

/// A `rename_all` case convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameRule {
    /// `lowercase`.
    Lower,
    /// `UPPERCASE`.
    Upper,
    /// `PascalCase`.
    Pascal,
    /// `camelCase`.
    Camel,
    /// `snake_case`.
    Snake,
    /// `SCREAMING_SNAKE_CASE`.
    ScreamingSnake,
    /// `kebab-case`.
    Kebab,
    /// `SCREAMING-KEBAB-CASE`.
    ScreamingKebab,
}

impl RenameRule {
    /// Every rule with its serde spelling.
    const ALL: [(&'static str, RenameRule); 8] = [
        ("lowercase", RenameRule::Lower),
        ("UPPERCASE", RenameRule::Upper),
        ("PascalCase", RenameRule::Pascal),
        ("camelCase", RenameRule::Camel),
        ("snake_case", RenameRule::Snake),
        ("SCREAMING_SNAKE_CASE", RenameRule::ScreamingSnake),
        ("kebab-case", RenameRule::Kebab),
        ("SCREAMING-KEBAB-CASE", RenameRule::ScreamingKebab),
    ];

    /// Parses a serde spelling.
    pub fn from_name(name: &str) -> Option<RenameRule> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, r)| *r)
    }

    /// Renames a struct field (written in snake_case), exactly as serde does.
    pub fn apply_to_field(self, field: &str) -> String {
        match self {
            RenameRule::Lower | RenameRule::Snake => field.to_string(),
            RenameRule::Upper | RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Pascal => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for ch in field.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(ch.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(ch);
                    }
                }
                pascal
            }
            RenameRule::Camel => lower_first(&RenameRule::Pascal.apply_to_field(field)),
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
        }
    }

    /// Renames an enum variant (written in PascalCase), exactly as serde does.
    pub fn apply_to_variant(self, variant: &str) -> String {
        match self {
            RenameRule::Pascal => variant.to_string(),
            RenameRule::Lower => variant.to_ascii_lowercase(),
            RenameRule::Upper => variant.to_ascii_uppercase(),
            RenameRule::Camel => lower_first(variant),
            RenameRule::Snake => {
                let mut snake = String::new();
                for (i, ch) in variant.char_indices() {
                    if i > 0 && ch.is_uppercase() {
                        snake.push('_');
                    }
                    snake.push(ch.to_ascii_lowercase());
                }
                snake
            }
            RenameRule::ScreamingSnake => RenameRule::Snake
                .apply_to_variant(variant)
                .to_ascii_uppercase(),
            RenameRule::Kebab => RenameRule::Snake
                .apply_to_variant(variant)
                .replace('_', "-"),
            RenameRule::ScreamingKebab => RenameRule::ScreamingSnake
                .apply_to_variant(variant)
                .replace('_', "-"),
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_ascii_lowercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// A name that may differ between serialising and deserialising.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names<T> {
    /// The serialising side.
    pub ser: Option<T>,
    /// The deserialising side.
    pub de: Option<T>,
}

impl<T> Default for Names<T> {
    fn default() -> Self {
        Names {
            ser: None,
            de: None,
        }
    }
}

/// Container attributes of a struct or enum.
#[derive(Debug, Clone, Default)]
pub struct ContainerAttrs {
    /// `rename_all`.
    pub rename_all: Names<RenameRule>,
    /// `default`: missing fields take the container's `Default` values.
    pub default: bool,
    /// `transparent`: the one field is the JSON form.
    pub transparent: bool,
}

/// Field attributes.
#[derive(Debug, Clone, Default)]
pub struct FieldAttrs {
    /// `rename`, with the literal's span.
    pub rename: Names<(String, Span)>,
    /// `alias` names.
    pub aliases: Vec<(String, Span)>,
    /// `default` (any form).
    pub default: bool,
    /// Never serialised (`skip` or `skip_serializing`).
    pub skip_ser: bool,
    /// Never deserialised (`skip` or `skip_deserializing`).
    pub skip_de: bool,
    /// `skip_serializing_if`, with its span: the property may be left out.
    pub skip_serializing_if: Option<Span>,
    /// `with = "time::serde::rfc3339"` (or its `::option` form): a `date-time` string.
    pub rfc3339: bool,
    /// `flatten` (rejected; the field is left out of the comparison).
    pub flatten: bool,
}

/// Variant attributes.
#[derive(Debug, Clone, Default)]
pub struct VariantAttrs {
    /// `rename`.
    pub rename: Names<(String, Span)>,
    /// `alias` names.
    pub aliases: Vec<(String, Span)>,
    /// `skip`, `skip_serializing` or `skip_deserializing`: the variant is not a wire value.
    pub skip: bool,
    /// `other`: the catch-all variant for unknown values.
    pub other: bool,
}

fn rejected(meta: &ParseNestedMeta, what: &str, why: &str) -> syn::Error {
    meta.error(format!(
        "`#[serde({what})]` is not supported by `asyncapi!` check mode: {why}"
    ))
}

/// Consumes the value of an attribute we do not interpret (`= expr` or `(...)`), so that
/// parsing continues with the next one.
fn ignore(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        meta.value()?.parse::<syn::Expr>()?;
    } else if meta.input.peek(syn::token::Paren) {
        meta.parse_nested_meta(|inner| ignore(&inner))?;
    }
    Ok(())
}

fn lit(meta: &ParseNestedMeta) -> syn::Result<LitStr> {
    meta.value()?.parse::<LitStr>()
}

/// Reads `name = "x"` or `name(serialize = "x", deserialize = "y")`.
fn names<T>(
    meta: &ParseNestedMeta,
    convert: impl Fn(&LitStr) -> syn::Result<T>,
) -> syn::Result<Names<T>> {
    if meta.input.peek(syn::Token![=]) {
        let l = lit(meta)?;
        let v = convert(&l)?;
        let second = convert(&l)?;
        return Ok(Names {
            ser: Some(v),
            de: Some(second),
        });
    }
    let mut out = Names {
        ser: None,
        de: None,
    };
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("serialize") {
            out.ser = Some(convert(&lit(&inner)?)?);
        } else if inner.path.is_ident("deserialize") {
            out.de = Some(convert(&lit(&inner)?)?);
        } else {
            return Err(inner.error("expected `serialize` or `deserialize`"));
        }
        Ok(())
    })?;
    Ok(out)
}

fn rule(l: &LitStr) -> syn::Result<RenameRule> {
    RenameRule::from_name(&l.value()).ok_or_else(|| {
        let known: Vec<&str> = RenameRule::ALL.iter().map(|(n, _)| *n).collect();
        syn::Error::new(
            l.span(),
            format!(
                "unknown rename rule `{}`; serde knows {}",
                l.value(),
                known.join(", ")
            ),
        )
    })
}

fn spanned(l: &LitStr) -> syn::Result<(String, Span)> {
    Ok((l.value(), l.span()))
}

/// Calls `each` for every nested meta of every `#[serde(...)]` attribute, collecting errors.
fn for_each_serde(
    attrs: &[Attribute],
    errors: &mut Vec<syn::Error>,
    mut each: impl FnMut(&ParseNestedMeta) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        if let Err(e) = attr.parse_nested_meta(|meta| each(&meta)) {
            errors.push(e);
        }
    }
}

/// Reads the container attributes of a struct or enum.
pub fn container(attrs: &[Attribute], errors: &mut Vec<syn::Error>) -> ContainerAttrs {
    let mut out = ContainerAttrs::default();
    for_each_serde(attrs, errors, |meta| {
        let p = &meta.path;
        if p.is_ident("rename_all") {
            out.rename_all = names(meta, rule)?;
        } else if p.is_ident("default") {
            out.default = true;
            ignore(meta)?;
        } else if p.is_ident("transparent") {
            out.transparent = true;
        } else if p.is_ident("tag") || p.is_ident("content") {
            return Err(rejected(
                meta,
                "tag/content",
                "the tag field is not a property of the schema; model the tag as a field checked against the schema's discriminator property, or use generate mode",
            ));
        } else if p.is_ident("untagged") {
            return Err(rejected(
                meta,
                "untagged",
                "an untagged enum is a oneOf union; use generate mode for unions or `serde_json::Value`",
            ));
        } else if p.is_ident("from") || p.is_ident("try_from") || p.is_ident("into") {
            return Err(rejected(
                meta,
                "from/try_from/into",
                "the JSON form is another type's; check that type instead",
            ));
        } else if p.is_ident("remote") {
            return Err(rejected(
                meta,
                "remote",
                "the checked type must be the one serialised",
            ));
        } else if p.is_ident("variant_identifier") || p.is_ident("field_identifier") {
            return Err(rejected(
                meta,
                "variant_identifier/field_identifier",
                "identifier enums are not payloads",
            ));
        } else {
            // rename (the container's own name is not on the wire), deny_unknown_fields,
            // bound, crate, expecting, rename_all_fields (struct variants only): no effect.
            ignore(meta)?;
        }
        Ok(())
    });
    out
}

/// Reads the attributes of a struct field.
pub fn field(attrs: &[Attribute], errors: &mut Vec<syn::Error>) -> FieldAttrs {
    let mut out = FieldAttrs::default();
    for_each_serde(attrs, errors, |meta| {
        let p = &meta.path;
        if p.is_ident("rename") {
            out.rename = names(meta, spanned)?;
        } else if p.is_ident("alias") {
            out.aliases.push(spanned(&lit(meta)?)?);
        } else if p.is_ident("default") {
            out.default = true;
            ignore(meta)?;
        } else if p.is_ident("skip") {
            out.skip_ser = true;
            out.skip_de = true;
        } else if p.is_ident("skip_serializing") {
            out.skip_ser = true;
        } else if p.is_ident("skip_deserializing") {
            out.skip_de = true;
        } else if p.is_ident("skip_serializing_if") {
            out.skip_serializing_if = Some(p.segments[0].ident.span());
            ignore(meta)?;
        } else if p.is_ident("flatten") {
            out.flatten = true;
            return Err(rejected(
                meta,
                "flatten",
                "the flattened struct's fields would have to be compared with this schema's properties; list the fields here instead",
            ));
        } else if p.is_ident("with")
            || p.is_ident("serialize_with")
            || p.is_ident("deserialize_with")
        {
            let l = lit(meta)?;
            let path = l.value();
            if path == "time::serde::rfc3339" || path == "time::serde::rfc3339::option" {
                out.rfc3339 = true;
            } else {
                return Err(syn::Error::new(
                    l.span(),
                    format!(
                        "`#[serde({} = \"{path}\")]` is not supported by `asyncapi!` check mode: the JSON form is decided by `{path}`, which the macro cannot see; use a type whose own serde form fits the schema",
                        p.segments[0].ident
                    ),
                ));
            }
        } else {
            // borrow, bound, getter: no effect on the JSON form.
            ignore(meta)?;
        }
        Ok(())
    });
    out
}

/// Reads the attributes of an enum variant.
pub fn variant(attrs: &[Attribute], errors: &mut Vec<syn::Error>) -> VariantAttrs {
    let mut out = VariantAttrs::default();
    for_each_serde(attrs, errors, |meta| {
        let p = &meta.path;
        if p.is_ident("rename") {
            out.rename = names(meta, spanned)?;
        } else if p.is_ident("alias") {
            out.aliases.push(spanned(&lit(meta)?)?);
        } else if p.is_ident("skip")
            || p.is_ident("skip_serializing")
            || p.is_ident("skip_deserializing")
        {
            out.skip = true;
        } else if p.is_ident("other") {
            out.other = true;
        } else if p.is_ident("untagged") {
            return Err(rejected(
                meta,
                "untagged",
                "an untagged variant is a oneOf member; use generate mode for unions",
            ));
        } else {
            ignore(meta)?;
        }
        Ok(())
    });
    out
}

/// `r#type` → `type`: serde names raw identifiers without the prefix.
pub fn unraw(ident: &syn::Ident) -> String {
    let s = ident.to_string();
    s.strip_prefix("r#").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use syn::parse_quote;

    #[test]
    fn field_rules_match_serde() {
        let cases = [
            (RenameRule::Lower, "very_tasty"),
            (RenameRule::Upper, "VERY_TASTY"),
            (RenameRule::Pascal, "VeryTasty"),
            (RenameRule::Camel, "veryTasty"),
            (RenameRule::Snake, "very_tasty"),
            (RenameRule::ScreamingSnake, "VERY_TASTY"),
            (RenameRule::Kebab, "very-tasty"),
            (RenameRule::ScreamingKebab, "VERY-TASTY"),
        ];
        for (rule, expected) in cases {
            assert_eq!(rule.apply_to_field("very_tasty"), expected, "{rule:?}");
        }
        assert_eq!(RenameRule::Camel.apply_to_field("a"), "a");
    }

    #[test]
    fn variant_rules_match_serde() {
        let cases = [
            (RenameRule::Lower, "verytasty"),
            (RenameRule::Upper, "VERYTASTY"),
            (RenameRule::Pascal, "VeryTasty"),
            (RenameRule::Camel, "veryTasty"),
            (RenameRule::Snake, "very_tasty"),
            (RenameRule::ScreamingSnake, "VERY_TASTY"),
            (RenameRule::Kebab, "very-tasty"),
            (RenameRule::ScreamingKebab, "VERY-TASTY"),
        ];
        for (rule, expected) in cases {
            assert_eq!(rule.apply_to_variant("VeryTasty"), expected, "{rule:?}");
        }
    }

    #[test]
    fn attributes_are_read_and_unknown_ones_skipped() {
        let mut errors = Vec::new();
        let attrs: Vec<Attribute> = vec![
            parse_quote!(#[serde(rename_all(serialize = "camelCase", deserialize = "kebab-case"), default, bound(serialize = "T: X"))]),
            parse_quote!(#[derive(Debug)]),
        ];
        let c = container(&attrs, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(c.rename_all.ser, Some(RenameRule::Camel));
        assert_eq!(c.rename_all.de, Some(RenameRule::Kebab));
        assert!(c.default);

        let attrs: Vec<Attribute> = vec![
            parse_quote!(#[serde(rename = "x", alias = "y", skip_serializing_if = "Option::is_none", default = "zero")]),
        ];
        let f = field(&attrs, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(f.rename.ser.unwrap().0, "x");
        assert_eq!(f.aliases[0].0, "y");
        assert!(f.default && f.skip_serializing_if.is_some());
    }

    #[test]
    fn unmodelled_attributes_are_rejected() {
        let mut errors = Vec::new();
        field(&[parse_quote!(#[serde(flatten)])], &mut errors);
        container(&[parse_quote!(#[serde(tag = "type")])], &mut errors);
        container(&[parse_quote!(#[serde(untagged)])], &mut errors);
        field(&[parse_quote!(#[serde(with = "my::format")])], &mut errors);
        container(
            &[parse_quote!(#[serde(rename_all = "Title Case")])],
            &mut errors,
        );
        assert_eq!(errors.len(), 5);
        assert!(errors[0].to_string().contains("flatten"));
        let ok = field(
            &[parse_quote!(#[serde(with = "time::serde::rfc3339")])],
            &mut errors,
        );
        assert!(ok.rfc3339);
        assert_eq!(errors.len(), 5);
    }
}
