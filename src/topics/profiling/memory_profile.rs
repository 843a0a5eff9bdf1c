//! Lesson 2, `memory-profile`: the allocation patterns a memory profiler reveals (growth by
//! push against one allocation of the right size; three intermediate vectors against a
//! fused pass), counted by the worker's allocator.

use crate::catalog::{log_slider, WidgetSpec, DEFAULTS};
use crate::format::count;
use crate::harness::Kernel;
use crate::kernels::{Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::readout::largest;
use crate::topics::Topic;
use std::hint::black_box;

/// The suite behind `memory-profile`.
pub struct MemorySuite;
/// The one instance.
pub static SUITE: MemorySuite = MemorySuite;

pub static VARIANTS: [Variant; 5] = [
    Variant::new("push", "push into Vec::new()", "build"),
    Variant::new("with-capacity", "push into Vec::with_capacity(n)", "build"),
    Variant::new("collect", "collect() from a sized iterator", "build"),
    Variant::new("three-vectors", "three intermediate vectors", "pipeline"),
    Variant::new("fused", "one fused iterator pass", "pipeline"),
];

fn fingerprint(v: &[u64]) -> u64 {
    v.iter().fold(v.len() as u64, |acc, &x| {
        acc.wrapping_mul(31).wrapping_add(x)
    })
}

// region: push
/// Starts empty; every time it is full, the Vec moves to a buffer twice as large.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn build_by_push(n: u64) -> Vec<u64> {
    let mut v = Vec::new();
    for i in 0..n {
        v.push(i * i);
    }
    v
}
// endregion

// region: with-capacity
/// One allocation of the right size up front; pushes never move the data.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn build_with_capacity(n: u64) -> Vec<u64> {
    let mut v = Vec::with_capacity(n as usize);
    for i in 0..n {
        v.push(i * i);
    }
    v
}
// endregion

// region: collect
/// A range knows its length, so `collect` allocates exactly once, like with_capacity.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn build_by_collect(n: u64) -> Vec<u64> {
    (0..n).map(|i| i * i).collect()
}
// endregion

// region: three-vectors
/// Each step materializes a full vector, like chained list comprehensions.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn pipeline_three_vectors(input: &[u64]) -> u64 {
    let tripled: Vec<u64> = input.iter().map(|x| x * 3).collect();
    let even: Vec<u64> = tripled.iter().copied().filter(|x| x % 2 == 0).collect();
    let shifted: Vec<u64> = even.iter().map(|x| x + 1).collect();
    shifted.iter().sum()
}
// endregion

// region: fused
/// The same steps as one lazy iterator chain: no intermediate vector at all.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn pipeline_fused(input: &[u64]) -> u64 {
    input
        .iter()
        .map(|x| x * 3)
        .filter(|x| x % 2 == 0)
        .map(|x| x + 1)
        .sum()
}
// endregion

struct MemoryInput {
    n: u64,
    input: Vec<u64>,
}

impl Prepared for MemoryInput {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let n = self.n;
        match index {
            0 => Box::new(move || fingerprint(&black_box(build_by_push(black_box(n))))),
            1 => Box::new(move || fingerprint(&black_box(build_with_capacity(black_box(n))))),
            2 => Box::new(move || fingerprint(&black_box(build_by_collect(black_box(n))))),
            3 => Box::new(|| pipeline_three_vectors(black_box(&self.input))),
            _ => Box::new(|| pipeline_fused(black_box(&self.input))),
        }
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.n.max(1)
    }
}

impl Suite for MemorySuite {
    crate::kernels::suite_facts!("memory-profile", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // input + three intermediates + a doubling Vec's old and new buffers
        n.saturating_mul(8 * 6)
    }
    fn prepare<'c>(&self, Setup { n, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        Box::new(MemoryInput {
            n,
            input: (0..n).collect(),
        })
    }
    fn measures_memory(&self) -> bool {
        true
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "memory-profile",
        title: "Where the memory goes",
        sliders: &[log_slider(
            "n",
            "Largest number of elements n",
            1e3,
            1e7,
            1e6,
        )],
        op_label: "element",
        sweep_from: 1e3,
        // The browser tests' quick sweep: 1e3 .. 1e4 elements.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/profiling/memory_profile.rs",
        measures_memory: true,
    }),
    python: None,
};

/// What each way allocated at the largest n.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (n, _) = largest(r, "push")?;
    let mem = |id: &str| {
        r.points
            .iter()
            .find(|p| p.variant == id && p.n == n)
            .and_then(|p| p.memory)
    };
    let (push, cap, fused, three) = (
        mem("push")?,
        mem("with-capacity")?,
        mem("fused")?,
        mem("three-vectors")?,
    );
    let b = crate::format::bytes;
    Some(format!(
        "At n = {}: push made {} allocations and requested {} in all to store {} of numbers (at most {} held at once); with_capacity made {} allocation of {}. \
         Three intermediate vectors peaked at {}; the fused pass allocated {}.",
        count(n),
        count(push.allocations),
        b(push.allocated_bytes),
        // with_capacity(n) asks for exactly the n numbers' bytes.
        b(cap.allocated_bytes),
        b(push.peak_bytes),
        count(cap.allocations),
        b(cap.allocated_bytes),
        b(three.peak_bytes),
        if fused.allocations == 0 { "nothing".to_owned() } else { b(fused.peak_bytes) },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_variants_agree() {
        for n in [0u64, 1, 2, 3, 1000, 4097] {
            let expected = fingerprint(&build_by_push(n));
            assert_eq!(fingerprint(&build_with_capacity(n)), expected, "n={n}");
            assert_eq!(fingerprint(&build_by_collect(n)), expected, "n={n}");
            let input: Vec<u64> = (0..n).collect();
            assert_eq!(
                pipeline_three_vectors(&input),
                pipeline_fused(&input),
                "n={n}"
            );
        }
    }

    #[test]
    fn the_sentence_says_what_push_stored_and_held() {
        use crate::readout::tests::{point, report};
        // n = 1,000 as dlmalloc grows it in place: capacities 4, 8, …, 1,024.
        let memory = [
            ("push", 9, 16_352, 8_192),
            ("with-capacity", 1, 8_000, 8_000),
            ("collect", 1, 8_000, 8_000),
            ("three-vectors", 3, 24_000, 16_000),
            ("fused", 0, 0, 0),
        ];
        let pts = memory
            .iter()
            .map(|&(v, allocations, allocated_bytes, peak_bytes)| {
                let mut p = point(v, 1000, 1.0);
                p.memory = Some(crate::alloc::MemoryUse {
                    allocations,
                    allocated_bytes,
                    peak_bytes,
                });
                p
            })
            .collect();
        let s = sentence(&report("memory-profile", pts), &Params::new()).expect("sentence");
        assert!(
            s.contains("push made 9 allocations and requested 16.0 KiB in all to store 7.81 KiB of numbers (at most 8.00 KiB held at once)"),
            "{s}"
        );
        assert!(
            s.contains("with_capacity made 1 allocation of 7.81 KiB"),
            "{s}"
        );
        assert!(s.contains("the fused pass allocated nothing"), "{s}");
    }
}
