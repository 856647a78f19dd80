//! Problem paths, built lazily while a validator descends into a value.

use super::Problem;

/// Where a validator is in the value: a chain of steps from the root, written out as text
/// (`$.a["b c"][2]`) only when a problem is reported.
#[derive(Debug, Clone, Copy)]
pub enum ProblemPath<'a> {
    /// The value itself: `$`.
    Root,
    /// A property whose path suffix (`.name` or `["odd name"]`) is known when generating.
    Suffix(&'a ProblemPath<'a>, &'static str),
    /// A property whose name is known at run time.
    Key(&'a ProblemPath<'a>, &'a str),
    /// An array item.
    Index(&'a ProblemPath<'a>, usize),
}

impl ProblemPath<'_> {
    /// The path as text, as the TypeScript validators write it.
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            ProblemPath::Root => out.push('$'),
            ProblemPath::Suffix(parent, suffix) => {
                parent.write(out);
                out.push_str(suffix);
            }
            ProblemPath::Key(parent, key) => {
                parent.write(out);
                push_property(out, key);
            }
            ProblemPath::Index(parent, index) => {
                parent.write(out);
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }

    /// Appends a problem at this path.
    pub fn push(&self, problems: &mut Vec<Problem>, message: impl Into<String>) {
        problems.push(Problem {
            path: self.render(),
            message: message.into(),
        });
    }
}

/// Appends the path suffix of property `key`: `.key` for an identifier
/// (`^[A-Za-z_$][A-Za-z0-9_$]*$`), else `["key"]` with the key as a JSON string.
pub fn push_property(out: &mut String, key: &str) {
    let mut bytes = key.bytes();
    let identifier = bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_' || b == b'$')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$');
    if identifier {
        out.push('.');
        out.push_str(key);
    } else {
        out.push('[');
        out.push_str(&serde_json::Value::String(key.to_owned()).to_string());
        out.push(']');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_written_as_in_typescript() {
        let root = ProblemPath::Root;
        let a = ProblemPath::Suffix(&root, ".a");
        let key = ProblemPath::Key(&a, "b c");
        let item = ProblemPath::Index(&key, 2);
        assert_eq!(item.render(), "$.a[\"b c\"][2]");
        let odd = ProblemPath::Key(&root, "x\u{1}\"");
        assert_eq!(odd.render(), "$[\"x\\u0001\\\"\"]");
        assert_eq!(ProblemPath::Key(&root, "$ok_1").render(), "$.$ok_1");
        assert_eq!(ProblemPath::Key(&root, "1a").render(), "$[\"1a\"]");
    }
}
