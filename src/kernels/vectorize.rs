//! Lesson 4, Vectorization: three widgets about loops the compiler can turn into SIMD
//! code (one instruction working on several numbers at once) and the things that stop it.
//!
//! - `elementwise-add`: c = a + b, by indexing, by zipped iterators, by SIMD128 intrinsics.
//! - `square-plus-sin`: x² + sin(x) over an n × n grid: nested loops, one flat pass, and
//!   a polynomial sin the compiler can vectorize.
//! - `temporaries-vs-in-place`: a·2 + 1 with intermediate vectors, fused, or in place.
//!
//! Outputs are large, so kernels return a checksum of a sample of the output (evenly spaced
//! elements plus the last few, where SIMD tail handling lives); the native tests compare
//! whole outputs.

use super::rng::SplitMix64;
use super::{mix64, Params, Prepared, Suite, Variant};
use crate::harness::{Clock, Kernel};
use std::f64::consts::PI;
use std::hint::black_box;

/// A checksum of `out`'s length, 32 evenly spaced elements and the last 7 elements.
fn sample_checksum<T: Copy + Into<f64>>(out: &[T]) -> u64 {
    let n = out.len();
    let step = (n / 32).max(1);
    let picks = (0..n).step_by(step).chain(n.saturating_sub(7)..n);
    picks.fold(n as u64, |acc, i| {
        mix64(acc ^ out[i].into().to_bits() ^ ((i as u64) << 32))
    })
}

// ---------------------------------------------------------------- elementwise-add

/// The suite behind `elementwise-add`.
pub struct AddSuite;
/// The one instance.
pub static ADD: AddSuite = AddSuite;

pub static ADD_VARIANTS: [Variant; 5] = [
    Variant::new("scalar", "one element at a time (no SIMD)", "sum"),
    Variant::new("indexed", "indexed loop c[i] = a[i] + b[i]", "sum"),
    Variant::new("indexed-sliced", "indexed loop, lengths fixed first", "sum"),
    Variant::new("zipped", "zipped iterators", "sum"),
    Variant::new("simd128", "explicit SIMD128 intrinsics", "sum"),
];

/// Arrays up to this many bytes (three arrays of f32) count as fitting in cache when the
/// readout reports what SIMD buys: 12 bytes × 16,384 elements = 192 KiB, inside the L2
/// cache of any current desktop or phone processor.
pub const IN_CACHE_BYTES: f64 = 192.0 * 1024.0;

/// Bytes moved per element: two f32 read, one written.
pub const ADD_BYTES_PER_ELEMENT: f64 = 12.0;

// region: scalar
/// The baseline: volatile loads may be neither merged nor reordered, so the compiler
/// cannot combine elements into vectors and must load, add and store one f32 at a time.
/// Each volatile load is still one ordinary load instruction: nothing else is added to
/// the loop (a `black_box` per element would add a store, a reload and a barrier).
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn add_scalar(a: &[f32], b: &[f32], c: &mut [f32]) {
    for ((c, a), b) in c.iter_mut().zip(a).zip(b) {
        // SAFETY: `a` and `b` are references to live, aligned f32s.
        let (x, y) = unsafe { (std::ptr::read_volatile(a), std::ptr::read_volatile(b)) };
        *c = x + y;
    }
}
// endregion

// region: indexed
/// Indexes three slices of unknown lengths. The loop runs to `c.len()`, and `a` or `b`
/// may be shorter: then the program must panic at exactly that index, after writing
/// every element before it. So each access keeps its bounds check inside the loop, and
/// a loop that may stop at any element cannot be done four elements at a time.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn add_indexed(a: &[f32], b: &[f32], c: &mut [f32]) {
    for i in 0..c.len() {
        c[i] = a[i] + b[i];
    }
}
// endregion

// region: indexed-sliced
/// The same indexed loop after one line that fixes the lengths: re-slicing `a` and `b`
/// to `c`'s length panics before the loop if either is too short, so inside it every
/// index is provably in bounds, the checks go, and the loop vectorizes.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn add_indexed_sliced(a: &[f32], b: &[f32], c: &mut [f32]) {
    let n = c.len();
    let (a, b) = (&a[..n], &b[..n]);
    for i in 0..n {
        c[i] = a[i] + b[i];
    }
}
// endregion

