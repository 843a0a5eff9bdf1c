//! Lesson 4, `describe-stats`: a summary like pandas' `describe()` (count, mean, standard
//! deviation, quartiles) plus z-score outliers, with quantiles found by sorting a copy
//! versus by selection (`select_nth_unstable`, O(n) on average).

use crate::catalog::{log_slider, WidgetSpec, DEFAULTS};
use crate::details::{Describe, Histogram};
use crate::format::{count, duration_ns, fixed, shortest};
use crate::harness::Kernel;
use crate::kernels::rng::SplitMix64;
use crate::kernels::{mix64, Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::{Details, Report};
use crate::readout::{at, compare, largest, noise_at};
use crate::topics::Topic;
use std::hint::black_box;

/// The suite behind `describe-stats`.
pub struct DescribeSuite;
/// The one instance.
pub static SUITE: DescribeSuite = DescribeSuite;

/// |z| above this marks an outlier.
pub const OUTLIER_Z: f64 = 3.0;
/// Bins of the histogram sent with a run's details.
pub const HISTOGRAM_BINS: usize = 40;

pub static VARIANTS: [Variant; 2] = [
    Variant::new("full-sort", "quartiles by sorting a copy", "stats"),
    Variant::new("select-nth", "quartiles by select_nth_unstable", "stats"),
];

impl Describe {
    fn checksum(&self) -> u64 {
        [
            self.mean,
            self.std,
            self.min,
            self.q1,
            self.median,
            self.q3,
            self.max,
        ]
        .iter()
        .fold(self.count ^ self.outliers << 40, |acc, v| {
            mix64(acc ^ v.to_bits())
        })
    }
}

/// Mean and sample standard deviation, two passes (stable for data far from zero).
fn moments(data: &[f64]) -> (f64, f64) {
    let n = data.len() as f64;
    if data.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let mean = data.iter().sum::<f64>() / n;
    let var = if data.len() > 1 {
        data.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, var.sqrt())
}

fn count_outliers(data: &[f64], mean: f64, std: f64) -> u64 {
    if std.is_nan() || std <= 0.0 {
        return 0;
    }
    data.iter()
        .filter(|x| ((*x - mean) / std).abs() > OUTLIER_Z)
        .count() as u64
}

/// Linear interpolation between the order statistics around rank (n − 1)·p.
fn interpolate(lower: f64, upper: f64, h: f64) -> f64 {
    lower + (h - h.floor()) * (upper - lower)
}

// region: full-sort
/// Sort a copy, then read every quartile off the sorted array: O(n log n).
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn describe_by_sorting(data: &[f64]) -> Describe {
    let (mean, std) = moments(data);
    let mut sorted = data.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let n = sorted.len();
    let quantile = |p: f64| {
        if n == 0 {
            return f64::NAN;
        }
        let h = (n - 1) as f64 * p;
        let k = h.floor() as usize;
        interpolate(sorted[k], sorted[(k + 1).min(n - 1)], h)
    };
    Describe {
        count: n as u64,
        mean,
        std,
        min: sorted.first().copied().unwrap_or(f64::NAN),
        q1: quantile(0.25),
        median: quantile(0.5),
        q3: quantile(0.75),
        max: sorted.last().copied().unwrap_or(f64::NAN),
        outliers: count_outliers(data, mean, std),
    }
}
// endregion

// region: select-nth
/// Find only the order statistics we need: `select_nth_unstable` puts the k-th smallest
/// value in place (smaller ones left, larger right) in O(n) on average; the next one up
/// is the smallest value to its right.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn describe_by_selection(data: &[f64]) -> Describe {
    let (mean, std) = moments(data);
    let mut work = data.to_vec();
    let n = work.len();
    let mut quantile = |p: f64| {
        if n == 0 {
            return f64::NAN;
        }
        let h = (n - 1) as f64 * p;
        let k = h.floor() as usize;
        let (_, &mut kth, right) = work.select_nth_unstable_by(k, f64::total_cmp);
        let next = right.iter().copied().min_by(f64::total_cmp).unwrap_or(kth);
        interpolate(kth, next, h)
    };
    let (q1, median, q3) = (quantile(0.25), quantile(0.5), quantile(0.75));
    let min = data
        .iter()
        .copied()
        .min_by(f64::total_cmp)
        .unwrap_or(f64::NAN);
    let max = data
        .iter()
        .copied()
        .max_by(f64::total_cmp)
        .unwrap_or(f64::NAN);
    Describe {
        count: n as u64,
        mean,
        std,
        min,
        q1,
        median,
        q3,
        max,
        outliers: count_outliers(data, mean, std),
    }
}
// endregion

