//! Lesson 6, `async-gather`: simulated requests awaited one by one, or started together
//! and gathered (`join_all`, Python's `asyncio.gather`).
//!
//! The run is asynchronous (the worker waits on timers instead of calling a kernel in a
//! loop): `async_runs` plans it, `worker::waits` drives these two schedules with
//! `setTimeout`, and each variant's total becomes one sample. The requests themselves are
//! `kernels::latency`'s, shared with lesson 5's `io-concurrency`.

use crate::async_runs::{latency_ms, request_count, AsyncPlan, Schedule, SchedulePlan};
use crate::catalog::{linear_slider, ChartKind, WidgetSpec, DEFAULTS};
use crate::format::{duration_ns, ratio};
use crate::kernels::latency::{request, Span, Timer};
use crate::kernels::rng::SplitMix64;
use crate::kernels::{Params, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::protocol::{RunError, RunSpec};
use crate::python::{PyVariant, Twin};
use crate::readout::{closeness, timelines};
use crate::topics::Topic;

// region: one-by-one
/// `for` each request: `.await` it, then move on. Nothing overlaps, so the total is the
/// sum of the latencies.
pub async fn one_by_one<T: Timer>(timer: &T, latencies_ms: &[f64]) -> Vec<Span> {
    let origin = timer.now_ms();
    let mut spans = Vec::with_capacity(latencies_ms.len());
    for (id, &latency) in latencies_ms.iter().enumerate() {
        spans.push(request(timer, origin, id, latency).await);
    }
    spans
}
// endregion

// region: gather
/// Starts every request, then awaits them all together (like `asyncio.gather`).
/// Total ≈ the longest single latency.
pub async fn gather<T: Timer>(timer: &T, latencies_ms: &[f64]) -> Vec<Span> {
    let origin = timer.now_ms();
    let requests = latencies_ms
        .iter()
        .enumerate()
        .map(|(id, &latency)| request(timer, origin, id, latency));
    futures::future::join_all(requests).await
}
// endregion

/// The variants.
pub static VARIANTS: [Variant; 2] = [
    Variant::new("one-by-one", "Await one by one", "requests"),
    Variant::new("gather", "Gather (all at once)", "requests"),
];

/// `n` latencies spread evenly-at-random between half and one and a half times
/// `mean_ms`, the same for every run (real services vary). The Python twin draws the same
/// ones (`benchbook.varied_latencies`).
pub fn varied_latencies(n: usize, mean_ms: f64) -> Vec<f64> {
    let mut rng = SplitMix64::new(0x1a7e_0c1e);
    (0..n)
        .map(|_| {
            let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
            // Whole ms: the timer is not finer than that anyway.
            (mean_ms * (0.5 + u)).round().max(1.0)
        })
        .collect()
}

/// The run: N requests of varied latencies, awaited one by one and gathered.
pub fn plan(spec: &RunSpec) -> Result<AsyncPlan, RunError> {
    let n = request_count(spec)?;
    let l = latency_ms(spec)?;
    Ok(AsyncPlan::Schedule(SchedulePlan {
        widget: spec.widget.clone(),
        variants: vec![
            ("one-by-one", Schedule::OneByOne),
            ("gather", Schedule::Gather),
        ],
        latencies_ms: varied_latencies(n, l),
    }))
}

/// The UI half: sliders, chart, the kernels' facts and the sentence.
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "async-gather",
        n_label: "requests",
        title: "Awaiting requests one by one versus gathering them",
        sliders: &[
            linear_slider("requests", "Requests N", (1.0, 50.0, 1.0), 10.0, ""),
            linear_slider(
                "latency",
                "Mean simulated latency",
                (10.0, 500.0, 10.0),
                100.0,
                " ms",
            ),
        ],
        op_label: "run of all requests",
        chart: ChartKind::Timeline,
        sweep_slider: "requests",
        x_label: "time since the first request (ms)",
        // The browser tests' quick sweep: N = 5, mean L = 50 ms.
        quick_sweep: &[("requests", 4), ("latency", 4)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/async_io/async_gather.rs",
        measures_memory: false,
    }),
    python: Some(&PYTHON),
};

