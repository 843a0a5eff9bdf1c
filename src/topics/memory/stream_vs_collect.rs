//! Lesson 7, `stream-vs-collect`: the count, mean and variance of a generated stream of
//! readings, computed on the fly versus after collecting every reading into a vector;
//! and the numerical trap of the one-pass E[x²] − E[x]² formula next to Welford's method.
//!
//! Readings are `offset + q` with `q` a small integer, so every reading is exact in an
//! `f64` (offsets stay far below 2^53) and the exact variance can be computed in integer
//! arithmetic: it is the variance of the `q`s, whatever the offset.

use crate::catalog::{log_slider, WidgetSpec, DEFAULTS};
use crate::details::{Stability, StabilityRow};
use crate::format::{bytes, count, duration_ns};
use crate::harness::{Clock, Kernel};
use crate::kernels::rng::SplitMix64;
use crate::kernels::{mix64, param, Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::{Details, Report};
use crate::python::{PyVariant, Twin};
use crate::readout::relative;
use crate::readout::{at, compare, largest, noise_at};
use crate::topics::Topic;
use serde::{Deserialize, Serialize};
use std::hint::black_box;

/// The suite behind `stream-vs-collect`.
pub struct StreamSuite;
/// The one instance.
pub static SUITE: StreamSuite = StreamSuite;

pub static VARIANTS: [Variant; 2] = [
    Variant::new("collect", "collect into a Vec, then summarize", "summary"),
    Variant::new("stream", "summarize the stream as it goes", "summary"),
];

/// Readings are `offset + q` with `q` in `-NOISE..=NOISE`.
pub const NOISE: i64 = 50;
/// Default offset (the `offset` slider): values around a billion.
pub const DEFAULT_OFFSET: f64 = 1e9;
/// Largest offset the slider allows: readings stay exact integers in an `f64`.
pub const MAX_OFFSET: f64 = 1e12;
/// Most readings the stability table uses (it runs three passes per offset).
pub const STABILITY_MAX_N: u64 = 1_000_000;

/// The generated stream: `n` readings around `offset`, the same for every variant.
pub fn readings(n: u64, offset: f64) -> impl Iterator<Item = f64> {
    noise(n).map(move |q| offset + q as f64)
}

fn noise(n: u64) -> impl Iterator<Item = i64> {
    let mut rng = SplitMix64::new(0x5eed);
    (0..n).map(move |_| rng.below(2 * NOISE as u64 + 1) as i64 - NOISE)
}

/// Count, mean and (population) variance.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// How many readings.
    pub count: u64,
    /// Their mean.
    pub mean: f64,
    /// Their population variance (divided by the count).
    pub variance: f64,
}

impl Summary {
    /// A checksum that changes when any field changes (bit for bit).
    pub fn checksum(&self) -> u64 {
        mix64(self.count ^ mix64(self.mean.to_bits() ^ mix64(self.variance.to_bits())))
    }
}

/// Welford's running mean and variance: one reading at a time, numerically stable.
#[derive(Clone, Copy, Debug, Default)]
pub struct Welford {
    count: u64,
    mean: f64,
    m2: f64,
}

impl Welford {
    /// Takes one reading.
    #[inline]
    pub fn push(&mut self, x: f64) {
        self.count += 1;
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// The summary so far.
    pub fn finish(&self) -> Summary {
        Summary {
            count: self.count,
            mean: self.mean,
            variance: if self.count == 0 {
                0.0
            } else {
                self.m2 / self.count as f64
            },
        }
    }
}

// region: collect
/// Stores every reading first (n × 8 bytes), then summarizes the stored copy.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn summarize_collected(readings: impl Iterator<Item = f64>) -> Summary {
    let all: Vec<f64> = readings.collect();
    let mut w = Welford::default();
    for &x in &all {
        w.push(x);
    }
    w.finish()
}
// endregion

// region: stream
/// Summarizes each reading as it is generated: nothing is stored, so memory stays
/// constant however long the stream is.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn summarize_stream(readings: impl Iterator<Item = f64>) -> Summary {
    let mut w = Welford::default();
    for x in readings {
        w.push(x);
    }
    w.finish()
}
// endregion

