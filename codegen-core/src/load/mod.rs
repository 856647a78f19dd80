//! Loading: files → located trees, and `$ref` resolution across them.
//!
//! This is the only part of the crate that reads files. [`Sources::load`] parses the root
//! document and, transitively, every file a relative `$ref` points at, so that later stages
//! work on an immutable set of trees. [`Sources::files`] is the list build.rs and the macro
//! use for rebuild tracking.
//!
//! Not API: public, and hidden from the docs, only for the benchmarks, the fuzz targets and
//! the robustness tests, which time or fuzz the loader alone ([`Sources::load_with`],
//! [`yaml::parse`], [`json::parse`]). Build scripts and the macro call
//! [`crate::load_model`].

pub(crate) mod ids;
pub mod json;
pub(crate) mod limits;
pub(crate) mod metaschema;
pub(crate) mod tree;
pub(crate) mod uri;
pub mod yaml;

use crate::diag::{Diagnostic, Error, Location, SourceText};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
pub use tree::{FileId, Node, Number, Pos, Value};

/// One file that was read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user named it, joined with relative `$ref` paths and normalised.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// The parsed tree.
    pub root: Node,
}

/// Every file of one document set, parsed.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    by_path: HashMap<PathBuf, FileId>,
    index: KeyIndex,
    /// `$id`s and anchors of the schemas in every file (see [`ids`]).
    ids: ids::IdIndex,
    /// The built-in draft-07 meta-schema, once a reference named it.
    draft_07: Option<FileId>,
}

/// Hash tables of the keys of large objects (`channels`, `components/schemas` with
/// hundreds of entries), so that resolving a `$ref` does not scan them linearly: a
/// 1000-channel document resolves thousands of references. Keyed by the object node's
/// address, which is stable once loading is done (the trees are never mutated after).
#[derive(Default)]
struct KeyIndex {
    objects: HashMap<usize, HashMap<Box<str>, usize>>,
}

/// Objects with fewer entries are scanned; the table would not pay for itself.
const INDEXED_OBJECT_MIN: usize = 16;

/// Only objects this close to a file's root are indexed: that is where the large maps
/// references point into live (`channels`, `operations`, `components/schemas`, a
/// schema's `properties`), and walking every node of a large document again would cost
/// more than the lookups save.
const INDEXED_DEPTH_MAX: usize = 4;

impl KeyIndex {
    /// Indexes the large objects near the root of every tree.
    fn build(files: &[SourceFile]) -> KeyIndex {
        let mut objects = HashMap::new();
        let mut stack: Vec<(&Node, usize)> = files.iter().map(|f| (&f.root, 0)).collect();
        while let Some((node, depth)) = stack.pop() {
            let Value::Object(entries) = &node.value else {
                continue;
            };
            if entries.len() >= INDEXED_OBJECT_MIN {
                let mut keys = HashMap::with_capacity(entries.len());
                for (i, (k, _)) in entries.iter().enumerate() {
                    // The first of duplicate keys wins, as in `Node::get`.
                    keys.entry(k.as_str().into()).or_insert(i);
                }
                objects.insert(std::ptr::from_ref(node) as usize, keys);
            }
            if depth < INDEXED_DEPTH_MAX {
                stack.extend(entries.iter().map(|(_, v)| (v, depth + 1)));
            }
        }
        KeyIndex { objects }
    }

    /// `node.get(key)`, through the table when the object has one.
    fn get<'a>(&self, node: &'a Node, key: &str) -> Option<&'a Node> {
        match (
            &node.value,
            self.objects.get(&(std::ptr::from_ref(node) as usize)),
        ) {
            (Value::Object(entries), Some(keys)) => {
                keys.get(key).and_then(|&i| entries.get(i)).map(|(_, v)| v)
            }
            _ => node.get(key),
        }
    }
}

impl Clone for KeyIndex {
    /// A clone's trees live at other addresses, so it starts without tables (lookups
    /// then scan, which is correct, only slower).
    fn clone(&self) -> Self {
        KeyIndex::default()
    }
}

impl std::fmt::Debug for KeyIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "KeyIndex({} objects)", self.objects.len())
    }
}

