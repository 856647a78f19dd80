//! Doc comments from spec text.
//!
//! Spec descriptions are Markdown written for humans, and rustdoc compiles Rust code blocks
//! in public docs as doctests. A fence without a language, or a block indented by four
//! spaces, would become a failing doctest in the user's crate, so fences get an explicit
//! `text` language and indentation outside fences is trimmed. The text always reaches the
//! output as a string literal token (`#[doc = "..."]`), never as spliced source.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = " line"]` attributes for `text` (nothing for empty text).
pub(super) fn doc_attrs(text: &str) -> TokenStream {
    let text = crate::emit::comment_text::visible(text);
    let text = text.trim();
    let mut out = TokenStream::new();
    if text.is_empty() {
        return out;
    }
    let mut in_fence: Option<String> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        let fence: String = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        let is_fence = fence.len() >= 3
            && fence
                .chars()
                .all(|c| c == fence.chars().next().unwrap_or('`'));
        let doc_line = match (&in_fence, is_fence) {
            (None, true) => {
                let info = trimmed[fence.len()..].trim();
                in_fence = Some(fence.clone());
                if info.is_empty() || is_rust_info(info) {
                    format!("{fence}text")
                } else {
                    trimmed.to_string()
                }
            }
            (Some(open), true)
                if fence.starts_with(open.as_str()) && trimmed[fence.len()..].trim().is_empty() =>
            {
                in_fence = None;
                trimmed.to_string()
            }
            (Some(_), _) => line.to_string(),
            (None, false) => trimmed.to_string(),
        };
        let doc = if doc_line.is_empty() {
            String::new()
        } else {
            format!(" {doc_line}")
        };
        out.extend(quote!(#[doc = #doc]));
    }
    if let Some(open) = in_fence {
        // Close an unterminated fence so it cannot swallow the generated docs after it.
        let doc = format!(" {open}");
        out.extend(quote!(#[doc = #doc]));
    }
    out
}

/// Fence info strings rustdoc would treat as Rust (and so compile).
fn is_rust_info(info: &str) -> bool {
    info.split([',', ' '])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .all(|w| {
            matches!(
                w,
                "rust"
                    | "ignore"
                    | "should_panic"
                    | "no_run"
                    | "compile_fail"
                    | "edition2015"
                    | "edition2018"
                    | "edition2021"
                    | "edition2024"
                    | "test_harness"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        let tokens = doc_attrs(text).to_string();
        tokens
            .split("# [doc = ")
            .skip(1)
            .map(|s| s.trim().trim_end_matches(']').trim().to_string())
            .collect()
    }

    #[test]
    fn fences_and_indented_blocks_cannot_become_doctests() {
        let l = lines(
            "Intro\n```\nlet x = 1;\n```\n    indented\n```rust\nfn a() {}\n```\n```json\n{}\n```",
        );
        assert_eq!(
            l,
            vec![
                r#"" Intro""#,
                r#"" ```text""#,
                r#"" let x = 1;""#,
                r#"" ```""#,
                r#"" indented""#,
                r#"" ```text""#,
                r#"" fn a() {}""#,
                r#"" ```""#,
                r#"" ```json""#,
                r#"" {}""#,
                r#"" ```""#,
            ]
        );
    }

    #[test]
    fn quotes_and_comment_closers_stay_inside_the_literal() {
        let l = lines("say \"hi\" */ #[attr]\n\nunterminated\n```");
        assert_eq!(l[0], r#"" say \"hi\" */ #[attr]""#);
        assert_eq!(l[1], r#""""#);
        assert_eq!(l.last().map(String::as_str), Some(r#"" ```""#));
        assert!(doc_attrs("  \n ").is_empty());
    }
}
