//! Lesson 5, parallel processing: its widgets, one file each. `parallel-cpu` and
//! `chunk-size` share the work per item below, so their totals can be checked against one
//! plain loop.

pub mod chunk_size;
pub mod copy_vs_share;
pub mod io_concurrency;
pub mod parallel_cpu;

use crate::kernels::mix64;
use std::hint::black_box;

/// The work per item: a few rounds of integer mixing (compute-bound, no memory traffic).
#[inline]
pub(crate) fn work_item(i: u64) -> u64 {
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
pub(crate) fn work_range(start: u64, end: u64) -> u64 {
    let step = black_box(1u64);
    let (mut acc, mut i) = (0u64, start);
    while i < end {
        acc = acc.wrapping_add(work_item(i));
        i += step;
    }
    acc
}