/// A `$ref` target: the node and where it is.
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'a> {
    /// The node the reference points at.
    pub node: &'a Node,
    /// The JSON pointer of that node inside its file (`#/components/...`).
    pub pointer: &'a str,
}

/// Joins `a/./b/../c` into `a/c` without touching the file system, so that the same
/// file reached by two spellings is read once and shown one way.
fn normalise_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if last_is_normal {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Reads a file for [`Sources::load`]: only regular files (a directory, a device such as
/// `/dev/zero` or a pipe is refused before it is opened), and at most
/// `limits::MAX_FILE_BYTES` of them (files in `/proc` report no size, so the read
/// itself is bounded too).
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("it is a directory, not a file".into());
    }
    if !meta.is_file() {
        return Err("it is not a regular file (a device, pipe or socket)".into());
    }
    let too_large = || {
        format!(
            "it is larger than {} MiB (the loader's limit)",
            limits::MAX_FILE_BYTES / (1024 * 1024)
        )
    };
    if meta.len() > limits::MAX_FILE_BYTES {
        return Err(too_large());
    }
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limits::MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| e.to_string())?;
    if bytes.len() as u64 > limits::MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The first character no YAML or JSON text may hold raw (C0 controls but tab, CR and LF;
/// DEL; C1 controls but NEL), with its 1-based line and column. Such a file is refused
/// before parsing, so that nothing of it (an environment block, a binary) is echoed.
fn first_control_character(text: &str) -> Option<(u32, u32, char)> {
    let (offset, c) = text.char_indices().find(|&(_, c)| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}')) || c == '\u{7f}'
    })?;
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32 + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() as u32 + 1;
    Some((line, col, c))
}

/// True for a `$ref` file part that is an absolute path (`/etc/passwd`, `C:\\x`, `\\\\host`).
fn is_absolute_reference(file_part: &str) -> bool {
    let bytes = file_part.as_bytes();
    file_part.starts_with(['/', '\\'])
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
        || Path::new(file_part).is_absolute()
}

/// True when the reference names another document by URL (`http:`, `https:`, ...).
fn is_remote(reference: &str) -> bool {
    let scheme_end = reference.find(':');
    let first_sep = reference.find(['/', '#']);
    match (scheme_end, first_sep) {
        (Some(c), Some(s)) => c < s && c > 1,
        (Some(c), None) => c > 1,
        _ => false,
    }
}

/// Splits `file.yaml#/a/b` into the file part and the pointer (`#/a/b`, or `#` for none).
pub fn split_reference(reference: &str) -> (&str, &str) {
    match reference.find('#') {
        Some(i) => (&reference[..i], &reference[i..]),
        None => (reference, "#"),
    }
}

impl Sources {
    /// Reads and parses `root` and every file reachable from it through relative `$ref`s.
    ///
    /// Problems with individual `$ref`s (missing files, remote URLs) are collected and
    /// returned together; a root that cannot be read or parsed fails at once.
    pub fn load(root: &Path) -> Result<(Sources, FileId), Error> {
        Self::load_with(root, &read_bounded)
    }

