//! The machine check: one fixed loop, timed when a run starts and again after each of its
//! sizes, so the page can tell a machine whose speed changed during the run from code whose
//! speed did. Within one run every kernel's figure is read against the others; if the same
//! fixed work took 20% longer halfway through, a 20% difference between two points may be
//! the machine's (another tenant of a shared host, a core slowing down), and the readout
//! says so (`readout::machine_note`).
//!
//! The work is eight independent multiply-add chains, their values hidden from the optimizer
//! (`black_box`) after every step: a loop that keeps the core's multipliers and its loads
//! and stores busy, as the kernels do. A loop of additions, each waiting on the one before
//! (the check until the twentieth session), waits on its own latency and hardly notices a
//! hyperthread sibling competing for the same execution ports: on a shared host it held to
//! 3% while every throughput-bound loop, kernels included, moved by up to 50% together
//! (docs/first-runs.md). The loop is cut into chunks of one call each: V8 swaps in a
//! function's optimized code from its next call on, never under a running call, so a check
//! made of one long call could run the baseline code throughout. [`super::spin_up`] runs the same chunks before
//! the first check, and [`MachineCheck::calibrate`] repeats the check until two in a row
//! agree. The runner sizes the check once (`Runner::machine_check`) and every later run
//! times the same work, so checks compare from run to run as well as within one: sized
//! afresh for each run, the size followed the speed of its first tiny reading, and checks of
//! different runs came out at 1.1 or 1.7 ms with nothing changed but that size.

use super::Clock;
use std::hint::black_box;

/// Steps of one chunk (one call) of the check's loop, each one multiply-add on each of
/// [`LANES`] chains: a few microseconds.
pub const CHUNK_STEPS: u64 = 512;
/// Independent chains per step: enough to keep a core's multipliers busy.
pub const LANES: usize = 8;
/// An odd 64-bit multiplier (Knuth's MMIX LCG): the chains never settle into a constant.
const MULTIPLIER: u64 = 6_364_136_223_846_793_005;
/// Shortest reading of the loop, ns (and at least [`CHECK_TICKS`] ticks): about 1% of
/// rounding with Chromium's 5 µs clock.
pub const CHECK_NS: f64 = 500_000.0;
/// Shortest reading in ticks of the clock.
pub const CHECK_TICKS: f64 = 100.0;
/// Longest reading, ns: with a clock too coarse for a reading this short to be read to 1%,
/// there are no checks (a run then reports none, and the page says nothing about them).
pub const CHECK_MAX_NS: f64 = 5_000_000.0;
/// Readings per check; the check is their median. A single reading caught a burst of a
/// millisecond or two (a fifth of the checks of one page here came out 5-60% slow), which
/// a point's median over many samples, and its second pass, shrug off; a change that lasts
/// through most of a check's readings is one that can move a point.
pub const READINGS: usize = 5;
/// Calibration stops once two checks in a row agree within this.
pub const SETTLED: f64 = 0.02;
/// Calibration rounds at most (it keeps the last size when they never agree).
pub const CALIBRATION_ROUNDS: usize = 12;
/// Most chunks one check may take (a clock that never advances cannot make it loop forever).
pub const MAX_CHUNKS: u64 = 1 << 13;

/// One chunk of the fixed loop: [`CHUNK_STEPS`] steps of a multiply-add on each of
/// [`LANES`] independent chains. `black_box` after each step keeps the optimizer from
/// folding or shortening the loop: the work is the same on every call.
#[inline(never)]
pub fn chunk(seed: u64) -> u64 {
    let mut lanes = [seed; LANES];
    for _ in 0..CHUNK_STEPS {
        for (i, lane) in lanes.iter_mut().enumerate() {
            *lane = lane.wrapping_mul(MULTIPLIER).wrapping_add(2 * i as u64 + 1);
        }
        lanes = black_box(lanes);
    }
    lanes.iter().fold(0, |x, lane| x ^ lane)
}

/// Two readings in a row agree: calibration has settled.
fn settled(previous_ns: f64, last_ns: f64) -> bool {
    (last_ns / previous_ns - 1.0).abs() <= SETTLED
}

/// A calibrated check: how many chunks make one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MachineCheck {
    chunks: u64,
}

