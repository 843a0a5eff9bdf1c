//! Lesson 8, `memo-fib`: Fibonacci numbers by naive recursion, by recursion with a memo
//! table, and by a loop. The naive variant's time grows exponentially, so the runtime
//! predicts it with an exponential model and skips sizes past this suite's time budget.
//! The whole widget: kernels, suite, sliders, sentence and its Python twin (`memo_fib.py`).

use crate::catalog::{linear_slider, WidgetSpec, DEFAULTS};
use crate::format::{duration_ns, fixed};
use crate::harness::Kernel;
use crate::kernels::{Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::python::{PyVariant, Twin};
use crate::readout::{figure, largest, reliable};
use crate::topics::Topic;
use std::collections::HashMap;
use std::hint::black_box;

/// The suite behind `memo-fib`.
pub struct FibSuite;
/// The one instance.
pub static SUITE: FibSuite = FibSuite;

pub static VARIANTS: [Variant; 3] = [
    Variant::new("naive", "naive recursion", "fib"),
    Variant::new("memo", "recursion with a memo table", "fib"),
    Variant::new("iterative", "a loop with two variables", "fib"),
];

/// Largest n: F(93) is the last Fibonacci number that fits in a `u64`.
pub const MAX_N: u64 = 93;
/// Longest one call may take before larger sizes are skipped, ns: keeps a sweep short
/// (naive recursion gets about 1.6 times slower with every step of n).
pub const CALL_BUDGET_NS: f64 = 60e6;

// region: naive
/// F(n) straight from the definition: every call makes two more, so computing F(n)
/// takes about 1.6ⁿ calls, recomputing the same small values again and again.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn fib_naive(n: u32) -> u64 {
    if n < 2 {
        u64::from(n)
    } else {
        fib_naive(n - 1).wrapping_add(fib_naive(n - 2))
    }
}
// endregion

// region: memo
/// The same recursion with a memo table (what Python's `@lru_cache` adds): each F(k) is
/// computed once and looked up afterwards, so F(n) costs about n calls. The table starts
/// empty on every call here, so each call pays the whole first computation.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn fib_memo(n: u32) -> u64 {
    fn go(n: u32, memo: &mut HashMap<u32, u64>) -> u64 {
        if n < 2 {
            return u64::from(n);
        }
        if let Some(&v) = memo.get(&n) {
            return v;
        }
        let v = go(n - 1, memo).wrapping_add(go(n - 2, memo));
        memo.insert(n, v);
        v
    }
    go(n, &mut HashMap::new())
}
// endregion

// region: iterative
/// Two running values, n additions, no table at all.
pub fn fib_iterative(n: u32) -> u64 {
    let (mut a, mut b) = (0u64, 1u64);
    for _ in 0..n {
        (a, b) = (b, a.wrapping_add(b));
    }
    a
}
// endregion

struct Input {
    n: u32,
}

impl Prepared for Input {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let n = self.n;
        match index {
            0 => Box::new(move || fib_naive(black_box(n))),
            1 => Box::new(move || fib_memo(black_box(n))),
            _ => Box::new(move || fib_iterative(black_box(n))),
        }
    }
}

impl Suite for FibSuite {
    crate::kernels::suite_facts!("memo-fib", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // The memo table and the recursion's stack: tiny at any allowed n.
        n.saturating_mul(64)
    }
    fn prepare<'c>(&self, Setup { n, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        Box::new(Input {
            n: n.min(MAX_N) as u32,
        })
    }
    fn exponential(&self, index: usize) -> bool {
        index == 0
    }
    fn alternates_with_parity(&self, index: usize) -> bool {
        // The compiler turns the second recursive call into a loop stepping n by 2 (see
        // the listing), so F(odd n) and F(even n) differ by a constant factor per call.
        index == 0
    }
    fn call_budget_ns(&self) -> f64 {
        CALL_BUDGET_NS
    }
}

/// The UI half: sliders, kernel facts, the sentence and the Python twin (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "memo-fib",
        title: "Fibonacci: naive recursion, memoized, iterative",
        sliders: &[linear_slider(
            "n",
            "Largest n (computes F(n))",
            (10.0, 90.0, 5.0),
            40.0,
            "",
        )],
        op_label: "call",
        sweep_from: 5.0,
        sweep_step: Some(5.0),
        show_fit: false,
        // The browser tests' quick sweep: F(5) .. F(20).
        quick_sweep: &[("n", 2)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/caching/memo_fib.rs",
        measures_memory: false,
    }),
    python: Some(&PYTHON),
};

/// The seed's Python (`memo_fib.py` beside this file): naive recursion, the same with
/// `functools.lru_cache`, and a loop.
pub static PYTHON: Twin = Twin {
    source_path: "topics/caching/memo_fib.py",
    variants: &[
        PyVariant {
            function: "fib_naive_py",
            label: "naive recursion",
            twin: "naive",
        },
        PyVariant {
            function: "fib_lru_cache",
            label: "@lru_cache recursion",
            twin: "memo",
        },
        PyVariant {
            function: "fib_loop",
            label: "a loop with two names",
            twin: "iterative",
        },
    ],
};

