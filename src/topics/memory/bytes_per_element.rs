//! Lesson 7, `bytes-per-element`: how many bytes an integer costs in different containers
//! (boxed like a Python list's objects, or inline as i64, i32, i16), and what walking them
//! costs.

use crate::catalog::{log_slider, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns, fixed, ratio};
use crate::harness::{Clock, Kernel};
use crate::kernels::rng::SplitMix64;
use crate::kernels::{Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::{Details, Report};
use crate::readout::{at, compare, largest, noise_at};
use crate::topics::Topic;
use std::hint::black_box;

/// The suite behind `bytes-per-element`.
pub struct BytesSuite;
/// The one instance.
pub static SUITE: BytesSuite = BytesSuite;

pub static VARIANTS: [Variant; 5] = [
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
    crate::kernels::suite_facts!("bytes-per-element", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // Two sets of boxes (16 B each with bookkeeping, plus a pointer) dominate; the
        // other containers add 14 B, and the memory probe builds one more container.
        n.saturating_mul(2 * (16 + 4) + 14 + 20)
    }
    fn prepare<'c>(&self, Setup { n, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
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
    fn details(&self, n: u64, _params: &Params, _clock: &dyn Clock) -> Option<Details> {
        // A sample of consecutive allocations is enough for the median spacing.
        let stride = box_stride((n as usize).clamp(2, 100_000))?;
        Some(Details::Footprint {
            box_stride_bytes: stride,
            pointer_bytes: std::mem::size_of::<Box<i64>>() as u64,
        })
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "bytes-per-element",
        title: "What an integer costs: boxed, i64, i32, i16",
        // Up to 5 million: two sets of boxes (in order and shuffled) at about 20 bytes
        // each, beside three plain vectors, must fit the worker's memory limit.
        sliders: &[log_slider(
            "n",
            "Largest number of integers n",
            1e3,
            5e6,
            1e6,
        )],
        op_label: "element",
        sweep_from: 1e3,
        // The browser tests' quick sweep: 1e3 .. 1e4.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/memory/bytes_per_element.rs",
        measures_memory: true,
    }),
    python: None,
};

/// Bytes and time per integer in each container at the largest n, and the boxes' real spacing.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (n, boxed) = largest(r, "boxed")?;
    let per = |id: &str| {
        let p = r.points.iter().find(|p| p.variant == id && p.n == n)?;
        Some((p.memory?, p.median_per_op_ns()?))
    };
    let ((mb, _), (m64, t64), (m32, t32), (m16, t16)) =
        (per("boxed")?, per("i64")?, per("i32")?, per("i16")?);
    let each = |m: crate::alloc::MemoryUse| m.peak_bytes as f64 / n.max(1) as f64;
    let mut s = format!(
        "At n = {}, the program asked the allocator for {} bytes per integer for Vec<Box<i64>> (in {} allocations), {} for Vec<i64>, {} for Vec<i32> and {} for Vec<i16>.",
        count(n),
        fixed(each(mb), 1),
        count(mb.allocations),
        fixed(each(m64), 1),
        fixed(each(m32), 1),
        fixed(each(m16), 1)
    );
    if let Some(crate::protocol::Details::Footprint {
        box_stride_bytes,
        pointer_bytes,
    }) = &r.details
    {
        s += &format!(
            " What a box really occupies is larger: the allocator placed boxes allocated one after another {box_stride_bytes} bytes apart (the 8 bytes rounded up to its smallest block, with its bookkeeping), so each boxed integer costs {} bytes with its {pointer_bytes}-byte pointer.",
            box_stride_bytes + pointer_bytes
        );
    }
    s += &format!(
        " Summing took {} per element through the boxes in order, {} for i64, {} for i32 and {} for i16",
        duration_ns(boxed),
        duration_ns(t64),
        duration_ns(t32),
        duration_ns(t16)
    );
    if boxed > t64 * 1.15 {
        s += &format!(
            ": following a pointer per element made the sum {} slower than reading them side by side.",
            ratio(boxed / t64)
        );
    } else {
        s += ": boxes allocated one after another sit side by side, so following their pointers cost little here.";
    }
    if let Some(shuffled) = at(r, "boxed-shuffled", n) {
        s += &format!(
            " Visited out of order, the same boxes took {} per element, {} the in-order walk: each pointer now leads somewhere unrelated to the last.",
            duration_ns(shuffled),
            compare(shuffled, boxed, noise_at(r, n))
        );
    }
    Some(s)
}

