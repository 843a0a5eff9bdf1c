//! Lesson 5, `parallel-cpu`: a fixed amount of CPU-bound work split across k threads,
//! with a part that must run serially (Amdahl's law).
//!
//! The pool is rayon's global pool (in the browser, Web Workers created once by
//! wasm-bindgen-rayon). To use exactly k threads inside a larger pool, the parallel part
//! is cut into k equal chunks, each run start to finish by one pool thread, so at most k
//! threads can work at once.

use super::{mix64, param, Params, Prepared, Suite, Variant};
use crate::harness::{Clock, Kernel};
use rayon::prelude::*;
use std::hint::black_box;

/// The suite behind the `parallel-cpu` widget.
pub struct ParallelSuite;
/// The one instance.
pub static SUITE: ParallelSuite = ParallelSuite;

/// Default total work items (the `work` slider).
pub const DEFAULT_WORK: f64 = 10_000_000.0;
/// Default serial share of the work, percent (the `serial` slider).
pub const DEFAULT_SERIAL_PERCENT: f64 = 5.0;

pub static VARIANTS: [Variant; 1] = [Variant::new("parallel", "k threads", "total")];

/// The work per item: a few rounds of integer mixing (compute-bound, no memory traffic).
#[inline]
fn work_item(i: u64) -> u64 {
    mix64(mix64(i) ^ i)
}

/// Work items `range` folded into one number (wrapping sum: order does not matter).
///
/// Kept scalar on purpose. As a plain `fold` over the range, LLVM vectorizes the 64-bit
/// multiplies of `mix64` into two-lane vector multiplies (`i64x2.mul` in wasm, a
/// `pmuludq` sequence on x86-64), which x86-64 without AVX-512 has no instruction for:
/// emulated, they ran 1.5x slower natively and about 1.8x slower in the browser than
/// scalar `imul`. The loop's step comes through `black_box`, so its trip count is unknown
/// to the vectorizer, and the loop stays scalar at no cost per item.
fn work_range(start: u64, end: u64) -> u64 {
    let step = black_box(1u64);
    let (mut acc, mut i) = (0u64, start);
    while i < end {
        acc = acc.wrapping_add(work_item(i));
        i += step;
    }
    acc
}

// region: parallel
/// Runs `total` items: the first `(1 − serial_share)` of them split into `threads` equal
/// chunks that run at the same time, then the rest on one thread.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn split_work(total: u64, serial_share: f64, threads: usize) -> u64 {
    let serial_items = (total as f64 * serial_share.clamp(0.0, 1.0)).round() as u64;
    let parallel_items = total - serial_items;
    let k = threads.max(1) as u64;
    let chunk = |c: u64| (parallel_items * c / k, parallel_items * (c + 1) / k);

    let parallel_part = if k == 1 {
        work_range(0, parallel_items) // one thread: no pool involved at all
    } else {
        (0..k as usize)
            .into_par_iter()
            .with_max_len(1) // one chunk per task: at most k tasks, k threads
            .map(|c| {
                let (a, b) = chunk(c as u64);
                work_range(a, b)
            })
            .reduce(|| 0, u64::wrapping_add)
    };
    let serial_part = work_range(parallel_items, total);
    parallel_part.wrapping_add(serial_part)
}
// endregion

// ---------------------------------------------------------------- chunk-size

/// The suite behind `chunk-size`.
pub struct ChunkSuite;
/// The one instance.
pub static CHUNK: ChunkSuite = ChunkSuite;

/// Default number of items (the `items` slider).
pub const DEFAULT_ITEMS: f64 = 1_000_000.0;

pub static CHUNK_VARIANTS: [Variant; 1] =
    [Variant::new("chunked", "parallel map in chunks", "total")];

// region: chunked
/// Maps every item and sums the results, handing the pool one task per chunk of
/// `chunk_size` items. Tiny chunks mean millions of tasks to schedule; one huge chunk
/// means one task, so one thread does everything.
///
/// `with_max_len(1)` is what makes a chunk a task. Left to itself, rayon's adaptive
/// splitter divides the chunks into a few pieces per thread (more only when threads
/// steal) and each piece walks its many chunks in a plain loop, so chunks of one item
/// would cost no more than chunks of a thousand.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn chunked_map(items: &[u64], chunk_size: usize, threads: usize) -> u64 {
    let chunk_size = chunk_size.max(1);
    let sum_chunk = |chunk: &[u64]| {
        chunk
            .iter()
            .fold(0u64, |acc, &i| acc.wrapping_add(work_item(i)))
    };
    if threads <= 1 {
        // One thread: no pool to hand tasks to, so chunk size changes almost nothing.
        return items
            .chunks(chunk_size)
            .map(sum_chunk)
            .fold(0, u64::wrapping_add);
    }
    items
        .par_chunks(chunk_size)
        .with_max_len(1)
        .map(sum_chunk)
        .reduce(|| 0, u64::wrapping_add)
}
// endregion

