//! Lesson 8, caching and memoization: its widgets, one file each. `lru-hit-rate` and
//! `ttl-cache` put their caches in front of the same costly function, with keys drawn from
//! the same Zipf distribution, both below.

pub mod lru_hit_rate;
pub mod memo_fib;
pub mod persistent_cache;
pub mod ttl_cache;

use crate::kernels::mix64;
use crate::kernels::rng::SplitMix64;

/// Mixing steps of one call of the costly function.
pub const COST_STEPS: u32 = 200;

/// The function every cache sits in front of: a chain of mixing steps, standing in for
/// a query, a parse or a computation that takes a while and always gives the same
/// answer for the same key.
pub fn costly(key: u32) -> u64 {
    let mut x = u64::from(key) ^ 0x9e37_79b9;
    for _ in 0..COST_STEPS {
        x = mix64(x);
    }
    x
}

/// Samples ranks 0..k with P(rank r) proportional to 1 / (r + 1)^s: a few keys are
/// asked for very often, most rarely (s = 0 is uniform).
#[derive(Clone, Debug)]
pub struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    /// The distribution over `k` keys (at least one) with skew `s` (≥ 0).
    pub fn new(k: usize, s: f64) -> Self {
        let mut total = 0.0;
        let mut cdf: Vec<f64> = (0..k.max(1))
            .map(|r| {
                total += 1.0 / ((r + 1) as f64).powf(s.max(0.0));
                total
            })
            .collect();
        for c in &mut cdf {
            *c /= total;
        }
        Self { cdf }
    }

    /// One rank, by inverting the cumulative distribution with a binary search.
    pub fn sample(&self, rng: &mut SplitMix64) -> u32 {
        let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        self.cdf
            .partition_point(|&c| c <= u)
            .min(self.cdf.len() - 1) as u32
    }

    /// The probability of rank `r`.
    pub fn probability(&self, r: usize) -> f64 {
        let below = if r == 0 { 0.0 } else { self.cdf[r - 1] };
        self.cdf.get(r).map_or(0.0, |c| c - below)
    }
}

/// `count` keys drawn from a Zipf distribution over `keys` keys with skew `s`.
pub fn zipf_keys(count: usize, keys: usize, s: f64, seed: u64) -> Vec<u32> {
    let zipf = Zipf::new(keys, s);
    let mut rng = SplitMix64::new(seed);
    (0..count).map(|_| zipf.sample(&mut rng)).collect()
}

/// Capacities 1, 2, 5, 10, … up to `n`, and `n` itself.
pub fn capacities_up_to(n: u64) -> Vec<u64> {
    let mut out = Vec::new();
    let mut decade = 1u64;
    while decade <= n {
        for m in [1, 2, 5] {
            let c = m * decade;
            if c <= n {
                out.push(c);
            }
        }
        decade = decade.saturating_mul(10);
    }
    if out.last() != Some(&n) && n > 0 {
        out.push(n);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zipf_probabilities_follow_the_power_law() {
        let z = Zipf::new(100, 1.0);
        assert!((z.probability(0) / z.probability(1) - 2.0).abs() < 1e-9);
        let total: f64 = (0..100).map(|r| z.probability(r)).sum();
        assert!((total - 1.0).abs() < 1e-9);
        // Sampled frequencies match within a few standard errors.
        let n = 200_000;
        let mut counts = vec![0u32; 100];
        for k in zipf_keys(n, 100, 1.0, 7) {
            counts[k as usize] += 1;
        }
        for r in [0, 1, 9, 99] {
            let p = z.probability(r);
            let expected = p * n as f64;
            let sd = (n as f64 * p * (1.0 - p)).sqrt();
            assert!(
                (f64::from(counts[r]) - expected).abs() < 5.0 * sd,
                "rank {r}: {} vs {expected:.0}",
                counts[r]
            );
        }
        let uniform = Zipf::new(4, 0.0);
        assert!((0..4).all(|r| (uniform.probability(r) - 0.25).abs() < 1e-12));
    }
    #[test]
    fn capacities_follow_1_2_5() {
        assert_eq!(capacities_up_to(1), vec![1]);
        assert_eq!(capacities_up_to(30), vec![1, 2, 5, 10, 20, 30]);
        assert_eq!(capacities_up_to(100), vec![1, 2, 5, 10, 20, 50, 100]);
    }
}
