//! Identifier naming: case conversion, reserved words, deterministic de-duplication, shared
//! by the normaliser and the emitters. Not API: public (and hidden from the docs) only so
//! that `tests/type_graph.rs` can check every generated name against the reserved words.
//!
//! Every name the generators emit must be a valid identifier in TypeScript AND Rust, and
//! must not shadow a built-in either language's generated code relies on (`String`,
//! `Promise`, `Option`, ...). The case helpers here only convert case; `type_name`
//! additionally makes the result a safe identifier, and `NameTable`
//! hands out unique names in call order, so the same document always gets the same names.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};

/// Splits `s` into words: runs of ASCII letters and digits, broken at every other character
/// and at camel humps (`userSignedUp` → `user`, `Signed`, `Up`; `HTTPServer` → `HTTP`,
/// `Server`). Non-ASCII characters are separators: identifiers stay ASCII.
pub(crate) fn words(s: &str) -> Vec<&str> {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for i in 0..bytes.len() {
        let c = bytes[i];
        if !c.is_ascii_alphanumeric() {
            if let Some(st) = start.take() {
                out.push(&s[st..i]);
            }
            continue;
        }
        match start {
            None => start = Some(i),
            Some(st) => {
                let prev = bytes[i - 1];
                let next_lower = bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase);
                // `aB` starts a word at B; `ABc` starts a word at B (end of an acronym).
                let hump = c.is_ascii_uppercase()
                    && (prev.is_ascii_lowercase()
                        || prev.is_ascii_digit()
                        || (prev.is_ascii_uppercase() && next_lower));
                if hump {
                    out.push(&s[st..i]);
                    start = Some(i);
                }
            }
        }
    }
    if let Some(st) = start {
        out.push(&s[st..]);
    }
    out
}

/// PascalCase: splits on every non-alphanumeric character and upper-cases the first letter
/// of each piece, keeping inner capitals (`user/signedup` → `UserSignedup`, `userSignedup` →
/// `UserSignedup`, `light-measured` → `LightMeasured`, `HTTPServer` → `HTTPServer`).
/// The result may be empty or start with a digit; see [`type_name`] for a safe identifier.
pub(crate) fn pascal_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pascal_case_into(&mut out, s);
    out
}

/// [`pascal_case`], appended to `out`.
pub(crate) fn pascal_case_into(out: &mut String, s: &str) {
    for piece in s.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = piece.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
}

/// camelCase: [`pascal_case`] with the leading word lower-cased (`UserSignedup` →
/// `userSignedup`, `HTTPServer` → `httpServer`, `URL` → `url`).
pub(crate) fn camel_case(s: &str) -> String {
    let pascal = pascal_case(s);
    let first_len = words(&pascal).first().map_or(0, |w| w.len());
    let mut out = pascal[..first_len].to_ascii_lowercase();
    out.push_str(&pascal[first_len..]);
    out
}

/// TypeScript reserved words, strict-mode reserved words and the contextual keywords that
/// cannot name a type (`type`, `any`, `string`, ...). Case-sensitive, as TypeScript is.
const TS_RESERVED: &[&str] = &[
    "abstract",
    "any",
    "as",
    "asserts",
    "async",
    "await",
    "bigint",
    "boolean",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "constructor",
    "continue",
    "debugger",
    "declare",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "from",
    "function",
    "get",
    "global",
    "if",
    "implements",
    "import",
    "in",
    "infer",
    "instanceof",
    "interface",
    "is",
    "keyof",
    "let",
    "module",
    "namespace",
    "never",
    "new",
    "null",
    "number",
    "object",
    "of",
    "package",
    "private",
    "protected",
    "public",
    "readonly",
    "require",
    "return",
    "satisfies",
    "set",
    "static",
    "string",
    "super",
    "switch",
    "symbol",
    "this",
    "throw",
    "true",
    "try",
    "type",
    "typeof",
    "undefined",
    "unique",
    "unknown",
    "var",
    "void",
    "while",
    "with",
    "yield",
];

