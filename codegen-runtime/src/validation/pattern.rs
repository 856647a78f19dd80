//! ECMA-262 regular expressions for `pattern` and `patternProperties`, through the `regress`
//! crate (a JavaScript regex engine), compiled as the TypeScript runtime's `compilePattern`
//! does: with the `u` flag (so `\p{L}` and characters beyond the BMP work), else in the
//! legacy (Annex B) syntax real documents rely on for escapes such as `[a-z\-]`. The
//! generator has checked that one of the two compiles.
//!
//! Public: generated validators hold their patterns in [`Pattern`] statics.

use std::sync::OnceLock;

/// A pattern compiled on first use, held in a `static` of generated code.
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: OnceLock<Option<regress::Regex>>,
}

impl Pattern {
    /// A pattern for `source`, compiled on first use.
    pub const fn new(source: &'static str) -> Pattern {
        Pattern {
            source,
            compiled: OnceLock::new(),
        }
    }

    /// True when `value` matches (unanchored, as JSON Schema says). A pattern that compiles
    /// in neither mode (the generator refuses those) matches nothing.
    pub fn is_match(&self, value: &str) -> bool {
        self.compiled
            .get_or_init(|| compile(self.source))
            .as_ref()
            .is_some_and(|r| r.find(value).is_some())
    }
}

/// `source` compiled with the `u` flag, else without it.
pub(crate) fn compile(source: &str) -> Option<regress::Regex> {
    regress::Regex::with_flags(source, "u")
        .or_else(|_| regress::Regex::new(source))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_classes_astral_characters_and_legacy_escapes() {
        static LETTERS: Pattern = Pattern::new("^\\p{L}+$");
        assert!(LETTERS.is_match("héllo"));
        assert!(!LETTERS.is_match("a1"));
        static ASTRAL: Pattern = Pattern::new("^🐲*$");
        assert!(ASTRAL.is_match("🐲🐲"));
        assert!(!ASTRAL.is_match("🐉"));
        static DOT: Pattern = Pattern::new("^.$");
        assert!(
            DOT.is_match("🐲"),
            "one code point is one `.` in Unicode mode"
        );
        static LEGACY: Pattern = Pattern::new("^[a-z\\-]+$");
        assert!(LEGACY.is_match("a-b"));
        static UNANCHORED: Pattern = Pattern::new("b");
        assert!(UNANCHORED.is_match("abc"));
    }
}
