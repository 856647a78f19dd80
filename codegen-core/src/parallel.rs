//! Independent work on every core, results in input order: rendering the files of a big
//! document (the emitters) and reading the existing output files (codegen-build).

use std::num::NonZeroUsize;
use std::thread;

/// `items.iter().map(f).collect()`, spread over the available cores in contiguous chunks of
/// at least `min_per_thread` items (below that a thread costs more than it saves). The
/// result is in input order whatever the scheduling, so output stays deterministic.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    min_per_thread: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(items.len() / min_per_thread.max(1))
        .max(1);
    if threads == 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for handle in handles {
            match handle.join() {
                Ok(part) => out.extend(part),
                // A panic in `f` is a bug: surface it as the panic it was.
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::map;

    #[test]
    fn keeps_input_order() {
        let items: Vec<usize> = (0..1000).collect();
        let out = map(&items, 16, |i| i * 2);
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert!(map(&[] as &[usize], 16, |i| *i).is_empty());
        assert_eq!(map(&[7usize], 16, |i| *i + 1), vec![8]);
    }
}
