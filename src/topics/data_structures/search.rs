//! Lesson 3, `search`: is this value in the collection? A linear scan of unsorted data,
//! binary search of sorted data, and a hash set; plus the one-off costs (sorting, building
//! the set) that decide how many lookups it takes before the faster structure pays off.

use crate::catalog::{log_slider, ChartKind, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns};
use crate::harness::Kernel;
use crate::kernels::rng::SplitMix64;
use crate::kernels::SuiteInfo;
use crate::kernels::{Params, Prepared, Setup, Suite, Variant};
use crate::protocol::Report;
use crate::python::{PyVariant, Twin};
use crate::readout::{at, largest};
use crate::topics::Topic;
use std::collections::HashSet;
use std::hint::black_box;

/// The suite behind the `search` widget.
pub struct SearchSuite;
/// The one instance.
pub static SUITE: SearchSuite = SearchSuite;

/// Lookups per call of a lookup variant: half of them hit, half miss.
pub const LOOKUPS_PER_CALL: usize = 64;

pub static VARIANTS: [Variant; 5] = [
    Variant::new("linear", "linear scan (contains)", "lookup"),
    Variant::new("binary", "binary_search on sorted", "lookup"),
    Variant::new("hash", "HashSet::contains", "lookup"),
    Variant::new("sort", "one-off: sort a copy", "sort"),
    Variant::new("build-set", "one-off: build the HashSet", "build-set"),
];

// region: linear
/// Checks every element until it finds the value: O(n) per lookup.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn count_hits_linear(data: &[u32], queries: &[u32]) -> u64 {
    queries
        .iter()
        .filter(|q| data.contains(q))
        .map(|&q| u64::from(q))
        .sum()
}
// endregion

// region: binary
/// Halves the sorted range at every step: O(log n) per lookup.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn count_hits_binary(sorted: &[u32], queries: &[u32]) -> u64 {
    queries
        .iter()
        .filter(|q| sorted.binary_search(q).is_ok())
        .map(|&q| u64::from(q))
        .sum()
}
// endregion

// region: hash
/// Hashes the value and looks in one bucket: O(1) expected per lookup.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn count_hits_hash(set: &HashSet<u32>, queries: &[u32]) -> u64 {
    queries
        .iter()
        .filter(|q| set.contains(q))
        .map(|&q| u64::from(q))
        .sum()
}
// endregion

// region: sort
/// The price of admission for binary search: copy and sort the data once, O(n log n).
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn sorted_copy(data: &[u32]) -> Vec<u32> {
    let mut sorted = data.to_vec();
    sorted.sort_unstable();
    sorted
}
// endregion

// region: build-set
/// The price of admission for hashing: insert every element once, O(n) expected.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn build_set(data: &[u32]) -> HashSet<u32> {
    data.iter().copied().collect()
}
// endregion

/// A checksum of a sorted vector: changes if any element or its position differs.
fn fingerprint(sorted: &[u32]) -> u64 {
    sorted.iter().enumerate().fold(0u64, |acc, (i, &x)| {
        acc ^ crate::kernels::mix64((i as u64) << 32 | u64::from(x))
    })
}

/// n distinct odd values in shuffled order, and queries of which exactly half are present.
pub fn make_data(n: u64) -> (Vec<u32>, Vec<u32>) {
    let mut rng = SplitMix64::new(0x5eed_0001);
    // Odd values 1, 3, 5, …: present. Even values: absent by construction.
    let mut data: Vec<u32> = (0..n).map(|i| (2 * i + 1) as u32).collect();
    rng.shuffle(&mut data);
    let queries = (0..LOOKUPS_PER_CALL)
        .map(|i| {
            let odd = if n == 0 {
                1
            } else {
                (2 * rng.below(n) + 1) as u32
            };
            if i % 2 == 0 {
                odd
            } else {
                odd - 1
            }
        })
        .collect();
    (data, queries)
}

struct Input {
    data: Vec<u32>,
    sorted: Vec<u32>,
    set: HashSet<u32>,
    queries: Vec<u32>,
}

impl Prepared for Input {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        match index {
            0 => Box::new(|| count_hits_linear(black_box(&self.data), black_box(&self.queries))),
            1 => Box::new(|| count_hits_binary(black_box(&self.sorted), black_box(&self.queries))),
            2 => Box::new(|| count_hits_hash(black_box(&self.set), black_box(&self.queries))),
            3 => Box::new(|| fingerprint(&black_box(sorted_copy(black_box(&self.data))))),
            _ => Box::new(|| black_box(build_set(black_box(&self.data))).len() as u64),
        }
    }
    fn ops_per_call(&self, index: usize) -> u64 {
        if index < 3 {
            LOOKUPS_PER_CALL as u64
        } else {
            1
        }
    }
}