/// n values: roughly normal around 100 with standard deviation 15 (sum of 12 uniforms),
/// and every 997th value pushed 8 standard deviations out, so there are outliers to find.
pub fn make_sample(n: u64) -> Vec<f64> {
    let mut rng = SplitMix64::new(0x5eed_0006);
    (0..n)
        .map(|i| {
            let z: f64 = (0..12)
                .map(|_| rng.below(1 << 30) as f64 / (1u64 << 30) as f64)
                .sum::<f64>()
                - 6.0;
            let z = if i % 997 == 996 {
                if i % 2 == 0 {
                    8.0
                } else {
                    -8.0
                }
            } else {
                z
            };
            100.0 + 15.0 * z
        })
        .collect()
}

/// `bins` equal bins from the sample's min to max.
pub fn histogram(data: &[f64], stats: &Describe, bins: usize) -> Histogram {
    let (lo, hi) = (stats.min, stats.max);
    let mut counts = vec![0u64; bins.max(1)];
    let width = (hi - lo) / counts.len() as f64;
    for &x in data {
        let i = if width > 0.0 {
            ((x - lo) / width) as usize
        } else {
            0
        };
        counts[i.min(bins.max(1) - 1)] += 1;
    }
    Histogram {
        lo,
        hi,
        counts,
        outlier_below: stats.mean - OUTLIER_Z * stats.std,
        outlier_above: stats.mean + OUTLIER_Z * stats.std,
    }
}

struct Input {
    data: Vec<f64>,
}

impl Prepared for Input {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        if index == 0 {
            Box::new(|| black_box(describe_by_sorting(black_box(&self.data))).checksum())
        } else {
            Box::new(|| black_box(describe_by_selection(black_box(&self.data))).checksum())
        }
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.data.len().max(1) as u64
    }
}

impl Suite for DescribeSuite {
    crate::kernels::suite_facts!("describe-stats", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        n.saturating_mul(8 * 2)
    }
    fn prepare<'c>(&self, Setup { n, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        Box::new(Input {
            data: make_sample(n),
        })
    }
    fn details(
        &self,
        n: u64,
        _params: &Params,
        _clock: &dyn crate::harness::Clock,
    ) -> Option<Details> {
        let data = make_sample(n);
        let stats = describe_by_sorting(&data);
        Some(Details::Describe {
            histogram: histogram(&data, &stats, HISTOGRAM_BINS),
            stats,
        })
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "describe-stats",
        title: "Describing a sample: sorting versus selection",
        sliders: &[log_slider("n", "Largest sample size n", 1e3, 1e7, 1e5)],
        op_label: "value",
        sweep_from: 1e3,
        // The browser tests' quick sweep: 1e3 .. 1e4.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/vectorization/describe_stats.rs",
        measures_memory: false,
    }),
    python: None,
};

/// Both ways' time at the largest n, and what the summary found.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (n, sort) = largest(r, "full-sort")?;
    let select = at(r, "select-nth", n)?;
    let mut s = format!(
        "At n = {}, the summary took {} per value with a full sort and {} with selection: selection ran {} sorting.",
        count(n),
        duration_ns(sort),
        duration_ns(select),
        compare(select, sort, noise_at(r, n))
    );
    if let Some(Details::Describe { stats, .. }) = &r.details {
        s += &format!(
            " Both found mean {}, standard deviation {}, quartiles {} / {} / {}, and {} outliers beyond {} standard deviations.",
            fixed(stats.mean, 2),
            fixed(stats.std, 2),
            fixed(stats.q1, 2),
            fixed(stats.median, 2),
            fixed(stats.q3, 2),
            count(stats.outliers),
            shortest(OUTLIER_Z)
        );
    }
    Some(s)
}