// region: zipped
/// Zipped iterators end at the shortest slice: no bounds checks, and the loop
/// auto-vectorizes to SIMD additions of four f32 at a time.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn add_zipped(a: &[f32], b: &[f32], c: &mut [f32]) {
    for ((c, a), b) in c.iter_mut().zip(a).zip(b) {
        *c = a + b;
    }
}
// endregion

// region: simd128
/// Explicit 128-bit SIMD: four f32 lanes per instruction, then a scalar tail for the
/// last `len % 4` elements. (Without wasm SIMD, e.g. in native tests, the same chunks
/// are added lane by lane.)
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn add_simd128(a: &[f32], b: &[f32], c: &mut [f32]) {
    let n = c.len().min(a.len()).min(b.len());
    let body = n - n % 4;
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::{f32x4_add, v128, v128_load, v128_store};
        for i in (0..body).step_by(4) {
            // SAFETY: i + 4 <= body <= the length of all three slices; v128_load and
            // v128_store accept unaligned pointers.
            unsafe {
                let va = v128_load(a.as_ptr().add(i) as *const v128);
                let vb = v128_load(b.as_ptr().add(i) as *const v128);
                v128_store(c.as_mut_ptr().add(i) as *mut v128, f32x4_add(va, vb));
            }
        }
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for i in (0..body).step_by(4) {
        for lane in 0..4 {
            c[i + lane] = a[i + lane] + b[i + lane];
        }
    }
    for i in body..n {
        c[i] = a[i] + b[i];
    }
}
// endregion

/// Two inputs of n f32 in [-1, 1).
pub fn add_inputs(n: usize) -> (Vec<f32>, Vec<f32>) {
    let mut rng = SplitMix64::new(0x5eed_0004);
    let mut value = || (rng.below(1 << 24) as f32 / (1 << 23) as f32) - 1.0;
    let a = (0..n).map(|_| value()).collect();
    let b = (0..n).map(|_| value()).collect();
    (a, b)
}

struct AddInput {
    a: Vec<f32>,
    b: Vec<f32>,
}

impl Prepared for AddInput {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let mut out = vec![0f32; self.a.len()];
        let f = [
            add_scalar,
            add_indexed,
            add_indexed_sliced,
            add_zipped,
            add_simd128,
        ][index.min(4)];
        Box::new(move || {
            f(black_box(&self.a), black_box(&self.b), &mut out);
            // The whole output escapes, so no element's write can be skipped.
            black_box(&mut out);
            sample_checksum(&out)
        })
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.a.len().max(1) as u64
    }
}

impl Suite for AddSuite {
    fn id(&self) -> &'static str {
        "elementwise-add"
    }
    fn variants(&self) -> &'static [Variant] {
        &ADD_VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        n.saturating_mul(12)
    }
    fn prepare<'c>(
        &self,
        n: u64,
        _params: &Params,
        _threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        let (a, b) = add_inputs(n as usize);
        Box::new(AddInput { a, b })
    }
}

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
    fn add_variants_agree_on_every_element_including_tails() {
        for n in AWKWARD_LENGTHS {
            let (a, b) = add_inputs(n);
            let mut expected = vec![0f32; n];
            add_indexed(&a, &b, &mut expected);
            type Add = fn(&[f32], &[f32], &mut [f32]);
            let variants: [(&str, Add); 4] = [
                ("scalar", add_scalar),
                ("indexed-sliced", add_indexed_sliced),
                ("zipped", add_zipped),
                ("simd128", add_simd128),
            ];
            for (name, f) in variants {
                let mut out = vec![f32::NAN; n];
                f(&a, &b, &mut out);
                assert_eq!(out, expected, "{name} n={n}");
            }
        }
    }

    #[test]
    fn the_sliced_loop_panics_before_writing_when_an_input_is_short() {
        let (a, b) = add_inputs(8);
        let mut c = vec![0f32; 9];
        let sliced = std::panic::catch_unwind(move || {
            let mut c2 = c.clone();
            add_indexed_sliced(&a, &b, &mut c2);
            c.copy_from_slice(&c2);
        });
        assert!(sliced.is_err(), "a short input is refused");
    }

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

    #[test]
    fn sample_checksum_sees_the_tail() {
        let a = vec![1.0f64; 1000];
        let mut b = a.clone();
        b[998] = 2.0;
        assert_ne!(sample_checksum(&a), sample_checksum(&b));
    }
}