    /// [`Sources::load`] with the files' bytes coming from `read` instead of the file
    /// system (the fuzz targets load sets of in-memory files this way). `read` returns the
    /// bytes of a path, or why it cannot: that message is reported at the `$ref` naming
    /// the path.
    pub fn load_with(
        root: &Path,
        read: &dyn Fn(&Path) -> Result<Vec<u8>, String>,
    ) -> Result<(Sources, FileId), Error> {
        let mut sources = Sources::default();
        let root_path = normalise_path(root);
        let root_id = match sources.read(&root_path, read) {
            Ok(id) => id,
            Err((d, _)) => return Err(sources.error(vec![d])),
        };
        // Breadth-first over files; each new file is scanned for further refs. A problem
        // is kept with the URI its reference targets: a schema `$id` in a file read later
        // may still identify it.
        let mut problems: Vec<(Diagnostic, Option<String>)> = Vec::new();
        let mut next = 0;
        while next < sources.files.len() {
            let mut refs = Vec::new();
            collect_refs(&sources.files[next].root, &mut Vec::new(), &mut refs);
            let here = sources.files[next].path.clone();
            let here_id = FileId(next as u32);
            for (reference, node_pos, pointer) in refs {
                let (file_part, _) = split_reference(&reference);
                let loc = Location {
                    file: here.clone(),
                    line: node_pos.line,
                    col: node_pos.col,
                    pointer,
                };
                let target = sources
                    .ids
                    .base_at(here_id, &loc.pointer)
                    .and_then(|base| uri::resolve(base, &reference));
                if let Some(target) = &target {
                    if metaschema::is_draft_07(uri::split_fragment(target).0) {
                        sources.load_draft_07();
                        continue;
                    }
                    if sources.ids.knows(target) {
                        continue;
                    }
                }
                if is_remote(&reference) {
                    let problem = Diagnostic::error(
                        loc,
                        format!("remote reference `{reference}` is not fetched"),
                        "download the file next to the spec and point the `$ref` at its relative path",
                    );
                    problems.push((problem, target));
                    continue;
                }
                if file_part.is_empty() {
                    continue;
                }
                if is_absolute_reference(file_part) {
                    let problem = Diagnostic::error(
                        loc,
                        format!("`$ref` to the absolute path `{file_part}` is refused: the document would depend on this machine's files"),
                        "copy the file next to the spec and point the `$ref` at its relative path",
                    );
                    problems.push((problem, target));
                    continue;
                }
                let path = normalise_path(&here.parent().unwrap_or(Path::new("")).join(file_part));
                if sources.by_path.contains_key(&path) {
                    continue;
                }
                if let Err((mut d, unreadable)) = sources.read(&path, read) {
                    d.message = format!("`$ref` to `{file_part}`: {}", d.message);
                    // A file that could not be read (or is no text) is reported at the
                    // `$ref`, and nothing of it is shown; a syntax error in a file that
                    // was read is shown where it is.
                    if unreadable {
                        d.location = loc;
                    }
                    problems.push((d, target));
                }
            }
            next += 1;
        }
        let problems: Vec<Diagnostic> = problems
            .into_iter()
            .filter(|(_, target)| !target.as_deref().is_some_and(|t| sources.ids.knows(t)))
            .map(|(d, _)| d)
            .collect();
        if problems.is_empty() {
            sources.index = KeyIndex::build(&sources.files);
            Ok((sources, root_id))
        } else {
            Err(sources.error(problems))
        }
    }

    /// Adds the built-in draft-07 meta-schema to the set (once).
    fn load_draft_07(&mut self) {
        if self.draft_07.is_some() {
            return;
        }
        let id = FileId(self.files.len() as u32);
        let root = json::parse(metaschema::DRAFT_07_TEXT, id)
            .expect("the built-in draft-07 meta-schema is valid JSON (a unit test checks it)");
        self.ids
            .scan(id, &root, metaschema::DRAFT_07_ID.to_string());
        self.files.push(SourceFile {
            path: PathBuf::from(metaschema::DRAFT_07_PATH),
            text: metaschema::DRAFT_07_TEXT.to_string(),
            root,
        });
        self.draft_07 = Some(id);
    }

