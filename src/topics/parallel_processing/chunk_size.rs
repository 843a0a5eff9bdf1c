//! Lesson 5, `chunk-size`: the same parallel map handed to the pool in chunks of 1 to all
//! items: scheduling overhead at one end, one busy thread at the other.

use super::work_item;
use crate::catalog::{log_slider, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns, ratio};
use crate::harness::Kernel;
use crate::kernels::{param, Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::readout::noise_at;
use crate::topics::Topic;
use rayon::prelude::*;
use std::hint::black_box;

/// The suite behind `chunk-size`.
pub struct ChunkSuite;
/// The one instance.
pub static SUITE: ChunkSuite = ChunkSuite;

/// Default number of items (the `items` slider).
pub const DEFAULT_ITEMS: f64 = 1_000_000.0;

pub static VARIANTS: [Variant; 1] = [Variant::new("chunked", "parallel map in chunks", "total")];

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
    crate::kernels::suite_facts!("chunk-size", VARIANTS);
    fn bytes_needed(&self, _n: u64, params: &Params) -> u64 {
        (param(params, "items", DEFAULT_ITEMS).clamp(1.0, 1e8) as u64).saturating_mul(8)
    }
    /// Here `n` is the chunk size; the number of items comes from the `items` param.
    fn prepare<'c>(
        &self,
        Setup {
            n, params, threads, ..
        }: Setup<'_, 'c>,
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
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "chunk-size",
        title: "Chunk size: scheduling overhead versus load balance",
        sliders: &[log_slider(
            "items",
            "Number of items",
            1e4,
            1e7,
            DEFAULT_ITEMS,
        )],
        op_label: "item",
        sweep_from: 1.0,
        sweep_slider: "items",
        x_label: "chunk size (items per task)",
        n_label: "chunk size",
        mark_best: true,
        all_cores: true,
        // The browser tests' quick sweep: 10,000 items: chunk sizes 1 .. 10,000.
        quick_sweep: &[("items", 0)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/parallel_processing/chunk_size.rs",
        measures_memory: false,
    }),
    python: None,
};

/// The fastest chunk size, and why each end is slower (only when it is).
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let measured: Vec<(u64, f64)> = r
        .points
        .iter()
        .filter(|p| p.variant == "chunked")
        .filter_map(|p| Some((p.n, p.median_per_op_ns()?)))
        .collect();
    let &(best_n, best) = measured.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let &(small_n, small) = measured.iter().min_by_key(|(n, _)| *n)?;
    let &(big_n, big) = measured.iter().max_by_key(|(n, _)| *n)?;
    if r.threads <= 1 {
        return Some(format!(
            "With one thread there is no pool to schedule on: chunk sizes from {} to {} took between {} and {} per item.",
            count(small_n),
            count(big_n),
            duration_ns(measured.iter().map(|m| m.1).fold(f64::MAX, f64::min)),
            duration_ns(measured.iter().map(|m| m.1).fold(0.0, f64::max))
        ));
    }
    // Chunk sizes whose figure is within the noise of the best one (theirs or the best's)
    // were as fast: the sentence names the whole range, not one of them as "the fastest".
    let near_best =
        |&&(n, v): &&(u64, f64)| v <= best * (1.0 + noise_at(r, n).max(noise_at(r, best_n)));
    let tied: Vec<u64> = measured.iter().filter(near_best).map(|m| m.0).collect();
    let (first, last) = (
        tied.iter().copied().min().unwrap_or(best_n),
        tied.iter().copied().max().unwrap_or(best_n),
    );
    let head = if first == last {
        format!(
            "The fastest chunk size was {} items at {} per item",
            count(best_n),
            duration_ns(best)
        )
    } else {
        format!(
            "Chunks of {} to {} items were equally fast, within the run's noise ({} per item at best)",
            count(first),
            count(last),
            duration_ns(best)
        )
    };
    // Say why an end is slow only when it is: with a cheap scheduler the smallest chunks
    // can run as fast as any, and the sentence must not claim otherwise.
    const NOTICEABLE: f64 = 1.15;
    let left = if first == small_n {
        format!(
            "even chunks of {} were as fast as any: here a task costs less than the work it carries",
            count(small_n)
        )
    } else if small > best * NOTICEABLE {
        format!(
            "chunks of {} took {} ({} slower: a task per item costs more than the item)",
            count(small_n),
            duration_ns(small),
            ratio(small / best)
        )
    } else {
        format!(
            "chunks of {} took {}, within {}% of it: this machine schedules tiny tasks cheaply",
            count(small_n),
            duration_ns(small),
            crate::format::fixed(100.0 * (small / best - 1.0), 0)
        )
    };
    let right = if big > best * NOTICEABLE {
        format!(
            "one chunk of {} took {} ({} slower: one task keeps one of the {} threads busy while the others wait)",
            count(big_n),
            duration_ns(big),
            ratio(big / best),
            r.threads
        )
    } else {
        format!(
            "one chunk of {} took {}, about as fast",
            count(big_n),
            duration_ns(big)
        )
    };
    Some(format!("{head}; {left}, and {right}."))
}

#[cfg(test)]
mod tests {
    use super::super::work_range;
    use super::*;
    use crate::readout::tests::{point, report};

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
    fn chunk_size_sentence_follows_the_data() {
        let curve = |left: f64| {
            let pts =
                [(1, left), (100, 1.0), (1_000_000, 2.0)].map(|(n, t)| point("chunked", n, t));
            crate::topics::sentence(&report("chunk-size", pts.to_vec()), &Params::new())
        };
        let s = curve(2.0);
        assert!(s.contains("The fastest chunk size was 100"), "{s}");
        assert!(
            s.contains("a task per item costs more than the item"),
            "{s}"
        );
        assert!(
            s.contains("one chunk of 1,000,000 took 2.00 ns (2.00× slower"),
            "{s}"
        );
        let s = curve(1.05);
        assert!(s.contains("within 5% of it"), "{s}");
        assert!(!s.contains("costs more than the item"), "{s}");
        let s = curve(0.9);
        assert!(s.contains("even chunks of 1 were as fast as any"), "{s}");
        // A plateau: sizes within the noise of the best are named as a range, none of them
        // "the fastest".
        let pts = [
            (1, 3.0),
            (100, 1.0),
            (1_000, 1.01),
            (10_000, 1.0),
            (1_000_000, 2.0),
        ]
        .map(|(n, t)| point("chunked", n, t));
        let s = crate::topics::sentence(&report("chunk-size", pts.to_vec()), &Params::new());
        assert!(
            s.starts_with("Chunks of 100 to 10,000 items were equally fast, within the run's noise (1.00 ns per item at best)"),
            "{s}"
        );
        assert!(!s.contains("fastest chunk size"), "{s}");
    }
}
