//! Rust identifiers for generated items: fields, variants, modules and constants.
//!
//! Type names come from the model ([`crate::model::TypeDef::name`]) so that Rust and
//! TypeScript agree; everything here only derives *Rust-side* names, which the TypeScript
//! side never sees. Every function returns a valid identifier for any input (spec text can
//! be anything), so building an [`proc_macro2::Ident`] from the result never panics.

use proc_macro2::{Ident, Span};
use std::collections::BTreeSet;

/// Keywords that cannot be identifiers, strict and reserved (all editions).
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot even be raw identifiers (`r#self` is rejected by rustc).
const NOT_RAW: &[&str] = &["Self", "self", "super", "crate", "_"];

/// Splits text into lower-case ASCII alphanumeric words, breaking at non-alphanumerics and
/// at lower→upper and letter↔digit-free camel humps (`displayName` → `display`, `name`;
/// `HTTPServer` → `http`, `server`).
fn words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `snake_case` identifier text for `text`, never empty, never starting with a digit.
/// Keywords become raw identifiers (`type` → `r#type`), except those that cannot
/// (`self` → `self_`).
pub fn snake_case(text: &str, fallback: &str) -> String {
    let mut s = words(text).join("_");
    if s.is_empty() {
        s = fallback.to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("{fallback}_{s}");
    }
    keyword_safe(s)
}

/// `PascalCase` identifier text for `text` (enum variants), never empty, never starting
/// with a digit.
pub fn pascal_case(text: &str, fallback: &str) -> String {
    let mut s: String = words(text)
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    if s.is_empty() {
        s = fallback.to_string();
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("{fallback}{s}");
    }
    keyword_safe(s)
}

fn keyword_safe(s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s.as_str()) {
        format!("r#{s}")
    } else {
        s
    }
}

/// True when `s` is a plain (non-raw) Rust identifier that is not a keyword.
pub fn is_plain_ident(s: &str) -> bool {
    let mut chars = s.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c == '_' || c.is_ascii_alphabetic());
    first_ok
        && s != "_"
        && s.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !KEYWORDS.contains(&s)
}

/// An [`Ident`] for text made by this module, a model type name, or anything else:
/// raw identifiers are built as such, and text that is not a valid identifier is
/// re-derived through [`pascal_case`] instead of panicking.
pub fn ident(text: &str) -> Ident {
    if let Some(raw) = text.strip_prefix("r#") {
        if KEYWORDS.contains(&raw) && !NOT_RAW.contains(&raw) {
            return Ident::new_raw(raw, Span::call_site());
        }
    }
    if is_plain_ident(text) {
        return Ident::new(text, Span::call_site());
    }
    let safe = pascal_case(text, "Type");
    match safe.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(&safe, Span::call_site()),
    }
}

/// The name as it appears to serde: the identifier without a raw prefix.
pub fn unraw(text: &str) -> &str {
    text.strip_prefix("r#").unwrap_or(text)
}

/// Hands out names unique within one scope, in call order, by suffixing `_2`, `_3`, … (or
/// `2`, `3`, … for PascalCase names) to repeats. Deterministic for a deterministic order.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| unraw(s).to_string()).collect(),
        }
    }

    /// `name` if still free, else the first free suffixed form. Returns identifier text.
    pub fn claim(&mut self, name: &str) -> String {
        let base = unraw(name);
        if self.taken.insert(base.to_string()) {
            return name.to_string();
        }
        let sep = if base.contains('_') || base.chars().all(|c| !c.is_ascii_uppercase()) {
            "_"
        } else {
            ""
        };
        let mut n = 2usize;
        loop {
            let candidate = format!("{base}{sep}{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_humps_and_separators() {
        assert_eq!(snake_case("displayName", "field"), "display_name");
        assert_eq!(snake_case("HTTPServer", "field"), "http_server");
        assert_eq!(snake_case("lumens-level", "field"), "lumens_level");
        assert_eq!(snake_case("user/signedup", "field"), "user_signedup");
        assert_eq!(snake_case("$ref", "field"), "r#ref");
        assert_eq!(snake_case("type", "field"), "r#type");
        assert_eq!(snake_case("self", "field"), "self_");
        assert_eq!(snake_case("123abc", "field"), "field_123abc");
        assert_eq!(snake_case("", "field"), "field");
        assert_eq!(snake_case("日本", "field"), "field");
    }

    #[test]
    fn pascal_case_makes_variants() {
        assert_eq!(pascal_case("on", "V"), "On");
        assert_eq!(pascal_case("turn-off", "V"), "TurnOff");
        assert_eq!(pascal_case("", "Empty"), "Empty");
        assert_eq!(pascal_case("1st", "V"), "V1st");
        assert_eq!(pascal_case("Self", "V"), "Self_");
    }

    #[test]
    fn idents_never_panic() {
        for text in [
            "r#type", "r#self", "self", "a b", "", "1", "Self", "_", "ok_name", "über",
        ] {
            let _ = ident(text);
        }
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("a b").to_string(), "AB");
    }

    #[test]
    fn scopes_suffix_repeats_deterministically() {
        let mut s = Scope::with_reserved(&["extra"]);
        assert_eq!(s.claim("extra"), "extra_2");
        assert_eq!(s.claim("extra"), "extra_3");
        assert_eq!(s.claim("On"), "On");
        assert_eq!(s.claim("On"), "On2");
        assert_eq!(s.claim("r#type"), "r#type");
        assert_eq!(s.claim("r#type"), "type_2");
    }
}