impl MachineCheck {
    /// Sizes a reading for a clock of `resolution_ns` (at least [`CHECK_NS`] and
    /// [`CHECK_TICKS`] ticks), repeats it until two in a row agree within [`SETTLED`] (the
    /// optimized code has arrived), and returns the check with its first time ([`time`]),
    /// ns, which meets the target too (the check grows until it does, up to [`MAX_CHUNKS`]).
    /// `None` when the clock is too coarse for a reading of at most [`CHECK_MAX_NS`].
    ///
    /// [`time`]: MachineCheck::time
    pub fn calibrate(clock: &dyn Clock, resolution_ns: f64) -> Option<(Self, f64)> {
        let target = CHECK_NS.max(CHECK_TICKS * resolution_ns);
        if target > CHECK_MAX_NS {
            return None;
        }
        let mut check = Self { chunks: 1 };
        let mut previous: Option<f64> = None;
        for _ in 0..CALIBRATION_ROUNDS {
            let last = check.reading(clock);
            // Settled: the check as it will be timed (a median of readings) must meet the
            // target too; one that settled just over it is under it once the machine runs a
            // little faster (495 µs for 500, in a `cargo test` beside other tests).
            let timed = previous
                .is_some_and(|p| settled(p, last))
                .then(|| check.time(clock));
            if let Some(ns) = timed.filter(|ns| *ns >= target || check.chunks >= MAX_CHUNKS) {
                return Some((check, ns));
            }
            let short = timed.unwrap_or(last);
            if short < target && check.chunks < MAX_CHUNKS {
                // Too short to read: grow it (by the shortfall, with a margin), start over.
                let grown = check.chunks as f64 * 1.2 * target / short.max(resolution_ns).max(1.0);
                check.chunks = (grown.ceil() as u64).max(check.chunks + 1).min(MAX_CHUNKS);
                previous = None;
                continue;
            }
            previous = Some(last);
        }
        Some((check, check.time(clock)))
    }

    /// Times one check on `clock`: the median of [`READINGS`] readings, ns.
    pub fn time(&self, clock: &dyn Clock) -> f64 {
        let mut readings = [0.0; READINGS];
        for r in &mut readings {
            *r = self.reading(clock);
        }
        readings.sort_unstable_by(f64::total_cmp);
        readings[READINGS / 2]
    }

    /// Times the loop once, ns.
    fn reading(&self, clock: &dyn Clock) -> f64 {
        let start = clock.now_ns();
        let mut x = 0u64;
        for _ in 0..self.chunks {
            x = chunk(x);
        }
        black_box(x);
        clock.now_ns() - start
    }

    /// Chunks per reading.
    pub fn chunks(&self) -> u64 {
        self.chunks
    }
}

/// The middle half of a run's checks: the lower and the upper quartile, ns (nearest rank;
/// with three checks or fewer, the fastest and the slowest; `(0, 0)` with fewer than two).
/// Checks caught in a burst of a few milliseconds, which a point's median over many
/// samples and its second pass shrug off, fall outside it unless they are a quarter of the
/// run; a change of speed that lasts is inside it.
pub fn range(checks_ns: &[f64]) -> (f64, f64) {
    let sorted = sorted(checks_ns);
    let n = sorted.len();
    if n < 2 {
        return (0.0, 0.0);
    }
    let last = n - 1;
    (sorted[last / 4], sorted[(3 * last).div_ceil(4)])
}

/// A run's typical check: the median (nearest rank, the lower of two middles), ns; 0
/// without checks. Two runs' typical checks say whether the machine ran at one speed for
/// both.
pub fn typical(checks_ns: &[f64]) -> f64 {
    let sorted = sorted(checks_ns);
    sorted
        .get(sorted.len().saturating_sub(1) / 2)
        .copied()
        .unwrap_or(0.0)
}

/// The positive checks, fastest first. An insertion sort of a few dozen numbers: the chart
/// worker, which writes the readout, would otherwise link a general sort for this alone.
fn sorted(checks_ns: &[f64]) -> Vec<f64> {
    let mut sorted: Vec<f64> = Vec::with_capacity(checks_ns.len());
    for &ns in checks_ns.iter().filter(|ns| **ns > 0.0) {
        let at = sorted.iter().position(|x| *x > ns).unwrap_or(sorted.len());
        sorted.insert(at, ns);
    }
    sorted
}

