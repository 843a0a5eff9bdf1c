//! Lesson 3, `counting`: how often does each key occur among n values drawn from k
//! distinct keys? A HashMap with the standard (DoS-resistant, slower) hasher, the same
//! with a fast non-cryptographic hasher, a plain array indexed by key, and sort-then-count.

use crate::catalog::{log_slider, ChartKind, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns, ratio};
use crate::harness::Kernel;
use crate::kernels::rng::SplitMix64;
use crate::kernels::SuiteInfo;
use crate::kernels::{mix64, param, Params, Prepared, Setup, Suite, Variant};
use crate::protocol::Report;
use crate::python::{PyVariant, Twin};
use crate::readout::{at, largest, variant_label};
use crate::topics::Topic;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::hint::black_box;

/// The suite behind the `counting` widget.
pub struct CountingSuite;
/// The one instance.
pub static SUITE: CountingSuite = CountingSuite;

/// Default number of distinct keys (the `k` slider).
pub const DEFAULT_KEYS: f64 = 100.0;
/// Largest number of distinct keys the slider allows.
pub const MAX_KEYS: f64 = 1_000_000.0;

pub static VARIANTS: [Variant; 4] = [
    Variant::new("hashmap-std", "HashMap, default hasher", "counts"),
    Variant::new("hashmap-fx", "HashMap, Fx hasher", "counts"),
    Variant::new("array", "Vec indexed by key", "counts"),
    Variant::new("sort-runs", "sort a copy, count runs", "counts"),
];

/// Folds (key, count) pairs into one number independent of their order.
fn fold_counts(pairs: impl Iterator<Item = (u32, u32)>) -> u64 {
    pairs.fold(0u64, |acc, (key, count)| {
        acc.wrapping_add(mix64(u64::from(key) << 32 | u64::from(count)))
    })
}

// region: hashmap-std
/// The entry API with std's default hasher (SipHash-1-3: resists hash flooding).
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn count_std(data: &[u32]) -> u64 {
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for &key in data {
        *counts.entry(key).or_insert(0) += 1;
    }
    fold_counts(counts.into_iter())
}
// endregion

// region: hashmap-fx
/// The same code with a much cheaper hash function (FxHash, as used inside rustc).
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn count_fx(data: &[u32]) -> u64 {
    let mut counts: FxHashMap<u32, u32> = FxHashMap::default();
    for &key in data {
        *counts.entry(key).or_insert(0) += 1;
    }
    fold_counts(counts.into_iter())
}
// endregion

// region: array
/// Keys are small integers in 0..k, so a plain array is a perfect "hash table".
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn count_array(data: &[u32], distinct_keys: usize) -> u64 {
    let mut counts = vec![0u32; distinct_keys];
    for &key in data {
        counts[key as usize] += 1;
    }
    let present = counts.iter().enumerate().filter(|(_, &c)| c > 0);
    fold_counts(present.map(|(key, &c)| (key as u32, c)))
}
// endregion

// region: sort-runs
/// Sorts a copy (the input must stay untouched), then counts runs of equal keys.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn count_sorted(data: &[u32]) -> u64 {
    let mut sorted = data.to_vec();
    sorted.sort_unstable();
    let runs = sorted.chunk_by(|a, b| a == b);
    fold_counts(runs.map(|run| (run[0], run.len() as u32)))
}
// endregion

/// n keys drawn uniformly from 0..k.
pub fn make_data(n: u64, distinct_keys: u64) -> Vec<u32> {
    let mut rng = SplitMix64::new(0x5eed_0002);
    (0..n)
        .map(|_| rng.below(distinct_keys.max(1)) as u32)
        .collect()
}

fn keys_of(params: &Params) -> u64 {
    param(params, "k", DEFAULT_KEYS)
        .clamp(1.0, MAX_KEYS)
        .round() as u64
}

struct Input {
    data: Vec<u32>,
    distinct_keys: usize,
}

impl Prepared for Input {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        match index {
            0 => Box::new(|| count_std(black_box(&self.data))),
            1 => Box::new(|| count_fx(black_box(&self.data))),
            2 => Box::new(|| count_array(black_box(&self.data), black_box(self.distinct_keys))),
            _ => Box::new(|| count_sorted(black_box(&self.data))),
        }
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.data.len().max(1) as u64
    }
}

impl Suite for CountingSuite {
    crate::kernels::suite_facts!("counting", VARIANTS);
    fn bytes_needed(&self, n: u64, params: &Params) -> u64 {
        let k = keys_of(params).min(n.max(1));
        // data + a sorted copy (4 B each) + a map of k entries (budget 32 B each).
        n.saturating_mul(8).saturating_add(k.saturating_mul(32))
    }
    fn prepare<'c>(&self, Setup { n, params, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        let k = keys_of(params);
        Box::new(Input {
            data: make_data(n, k),
            distinct_keys: k as usize,
        })
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "counting",
        title: "Counting occurrences",
        sliders: &[
            log_slider("n", "Largest number of values n", 1e3, 1e7, 1e5),
            log_slider("k", "Distinct keys k", 2.0, 1e6, DEFAULT_KEYS),
        ],
        op_label: "value",
        chart: ChartKind::Growth,
        sweep_from: 1e3,
        show_clock_tick: false,
        // The browser tests' quick sweep: 1e3 .. 1e4.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/data_structures/counting.rs",
        measures_memory: false,
    }),
    python: Some(&PYTHON),
};

