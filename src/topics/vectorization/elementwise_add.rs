//! Lesson 4, `elementwise-add`: c = a + b over two arrays of f32, one element at a time,
//! by indexing, by zipped iterators, and by SIMD128 intrinsics (one instruction adding four
//! numbers), in cache and from main memory.

use crate::catalog::{log_slider, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns};
use crate::harness::Kernel;
use crate::kernels::rng::SplitMix64;
use crate::kernels::{sample_checksum, Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::python::{PyVariant, Twin};
use crate::readout::{at, compare, gbps, noise_at};
use crate::topics::Topic;
use std::hint::black_box;

/// The suite behind `elementwise-add`.
pub struct AddSuite;
/// The one instance.
pub static SUITE: AddSuite = AddSuite;

pub static VARIANTS: [Variant; 5] = [
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
pub const BYTES_PER_ELEMENT: f64 = 12.0;

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
    crate::kernels::suite_facts!("elementwise-add", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        n.saturating_mul(12)
    }
    fn prepare<'c>(&self, Setup { n, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        let (a, b) = add_inputs(n as usize);
        Box::new(AddInput { a, b })
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "elementwise-add",
        title: "Adding two arrays: indexed, zipped, SIMD128",
        sliders: &[log_slider("n", "Largest array length n", 1e3, 1e7, 1e6)],
        op_label: "element",
        sweep_from: 1e3,
        bytes_per_op: Some(BYTES_PER_ELEMENT),
        // The browser tests' quick sweep: 1e3 .. 1e4.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/vectorization/elementwise_add.rs",
        measures_memory: false,
    }),
    python: Some(&PYTHON),
};

/// The same additions in plain Python (`elementwise_add.py` beside this file): an indexed
/// loop and a comprehension over `zip`. (NumPy's `a + b` cannot run in this browser; its
/// figure stays in the widget's note, measured natively.)
pub static PYTHON: Twin = Twin {
    source_path: "topics/vectorization/elementwise_add.py",
    variants: &[
        PyVariant {
            function: "indexed_loop",
            label: "for i in range(n): c[i] = a[i] + b[i]",
            twin: "indexed",
        },
        PyVariant {
            function: "zipped_comprehension",
            label: "[x + y for x, y in zip(a, b)]",
            twin: "zipped",
        },
    ],
};

/// What SIMD bought in cache, and (when the sweep went there) from main memory.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    const BYTES: f64 = BYTES_PER_ELEMENT;
    // What SIMD buys is an in-cache question: at sizes served from main memory every
    // version waits for the same bytes, and a scalar loop ties.
    let complete = |n: u64| {
        ["scalar", "indexed", "indexed-sliced", "zipped", "simd128"]
            .iter()
            .all(|v| at(r, v, n).is_some())
    };
    let mut sizes: Vec<u64> = r
        .points
        .iter()
        .map(|p| p.n)
        .filter(|&n| complete(n))
        .collect();
    crate::order::sort_small_by(&mut sizes, |a, b| a < b);
    sizes.dedup();
    let cached = sizes
        .iter()
        .copied()
        .filter(|&n| n as f64 * BYTES <= IN_CACHE_BYTES)
        .max()?;
    let t = |v: &str, n: u64| at(r, v, n).unwrap_or(f64::NAN);
    let noise = noise_at(r, cached);
    let mut s = format!(
        "In cache (n = {}, {} of arrays), per element: one at a time {}, SIMD128 intrinsics {}, zipped iterators {}: SIMD ran {} the scalar loop. The indexed loop ({}) ran {} the same loop with its lengths fixed first ({}); the compiled code under “Show the code that ran” shows which loops became SIMD.",
        count(cached),
        crate::format::bytes((cached as f64 * BYTES) as u64),
        duration_ns(t("scalar", cached)),
        duration_ns(t("simd128", cached)),
        duration_ns(t("zipped", cached)),
        compare(t("simd128", cached), t("scalar", cached), noise),
        duration_ns(t("indexed", cached)),
        compare(t("indexed", cached), t("indexed-sliced", cached), noise),
        duration_ns(t("indexed-sliced", cached)),
    );
    // Beyond the caches: say so only when the sweep went there.
    if let Some(&big) = sizes
        .last()
        .filter(|&&n| n as f64 * BYTES > 16.0 * IN_CACHE_BYTES)
    {
        s.push_str(&format!(
            " At n = {} ({}, from main memory) the scalar loop moved {} and SIMD128 {}: SIMD ran {} the scalar loop, because memory, not arithmetic, sets the pace there.",
            count(big),
            crate::format::bytes((big as f64 * BYTES) as u64),
            gbps(BYTES, t("scalar", big)),
            gbps(BYTES, t("simd128", big)),
            compare(t("simd128", big), t("scalar", big), noise_at(r, big)),
        ));
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readout::tests::{point, report};

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
    fn elementwise_sentence_reports_simd_in_cache_and_the_memory_plateau() {
        let at_n = |n: u64, scalar: f64, indexed: f64| {
            vec![
                point("scalar", n, scalar),
                point("indexed", n, indexed),
                point("indexed-sliced", n, 0.25),
                point("zipped", n, 0.25),
                point("simd128", n, 0.25),
            ]
        };
        let mut pts = at_n(10_000, 1.0, 0.5);
        let s =
            sentence(&report("elementwise-add", pts.clone()), &Params::new()).expect("sentence");
        assert!(s.contains("In cache (n = 10,000"), "{s}");
        assert!(
            s.contains("SIMD ran 4.00× faster than the scalar loop"),
            "{s}"
        );
        assert!(
            s.contains("ran 2.00× slower than the same loop with its lengths fixed first"),
            "{s}"
        );
        assert!(s.contains("the compiled code"), "{s}");
        assert!(!s.contains("main memory"), "{s}");
        // A sweep into main memory adds the plateau, at the largest size.
        pts.extend(at_n(1_000_000, 0.26, 0.26));
        let s = sentence(&report("elementwise-add", pts), &Params::new()).expect("sentence");
        assert!(s.contains("In cache (n = 10,000"), "{s}");
        assert!(s.contains("At n = 1,000,000"), "{s}");
        assert!(
            s.contains("SIMD ran about as fast as the scalar loop, because memory"),
            "{s}"
        );
        // No in-cache size: nothing to say about SIMD.
        assert_eq!(
            sentence(
                &report("elementwise-add", at_n(1_000_000, 0.3, 0.3)),
                &Params::new()
            ),
            None
        );
    }
}