/// The spread of [`range`]: its top over its bottom, minus one (0 when it is empty).
pub fn spread(checks_ns: &[f64]) -> f64 {
    match range(checks_ns) {
        (fastest, slowest) if fastest > 0.0 => slowest / fastest - 1.0,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A clock whose every reading advances it by `step` ns.
    struct Ticking {
        now: Cell<f64>,
        step: f64,
        resolution: f64,
    }

    impl Clock for Ticking {
        fn now_ns(&self) -> f64 {
            self.now.set(self.now.get() + self.step);
            (self.now.get() / self.resolution).floor() * self.resolution
        }
    }

    /// A run's typical check is its median, the lower middle for an even count; no checks, 0.
    #[test]
    fn the_typical_check_is_the_median() {
        assert_eq!(typical(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(typical(&[4.0, 1.0, 3.0, 2.0]), 2.0);
        assert_eq!(typical(&[0.0, 5.0]), 5.0);
        assert_eq!(typical(&[]), 0.0);
    }

    #[test]
    fn a_clock_too_coarse_gets_no_check() {
        let clock = Ticking {
            now: Cell::new(0.0),
            step: 1.0,
            resolution: 100_000.0,
        };
        // 100 ticks of 100 µs would be a 10 ms check: over the limit.
        assert_eq!(MachineCheck::calibrate(&clock, 100_000.0), None);
    }

    #[test]
    fn a_clock_that_hardly_moves_cannot_make_the_check_endless() {
        // The chunks take no time on this clock, so every check reads short: calibration
        // grows it to the cap and stops after its rounds.
        let clock = Ticking {
            now: Cell::new(0.0),
            step: 1.0,
            resolution: 1.0,
        };
        let (check, _) = MachineCheck::calibrate(&clock, 1.0).expect("a fine clock");
        assert_eq!(check.chunks(), MAX_CHUNKS);
    }

    #[test]
    fn on_the_real_clock_a_check_lasts_at_least_its_target() {
        let clock = crate::harness::StdClock::new();
        let (check, ns) = MachineCheck::calibrate(&clock, 1.0).expect("a fine clock");
        assert!(ns >= CHECK_NS, "{ns} ns with {} chunks", check.chunks());
        assert!(check.time(&clock) > 0.0);
    }

    /// The real clock, read as `slow` times slower than real until two readings in a row
    /// of the target length agree within [`SETTLED`] (what ends a calibration): a machine
    /// that speeds up (another tenant stopped, the core's clock rose) just as calibration
    /// ends.
    struct SpeedsUp {
        real: crate::harness::StdClock,
        /// When the reading under way started (reads alternate: start, end).
        started: Cell<Option<f64>>,
        /// The last reading, when it was of the target length.
        long: Cell<Option<f64>>,
        fast: Cell<bool>,
        last: Cell<f64>,
        now: Cell<f64>,
        slow: f64,
    }

    impl Clock for SpeedsUp {
        fn now_ns(&self) -> f64 {
            let real = self.real.now_ns();
            let factor = if self.fast.get() { 1.0 } else { self.slow };
            let now = self.now.get() + (real - self.last.get()) * factor;
            self.now.set(now);
            self.last.set(real);
            match self.started.take() {
                None => self.started.set(Some(now)),
                Some(start) => {
                    let reading = now - start;
                    let long = (reading >= CHECK_NS).then_some(reading);
                    if let (Some(p), Some(r)) = (self.long.get(), long) {
                        self.fast.set(self.fast.get() || settled(p, r));
                    }
                    self.long.set(long);
                }
            }
            now
        }
    }

    #[test]
    fn a_machine_that_speeds_up_after_calibration_still_gets_a_check_of_the_target_length() {
        // Twice as slow until calibration has its two long readings: the size it settles
        // on takes about half the target once the machine runs at full speed.
        let clock = SpeedsUp {
            real: crate::harness::StdClock::new(),
            started: Cell::new(None),
            long: Cell::new(None),
            fast: Cell::new(false),
            last: Cell::new(0.0),
            now: Cell::new(0.0),
            slow: 2.0,
        };
        let (check, ns) = MachineCheck::calibrate(&clock, 1.0).expect("a fine clock");
        assert!(ns >= CHECK_NS, "{ns} ns with {} chunks", check.chunks());
    }

    #[test]
    fn spread_is_across_the_middle_half_of_the_checks() {
        assert_eq!(spread(&[]), 0.0);
        assert_eq!(spread(&[2.0]), 0.0);
        assert!((spread(&[2.0, 2.5, 2.2]) - 0.25).abs() < 1e-12);
        // The middle half: checks caught in bursts at either end are left out...
        let bursts = [2.0, 2.02, 3.0, 2.01, 1.0, 2.0, 2.0, 2.01, 2.9];
        assert_eq!(range(&bursts), (2.0, 2.02));
        // ...but a change that lasts a third of the run counts.
        let change = [2.0, 2.0, 2.6, 2.6, 2.0, 2.6, 2.0, 2.0, 2.0];
        assert!((spread(&change) - 0.3).abs() < 1e-12);
    }

    #[test]
    fn a_chunk_does_its_steps() {
        // Every lane takes all its steps: the same recurrence, lane by lane, step by step.
        let expected = (0..LANES as u64).fold(0, |x, i| {
            let lane = (0..CHUNK_STEPS).fold(5u64, |v, _| {
                v.wrapping_mul(MULTIPLIER).wrapping_add(2 * i + 1)
            });
            x ^ lane
        });
        assert_eq!(chunk(5), expected);
        assert_ne!(chunk(5), chunk(6), "the seed reaches the result");
    }
}