/// The same counts in Python (`counting.py` beside this file), over the same keys from the
/// same seeded generator.
pub static PYTHON: Twin = Twin {
    source_path: "topics/data_structures/counting.py",
    variants: &[
        PyVariant {
            function: "dict_loop",
            label: "dict in a loop",
            twin: "hashmap-std",
        },
        PyVariant {
            function: "counter",
            label: "collections.Counter",
            twin: "hashmap-std",
        },
        PyVariant {
            function: "list_by_key",
            label: "list indexed by key",
            twin: "array",
        },
        PyVariant {
            function: "sorted_runs",
            label: "sorted + groupby",
            twin: "sort-runs",
        },
    ],
};

/// What this run found: the fastest way to count at the largest n every variant measured, and how much slower the others were.
pub fn sentence(r: &Report, values: &Params) -> Option<String> {
    let ids = ["hashmap-std", "hashmap-fx", "array", "sort-runs"];
    let n = ids
        .iter()
        .filter_map(|id| largest(r, id))
        .map(|(n, _)| n)
        .min()?;
    let times: Vec<(&str, f64)> = ids
        .iter()
        .filter_map(|id| Some((*id, at(r, id, n)?)))
        .collect();
    let (best_id, best) = times.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let noise = crate::readout::noise_at(r, n);
    let others: Vec<String> = times
        .iter()
        .filter(|(id, _)| *id != best_id)
        .map(|(id, t)| {
            // A gap within the run's noise is not a ranking.
            let gap = if t / best <= 1.0 + noise {
                "as fast, within the run's noise".to_owned()
            } else {
                format!("{} slower", ratio(t / best))
            };
            format!(
                "{} {} ({gap})",
                variant_label(&VARIANTS, id),
                duration_ns(*t)
            )
        })
        .collect();
    let k = values.get("k").copied().unwrap_or(DEFAULT_KEYS);
    Some(format!(
        "At n = {} values over k = {} keys, the fastest was {} at {} per value; {}.",
        count(n),
        count(k as u64),
        variant_label(&VARIANTS, best_id),
        duration_ns(best),
        others.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readout::tests::{point, report};

    #[test]
    fn variants_agree() {
        for (n, k) in [
            (0, 1),
            (1, 1),
            (1, 5),
            (2, 2),
            (1000, 10),
            (10_000, 100),
            (5000, 100_000),
        ] {
            let data = make_data(n, k);
            let expected = count_std(&data);
            assert_eq!(count_fx(&data), expected, "fx n={n} k={k}");
            assert_eq!(
                count_array(&data, k as usize),
                expected,
                "array n={n} k={k}"
            );
            assert_eq!(count_sorted(&data), expected, "sorted n={n} k={k}");
        }
    }

    #[test]
    fn checksum_sees_a_wrong_count() {
        let data = make_data(100, 5);
        let mut off_by_one = data.clone();
        off_by_one[0] = (off_by_one[0] + 1) % 5;
        assert_ne!(count_std(&data), count_std(&off_by_one));
    }

    #[test]
    fn keys_param_is_clamped() {
        let mut p = Params::new();
        p.insert("k".into(), 0.0);
        assert_eq!(keys_of(&p), 1);
        p.insert("k".into(), 1e12);
        assert_eq!(keys_of(&p), MAX_KEYS as u64);
        p.insert("k".into(), f64::NAN);
        assert_eq!(keys_of(&p), DEFAULT_KEYS as u64);
    }

    #[test]
    fn counting_sentence() {
        let pts = vec![
            point("hashmap-std", 1000, 10.0),
            point("hashmap-fx", 1000, 3.0),
            point("array", 1000, 1.0),
            point("sort-runs", 1000, 20.0),
        ];
        let s = crate::topics::sentence(&report("counting", pts), &Params::new());
        assert!(s.contains("fastest was Vec indexed by key"), "{s}");
        assert!(s.contains("(10× slower)"), "{s}");
        // Two within the noise (2% here) are not ranked.
        let pts = vec![
            point("hashmap-std", 1000, 10.0),
            point("hashmap-fx", 1000, 1.01),
            point("array", 1000, 1.0),
            point("sort-runs", 1000, 20.0),
        ];
        let s = crate::topics::sentence(&report("counting", pts), &Params::new());
        assert!(
            s.contains("HashMap, Fx hasher 1.01 ns (as fast, within the run's noise)"),
            "{s}"
        );
    }
}
