//! Lesson 9, `compare-implementations`: keep the positive values of a list and square
//! them, four ways. The seed's profiling-driven example, with Rust's usual candidates.

use crate::catalog::{log_slider, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns};
use crate::harness::Kernel;
use crate::kernels::rng::SplitMix64;
use crate::kernels::{mix64, Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::python::{PyVariant, Twin};
use crate::ranking::{ranking, Ranking};
use crate::readout::variant_label;
use crate::topics::Topic;
use std::cell::RefCell;
use std::hint::black_box;

/// The suite behind `compare-implementations`.
pub struct CompareSuite;
/// The one instance.
pub static SUITE: CompareSuite = CompareSuite;

pub static VARIANTS: [Variant; 4] = [
    Variant::new("push", "a loop pushing onto a new Vec", "squares"),
    Variant::new("filter-map", "iterator filter + map + collect", "squares"),
    Variant::new(
        "with-capacity",
        "a loop into Vec::with_capacity(n)",
        "squares",
    ),
    Variant::new(
        "retain",
        "in place: copy into a reused buffer, retain, square",
        "squares",
    ),
];

/// n values from −1000 to 1000 (about half positive), the same for every variant.
pub fn values(n: u64) -> Vec<i32> {
    let mut rng = SplitMix64::new(0x9);
    (0..n).map(|_| rng.below(2001) as i32 - 1000).collect()
}

/// What a timed call returns: the result's length and its two ends, in constant time,
/// so that checking adds no second pass over the output to the time being ranked. The
/// result goes through `black_box` first, so every element must still be written. The
/// full [`digest`] is compared untimed, once per variant and size.
pub fn fingerprint(squares: &[i32]) -> u64 {
    let squares = black_box(squares);
    let end = |x: Option<&i32>| x.map_or(0, |&v| v as u32 as u64);
    mix64(squares.len() as u64 ^ end(squares.first()) ^ (end(squares.last()) << 32))
}

/// A checksum of a result: its length and every element, in order.
pub fn digest(squares: &[i32]) -> u64 {
    squares
        .iter()
        .fold(squares.len() as u64, |acc, &x| mix64(acc ^ x as u64))
}

// region: push
/// The seed's "slow" version, written the obvious way: the Vec grows as it goes,
/// reallocating (and copying) whenever it runs out of room.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn squares_push(data: &[i32]) -> Vec<i32> {
    let mut out = Vec::new();
    for &x in data {
        if x > 0 {
            out.push(x * x);
        }
    }
    out
}
// endregion

// region: filter-map
/// The same as an iterator chain. `collect` cannot know how many items pass the filter,
/// so it grows the Vec like the loop does.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn squares_filter_map(data: &[i32]) -> Vec<i32> {
    data.iter().filter(|&&x| x > 0).map(|&x| x * x).collect()
}
// endregion

// region: with-capacity
/// Reserves room for every input value up front: one allocation, never a reallocation,
/// at the price of reserving up to twice what the result needs.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn squares_with_capacity(data: &[i32]) -> Vec<i32> {
    let mut out = Vec::with_capacity(data.len());
    for &x in data {
        if x > 0 {
            out.push(x * x);
        }
    }
    out
}
// endregion

// region: retain
/// Works in a buffer the caller owns and reuses between calls: copy the input in (no
/// allocation once the buffer is big enough), drop the non-positive values in place,
/// square what is left. Only possible when you may overwrite the data.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn squares_in_place(buffer: &mut Vec<i32>, data: &[i32]) {
    buffer.clear();
    buffer.extend_from_slice(data);
    buffer.retain(|&x| x > 0);
    for x in buffer.iter_mut() {
        *x *= *x;
    }
}
// endregion

struct Input {
    data: Vec<i32>,
    buffer: RefCell<Vec<i32>>,
}

impl Prepared for Input {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let data = &self.data;
        match index {
            0 => Box::new(move || fingerprint(&squares_push(black_box(data)))),
            1 => Box::new(move || fingerprint(&squares_filter_map(black_box(data)))),
            2 => Box::new(move || fingerprint(&squares_with_capacity(black_box(data)))),
            _ => Box::new(move || {
                let mut buffer = self.buffer.borrow_mut();
                squares_in_place(&mut buffer, black_box(data));
                fingerprint(&buffer)
            }),
        }
    }
    fn verify(&self, index: usize) -> Option<u64> {
        let data = &self.data;
        Some(match index {
            0 => digest(&squares_push(data)),
            1 => digest(&squares_filter_map(data)),
            2 => digest(&squares_with_capacity(data)),
            _ => {
                let mut buffer = Vec::new();
                squares_in_place(&mut buffer, data);
                digest(&buffer)
            }
        })
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.data.len().max(1) as u64
    }
}

