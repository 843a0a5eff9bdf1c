//! Pure statistics over timing samples: summaries, spread, and growth-exponent fits.
//!
//! Nothing here knows about clocks, browsers or kernels. Every function takes plain
//! numbers and is unit-tested against values worked out by hand.

use serde::{Deserialize, Serialize};

/// A summary of one measured point: nanoseconds per call, over several samples.
///
/// Invariant: `min_ns <= median_ns <= max_ns`, `samples >= 1`, all values finite.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// How many samples the figures summarise.
    pub samples: usize,
    /// Fastest sample, ns per call.
    pub min_ns: f64,
    /// Median sample, ns per call: the figure the course reports.
    pub median_ns: f64,
    /// Slowest sample, ns per call.
    pub max_ns: f64,
    /// Median absolute deviation from the median, ns per call (robust spread).
    pub mad_ns: f64,
}

impl Summary {
    /// Spread relative to the median (MAD / median); 0 when the median is 0.
    pub fn relative_spread(&self) -> f64 {
        if self.median_ns > 0.0 {
            self.mad_ns / self.median_ns
        } else {
            0.0
        }
    }
}

/// Summarises samples (ns per call). Returns `None` for an empty sample or one that
/// holds a non-finite value, so a caller can never report a summary of nothing.
pub fn summarize(samples_ns: &[f64]) -> Option<Summary> {
    if samples_ns.is_empty() || samples_ns.iter().any(|x| !x.is_finite()) {
        return None;
    }
    let mut sorted = samples_ns.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median_ns = median_of_sorted(&sorted);
    let mut deviations: Vec<f64> = sorted.iter().map(|x| (x - median_ns).abs()).collect();
    deviations.sort_by(f64::total_cmp);
    Some(Summary {
        samples: sorted.len(),
        min_ns: sorted[0],
        median_ns,
        max_ns: sorted[sorted.len() - 1],
        mad_ns: median_of_sorted(&deviations),
    })
}

/// Median of an ascending, non-empty, NaN-free slice (mean of the middle two for even lengths).
pub fn median_of_sorted(sorted: &[f64]) -> f64 {
    debug_assert!(!sorted.is_empty());
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}

/// How much faster the later half of a sample series ran than the earlier half: the
/// median of the second half over the median of the first, minus one (-0.1 means the
/// second half was 10% faster). Samples in the order they were taken; `None` for fewer
/// than four samples, a non-finite one, or a first half whose median is not positive.
pub fn drift(samples_ns: &[f64]) -> Option<f64> {
    if samples_ns.len() < 4 || samples_ns.iter().any(|x| !x.is_finite()) {
        return None;
    }
    let half = samples_ns.len() / 2;
    let median = |xs: &[f64]| {
        let mut sorted = xs.to_vec();
        sorted.sort_by(f64::total_cmp);
        median_of_sorted(&sorted)
    };
    let first = median(&samples_ns[..half]);
    let second = median(&samples_ns[samples_ns.len() - half..]);
    (first > 0.0).then(|| second / first - 1.0)
}

/// A least-squares fit of `time = coefficient * n^exponent` on log-log axes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PowerFit {
    /// The growth exponent: 1 means linear, 2 quadratic, 0 constant.
    pub exponent: f64,
    /// Time at n = 1 implied by the fit, ns.
    pub coefficient_ns: f64,
    /// Coefficient of determination of the log-log line (1 is a perfect line).
    pub r_squared: f64,
    /// How many points the fit used.
    pub points: usize,
}

/// Fits `t = c * n^k` through `(n, t)` points with `n > 0` and `t > 0`; other points are
/// ignored. Needs at least two distinct n, else `None`.
pub fn fit_power_law(points: &[(f64, f64)]) -> Option<PowerFit> {
    let logs: Vec<(f64, f64)> = points
        .iter()
        .filter(|(n, t)| *n > 0.0 && *t > 0.0 && n.is_finite() && t.is_finite())
        .map(|(n, t)| (n.ln(), t.ln()))
        .collect();
    if logs.len() < 2 {
        return None;
    }
    let count = logs.len() as f64;
    let mean_x = logs.iter().map(|p| p.0).sum::<f64>() / count;
    let mean_y = logs.iter().map(|p| p.1).sum::<f64>() / count;
    let sxx: f64 = logs.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    if sxx <= f64::EPSILON {
        return None;
    }
    let sxy: f64 = logs.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let syy: f64 = logs.iter().map(|p| (p.1 - mean_y).powi(2)).sum();
    let exponent = sxy / sxx;
    let intercept = mean_y - exponent * mean_x;
    let r_squared = if syy <= f64::EPSILON {
        1.0
    } else {
        (sxy * sxy) / (sxx * syy)
    };
    Some(PowerFit {
        exponent,
        coefficient_ns: intercept.exp(),
        r_squared,
        points: logs.len(),
    })
}