/// The details under the chart: the summary of the sample at the largest n (pandas'
/// `describe()`), above its histogram.
pub fn details_view(stats: &crate::details::Describe) -> crate::html::Block {
    let rows = [
        ("count", count(stats.count)),
        ("mean", fixed(stats.mean, 3)),
        ("standard deviation", fixed(stats.std, 3)),
        ("min", fixed(stats.min, 3)),
        ("25%", fixed(stats.q1, 3)),
        ("50% (median)", fixed(stats.median, 3)),
        ("75%", fixed(stats.q3, 3)),
        ("max", fixed(stats.max, 3)),
        ("outliers (|z| > 3)", count(stats.outliers)),
    ];
    let mut m = crate::html::Markup::new();
    m.element("h4", &[], "The sample at the largest n")
        .open("dl", &[("class", "stats")]);
    for (k, v) in rows {
        m.open("div", &[])
            .element("dt", &[], k)
            .element("dd", &[("data-stat", k)], &v)
            .close("div");
    }
    m.close("dl");
    crate::html::Block {
        class: "details".into(),
        kind: "describe".into(),
        before: m.finish(),
        chart: Some("Histogram of the sample; bins beyond three standard deviations are outliers. The figures are in the list above.".into()),
        after: String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference: a deliberately different computation. Mean by Kahan summation,
    /// variance by Welford's method, quantiles by the textbook rank formula on a
    /// fully sorted copy, outliers by explicit z-scores.
    fn reference(data: &[f64]) -> Describe {
        let n = data.len();
        let (mut sum, mut c) = (0.0f64, 0.0f64);
        for &x in data {
            let y = x - c;
            let t = sum + y;
            c = (t - sum) - y;
            sum = t;
        }
        let (mut mean_w, mut m2) = (0.0, 0.0);
        for (i, &x) in data.iter().enumerate() {
            let d = x - mean_w;
            mean_w += d / (i + 1) as f64;
            m2 += d * (x - mean_w);
        }
        let mut s = data.to_vec();
        s.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
        let q = |p: f64| {
            let rank = p * (n - 1) as f64;
            let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
            s[lo] + (rank - lo as f64) * (s[hi] - s[lo])
        };
        let mean = sum / n as f64;
        let std = if n > 1 {
            (m2 / (n - 1) as f64).sqrt()
        } else {
            0.0
        };
        let outliers = data
            .iter()
            .filter(|&&x| std > 0.0 && ((x - mean) / std).abs() > OUTLIER_Z)
            .count() as u64;
        Describe {
            count: n as u64,
            mean,
            std,
            min: s[0],
            q1: q(0.25),
            median: q(0.5),
            q3: q(0.75),
            max: s[n - 1],
            outliers,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
    }

    #[test]
    fn both_methods_match_the_reference() {
        for n in [1u64, 2, 3, 4, 5, 10, 997, 1000, 12_345] {
            let data = make_sample(n);
            let want = reference(&data);
            for (name, got) in [
                ("sort", describe_by_sorting(&data)),
                ("select", describe_by_selection(&data)),
            ] {
                assert_eq!(got.count, want.count, "{name} n={n}");
                for (field, g, w) in [
                    ("mean", got.mean, want.mean),
                    ("std", got.std, want.std),
                    ("min", got.min, want.min),
                    ("q1", got.q1, want.q1),
                    ("median", got.median, want.median),
                    ("q3", got.q3, want.q3),
                    ("max", got.max, want.max),
                ] {
                    assert!(close(g, w), "{name} n={n} {field}: {g} vs reference {w}");
                }
                assert_eq!(got.outliers, want.outliers, "{name} n={n} outliers");
            }
            assert_eq!(
                describe_by_sorting(&data),
                describe_by_selection(&data),
                "bit-identical n={n}"
            );
        }
    }

    #[test]
    fn known_small_sample() {
        let d = describe_by_selection(&[4.0, 1.0, 3.0, 2.0]);
        assert_eq!(
            (d.min, d.q1, d.median, d.q3, d.max),
            (1.0, 1.75, 2.5, 3.25, 4.0),
            "pandas' quartiles of 1..4"
        );
        assert!(close(d.mean, 2.5));
        assert!(close(d.std, (5.0f64 / 3.0).sqrt()));
    }

    #[test]
    fn injected_outliers_are_found_and_histogram_is_complete() {
        let data = make_sample(10_000);
        let d = describe_by_sorting(&data);
        // The 10 injected values (8 sigma out) are all beyond 3 sigma; the bell curve
        // itself puts about 0.2% of values there too (about 20 of 10,000).
        let injected = (0..10_000).filter(|i| i % 997 == 996).count() as u64;
        assert_eq!(injected, 10);
        let beyond = |x: f64| ((x - d.mean) / d.std).abs() > OUTLIER_Z;
        assert!(
            (0..10_000)
                .filter(|i| i % 997 == 996)
                .all(|i| beyond(data[i])),
            "every injected value is found"
        );
        assert!(
            d.outliers >= injected && d.outliers < 60,
            "outliers {}",
            d.outliers
        );
        let h = histogram(&data, &d, HISTOGRAM_BINS);
        assert_eq!(h.counts.iter().sum::<u64>(), 10_000);
        assert!(h.outlier_below > h.lo && h.outlier_above < h.hi);
    }

    #[test]
    fn empty_input_does_not_panic() {
        let d = describe_by_selection(&[]);
        assert_eq!(d.count, 0);
        assert!(d.mean.is_nan());
    }
}
