//! Parsing a large YAML document on several cores.
//!
//! A YAML parser is sequential, and on a 1000-channel document it is most of the load time.
//! But an AsyncAPI document is a block mapping of a few large block mappings (`channels`,
//! `operations`, `components/schemas`), whose entries start on lines of their own at one
//! indentation. Slices of consecutive entries are YAML documents of their own: each one is
//! parsed on some core (its positions shifted by the lines before it), and the mappings the
//! slices were cut from are put back together around them.
//!
//! The result must be the tree a parse in one piece gives, so this gives up (returns
//! `None`, and the caller parses in one piece) whenever it cannot be sure:
//! - the document has directives, document markers, tabs at line starts or a byte order
//!   mark, or a line outside every entry;
//! - a line is indented less than the entries of the mapping it is inside;
//! - a slice does not parse, or does not give exactly one mapping entry per line we took
//!   for the start of an entry (a line inside a quoted scalar or a flow collection that
//!   happens to look like a key leaves the slice before it unterminated, so it fails);
//! - an alias points at an anchor in another slice (the slice fails with an unknown alias);
//! - a key repeats across slices.
//!
//! Errors are never reported from here: a document that fails is parsed again in one piece,
//! which reports the error exactly as before.

use super::{
    parse_whole, plain_scalar, FileId, Node, Pos, Value, ALIAS_EXPANSION_BUDGET, MAX_NESTING_DEPTH,
};
use std::collections::HashSet;
use std::num::NonZeroUsize;

/// Below this size a second thread costs more than it saves.
const PARALLEL_MIN_BYTES: usize = 256 * 1024;

/// The deepest indentation (in columns, so at most as many levels) at which a mapping
/// is cut into slices; it bounds the recursion of cutting and of putting back together.
const MAX_CUT_INDENT: usize = 64;

/// Slices per thread: enough that slices of different sizes even out between threads.
const SLICES_PER_THREAD: usize = 8;

/// Parses `text` in slices on every core, or returns `None` (see the module docs).
pub(super) fn parse(text: &str, file: FileId) -> Option<Node> {
    let threads = std::thread::available_parallelism().map_or(1, NonZeroUsize::get);
    if threads < 2 || text.len() < PARALLEL_MIN_BYTES {
        return None;
    }
    parse_in_slices(text, file, threads)
}

/// [`parse`] for any size, cut for `threads` threads.
fn parse_in_slices(text: &str, file: FileId, threads: usize) -> Option<Node> {
    let lines = Lines::new(text)?;
    let split_above = text.len() / (threads * SLICES_PER_THREAD * 2);
    let entries = lines.entries(0, lines.count(), 0, split_above)?;
    let slice_max = text.len() / (threads * SLICES_PER_THREAD);
    let mut slices = Vec::new();
    collect_slices(&lines, &entries, slice_max, &mut slices);

    // The file's alias budget, shared out: a slice that needs more is parsed again in one
    // piece, with the whole budget.
    let alias_budget = ALIAS_EXPANSION_BUDGET / slices.len().max(1);
    let parsed = crate::parallel::map(&slices, 1, |slice| {
        let start = lines.start(slice.lines.0);
        let end = lines.start(slice.lines.1);
        let node = parse_whole(&text[start..end], file, slice.lines.0 as u32, alias_budget).ok()?;
        match node.value {
            Value::Object(entries) if entries.len() == slice.entries => Some(entries),
            _ => None,
        }
    });
    let mut parsed_entries = Vec::with_capacity(entries.len());
    for slice in parsed {
        parsed_entries.extend(slice?);
    }
    let mut parsed_entries = parsed_entries.into_iter();
    let first = entries.first()?;
    let root = assemble(&entries, first.key_pos, file, &mut parsed_entries)?;
    // Each slice counted its nesting from its own top: a document deeper than the limit
    // is parsed again in one piece, which reports it.
    if depth_exceeds(&root, MAX_NESTING_DEPTH) {
        return None;
    }
    Some(root)
}

