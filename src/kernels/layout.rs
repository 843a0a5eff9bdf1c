//! Lesson 7, memory layout: how many bytes an integer costs in different containers
//! (`bytes-per-element`), and how the order of a traversal meets the cache
//! (`row-vs-column`).

use super::rng::SplitMix64;
use super::{Params, Prepared, Suite, Variant};
use crate::harness::{Clock, Kernel};
use std::hint::black_box;

/// The suite behind `bytes-per-element`.
pub struct BytesSuite;
/// The one instance.
pub static BYTES: BytesSuite = BytesSuite;

pub static BYTES_VARIANTS: [Variant; 5] = [
    Variant::new("boxed", "Vec<Box<i64>> (a heap object each)", "sum"),
    Variant::new(
        "boxed-shuffled",
        "Vec<Box<i64>>, boxes visited out of order",
        "sum",
    ),
    Variant::new("i64", "Vec<i64>", "sum"),
    Variant::new("i32", "Vec<i32>", "sum"),
    Variant::new("i16", "Vec<i16>", "sum"),
];

/// n small integers (they fit every width), the same for every variant.
pub fn values(n: u64) -> Vec<i16> {
    let mut rng = SplitMix64::new(0x1a70);
    (0..n).map(|_| rng.below(2001) as i16 - 1000).collect()
}

// region: boxed
/// One heap allocation per integer, as a Python list holds pointers to int objects:
/// the sum follows a pointer per element.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn sum_boxed(v: &[Box<i64>]) -> i64 {
    v.iter().map(|b| **b).sum()
}
// endregion

// region: boxed-shuffled
/// The same boxes, visited in shuffled order, as in a Python list whose objects were
/// created at different times: each pointer leads somewhere unrelated to the last, so
/// the hardware cannot guess the next address and each value may cost a cache miss.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn sum_boxed_shuffled(v: &[Box<i64>]) -> i64 {
    v.iter().map(|b| **b).sum()
}
// endregion

/// `v` in a fixed pseudo-random order (Fisher–Yates, seeded): the boxes stay where the
/// allocator put them, only the pointers are reordered.
// A vector of boxes is the point: it is the layout of a Python list of ints.
#[allow(clippy::vec_box)]
pub fn shuffled(mut v: Vec<Box<i64>>) -> Vec<Box<i64>> {
    let mut rng = SplitMix64::new(0x5_0ff1e);
    for i in (1..v.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        v.swap(i, j);
    }
    v
}

/// How far apart the allocator placed `n` boxes allocated one after another: the median
/// distance between consecutive addresses, bytes. That is what one 8-byte box really
/// occupies (its size rounded up to the allocator's smallest block, plus bookkeeping),
/// which a counting allocator, seeing only the 8 bytes requested, cannot report.
pub fn box_stride(n: usize) -> Option<u64> {
    let boxes: Vec<Box<i64>> = (0..n.max(2) as i64).map(Box::new).collect();
    let mut gaps: Vec<u64> = boxes
        .windows(2)
        .map(|w| {
            let a = &*w[0] as *const i64 as usize;
            let b = &*w[1] as *const i64 as usize;
            b.abs_diff(a) as u64
        })
        .collect();
    gaps.sort_unstable();
    gaps.get(gaps.len() / 2).copied()
}

// region: i64
/// Eight bytes per element, contiguous.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn sum_i64(v: &[i64]) -> i64 {
    v.iter().sum()
}
// endregion

// region: i32
/// Four bytes per element: half the memory to read.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn sum_i32(v: &[i32]) -> i64 {
    v.iter().map(|&x| i64::from(x)).sum()
}
// endregion

// region: i16
/// Two bytes per element (values from −32,768 to 32,767 only).
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn sum_i16(v: &[i16]) -> i64 {
    v.iter().map(|&x| i64::from(x)).sum()
}
// endregion

/// Each container built from the same values.
// A vector of boxes is the point: it is the layout of a Python list of ints.
#[allow(clippy::vec_box)]
struct Containers {
    source: Vec<i16>,
    boxed: Vec<Box<i64>>,
    scattered: Vec<Box<i64>>,
    wide: Vec<i64>,
    mid: Vec<i32>,
}

