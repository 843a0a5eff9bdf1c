//! Runs the worker drives asynchronously instead of through the [`Runner`]: they wait
//! on timers or on another worker's replies, which a synchronous kernel call cannot do.
//! Each such widget plans its own run (`plan` in its topic file, listed in
//! `topics::async_plan`); the shapes of those plans are here.
//!
//! - `io-concurrency` and `async-gather` run simulated requests once per variant and
//!   report each total as a one-sample point, with the timeline in [`Details::Timeline`].
//! - `copy-vs-share` times round trips of a message to a second worker; [`Sampler`] does
//!   the batching, warm-up and budget the harness does for synchronous kernels.
//!
//! Everything here is pure (planning, validation, sampling arithmetic, report assembly);
//! the waiting itself is in `worker::waits`.
//!
//! [`Runner`]: crate::runtime::Runner

use crate::harness::{Config, Measurement};
use crate::kernels::latency::{self, Timeline};
use crate::kernels::{param, Params};
use crate::protocol::{Details, Outcome, Point, Report, RunError, RunSpec};
use crate::stats::{summarize, Summary};

/// Message sizes `copy-vs-share` accepts, MB.
pub const MAX_HANDOFF_MB: u64 = 256;
/// Time budget of one `copy-vs-share` point, ns: long enough for several samples,
/// short enough that the default sweep stays near a second.
pub const HANDOFF_BUDGET_NS: f64 = 80e6;

/// How a simulated-request variant schedules its requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Schedule {
    /// At most this many in flight (1 = serial).
    Limited(usize),
    /// `for … { x.await }`.
    OneByOne,
    /// `join_all`.
    Gather,
}

