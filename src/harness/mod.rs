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

pub mod machine;

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
/// Time after which [`detect_resolution`] answers with the steps it has seen, ns, once
/// it has seen [`RESOLUTION_MIN_STEPS`].
pub const RESOLUTION_BUDGET_NS: f64 = 20_000_000.0;
/// Fewest clock steps [`detect_resolution`] answers from (before [`RESOLUTION_CAP_NS`]).
/// One step can be stretched by the thread losing its core: in WebKit, a worker starting
/// while its page loaded once saw its first step take 23.4 ms of a 20 µs clock, and with
/// that step alone every sample of every point had to last 11.7 s. The smallest of a few
/// steps is the clock's.
pub const RESOLUTION_MIN_STEPS: usize = 4;
/// Hard cap on the time [`detect_resolution`] spends, ns: a clock coarser than this over
/// [`RESOLUTION_MIN_STEPS`] steps answers with what it has seen.
pub const RESOLUTION_CAP_NS: f64 = 500_000_000.0;

/// The clock's resolution: the smallest non-zero difference between consecutive readings,
/// over [`RESOLUTION_STEPS`] steps, or fewer (at least [`RESOLUTION_MIN_STEPS`]) once
/// [`RESOLUTION_BUDGET_NS`] has passed, or whatever it has at [`RESOLUTION_CAP_NS`].
/// Returns at least 1 ns.
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
        let elapsed = now - start;
        if (elapsed > RESOLUTION_BUDGET_NS && steps >= RESOLUTION_MIN_STEPS)
            || elapsed > RESOLUTION_CAP_NS
        {
            break;
        }
    }
    if smallest.is_finite() {
        smallest.max(1.0)
    } else {
        RESOLUTION_CAP_NS
    }
}

/// Default ratio of one sample's duration to the clock's resolution.
pub const SAMPLE_TO_RESOLUTION: f64 = 500.0;
/// A floor on one sample's duration even with a very fine clock, ns.
pub const MIN_SAMPLE_FLOOR_NS: f64 = 1_000_000.0;
/// Default time budget for one measured point, ns.
pub const DEFAULT_BUDGET_NS: f64 = 250_000_000.0;
/// Samples we aim for (odd, so the median is one real sample) with a fine clock.
pub const TARGET_SAMPLES: usize = 11;
/// Sampling time a point aims for, ns: [`TARGET_SAMPLES`] samples of the shortest length a
/// 5 µs clock allows (Chromium's, isolated), with the 20% margin samples are sized with.
/// A coarser clock needs longer samples, so it gets fewer of them (never under
/// [`MIN_SAMPLES`]): with Firefox's and Safari's 20 µs each sample lasts 10 ms and a
/// point takes 5, and a default sweep takes about as long as in Chromium instead of 2.5x.
pub const SAMPLING_NS: f64 = TARGET_SAMPLES as f64 * 1.2 * 2_500_000.0;
/// Samples taken in [`BatchMode::Single`]: each is one call, so many are cheap, and the
/// spread of single readings is the point of that mode.
pub const SINGLE_SAMPLES: usize = 101;
/// Samples we want before the budget may end sampling.
pub const MIN_SAMPLES: usize = 5;
/// Warm-up ends when this many consecutive rounds fail to improve per-call time.
pub const WARMUP_STABLE_ROUNDS: usize = 2;
/// A round counts as "still falling" if it beats the best so far by more than this.
pub const WARMUP_TOLERANCE: f64 = 0.02;
/// Hard cap on warm-up rounds once the minimum warm-up time has passed.
pub const WARMUP_MAX_ROUNDS: usize = 12;
/// Shortest warm-up for a kernel this worker has not run before, ns. V8 compiles a wasm
/// function with its baseline compiler (Liftoff) on its first call, and recompiles it with
/// its optimizing compiler (TurboFan) on a background thread once it has run enough; the
/// new code is used from the next call on, never by a call already running (no on-stack
/// replacement). A few stable rounds of a few milliseconds can all fall before the
/// optimized code arrives, so a kernel's first measurement keeps calling it this long.
/// (The bench worker primes a cold widget's kernels and idles before measuring them, so
/// the optimized code is usually there already; this is the harness's own margin.)
pub const COLD_WARMUP_NS: f64 = 10_000_000.0;

