//! Lesson 4, Vectorization: the widgets about loops the compiler can turn into SIMD code
//! (one instruction working on several numbers at once) not yet moved to
//! `topics/vectorization/` (`elementwise-add` has).
//!
//! - `square-plus-sin`: x² + sin(x) over an n × n grid: nested loops, one flat pass, and
//!   a polynomial sin the compiler can vectorize.
//! - `temporaries-vs-in-place`: a·2 + 1 with intermediate vectors, fused, or in place.
//!
//! Outputs are large, so kernels return a checksum of a sample of the output (evenly spaced
//! elements plus the last few, where SIMD tail handling lives); the native tests compare
//! whole outputs.

use super::rng::SplitMix64;
use super::{sample_checksum, Params, Prepared, Suite, Variant};
use crate::harness::{Clock, Kernel};
use std::f64::consts::PI;
use std::hint::black_box;

// ---------------------------------------------------------------- square-plus-sin

/// The suite behind `square-plus-sin`.
pub struct SinSuite;
/// The one instance.
pub static SIN: SinSuite = SinSuite;

pub static SIN_VARIANTS: [Variant; 3] = [
    Variant::new("nested", "nested loops, libm sin", "exact"),
    Variant::new("flat", "one flat pass, libm sin", "exact"),
    Variant::new("poly", "flat pass, polynomial sin", "approx"),
];

/// The largest error of [`sin_poly`] against `f64::sin` on [-π, π], as checked by the
/// native tests over a dense grid.
pub const SIN_POLY_MAX_ERROR: f64 = 4e-6;

// region: nested
/// Row by row, column by column, as the formula is written on paper.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn square_plus_sin_nested(xs: &[f64], n: usize, out: &mut [f64]) {
    for row in 0..n {
        for col in 0..n {
            let x = xs[row * n + col];
            out[row * n + col] = x * x + x.sin();
        }
    }
}
// endregion

// region: flat
/// The same numbers as one flat pass over contiguous memory.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn square_plus_sin_flat(xs: &[f64], out: &mut [f64]) {
    for (o, &x) in out.iter_mut().zip(xs) {
        *o = x * x + x.sin();
    }
}
// endregion

// region: poly
/// sin on [-π, π] without a library call: fold x into [-π/2, π/2] using
/// sin(x) = sin(π − x), then a degree-9 Taylor polynomial (max error below 4e-6).
/// Plain arithmetic and a select: the compiler can vectorize it.
#[inline]
pub fn sin_poly(x: f64) -> f64 {
    let half_pi = PI / 2.0;
    let folded = if x > half_pi {
        PI - x
    } else if x < -half_pi {
        -PI - x
    } else {
        x
    };
    let x2 = folded * folded;
    folded * (1.0 + x2 * (-1.0 / 6.0 + x2 * (1.0 / 120.0 + x2 * (-1.0 / 5040.0 + x2 / 362_880.0))))
}

#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn square_plus_sin_poly(xs: &[f64], out: &mut [f64]) {
    for (o, &x) in out.iter_mut().zip(xs) {
        *o = x * x + sin_poly(x);
    }
}
// endregion

/// An n × n grid of x values spread evenly over [-π, π].
pub fn sin_grid(n: usize) -> Vec<f64> {
    let count = n * n;
    (0..count)
        .map(|i| -PI + 2.0 * PI * i as f64 / count.max(1) as f64)
        .collect()
}

struct SinInput {
    n: usize,
    xs: Vec<f64>,
}

impl Prepared for SinInput {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let mut out = vec![0f64; self.xs.len()];
        let n = self.n;
        Box::new(move || {
            let xs = black_box(&self.xs);
            match index {
                0 => square_plus_sin_nested(xs, black_box(n), black_box(&mut out)),
                1 => square_plus_sin_flat(xs, black_box(&mut out)),
                _ => square_plus_sin_poly(xs, black_box(&mut out)),
            }
            sample_checksum(&out)
        })
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.xs.len().max(1) as u64
    }
}

impl Suite for SinSuite {
    fn id(&self) -> &'static str {
        "square-plus-sin"
    }
    fn variants(&self) -> &'static [Variant] {
        &SIN_VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        n.saturating_mul(n).saturating_mul(16)
    }
    fn prepare<'c>(
        &self,
        n: u64,
        _params: &Params,
        _threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        let n = n as usize;
        Box::new(SinInput { n, xs: sin_grid(n) })
    }
}

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
    fn sin_variants_agree_and_poly_is_within_its_stated_error() {
        for n in [0usize, 1, 3, 17] {
            let xs = sin_grid(n);
            let mut nested = vec![0.0; xs.len()];
            let mut flat = vec![0.0; xs.len()];
            square_plus_sin_nested(&xs, n, &mut nested);
            square_plus_sin_flat(&xs, &mut flat);
            assert_eq!(nested, flat, "n={n}");
        }
        let worst = (0..=200_000)
            .map(|i| -PI + 2.0 * PI * i as f64 / 200_000.0)
            .map(|x| (sin_poly(x) - x.sin()).abs())
            .fold(0.0, f64::max);
        assert!(worst < SIN_POLY_MAX_ERROR, "max error {worst:e}");
        assert!(
            worst > SIN_POLY_MAX_ERROR / 100.0,
            "the bound should be tight-ish: {worst:e}"
        );
    }

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