// region: naive
/// The textbook one-pass formula: variance = E[x²] − E[x]². Correct on paper; in
/// floating point the two terms are huge and nearly equal when the readings sit far
/// from zero, and their difference loses most of its digits (it can even be negative).
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn summarize_naive(readings: impl Iterator<Item = f64>) -> Summary {
    let (mut count, mut sum, mut sum_sq) = (0u64, 0.0f64, 0.0f64);
    for x in readings {
        count += 1;
        sum += x;
        sum_sq += x * x;
    }
    if count == 0 {
        return Summary::default();
    }
    let mean = sum / count as f64;
    Summary {
        count,
        mean,
        variance: sum_sq / count as f64 - mean * mean,
    }
}
// endregion

/// The exact variance of `n` readings (at any offset), from integer sums in `i128`,
/// rounded once to `f64` at the end.
pub fn exact_variance(n: u64) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let (mut s, mut s2) = (0i128, 0i128);
    for q in noise(n) {
        s += i128::from(q);
        s2 += i128::from(q) * i128::from(q);
    }
    let n = i128::from(n);
    // Var = (n·Σq² − (Σq)²) / n²; the numerator is exact, and only the division rounds.
    ((n * s2 - s * s) as f64) / ((n * n) as f64)
}

/// |estimate − exact| / exact.
pub fn relative_error(estimate: f64, exact: f64) -> f64 {
    if exact == 0.0 {
        (estimate - exact).abs()
    } else {
        ((estimate - exact) / exact).abs()
    }
}

impl StabilityRow {
    /// Relative error of the one-pass formula.
    pub fn naive_error(&self) -> f64 {
        relative_error(self.naive, self.exact)
    }
    /// Relative error of Welford's method.
    pub fn welford_error(&self) -> f64 {
        relative_error(self.welford, self.exact)
    }
}

impl Stability {
    /// The row of the chosen offset.
    pub fn chosen_row(&self) -> Option<&StabilityRow> {
        self.rows.iter().find(|r| r.offset == self.chosen)
    }
}

/// Computes the stability table (untimed).
pub fn stability(n: u64, chosen: f64) -> Stability {
    let n = n.clamp(2, STABILITY_MAX_N);
    let exact = exact_variance(n);
    let mut offsets: Vec<f64> = (0..=12).map(|k| 10f64.powi(k)).collect();
    if !offsets.contains(&chosen) {
        offsets.push(chosen);
        offsets.sort_by(f64::total_cmp);
    }
    let rows = offsets
        .into_iter()
        .map(|offset| StabilityRow {
            offset,
            exact,
            naive: summarize_naive(readings(n, offset)).variance,
            welford: summarize_stream(readings(n, offset)).variance,
        })
        .collect();
    Stability { n, chosen, rows }
}

fn offset_of(params: &Params) -> f64 {
    param(params, "offset", DEFAULT_OFFSET)
        .clamp(0.0, MAX_OFFSET)
        .round()
}

struct Input {
    n: u64,
    offset: f64,
}

impl Prepared for Input {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let (n, offset) = (self.n, self.offset);
        match index {
            0 => Box::new(move || {
                summarize_collected(readings(black_box(n), black_box(offset))).checksum()
            }),
            _ => Box::new(move || {
                summarize_stream(readings(black_box(n), black_box(offset))).checksum()
            }),
        }
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.n.max(1)
    }
}

impl Suite for StreamSuite {
    crate::kernels::suite_facts!("stream-vs-collect", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        n.saturating_mul(8)
    }
    fn prepare<'c>(&self, Setup { n, params, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        Box::new(Input {
            n,
            offset: offset_of(params),
        })
    }
    fn measures_memory(&self) -> bool {
        true
    }
    fn details(&self, n: u64, params: &Params, _clock: &dyn Clock) -> Option<Details> {
        Some(Details::Stability(stability(n, offset_of(params))))
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "stream-vs-collect",
        title: "Mean and variance of a stream: collected first or on the fly",
        sliders: &[
            log_slider("n", "Largest number of readings n", 1e3, 1e7, 1e6),
            log_slider(
                "offset",
                "Offset of the readings (values around it)",
                1.0,
                MAX_OFFSET,
                DEFAULT_OFFSET,
            ),
        ],
        op_label: "reading",
        sweep_from: 1e3,
        n_label: "readings",
        // The browser tests' quick sweep: 1e3 .. 1e4 readings.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/memory/stream_vs_collect.rs",
        measures_memory: true,
    }),
    python: Some(&PYTHON),
};