/// How long a run keeps its core busy before its first reading (the floor), ns. A core that
/// has idled can run slowly for its first tens of milliseconds of work: on this project's
/// 2-core CI machine, after 0.5 s of idle, 3 (in a noisier hour 7) of 12 starts of a plain
/// native loop ran 1.3-1.8x slow for 10-70 ms; after idles of 100 ms or less none did, or
/// in that noisier hour fewer (docs/first-runs.md, ninth session). A reader presses Run after
/// reading, so every run starts from idle; its first point would meet a core not yet up to
/// speed, and the floor measured first would be read slow. It cannot help with slow spells
/// in the middle of a run, which that machine also has.
pub const SPIN_UP_NS: f64 = 100_000_000.0;

/// Keeps this thread busy for `ns` of `clock`'s time (see [`SPIN_UP_NS`]).
/// Its work is the machine check's ([`machine::chunk`]).
pub fn spin_up(clock: &dyn Clock, ns: f64) {
    let start = clock.now_ns();
    let mut x = 0u64;
    while clock.now_ns() - start < ns {
        x = machine::chunk(x);
    }
    black_box(x);
}
/// Largest first-half to second-half change of the samples' medians accepted as noise;
/// a series drifting more than this (and more than its own spread) is sampled again.
pub const DRIFT_TOLERANCE: f64 = 0.03;
/// How many times a drifting series is thrown away and sampled again, at most.
pub const MAX_RESAMPLES: usize = 2;
/// Cap on the batch size, so a kernel the optimizer emptied cannot loop forever.
pub const MAX_BATCH: u64 = 1 << 30;
/// A point whose median per call is below this many times the harness floor (an empty
/// kernel through the same timing loop) measures the loop as much as the kernel.
pub const FLOOR_FACTOR: f64 = 3.0;

/// How one variant is batched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BatchMode {
    /// Calibrate a batch so each sample lasts at least `min_sample_ns`.
    Calibrated,
    /// Time every call on its own (batch of 1), however short: the naive way, shown on
    /// purpose by the timer-resolution lesson.
    Single,
}

/// One unit of work the harness can time: a call that returns a checksum of its result.
///
/// Every `FnMut() -> u64` is a kernel. [`Kernel::batch`] runs many calls in a loop
/// compiled for that very closure (monomorphized, the closure inlined), so the timing
/// loop costs a compare and a `black_box` per call rather than an indirect call; and it is
/// its own function (`inline(never)`), so each batch enters it afresh and picks up the
/// engine's optimized code as soon as it exists.
pub trait Kernel {
    /// One call; its checksum.
    fn call(&mut self) -> u64;
    /// `count` calls in a row; how many returned something other than `expected`.
    fn batch(&mut self, count: u64, expected: u64) -> u64;
}

impl<F: FnMut() -> u64> Kernel for F {
    #[inline]
    fn call(&mut self) -> u64 {
        black_box(self())
    }
    #[inline(never)]
    fn batch(&mut self, count: u64, expected: u64) -> u64 {
        let mut wrong = 0u64;
        for _ in 0..count {
            wrong += u64::from(black_box(self()) != expected);
        }
        wrong
    }
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
    /// Shortest warm-up, ns ([`COLD_WARMUP_NS`] for a kernel not run before, else 0).
    pub warmup_min_ns: f64,
    /// The harness floor: ns per call of an empty kernel through the same loop (0 when
    /// not measured yet). Points within [`FLOOR_FACTOR`] of it are flagged.
    pub floor_ns: f64,
}

/// Samples to aim for when each lasts at least `min_sample_ns`: as many as fit in
/// [`SAMPLING_NS`], odd, between [`MIN_SAMPLES`] and [`TARGET_SAMPLES`].
pub fn samples_for(min_sample_ns: f64) -> usize {
    let fit = (SAMPLING_NS / (1.2 * min_sample_ns)).floor() as usize;
    let odd = if fit.is_multiple_of(2) {
        fit.saturating_sub(1)
    } else {
        fit
    };
    odd.clamp(MIN_SAMPLES, TARGET_SAMPLES)
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
            target_samples: samples_for(min_sample_ns),
            min_samples: MIN_SAMPLES,
            warmup_min_ns: 0.0,
            floor_ns: 0.0,
        }
    }

    /// The same configuration with the long warm-up of a kernel not run before.
    pub fn cold(&self) -> Self {
        Self {
            warmup_min_ns: COLD_WARMUP_NS,
            ..self.clone()
        }
    }
}