fn build(source: &[i16], index: usize) -> u64 {
    // Build the container the variant sums, sum it, and drop it: its peak is its size.
    let sum = match index {
        0 => sum_boxed(
            &source
                .iter()
                .map(|&x| Box::new(i64::from(x)))
                .collect::<Vec<_>>(),
        ),
        1 => sum_boxed_shuffled(&shuffled(
            source
                .iter()
                .map(|&x| Box::new(i64::from(x)))
                .collect::<Vec<_>>(),
        )),
        2 => sum_i64(&source.iter().map(|&x| i64::from(x)).collect::<Vec<_>>()),
        3 => sum_i32(&source.iter().map(|&x| i32::from(x)).collect::<Vec<_>>()),
        _ => {
            // A copy on purpose: the probe measures what holding the container costs.
            let copy: Vec<i16> = source.to_vec();
            sum_i16(&copy)
        }
    };
    sum as u64
}

impl Prepared for Containers {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        match index {
            0 => Box::new(|| sum_boxed(black_box(&self.boxed)) as u64),
            1 => Box::new(|| sum_boxed_shuffled(black_box(&self.scattered)) as u64),
            2 => Box::new(|| sum_i64(black_box(&self.wide)) as u64),
            3 => Box::new(|| sum_i32(black_box(&self.mid)) as u64),
            _ => Box::new(|| sum_i16(black_box(&self.source)) as u64),
        }
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.source.len().max(1) as u64
    }
    fn memory_probe(&self, index: usize) -> Option<Box<dyn Kernel + '_>> {
        Some(Box::new(move || build(black_box(&self.source), index)))
    }
}

impl Suite for BytesSuite {
    fn id(&self) -> &'static str {
        "bytes-per-element"
    }
    fn variants(&self) -> &'static [Variant] {
        &BYTES_VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // Two sets of boxes (16 B each with bookkeeping, plus a pointer) dominate; the
        // other containers add 14 B, and the memory probe builds one more container.
        n.saturating_mul(2 * (16 + 4) + 14 + 20)
    }
    fn prepare<'c>(
        &self,
        n: u64,
        _params: &Params,
        _threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        let source = values(n);
        Box::new(Containers {
            boxed: source.iter().map(|&x| Box::new(i64::from(x))).collect(),
            scattered: shuffled(source.iter().map(|&x| Box::new(i64::from(x))).collect()),
            wide: source.iter().map(|&x| i64::from(x)).collect(),
            mid: source.iter().map(|&x| i32::from(x)).collect(),
            source,
        })
    }
    fn measures_memory(&self) -> bool {
        true
    }
    fn details(
        &self,
        n: u64,
        _params: &Params,
        _clock: &dyn Clock,
    ) -> Option<crate::protocol::Details> {
        // A sample of consecutive allocations is enough for the median spacing.
        let stride = box_stride((n as usize).clamp(2, 100_000))?;
        Some(crate::protocol::Details::Footprint {
            box_stride_bytes: stride,
            pointer_bytes: std::mem::size_of::<Box<i64>>() as u64,
        })
    }
}

/// The suite behind `row-vs-column`.
pub struct MatrixSuite;
/// The one instance.
pub static MATRIX: MatrixSuite = MatrixSuite;

pub static MATRIX_VARIANTS: [Variant; 3] = [
    Variant::new("row-major", "row by row (memory order)", "sum"),
    Variant::new("column-major", "column by column (stride n)", "sum"),
    Variant::new(
        "column-padded",
        "column by column, rows padded to n + 16",
        "sum",
    ),
];

/// Values added to each row of the padded copy: one 64-byte cache line of i32s.
pub const ROW_PADDING: usize = 16;

// region: row-major
/// Walks the n × n matrix (stored row after row) in memory order: every byte of each
/// cache line fetched is used.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn sum_rows(m: &[i32], n: usize) -> i64 {
    let mut total = 0i64;
    for row in 0..n {
        for col in 0..n {
            total += i64::from(m[row * n + col]);
        }
    }
    total
}
// endregion

// region: column-major
/// The same sum, column by column: consecutive reads are n × 4 bytes apart, so once the
/// matrix outgrows the cache each read can cost a fresh cache line.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn sum_columns(m: &[i32], n: usize) -> i64 {
    let mut total = 0i64;
    for col in 0..n {
        for row in 0..n {
            total += i64::from(m[row * n + col]);
        }
    }
    total
}
// endregion

