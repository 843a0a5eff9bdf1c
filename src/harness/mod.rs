//! The measurement harness: turns "call this closure" into numbers we would defend.
//!
//! The steps, in order (see design.md, "Measurement"):
//! 1. the caller builds inputs before calling [`measure`], so setup is never timed;
//! 2. [`measure`] calibrates a batch size so one sample lasts at least
//!    [`Config::min_sample_ns`] (500x the clock's resolution by default);
//! 3. it warms up, repeating batches until the time per call stops falling (V8 first runs
//!    wasm in its baseline tier and has no on-stack replacement, so early calls are slow);
//! 4. it takes samples until it has enough or its time budget runs out, and says so
//!    when the budget cut it short.
//!
//! The clock is a trait, so the same code runs on `performance.now()` in the worker,
//! on `std::time::Instant` natively, and on a scripted fake clock in tests.

use crate::stats::{summarize, Summary};
use serde::{Deserialize, Serialize};
use std::hint::black_box;

/// A monotonic clock reading in nanoseconds (any origin).
pub trait Clock {
    /// Current time, ns.
    fn now_ns(&self) -> f64;
}

/// `std::time::Instant` as a [`Clock`], for native runs.
#[cfg(not(target_arch = "wasm32"))]
pub struct StdClock(std::time::Instant);

#[cfg(not(target_arch = "wasm32"))]
impl StdClock {
    /// A clock whose origin is now.
    pub fn new() -> Self {
        Self(std::time::Instant::now())
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Default for StdClock {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Clock for StdClock {
    fn now_ns(&self) -> f64 {
        self.0.elapsed().as_nanos() as f64
    }
}

/// How many clock steps [`detect_resolution`] observes before answering.
pub const RESOLUTION_STEPS: usize = 50;
/// Upper bound on the time [`detect_resolution`] spends, ns.
pub const RESOLUTION_BUDGET_NS: f64 = 20_000_000.0;

/// The clock's resolution: the smallest non-zero difference between consecutive readings,
/// over [`RESOLUTION_STEPS`] steps or [`RESOLUTION_BUDGET_NS`], whichever comes first.
/// Returns at least 1 ns (a clock that never ticked within the budget reports the budget).
pub fn detect_resolution(clock: &dyn Clock) -> f64 {
    let start = clock.now_ns();
    let mut last = start;
    let mut smallest = f64::INFINITY;
    let mut steps = 0;
    while steps < RESOLUTION_STEPS {
        let now = clock.now_ns();
        if now > last {
            smallest = smallest.min(now - last);
            steps += 1;
            last = now;
        }
        if now - start > RESOLUTION_BUDGET_NS {
            break;
        }
    }
    if smallest.is_finite() {
        smallest.max(1.0)
    } else {
        RESOLUTION_BUDGET_NS
    }
}

/// Default ratio of one sample's duration to the clock's resolution.
pub const SAMPLE_TO_RESOLUTION: f64 = 500.0;
/// A floor on one sample's duration even with a very fine clock, ns.
pub const MIN_SAMPLE_FLOOR_NS: f64 = 1_000_000.0;
/// Default time budget for one measured point, ns.
pub const DEFAULT_BUDGET_NS: f64 = 250_000_000.0;
/// Samples we aim for (odd, so the median is one real sample).
pub const TARGET_SAMPLES: usize = 11;
/// Samples taken in [`BatchMode::Single`]: each is one call, so many are cheap, and the
/// spread of single readings is the point of that mode.
pub const SINGLE_SAMPLES: usize = 101;
/// Samples we want before the budget may end sampling.
pub const MIN_SAMPLES: usize = 5;
/// Warm-up ends when this many consecutive rounds fail to improve per-call time.
pub const WARMUP_STABLE_ROUNDS: usize = 2;
/// A round counts as "still falling" if it beats the best so far by more than this.
pub const WARMUP_TOLERANCE: f64 = 0.02;
/// Hard cap on warm-up rounds.
pub const WARMUP_MAX_ROUNDS: usize = 12;
/// Cap on the batch size, so a kernel the optimizer emptied cannot loop forever.
pub const MAX_BATCH: u64 = 1 << 30;

/// How one variant is batched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BatchMode {
    /// Calibrate a batch so each sample lasts at least `min_sample_ns`.
    Calibrated,
    /// Time every call on its own (batch of 1), however short: the naive way, shown on
    /// purpose by the timer-resolution lesson.
    Single,
}

/// Tuning of one measurement.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The clock's resolution, ns (from [`detect_resolution`]).
    pub resolution_ns: f64,
    /// Shortest acceptable sample, ns.
    pub min_sample_ns: f64,
    /// Time budget for warm-up plus sampling, ns.
    pub budget_ns: f64,
    /// Samples to aim for.
    pub target_samples: usize,
    /// Samples to insist on while the budget allows.
    pub min_samples: usize,
}

impl Config {
    /// The default configuration for a clock of the given resolution.
    pub fn for_resolution(resolution_ns: f64) -> Self {
        let min_sample_ns = (resolution_ns * SAMPLE_TO_RESOLUTION).max(MIN_SAMPLE_FLOOR_NS);
        Self {
            resolution_ns,
            min_sample_ns,
            // A coarse clock needs long samples; keep room for the minimum count of them.
            budget_ns: DEFAULT_BUDGET_NS.max(min_sample_ns * (MIN_SAMPLES as f64 + 2.0)),
            target_samples: TARGET_SAMPLES,
            min_samples: MIN_SAMPLES,
        }
    }
}

/// What one measurement found.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Measurement {
    /// Summary of the samples, ns per call.
    pub summary: Summary,
    /// Calls per sample.
    pub batch: u64,
    /// Warm-up rounds run after calibration.
    pub warmup_rounds: usize,
    /// True when the budget ended sampling before `min_samples` were taken.
    pub budget_hit: bool,
    /// Duration of the first call, ns (includes the cold, baseline-tier run).
    pub first_call_ns: f64,
    /// The kernel's result from its first call (all calls must agree; see `checksum_stable`).
    pub checksum: u64,
    /// False if any later call returned a different result than the first.
    pub checksum_stable: bool,
}