    /// Reads and parses one file, registering it. On failure, whether the file could not
    /// be read as text at all (`true`) or did not parse (`false`).
    fn read(
        &mut self,
        path: &Path,
        read: &dyn Fn(&Path) -> Result<Vec<u8>, String>,
    ) -> Result<FileId, (Diagnostic, bool)> {
        let at_start = Location {
            file: path.to_path_buf(),
            line: 1,
            col: 1,
            pointer: "#".into(),
        };
        let bytes = read(path).map_err(|why| {
            let d = Diagnostic::error(
                at_start.clone(),
                format!("cannot read the file: {why}"),
                "check the path; relative paths resolve against the file that names them",
            );
            (d, true)
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let d = Diagnostic::error(
                at_start.clone(),
                format!(
                    "the file is not valid UTF-8 (byte {} is not)",
                    e.utf8_error().valid_up_to()
                ),
                "save the document as UTF-8",
            );
            (d, true)
        })?;
        if let Some((line, col, c)) = first_control_character(&text) {
            let d = Diagnostic::error(
                Location {
                    line,
                    col,
                    ..at_start.clone()
                },
                format!(
                    "the file holds the control character U+{:04X} at line {line}, column {col}: it is not a YAML or JSON text",
                    c as u32
                ),
                "remove the character, or point at the right file",
            );
            return Err((d, true));
        }
        let id = FileId(self.files.len() as u32);
        let parsed = if looks_like_json(path, &text) {
            json::parse(&text, id)
        } else {
            yaml::parse(&text, id)
        };
        let root = match parsed {
            Ok(root) => root,
            Err(e) => {
                // Keep the text so the error can show a snippet.
                self.files.push(SourceFile {
                    path: path.to_path_buf(),
                    text,
                    root: Node {
                        value: Value::Null,
                        file: id,
                        pos: Pos::default(),
                    },
                });
                self.by_path.insert(path.to_path_buf(), id);
                let kind = if looks_like_json(path, &self.files[id.0 as usize].text) {
                    "JSON"
                } else {
                    "YAML"
                };
                let d = Diagnostic::error(
                    Location {
                        file: path.to_path_buf(),
                        line: e.pos.line,
                        col: e.pos.col,
                        pointer: "#".into(),
                    },
                    format!("invalid {kind}: {}", e.message),
                    if limits::is_limit_message(&e.message) {
                        "the loader bounds documents so that hostile input cannot exhaust the stack or memory; restructure this part (README: Hostile documents)".to_string()
                    } else {
                        format!("fix the {kind} syntax at this position")
                    },
                );
                return Err((d, false));
            }
        };
        // Every node would be walked for nothing in the usual document without `$id` (a
        // key spelled with escapes, `"\u0024id"`, is the one way to hide one).
        if text.contains("$id")
            || text.contains("\\u")
            || text.contains("\\x")
            || text.contains("\\U")
        {
            self.ids.scan(id, &root, uri::for_path(path));
        } else {
            self.ids.file_base(id, uri::for_path(path));
        }
        self.files.push(SourceFile {
            path: path.to_path_buf(),
            text,
            root,
        });
        self.by_path.insert(path.to_path_buf(), id);
        Ok(id)
    }

    /// Wraps diagnostics into the crate error, with the file texts for snippets.
    pub fn error(&self, diagnostics: Vec<Diagnostic>) -> Error {
        Error {
            diagnostics,
            sources: self
                .files
                .iter()
                .map(|f| SourceText {
                    path: f.path.clone(),
                    text: f.text.clone(),
                })
                .collect(),
        }
    }

    /// Every file read, root first, in the order they were read. The built-in draft-07
    /// meta-schema is not a file and is not listed (nothing to watch for changes).
    pub fn files(&self) -> impl Iterator<Item = &Path> {
        let builtin = self.draft_07.map(|id| id.0 as usize);
        self.files
            .iter()
            .enumerate()
            .filter(move |(i, _)| Some(*i) != builtin)
            .map(|(_, f)| f.path.as_path())
    }

    /// The path of a file of the set (the built-in meta-schema's is its URI), `None` for
    /// an id that names no file.
    pub fn path_of(&self, id: FileId) -> Option<&Path> {
        self.files.get(id.0 as usize).map(|f| f.path.as_path())
    }

    /// One file.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The root node of a file.
    pub fn root(&self, id: FileId) -> &Node {
        &self.file(id).root
    }

    /// A location for `node` with the given pointer.
    pub fn location(&self, node: &Node, pointer: &str) -> Location {
        Location {
            file: self.file(node.file).path.clone(),
            line: node.pos.line,
            col: node.pos.col,
            pointer: pointer.to_string(),
        }
    }

    /// Resolves one `$ref` string written in file `from`. Does not follow chains: the
    /// caller does, so that it can detect cycles with its own notion of what may recurse.
    pub fn resolve(
        &self,
        from: FileId,
        reference: &str,
    ) -> Result<(FileId, String, &Node), String> {
        // Bounds the references followed *through* (and so cycles among them).
        let mut budget = 32;
        self.resolve_with_budget(from, reference, &mut budget)
    }