/// The details under the chart: what one boxed integer really occupies, as measured in the
/// worker.
pub fn details_view(box_stride_bytes: u64, pointer_bytes: u64) -> crate::html::Block {
    let mut m = crate::html::Markup::new();
    m.element(
        "p",
        &[
            ("class", "details muted"),
            ("data-details", "footprint"),
            ("data-box-stride", &box_stride_bytes.to_string()),
        ],
        &format!("Measured in the worker: boxes allocated one after another lie {box_stride_bytes} bytes apart, so one boxed integer occupies {} bytes with its {pointer_bytes}-byte pointer, where the counting allocator sees 8 + {pointer_bytes}.", box_stride_bytes + pointer_bytes),
    );
    crate::html::Block::whole(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::StdClock;
    use crate::readout::tests::{point, report};

    // The sentence as the page shows it.
    use crate::topics::sentence;

    #[test]
    fn every_container_sums_to_the_same() {
        for n in [0, 1, 2, 1000] {
            let clock = StdClock::new();
            let input = SUITE.prepare(Setup {
                n,
                params: &Params::new(),
                threads: 1,
                clock: &clock,
            });
            let sums: Vec<u64> = (0..5).map(|i| input.kernel(i).call()).collect();
            assert!(sums.iter().all(|&s| s == sums[0]), "n={n}: {sums:?}");
            let built: Vec<u64> = (0..5)
                .map(|i| input.memory_probe(i).expect("probe").call())
                .collect();
            assert_eq!(built, sums, "n={n}");
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

    #[test]
    fn bytes_per_element_states_bytes_and_the_cost_of_pointers() {
        let mem = |peak_bytes: u64, allocations: u64| crate::alloc::MemoryUse {
            allocations,
            allocated_bytes: peak_bytes,
            peak_bytes,
        };
        let with = |id: &str, ns: f64, m| {
            let mut p = point(id, 1000, ns);
            p.ops_per_call = 1000;
            p.outcome = point(id, 1000, ns * 1000.0).outcome;
            p.memory = Some(m);
            p
        };
        let pts = |boxed_ns| {
            vec![
                with("boxed", boxed_ns, mem(16_000, 1001)),
                with("i64", 1.0, mem(8000, 1)),
                with("i32", 0.5, mem(4000, 1)),
                with("i16", 0.3, mem(2000, 1)),
            ]
        };
        let s = sentence(&report("bytes-per-element", pts(3.0)), &Params::new());
        assert!(s.contains("16.0 bytes per integer for Vec<Box<i64>> (in 1,001 allocations), 8.0 for Vec<i64>, 4.0 for Vec<i32> and 2.0 for Vec<i16>"), "{s}");
        assert!(s.contains("3.00× slower"), "{s}");
        let s = sentence(&report("bytes-per-element", pts(1.05)), &Params::new());
        assert!(
            s.contains("following their pointers cost little here"),
            "{s}"
        );
        // The shuffled walk and the real footprint, when the run has them.
        let mut all = pts(1.05);
        all.push(with("boxed-shuffled", 4.2, mem(16_000, 1001)));
        let mut r = report("bytes-per-element", all);
        r.details = Some(crate::protocol::Details::Footprint {
            box_stride_bytes: 16,
            pointer_bytes: 4,
        });
        let s = sentence(&r, &Params::new());
        assert!(
            s.contains(
                "the same boxes took 4.20 ns per element, 4.00× slower than the in-order walk"
            ),
            "{s}"
        );
        assert!(s.contains("16 bytes apart"), "{s}");
        assert!(s.contains("costs 20 bytes with its 4-byte pointer"), "{s}");
    }
}