struct ChunkInput {
    items: Vec<u64>,
    chunk_size: usize,
    threads: usize,
}

impl Prepared for ChunkInput {
    fn kernel(&self, _index: usize) -> Box<dyn Kernel + '_> {
        Box::new(|| {
            chunked_map(
                black_box(&self.items),
                black_box(self.chunk_size),
                self.threads,
            )
        })
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.items.len().max(1) as u64
    }
}

impl Suite for ChunkSuite {
    fn id(&self) -> &'static str {
        "chunk-size"
    }
    fn variants(&self) -> &'static [Variant] {
        &CHUNK_VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, _n: u64, params: &Params) -> u64 {
        (param(params, "items", DEFAULT_ITEMS).clamp(1.0, 1e8) as u64).saturating_mul(8)
    }
    /// Here `n` is the chunk size; the number of items comes from the `items` param.
    fn prepare<'c>(
        &self,
        n: u64,
        params: &Params,
        threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        let count = param(params, "items", DEFAULT_ITEMS).clamp(1.0, 1e8) as u64;
        Box::new(ChunkInput {
            items: (0..count).collect(),
            chunk_size: n.max(1) as usize,
            threads,
        })
    }
    fn checksum_independent_of_n(&self) -> bool {
        true
    }
    fn uses_every_core(&self, _n: u64, threads: usize) -> bool {
        threads > 1
    }
}

struct Input {
    total: u64,
    serial_share: f64,
    threads: usize,
}

impl Prepared for Input {
    fn kernel(&self, _index: usize) -> Box<dyn Kernel + '_> {
        Box::new(|| {
            split_work(
                black_box(self.total),
                self.serial_share,
                black_box(self.threads),
            )
        })
    }
}

impl Suite for ParallelSuite {
    fn id(&self) -> &'static str {
        "parallel-cpu"
    }
    fn variants(&self) -> &'static [Variant] {
        &VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, _n: u64, _params: &Params) -> u64 {
        0
    }
    /// Here `n` is the thread count; the work comes from the `work` and `serial` params.
    /// `threads` is the pool size: asking for more threads than exist is capped.
    fn prepare<'c>(
        &self,
        n: u64,
        params: &Params,
        threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        let total = param(params, "work", DEFAULT_WORK).clamp(1.0, 1e9) as u64;
        let serial_share =
            param(params, "serial", DEFAULT_SERIAL_PERCENT).clamp(0.0, 100.0) / 100.0;
        Box::new(Input {
            total,
            serial_share,
            threads: (n as usize).clamp(1, threads.max(1)),
        })
    }
    fn checksum_independent_of_n(&self) -> bool {
        true
    }
    /// Two threads or more: on the two-core machines readers often have, that is all of
    /// them (the pool's size is what the browser reports, not what runs at once).
    fn uses_every_core(&self, n: u64, threads: usize) -> bool {
        n > 1 && threads > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_thread_count_computes_the_same_total() {
        for total in [0u64, 1, 2, 3, 1001, 100_000] {
            for serial in [0.0, 0.05, 0.5, 1.0] {
                let one = split_work(total, serial, 1);
                assert_eq!(one, work_range(0, total), "total={total} serial={serial}");
                for k in [2, 3, 4, 7] {
                    assert_eq!(
                        split_work(total, serial, k),
                        one,
                        "total={total} serial={serial} k={k}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_chunk_size_computes_the_same_sum() {
        for count in [0u64, 1, 7, 1000, 4099] {
            let items: Vec<u64> = (0..count).collect();
            let expected = work_range(0, count);
            for chunk in [1usize, 2, 3, 64, 1000, 5000] {
                for threads in [1, 2] {
                    assert_eq!(
                        chunked_map(&items, chunk, threads),
                        expected,
                        "count={count} chunk={chunk} threads={threads}"
                    );
                }
            }
        }
    }

    #[test]
    fn threads_are_capped_by_the_pool() {
        let p = Params::new();
        let clock = crate::harness::StdClock::new();
        let input = SUITE.prepare(8, &p, 2, &clock);
        let mut k = input.kernel(0);
        assert_eq!(
            k.call(),
            split_work(DEFAULT_WORK as u64, DEFAULT_SERIAL_PERCENT / 100.0, 1)
        );
    }
}