    /// Resolves a `$ref` written inside a Schema Object, at `at` (the pointer of the
    /// `$ref` or of its schema) in file `from`, with JSON Schema draft-7 identifiers: the
    /// reference is resolved against the base URI of the nearest enclosing `$id` (else the
    /// file's), and names a schema by its `$id`, a plain-name anchor (`#foo`) or the
    /// built-in draft-07 meta-schema. A reference that matches no identifier resolves as
    /// [`Sources::resolve`] does (a path relative to the file, a pointer in it), so
    /// documents without `$id` resolve exactly as before.
    pub fn resolve_schema(
        &self,
        from: FileId,
        at: &str,
        reference: &str,
    ) -> Result<(FileId, String, &Node), String> {
        if self.ids.is_empty() {
            return self.resolve(from, reference);
        }
        let Some(target) = self
            .ids
            .base_at(from, at)
            .and_then(|base| uri::resolve(base, reference))
        else {
            return self.resolve(from, reference);
        };
        let (doc, fragment) = uri::split_fragment(&target);
        let doc = if metaschema::is_draft_07(doc) {
            metaschema::DRAFT_07_ID
        } else {
            doc
        };
        let is_anchor = !fragment.is_empty() && !fragment.starts_with('/');
        if is_anchor {
            if let Some((file, pointer)) = self.ids.anchor(doc, fragment) {
                let node =
                    lookup_pointer_with(self.root(*file), pointer, |n, k| self.index.get(n, k))?;
                return Ok((*file, pointer.clone(), node));
            }
        }
        let Some((file, root)) = self.ids.resource(doc) else {
            return self.resolve(from, reference);
        };
        if is_anchor {
            return Err(format!("`{doc}` has no schema with `$id: \"#{fragment}\"`"));
        }
        let mut node = lookup_pointer_with(self.root(*file), root, |n, k| self.index.get(n, k))?;
        let mut canonical = root.clone();
        if let Some(path) = fragment.strip_prefix('/') {
            for raw in path.split('/') {
                let decoded = percent_decode(raw);
                let token = unescape(&decoded);
                node = match &node.value {
                    Value::Object(_) => self.index.get(node, &token),
                    Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => None,
                }
                .ok_or_else(|| {
                    format!("`#{fragment}` points at nothing in `{doc}`: there is no `{token}`")
                })?;
                canonical = tree::push_pointer(&canonical, &token);
            }
        }
        Ok((*file, canonical, node))
    }

    fn resolve_with_budget(
        &self,
        from: FileId,
        reference: &str,
        budget: &mut usize,
    ) -> Result<(FileId, String, &Node), String> {
        if is_remote(reference) {
            return Err(format!(
                "remote reference `{reference}` is not fetched; download the file and point at it"
            ));
        }
        let (file_part, pointer) = split_reference(reference);
        let file = if file_part.is_empty() {
            from
        } else {
            let here = &self.file(from).path;
            let target = normalise_path(&here.parent().unwrap_or(Path::new("")).join(file_part));
            *self
                .by_path
                .get(&target)
                .ok_or_else(|| format!("file `{file_part}` was not loaded"))?
        };
        match lookup_pointer_with(self.root(file), pointer, |n, k| self.index.get(n, k)) {
            Ok(node) => Ok((file, pointer.to_string(), node)),
            Err(why) => self
                .lookup_through_references(file, pointer, budget)
                .ok_or(why),
        }
    }

    /// Follows `pointer` in `file` where it passes *through* a reference object
    /// (`#/channels/c/messages/m` when channel `c` is `{$ref: '#/components/channels/c'}`),
    /// as tools that dereference the whole document first allow. The pointer returned is
    /// the canonical one, inside the file where the node really is. Every reference
    /// followed spends one unit of `budget`, shared by the whole resolution.
    fn lookup_through_references(
        &self,
        file: FileId,
        pointer: &str,
        budget: &mut usize,
    ) -> Option<(FileId, String, &Node)> {
        let path = pointer.strip_prefix('#').unwrap_or(pointer);
        let path = path.strip_prefix('/')?;
        let (mut file, mut canon, mut node) = (file, String::from("#"), self.root(file));
        for raw in path.split('/') {
            let decoded = percent_decode(raw);
            let token = unescape(&decoded);
            loop {
                let next = match &node.value {
                    Value::Object(_) => self.index.get(node, &token),
                    Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                    _ => None,
                };
                if let Some(next) = next {
                    canon = tree::push_pointer(&canon, &token);
                    node = next;
                    break;
                }
                let reference = node.reference()?;
                *budget = budget.checked_sub(1)?;
                (file, canon, node) = self.resolve_with_budget(file, reference, budget).ok()?;
            }
        }
        Some((file, canon, node))
    }
}