impl Suite for SearchSuite {
    crate::kernels::suite_facts!("search", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // data + sorted + the copy `sort` makes (4 B each), plus two hash sets (the
        // prepared one and the one `build-set` makes): a set keeps 8 slots per 7
        // elements, rounded up to a power of two, at 4 B + 1 control byte per slot.
        let slots = (n.saturating_mul(8) / 7 + 1).next_power_of_two();
        n.saturating_mul(12)
            .saturating_add(2 * slots.saturating_mul(5))
    }
    fn prepare<'c>(&self, Setup { n, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        let (data, queries) = make_data(n);
        let sorted = sorted_copy(&data);
        let set = build_set(&data);
        Box::new(Input {
            data,
            sorted,
            set,
            queries,
        })
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "search",
        title: "Finding a value: scan, binary search, hash set",
        sliders: &[log_slider(
            "n",
            "Largest collection size n",
            100.0,
            1e7,
            1e5,
        )],
        op_label: "lookup",
        chart: ChartKind::Growth,
        sweep_from: 100.0,
        show_clock_tick: false,
        // The lesson is about growth: the legend gives each line's fitted exponent.
        show_fit: true,
        // The browser tests' quick sweep: 100 .. 1000.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/data_structures/search.rs",
        measures_memory: false,
    }),
    python: Some(&PYTHON),
};

/// The three lookups in Python (`search.py` beside this file): `in` on a list, `bisect`
/// on the sorted list, `in` on a set, over the same input from the same seeded generator.
pub static PYTHON: Twin = Twin {
    source_path: "topics/data_structures/search.py",
    variants: &[
        PyVariant {
            function: "linear_in",
            label: "x in list",
            twin: "linear",
        },
        PyVariant {
            function: "binary_bisect",
            label: "bisect on a sorted list",
            twin: "binary",
        },
        PyVariant {
            function: "set_in",
            label: "x in set",
            twin: "hash",
        },
    ],
};

/// What this run found: a lookup in each structure at the largest n, and after how many lookups sorting or building a set pays for itself.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (n, hash) = largest(r, "hash")?;
    let linear = at(r, "linear", n);
    let binary = at(r, "binary", n)?;
    let mut s = format!("At n = {}, one lookup took ", count(n));
    if let Some(l) = linear {
        s += &format!("{} by linear scan, ", duration_ns(l));
    }
    s += &format!(
        "{} by binary search and {} in a HashSet.",
        duration_ns(binary),
        duration_ns(hash)
    );
    if let (Some(l), Some(sort)) = (linear, at(r, "sort", n)) {
        if l > binary {
            let lookups = (sort / (l - binary)).ceil();
            s += &format!(
                " Sorting first cost {}, repaid after about {} lookups;",
                duration_ns(sort),
                count(lookups as u64)
            );
        }
        if let Some(build) = at(r, "build-set", n) {
            if l > hash {
                s += &format!(
                    " building the set cost {}, repaid after about {}.",
                    duration_ns(build),
                    count((build / (l - hash)).ceil() as u64)
                );
            }
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readout::tests::{point, report};

    #[test]
    fn lookups_agree_and_half_hit() {
        for n in [0u64, 1, 2, 10, 1000, 65_537] {
            let (data, queries) = make_data(n);
            let sorted = sorted_copy(&data);
            let set = build_set(&data);
            let linear = count_hits_linear(&data, &queries);
            assert_eq!(linear, count_hits_binary(&sorted, &queries), "binary n={n}");
            assert_eq!(linear, count_hits_hash(&set, &queries), "hash n={n}");
            let hits = queries.iter().filter(|q| data.contains(q)).count();
            let expect = if n == 0 { 0 } else { LOOKUPS_PER_CALL / 2 };
            assert_eq!(
                hits, expect,
                "n={n}: even-indexed queries hit, odd ones miss"
            );
        }
    }

    #[test]
    fn sorted_copy_is_sorted_and_complete() {
        let (data, _) = make_data(1000);
        let sorted = sorted_copy(&data);
        assert!(sorted.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(sorted.len(), 1000);
        assert_eq!(build_set(&data).len(), 1000);
    }

    #[test]
    fn search_sentence_computes_break_even() {
        let pts = vec![
            point("linear", 1000, 1000.0),
            point("binary", 1000, 50.0),
            point("hash", 1000, 20.0),
            point("sort", 1000, 95_000.0),
            point("build-set", 1000, 49_000.0),
        ];
        let s = crate::topics::sentence(&report("search", pts), &Params::new());
        assert!(s.contains("repaid after about 100 lookups"), "{s}");
        assert!(s.contains("repaid after about 50"), "{s}");
    }
}
