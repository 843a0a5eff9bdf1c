//! Lesson 1, `timer-resolution`: the same tiny piece of work timed one call at a time
//! versus in a calibrated batch. The whole widget: kernels, suite (worker half), sliders
//! and readout ([`TOPIC`], the UI half).
//!
//! The work is `n` steps of a small integer mix, so the reader can slide it from a few
//! nanoseconds (far below the clock's resolution) to far above it.

use crate::catalog::{log_slider, ChartKind, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns};
use crate::harness::BatchMode;
use crate::harness::Kernel;
use crate::kernels::{mix64, Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::{Point, Report};
use crate::readout::at_any;
use crate::topics::Topic;
use std::hint::black_box;

/// The suite behind the `timer-resolution` widget.
pub struct TimerSuite;
/// The one instance.
pub static SUITE: TimerSuite = TimerSuite;

pub static VARIANTS: [Variant; 2] = [
    Variant {
        id: "single",
        label: "timed one call at a time",
        group: "work",
        mode: BatchMode::Single,
    },
    Variant {
        id: "batched",
        label: "calibrated batch",
        group: "work",
        mode: BatchMode::Calibrated,
    },
];

// region: single
/// `steps` rounds of a 64-bit mix. The harness times this one call per clock reading.
pub fn tiny_work(seed: u64, steps: u64) -> u64 {
    let mut x = seed;
    for _ in 0..steps {
        x = mix64(x);
    }
    x
}
// endregion

// region: batched
/// The very same function; the harness calls it thousands of times between two clock
/// readings and divides, so each reading spans far more than one clock tick.
pub fn tiny_work_batched(seed: u64, steps: u64) -> u64 {
    tiny_work(seed, steps)
}
// endregion

struct Input {
    steps: u64,
}

impl Prepared for Input {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let steps = self.steps;
        if index == 0 {
            Box::new(move || tiny_work(black_box(1), black_box(steps)))
        } else {
            Box::new(move || tiny_work_batched(black_box(1), black_box(steps)))
        }
    }
}

impl Suite for TimerSuite {
    crate::kernels::suite_facts!("timer-resolution", VARIANTS);
    fn bytes_needed(&self, _n: u64, _params: &Params) -> u64 {
        0
    }
    fn prepare<'c>(&self, Setup { n, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        Box::new(Input { steps: n })
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "timer-resolution",
        title: "One reading versus a calibrated batch",
        sliders: &[log_slider(
            "n",
            "Largest work size (mixing steps)",
            1.0,
            1e5,
            1e4,
        )],
        op_label: "call",
        chart: ChartKind::Growth,
        sweep_from: 1.0,
        show_clock_tick: true,
        // The browser tests' quick sweep: 1 .. 100.
        quick_sweep: &[("n", 6)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/measuring_time/timer_resolution.rs",
        measures_memory: false,
    }),
    python: None,
};

/// What this run found: the clock's tick, what single readings said at the smallest size,
/// and from which size on they agree with the batch.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let res = r.timer_resolution_ns;
    let single: Vec<&Point> = r.points.iter().filter(|p| p.variant == "single").collect();
    let smallest = single
        .iter()
        .filter(|p| p.measurement().is_some())
        .min_by_key(|p| p.n)?;
    let m = smallest.measurement()?;
    let batched = at_any(r, "batched", smallest.n)?;
    let mut s = format!(
        "This worker's clock ticks every {}. Timed one call at a time, n = {} read between {} and {} (median {}), while the calibrated batch measured {} per call.",
        duration_ns(res),
        count(smallest.n),
        duration_ns(m.summary.min_ns),
        duration_ns(m.summary.max_ns),
        duration_ns(m.summary.median_ns),
        duration_ns(batched)
    );
    // Where do single readings start to agree with the batch (within 25%)?
    let agree = single.iter().filter_map(|p| {
        let one = p.median_per_op_ns()?;
        let many = at_any(r, "batched", p.n)?;
        ((one - many).abs() <= 0.25 * many).then_some((p.n, many))
    });
    match agree.min_by_key(|(n, _)| *n) {
        Some((n, many)) => {
            s += &format!(
                " Single readings first agree with the batch at n = {}, where one call lasts {}: about {} ticks.",
                count(n),
                duration_ns(many),
                crate::format::fixed(many / res, 0)
            )
        }
        None => s += " No single reading in this sweep came close to the batched figure: every call was too short for this clock.",
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readout::tests::{point, report};

    #[test]
    fn both_variants_compute_the_same() {
        for steps in [0, 1, 7, 1000] {
            assert_eq!(tiny_work(1, steps), tiny_work_batched(1, steps));
        }
        assert_eq!(tiny_work(1, 0), 1, "zero steps leave the seed");
        assert_ne!(tiny_work(1, 1), 1);
    }

    #[test]
    fn the_sentence_finds_where_single_readings_agree_with_the_batch() {
        let pts = vec![
            point("single", 1, 0.0),
            point("batched", 1, 3.0),
            point("single", 10_000, 30_000.0),
            point("batched", 10_000, 29_000.0),
        ];
        let s = crate::topics::sentence(&report("timer-resolution", pts), &Params::new());
        assert!(s.contains("ticks every 5.00 µs"), "{s}");
        assert!(
            s.contains("first agree with the batch at n = 10,000"),
            "{s}"
        );
    }
}
