//! Resource bounds on what a document may make the loader do.
//!
//! A document is untrusted input (it may come from another team, a registry, a pull
//! request). Each bound below turns an input that would exhaust the stack, memory or time
//! into a located error, well before any of them runs out, including on a build script's
//! or a spawned thread's 2 MiB stack.

/// How deeply collections may nest in a YAML or JSON file. Real AsyncAPI documents nest a
/// few dozen levels; every later stage walks trees recursively, so this keeps them all on
/// a small stack.
pub const MAX_NESTING_DEPTH: usize = 256;

/// How many nodes YAML aliases may add to a file's tree in total (each `*alias` copies its
/// anchor's subtree). A billion-laughs document asks for billions; real ones for hundreds.
pub const ALIAS_EXPANSION_BUDGET: usize = 100_000;

/// The largest file the loader reads (the root document or a `$ref`'d file). Larger files,
/// and endless ones such as `/dev/zero`, are refused without reading further.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The words every limit's message carries, so that the report can say what to do
/// (flatten the document) rather than "fix the syntax".
pub const LIMIT_NOTE: &str = "(the loader's limit";

/// True when a parser message reports one of the limits above (or the YAML parser's own
/// nesting limit).
pub fn is_limit_message(message: &str) -> bool {
    message.contains(LIMIT_NOTE) || message.contains("recursion limit exceeded")
}