/// How far the samples of one measurement can be trusted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Quality {
    /// Every reported sample spans at least the target number of clock ticks, and the
    /// series shows no trend.
    Sound,
    /// The samples kept getting faster (or slower) after warm-up and re-sampling: the
    /// median is reported, but the code was still changing under the measurement.
    Drifting,
    /// Samples shorter than the target number of ticks were reported: the clock's
    /// rounding is a large part of each reading. Only single-call timing (on purpose)
    /// or a budget too short to calibrate ends here.
    BelowClock,
}

impl Quality {
    /// The attribute value used in the DOM (`data-quality`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Sound => "sound",
            Self::Drifting => "drifting",
            Self::BelowClock => "below-clock",
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
    /// The fewest clock ticks any reported sample spanned (a sample's whole duration over
    /// the clock's resolution).
    pub min_ticks: f64,
    /// Times a sample came out shorter than planned (the code got faster) and the batch
    /// was sized again; such samples are discarded.
    pub recalibrations: u32,
    /// Times a drifting series was thrown away and sampled again.
    pub resamples: u32,
    /// How far the samples can be trusted.
    pub quality: Quality,
    /// True when the median per call is within [`FLOOR_FACTOR`] of the harness floor.
    pub at_floor: bool,
    /// For a point measured more than once (see `runtime::Runner::second_pass`): the
    /// median per call of the next-fastest pass, ns. The fastest pass is the one reported.
    #[serde(default)]
    pub other_pass_ns: Option<f64>,
    /// Passes measured: 1, 2, or 3 for a point whose first two disagreed
    /// (`runtime::Runner::third_pass`).
    #[serde(default)]
    pub passes: u8,
}

/// The smallest relative difference a readout states as a difference: below it, two
/// medians are within the run-to-run noise of a browser on a busy machine.
pub const NOISE_FLOOR: f64 = 0.02;

/// The relative difference that is still noise for one point whose samples have relative
/// spread `spread` (MAD over median): three times it, never below [`NOISE_FLOOR`].
pub fn noise(spread: f64) -> f64 {
    (3.0 * spread).max(NOISE_FLOOR)
}

impl Measurement {
    /// A measurement of samples timed outside [`measure`] (a whole schedule, batches of
    /// round trips): `summary` is per operation, each sample was `batch` operations, and
    /// the shortest whole sample spanned `shortest_sample_ns` on a clock of
    /// `resolution_ns`. Quality is sound when that sample spanned the target ticks.
    pub fn timed_outside(
        summary: Summary,
        batch: u64,
        checksum: u64,
        shortest_sample_ns: f64,
        resolution_ns: f64,
    ) -> Self {
        let min_ticks = ticks(shortest_sample_ns, resolution_ns);
        Self {
            first_call_ns: summary.median_ns,
            summary,
            batch,
            warmup_rounds: 0,
            budget_hit: false,
            checksum,
            checksum_stable: true,
            quality: if min_ticks >= SAMPLE_TO_RESOLUTION {
                Quality::Sound
            } else {
                Quality::BelowClock
            },
            min_ticks,
            recalibrations: 0,
            resamples: 0,
            other_pass_ns: None,
            passes: 1,
            at_floor: false,
        }
    }

    /// True when the pass reported and the next-fastest disagree by more than the noise
    /// (`noise` of this pass's spread): one of them met a disturbed machine.
    pub fn passes_disagree(&self) -> bool {
        let s = &self.summary;
        self.other_pass_ns
            .is_some_and(|o| o > s.median_ns * (1.0 + noise(s.relative_spread())))
    }

    /// True when the reader should be told something about this figure (ringed on the
    /// chart, a note in the table): below the clock, drifting, or at the harness floor.
    pub fn is_marked(&self) -> bool {
        self.quality != Quality::Sound || self.at_floor
    }

    /// False when the figure should not be compared or quoted: below the clock, or at the
    /// harness floor. (A drifting point is marked for the reader but still compared: its
    /// median is a real duration of real code, the code was just still changing.)
    pub fn is_reliable(&self) -> bool {
        self.quality != Quality::BelowClock && !self.at_floor
    }
}