/// The seed's two ways in Python (`stream_vs_collect.py` beside this file): a list of every
/// reading, summarized after, and a generator summarized as it goes (Welford's method in both,
/// operation for operation as here).
pub static PYTHON: Twin = Twin {
    source_path: "topics/memory/stream_vs_collect.py",
    variants: &[
        PyVariant {
            function: "collect_list",
            label: "list(readings), then summarize",
            twin: "collect",
        },
        PyVariant {
            function: "stream_generator",
            label: "summarize a generator as it goes",
            twin: "stream",
        },
    ],
};

fn peak_bytes(r: &Report, variant: &str, n: u64) -> Option<u64> {
    r.points
        .iter()
        .find(|p| p.variant == variant && p.n == n)
        .and_then(|p| p.memory)
        .map(|m| m.peak_bytes)
}

/// Time and peak memory both ways, and how the variance formulas fared at the offset.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (n, collect) = largest(r, "collect")?;
    let stream = at(r, "stream", n)?;
    let mut s = format!(
        "For {} readings, summarizing the stream took {} per reading and collecting first {}: streaming ran {} collecting.",
        count(n),
        duration_ns(stream),
        duration_ns(collect),
        compare(stream, collect, noise_at(r, n))
    );
    if let (Some(c), Some(st)) = (peak_bytes(r, "collect", n), peak_bytes(r, "stream", n)) {
        s += &format!(
            " At its peak, collecting held {} and streaming {}.",
            bytes(c),
            bytes(st)
        );
    }
    if let Some(Details::Stability(t)) = &r.details {
        if let Some(row) = t.chosen_row() {
            let offset = crate::format::compact(row.offset);
            let (ne, we) = (row.naive_error(), row.welford_error());
            if ne < 1e-9 {
                s += &format!(
                    " Around {offset}, both variance formulas are accurate (errors {} and {}); raise the offset to watch E[x²] − E[x]² fail.",
                    relative(ne),
                    relative(we)
                );
            } else {
                s += &format!(
                    " Around {offset}, E[x²] − E[x]² gave a variance of {} against the exact {}: off by {}{}. Welford's method was off by {}.",
                    crate::format::fixed(row.naive, 6),
                    crate::format::fixed(row.exact, 6),
                    relative(ne),
                    if row.naive < 0.0 {
                        ", and negative, which no variance can be"
                    } else {
                        ""
                    },
                    relative(we)
                );
            }
        }
    }
    Some(s)
}

/// The details under the chart: the variance of the readings by three methods over
/// offsets, charted above its table.
pub fn details_view(t: &crate::details::Stability) -> crate::html::Block {
    use crate::format::{compact, fixed, shortest};
    use crate::readout::relative;
    let mut table = crate::html::Markup::new();
    table.table(
        &[("data-stability", "true")],
        "Readings are the offset plus a whole number from −50 to 50, so the exact variance is the same at every offset and is computed in integer arithmetic. The row of the slider's offset is marked.",
        &["Offset", "Exact", "E[x²] − E[x]²", "its error", "Welford", "its error"],
        |m| {
            for r in &t.rows {
                let chosen = r.offset == t.chosen;
                let (offset, naive, welford) = (
                    crate::catalog::trim_number(r.offset),
                    shortest(r.naive_error()),
                    shortest(r.welford_error()),
                );
                let mut attrs = vec![
                    ("data-offset", offset.as_str()),
                    ("data-naive-error", &naive),
                    ("data-welford-error", &welford),
                ];
                if chosen {
                    attrs.extend([("class", "chosen"), ("aria-current", "true")]);
                }
                let head = if chosen {
                    format!("{} (chosen)", compact(r.offset))
                } else {
                    compact(r.offset)
                };
                let negative: &[(&str, &str)] = if r.naive < 0.0 {
                    &[("class", "negative")]
                } else {
                    &[]
                };
                m.open("tr", &attrs)
                    .element("th", &[("scope", "row")], &head)
                    .element("td", &[], &fixed(r.exact, 6))
                    .element("td", negative, &fixed(r.naive, 6))
                    .element("td", &[], &relative(r.naive_error()))
                    .element("td", &[], &fixed(r.welford, 6))
                    .element("td", &[], &relative(r.welford_error()))
                    .close("tr");
            }
        },
    );
    crate::html::Block::charted(
        "stability",
        &format!("The variance of {} readings, three ways", crate::format::count(t.n)),
        "Relative error of the variance against the offset of the readings, for the one-pass formula and for Welford's method, on log scales. The figures are in the table below.",
        table,
    )
}