/// The same two schedules in Python (`async_gather.py` beside this file): a `for` loop of
/// `await`s, and `asyncio.gather`, over the same latencies.
pub static PYTHON: Twin = Twin {
    source_path: "topics/async_io/async_gather.py",
    variants: &[
        PyVariant {
            function: "await_one_by_one",
            label: "await in a for loop",
            twin: "one-by-one",
        },
        PyVariant {
            function: "gather_all",
            label: "asyncio.gather",
            twin: "gather",
        },
    ],
};

/// Both totals, each against what a perfect timer would give.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (lat, tls) = timelines(r)?;
    let one = tls.iter().find(|t| t.variant == "one-by-one")?;
    let all = tls.iter().find(|t| t.variant == "gather")?;
    let sum: f64 = lat.iter().sum();
    let max = lat.iter().copied().fold(0.0, f64::max);
    Some(format!(
        "Awaited one by one, {} requests took {}, {}. Gathered, they took {}, {}: the waits overlapped, {} faster.",
        lat.len(),
        duration_ns(one.total_ms() * 1e6),
        closeness(one.total_ms(), sum, "the sum of their latencies"),
        duration_ns(all.total_ms() * 1e6),
        closeness(all.total_ms(), max, "the longest single latency"),
        ratio(one.total_ms() / all.total_ms().max(1e-9)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::latency::{ideal_makespan_ms, virtual_time::VirtualTimer, Timeline};

    fn timeline(variant: &str, spans: Vec<Span>, lat: &[f64], k: usize) -> Timeline {
        Timeline::new(variant, spans, ideal_makespan_ms(lat, k))
    }

    #[test]
    fn gather_takes_the_max_and_one_by_one_the_sum() {
        let lat = varied_latencies(12, 100.0);
        let sum: f64 = lat.iter().sum();
        let max = lat.iter().copied().fold(0.0, f64::max);
        let t = VirtualTimer::default();
        let all = timeline("gather", t.run(gather(&t, &lat)), &lat, lat.len());
        assert_eq!(all.total_ms(), max);
        assert_eq!(all.peak_in_flight(), 12);
        assert!(all.spans.iter().all(|s| s.start_ms == 0.0));
        let t = VirtualTimer::default();
        let seq = timeline("one-by-one", t.run(one_by_one(&t, &lat)), &lat, 1);
        assert_eq!(seq.total_ms(), sum);
        assert_eq!(all.checksum(), seq.checksum());
    }

    #[test]
    fn varied_latencies_stay_within_half_to_one_and_a_half_of_the_mean() {
        let lat = varied_latencies(100, 100.0);
        assert!(lat.iter().all(|&l| (50.0..=150.0).contains(&l)));
        let mean = lat.iter().sum::<f64>() / 100.0;
        assert!((80.0..120.0).contains(&mean), "{mean}");
        assert_eq!(lat, varied_latencies(100, 100.0));
    }

    #[test]
    fn late_timers_are_reported_as_late() {
        let span = |end_ms| Span {
            id: 0,
            start_ms: 0.0,
            end_ms,
        };
        let mut r = crate::readout::tests::report("async-gather", Vec::new());
        r.details = Some(crate::protocol::Details::Timeline {
            latencies_ms: vec![100.0],
            timelines: vec![
                Timeline::new("one-by-one", vec![span(101.0)], 100.0),
                Timeline::new("gather", vec![span(180.0)], 100.0),
            ],
        });
        let s = sentence(&r, &Params::new()).expect("a sentence");
        assert!(
            s.contains("close to the sum of their latencies (100 ms)"),
            "{s}"
        );
        assert!(
            s.contains("80.0 ms more than the longest single latency"),
            "{s}"
        );
    }
}