/// What a simulated-request run will do.
#[derive(Clone, Debug, PartialEq)]
pub struct SchedulePlan {
    /// The widget.
    pub widget: String,
    /// Each variant with its schedule, in display order.
    pub variants: Vec<(&'static str, Schedule)>,
    /// Every request's latency, ms.
    pub latencies_ms: Vec<f64>,
}

impl SchedulePlan {
    /// The ideal total of a schedule with a perfect timer, ms.
    pub fn ideal_ms(&self, schedule: Schedule) -> f64 {
        let k = match schedule {
            Schedule::Limited(k) => k,
            Schedule::OneByOne => 1,
            Schedule::Gather => self.latencies_ms.len(),
        };
        latency::ideal_makespan_ms(&self.latencies_ms, k)
    }
}

/// What a `copy-vs-share` run will do.
#[derive(Clone, Debug, PartialEq)]
pub struct HandoffPlan {
    /// Message sizes, MB, ascending.
    pub sizes_mb: Vec<u64>,
}

/// An asynchronous run, validated.
#[derive(Clone, Debug, PartialEq)]
pub enum AsyncPlan {
    /// Simulated requests.
    Schedule(SchedulePlan),
    /// Messages between two workers.
    Handoff(HandoffPlan),
    /// `blocking-the-ui`: one call of the spin kernel with `n` steps, timed once, so it
    /// compares directly with the one call the UI thread makes.
    OneShot {
        /// Steps.
        n: u64,
    },
    /// `persistent-cache`: count the primes below `n` once (a cache miss), and return
    /// the result itself for the UI to store.
    Compute {
        /// The bound.
        n: u64,
    },
}

/// Most steps one `blocking-the-ui` call may take (seconds of work on any machine).
pub const MAX_SPIN_STEPS: u64 = 10_000_000_000;

/// Slider `name` as a whole number from `lo` to `hi` (its `default` when absent).
pub fn whole_in(
    params: &Params,
    name: &str,
    default: f64,
    lo: f64,
    hi: f64,
) -> Result<f64, RunError> {
    let v = param(params, name, default);
    if v.fract() != 0.0 || !(lo..=hi).contains(&v) {
        return Err(RunError::InvalidSpec(format!(
            "{name} must be a whole number from {} to {}, not {}",
            crate::format::shortest(lo),
            crate::format::shortest(hi),
            crate::format::shortest(v)
        )));
    }
    Ok(v)
}

/// The one request count of a simulated-request run (its only size), 1 to
/// [`latency::MAX_REQUESTS`].
pub fn request_count(spec: &RunSpec) -> Result<usize, RunError> {
    match spec.sizes.as_slice() {
        [n] if (1..=latency::MAX_REQUESTS as u64).contains(n) => Ok(*n as usize),
        _ => Err(RunError::InvalidSpec(format!(
            "a simulated run takes one request count from 1 to {}",
            latency::MAX_REQUESTS
        ))),
    }
}

/// The `latency` slider of a simulated-request run, whole ms.
pub fn latency_ms(spec: &RunSpec) -> Result<f64, RunError> {
    whole_in(&spec.params, "latency", 100.0, 1.0, latency::MAX_LATENCY_MS)
}

/// A point measured once (a whole schedule): its one sample is its total, read on a
/// clock of `resolution_ns`.
pub fn single_sample_point(
    variant: &str,
    n: u64,
    total_ns: f64,
    checksum: u64,
    resolution_ns: f64,
) -> Point {
    let summary = Summary {
        samples: 1,
        min_ns: total_ns,
        median_ns: total_ns,
        max_ns: total_ns,
        mad_ns: 0.0,
    };
    Point {
        variant: variant.into(),
        n,
        ops_per_call: 1,
        outcome: Outcome::Measured(Measurement::timed_outside(
            summary,
            1,
            checksum,
            total_ns,
            resolution_ns,
        )),
        memory: None,
    }
}

/// Checks that every variant completed the same requests, then builds the report.
pub fn schedule_report(
    plan: &SchedulePlan,
    timelines: Vec<Timeline>,
    threads: u32,
    timer_resolution_ns: f64,
    elapsed_ms: f64,
) -> Result<Report, RunError> {
    let n = plan.latencies_ms.len() as u64;
    let expected = Timeline::new("", complete(n as usize), 0.0).checksum();
    if let Some(bad) = timelines.iter().find(|t| t.checksum() != expected) {
        return Err(RunError::Mismatch {
            n,
            details: format!(
                "{} completed {} of {n} requests",
                bad.variant,
                bad.spans.len()
            ),
        });
    }
    let points = timelines
        .iter()
        .map(|t| {
            single_sample_point(
                &t.variant,
                n,
                t.total_ms() * 1e6,
                t.checksum(),
                timer_resolution_ns,
            )
        })
        .collect();
    Ok(Report {
        widget: plan.widget.clone(),
        points,
        fits: Vec::new(),
        timer_resolution_ns,
        threads,
        elapsed_ms,
        details: Some(Details::Timeline {
            latencies_ms: plan.latencies_ms.clone(),
            timelines,
        }),
        floor_ns: 0.0,
        machine_ns: Vec::new(),
    })
}

/// Spans for requests 0..n (only their ids matter, for the expected checksum).
fn complete(n: usize) -> Vec<latency::Span> {
    (0..n)
        .map(|id| latency::Span {
            id,
            start_ms: 0.0,
            end_ms: 0.0,
        })
        .collect()
}

/// Batching and budgeting for operations timed from outside (one round trip at a
/// time): what [`crate::harness::measure`] does for a synchronous kernel.
///
/// Use: time one operation alone (`first`), then repeatedly run `batch()` operations
/// and `record` their elapsed time, while `wants_more()`.
#[derive(Clone, Debug)]
pub struct Sampler {
    cfg: Config,
    budget_ns: f64,
    first_ns: f64,
    batch: u64,
    spent_ns: f64,
    /// Warm-up samples still to throw away.
    warmup_left: usize,
    samples: Vec<f64>,
}

/// Warm-up samples discarded before the kept ones (the browser's first messages of a
/// size allocate and fault in pages that later ones reuse).
pub const SAMPLER_WARMUP: usize = 1;

impl Sampler {
    /// After the first, lone operation took `first_ns`.
    pub fn new(cfg: Config, budget_ns: f64, first_ns: f64) -> Self {
        let per_op = first_ns.max(cfg.resolution_ns.max(1.0));
        let batch = (cfg.min_sample_ns / per_op).ceil().max(1.0) as u64;
        Self {
            cfg,
            budget_ns,
            first_ns,
            batch,
            spent_ns: first_ns,
            warmup_left: SAMPLER_WARMUP,
            samples: Vec::new(),
        }
    }

    /// Operations in the next sample.
    pub fn batch(&self) -> u64 {
        self.batch
    }

    /// Records a sample of `batch()` operations that took `elapsed_ns`.
    pub fn record(&mut self, elapsed_ns: f64) {
        self.spent_ns += elapsed_ns;
        let short = elapsed_ns < self.cfg.min_sample_ns;
        if self.warmup_left > 0 || (short && self.spent_ns < self.budget_ns) {
            // A warm-up sample, or one shorter than the clock target (operations got faster
            // than the batch was sized for): discard it and size the batch again. Once the
            // budget is spent a short sample is kept, and the measurement says below-clock.
            self.warmup_left = self.warmup_left.saturating_sub(1);
            self.batch = if elapsed_ns > 0.0 {
                let per_op = elapsed_ns / self.batch as f64;
                ((self.cfg.min_sample_ns * 1.2 / per_op).ceil() as u64).max(1)
            } else {
                self.batch.saturating_mul(16)
            }
            .min(crate::harness::MAX_BATCH);
            return;
        }
        self.samples.push(elapsed_ns / self.batch as f64);
    }

    /// Whether another sample should be taken.
    pub fn wants_more(&self) -> bool {
        let n = self.samples.len();
        if n >= self.cfg.target_samples {
            return false;
        }
        // Always get the minimum count of samples; beyond it, stop at the budget.
        n < self.cfg.min_samples || self.spent_ns < self.budget_ns
    }

