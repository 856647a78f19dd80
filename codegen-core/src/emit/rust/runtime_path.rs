//! Where generated Rust finds the runtime crate.
//!
//! Generated code names the runtime by its absolute path, `::asyncapi_codegen_runtime::…`, so
//! no `use` of the user's can shadow it. A user who renamed the dependency in `Cargo.toml`
//! (`rt = { package = "asyncapi-codegen-runtime" }`) or re-exports it from a crate of their
//! own says where it is (`crate = "::rt"` in `asyncapi!`, `Config::runtime_crate` in a
//! build script), and [`rebase`] rewrites every such path, as serde's `#[serde(crate = "…")]`
//! does.

use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};

/// The runtime crate's name in the paths generated code uses.
pub const RUNTIME_CRATE: &str = "asyncapi_codegen_runtime";

/// Parses a user's runtime path (`::rt`, `rt`, `my_crate::rt`). `None`, with the reason,
/// when it is not a plain path.
pub fn parse_runtime_path(text: &str) -> Result<TokenStream, String> {
    let trimmed = text.trim();
    let body = trimmed.strip_prefix("::").unwrap_or(trimmed);
    let plain = !body.is_empty()
        && body.split("::").all(|segment| {
            let mut chars = segment.chars();
            chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
                && chars.all(|c| c == '_' || c.is_alphanumeric())
        });
    if !plain {
        return Err(format!(
            "`{text}` is not a path to a crate; write it as `::my_runtime` or `my_crate::runtime`"
        ));
    }
    trimmed
        .parse()
        .map_err(|e| format!("`{text}` is not a path: {e}"))
}

/// Replaces every absolute `::asyncapi_codegen_runtime` path prefix in `tokens` by `path`.
/// Paths that merely end in a segment of that name (`channels::asyncapi_codegen_runtime`)
/// are left alone: only a `::` that starts a path is rewritten.
pub fn rebase(tokens: TokenStream, path: &TokenStream) -> TokenStream {
    let input: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        if starts_runtime_path(&input, i) {
            out.extend(path.clone());
            i += 3;
            continue;
        }
        match &input[i] {
            TokenTree::Group(group) => {
                let mut rebuilt = Group::new(group.delimiter(), rebase(group.stream(), path));
                rebuilt.set_span(group.span());
                out.push(TokenTree::Group(rebuilt));
            }
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out.into_iter().collect()
}

/// Keywords after which a `::` starts a new path (`self`, `super` and `crate` are path
/// segments, so they are not here).
const STARTS_A_PATH: &[&str] = &[
    "as", "break", "const", "dyn", "else", "enum", "fn", "for", "if", "impl", "in", "let", "match",
    "mut", "pub", "ref", "return", "static", "struct", "trait", "type", "unsafe", "use", "where",
    "while", "yield",
];

/// `tokens[i..]` is `:` `:` `asyncapi_codegen_runtime`, and the `::` starts a path (nothing
/// before it that could be a path segment or a `>` of a qualified path).
fn starts_runtime_path(tokens: &[TokenTree], i: usize) -> bool {
    let colon =
        |t: Option<&TokenTree>| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == ':');
    if !(colon(tokens.get(i)) && colon(tokens.get(i + 1))) {
        return false;
    }
    if !matches!(tokens.get(i + 2), Some(TokenTree::Ident(id)) if id == RUNTIME_CRATE) {
        return false;
    }
    match i.checked_sub(1).map(|p| &tokens[p]) {
        None => true,
        // `x::asyncapi_codegen_runtime` continues a path; `impl ::…`, `as ::…` start one.
        Some(TokenTree::Ident(id)) => STARTS_A_PATH.contains(&id.to_string().as_str()),
        // A lone `:` (`field: ::…`) starts a path; the second `:` of a `::` does not.
        Some(TokenTree::Punct(p)) if p.as_char() == ':' => !matches!(
            i.checked_sub(2).map(|q| &tokens[q]),
            Some(TokenTree::Punct(q)) if q.as_char() == ':' && q.spacing() == Spacing::Joint
        ),
        Some(TokenTree::Punct(p)) => p.as_char() != '>',
        Some(TokenTree::Group(g)) => g.delimiter() == Delimiter::None,
        Some(TokenTree::Literal(_)) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn rewrites_absolute_runtime_paths_only() {
        let path = parse_runtime_path("::rt").unwrap();
        let code = quote! {
            impl ::asyncapi_codegen_runtime::CheckedAgainst for X {}
            struct S { field: ::asyncapi_codegen_runtime::serde_json::Value }
            fn f(x: Vec<::asyncapi_codegen_runtime::topic::TopicError>) {
                channels::asyncapi_codegen_runtime::f();
                crate::asyncapi_codegen_runtime::g();
                let y: &dyn ::asyncapi_codegen_runtime::mqtt::Channel = z;
                <T as ::asyncapi_codegen_runtime::mqtt::Channel>::ADDRESS;
            }
            const S: &str = "::asyncapi_codegen_runtime";
        };
        let out = rebase(code, &path).to_string();
        assert!(
            !out.contains(":: asyncapi_codegen_runtime :: CheckedAgainst"),
            "{out}"
        );
        assert!(out.contains("impl :: rt :: CheckedAgainst for X"), "{out}");
        assert!(
            out.contains("field : :: rt :: serde_json :: Value"),
            "{out}"
        );
        assert!(
            out.contains("Vec < :: rt :: topic :: TopicError >"),
            "{out}"
        );
        assert!(out.contains("< T as :: rt :: mqtt :: Channel >"), "{out}");
        assert!(
            out.contains("channels :: asyncapi_codegen_runtime :: f"),
            "{out}"
        );
        assert!(out.contains("\"::asyncapi_codegen_runtime\""), "{out}");
    }

    #[test]
    fn runtime_paths_are_plain_paths() {
        assert!(parse_runtime_path("rt").is_ok());
        assert!(parse_runtime_path("my_app::contract::rt").is_ok());
        assert!(parse_runtime_path("::rt").is_ok());
        for bad in ["", "::", "a::", "a b", "a;b", "\"x\"", "a::{b}", "1a"] {
            assert!(parse_runtime_path(bad).is_err(), "{bad}");
        }
    }
}
