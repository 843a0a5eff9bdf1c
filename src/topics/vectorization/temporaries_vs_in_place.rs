//! Lesson 4, `temporaries-vs-in-place`: a·2 + 1 over an array, as NumPy would write it
//! (`b = a * 2; c = b + 1`: two whole temporary vectors), fused into one pass, or in place
//! in a buffer the caller owns.
//!
//! Outputs are large, so kernels return a checksum of a sample of the output
//! (`kernels::sample_checksum`); the native tests compare whole outputs.

use crate::catalog::{log_slider, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns};
use crate::harness::Kernel;
use crate::kernels::rng::SplitMix64;
use crate::kernels::{sample_checksum, Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::readout::largest;
use crate::topics::Topic;
use std::hint::black_box;

/// The suite behind `temporaries-vs-in-place`.
pub struct TempSuite;
/// The one instance.
pub static SUITE: TempSuite = TempSuite;

pub static VARIANTS: [Variant; 3] = [
    Variant::new("temporaries", "two intermediate vectors", "result"),
    Variant::new("fused", "one fused pass", "result"),
    Variant::new("in-place", "in place in a reused buffer", "result"),
];

// region: temporaries
/// One whole vector per operation, like `b = a * 2; c = b + 1` on arrays:
/// two allocations, and the data crosses memory twice.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn scale_shift_temporaries(a: &[f64]) -> Vec<f64> {
    let doubled: Vec<f64> = a.iter().map(|x| x * 2.0).collect();
    let shifted: Vec<f64> = doubled.iter().map(|x| x + 1.0).collect();
    shifted
}
// endregion

// region: fused
/// Both operations in one pass: one allocation, one trip through memory.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn scale_shift_fused(a: &[f64]) -> Vec<f64> {
    a.iter().map(|x| x * 2.0 + 1.0).collect()
}
// endregion

// region: in-place
/// No allocation at all: overwrite a buffer we already own. (The input must stay as it
/// is for the next call, so it is copied into the buffer first; the copy is timed too.)
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn scale_shift_in_place(a: &[f64], buffer: &mut [f64]) {
    buffer.copy_from_slice(a);
    for x in buffer.iter_mut() {
        *x = *x * 2.0 + 1.0;
    }
}
// endregion

struct TempInput {
    a: Vec<f64>,
}

impl Prepared for TempInput {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        match index {
            0 => Box::new(|| {
                sample_checksum(&black_box(scale_shift_temporaries(black_box(&self.a))))
            }),
            1 => Box::new(|| sample_checksum(&black_box(scale_shift_fused(black_box(&self.a))))),
            _ => {
                let mut buffer = vec![0f64; self.a.len()];
                Box::new(move || {
                    scale_shift_in_place(black_box(&self.a), &mut buffer);
                    black_box(&mut buffer);
                    sample_checksum(&buffer)
                })
            }
        }
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.a.len().max(1) as u64
    }
}

impl Suite for TempSuite {
    crate::kernels::suite_facts!("temporaries-vs-in-place", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // input + the in-place buffer + two temporaries alive at once
        n.saturating_mul(4 * 8)
    }
    fn prepare<'c>(&self, Setup { n, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        let mut rng = SplitMix64::new(0x5eed_0005);
        let a = (0..n).map(|_| rng.below(1 << 20) as f64 / 1024.0).collect();
        Box::new(TempInput { a })
    }
    fn measures_memory(&self) -> bool {
        true
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "temporaries-vs-in-place",
        title: "a·2 + 1: temporaries, fused, in place",
        sliders: &[log_slider("n", "Largest array length n", 1e3, 1e7, 1e6)],
        op_label: "element",
        sweep_from: 1e3,
        // The browser tests' quick sweep: 1e3 .. 1e4.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/vectorization/temporaries_vs_in_place.rs",
        measures_memory: true,
    }),
    python: None,
};

/// Time and allocations of each way at the largest n.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (n, _) = largest(r, "fused")?;
    let describe = |id: &str| -> Option<String> {
        let p = r.points.iter().find(|p| p.variant == id && p.n == n)?;
        let t = p.median_per_op_ns()?;
        let mem = p.memory?;
        let memory = match mem.allocations {
            0 => "and no allocation".to_owned(),
            1 => format!(
                "with 1 allocation of {}",
                crate::format::bytes(mem.peak_bytes)
            ),
            k => format!(
                "with {k} allocations, peaking at {}",
                crate::format::bytes(mem.peak_bytes)
            ),
        };
        Some(format!(
            "{} took {} per element {memory}",
            crate::topics::label(&r.widget, id),
            duration_ns(t)
        ))
    };
    Some(format!(
        "At n = {}: {}; {}; {}.",
        count(n),
        describe("temporaries")?,
        describe("fused")?,
        describe("in-place")?
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readout::tests::{point, report};

    const AWKWARD_LENGTHS: [usize; 10] = [0, 1, 2, 3, 4, 5, 7, 8, 1001, 4099];

    #[test]
    fn temporaries_fused_and_in_place_agree() {
        for n in AWKWARD_LENGTHS {
            let a: Vec<f64> = (0..n).map(|i| i as f64 * 0.37 - 5.0).collect();
            let expected = scale_shift_temporaries(&a);
            assert_eq!(scale_shift_fused(&a), expected, "n={n}");
            let mut buffer = vec![0.0; n];
            scale_shift_in_place(&a, &mut buffer);
            assert_eq!(buffer, expected, "n={n}");
        }
    }

    #[test]
    fn temporaries_sentence_reports_allocations() {
        let mut pts = vec![
            point("temporaries", 10, 2.0),
            point("fused", 10, 1.0),
            point("in-place", 10, 1.5),
        ];
        for (p, (allocs, peak)) in pts.iter_mut().zip([(2, 160), (1, 80), (0, 0)]) {
            p.memory = Some(crate::alloc::MemoryUse {
                allocations: allocs,
                allocated_bytes: peak,
                peak_bytes: peak,
            });
        }
        let s =
            sentence(&report("temporaries-vs-in-place", pts), &Params::new()).expect("sentence");
        assert!(s.contains("2 allocations, peaking at 160 B"), "{s}");
        assert!(s.contains("1 allocation of 80 B"), "{s}");
        assert!(s.contains("and no allocation"), "{s}");
    }
}
