//! Lesson 5, `io-concurrency`: simulated requests one at a time, or at most k in flight.
//!
//! The run is asynchronous (the worker waits on timers): `async_runs` plans it and
//! `worker::waits` drives these schedules with `setTimeout`; the requests themselves are
//! `kernels::latency`'s, shared with lesson 6's `async-gather`.

use crate::async_runs::{latency_ms, request_count, whole_in, AsyncPlan, Schedule, SchedulePlan};
use crate::catalog::{linear_slider, ChartKind, WidgetSpec, DEFAULTS};
use crate::format::{duration_ns, ratio};
use crate::kernels::latency::MAX_REQUESTS;
use crate::kernels::latency::{request, Span, Timer};
use crate::kernels::{param, Params, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::protocol::{RunError, RunSpec};
use crate::readout::{closeness, timelines};
use crate::topics::Topic;
use futures::stream::{self, StreamExt};

// region: serial
/// One request at a time is a concurrency limit of one: each response arrives before
/// the next request starts, so the total is the sum of the latencies.
pub async fn serial<T: Timer>(timer: &T, latencies_ms: &[f64]) -> Vec<Span> {
    limited(timer, latencies_ms, 1).await
}
// endregion

// region: limited
/// Keeps at most `k` requests in flight; a new one starts as soon as one finishes.
/// Total ≈ ceil(N / k) × L when every request takes L.
pub async fn limited<T: Timer>(timer: &T, latencies_ms: &[f64], k: usize) -> Vec<Span> {
    let origin = timer.now_ms();
    let requests = latencies_ms
        .iter()
        .enumerate()
        .map(|(id, &latency)| request(timer, origin, id, latency));
    stream::iter(requests)
        .buffer_unordered(k.max(1))
        .collect()
        .await
}
// endregion

/// The variants.
pub static VARIANTS: [Variant; 2] = [
    Variant::new("serial", "One at a time", "requests"),
    Variant::new("limited", "At most k at once", "requests"),
];

/// `n` requests of `latency_ms` each.
pub fn uniform_latencies(n: usize, latency_ms: f64) -> Vec<f64> {
    vec![latency_ms; n]
}

/// The run: N requests of latency L, one at a time and at most k at once.
pub fn plan(spec: &RunSpec) -> Result<AsyncPlan, RunError> {
    let n = request_count(spec)?;
    let l = latency_ms(spec)?;
    let k = whole_in(&spec.params, "limit", 5.0, 1.0, MAX_REQUESTS as f64)? as usize;
    Ok(AsyncPlan::Schedule(SchedulePlan {
        widget: spec.widget.clone(),
        variants: vec![
            ("serial", Schedule::Limited(1)),
            ("limited", Schedule::Limited(k)),
        ],
        latencies_ms: uniform_latencies(n, l),
    }))
}

/// The UI half: sliders, chart, the variants' facts and the sentence.
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "io-concurrency",
        n_label: "requests",
        title: "Simulated requests: one at a time versus k at once",
        sliders: &[
            linear_slider("requests", "Requests N", (1.0, 50.0, 1.0), 10.0, ""),
            linear_slider(
                "latency",
                "Simulated latency L",
                (10.0, 500.0, 10.0),
                100.0,
                " ms",
            ),
            linear_slider("limit", "Concurrency limit k", (1.0, 50.0, 1.0), 5.0, ""),
        ],
        op_label: "run of all requests",
        chart: ChartKind::Timeline,
        sweep_slider: "requests",
        x_label: "time since the first request (ms)",
        // The browser tests' quick sweep: N = 10, L = 100 ms, k = 5.
        quick_sweep: &[("requests", 9), ("latency", 9), ("limit", 4)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/parallel_processing/io_concurrency.rs",
        measures_memory: false,
    }),
    python: None,
};

