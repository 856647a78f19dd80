//! Independent work on every core, results in input order: rendering the files of a big
//! document (the emitters) and reading the existing output files (asyncapi-codegen-build).
//! Not API: public (hidden from the docs) only because asyncapi-codegen-build shares it.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// `items.iter().map(f).collect()`, spread over the available cores, with at least
/// `min_per_thread` items per thread (below that a thread costs more than it saves). Each
/// thread takes the next unclaimed item until none is left, so items of very different
/// cost still keep every core busy to the end. The result is in input order whatever the
/// scheduling, so output stays deterministic.
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
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut slots: Vec<Option<R>> = thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut slots: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
        // This thread works too rather than waiting.
        let mine = work();
        for part in handles
            .into_iter()
            .map(|handle| match handle.join() {
                Ok(part) => part,
                // A panic in `f` is a bug: surface it as the panic it was.
                Err(payload) => std::panic::resume_unwind(payload),
            })
            .chain(std::iter::once(mine))
        {
            for (i, result) in part {
                slots[i] = Some(result);
            }
        }
        slots
    });
    slots
        .iter_mut()
        .map(|slot| slot.take().expect("every item was claimed by one thread"))
        .collect()
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