/// Rust keywords (strict, reserved and edition-2024 `gen`). Case-sensitive.
const RUST_RESERVED: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names a generated type must not take: TypeScript/JavaScript globals and utility
/// types, Rust prelude items, and names the generated code itself uses (`Protocols`,
/// `MqttClient`). Taking one would shadow the built-in inside the generated module.
const BUILTIN_TYPES: &[&str] = &[
    "AbortController",
    "AbortSignal",
    "Array",
    "ArrayBuffer",
    "ArrayLike",
    "AsMut",
    "AsRef",
    "Awaited",
    "BTreeMap",
    "BigInt",
    "Boolean",
    "Box",
    "Buffer",
    "Capitalize",
    "Clone",
    "ConstructorParameters",
    "Copy",
    "DataView",
    "Date",
    "Default",
    "Deserialize",
    "Drop",
    "Eq",
    "Err",
    "Error",
    "Exclude",
    "Extend",
    "Extract",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Function",
    "Generator",
    "HashMap",
    "Infinity",
    "InstanceType",
    "Intl",
    "Into",
    "IntoIterator",
    "Iterable",
    "Iterator",
    "JSON",
    "Lowercase",
    "Map",
    "Math",
    "MqttClient",
    "NaN",
    "NoInfer",
    "NonNullable",
    "None",
    "Number",
    "Object",
    "Ok",
    "Omit",
    "Option",
    "Ord",
    "Parameters",
    "Partial",
    "PartialEq",
    "PartialOrd",
    "Pick",
    "Promise",
    "PromiseLike",
    "PropertyKey",
    "Protocols",
    "Proxy",
    "Readonly",
    "ReadonlyArray",
    "Record",
    "Reflect",
    "RegExp",
    "Required",
    "Result",
    "ReturnType",
    "Send",
    "Serialize",
    "Set",
    "Sized",
    "Some",
    "String",
    "Symbol",
    "Sync",
    "TextDecoder",
    "TextEncoder",
    "ThisType",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "TypeError",
    "Uint8Array",
    "Uncapitalize",
    "Uppercase",
    "Value",
    "Vec",
    "WeakMap",
    "WeakSet",
];

/// No word of the lists above is longer: longer names skip the search (most type names
/// are long, and this runs once per type).
const LONGEST_WORD: usize = 21;

fn listed(list: &[&str], s: &str) -> bool {
    s.len() <= LONGEST_WORD && list.binary_search(&s).is_ok()
}

/// True when `s` is a TypeScript reserved or contextual keyword (exact case).
pub fn is_reserved_ts(s: &str) -> bool {
    listed(TS_RESERVED, s)
}

/// True when `s` is a Rust keyword (exact case, all editions).
pub fn is_reserved_rust(s: &str) -> bool {
    listed(RUST_RESERVED, s)
}

/// True when `s` would shadow a built-in type of TypeScript or Rust, or a name of the
/// generated client (see the list in the source).
pub fn is_builtin_type(s: &str) -> bool {
    listed(BUILTIN_TYPES, s)
}

/// A PascalCase type identifier valid in TypeScript and Rust, derived from `s`:
/// [`pascal_case`], then `T` in front of a leading digit (`1st` → `T1st`), `Type` for an
/// empty result, and a `Type` suffix for reserved words and built-ins (`Error` →
/// `ErrorType`, `Self` → `SelfType`, and Windows device names: `Con` → `ConType`). A name
/// over [`MAX_TYPE_NAME_LEN`] bytes keeps its start and ends in a hash of the whole name.
pub(crate) fn type_name(s: &str) -> String {
    safe_type_name(pascal_case(s))
}

/// Type names longer than this are shortened (see [`type_name`]): they name files
/// (`payloads/<Name>.ts`), and file systems refuse names over 255 bytes.
pub(crate) const MAX_TYPE_NAME_LEN: usize = 160;

