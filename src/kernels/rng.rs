//! A tiny deterministic random generator (SplitMix64) for building benchmark inputs.
//!
//! Inputs must be the same in every variant, every run and every build (native and
//! wasm), so results can be compared and checksums agree; no OS randomness is used.

/// SplitMix64: fast, tiny, and good enough to build test data (not for cryptography).
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        super::mix64(self.0)
    }

    /// A value in `0..bound` (bound > 0), by multiply-shift (Lemire), bias negligible here.
    pub fn below(&mut self, bound: u64) -> u64 {
        mul_high(self.next_u64(), bound)
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i as u64 + 1) as usize;
            items.swap(i, j);
        }
    }
}

/// The high 64 bits of the 128-bit product `a × b`: `((a as u128 * b as u128) >> 64) as u64`.
///
/// WebAssembly has no 64 × 64 → 128-bit multiply, so a `u128` product compiles to a call to
/// `__multi3`; inside a kernel's loop that call made the timing depend on V8's inlining (in
/// Chromium 156 `stream-vs-collect`'s streaming loop ran at 5.4 ns per reading while V8
/// inlined the call, and at 6.9 ns from the fourth Run on, once V8 had recompiled it
/// without). Bounds below 2^32, the ones kernels draw with, take two 64-bit products and
/// no call. (The textbook four-product form does not help: LLVM recognises it and emits
/// the `u128` multiply again.)
#[inline]
pub fn mul_high(a: u64, b: u64) -> u64 {
    if b >> 32 == 0 {
        // a × b = a_hi·b·2^32 + a_lo·b, and a_hi·b + (a_lo·b >> 32) < 2^64.
        let lo = (a & 0xffff_ffff) * b;
        let hi = (a >> 32) * b;
        (hi + (lo >> 32)) >> 32
    } else {
        ((a as u128 * b as u128) >> 64) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_in_range() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        for _ in 0..1000 {
            let x = a.below(10);
            assert_eq!(x, b.below(10));
            assert!(x < 10);
        }
    }

    #[test]
    fn mul_high_is_the_high_half_of_the_128_bit_product() {
        let mut g = SplitMix64::new(3);
        let edges = [0, 1, 2, u32::MAX as u64, 1 << 32, u64::MAX - 1, u64::MAX];
        for &a in &edges {
            for &b in &edges {
                assert_eq!(mul_high(a, b), ((a as u128 * b as u128) >> 64) as u64);
            }
        }
        for _ in 0..100_000 {
            let (a, b) = (g.next_u64(), g.next_u64());
            assert_eq!(
                mul_high(a, b),
                ((a as u128 * b as u128) >> 64) as u64,
                "{a} {b}"
            );
        }
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut v: Vec<u32> = (0..100).collect();
        SplitMix64::new(1).shuffle(&mut v);
        assert_ne!(v, (0..100).collect::<Vec<_>>(), "shuffled");
        v.sort_unstable();
        assert_eq!(v, (0..100).collect::<Vec<_>>());
    }
}
