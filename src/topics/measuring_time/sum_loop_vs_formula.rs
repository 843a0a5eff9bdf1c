//! Lesson 1, `sum-loop-vs-formula`: the sum 0 + 1 + … + (n − 1), three ways. The whole
//! widget: kernels, suite (worker half), sliders and readout ([`TOPIC`], the UI half).
//!
//! The loop is kept honest with `black_box` on every step; the plain iterator sum is left
//! to the optimizer, which may replace it with the closed form (the lesson shows whether
//! it did on the reader's machine); the formula is O(1).

use crate::catalog::{log_slider, ChartKind, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns, ratio};
use crate::harness::Kernel;
use crate::kernels::{Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::python::{PyVariant, Twin};
use crate::readout::{exponent, figure, grows, largest};
use crate::topics::Topic;
use std::hint::black_box;

/// The suite behind the `sum-loop-vs-formula` widget.
pub struct SumSuite;
/// The one instance.
pub static SUITE: SumSuite = SumSuite;

pub static VARIANTS: [Variant; 3] = [
    Variant::new("loop", "for loop (black_box)", "sum"),
    Variant::new("iter-sum", "(0..n).fold(0, wrapping_add)", "sum"),
    Variant::new("formula", "n(n−1)/2", "sum"),
];

// region: loop
/// Adds 0..n one at a time. `black_box` hides each step's value from the optimizer,
/// so it cannot replace the loop with a formula: n additions really happen.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn sum_loop(n: u64) -> u64 {
    let mut total: u64 = 0;
    for i in 0..n {
        total = black_box(total.wrapping_add(i));
    }
    total
}
// endregion

// region: iter-sum
/// The idiomatic iterator sum. Nothing stops the optimizer from recognising the pattern
/// and computing it in closed form.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn sum_iter(n: u64) -> u64 {
    (0..n).fold(0u64, |total, i| total.wrapping_add(i))
}
// endregion

// region: formula
/// Gauss's closed form: constant time whatever n is.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn sum_formula(n: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    // n(n-1) is even, so halve whichever factor is even first: no overflow for n < 2^32,
    // and wrapping arithmetic matches the loops beyond that.
    if n.is_multiple_of(2) {
        (n / 2).wrapping_mul(n - 1)
    } else {
        n.wrapping_mul((n - 1) / 2)
    }
}
// endregion

struct Input {
    n: u64,
}

impl Prepared for Input {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let n = self.n;
        match index {
            0 => Box::new(move || sum_loop(black_box(n))),
            1 => Box::new(move || sum_iter(black_box(n))),
            _ => Box::new(move || sum_formula(black_box(n))),
        }
    }
}

impl Suite for SumSuite {
    crate::kernels::suite_facts!("sum-loop-vs-formula", VARIANTS);
    fn bytes_needed(&self, _n: u64, _params: &Params) -> u64 {
        0
    }
    fn prepare<'c>(&self, Setup { n, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        Box::new(Input { n })
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "sum-loop-vs-formula",
        title: "Summing 0..n: loop, iterator, formula",
        sliders: &[log_slider("n", "Largest n", 1e3, 1e8, 1e6)],
        op_label: "call",
        chart: ChartKind::Growth,
        sweep_from: 1e3,
        show_clock_tick: false,
        // The lesson is about growth: the legend gives each line's fitted exponent.
        show_fit: true,
        // The browser tests' quick sweep: 1e3 .. 1e4.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/measuring_time/sum_loop_vs_formula.rs",
        measures_memory: false,
    }),
    python: Some(&PYTHON),
};

/// The same three sums in Python (`sum_loop_vs_formula.py` beside this file).
pub static PYTHON: Twin = Twin {
    source_path: "topics/measuring_time/sum_loop_vs_formula.py",
    variants: &[
        PyVariant {
            function: "for_loop",
            label: "for i in range(n)",
            twin: "loop",
        },
        PyVariant {
            function: "builtin_sum",
            label: "sum(range(n))",
            twin: "iter-sum",
        },
        PyVariant {
            function: "closed_form",
            label: "n*(n-1)//2",
            twin: "formula",
        },
    ],
};