/// JSON by extension; for other extensions, by the first non-blank character.
fn looks_like_json(path: &Path, text: &str) -> bool {
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => true,
        Some("yaml" | "yml") => false,
        _ => matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'[')),
    }
}

/// Follows a `#/a/b` pointer inside one tree.
pub fn lookup_pointer<'a>(root: &'a Node, pointer: &str) -> Result<&'a Node, String> {
    lookup_pointer_with(root, pointer, |n, k| n.get(k))
}

/// [`lookup_pointer`] with the object-key lookup supplied (the indexed one of [`Sources`]).
fn lookup_pointer_with<'a>(
    root: &'a Node,
    pointer: &str,
    get: impl Fn(&'a Node, &str) -> Option<&'a Node>,
) -> Result<&'a Node, String> {
    let path = pointer.strip_prefix('#').unwrap_or(pointer);
    if path.is_empty() {
        return Ok(root);
    }
    let Some(path) = path.strip_prefix('/') else {
        return Err(format!(
            "`{pointer}` is not a JSON pointer (it must start with `#/`)"
        ));
    };
    let mut node = root;
    for raw in path.split('/') {
        let decoded = percent_decode(raw);
        let token = unescape(&decoded);
        node = match &node.value {
            Value::Object(_) => get(node, &token),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        }
        .ok_or_else(|| format!("`{pointer}` points at nothing: there is no `{token}`"))?;
    }
    Ok(node)
}

/// Pointers inside URI fragments may percent-encode characters (`%7B` for `{`).
/// Borrows when there is nothing to decode (the usual case: no allocation per token).
fn percent_decode(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Byte-wise, so that a `%` before a multi-byte character cannot split it.
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(decoded) => Cow::Owned(decoded),
        Err(_) => Cow::Borrowed(s),
    }
}

/// [`tree::unescape_token`], borrowing when there is no `~`.
fn unescape(token: &str) -> Cow<'_, str> {
    if token.contains('~') {
        Cow::Owned(tree::unescape_token(token))
    } else {
        Cow::Borrowed(token)
    }
}

