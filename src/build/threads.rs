//! The render threads: each the only worker of its own rayon pool, with a deep stack
//! (typst recurses while laying out), taking the next motion from a shared counter.

/// Stack size of the threads that render: typst recurses deeply while laying out.
const RENDER_STACK: usize = 16 << 20;

/// Maps `items` on `jobs` threads (0: one per core), results in the order of `items`.
///
/// Each thread is the only worker of its own rayon pool, and takes the next item from a
/// shared counter. typst and krilla hand parts of their work to rayon: in a pool of one
/// that work runs on the same thread, in place, instead of going to rayon's global pool
/// while the render thread waits (two threads swapping for every part, and the pool's
/// idle workers spinning on cores the render threads need). Not one pool for every
/// motion either: a rayon worker that waits inside typst steals the next motion and
/// renders it on the same stack, nesting documents until the stack overflows (seen at
/// 3,000 motions) and keeping them all in memory.
pub fn parallel_map<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    work: impl Fn(&T) -> R + Sync,
) -> std::io::Result<Vec<R>> {
    let jobs = if jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        jobs
    }
    .min(items.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<R>>> =
        items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let pools = (0..jobs)
        .map(|_| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .stack_size(RENDER_STACK)
                .build()
                .map_err(std::io::Error::other)
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    std::thread::scope(|scope| {
        for pool in &pools {
            scope.spawn(|| {
                pool.install(|| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        let result = work(item);
                        *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                    }
                })
            });
        }
    });
    Ok(results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every item was processed")
        })
        .collect())
}