/// What this run found: the loop against the formula, and whether the compiler turned the
/// iterator sum into a formula (its time stops growing with n).
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (n, loop_ns) = largest(r, "loop")?;
    let (formula_ns, formula_floor) = figure(r, "formula", n)?;
    let mut s = if formula_floor {
        format!(
            "At n = {}, the loop took {} and the formula {}, which is at the harness floor (the timing loop around a call costs about {}): the formula is too fast to time on its own, so the loop was at least {} slower. The loop's time grows like {}.",
            count(n),
            duration_ns(loop_ns),
            duration_ns(formula_ns),
            duration_ns(r.floor_ns),
            ratio(loop_ns / formula_ns),
            grows(r, "loop")
        )
    } else {
        format!(
            "At n = {}, the loop took {} and the formula {}: {} faster. The loop's time grows like {}.",
            count(n),
            duration_ns(loop_ns),
            duration_ns(formula_ns),
            ratio(loop_ns / formula_ns),
            grows(r, "loop")
        )
    };
    if let (Some(e), Some((iter_ns, _))) = (exponent(r, "iter-sum"), figure(r, "iter-sum", n)) {
        if e < 0.3 {
            s += &format!(
                " {} took {} and grows like n^{}: the compiler replaced that loop with a formula.",
                VARIANTS[1].label,
                duration_ns(iter_ns),
                crate::format::fixed(e, 2)
            );
        } else {
            s += &format!(
                " {} took {} and grows like n^{}: here the compiler kept it as a loop.",
                VARIANTS[1].label,
                duration_ns(iter_ns),
                crate::format::fixed(e, 2)
            );
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readout::tests::{point, report, with};

    #[test]
    fn variants_agree() {
        for n in [0u64, 1, 2, 3, 10, 999, 1000, 123_457, 1 << 20] {
            let expected = (n as u128 * (n as u128).saturating_sub(1) / 2) as u64;
            assert_eq!(sum_loop(n), expected, "loop n={n}");
            assert_eq!(sum_iter(n), expected, "iter n={n}");
            assert_eq!(sum_formula(n), expected, "formula n={n}");
        }
    }

    #[test]
    fn formula_wraps_like_the_loop_for_huge_n() {
        let n = (1u64 << 33) + 1;
        let wrapped = (n as u128 * (n as u128 - 1) / 2) as u64;
        assert_eq!(sum_formula(n), wrapped);
    }

    #[test]
    fn a_formula_at_the_floor_is_a_bound_not_a_ratio() {
        let floor = |p| with(p, |m| m.at_floor = true);
        let mut r = report(
            "sum-loop-vs-formula",
            vec![
                point("loop", 1000, 400.0),
                floor(point("formula", 1000, 2.0)),
                point("loop", 10_000, 4000.0),
                floor(point("formula", 10_000, 2.0)),
            ],
        );
        r.floor_ns = 1.0;
        let s = crate::topics::sentence(&r, &Params::new());
        assert!(s.contains("at the harness floor"), "{s}");
        assert!(s.contains("at least 2,000× slower"), "{s}");
    }

    #[test]
    fn sum_sentence_notices_a_deleted_loop() {
        let pts = vec![
            point("loop", 1000, 1e3),
            point("iter-sum", 1000, 2.0),
            point("formula", 1000, 1.0),
            point("loop", 1_000_000, 1e6),
            point("iter-sum", 1_000_000, 2.0),
            point("formula", 1_000_000, 1.0),
        ];
        let s = crate::topics::sentence(&report("sum-loop-vs-formula", pts), &Params::new());
        assert!(s.contains("replaced that loop with a formula"), "{s}");
        assert!(s.contains("1,000,000× faster"), "{s}");
    }

    #[test]
    fn sum_sentence_notices_a_kept_loop() {
        let pts = vec![
            point("loop", 1000, 1e3),
            point("iter-sum", 1000, 5e2),
            point("formula", 1000, 1.0),
            point("loop", 1_000_000, 1e6),
            point("iter-sum", 1_000_000, 5e5),
            point("formula", 1_000_000, 1.0),
        ];
        let s = crate::topics::sentence(&report("sum-loop-vs-formula", pts), &Params::new());
        assert!(s.contains("kept it as a loop"), "{s}");
    }
}