/// The batch that makes one sample last `target_ns` (20% over, so noise does not drop it
/// below), given that `batch` calls took `took_ns`. At most `max_growth` times larger
/// than `batch`, never smaller than `batch + 1` when it must grow, never over [`MAX_BATCH`].
fn grown_batch(batch: u64, took_ns: f64, target_ns: f64, max_growth: u64) -> u64 {
    let wanted = if took_ns > 0.0 {
        ((target_ns * 1.2 / took_ns) * batch as f64).ceil() as u64
    } else {
        batch.saturating_mul(max_growth)
    };
    wanted
        .clamp(batch + 1, batch.saturating_mul(max_growth))
        .min(MAX_BATCH)
}

/// Measures `kernel` (one call = one unit of work) under `cfg` on `clock`.
///
/// The steps: one call on its own (its result is the reference checksum); calibrate a
/// batch to at least `cfg.min_sample_ns`; warm up for at least `cfg.warmup_min_ns` and
/// until per-call time stops falling; size the batch again from the warmed-up speed; then
/// sample. A sample shorter than `min_sample_ns` (the code got faster since the batch was
/// sized) is discarded and the batch sized again; a series whose later half is faster or
/// slower than its earlier half beyond noise is thrown away and taken again. Every result
/// passes through [`std::hint::black_box`] so the optimizer cannot delete the work.
pub fn measure(
    clock: &dyn Clock,
    cfg: &Config,
    mode: BatchMode,
    kernel: &mut dyn Kernel,
) -> Measurement {
    let started = clock.now_ns();
    let elapsed = |clock: &dyn Clock| clock.now_ns() - started;

    // First call on its own: its result is the reference checksum.
    let t0 = clock.now_ns();
    let checksum = kernel.call();
    let first_call_ns = clock.now_ns() - t0;
    let mut wrong = 0u64;

    let mut time_batch = |batch: u64, kernel: &mut dyn Kernel| -> f64 {
        let t = clock.now_ns();
        wrong += kernel.batch(batch, checksum);
        clock.now_ns() - t
    };

    if mode == BatchMode::Single {
        return measure_single(clock, cfg, kernel, checksum, first_call_ns, started);
    }

    // Calibrate (this also warms the code up).
    let mut batch: u64 = 1;
    let mut last_ns = first_call_ns;
    while last_ns < cfg.min_sample_ns && batch < MAX_BATCH && elapsed(clock) < cfg.budget_ns / 2.0 {
        // Never grow more than 16x per step, so a noisy short reading cannot overshoot.
        batch = grown_batch(batch, last_ns, cfg.min_sample_ns, 16);
        last_ns = time_batch(batch, kernel);
    }

    // Warm up: at least warmup_min_ns, then until per-call time stops falling.
    let warm_start = clock.now_ns();
    let mut best = if last_ns > 0.0 {
        last_ns / batch as f64
    } else {
        f64::INFINITY
    };
    let mut stable = 0;
    let mut warmup_rounds = 0;
    loop {
        let warm_enough = clock.now_ns() - warm_start >= cfg.warmup_min_ns;
        let settled =
            stable >= WARMUP_STABLE_ROUNDS || (warm_enough && warmup_rounds >= WARMUP_MAX_ROUNDS);
        if (warm_enough && settled) || elapsed(clock) >= cfg.budget_ns * 0.4 {
            break;
        }
        let took = time_batch(batch, kernel);
        let per_call = took / batch as f64;
        warmup_rounds += 1;
        if per_call < best * (1.0 - WARMUP_TOLERANCE) {
            stable = 0;
        } else {
            stable += 1;
        }
        best = best.min(per_call);
        if took < cfg.min_sample_ns && batch < MAX_BATCH {
            // The code got faster while warming up (or the calibration ran out of budget).
            batch = grown_batch(batch, took, cfg.min_sample_ns, 1 << 12);
            stable = 0;
        }
    }

    // Size the batch from the warmed-up speed: each sample must last min_sample_ns.
    if best.is_finite() && best > 0.0 {
        let wanted = ((cfg.min_sample_ns * 1.2) / best).ceil() as u64;
        batch = batch.max(wanted).min(MAX_BATCH);
    }

    // Sample within the budget.
    let target = cfg.target_samples.max(1);
    let mut samples: Vec<f64> = Vec::with_capacity(target);
    let mut shortest_ns = f64::INFINITY;
    let mut recalibrations = 0u32;
    let mut resamples = 0usize;
    let mut short_kept = false;
    let mut budget_hit = false;
    let mut drifting = false;
    loop {
        if samples.len() >= target {
            // A series still getting faster (or slower) is not a steady state yet.
            // Noise is judged within each half, so the trend itself does not count as noise.
            let half = samples.len() / 2;
            let spread =
                |xs: &[f64]| crate::stats::summarize(xs).map_or(0.0, |s| s.relative_spread());
            let noise = spread(&samples[..half]).max(spread(&samples[samples.len() - half..]));
            let tolerance = DRIFT_TOLERANCE.max(3.0 * noise);
            match crate::stats::drift(&samples) {
                Some(d) if d.abs() > tolerance => {
                    if resamples < MAX_RESAMPLES && elapsed(clock) < cfg.budget_ns * 0.75 {
                        resamples += 1;
                        samples.clear();
                        shortest_ns = f64::INFINITY;
                        continue;
                    }
                    drifting = true;
                }
                _ => {}
            }
            break;
        }
        if elapsed(clock) >= cfg.budget_ns && !samples.is_empty() {
            budget_hit = samples.len() < cfg.min_samples;
            break;
        }
        let took = time_batch(batch, kernel);
        if took < cfg.min_sample_ns && batch < MAX_BATCH {
            // Shorter than planned: the engine swapped in faster code since the batch was
            // sized. Discard it and size again, unless the budget is spent with nothing
            // kept, in which case the short reading is all there is (and is flagged).
            if !(samples.is_empty() && elapsed(clock) >= cfg.budget_ns) {
                batch = grown_batch(batch, took, cfg.min_sample_ns, 1 << 12);
                recalibrations += 1;
                // Samples taken before ran slower code: they are not the steady state.
                samples.clear();
                shortest_ns = f64::INFINITY;
                continue;
            }
        }
        if took < cfg.min_sample_ns {
            short_kept = true;
        }
        shortest_ns = shortest_ns.min(took);
        // A reading of 0 (under one tick) is never a duration: report at most one tick.
        samples.push(took.max(cfg.resolution_ns.min(cfg.min_sample_ns)) / batch as f64);
    }

    // Samples are finite by construction (differences of finite clock readings).
    let summary = summarize(&samples).unwrap_or(EMPTY_SUMMARY);
    let quality = if short_kept {
        Quality::BelowClock
    } else if drifting {
        Quality::Drifting
    } else {
        Quality::Sound
    };
    Measurement {
        at_floor: cfg.floor_ns > 0.0 && summary.median_ns < FLOOR_FACTOR * cfg.floor_ns,
        summary,
        batch,
        warmup_rounds,
        budget_hit,
        first_call_ns,
        checksum,
        checksum_stable: wrong == 0,
        min_ticks: ticks(shortest_ns, cfg.resolution_ns),
        recalibrations,
        resamples: resamples as u32,
        other_pass_ns: None,
        passes: 1,
        quality,
    }
}