/// True when collections in `root` nest more than `limit` levels deep (without recursion).
fn depth_exceeds(root: &Node, limit: usize) -> bool {
    let mut stack = vec![(root, 1usize)];
    while let Some((node, depth)) = stack.pop() {
        let children: Box<dyn Iterator<Item = &Node>> = match &node.value {
            Value::Array(items) => Box::new(items.iter()),
            Value::Object(entries) => Box::new(entries.iter().map(|(_, v)| v)),
            _ => continue,
        };
        if depth > limit {
            return true;
        }
        stack.extend(children.map(|child| (child, depth + 1)));
    }
    false
}

/// The lines of the text: where each starts, and how each is indented.
struct Lines<'a> {
    text: &'a str,
    /// Byte offset of each line's start, plus one past the end of the text.
    starts: Vec<usize>,
    /// Each line's kind, worked out once: the cutting visits most lines several times.
    kinds: Vec<LineKind>,
}

/// What one line is, for cutting.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LineKind {
    /// Empty, spaces only, or a comment: belongs to no entry in particular.
    Neutral,
    /// Content after this many spaces.
    Content(usize),
}

impl<'a> Lines<'a> {
    /// Splits the text into lines; `None` when the document has something that a slice
    /// could read differently (see the module docs).
    fn new(text: &'a str) -> Option<Lines<'a>> {
        if text.starts_with('\u{feff}') {
            return None;
        }
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        if *starts.last()? < text.len() {
            starts.push(text.len());
        }
        let mut lines = Lines {
            text,
            starts,
            kinds: Vec::new(),
        };
        let mut kinds = Vec::with_capacity(lines.count());
        for i in 0..lines.count() {
            let line = lines.line(i);
            let top_level_marker =
                line.starts_with('%') || line.starts_with("---") || line.starts_with("...");
            if line.starts_with('\t') || top_level_marker {
                return None;
            }
            let content = line.trim_start_matches(' ');
            kinds.push(if content.is_empty() || content.starts_with('#') {
                LineKind::Neutral
            } else {
                LineKind::Content(line.len() - content.len())
            });
        }
        lines.kinds = kinds;
        Some(lines)
    }

    fn count(&self) -> usize {
        self.starts.len() - 1
    }

    fn start(&self, line: usize) -> usize {
        self.starts[line]
    }

    /// Line `i` without its line break.
    fn line(&self, i: usize) -> &'a str {
        let line = &self.text[self.starts[i]..self.starts[i + 1]];
        let line = line.strip_suffix('\n').unwrap_or(line);
        line.strip_suffix('\r').unwrap_or(line)
    }

    fn kind(&self, i: usize) -> LineKind {
        self.kinds[i]
    }

    /// The entries of the block mapping on lines `from..to` whose keys are indented by
    /// `indent`; entries bigger than `split_above` bytes whose value is a block mapping are
    /// cut into their own entries in turn. `None` when the lines are not such a mapping.
    fn entries(
        &self,
        from: usize,
        to: usize,
        indent: usize,
        split_above: usize,
    ) -> Option<Vec<Entry>> {
        let mut starts = Vec::new();
        for i in from..to {
            match self.kind(i) {
                LineKind::Neutral => {}
                LineKind::Content(n) if n == indent => {
                    let line = &self.line(i)[indent..];
                    // Sequence entries, explicit keys, flow collections and node properties
                    // are not the plain mapping entries this cuts between.
                    let sequence = line.starts_with("- ") || line == "-";
                    if sequence
                        || line.starts_with(['?', '{', '[', '&', '*', '!', '|', '>', '@', '`'])
                    {
                        return None;
                    }
                    starts.push(i);
                }
                LineKind::Content(n) if n < indent => return None,
                LineKind::Content(_) if starts.is_empty() => return None,
                LineKind::Content(_) => {}
            }
        }
        let mut entries = Vec::with_capacity(starts.len());
        for (k, &start) in starts.iter().enumerate() {
            // Leading neutral lines go with the first entry, trailing ones with the last.
            let first = if k == 0 { from } else { start };
            let last = starts.get(k + 1).copied().unwrap_or(to);
            let key_pos = Pos {
                line: start as u32 + 1,
                col: indent as u32 + 1,
            };
            let bytes = self.start(last) - self.start(first);
            // Cutting recurses once per level: deeper than `MAX_CUT_INDENT` columns, the
            // entry is parsed in one piece (bounded by the parser's nesting limit).
            let children = if bytes > split_above && indent < MAX_CUT_INDENT {
                self.nested(start, last, indent, split_above)
            } else {
                None
            };
            entries.push(Entry {
                lines: (first, last),
                key_pos,
                children,
            });
        }
        Some(entries)
    }