/// The chart of the details: each method's relative error against the offset.
pub fn stability_figure(t: &Stability) -> Option<crate::figure::Growth> {
    let naive = t.rows.iter().map(|r| (r.offset, r.naive_error())).collect();
    let welford = t
        .rows
        .iter()
        .map(|r| (r.offset, r.welford_error()))
        .collect();
    crate::figure::lines_chart(
        vec![
            ("one pass: E[x²] − E[x]²".into(), 1, naive),
            ("Welford's method".into(), 0, welford),
        ],
        crate::figure::EXACT_FLOOR,
        crate::figure::Unit::Relative,
        "offset of the readings",
        "relative error of the variance",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::fixtures::measured;

    fn report(
        widget: &str,
        points: Vec<crate::protocol::Point>,
        details: Option<Details>,
    ) -> Report {
        Report {
            details,
            ..crate::readout::tests::report(widget, points)
        }
    }

    #[test]
    fn streaming_and_collecting_agree_bit_for_bit() {
        for n in [0, 1, 2, 1000, 100_000] {
            let a = summarize_collected(readings(n, 1e9));
            let b = summarize_stream(readings(n, 1e9));
            assert_eq!(a, b, "n={n}");
            assert_eq!(a.count, n);
        }
    }

    #[test]
    fn welford_matches_the_exact_variance_far_from_zero() {
        let n = 100_000;
        let exact = exact_variance(n);
        // Uniform integers in -50..=50 have variance (101² − 1) / 12 = 850.
        assert!((exact - 850.0).abs() < 10.0, "{exact}");
        for offset in [0.0, 1e3, 1e6, 1e9, 1e12] {
            let w = summarize_stream(readings(n, offset)).variance;
            assert!(
                relative_error(w, exact) < 1e-6,
                "offset {offset}: Welford {w} vs exact {exact}"
            );
        }
    }

    #[test]
    fn the_one_pass_formula_collapses_far_from_zero() {
        let n = 100_000;
        let exact = exact_variance(n);
        let near = summarize_naive(readings(n, 0.0)).variance;
        assert!(
            relative_error(near, exact) < 1e-9,
            "near zero it is fine: {near}"
        );
        let far = summarize_naive(readings(n, 1e9)).variance;
        assert!(
            relative_error(far, exact) > 0.01,
            "at 1e9 it is off by more than 1%: {far} vs {exact}"
        );
        let table = stability(n, 1e9);
        assert!(
            table
                .rows
                .iter()
                .any(|r| r.naive < 0.0 || r.naive_error() > 1.0),
            "somewhere up to 1e12 it is negative or off by more than 100%: {table:?}"
        );
    }

    #[test]
    fn the_exact_variance_is_exact_for_a_small_case() {
        // Recompute from the integers with rationals in plain f64 (tiny n, no rounding).
        let qs: Vec<i64> = noise(5).collect();
        let mean = qs.iter().sum::<i64>() as f64 / 5.0;
        let var = qs.iter().map(|&q| (q as f64 - mean).powi(2)).sum::<f64>() / 5.0;
        assert!((exact_variance(5) - var).abs() < 1e-12);
        assert_eq!(exact_variance(0), 0.0);
    }

    #[test]
    fn the_table_includes_the_chosen_offset_once() {
        let t = stability(1000, 2e9);
        assert_eq!(t.rows.iter().filter(|r| r.offset == 2e9).count(), 1);
        assert!(t.rows.windows(2).all(|w| w[0].offset < w[1].offset));
        let t = stability(1000, 1e9);
        assert_eq!(t.rows.len(), 13);
        assert_eq!(t.chosen_row().map(|r| r.offset), Some(1e9));
    }

    #[test]
    fn stream_readout_tells_whether_the_formula_failed() {
        let pts = || {
            vec![
                measured("collect", 1000, 1000, 3000.0, 3000.0, 3000.0),
                measured("stream", 1000, 1000, 1500.0, 1500.0, 1500.0),
            ]
        };
        let far = report(
            "stream-vs-collect",
            pts(),
            Some(Details::Stability(stability(1000, 1e12))),
        );
        let s = sentence(&far, &Params::new()).expect("sentence");
        assert!(
            s.contains("streaming ran 2.00× faster than collecting"),
            "{s}"
        );
        assert!(s.contains("E[x²] − E[x]² gave a variance"), "{s}");
        let near = report(
            "stream-vs-collect",
            pts(),
            Some(Details::Stability(stability(1000, 1.0))),
        );
        let s = sentence(&near, &Params::new()).expect("sentence");
        assert!(s.contains("both variance formulas are accurate"), "{s}");
    }
}