/// A summary of nothing; never reported as a figure (the runtime requires samples).
const EMPTY_SUMMARY: Summary = Summary {
    samples: 0,
    min_ns: 0.0,
    median_ns: 0.0,
    max_ns: 0.0,
    mad_ns: 0.0,
};

/// Whole clock ticks in a duration, at least 0; a duration on a clock of unknown
/// resolution (0) counts in nanoseconds, the finest any clock here reads.
fn ticks(duration_ns: f64, resolution_ns: f64) -> f64 {
    if duration_ns.is_finite() {
        (duration_ns.max(0.0) / resolution_ns.max(1.0)).round()
    } else {
        0.0
    }
}

/// [`BatchMode::Single`]: every sample is one call, read straight off the clock. The
/// readings are what they are (0 or a tick, for a call shorter than the tick): that is
/// the timer lesson's point, and the measurement says so with [`Quality::BelowClock`].
fn measure_single(
    clock: &dyn Clock,
    cfg: &Config,
    kernel: &mut dyn Kernel,
    checksum: u64,
    first_call_ns: f64,
    started: f64,
) -> Measurement {
    let mut wrong = 0u64;
    let mut one = |kernel: &mut dyn Kernel| {
        let t = clock.now_ns();
        wrong += kernel.batch(1, checksum);
        clock.now_ns() - t
    };
    // Warm up for a few calls, and for the cold warm-up time of a kernel not run before.
    let warm_start = clock.now_ns();
    let mut warmup_rounds = 0;
    while warmup_rounds < SINGLE_SAMPLES
        && (warmup_rounds < WARMUP_MAX_ROUNDS
            || clock.now_ns() - warm_start < cfg.warmup_min_ns.min(cfg.budget_ns * 0.4))
    {
        one(kernel);
        warmup_rounds += 1;
    }
    let mut samples = Vec::with_capacity(SINGLE_SAMPLES);
    let mut budget_hit = false;
    while samples.len() < SINGLE_SAMPLES {
        if clock.now_ns() - started >= cfg.budget_ns && !samples.is_empty() {
            budget_hit = samples.len() < cfg.min_samples;
            break;
        }
        samples.push(one(kernel));
    }
    let summary = summarize(&samples).unwrap_or(EMPTY_SUMMARY);
    let min_ticks = ticks(summary.min_ns, cfg.resolution_ns);
    Measurement {
        at_floor: false,
        quality: if summary.min_ns < cfg.min_sample_ns {
            Quality::BelowClock
        } else {
            Quality::Sound
        },
        summary,
        batch: 1,
        warmup_rounds,
        budget_hit,
        first_call_ns,
        checksum,
        checksum_stable: wrong == 0,
        min_ticks,
        recalibrations: 0,
        resamples: 0,
        other_pass_ns: None,
        passes: 1,
    }
}