    /// The key and entries of the entry on lines `start..end`, when it is `key:` (a plain
    /// key that reads as the same string, nothing but a comment after it) over a block
    /// mapping on the lines below.
    fn nested(
        &self,
        start: usize,
        end: usize,
        indent: usize,
        split_above: usize,
    ) -> Option<(String, Pos, Vec<Entry>)> {
        let line = &self.line(start)[indent..];
        let colon = line.find(':')?;
        let (key, rest) = (&line[..colon], &line[colon + 1..]);
        let rest = rest.trim_start_matches(' ');
        if !(rest.is_empty() || (rest.starts_with('#') && line[colon + 1..].starts_with(' '))) {
            return None;
        }
        let first = key.chars().next()?;
        let plain = (first.is_ascii_alphabetic() || first == '_' || first == '$')
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '-' | '.'));
        if !plain || plain_scalar(key) != Value::String(key.to_string()) {
            return None;
        }
        let child = (start + 1..end).find(|&i| self.kind(i) != LineKind::Neutral)?;
        let LineKind::Content(child_indent) = self.kind(child) else {
            return None;
        };
        if child_indent <= indent {
            return None;
        }
        let entries = self.entries(start + 1, end, child_indent, split_above)?;
        let pos = entries.first()?.key_pos;
        Some((key.to_string(), pos, entries))
    }
}

/// One entry of a block mapping, by lines.
struct Entry {
    /// Its lines, `(first, end)` with `end` exclusive, neutral lines around it included.
    lines: (usize, usize),
    /// Where its key starts.
    key_pos: Pos,
    /// When it is cut further: its key, the position of its mapping value, and the entries
    /// of that mapping.
    children: Option<(String, Pos, Vec<Entry>)>,
}

/// Consecutive entries of one mapping, parsed as one document.
struct Slice {
    /// Lines, `(first, end)` with `end` exclusive.
    lines: (usize, usize),
    /// How many entries it holds.
    entries: usize,
}

/// Groups the uncut entries into slices of at most `slice_max` bytes (or one entry), in
/// document order, each within one mapping.
fn collect_slices(lines: &Lines, entries: &[Entry], slice_max: usize, out: &mut Vec<Slice>) {
    let mut open: Option<Slice> = None;
    for entry in entries {
        match &entry.children {
            Some((_, _, children)) => {
                out.extend(open.take());
                collect_slices(lines, children, slice_max, out);
            }
            None => match open.as_mut() {
                Some(slice)
                    if lines.start(entry.lines.1) - lines.start(slice.lines.0) <= slice_max =>
                {
                    slice.lines.1 = entry.lines.1;
                    slice.entries += 1;
                }
                _ => {
                    out.extend(open.take());
                    open = Some(Slice {
                        lines: entry.lines,
                        entries: 1,
                    });
                }
            },
        }
    }
    out.extend(open);
}

/// Rebuilds the mapping of `entries` (at `pos`) from the parsed entries, which come in
/// document order. `None` on a duplicate key, which the one-piece parse reports.
fn assemble(
    entries: &[Entry],
    pos: Pos,
    file: FileId,
    parsed: &mut impl Iterator<Item = (String, Node)>,
) -> Option<Node> {
    let mut out = Vec::with_capacity(entries.len());
    let mut keys = HashSet::with_capacity(entries.len());
    for entry in entries {
        let (key, node) = match &entry.children {
            Some((key, value_pos, children)) => {
                let node = assemble(children, *value_pos, file, parsed)?;
                (key.clone(), node)
            }
            None => parsed.next()?,
        };
        if !keys.insert(key.clone()) {
            return None;
        }
        out.push((key, node));
    }
    Some(Node {
        value: Value::Object(out),
        file,
        pos,
    })
}

#[cfg(test)]
mod tests;