/// Measures `f` (one call = one unit of work) under `cfg` on `clock`.
///
/// `f` returns a checksum of its result; the harness passes it through
/// [`std::hint::black_box`] so the optimizer cannot delete the work, and records whether
/// every call agreed with the first.
pub fn measure<F>(clock: &dyn Clock, cfg: &Config, mode: BatchMode, mut f: F) -> Measurement
where
    F: FnMut() -> u64,
{
    let started = clock.now_ns();
    let elapsed = |clock: &dyn Clock| clock.now_ns() - started;

    // First call on its own: its result is the reference checksum.
    let t0 = clock.now_ns();
    let checksum = black_box(f());
    let first_call_ns = clock.now_ns() - t0;
    let mut checksum_stable = true;

    let mut time_batch = |batch: u64, f: &mut F| -> f64 {
        let t = clock.now_ns();
        for _ in 0..batch {
            let out = black_box(f());
            if out != checksum {
                checksum_stable = false;
            }
        }
        clock.now_ns() - t
    };

    // Calibrate (this also warms the code up).
    let mut batch: u64 = 1;
    let mut last_ns = first_call_ns;
    if mode == BatchMode::Calibrated {
        while last_ns < cfg.min_sample_ns
            && batch < MAX_BATCH
            && elapsed(clock) < cfg.budget_ns / 2.0
        {
            let grow = if last_ns > 0.0 {
                // Aim 20% past the target, but never grow more than 16x per step so a
                // noisy short reading cannot overshoot wildly.
                ((cfg.min_sample_ns * 1.2 / last_ns) * batch as f64).ceil() as u64
            } else {
                batch * 16
            };
            batch = grow
                .clamp(batch + 1, batch.saturating_mul(16))
                .min(MAX_BATCH);
            last_ns = time_batch(batch, &mut f);
        }
    }

    // Warm up until per-call time stops falling.
    let mut best = if last_ns > 0.0 {
        last_ns / batch as f64
    } else {
        f64::INFINITY
    };
    let mut stable = 0;
    let mut warmup_rounds = 0;
    while warmup_rounds < WARMUP_MAX_ROUNDS
        && stable < WARMUP_STABLE_ROUNDS
        && elapsed(clock) < cfg.budget_ns * 0.4
    {
        let per_call = time_batch(batch, &mut f) / batch as f64;
        warmup_rounds += 1;
        if per_call < best * (1.0 - WARMUP_TOLERANCE) {
            stable = 0;
        } else {
            stable += 1;
        }
        best = best.min(per_call);
    }

    // Sample within the budget.
    let target_samples = if mode == BatchMode::Single {
        SINGLE_SAMPLES
    } else {
        cfg.target_samples
    };
    let mut samples = Vec::with_capacity(target_samples);
    let mut budget_hit = false;
    while samples.len() < target_samples {
        if elapsed(clock) >= cfg.budget_ns && !samples.is_empty() {
            budget_hit = samples.len() < cfg.min_samples;
            break;
        }
        samples.push(time_batch(batch, &mut f) / batch as f64);
    }

    // Samples are finite by construction (differences of finite clock readings).
    let summary = summarize(&samples).unwrap_or(Summary {
        samples: 0,
        min_ns: 0.0,
        median_ns: 0.0,
        max_ns: 0.0,
        mad_ns: 0.0,
    });
    Measurement {
        summary,
        batch,
        warmup_rounds,
        budget_hit,
        first_call_ns,
        checksum,
        checksum_stable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A fake clock: time advances only when the kernel under test says so, and readings
    /// are quantized to `resolution_ns`, like a coarsened browser clock.
    struct FakeClock {
        true_ns: Cell<f64>,
        resolution_ns: f64,
    }

    impl FakeClock {
        fn new(resolution_ns: f64) -> Self {
            Self {
                true_ns: Cell::new(0.0),
                resolution_ns,
            }
        }
        fn advance(&self, ns: f64) {
            self.true_ns.set(self.true_ns.get() + ns);
        }
    }

    impl Clock for FakeClock {
        fn now_ns(&self) -> f64 {
            // Reading the clock itself costs a little, so loops always make progress.
            self.advance(1.0);
            (self.true_ns.get() / self.resolution_ns).floor() * self.resolution_ns
        }
    }

    #[test]
    fn detects_quantized_resolution() {
        for res in [5_000.0, 100_000.0] {
            let clock = FakeClock::new(res);
            assert_eq!(detect_resolution(&clock), res, "resolution {res}");
        }
    }

    #[test]
    fn calibrates_samples_above_500x_resolution() {
        let clock = FakeClock::new(5_000.0);
        let cfg = Config::for_resolution(5_000.0);
        assert_eq!(cfg.min_sample_ns, 2_500_000.0, "500 x 5 us");
        let m = measure(&clock, &cfg, BatchMode::Calibrated, || {
            clock.advance(100.0);
            42
        });
        assert!(
            m.batch as f64 * 100.0 >= cfg.min_sample_ns,
            "batch {} too small",
            m.batch
        );
        let err = (m.summary.median_ns - 100.0).abs() / 100.0;
        assert!(
            err < 0.01,
            "median {} should be ~100 ns per call",
            m.summary.median_ns
        );
        assert_eq!(m.checksum, 42);
        assert!(m.checksum_stable);
        assert!(!m.budget_hit);
        assert!(m.summary.samples >= MIN_SAMPLES);
    }

    #[test]
    fn single_mode_is_quantized_by_the_clock() {
        // Regression pin for the lesson's point: timing a 100 ns call on its own with a
        // 5 us clock reads 0 most of the time, never the truth.
        let clock = FakeClock::new(5_000.0);
        let cfg = Config::for_resolution(5_000.0);
        let m = measure(&clock, &cfg, BatchMode::Single, || {
            clock.advance(100.0);
            1
        });
        assert_eq!(m.batch, 1);
        assert!(m.summary.median_ns == 0.0 || m.summary.median_ns == 5_000.0);
    }

    #[test]
    fn warmup_waits_for_the_fast_tier() {
        // The first 40 calls run 10x slower (a baseline tier); the reported median must
        // reflect the fast tier only.
        let clock = FakeClock::new(5_000.0);
        let cfg = Config::for_resolution(5_000.0);
        let calls = Cell::new(0u64);
        let m = measure(&clock, &cfg, BatchMode::Calibrated, || {
            let c = calls.get();
            calls.set(c + 1);
            clock.advance(if c < 40 { 10_000.0 } else { 1_000.0 });
            7
        });
        let err = (m.summary.median_ns - 1_000.0).abs() / 1_000.0;
        assert!(
            err < 0.02,
            "median {} should be the fast tier's 1000 ns",
            m.summary.median_ns
        );
        assert!(
            m.first_call_ns >= 10_000.0,
            "first call was cold: {}",
            m.first_call_ns
        );
    }

    #[test]
    fn slow_calls_hit_the_budget_and_say_so() {
        let clock = FakeClock::new(5_000.0);
        let cfg = Config::for_resolution(5_000.0);
        let m = measure(&clock, &cfg, BatchMode::Calibrated, || {
            clock.advance(200_000_000.0); // 200 ms per call, budget 250 ms
            3
        });
        assert_eq!(m.batch, 1);
        assert!(m.summary.samples >= 1);
        assert!(
            m.budget_hit,
            "fewer than {MIN_SAMPLES} samples must be flagged"
        );
    }

    #[test]
    fn unstable_results_are_flagged() {
        let clock = FakeClock::new(5_000.0);
        let cfg = Config::for_resolution(5_000.0);
        let calls = Cell::new(0u64);
        let m = measure(&clock, &cfg, BatchMode::Calibrated, || {
            calls.set(calls.get() + 1);
            clock.advance(1_000.0);
            calls.get() % 3
        });
        assert!(
            !m.checksum_stable,
            "a kernel whose result changes between calls is flagged"
        );
    }

    #[test]
    fn coarse_clock_gets_longer_samples_and_budget() {
        let cfg = Config::for_resolution(100_000.0);
        assert_eq!(cfg.min_sample_ns, 50_000_000.0);
        assert!(cfg.budget_ns >= cfg.min_sample_ns * MIN_SAMPLES as f64);
    }

    #[test]
    fn std_clock_is_monotonic_and_fine() {
        let clock = StdClock::new();
        let a = clock.now_ns();
        let b = clock.now_ns();
        assert!(b >= a);
        assert!(
            detect_resolution(&clock) < 1_000_000.0,
            "native clock resolves below 1 ms"
        );
    }
}