/// One step of the path from the root to a node, kept while walking.
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// Collects every `$ref` string that names another file (or a URL) in a tree, with its
/// position and pointer. The path is a
/// stack of borrowed steps, turned into a pointer string only where a `$ref` is found
/// (this walks every node of every file, so nothing is allocated per node).
fn collect_refs<'a>(
    node: &'a Node,
    path: &mut Vec<Step<'a>>,
    out: &mut Vec<(String, Pos, String)>,
) {
    match &node.value {
        Value::Object(entries) => {
            for (k, v) in entries {
                if k == "$ref" {
                    if let Some(s) = v.as_str() {
                        // Local references name no file to read and cannot be remote.
                        if !s.starts_with('#') {
                            path.push(Step::Key(k));
                            out.push((s.to_string(), v.pos, pointer_of(path)));
                            path.pop();
                        }
                        continue;
                    }
                }
                if matches!(v.value, Value::Object(_) | Value::Array(_)) {
                    path.push(Step::Key(k));
                    collect_refs(v, path, out);
                    path.pop();
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                if matches!(v.value, Value::Object(_) | Value::Array(_)) {
                    path.push(Step::Index(i));
                    collect_refs(v, path, out);
                    path.pop();
                }
            }
        }
        _ => {}
    }
}

/// The JSON pointer (`#/a/b~1c/0`) of a path.
fn pointer_of(path: &[Step<'_>]) -> String {
    let mut pointer = String::from("#");
    for step in path {
        match step {
            Step::Key(k) => pointer = tree::push_pointer(&pointer, k),
            Step::Index(i) => pointer = tree::push_pointer(&pointer, &i.to_string()),
        }
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalise_without_the_file_system() {
        assert_eq!(
            normalise_path(Path::new("a/./b/../c.yaml")),
            PathBuf::from("a/c.yaml")
        );
        assert_eq!(
            normalise_path(Path::new("../x/../y")),
            PathBuf::from("../y")
        );
    }

    #[test]
    fn remote_references_are_recognised() {
        assert!(is_remote("https://example.com/a.yaml#/x"));
        assert!(!is_remote("#/components/schemas/a:b"));
        assert!(!is_remote("../common/a.yaml#/x"));
        assert!(!is_remote("C:/x.yaml"));
    }

    #[test]
    fn large_objects_resolve_through_the_key_index() {
        let dir = std::env::temp_dir().join(format!("codegen-core-index-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.yaml");
        let mut text = String::from("channels:\n");
        for i in 0..40 {
            text.push_str(&format!("  c{i}:\n    address: a/{i}\n"));
        }
        std::fs::write(&path, text).unwrap();
        let (sources, root) = Sources::load(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(sources.index.objects.len(), 1);
        let (_, _, node) = sources.resolve(root, "#/channels/c37/address").unwrap();
        assert_eq!(node.as_str(), Some("a/37"));
        assert!(sources.resolve(root, "#/channels/c40").is_err());
        // A clone has no tables but resolves the same.
        let copy = sources.clone();
        let (_, _, node) = copy.resolve(root, "#/channels/c3/address").unwrap();
        assert_eq!(node.as_str(), Some("a/3"));
    }

    #[test]
    fn pointers_pass_through_references_and_stop_at_cycles() {
        let dir = std::env::temp_dir().join(format!("codegen-core-through-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("doc.yaml");
        let text = "channels:\n  c:\n    $ref: '#/components/channels/c'\n  loop:\n    $ref: '#/channels/loop2'\n  loop2:\n    $ref: '#/channels/loop'\ncomponents:\n  channels:\n    c:\n      messages:\n        m:\n          name: m\n";
        std::fs::write(&path, text).unwrap();
        let (sources, root) = Sources::load(&path).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        let (_, pointer, node) = sources
            .resolve(root, "#/channels/c/messages/m/name")
            .unwrap();
        assert_eq!(node.as_str(), Some("m"));
        assert_eq!(pointer, "#/components/channels/c/messages/m/name");
        assert!(sources.resolve(root, "#/channels/loop/messages/m").is_err());
    }

    /// Writes `files` into a fresh directory, loads the first, removes the directory.
    fn load_files(name: &str, files: &[(&str, &str)]) -> Result<(Sources, FileId), Error> {
        let dir = std::env::temp_dir().join(format!("codegen-core-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for (file, text) in files {
            std::fs::write(dir.join(file), text).unwrap();
        }
        let loaded = Sources::load(&dir.join(files[0].0));
        std::fs::remove_dir_all(&dir).unwrap();
        loaded
    }

    #[test]
    fn schema_references_resolve_against_the_nearest_id() {
        let schema = r##"{
  "$id": "http://example.com/root.json",
  "properties": {
    "foo": {
      "$id": "foo/inner.json",
      "definitions": {"x": {"type": "string"}},
      "allOf": [{"$ref": "#/definitions/x"}]
    },
    "bar": {"$ref": "foo/inner.json#/definitions/x"},
    "anchored": {"$ref": "#here"},
    "urn": {"$ref": "urn:example:thing"}
  },
  "definitions": {
    "x": {"type": "integer"},
    "a": {"$id": "#here", "type": "boolean"},
    "u": {"$id": "urn:example:thing", "type": "null"}
  }
}"##;
        let (sources, root) = load_files("ids", &[("schema.json", schema)]).unwrap();
        let at = "#/properties/foo/allOf/0/$ref";
        let (_, pointer, _) = sources.resolve_schema(root, at, "#/definitions/x").unwrap();
        assert_eq!(pointer, "#/properties/foo/definitions/x");
        // Outside schemas (and for `resolve`), `$id` means nothing: the file's root.
        let (_, pointer, _) = sources.resolve(root, "#/definitions/x").unwrap();
        assert_eq!(pointer, "#/definitions/x");
        let (_, pointer, _) = sources
            .resolve_schema(
                root,
                "#/properties/bar/$ref",
                "foo/inner.json#/definitions/x",
            )
            .unwrap();
        assert_eq!(pointer, "#/properties/foo/definitions/x");
        let (_, pointer, _) = sources
            .resolve_schema(root, "#/properties/anchored/$ref", "#here")
            .unwrap();
        assert_eq!(pointer, "#/definitions/a");
        let (_, pointer, _) = sources
            .resolve_schema(root, "#/properties/urn/$ref", "urn:example:thing")
            .unwrap();
        assert_eq!(pointer, "#/definitions/u");
        let missing = sources.resolve_schema(root, "#/properties/urn/$ref", "#nowhere");
        assert!(missing.is_err());
    }

    #[test]
    fn an_id_spelled_with_escapes_is_found_all_the_same() {
        let schema =
            r#"{"definitions": {"a": {"\u0024id": "urn:x:a"}}, "allOf": [{"$ref": "urn:x:a"}]}"#;
        let (sources, root) = load_files("escaped-id", &[("s.json", schema)]).unwrap();
        let (_, pointer, _) = sources
            .resolve_schema(root, "#/allOf/0/$ref", "urn:x:a")
            .unwrap();
        assert_eq!(pointer, "#/definitions/a");
    }

    #[test]
    fn the_draft_07_meta_schema_is_served_and_other_remote_references_are_located_errors() {
        let doc = "payload:\n  $ref: 'http://json-schema.org/draft-07/schema#'\n";
        let (sources, root) = load_files("meta", &[("doc.yaml", doc)]).unwrap();
        // Nothing to watch for changes: the built-in document is not listed as a file.
        assert_eq!(sources.files().count(), 1);
        let (file, pointer, node) = sources
            .resolve_schema(
                root,
                "#/payload/$ref",
                "http://json-schema.org/draft-07/schema#",
            )
            .unwrap();
        assert_eq!(pointer, "#");
        assert_eq!(
            node.get("title").and_then(Node::as_str),
            Some("Core schema meta-schema")
        );
        let (_, pointer, _) = sources
            .resolve_schema(
                file,
                "#/properties/maxLength/$ref",
                "#/definitions/nonNegativeInteger",
            )
            .unwrap();
        assert_eq!(pointer, "#/definitions/nonNegativeInteger");

        let doc = "payload:\n  $id: 'http://example.com/s.json'\n  properties:\n    a:\n      $ref: 'other.json'\n    b:\n      $ref: 'https://example.com/elsewhere.json'\n";
        let error = load_files("remote", &[("doc.yaml", doc)]).unwrap_err();
        let [missing, remote] = &error.diagnostics[..] else {
            panic!("two problems expected: {error}");
        };
        assert!(
            missing.message.contains("`$ref` to `other.json`"),
            "{}",
            missing.message
        );
        assert_eq!((missing.location.line, missing.location.col), (5, 13));
        assert_eq!(missing.location.pointer, "#/payload/properties/a/$ref");
        assert!(
            remote.message.contains("remote reference"),
            "{}",
            remote.message
        );
        assert_eq!(remote.location.pointer, "#/payload/properties/b/$ref");
        assert_eq!(remote.location.line, 7);
    }

    #[test]
    fn pointers_unescape_tokens() {
        let root = yaml::parse("channels:\n  a/b:\n    x: 1\n  '{p}': 2\n", FileId(0)).unwrap();
        assert!(lookup_pointer(&root, "#/channels/a~1b/x").is_ok());
        assert!(lookup_pointer(&root, "#/channels/%7Bp%7D").is_ok());
        assert!(lookup_pointer(&root, "#/channels/zz").is_err());
        // A `%` before a multi-byte character is not an escape, and must not panic.
        assert!(lookup_pointer(&root, "#/channels/%a\u{e9}").is_err());
        assert!(lookup_pointer(&root, "#/channels/%").is_err());
    }
}