    /// The measurement, once sampling is done; `checksum` is what every round trip
    /// returned (`stable` false if any differed).
    pub fn finish(self, checksum: u64, stable: bool) -> Option<Measurement> {
        let summary = summarize(&self.samples)?;
        let shortest = summary.min_ns * self.batch as f64;
        let mut m = Measurement::timed_outside(
            summary,
            self.batch,
            checksum,
            shortest,
            self.cfg.resolution_ns,
        );
        m.warmup_rounds = SAMPLER_WARMUP;
        m.budget_hit = self.samples.len() < self.cfg.min_samples;
        m.first_call_ns = self.first_ns;
        m.checksum_stable = stable;
        Some(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::latency::virtual_time::VirtualTimer;
    use crate::topics::parallel_processing::io_concurrency::{limited, serial};

    #[test]
    fn a_schedule_report_has_one_point_per_variant_and_the_timelines() {
        let p = SchedulePlan {
            widget: "io-concurrency".into(),
            variants: vec![
                ("serial", Schedule::Limited(1)),
                ("limited", Schedule::Limited(5)),
            ],
            latencies_ms: vec![100.0; 10],
        };
        let t = VirtualTimer::default();
        let a = Timeline::new(
            "serial",
            t.run(serial(&t, &p.latencies_ms)),
            p.ideal_ms(p.variants[0].1),
        );
        let b = Timeline::new(
            "limited",
            t.run(limited(&t, &p.latencies_ms, 5)),
            p.ideal_ms(p.variants[1].1),
        );
        let r = schedule_report(&p, vec![a, b], 1, 5000.0, 1300.0).expect("report");
        let totals: Vec<f64> = r
            .points
            .iter()
            .map(|p| p.median_per_op_ns().unwrap_or(0.0))
            .collect();
        assert_eq!(totals, vec![1000e6, 200e6]);
        assert!(matches!(r.details, Some(Details::Timeline { .. })));
    }

    #[test]
    fn a_schedule_missing_a_request_is_a_mismatch() {
        let p = SchedulePlan {
            widget: "async-gather".into(),
            variants: vec![("gather", Schedule::Gather)],
            latencies_ms: vec![100.0; 3],
        };
        let short = Timeline::new("gather", complete(2), 0.0);
        let r = schedule_report(&p, vec![short], 1, 5000.0, 1.0);
        assert!(matches!(r, Err(RunError::Mismatch { n: 3, .. })), "{r:?}");
    }

    #[test]
    fn the_sampler_batches_above_the_minimum_sample_and_respects_the_budget() {
        let cfg = Config::for_resolution(100_000.0); // 100 µs clock → 50 ms samples
        let mut s = Sampler::new(cfg.clone(), 50e6, 2e6); // 2 ms per round trip
        assert_eq!(s.batch(), 25);
        let mut taken = 0;
        while s.wants_more() {
            let b = s.batch() as f64;
            s.record(b * 2e6);
            taken += 1;
            assert!(taken < 100, "runaway sampler");
        }
        // Over budget at once, yet the minimum count of samples was still taken.
        assert_eq!(taken, SAMPLER_WARMUP + cfg.min_samples);
        let m = s.finish(7, true).expect("measurement");
        assert_eq!(m.summary.median_ns, 2e6);
        // Re-sized after the warm-up sample with a 20% margin over 50 ms.
        assert_eq!(m.batch, 30);
        assert!(!m.budget_hit);
    }

    #[test]
    fn the_sampler_discards_samples_under_the_clock_target_and_grows_its_batch() {
        // Round trips that get 4x faster after the first few: the batch sized on the slow
        // ones gives samples of a quarter of the target, which must not be reported.
        let cfg = Config::for_resolution(5_000.0); // 2.5 ms target
        let mut s = Sampler::new(cfg.clone(), 1e9, 100_000.0);
        let mut per_op = 100_000.0;
        let mut taken = 0;
        while s.wants_more() {
            s.record(s.batch() as f64 * per_op);
            per_op = 25_000.0;
            taken += 1;
            assert!(taken < 100, "runaway sampler");
        }
        let m = s.finish(1, true).expect("measurement");
        assert_eq!(m.summary.median_ns, 25_000.0);
        assert!(
            m.min_ticks >= crate::harness::SAMPLE_TO_RESOLUTION,
            "{}",
            m.min_ticks
        );
        assert_eq!(m.quality, crate::harness::Quality::Sound);
    }

    #[test]
    fn the_sampler_stops_at_the_target_when_time_is_plentiful() {
        let cfg = Config::for_resolution(5_000.0);
        let mut s = Sampler::new(cfg.clone(), 1e12, 10_000.0);
        while s.wants_more() {
            let b = s.batch() as f64;
            s.record(b * 10_000.0);
        }
        let m = s.finish(1, true).expect("measurement");
        assert_eq!(m.summary.samples, cfg.target_samples);
        assert!(m.batch as f64 * 10_000.0 >= cfg.min_sample_ns);
    }
}
