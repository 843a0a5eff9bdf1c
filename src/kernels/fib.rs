//! Lesson 8, `memo-fib`: Fibonacci numbers by naive recursion, by recursion with a memo
//! table, and by a loop. The naive variant's time grows exponentially, so the runtime
//! predicts it with an exponential model and skips sizes past this suite's time budget.

use super::{Params, Prepared, Suite, Variant};
use crate::harness::{Clock, Kernel};
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
    fn id(&self) -> &'static str {
        "memo-fib"
    }
    fn variants(&self) -> &'static [Variant] {
        &VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // The memo table and the recursion's stack: tiny at any allowed n.
        n.saturating_mul(64)
    }
    fn prepare<'c>(
        &self,
        n: u64,
        _params: &Params,
        _threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        Box::new(Input {
            n: n.min(MAX_N) as u32,
        })
    }
    fn exponential(&self, index: usize) -> bool {
        index == 0
    }
    fn call_budget_ns(&self) -> f64 {
        CALL_BUDGET_NS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