// region: column-padded
/// Column by column over a copy whose rows are [`ROW_PADDING`] values longer than n (the
/// padding is never read). When n × 4 bytes is a power of two, every element of a column
/// maps to the same few cache sets and they evict each other long before the cache is
/// full; the odd stride spreads them over all the sets.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn sum_columns_padded(m: &[i32], n: usize, stride: usize) -> i64 {
    let mut total = 0i64;
    for col in 0..n {
        for row in 0..n {
            total += i64::from(m[row * stride + col]);
        }
    }
    total
}
// endregion

struct Matrix {
    cells: Vec<i32>,
    padded: Vec<i32>,
    side: usize,
}

impl Prepared for Matrix {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let side = self.side;
        match index {
            0 => Box::new(move || sum_rows(black_box(&self.cells), black_box(side)) as u64),
            1 => Box::new(move || sum_columns(black_box(&self.cells), black_box(side)) as u64),
            _ => Box::new(move || {
                let stride = side + ROW_PADDING;
                sum_columns_padded(black_box(&self.padded), black_box(side), stride) as u64
            }),
        }
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.cells.len().max(1) as u64
    }
}

impl Suite for MatrixSuite {
    fn id(&self) -> &'static str {
        "row-vs-column"
    }
    fn variants(&self) -> &'static [Variant] {
        &MATRIX_VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // The matrix and its padded copy.
        n.saturating_mul(n)
            .saturating_mul(4)
            .saturating_mul(2)
            .saturating_add(n.saturating_mul(ROW_PADDING as u64 * 4))
    }
    fn prepare<'c>(
        &self,
        n: u64,
        _params: &Params,
        _threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        let side = n as usize;
        let mut rng = SplitMix64::new(0x3a7);
        let cells: Vec<i32> = (0..side * side).map(|_| rng.below(1000) as i32).collect();
        let mut padded = Vec::with_capacity(side * (side + ROW_PADDING));
        for row in cells.chunks(side.max(1)) {
            padded.extend_from_slice(row);
            padded.extend(std::iter::repeat_n(0, ROW_PADDING));
        }
        Box::new(Matrix {
            cells,
            padded,
            side,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::StdClock;

    #[test]
    fn every_container_sums_to_the_same() {
        for n in [0, 1, 2, 1000] {
            let clock = StdClock::new();
            let input = BYTES.prepare(n, &Params::new(), 1, &clock);
            let sums: Vec<u64> = (0..5).map(|i| input.kernel(i).call()).collect();
            assert!(sums.iter().all(|&s| s == sums[0]), "n={n}: {sums:?}");
            let built: Vec<u64> = (0..5)
                .map(|i| input.memory_probe(i).expect("probe").call())
                .collect();
            assert_eq!(built, sums, "n={n}");
        }
    }

    #[test]
    fn row_and_column_sums_agree() {
        for n in [0, 1, 3, 64] {
            let clock = StdClock::new();
            let input = MATRIX.prepare(n, &Params::new(), 1, &clock);
            let sums: Vec<u64> = (0..3).map(|i| input.kernel(i).call()).collect();
            assert!(sums.iter().all(|&s| s == sums[0]), "n={n}: {sums:?}");
        }
    }

    #[test]
    fn shuffling_keeps_every_box_and_changes_the_order() {
        let v: Vec<Box<i64>> = (0..1000).map(Box::new).collect();
        let addresses: Vec<usize> = v.iter().map(|b| &**b as *const i64 as usize).collect();
        let s = shuffled(v);
        let mut values: Vec<i64> = s.iter().map(|b| **b).collect();
        assert_ne!(values, (0..1000).collect::<Vec<_>>(), "reordered");
        values.sort_unstable();
        assert_eq!(values, (0..1000).collect::<Vec<_>>(), "every box kept");
        // The boxes did not move: only the pointers were reordered.
        let mut after: Vec<usize> = s.iter().map(|b| &**b as *const i64 as usize).collect();
        after.sort_unstable();
        let mut before = addresses;
        before.sort_unstable();
        assert_eq!(after, before);
    }

    #[test]
    fn a_box_occupies_at_least_its_size() {
        let stride = box_stride(1000).expect("a stride");
        assert!(stride >= 8, "{stride}");
    }
}
