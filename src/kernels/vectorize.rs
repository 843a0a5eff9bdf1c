//! Lesson 4, Vectorization: the widget about loops the compiler can turn into SIMD code
//! (one instruction working on several numbers at once) not yet moved to
//! `topics/vectorization/` (`elementwise-add` and `square-plus-sin` have).
//!
//! - `temporaries-vs-in-place`: a·2 + 1 with intermediate vectors, fused, or in place.
//!
//! Outputs are large, so kernels return a checksum of a sample of the output (evenly spaced
//! elements plus the last few, where SIMD tail handling lives); the native tests compare
//! whole outputs.

use super::rng::SplitMix64;
use super::{sample_checksum, Params, Prepared, Suite, Variant};
use crate::harness::{Clock, Kernel};
use std::hint::black_box;

// ---------------------------------------------------------------- temporaries-vs-in-place

/// The suite behind `temporaries-vs-in-place`.
pub struct TempSuite;
/// The one instance.
pub static TEMP: TempSuite = TempSuite;

pub static TEMP_VARIANTS: [Variant; 3] = [
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
    fn id(&self) -> &'static str {
        "temporaries-vs-in-place"
    }
    fn variants(&self) -> &'static [Variant] {
        &TEMP_VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // input + the in-place buffer + two temporaries alive at once
        n.saturating_mul(4 * 8)
    }
    fn prepare<'c>(
        &self,
        n: u64,
        _params: &Params,
        _threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        let mut rng = SplitMix64::new(0x5eed_0005);
        let a = (0..n).map(|_| rng.below(1 << 20) as f64 / 1024.0).collect();
        Box::new(TempInput { a })
    }
    fn measures_memory(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
