//! Rendering independent files on every core, in input order.

use std::num::NonZeroUsize;
use std::thread;

/// Below this many items a thread costs more than it saves.
const MIN_ITEMS_PER_THREAD: usize = 16;

/// `items.iter().map(f).collect()`, spread over the available cores in contiguous chunks;
/// the result is in input order whatever the scheduling, so output stays deterministic.
pub(super) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = thread::available_parallelism()
        .map_or(1, NonZeroUsize::get)
        .min(items.len() / MIN_ITEMS_PER_THREAD)
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
        let out = map(&items, |i| i * 2);
        assert_eq!(out, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        assert!(map(&[] as &[usize], |i| *i).is_empty());
        assert_eq!(map(&[7usize], |i| *i + 1), vec![8]);
    }
}