/// Makes an already PascalCase ASCII name safe (see [`type_name`]): a name over
/// [`MAX_TYPE_NAME_LEN`] bytes keeps its first bytes and ends in a hash of the whole name
/// (deterministic, and distinct names stay distinct), and a Windows device name (`Con`,
/// `Aux`, `Com1`, which Windows refuses as a file name with any extension) gets the `Type`
/// suffix as reserved words do.
pub(crate) fn safe_type_name(mut name: String) -> String {
    if name.is_empty() {
        return "Type".to_string();
    }
    if name.as_bytes()[0].is_ascii_digit() {
        name.insert(0, 'T');
    }
    if name.len() > MAX_TYPE_NAME_LEN {
        let hash = fnv1a(name.as_bytes());
        let mut keep = MAX_TYPE_NAME_LEN - 16;
        while !name.is_char_boundary(keep) {
            keep -= 1;
        }
        name = format!("{}{hash:016X}", &name[..keep]);
    }
    if is_reserved_ts(&name)
        || is_reserved_rust(&name)
        || is_builtin_type(&name)
        || is_windows_device_name(&name)
    {
        name.push_str("Type");
    }
    name
}

/// 64-bit FNV-1a: a stable hash (the standard library's may change between releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// True for the names Windows reserves for devices, in any letter case: `CON`, `PRN`,
/// `AUX`, `NUL`, `COM0`–`COM9` and `LPT0`–`LPT9`.
pub(crate) fn is_windows_device_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.as_bytes()[3].is_ascii_digit())
}

/// Hands out unique names in call order: the first caller gets the name as asked, later
/// callers get `2`, `3`, ... appended (`User`, `User2`, `User3`).
///
/// Names are compared case-insensitively, because generated files are named after types and
/// `UserSignedUp.ts` and `UserSignedup.ts` are the same file on macOS and Windows.
/// Lookups are O(1) and allocate nothing per name: the taken names live in one text buffer,
/// found through a case-insensitive hash; a counter per clashing base name remembers where
/// the last search for a free number stopped.
#[derive(Debug, Default, Clone)]
pub(crate) struct NameTable {
    /// Every taken name, concatenated.
    text: String,
    /// `(start, end)` of each taken name in `text`.
    spans: Vec<(usize, usize)>,
    /// Case-insensitive hash → the most recent span with that hash.
    by_hash: HashMap<u64, usize>,
    /// Per span: the previous span with the same hash (`usize::MAX`: none).
    same_hash: Vec<usize>,
    next_suffix: HashMap<String, u64>,
}

fn caseless_hash(name: &str) -> u64 {
    let mut h = DefaultHasher::new();
    for chunk in name.as_bytes().chunks(8) {
        let mut word = [0u8; 8];
        for (w, b) in word.iter_mut().zip(chunk) {
            *w = b.to_ascii_lowercase();
        }
        h.write_u64(u64::from_le_bytes(word));
    }
    h.write_usize(name.len());
    h.finish()
}

impl NameTable {
    /// An empty table.
    pub fn new() -> Self {
        NameTable::default()
    }

    fn find(&self, name: &str, hash: u64) -> bool {
        let mut at = self.by_hash.get(&hash).copied().unwrap_or(usize::MAX);
        while at != usize::MAX {
            let (start, end) = self.spans[at];
            if self.text[start..end].eq_ignore_ascii_case(name) {
                return true;
            }
            at = self.same_hash[at];
        }
        false
    }

    /// Takes `name` if it is free; returns whether it was.
    fn take(&mut self, name: &str) -> bool {
        let hash = caseless_hash(name);
        if self.find(name, hash) {
            return false;
        }
        let start = self.text.len();
        self.text.push_str(name);
        let index = self.spans.len();
        self.spans.push((start, self.text.len()));
        let previous = self.by_hash.insert(hash, index).unwrap_or(usize::MAX);
        self.same_hash.push(previous);
        true
    }

    /// True when `name` (in any letter case) has been handed out or reserved.
    #[cfg(test)]
    pub fn contains(&self, name: &str) -> bool {
        self.find(name, caseless_hash(name))
    }

    /// Takes `name` exactly if it is free and returns whether it was.
    pub fn reserve(&mut self, name: &str) -> bool {
        self.take(name)
    }

    /// Returns `base` if it is free, otherwise `base` followed by the smallest free number
    /// from 2 up; the returned name is taken.
    pub fn unique(&mut self, base: &str) -> String {
        self.unique_owned(base.to_string())
    }

