//! Lesson 1, `sum-loop-vs-formula`: the sum 0 + 1 + … + (n − 1), three ways.
//!
//! The loop is kept honest with `black_box` on every step; the plain iterator sum is left
//! to the optimizer, which may replace it with the closed form (the lesson shows whether
//! it did on the reader's machine); the formula is O(1).

use super::{Params, Prepared, Suite, Variant};
use crate::harness::{Clock, Kernel};
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
    fn id(&self) -> &'static str {
        "sum-loop-vs-formula"
    }
    fn variants(&self) -> &'static [Variant] {
        &VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, _n: u64, _params: &Params) -> u64 {
        0
    }
    fn prepare<'c>(
        &self,
        n: u64,
        _params: &Params,
        _threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        Box::new(Input { n })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