/// What this run found: the two fast ways at the largest n, naive recursion's largest
/// measured F(n), its growth per step of n, and what that predicts for the skipped sizes.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (n, memo) = largest(r, "memo")?;
    let (iterative, at_floor) = figure(r, "iterative", n)?;
    let naive: Vec<(u64, f64)> = {
        let mut v: Vec<(u64, f64)> = r
            .points
            .iter()
            .filter(|p| p.variant == "naive" && reliable(p))
            .filter_map(|p| Some((p.n, p.median_per_op_ns()?)))
            .collect();
        crate::order::sort_small_by(&mut v, |a, b| a.0 < b.0);
        v
    };
    let mut s = format!(
        "F({n}): the memoized recursion took {} and the loop {}{}.",
        duration_ns(memo),
        duration_ns(iterative),
        if at_floor {
            " (at the harness floor: too quick to time apart from the timing loop, so at most that)"
        } else {
            ""
        }
    );
    let &(top, top_ns) = naive.last()?;
    s += &format!(
        " Naive recursion took {} for F({top}).",
        duration_ns(top_ns)
    );
    // The growth per step of n, as the run's skip model reads it: from the two largest
    // sizes an even number of steps apart, projected from the largest of the skipped
    // size's parity. The compiled recursion runs its second call as a loop stepping n by
    // 2, so odd and even n differ by a constant factor that comparing across parities
    // would mix into the growth (1.74 instead of 1.62 from F(30) to F(35)). The smallest
    // sizes are too quick to trust.
    let trusted: Vec<(f64, f64)> = naive
        .iter()
        .filter(|(n, _)| *n >= 10)
        .map(|&(n, t)| (n as f64, t))
        .collect();
    if let Some((Some(per_step), (base_n, base_ns))) =
        crate::stats::exponential_growth(&trusted, n as f64, true)
    {
        s += &format!(
            " Its time multiplied by about {} with each step of n, measured between sizes of the same parity (theory: the golden ratio, 1.618)",
            fixed(per_step, 2)
        );
        if top < n {
            let predicted = base_ns * per_step.powf(n as f64 - base_n);
            s += &format!(
                "; at that rate F({n}) would take about {}, so it was skipped.",
                long_duration(predicted)
            );
        } else {
            s += ".";
        }
    }
    Some(s)
}

/// Durations up to ages: seconds, hours, days, years.
fn long_duration(ns: f64) -> String {
    let s = ns / 1e9;
    if s < 120.0 {
        duration_ns(ns)
    } else if s < 2.0 * 3600.0 {
        format!("{} minutes", fixed(s / 60.0, 0))
    } else if s < 2.0 * 86_400.0 {
        format!("{} hours", fixed(s / 3600.0, 0))
    } else if s < 2.0 * 31_557_600.0 {
        format!("{} days", fixed(s / 86_400.0, 0))
    } else {
        format!(
            "{} years",
            crate::format::compact((s / 31_557_600.0).round())
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readout::tests::{point, report};

    #[test]
    fn fib_readout_estimates_the_skipped_size() {
        // Growth by the golden ratio per step, odd n 40% dearer per call (as the compiled
        // recursion is here): the growth is read between sizes of one parity.
        let t = |n: u64| 1e5 * 1.618f64.powi(n as i32 - 20) * if n % 2 == 1 { 1.4 } else { 1.0 };
        let pts = vec![
            point("naive", 20, t(20)),
            point("naive", 25, t(25)),
            point("naive", 30, t(30)),
            point("memo", 40, 2000.0),
            point("iterative", 40, 20.0),
        ];
        let s = crate::topics::sentence(&report("memo-fib", pts), &Params::new());
        assert!(s.contains("F(40): the memoized recursion took"), "{s}");
        assert!(s.contains("multiplied by about 1.62"), "{s}");
        // From F(30), of F(40)'s parity: 12.3 ms x 1.618^10.
        assert!(s.contains("F(40) would take about 1.51 s"), "{s}");
        assert_eq!(long_duration(3.0 * 86_400.0 * 1e9), "3 days");
    }

    #[test]
    fn all_three_agree_with_known_values() {
        let known = [(0, 0), (1, 1), (2, 1), (10, 55), (20, 6765), (30, 832_040)];
        for (n, f) in known {
            assert_eq!(fib_naive(n), f, "naive F({n})");
            assert_eq!(fib_memo(n), f, "memo F({n})");
            assert_eq!(fib_iterative(n), f, "iterative F({n})");
        }
        assert_eq!(fib_memo(93), 12_200_160_415_121_876_738);
        assert_eq!(fib_iterative(93), fib_memo(93));
    }
}