/// Amdahl's law: the speedup on `threads` threads when `serial_fraction` of the work
/// cannot run in parallel.
pub fn amdahl_speedup(serial_fraction: f64, threads: f64) -> f64 {
    let s = serial_fraction.clamp(0.0, 1.0);
    1.0 / (s + (1.0 - s) / threads.max(1.0))
}

/// `count` values spread evenly on a log scale from `lo` to `hi` inclusive, rounded to
/// integers and deduplicated (so a narrow range can give fewer than `count`).
pub fn log_spaced(lo: u64, hi: u64, count: usize) -> Vec<u64> {
    let lo = lo.max(1);
    let hi = hi.max(lo);
    if count <= 1 || lo == hi {
        return vec![hi];
    }
    let (a, b) = ((lo as f64).ln(), (hi as f64).ln());
    let mut out: Vec<u64> = (0..count)
        .map(|i| (a + (b - a) * i as f64 / (count - 1) as f64).exp().round() as u64)
        .collect();
    out[0] = lo;
    out[count - 1] = hi;
    out.dedup();
    out
}

/// Exponential growth of a time with n, read from `history` ((n, ns) by ascending n), to
/// project it to size `n`: the factor per step of n (from the two largest sizes, `None`
/// with fewer than two) and the size to project from (the largest). With `by_parity`, for
/// a kernel whose cost alternates with n's parity (the compiled naive Fibonacci, whose
/// second call became a loop stepping n by 2), the factor comes from the two largest
/// sizes an even number of steps apart and the projection from the largest size of
/// `n`'s own parity, so the alternation cancels out.
pub fn exponential_growth(
    history: &[(f64, f64)],
    n: f64,
    by_parity: bool,
) -> Option<(Option<f64>, (f64, f64))> {
    let &last = history.last()?;
    let even = |a: f64, b: f64| (a - b).rem_euclid(2.0) == 0.0;
    let base = history
        .iter()
        .rev()
        .find(|h| !by_parity || even(n, h.0))
        .copied()
        .unwrap_or(last);
    let earlier = history[..history.len() - 1]
        .iter()
        .rev()
        .find(|h| !by_parity || even(last.0, h.0))
        .copied();
    let per_step = earlier
        .filter(|&(n0, t0)| n0 < last.0 && t0 > 0.0)
        .map(|(n0, t0)| (last.1 / t0).powf(1.0 / (last.0 - n0)));
    Some((per_step, base))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn summary_of_known_samples() {
        let s = summarize(&[5.0, 1.0, 3.0, 2.0, 4.0]).expect("non-empty");
        assert_eq!(s.samples, 5);
        assert_eq!((s.min_ns, s.median_ns, s.max_ns), (1.0, 3.0, 5.0));
        // deviations from 3: 2,2,0,1,1 -> sorted 0,1,1,2,2 -> MAD 1
        assert_eq!(s.mad_ns, 1.0, "MAD of 1..=5 is 1");
        assert!(close(s.relative_spread(), 1.0 / 3.0, 1e-12));
    }

    #[test]
    fn drift_compares_the_later_half_with_the_earlier() {
        let check = |samples: &[f64], expected: Option<f64>| {
            let got = drift(samples);
            match (got, expected) {
                (Some(g), Some(e)) => assert!(close(g, e, 1e-12), "{samples:?}: {g} != {e}"),
                _ => assert_eq!(got, expected, "{samples:?}"),
            }
        };
        check(&[10.0, 10.0, 10.0, 10.0], Some(0.0));
        // A tier-up halfway through: the second half runs at half the time.
        check(&[10.0, 10.0, 10.0, 5.0, 5.0, 5.0], Some(-0.5));
        // Odd length: the middle sample belongs to neither half.
        check(&[4.0, 4.0, 100.0, 2.0, 2.0], Some(-0.5));
        check(&[1.0, 2.0, 3.0], None);
        check(&[0.0, 0.0, 1.0, 1.0], None);
        check(&[1.0, f64::NAN, 1.0, 1.0], None);
    }

    #[test]
    fn median_even_length_averages_middle_pair() {
        let s = summarize(&[4.0, 1.0, 3.0, 2.0]).expect("non-empty");
        assert_eq!(s.median_ns, 2.5);
    }

    #[test]
    fn median_resists_an_outlier() {
        let s = summarize(&[10.0, 10.0, 11.0, 10.0, 1000.0]).expect("non-empty");
        assert_eq!(
            s.median_ns, 10.0,
            "one slow sample must not move the median"
        );
        assert_eq!(s.mad_ns, 0.0);
        assert_eq!(s.max_ns, 1000.0);
    }

    #[test]
    fn summary_refuses_empty_and_nan() {
        assert!(summarize(&[]).is_none());
        assert!(summarize(&[1.0, f64::NAN]).is_none());
        assert!(summarize(&[1.0, f64::INFINITY]).is_none());
    }

    #[test]
    fn fit_recovers_exact_exponents() {
        for (k, c) in [(0.0, 7.0), (1.0, 3.0), (2.0, 0.5), (1.5, 2.0)] {
            let pts: Vec<(f64, f64)> = [10.0, 100.0, 1000.0, 1e4]
                .iter()
                .map(|&n: &f64| (n, c * n.powf(k)))
                .collect();
            let fit = fit_power_law(&pts).expect("enough points");
            assert!(
                close(fit.exponent, k, 1e-9),
                "exponent {} != {}",
                fit.exponent,
                k
            );
            assert!(
                close(fit.coefficient_ns, c, 1e-6 * c),
                "coefficient {}",
                fit.coefficient_ns
            );
            assert!(close(fit.r_squared, 1.0, 1e-9));
        }
    }

    #[test]
    fn fit_of_noisy_quadratic_is_near_two() {
        let noise = [1.05, 0.97, 1.02, 0.99, 1.01];
        let pts: Vec<(f64, f64)> = [1e2, 1e3, 1e4, 1e5, 1e6]
            .iter()
            .zip(noise)
            .map(|(&n, e)| (n, n * n * e))
            .collect();
        let fit = fit_power_law(&pts).expect("enough points");
        assert!(close(fit.exponent, 2.0, 0.02), "exponent {}", fit.exponent);
        assert!(fit.r_squared > 0.999);
    }

    #[test]
    fn fit_needs_two_distinct_sizes() {
        assert!(fit_power_law(&[(10.0, 1.0)]).is_none());
        assert!(fit_power_law(&[(10.0, 1.0), (10.0, 2.0)]).is_none());
        assert!(
            fit_power_law(&[(0.0, 1.0), (10.0, 0.0)]).is_none(),
            "non-positive points are dropped"
        );
    }

    #[test]
    fn amdahl_limits() {
        assert!(
            close(amdahl_speedup(0.0, 4.0), 4.0, 1e-12),
            "no serial part: linear"
        );
        assert!(
            close(amdahl_speedup(1.0, 4.0), 1.0, 1e-12),
            "all serial: no gain"
        );
        assert!(close(amdahl_speedup(0.5, 2.0), 1.0 / 0.75, 1e-12));
        assert!(close(amdahl_speedup(0.1, 1.0), 1.0, 1e-12));
    }

    #[test]
    fn log_spaced_sizes() {
        assert_eq!(
            log_spaced(1000, 1_000_000, 4),
            vec![1000, 10_000, 100_000, 1_000_000]
        );
        assert_eq!(log_spaced(5, 5, 3), vec![5]);
        assert_eq!(
            log_spaced(1, 3, 5),
            vec![1, 2, 3],
            "duplicates after rounding collapse"
        );
        assert_eq!(log_spaced(10, 1000, 1), vec![1000]);
    }

    #[test]
    fn exponential_growth_can_cancel_an_alternation_with_parity() {
        // Time 1.5^n, with odd n 40% dearer: from the last two sizes the factor mixes the
        // two; by parity it is the true 1.5.
        let t = |n: f64| 1.5f64.powf(n) * if n % 2.0 == 1.0 { 1.4 } else { 1.0 };
        let history: Vec<(f64, f64)> = [20.0, 25.0, 30.0, 35.0].map(|n| (n, t(n))).to_vec();
        let (mixed, base) = exponential_growth(&history, 40.0, false).expect("growth");
        assert_eq!(base, (35.0, t(35.0)));
        assert!((mixed.expect("a factor") - 1.5 * 1.4f64.powf(0.2)).abs() < 1e-9);
        let (r, base) = exponential_growth(&history, 40.0, true).expect("growth");
        let r = r.expect("a factor");
        assert!((r - 1.5).abs() < 1e-9, "{r}");
        assert_eq!(base, (30.0, t(30.0)));
        let predicted = base.1 * r.powf(40.0 - base.0);
        assert!((predicted / t(40.0) - 1.0).abs() < 1e-9);
        // Too little history: no factor, or no growth at all.
        assert_eq!(
            exponential_growth(&[(5.0, 1.0)], 6.0, true),
            Some((None, (5.0, 1.0)))
        );
        assert_eq!(exponential_growth(&[], 6.0, false), None);
        // No earlier size of the same parity: no factor.
        let (r, _) = exponential_growth(&[(5.0, 1.0), (6.0, 2.0)], 7.0, true).expect("growth");
        assert_eq!(r, None);
    }
}