/// The harness floor: ns per call of an empty kernel (one `black_box`ed constant) through
/// the same batch loop as every kernel, warmed up like a kernel run for the first time.
pub fn measure_floor(clock: &dyn Clock, cfg: &Config, warm: bool) -> f64 {
    let base = if warm { cfg.clone() } else { cfg.cold() };
    let cfg = Config {
        floor_ns: 0.0,
        target_samples: MIN_SAMPLES,
        ..base
    };
    let mut empty = || black_box(0u64);
    measure(clock, &cfg, BatchMode::Calibrated, &mut empty)
        .summary
        .median_ns
}

/// One hand-off to rayon's pool: ns from handing it a job until a pool thread starts it,
/// read on `clock` by the handing thread, which spins meanwhile (so the figure is the
/// pool's wake-up, not the caller's). Run it after the pool has been idle a while and the
/// figure is what waking a sleeping pool thread costs: a parallel kernel pays it on each
/// hand-off, to a pool thread and back.
pub fn hand_off_ns(clock: &dyn Clock) -> f64 {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let started = Arc::new(AtomicBool::new(false));
    let flag = started.clone();
    let t0 = clock.now_ns();
    rayon::spawn(move || flag.store(true, Ordering::Release));
    while !started.load(Ordering::Acquire) {
        std::hint::spin_loop();
    }
    clock.now_ns() - t0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_hand_off_to_the_pool_is_timed() {
        let clock = StdClock::new();
        let ns = hand_off_ns(&clock);
        // Started, and within reason: rayon's pool wakes a thread in far less than a second.
        assert!((0.0..1e9).contains(&ns), "{ns}");
    }

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
    fn a_spin_up_keeps_the_thread_busy_for_its_time_and_no_longer() {
        let clock = FakeClock::new(1.0);
        // Each pass of the busy loop reads the clock once: let a read stand for 1 µs.
        struct Busy(FakeClock);
        impl Clock for Busy {
            fn now_ns(&self) -> f64 {
                self.0.advance(999.0);
                self.0.now_ns()
            }
        }
        let busy = Busy(clock);
        spin_up(&busy, 5_000_000.0);
        let spent = busy.0.true_ns.get();
        assert!((5_000_000.0..5_010_000.0).contains(&spent), "{spent}");
    }

    #[test]
    fn detects_quantized_resolution() {
        for res in [5_000.0, 100_000.0] {
            let clock = FakeClock::new(res);
            assert_eq!(detect_resolution(&clock), res, "resolution {res}");
        }
    }

    #[test]
    fn a_stalled_first_step_does_not_pass_for_the_resolution() {
        // The thread lost its core for 23.4 ms during the first step (seen in WebKit on a
        // loading page): the smallest of the later steps is the clock's 20 µs.
        struct Stalled {
            clock: FakeClock,
            reads: Cell<u32>,
        }
        impl Clock for Stalled {
            fn now_ns(&self) -> f64 {
                if self.reads.replace(self.reads.get() + 1) == 1 {
                    self.clock.advance(23_400_000.0);
                }
                self.clock.now_ns()
            }
        }
        let stalled = Stalled {
            clock: FakeClock::new(20_000.0),
            reads: Cell::new(0),
        };
        assert_eq!(detect_resolution(&stalled), 20_000.0);
    }

    #[test]
    fn calibrates_samples_above_500x_resolution() {
        let clock = FakeClock::new(5_000.0);
        let cfg = Config::for_resolution(5_000.0);
        assert_eq!(cfg.min_sample_ns, 2_500_000.0, "500 x 5 us");
        let m = measure(&clock, &cfg, BatchMode::Calibrated, &mut || {
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
        let m = measure(&clock, &cfg, BatchMode::Single, &mut || {
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
        let m = measure(&clock, &cfg, BatchMode::Calibrated, &mut || {
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

    /// Ticks of a reported sample: batch x median over the resolution, for checks.
    fn sample_ticks(m: &Measurement, res: f64) -> f64 {
        m.summary.min_ns * m.batch as f64 / res
    }

    #[test]
    fn a_tier_up_after_calibration_recalibrates_the_batch() {
        // Regression pin (issue 14): memo-fib reported a median of 0 ns on a fresh page.
        // The batch was sized while the engine ran its baseline code; when the optimized
        // code arrived each batch took a fraction of a tick, and nothing sized it again.
        // Here a kernel gets 100x faster after 3,000 calls, well after calibration.
        for warmup_min_ns in [0.0, COLD_WARMUP_NS] {
            let res = 5_000.0;
            let clock = FakeClock::new(res);
            let cfg = Config {
                warmup_min_ns,
                ..Config::for_resolution(res)
            };
            let calls = Cell::new(0u64);
            let m = measure(&clock, &cfg, BatchMode::Calibrated, &mut || {
                let c = calls.get();
                calls.set(c + 1);
                clock.advance(if c < 3_000 { 10_000.0 } else { 100.0 });
                5
            });
            assert!(
                m.min_ticks >= SAMPLE_TO_RESOLUTION
                    && sample_ticks(&m, res) >= SAMPLE_TO_RESOLUTION,
                "warm-up {warmup_min_ns}: every sample spans 500 ticks, got {} (batch {})",
                m.min_ticks,
                m.batch
            );
            assert!(
                (m.summary.median_ns - 100.0).abs() < 2.0,
                "warm-up {warmup_min_ns}: the median is the fast code's 100 ns, got {}",
                m.summary.median_ns
            );
            assert_eq!(m.quality, Quality::Sound, "warm-up {warmup_min_ns}");
        }
    }

    #[test]
    fn a_tier_up_during_sampling_discards_the_slow_samples() {
        // The optimized code arrives halfway through sampling: samples from before it are
        // not the steady state, and the batch must grow so samples stay above 500 ticks.
        let res = 5_000.0;
        let clock = FakeClock::new(res);
        let cfg = Config::for_resolution(res);
        let calls = Cell::new(0u64);
        let switch = Cell::new(u64::MAX);
        let m = measure(&clock, &cfg, BatchMode::Calibrated, &mut || {
            let c = calls.get();
            calls.set(c + 1);
            // Switch once calibration and warm-up are over (about 15 ms of calls).
            if clock.true_ns.get() > 25e6 && switch.get() == u64::MAX {
                switch.set(c);
            }
            clock.advance(if c < switch.get() { 1_000.0 } else { 250.0 });
            9
        });
        assert!(
            switch.get() < u64::MAX,
            "the switch happened while measuring"
        );
        assert!(
            (m.summary.median_ns - 250.0).abs() < 5.0,
            "median {}",
            m.summary.median_ns
        );
        assert!(m.recalibrations >= 1 || m.resamples >= 1, "{m:?}");
        assert!(
            m.min_ticks >= SAMPLE_TO_RESOLUTION,
            "min ticks {}",
            m.min_ticks
        );
    }

    #[test]
    fn a_kernel_that_keeps_drifting_is_flagged() {
        // Each call 1% slower than the one before: a trend no amount of warm-up settles
        // within the budget. The median is reported, marked drifting.
        let res = 5_000.0;
        let clock = FakeClock::new(res);
        let cfg = Config::for_resolution(res);
        let per_call = Cell::new(2_000_000.0f64);
        let m = measure(&clock, &cfg, BatchMode::Calibrated, &mut || {
            clock.advance(per_call.get());
            per_call.set(per_call.get() * 1.01);
            1
        });
        assert_eq!(m.quality, Quality::Drifting, "{m:?}");
    }

    #[test]
    fn no_reported_sample_is_shorter_than_the_target_ticks() {
        // Kernels from 1 ns to 10 ms per call, with a tier-up at various points: the
        // harness never reports a sample under 500 ticks, nor a median of 0.
        let res = 5_000.0;
        for fast in [37.0, 1_000.0, 10_000_000.0] {
            for after in [1u64, 1_000, 100_000] {
                let clock = FakeClock::new(res);
                let cfg = Config::for_resolution(res);
                let calls = Cell::new(0u64);
                let m = measure(&clock, &cfg, BatchMode::Calibrated, &mut || {
                    let c = calls.get();
                    calls.set(c + 1);
                    clock.advance(if c < after { fast * 50.0 } else { fast });
                    3
                });
                assert!(
                    m.summary.median_ns > 0.0,
                    "fast {fast}, after {after}: median 0"
                );
                if m.quality != Quality::BelowClock {
                    assert!(
                        sample_ticks(&m, res) >= SAMPLE_TO_RESOLUTION * 0.999,
                        "fast {fast}, after {after}: a sample of {} ticks",
                        sample_ticks(&m, res)
                    );
                }
                assert!(
                    m.quality != Quality::BelowClock,
                    "fast {fast}, after {after}: the budget suffices to calibrate"
                );
            }
        }
    }

    #[test]
    fn points_near_the_floor_are_flagged() {
        let res = 5_000.0;
        let clock = FakeClock::new(res);
        let cfg = Config {
            floor_ns: 2.0,
            ..Config::for_resolution(res)
        };
        let near = measure(&clock, &cfg, BatchMode::Calibrated, &mut || {
            clock.advance(5.0);
            1
        });
        assert!(near.at_floor, "5 ns is within 3x of a 2 ns floor");
        assert!(!near.is_reliable());
        let far = measure(&clock, &cfg, BatchMode::Calibrated, &mut || {
            clock.advance(50.0);
            1
        });
        assert!(!far.at_floor && far.is_reliable(), "{far:?}");
    }

    #[test]
    fn the_native_floor_is_a_few_nanoseconds_at_most() {
        // An empty kernel through the batch loop on the real clock: a compare and a
        // black_box per call, far under 50 ns on any machine this runs on, never 0.
        let clock = StdClock::new();
        let mut cfg = Config::for_resolution(detect_resolution(&clock));
        cfg.min_sample_ns = 200_000.0;
        let floor = measure_floor(&clock, &cfg, true);
        assert!(floor > 0.0 && floor < 50.0, "floor {floor} ns");
    }

    #[test]
    fn slow_calls_hit_the_budget_and_say_so() {
        let clock = FakeClock::new(5_000.0);
        let cfg = Config::for_resolution(5_000.0);
        let m = measure(&clock, &cfg, BatchMode::Calibrated, &mut || {
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
        let m = measure(&clock, &cfg, BatchMode::Calibrated, &mut || {
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
    fn a_coarse_clock_gets_fewer_samples_of_at_least_500_ticks() {
        // Chromium isolated (5 µs) and a fine native clock: the full count.
        assert_eq!(
            Config::for_resolution(5_000.0).target_samples,
            TARGET_SAMPLES
        );
        assert_eq!(Config::for_resolution(40.0).target_samples, TARGET_SAMPLES);
        // Firefox and Safari (20 µs): 10 ms samples, so five of them, and never fewer.
        let coarse = Config::for_resolution(20_000.0);
        assert_eq!(coarse.min_sample_ns, 20_000.0 * SAMPLE_TO_RESOLUTION);
        assert_eq!(coarse.target_samples, MIN_SAMPLES);
        assert_eq!(
            Config::for_resolution(1_000_000.0).target_samples,
            MIN_SAMPLES
        );
        // Always odd, so the median is one real sample.
        for res in [1.0, 3_000.0, 6_000.0, 8_000.0, 12_000.0, 20_000.0] {
            assert_eq!(Config::for_resolution(res).target_samples % 2, 1, "{res}");
        }
        // Five coarse samples run for about as long as eleven fine ones.
        let fine = Config::for_resolution(5_000.0);
        let t = |c: &Config| c.target_samples as f64 * c.min_sample_ns;
        assert!(
            t(&coarse) < 2.0 * t(&fine),
            "{} vs {}",
            t(&coarse),
            t(&fine)
        );
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
