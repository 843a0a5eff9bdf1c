//! Lesson 7, `row-vs-column`: summing an n × n matrix in memory order or across it, and
//! what padding the rows does to a column walk: how the order of a traversal meets the cache.

use crate::catalog::{log_slider, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns, ratio};
use crate::harness::Kernel;
use crate::kernels::rng::SplitMix64;
use crate::kernels::{Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::readout::{at, compare, largest, noise_at};
use crate::topics::Topic;
use std::hint::black_box;

/// The suite behind `row-vs-column`.
pub struct MatrixSuite;
/// The one instance.
pub static SUITE: MatrixSuite = MatrixSuite;

pub static VARIANTS: [Variant; 3] = [
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
    crate::kernels::suite_facts!("row-vs-column", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // The matrix and its padded copy.
        n.saturating_mul(n)
            .saturating_mul(4)
            .saturating_mul(2)
            .saturating_add(n.saturating_mul(ROW_PADDING as u64 * 4))
    }
    fn prepare<'c>(&self, Setup { n, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
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

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "row-vs-column",
        title: "Summing a matrix row by row or column by column",
        sliders: &[log_slider(
            "n",
            "Largest matrix side n",
            10.0,
            4096.0,
            2000.0,
        )],
        op_label: "element",
        sweep_from: 100.0,
        x_label: "matrix side n (n × n elements)",
        // The browser tests' quick sweep: largest side 200: sizes 100 and 200 (the sweep starts at 100).
        quick_sweep: &[("n", 4)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/memory/row_vs_column.rs",
        measures_memory: false,
    }),
    python: None,
};

/// Where column order falls behind, and what padding the rows did.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (big, col_big) = largest(r, "column-major")?;
    let row_big = at(r, "row-major", big)?;
    let small = r
        .points
        .iter()
        .filter(|p| p.variant == "column-major" && p.measurement().is_some())
        .map(|p| p.n)
        .min()?;
    let b = |n: u64| crate::format::bytes(n * n * 4);
    let mut s = format!(
        "At n = {} ({}), column order took {} per element and row order {}: column order ran {} row order.",
        count(big),
        b(big),
        duration_ns(col_big),
        duration_ns(row_big),
        compare(col_big, row_big, noise_at(r, big))
    );
    if small < big {
        let (col_small, row_small) = (at(r, "column-major", small)?, at(r, "row-major", small)?);
        s += &format!(
            " At n = {} ({}) the ratio was {}.",
            count(small),
            b(small),
            ratio(col_small / row_small)
        );
        if col_big / row_big > 1.3 * (col_small / row_small) {
            s += " The gap opens as the matrix outgrows the caches: a small matrix stays cached whichever way it is read.";
        }
    }
    // Padding the rows separates capacity from conflicts: with a power-of-two row length
    // a column's elements compete for the same few cache sets.
    if let Some(padded) = at(r, "column-padded", big) {
        let row_bytes = big * 4;
        let power_of_two = row_bytes.is_power_of_two();
        let gain = col_big / padded;
        s += &format!(
            " With each row padded by {} values, column order took {}",
            ROW_PADDING,
            duration_ns(padded)
        );
        s += &if gain > 1.3 && power_of_two {
            format!(
                ", {} faster than unpadded: a row of {} bytes is a power of two, so the unpadded column's elements fell into the same few cache sets and evicted each other long before the cache was full (conflict misses), and the padding spread them out.",
                ratio(gain),
                count(row_bytes)
            )
        } else if gain > 1.3 {
            format!(
                ", {} faster than unpadded. A row of {} bytes is not a power of two, so this is not the textbook set conflict, and a timing alone cannot say what else favoured the padded stride. n = 4,096 shows the clean case.",
                ratio(gain),
                count(row_bytes)
            )
        } else if padded > col_big * (1.0 + 0.1f64.max(noise_at(r, big))) {
            // Slower padded: whatever conflicts it removed, it cost more than it saved, for
            // reasons a timing does not tell; not a capacity argument either.
            format!(
                ", {} the unpadded walk: padding did not pay at this size, and why its stride cost more is something a timing alone cannot pin down.",
                compare(padded, col_big, noise_at(r, big))
            )
        } else {
            format!(
                ", {} the unpadded walk: at this size the cost is the cache's capacity, not conflicts between sets.",
                compare(padded, col_big, noise_at(r, big))
            )
        };
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::StdClock;
    use crate::readout::tests::{point, report};

    // The sentence as the page shows it.
    use crate::topics::sentence;

    #[test]
    fn row_and_column_sums_agree() {
        for n in [0, 1, 3, 64] {
            let clock = StdClock::new();
            let input = SUITE.prepare(Setup {
                n,
                params: &Params::new(),
                threads: 1,
                clock: &clock,
            });
            let sums: Vec<u64> = (0..3).map(|i| input.kernel(i).call()).collect();
            assert!(sums.iter().all(|&s| s == sums[0]), "n={n}: {sums:?}");
        }
    }

    #[test]
    fn row_vs_column_says_when_the_gap_opens() {
        let pts = vec![
            point("row-major", 100, 1.0),
            point("column-major", 100, 1.1),
            point("row-major", 2000, 1.0),
            point("column-major", 2000, 4.0),
        ];
        let s = sentence(&report("row-vs-column", pts), &Params::new());
        assert!(
            s.contains("column order ran 4.00× slower than row order"),
            "{s}"
        );
        assert!(
            s.contains("At n = 100 (39.1 KiB) the ratio was 1.10×"),
            "{s}"
        );
        assert!(s.contains("outgrows the caches"), "{s}");
        // Padding: a big gain at a power-of-two row is named a conflict; none, capacity.
        let with_padding = |n: u64, padded: f64| {
            sentence(
                &report(
                    "row-vs-column",
                    vec![
                        point("row-major", n, 1.0),
                        point("column-major", n, 8.0),
                        point("column-padded", n, padded),
                    ],
                ),
                &Params::new(),
            )
        };
        let s = with_padding(4096, 2.0);
        assert!(
            s.contains("4.00× faster than unpadded: a row of 16,384 bytes is a power of two"),
            "{s}"
        );
        assert!(s.contains("conflict misses"), "{s}");
        let s = with_padding(2000, 7.9);
        assert!(s.contains("the cost is the cache's capacity"), "{s}");
        // Padded clearly slower (a real run at n = 2,000: 1.65x): no capacity claim.
        let s = with_padding(2000, 13.2);
        assert!(s.contains("1.65× slower than the unpadded walk:"), "{s}");
        assert!(s.contains("padding did not pay at this size"), "{s}");
        assert!(!s.contains("capacity"), "{s}");
        let s = with_padding(2000, 5.0);
        assert!(
            s.contains("is not a power of two, so this is not the textbook set conflict"),
            "{s}"
        );
        assert!(!s.contains("conflict misses"), "{s}");
    }
}
