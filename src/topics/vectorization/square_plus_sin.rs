//! Lesson 4, `square-plus-sin`: x² + sin(x) over an n × n grid, with nested loops, one flat
//! pass, and a polynomial sin the compiler can vectorize: where does the time go?

use crate::catalog::{log_slider, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns};
use crate::harness::Kernel;
use crate::kernels::{sample_checksum, Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::python::{PyVariant, Twin};
use crate::readout::{at, compare, largest, noise_at};
use crate::topics::Topic;
use std::f64::consts::PI;
use std::hint::black_box;

/// The suite behind `square-plus-sin`.
pub struct SinSuite;
/// The one instance.
pub static SUITE: SinSuite = SinSuite;

pub static VARIANTS: [Variant; 3] = [
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
    crate::kernels::suite_facts!("square-plus-sin", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        n.saturating_mul(n).saturating_mul(16)
    }
    fn prepare<'c>(&self, Setup { n, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        let n = n as usize;
        Box::new(SinInput { n, xs: sin_grid(n) })
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "square-plus-sin",
        title: "x² + sin(x) over an n × n grid",
        sliders: &[log_slider("n", "Largest grid side n", 10.0, 2000.0, 500.0)],
        op_label: "element",
        sweep_from: 10.0,
        // The browser tests' quick sweep: grid sides 10 .. 100.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/vectorization/square_plus_sin.rs",
        measures_memory: false,
    }),
    python: Some(&PYTHON),
};

/// The seed's slow version and its relatives in plain Python (`square_plus_sin.py` beside
/// this file): nested loops, one comprehension, and the same polynomial sin. (NumPy's
/// version cannot run in this browser; its figure stays in the widget's note.)
pub static PYTHON: Twin = Twin {
    source_path: "topics/vectorization/square_plus_sin.py",
    variants: &[
        PyVariant {
            function: "nested_loops",
            label: "nested for loops, math.sin",
            twin: "nested",
        },
        PyVariant {
            function: "flat_comprehension",
            label: "one comprehension, math.sin",
            twin: "flat",
        },
        PyVariant {
            function: "poly_comprehension",
            label: "one comprehension, polynomial sin",
            twin: "poly",
        },
    ],
};

/// Where the time went: the loop's shape, or the sin call.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (n, flat) = largest(r, "flat")?;
    let nested = at(r, "nested", n)?;
    let poly = at(r, "poly", n)?;
    let shape = nested.max(flat) / nested.min(flat);
    let sin_gain = flat / poly;
    // The conclusion is stated only when this run supports it.
    let verdict = if sin_gain > 1.5 && shape < 1.2 {
        " The time goes into sin, not into the loop."
    } else if shape >= 1.2 {
        " Here the loop's shape mattered too."
    } else {
        " Here neither change made much difference."
    };
    // A factor within the run's noise is not a change the loop's shape made.
    let noise = noise_at(r, n);
    let shaped = if shape <= 1.0 + noise {
        format!(
            "the loop's shape made no difference beyond the run's noise (±{}%)",
            crate::format::fixed(100.0 * noise, 0)
        )
    } else {
        format!(
            "the loop's shape changed the time by a factor of {}",
            crate::format::three_digits(shape)
        )
    };
    Some(format!(
        "At n = {} ({} elements), nested loops took {} per element and one flat pass {}: {shaped}. \
         Replacing the sin call with a polynomial (error below {}) took {}: {} the flat pass.{verdict}",
        count(n),
        count(n * n),
        duration_ns(nested),
        duration_ns(flat),
        crate::format::exponential(SIN_POLY_MAX_ERROR, 0),
        duration_ns(poly),
        compare(poly, flat, noise)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readout::tests::{point, report};

    #[test]
    fn the_loops_shape_is_named_only_beyond_the_noise() {
        let run = |nested: f64, flat: f64| {
            let pts = ["nested", "flat", "poly"]
                .into_iter()
                .zip([nested, flat, 1.76])
                .map(|(v, t)| point(v, 500, t))
                .collect();
            crate::topics::sentence(&report("square-plus-sin", pts), &Params::new())
        };
        // A real run: 5.88 and 5.91 ns, half a percent apart.
        let s = run(5.88, 5.91);
        assert!(
            s.contains("the loop's shape made no difference beyond the run's noise (±2%)"),
            "{s}"
        );
        assert!(!s.contains("factor"), "{s}");
        assert!(
            s.contains("The time goes into sin, not into the loop."),
            "{s}"
        );
        let s = run(8.0, 5.0);
        assert!(s.contains("changed the time by a factor of 1.60"), "{s}");
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
    fn square_sin_sentence_states_its_conclusion_only_when_measured() {
        let run = |nested: f64, flat: f64, poly: f64| {
            let pts = vec![
                point("nested", 100, nested),
                point("flat", 100, flat),
                point("poly", 100, poly),
            ];
            sentence(&report("square-plus-sin", pts), &Params::new()).expect("sentence")
        };
        let s = run(4.0, 4.1, 1.2);
        assert!(s.contains("3.42× faster than the flat pass"), "{s}");
        assert!(
            s.contains("The time goes into sin, not into the loop."),
            "{s}"
        );
        assert!(run(8.0, 4.0, 1.2).contains("the loop's shape mattered too"));
        let s = run(4.0, 4.0, 3.9);
        assert!(
            s.contains("about as fast as the flat pass") && s.contains("neither change"),
            "{s}"
        );
    }
}