    /// [`NameTable::unique`] for an owned name, which is returned without copying when free.
    pub fn unique_owned(&mut self, base: String) -> String {
        if self.take(&base) {
            return base;
        }
        let key = base.to_ascii_lowercase();
        let mut counter = self.next_suffix.get(&key).copied().unwrap_or(2);
        let mut candidate = String::with_capacity(base.len() + 2);
        loop {
            candidate.clear();
            candidate.push_str(&base);
            candidate.push_str(&counter.to_string());
            counter += 1;
            if self.take(&candidate) {
                self.next_suffix.insert(key, counter);
                return candidate;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_case_splits_on_separators_and_keeps_inner_capitals() {
        assert_eq!(pascal_case("user/signedup"), "UserSignedup");
        assert_eq!(pascal_case("userSignedup"), "UserSignedup");
        assert_eq!(pascal_case("UserSignedUp"), "UserSignedUp");
        assert_eq!(pascal_case("light-measured"), "LightMeasured");
        assert_eq!(pascal_case("light_measured.v2"), "LightMeasuredV2");
        assert_eq!(pascal_case("HTTPServer"), "HTTPServer");
        assert_eq!(pascal_case("$ref"), "Ref");
        assert_eq!(pascal_case("größe"), "GrE");
        assert_eq!(pascal_case("---"), "");
        assert_eq!(pascal_case("1st place"), "1stPlace");
    }

    #[test]
    fn camel_and_snake_case_split_camel_humps() {
        assert_eq!(camel_case("user/signedup"), "userSignedup");
        assert_eq!(camel_case("HTTPServer"), "httpServer");
        assert_eq!(camel_case("URL"), "url");
        assert_eq!(camel_case("Light measured"), "lightMeasured");
        assert_eq!(camel_case(""), "");
        assert_eq!(words("aB1cDEFg"), vec!["a", "B1c", "DE", "Fg"]);
    }

    #[test]
    fn type_names_are_safe_identifiers() {
        assert_eq!(type_name("user signed up"), "UserSignedUp");
        assert_eq!(type_name("1foo"), "T1foo");
        assert_eq!(type_name("Error"), "ErrorType");
        assert_eq!(type_name("string"), "String".to_string() + "Type");
        assert_eq!(type_name("self"), "SelfType");
        assert_eq!(type_name("promise"), "PromiseType");
        assert_eq!(
            type_name("constructorParameters"),
            "ConstructorParametersType"
        );
        for (device, safe) in [
            ("con", "ConType"),
            ("AUX", "AUXType"),
            ("com1", "Com1Type"),
            ("lpt9", "Lpt9Type"),
        ] {
            assert_eq!(type_name(device), safe);
        }
        assert_eq!(type_name("console"), "Console");
        let long = type_name(&"n".repeat(300));
        assert_eq!(long.len(), MAX_TYPE_NAME_LEN);
        assert_eq!(long, type_name(&"n".repeat(300)), "deterministic");
        assert_ne!(
            long,
            type_name(&format!("{}x", "n".repeat(300))),
            "distinct names stay distinct"
        );
        assert_eq!(type_name("日本"), "Type");
        assert_eq!(type_name("Location"), "Location");
    }

    #[test]
    fn reserved_words_are_case_sensitive() {
        assert!(is_reserved_ts("interface"));
        assert!(!is_reserved_ts("Interface"));
        assert!(is_reserved_rust("fn"));
        assert!(!is_reserved_rust("function"));
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [TS_RESERVED, RUST_RESERVED, BUILTIN_TYPES] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
            assert!(list.iter().all(|w| w.len() <= LONGEST_WORD), "{list:?}");
        }
    }

    #[test]
    fn name_table_suffixes_in_call_order_ignoring_case() {
        let mut t = NameTable::new();
        assert_eq!(t.unique("User"), "User");
        assert_eq!(t.unique("User"), "User2");
        assert_eq!(t.unique("user"), "user3");
        assert!(t.reserve("Thing4"));
        assert!(!t.reserve("thing4"));
        assert_eq!(t.unique("Thing"), "Thing");
        assert_eq!(t.unique("Thing"), "Thing2");
        assert!(t.contains("USER2"));
        // `User2` exists, so the explicit base `User2` gets a suffix of its own.
        assert_eq!(t.unique("User2"), "User22");
    }
}