impl Suite for CompareSuite {
    crate::kernels::suite_facts!("compare-implementations", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // Input, reused buffer, and an output as large as the input.
        n.saturating_mul(4 * 3)
    }
    fn prepare<'c>(&self, Setup { n, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        Box::new(Input {
            data: values(n),
            buffer: RefCell::new(Vec::new()),
        })
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "compare-implementations",
        title: "Keep the positives and square them: four implementations",
        sliders: &[log_slider("n", "Largest list length n", 10.0, 1e7, 1e6)],
        op_label: "value",
        sweep_from: 10.0,
        ranking: true,
        show_fit: false,
        // The browser tests' quick sweep: 10 .. 1000.
        quick_sweep: &[("n", 6)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/optimizing/compare_implementations.rs",
        measures_memory: false,
    }),
    python: Some(&PYTHON),
};

/// The seed's slow and fast Python (`compare_implementations.py` beside this file), over
/// the same values from the same seeded generator.
pub static PYTHON: Twin = Twin {
    source_path: "topics/optimizing/compare_implementations.py",
    variants: &[
        PyVariant {
            function: "loop_append",
            label: "loop with list.append",
            twin: "push",
        },
        PyVariant {
            function: "comprehension",
            label: "list comprehension",
            twin: "filter-map",
        },
    ],
};

/// What this run found: the ranking at the largest n (after every implementation returned
/// the same squares), and whether it was different at the smallest.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let variants: Vec<&str> = VARIANTS.iter().map(|v| v.id).collect();
    let large = ranking(&variants, &r.points, None)?;
    let name = |id: &str| variant_label(&VARIANTS, id);
    let (best, best_ns, _) = large.rows.first()?;
    let others: Vec<String> = large
        .rows
        .iter()
        .skip(1)
        .map(|(v, _, rel)| format!("{} {}×", name(v), crate::format::fixed(*rel, 2)))
        .collect();
    let mut s = format!(
        "All {} implementations returned the same squares at every size (checked before any time was kept). At n = {} the fastest was {} at {} per value; relative to it: {}.",
        variants.len(),
        count(large.n),
        name(best),
        duration_ns(*best_ns),
        others.join(", ")
    );
    let smallest = r.points.iter().map(|p| p.n).min()?;
    if smallest < large.n {
        if let Some(small) = ranking(&variants, &r.points, Some(smallest)) {
            let order = |rk: &Ranking| rk.rows.iter().map(|x| x.0.clone()).collect::<Vec<_>>();
            if order(&small) == order(&large) {
                s += &format!(" At n = {} the ranking was the same.", count(smallest));
            } else {
                s += &format!(
                    " At n = {} the ranking was different: fastest was {}, then {}.",
                    count(smallest),
                    name(&small.rows[0].0),
                    small.rows[1..]
                        .iter()
                        .map(|x| name(&x.0))
                        .collect::<Vec<_>>()
                        .join(", then ")
                );
            }
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::fixtures::measured;

    #[test]
    fn four_ways_give_the_same_squares() {
        for n in [0, 1, 2, 1000, 10_000] {
            let data = values(n);
            let expected = squares_push(&data);
            assert_eq!(squares_filter_map(&data), expected, "n={n}");
            assert_eq!(squares_with_capacity(&data), expected, "n={n}");
            let mut buffer = vec![7; 3]; // stale contents must not leak through
            squares_in_place(&mut buffer, &data);
            assert_eq!(buffer, expected, "n={n}");
            assert!(expected.iter().all(|&x| x > 0));
        }
        let small = [3, -1, 0, 2];
        assert_eq!(squares_push(&small), vec![9, 4]);
        assert_ne!(digest(&[1, 2]), digest(&[2, 1]));
        assert_ne!(fingerprint(&[1, 2]), fingerprint(&[2, 1]));
        assert_ne!(fingerprint(&[1, 2]), fingerprint(&[1, 2, 2]));
    }

    #[test]
    fn compare_readout_ranks_and_notices_a_change() {
        let p = |v: &str, n: u64, ns: f64| {
            measured(v, n, n, ns * n as f64, ns * n as f64, ns * n as f64)
        };
        let pts = vec![
            p("push", 10, 3.0),
            p("filter-map", 10, 2.0),
            p("with-capacity", 10, 1.0),
            p("retain", 10, 4.0),
            p("push", 1000, 2.0),
            p("filter-map", 1000, 2.0),
            p("with-capacity", 1000, 1.5),
            p("retain", 1000, 1.0),
        ];
        let s = crate::topics::sentence(
            &crate::readout::tests::report("compare-implementations", pts),
            &Params::new(),
        );
        assert!(s.contains("At n = 1,000 the fastest was in place"), "{s}");
        assert!(s.contains("1.50×"), "{s}");
        assert!(s.contains("At n = 10 the ranking was different: fastest was a loop into Vec::with_capacity(n)"), "{s}");
    }
}