/// Both totals against N × L and ceil(N/k) × L, and how many were in flight at once.
pub fn sentence(r: &Report, values: &Params) -> Option<String> {
    let (lat, tls) = timelines(r)?;
    let serial = tls.iter().find(|t| t.variant == "serial")?;
    let limited = tls.iter().find(|t| t.variant == "limited")?;
    let n = lat.len();
    let latency = lat.first().copied().unwrap_or(0.0);
    let k = param(values, "limit", 1.0).max(1.0) as usize;
    // The worker computed the ideal (ceil(N/k) × L for equal latencies) with the run.
    let ideal = limited.ideal_ms;
    let mut s = format!(
        "One at a time, {n} requests of {} took {}, {}. With at most {k} in flight they took {}, {}: {} faster.",
        duration_ns(latency * 1e6),
        duration_ns(serial.total_ms() * 1e6),
        closeness(serial.total_ms(), latency * n as f64, "N × L"),
        duration_ns(limited.total_ms() * 1e6),
        closeness(limited.total_ms(), ideal, &format!("ceil({n}/{k}) × L")),
        ratio(serial.total_ms() / limited.total_ms().max(1e-9)),
    );
    if k >= n {
        s += " With k ≥ N nothing waits for a slot, so the total is one latency.";
    } else {
        s += &format!(
            " At most {} requests were in flight at once.",
            limited.peak_in_flight()
        );
    }
    Some(s)
}

