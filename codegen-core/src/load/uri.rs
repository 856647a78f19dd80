//! URI references resolved against a base URI (RFC 3986 §5.2), for JSON Schema `$id`
//! and `$ref`.
//!
//! Only what `$id` scoping needs: splitting into components, merging paths and removing
//! dot segments. No percent-decoding or case normalisation: identifiers and references
//! are compared exactly as the same algorithm produces them, on both sides.

/// The five components of a URI reference (RFC 3986 §3), borrowed from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Parts<'a> {
    scheme: Option<&'a str>,
    authority: Option<&'a str>,
    path: &'a str,
    query: Option<&'a str>,
    fragment: Option<&'a str>,
}

/// A scheme is a letter followed by letters, digits, `+`, `-` or `.` (RFC 3986 §3.1).
fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Splits a reference with the regular expression of RFC 3986 appendix B.
fn parse(text: &str) -> Parts<'_> {
    let (rest, fragment) = match text.split_once('#') {
        Some((r, f)) => (r, Some(f)),
        None => (text, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let (scheme, rest) = match rest.find([':', '/']) {
        Some(i) if rest.as_bytes()[i] == b':' && is_scheme(&rest[..i]) => {
            (Some(&rest[..i]), &rest[i + 1..])
        }
        _ => (None, rest),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            (Some(&after[..end]), &after[end..])
        }
        None => (None, rest),
    };
    Parts {
        scheme,
        authority,
        path,
        query,
        fragment,
    }
}

/// True when `text` is an absolute URI or carries a scheme (`http:`, `urn:`, `file:`).
#[cfg(test)]
fn has_scheme(text: &str) -> bool {
    parse(text).scheme.is_some()
}

/// RFC 3986 §5.2.4.
fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut output = String::with_capacity(path.len());
    while !input.is_empty() {
        if let Some(rest) = input.strip_prefix("../") {
            input = rest;
        } else if let Some(rest) = input.strip_prefix("./") {
            input = rest;
        } else if input.starts_with("/./") {
            input = &input[2..];
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") || input == "/.." {
            input = if input == "/.." { "/" } else { &input[3..] };
            match output.rfind('/') {
                Some(i) => output.truncate(i),
                None => output.clear(),
            }
        } else if input == "." || input == ".." {
            input = "";
        } else {
            // Move the first segment (with its leading `/`, if any) to the output.
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| i + start);
            output.push_str(&input[..end]);
            input = &input[end..];
        }
    }
    output
}

/// RFC 3986 §5.2.3.
fn merge(base: &Parts<'_>, path: &str) -> String {
    if base.authority.is_some() && base.path.is_empty() {
        return format!("/{path}");
    }
    match base.path.rfind('/') {
        Some(i) => format!("{}{path}", &base.path[..=i]),
        None => path.to_string(),
    }
}

/// The target URI of `reference` written where the base URI is `base` (RFC 3986 §5.2.2).
/// `None` when `base` is not absolute.
pub fn resolve(base: &str, reference: &str) -> Option<String> {
    let b = parse(base);
    let scheme = b.scheme?;
    let r = parse(reference);
    let (scheme, authority, path, query) = if let Some(s) = r.scheme {
        (s, r.authority, remove_dot_segments(r.path), r.query)
    } else if r.authority.is_some() {
        (scheme, r.authority, remove_dot_segments(r.path), r.query)
    } else if r.path.is_empty() {
        (scheme, b.authority, b.path.to_string(), r.query.or(b.query))
    } else if r.path.starts_with('/') {
        (scheme, b.authority, remove_dot_segments(r.path), r.query)
    } else {
        (
            scheme,
            b.authority,
            remove_dot_segments(&merge(&b, r.path)),
            r.query,
        )
    };
    let mut out = String::with_capacity(base.len() + reference.len());
    out.push_str(scheme);
    out.push(':');
    if let Some(a) = authority {
        out.push_str("//");
        out.push_str(a);
    }
    out.push_str(&path);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    if let Some(f) = r.fragment {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
}

/// Splits a URI into the part before `#` and the fragment (empty when there is none).
pub fn split_fragment(uri: &str) -> (&str, &str) {
    match uri.split_once('#') {
        Some((doc, fragment)) => (doc, fragment),
        None => (uri, ""),
    }
}

/// A `file:` URI for a path, the base URI of a file without `$id` (RFC 8089). The path is
/// made absolute (against the working directory, without touching the file), so that two
/// files never share a base; `%`, `#`, `?` and spaces are percent-encoded so that they
/// stay part of the path.
pub fn for_path(path: &std::path::Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !text.starts_with('/') {
        out.push('/');
    }
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            ' ' => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_resolve_as_in_rfc_3986_section_5_4() {
        let base = "http://a/b/c/d;p?q";
        for (reference, target) in [
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            (";x", "http://a/b/c/;x"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("..g", "http://a/b/c/..g"),
            ("./../g", "http://a/b/g"),
            ("g/./h", "http://a/b/c/g/h"),
            ("g/../h", "http://a/b/c/h"),
        ] {
            assert_eq!(
                resolve(base, reference).as_deref(),
                Some(target),
                "{reference}"
            );
        }
    }

    #[test]
    fn urns_keep_their_path_and_query() {
        let base = "urn:example:weather?=op=map&lat=39.56";
        assert_eq!(
            resolve(base, "#/definitions/bar").as_deref(),
            Some("urn:example:weather?=op=map&lat=39.56#/definitions/bar")
        );
        assert_eq!(
            resolve("file:///a/b.json", "urn:uuid:1#x").as_deref(),
            Some("urn:uuid:1#x")
        );
        assert_eq!(resolve("relative/base", "x"), None);
    }

    #[cfg(unix)]
    #[test]
    fn file_uris_are_absolute_and_escaped() {
        let uri = for_path(std::path::Path::new("/tmp/a b#c.json"));
        assert_eq!(uri, "file:///tmp/a%20b%23c.json");
        assert!(has_scheme(&for_path(std::path::Path::new("rel/x.yaml"))));
        assert!(!has_scheme("../x.yaml"));
        assert!(!has_scheme("#/definitions/x"));
        assert_eq!(split_fragment("urn:x#/a"), ("urn:x", "/a"));
    }
}