/// The details of a simulated-request run (this widget's and `async-gather`'s): each
/// timeline of the chart as a table, when every request started and finished.
pub fn timeline_view(
    widget: &str,
    timelines: &[crate::details::Timeline],
    latencies_ms: &[f64],
) -> crate::html::Block {
    use crate::format::fixed;
    let mut m = crate::html::Markup::new();
    m.open(
        "details",
        &[("class", "details"), ("data-details", "timeline")],
    )
    .element("summary", &[], "The timeline as a table");
    for t in timelines {
        let overshoot = t.mean_overshoot_ms(latencies_ms);
        let caption = format!(
            "{}: when each request started and finished (ms from the first start). On average a request waited {} ms longer than its simulated latency.",
            crate::topics::label(widget, &t.variant),
            fixed(overshoot, 1)
        );
        m.open("div", &[("class", "table-wrap")]).table(
            &[("data-timeline", &t.variant)],
            &caption,
            &["Request", "Latency asked", "Started", "Finished"],
            |m| {
                for sp in &t.spans {
                    let asked = latencies_ms.get(sp.id).copied().unwrap_or(0.0);
                    m.row(
                        &[],
                        &(sp.id + 1).to_string(),
                        &[
                            &format!("{} ms", fixed(asked, 0)),
                            &fixed(sp.start_ms, 1),
                            &fixed(sp.end_ms, 1),
                        ],
                    );
                }
            },
        );
        m.close("div");
    }
    m.close("details");
    crate::html::Block::whole(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::latency::{ideal_makespan_ms, virtual_time::VirtualTimer, Timeline};
    use crate::readout::tests::report;

    /// ceil(n / k) × L: the textbook total for n requests of latency L, k at a time.
    fn rounds_times_latency_ms(n: usize, k: usize, latency_ms: f64) -> f64 {
        n.div_ceil(k.max(1)) as f64 * latency_ms
    }

    fn timeline(variant: &str, spans: Vec<Span>, lat: &[f64], k: usize) -> Timeline {
        Timeline::new(variant, spans, ideal_makespan_ms(lat, k))
    }

    #[test]
    fn serial_takes_the_sum() {
        let t = VirtualTimer::default();
        let lat = uniform_latencies(10, 100.0);
        let tl = timeline("serial", t.run(serial(&t, &lat)), &lat, 1);
        assert_eq!(tl.total_ms(), 1000.0);
        assert_eq!(tl.peak_in_flight(), 1);
        assert_eq!(tl.spans[3].start_ms, 300.0);
        assert_eq!(tl.ideal_ms, 1000.0);
    }

    #[test]
    fn a_limit_of_k_takes_ceil_n_over_k_rounds() {
        for (n, k) in [(10, 5), (10, 3), (7, 7), (7, 20), (1, 1)] {
            let t = VirtualTimer::default();
            let lat = uniform_latencies(n, 100.0);
            let tl = timeline("limited", t.run(limited(&t, &lat, k)), &lat, k);
            assert_eq!(tl.spans.len(), n);
            assert_eq!(
                tl.total_ms(),
                rounds_times_latency_ms(n, k, 100.0),
                "n={n} k={k}"
            );
            assert_eq!(tl.total_ms(), tl.ideal_ms, "n={n} k={k}");
            assert_eq!(tl.peak_in_flight(), k.min(n), "n={n} k={k}");
        }
    }

    #[test]
    fn a_freed_slot_is_reused_at_once_with_uneven_latencies() {
        // Slot A: 100; slot B: 30, 30, 30, then the 50 from t=90. Total 140: the slot
        // freed at 90 is used at once, not after a 'round' of the slowest request.
        let lat = [100.0, 30.0, 30.0, 30.0, 50.0];
        let t = VirtualTimer::default();
        let tl = timeline("limited", t.run(limited(&t, &lat, 2)), &lat, 2);
        assert_eq!(tl.spans[4].start_ms, 90.0);
        assert_eq!(tl.total_ms(), 140.0);
        assert_eq!(tl.ideal_ms, 140.0);
    }

    fn timeline_report(widget: &str, lat: Vec<f64>, tls: Vec<crate::details::Timeline>) -> Report {
        let mut r = report(widget, Vec::new());
        r.details = Some(crate::protocol::Details::Timeline {
            latencies_ms: lat,
            timelines: tls,
        });
        r
    }

    #[test]
    fn io_concurrency_compares_with_ceil_n_over_k_rounds() {
        let lat = uniform_latencies(10, 100.0);
        let t = VirtualTimer::default();
        let a = Timeline::new("serial", t.run(serial(&t, &lat)), 1000.0);
        let b = Timeline::new("limited", t.run(limited(&t, &lat, 5)), 200.0);
        let values: Params = [("limit".to_string(), 5.0)].into_iter().collect();
        let s =
            crate::topics::sentence(&timeline_report("io-concurrency", lat, vec![a, b]), &values);
        assert!(s.contains("took 1.00 s, close to N × L (1.00 s)"), "{s}");
        assert!(
            s.contains("took 200 ms, close to ceil(10/5) × L (200 ms): 5.00× faster"),
            "{s}"
        );
        assert!(s.contains("At most 5 requests were in flight"), "{s}");
    }
    #[test]
    fn io_concurrency_plans_serial_and_limited() {
        let p = Some(plan(&spec(
            "io-concurrency",
            vec![10],
            &[("latency", 100.0), ("limit", 5.0)],
        )));
        let Some(Ok(AsyncPlan::Schedule(p))) = p else {
            panic!("expected a schedule: {p:?}")
        };
        assert_eq!(p.latencies_ms, vec![100.0; 10]);
        assert_eq!(p.ideal_ms(p.variants[0].1), 1000.0);
        assert_eq!(p.ideal_ms(p.variants[1].1), 200.0);
    }
    #[test]
    fn bad_parameters_are_refused_with_a_reason() {
        for (sizes, params) in [
            (vec![0], vec![]),
            (vec![101], vec![]),
            (vec![10, 20], vec![]),
            (vec![10], vec![("latency", 0.5)]),
            (vec![10], vec![("latency", 5000.0)]),
            (vec![10], vec![("limit", 0.0)]),
            (vec![10], vec![("limit", 2.5)]),
        ] {
            let r = Some(plan(&spec("io-concurrency", sizes.clone(), &params)));
            assert!(
                matches!(r, Some(Err(RunError::InvalidSpec(_)))),
                "{sizes:?} {params:?}: {r:?}"
            );
        }
    }

    fn spec(widget: &str, sizes: Vec<u64>, params: &[(&str, f64)]) -> RunSpec {
        RunSpec {
            run_id: 1,
            widget: widget.into(),
            sizes,
            params: params.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            fault: None,
        }
    }
}
