//! The widgets, one file each, grouped by lesson (`topics/<lesson>/<widget>.rs`), and the
//! one list of them (pure).
//!
//! A widget file holds everything that is that widget's alone: its kernels (between
//! `// region:` markers) and its suite (the worker half, a [`Suite`]), its sliders, chart
//! settings and kernel facts (the UI half, a [`Topic`]), and its readout sentence, with
//! their tests. The halves are separate statics listed separately below, so each binary
//! links only what it calls: the UI never links a kernel or a sentence, the bench workers
//! never link a sentence, and the chart worker, which writes a finished run's sentence and
//! details markup ([`written`]), never links a kernel.
//!
//! Every widget is listed here once; everything above this module looks widgets up here.
//! Widgets whose runs wait (on timers, another worker, storage) have a topic but no suite:
//! `async_runs` plans their runs.

use crate::async_runs::{AsyncPlan, Schedule};
use crate::catalog::WidgetSpec;
use crate::kernels::{Params, Suite, SuiteInfo};
use crate::protocol::Report;
use crate::readout::{variant_label, Sentence};

pub mod async_io;
pub mod caching;
pub mod data_structures;
pub mod measuring_time;
pub mod memory;
pub mod optimizing;
pub mod parallel_processing;
pub mod profiling;
pub mod resources;
pub mod vectorization;

/// The UI half of a widget: data and pure functions, no kernel code.
pub struct Topic {
    /// Sliders, sweep and chart settings.
    pub spec: WidgetSpec,
    /// Its kernels' variants, source file and memory reporting, as plain data (`None` for
    /// a widget without kernels of its own: `resource-monitor` runs another widget's).
    pub info: Option<SuiteInfo>,
    /// The same work in Python, run in the reader's browser (widgets whose seed section
    /// compares Python approaches).
    pub python: Option<&'static crate::python::Twin>,
}

/// The UI halves of the widgets that live here, in course order.
static TOPICS: [&Topic; 27] = [
    &measuring_time::timer_resolution::TOPIC,
    &measuring_time::sum_loop_vs_formula::TOPIC,
    &profiling::profile_pipeline::TOPIC,
    &profiling::memory_profile::TOPIC,
    &data_structures::queue_ops::TOPIC,
    &data_structures::search::TOPIC,
    &data_structures::counting::TOPIC,
    &vectorization::elementwise_add::TOPIC,
    &vectorization::square_plus_sin::TOPIC,
    &vectorization::temporaries_vs_in_place::TOPIC,
    &vectorization::describe_stats::TOPIC,
    &memory::bytes_per_element::TOPIC,
    &memory::row_vs_column::TOPIC,
    &memory::stream_vs_collect::TOPIC,
    &memory::object_pool::TOPIC,
    &parallel_processing::parallel_cpu::TOPIC,
    &parallel_processing::chunk_size::TOPIC,
    &parallel_processing::copy_vs_share::TOPIC,
    &parallel_processing::io_concurrency::TOPIC,
    &async_io::async_gather::TOPIC,
    &async_io::blocking_the_ui::TOPIC,
    &caching::memo_fib::TOPIC,
    &caching::lru_hit_rate::TOPIC,
    &caching::ttl_cache::TOPIC,
    &caching::persistent_cache::TOPIC,
    &optimizing::compare_implementations::TOPIC,
    &resources::resource_monitor::TOPIC,
];

/// The worker halves, in the same order (a widget whose run waits on timers or other
/// workers, planned by `async_runs`, has none).
fn suites() -> [&'static dyn Suite; 21] {
    [
        &measuring_time::timer_resolution::SUITE,
        &measuring_time::sum_loop_vs_formula::SUITE,
        &profiling::profile_pipeline::SUITE,
        &profiling::memory_profile::SUITE,
        &data_structures::queue_ops::SUITE,
        &data_structures::search::SUITE,
        &data_structures::counting::SUITE,
        &vectorization::elementwise_add::SUITE,
        &vectorization::square_plus_sin::SUITE,
        &vectorization::temporaries_vs_in_place::SUITE,
        &vectorization::describe_stats::SUITE,
        &memory::bytes_per_element::SUITE,
        &memory::row_vs_column::SUITE,
        &memory::stream_vs_collect::SUITE,
        &memory::object_pool::SUITE,
        &parallel_processing::parallel_cpu::SUITE,
        &parallel_processing::chunk_size::SUITE,
        &caching::memo_fib::SUITE,
        &caching::lru_hit_rate::SUITE,
        &caching::ttl_cache::SUITE,
        &optimizing::compare_implementations::SUITE,
    ]
}

/// How a widget whose run waits (on timers, another worker, the UI thread, storage)
/// plans that run; `async_runs` has the shapes of such plans, `worker::waits` runs them.
pub type Plan = fn(&crate::protocol::RunSpec) -> Result<AsyncPlan, crate::protocol::RunError>;

/// `(id, sentence)` for each `lesson::widget` module named: its `TOPIC`'s id and its
/// `sentence` function.
macro_rules! sentences {
    ($($lesson:ident::$widget:ident),* $(,)?) => {
        [$(($lesson::$widget::TOPIC.spec.id, $lesson::$widget::sentence as Sentence)),*]
    };
}

/// The widgets' sentences, in course order: a fourth list, linked only by the chart worker,
/// which writes a finished run's text ([`written`]), and by native tests. Neither the UI
/// nor the bench workers link a sentence. (`resource-monitor` writes its own, from the
/// resources it watched.)
static SENTENCES: [(&str, Sentence); 26] = sentences![
    measuring_time::timer_resolution,
    measuring_time::sum_loop_vs_formula,
    profiling::profile_pipeline,
    profiling::memory_profile,
    data_structures::queue_ops,
    data_structures::search,
    data_structures::counting,
    vectorization::elementwise_add,
    vectorization::square_plus_sin,
    vectorization::temporaries_vs_in_place,
    vectorization::describe_stats,
    memory::bytes_per_element,
    memory::row_vs_column,
    memory::stream_vs_collect,
    memory::object_pool,
    parallel_processing::parallel_cpu,
    parallel_processing::chunk_size,
    parallel_processing::copy_vs_share,
    parallel_processing::io_concurrency,
    async_io::async_gather,
    async_io::blocking_the_ui,
    caching::memo_fib,
    caching::lru_hit_rate,
    caching::ttl_cache,
    caching::persistent_cache,
    optimizing::compare_implementations,
];

/// The widgets whose runs wait, with their planners: a third list, so the bench workers
/// link planners without linking sentences, and the UI without linking suites.
static WAITING: [(&str, Plan); 5] = [
    ("copy-vs-share", parallel_processing::copy_vs_share::plan),
    ("io-concurrency", parallel_processing::io_concurrency::plan),
    ("async-gather", async_io::async_gather::plan),
    ("blocking-the-ui", async_io::blocking_the_ui::plan),
    ("persistent-cache", caching::persistent_cache::plan),
];

/// The asynchronous plan for `spec`, or `None` when its widget's run is a sweep of
/// kernels (the [`crate::runtime::Runner`] runs those).
pub fn async_plan(
    spec: &crate::protocol::RunSpec,
) -> Option<Result<AsyncPlan, crate::protocol::RunError>> {
    WAITING
        .iter()
        .find(|(id, _)| *id == spec.widget)
        .map(|(_, plan)| plan(spec))
}

/// True for a widget whose run waits (it has a planner in [`WAITING`]) rather than
/// sweeping kernels.
pub fn waits(id: &str) -> bool {
    WAITING.iter().any(|(w, _)| *w == id)
}

/// Runs a simulated-request schedule's requests on `timer`: one span per request.
pub async fn run_schedule<T: crate::kernels::latency::Timer>(
    schedule: Schedule,
    timer: &T,
    latencies_ms: &[f64],
) -> Vec<crate::kernels::latency::Span> {
    match schedule {
        Schedule::Limited(k) => {
            parallel_processing::io_concurrency::limited(timer, latencies_ms, k).await
        }
        Schedule::OneByOne => async_io::async_gather::one_by_one(timer, latencies_ms).await,
        Schedule::Gather => async_io::async_gather::gather(timer, latencies_ms).await,
    }
}

fn topic(id: &str) -> Option<&'static Topic> {
    TOPICS.iter().copied().find(|t| t.spec.id == id)
}

/// The widget with this id.
pub fn widget(id: &str) -> Option<&'static WidgetSpec> {
    topic(id).map(|t| &t.spec)
}

/// Every widget.
pub fn widgets() -> impl Iterator<Item = &'static WidgetSpec> {
    TOPICS.iter().map(|t| &t.spec)
}

/// The kernel facts of a widget, without its code.
pub fn info(id: &str) -> Option<SuiteInfo> {
    topic(id).and_then(|t| t.info)
}

/// The ids of a widget's variants, in display order (none for an unknown widget or one
/// without kernels of its own).
pub fn variant_ids(id: &str) -> Vec<&'static str> {
    info(id).map_or_else(Vec::new, |s| s.variants.iter().map(|v| v.id).collect())
}

/// The suite behind a widget (bench workers and native code only: the UI must not call
/// this, or it links every kernel).
pub fn suite(id: &str) -> Option<&'static dyn Suite> {
    all_suites().into_iter().find(|s| s.id() == id)
}

/// Every suite.
pub fn all_suites() -> Vec<&'static dyn Suite> {
    suites().to_vec()
}

/// The Python twin of a widget, if it has one.
pub fn python(id: &str) -> Option<&'static crate::python::Twin> {
    topic(id).and_then(|t| t.python)
}

/// The variant's label, as the widget's table and sentences show it.
pub fn label(widget: &str, variant: &str) -> String {
    if let Some(v) = python(widget).and_then(|t| t.variant(variant)) {
        return v.label.to_owned();
    }
    info(widget).map_or_else(
        || variant.to_owned(),
        |s| variant_label(s.variants, variant),
    )
}

/// The widgets the resource monitor can run: every one whose run is a sweep of kernels
/// (not the waiting runs, not the storage lookup, not itself).
pub fn monitorable() -> impl Iterator<Item = &'static WidgetSpec> {
    widgets().filter(|w| w.chart != crate::catalog::ChartKind::Resources && !waits(w.id))
}

/// The readout sentence for a finished report (`values`: the run's other slider values).
pub fn sentence(report: &Report, values: &Params) -> String {
    let text = SENTENCES
        .iter()
        .find(|(id, _)| *id == report.widget)
        .and_then(|(_, sentence)| sentence(report, values));
    let sentence = crate::readout::or_fallback(text, report);
    match crate::readout::machine_note(report) {
        Some(note) => format!("{sentence} {note}"),
        None => sentence,
    }
}

/// What the readout adds after a Run when the page's previous Run of the widget had the
/// same settings (`readout::rerun_note`), with the widget's labels and units.
pub fn compared(previous: &Report, report: &Report) -> Option<String> {
    let spec = widget(&report.widget)?;
    crate::readout::rerun_note(previous, report, spec.op_label, |variant, n| {
        format!(
            "{} at {} = {}",
            label(&report.widget, variant),
            spec.n_label,
            crate::format::count(n)
        )
    })
}

/// What the page shows about a finished run besides its points: the sentence and the
/// details markup. The chart worker writes it from the bench worker's `Done` message (the
/// UI links neither); the widgets that finish runs on the UI side write theirs with
/// [`written_by`].
pub fn written(report: &Report, values: &Params) -> crate::readout::Written {
    crate::readout::Written {
        sentence: sentence(report, values),
        details: report
            .details
            .as_ref()
            .and_then(|d| details_block(&report.widget, d)),
        message: Vec::new(),
        machine: crate::readout::machine_attribute(report),
    }
}

/// [`written`] with one widget's own sentence and details writer, for the widgets that
/// finish runs on the UI side (so the UI links only those two). Their sentences read no
/// slider values, so none are passed.
pub fn written_by(
    report: &Report,
    sentence: Sentence,
    block: impl FnOnce(&crate::protocol::Details) -> Option<crate::html::Block>,
) -> crate::readout::Written {
    crate::readout::Written {
        sentence: crate::readout::or_fallback(sentence(report, &Params::new()), report),
        details: report.details.as_ref().and_then(block),
        message: Vec::new(),
        machine: String::new(),
    }
}

/// The figure of a run's details, drawn under the widget's main chart, built by the widget
/// whose payload it is (the timeline and the storage lookups are the main chart itself;
/// the rest have none).
pub fn details_figure(details: &crate::protocol::Details) -> Option<crate::figure::Figure> {
    use crate::figure::Figure;
    use crate::protocol::Details;
    match details {
        Details::Describe { histogram, .. } => Some(Figure::Histogram(histogram.clone())),
        Details::Profile(profile) => Some(Figure::Icicle(profile.clone())),
        Details::Stability(t) => memory::stream_vs_collect::stability_figure(t).map(Figure::Growth),
        Details::HitRates(rates) => {
            caching::lru_hit_rate::hit_rate_figure(rates).map(Figure::Growth)
        }
        Details::Ttl(t) => caching::ttl_cache::timeline_figure(t).map(Figure::Ttl),
        Details::Timeline { .. }
        | Details::Responsiveness(_)
        | Details::Cache(_)
        | Details::Primes(_)
        | Details::Footprint { .. } => None,
    }
}

/// The markup of a run's details (what a widget shows besides timings), written by the
/// widget whose payload it is (`html::Block`; its chart, if any, is painted from
/// [`details_figure`]). `None` for a payload that is only data (the count the UI stores
/// for `persistent-cache`).
pub fn details_block(
    widget: &str,
    details: &crate::protocol::Details,
) -> Option<crate::html::Block> {
    use crate::protocol::Details;
    Some(match details {
        Details::Describe { stats, .. } => vectorization::describe_stats::details_view(stats),
        Details::Timeline {
            timelines,
            latencies_ms,
        } => parallel_processing::io_concurrency::timeline_view(widget, timelines, latencies_ms),
        Details::Footprint {
            box_stride_bytes,
            pointer_bytes,
        } => memory::bytes_per_element::details_view(*box_stride_bytes, *pointer_bytes),
        Details::Responsiveness(phases) => async_io::blocking_the_ui::details_view(phases),
        Details::Stability(t) => memory::stream_vs_collect::details_view(t),
        Details::HitRates(rates) => caching::lru_hit_rate::details_view(rates),
        Details::Ttl(t) => caching::ttl_cache::details_view(t),
        Details::Cache(log) => caching::persistent_cache::details_view(log),
        Details::Profile(profile) => profiling::profile_pipeline::details_block(profile),
        Details::Primes(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ChartKind;
    use crate::protocol::Details;

    /// The chart worker finds every widget's sentence in [`SENTENCES`] (the resource
    /// monitor writes its own on the page), and what it writes for a run that measured
    /// nothing is the fallback, never an empty readout.
    #[test]
    fn every_widget_has_one_sentence_for_the_chart_worker_to_write() {
        for w in widgets() {
            let listed = SENTENCES.iter().filter(|(id, _)| *id == w.id).count();
            let expected = usize::from(w.chart != ChartKind::Resources);
            assert_eq!(listed, expected, "{}: sentences listed", w.id);
        }
        assert_eq!(SENTENCES.len(), TOPICS.len() - 1);
        let empty = crate::readout::tests::report("queue-ops", Vec::new());
        let text = written(&empty, &Params::new());
        assert!(!text.sentence.is_empty());
        assert_eq!(text.details, None);
    }

    /// Each widget's details figure is built from its own payload: two error lines on
    /// relative scales for the variance table, one percentage line for the hit rates, the
    /// largest TTL's timeline; payloads that are tables only (or the main chart) have none.
    #[test]
    fn details_figures_come_from_the_widget_whose_payload_it_is() {
        use crate::figure::{Figure, Unit};
        let clock = crate::harness::StdClock::new();
        let details = |id: &str, n: u64| {
            let spec = widget(id).expect("a widget");
            suite(id)
                .expect("a suite")
                .details(n, &spec.defaults(1), &clock)
                .expect("details")
        };
        let Some(Figure::Growth(g)) = details_figure(&details("stream-vs-collect", 1000)) else {
            panic!("stream-vs-collect draws lines");
        };
        assert_eq!((g.lines.len(), g.unit), (2, Unit::Relative));
        let Some(Figure::Growth(g)) = details_figure(&details("lru-hit-rate", 10)) else {
            panic!("lru-hit-rate draws a line");
        };
        assert_eq!((g.lines.len(), g.unit), (1, Unit::Percent));
        assert!(g.lines[0].marks.iter().all(|m| m.y > 0.0 && m.y <= 100.0));
        let Some(Figure::Ttl(t)) = details_figure(&details("ttl-cache", 10)) else {
            panic!("ttl-cache draws its timeline");
        };
        assert!(
            t.title.starts_with("TTL 10 s") && !t.events.is_empty(),
            "{}",
            t.title
        );
        assert_eq!(details_figure(&details("bytes-per-element", 1000)), None);
    }

    /// Every tag the markup opens, it closes, in order (void elements aside).
    fn balanced(markup: &str) -> Result<(), String> {
        let mut open: Vec<&str> = Vec::new();
        for piece in markup.split('<').skip(1) {
            let tag = piece.split(['>', ' ']).next().unwrap_or("");
            if let Some(closing) = tag.strip_prefix('/') {
                match open.pop() {
                    Some(t) if t == closing => {}
                    other => return Err(format!("</{closing}> closes {other:?}")),
                }
            } else if !matches!(tag, "br" | "wbr" | "img" | "input") {
                open.push(tag);
            }
        }
        open.is_empty()
            .then_some(())
            .ok_or(format!("left open: {open:?}"))
    }

    /// Payloads of the widgets without a suite (their runs wait, so no suite computes
    /// details): a timeline, the UI's responsiveness phases, the storage lookups.
    fn suite_less_payloads() -> Vec<(&'static str, Details)> {
        use crate::details::{Span, Timeline};
        use crate::frames::{phase, Interval};
        use crate::persist::{Lookup, Outcome};
        let iv = |start_ms, end_ms| Interval { start_ms, end_ms };
        let spans = |starts: &[f64]| -> Vec<Span> {
            (starts.iter().enumerate())
                .map(|(id, &start_ms)| Span {
                    id,
                    start_ms,
                    end_ms: start_ms + 100.0,
                })
                .collect()
        };
        let timeline = |variant: &str, starts: &[f64]| Timeline {
            variant: variant.into(),
            spans: spans(starts),
            ideal_ms: 200.0,
        };
        let frames: Vec<f64> = (0..60).map(|i| i as f64 * 16.7).collect();
        let lookup = |run, outcome| Lookup {
            run,
            n: 100,
            key: "k<&>".into(),
            outcome,
            result: caching::persistent_cache::count_primes(100),
            ms: 2.0,
            stored: Some((1, 150)),
        };
        vec![
            (
                "io-concurrency",
                Details::Timeline {
                    latencies_ms: vec![100.0; 3],
                    timelines: vec![
                        timeline("serial", &[0.0, 100.0, 200.0]),
                        timeline("limited", &[0.0, 0.0, 100.0]),
                    ],
                },
            ),
            (
                "blocking-the-ui",
                Details::Responsiveness(vec![
                    phase("worker", iv(0.0, 400.0), iv(50.0, 350.0), &frames, &[]),
                    phase(
                        "ui-thread",
                        iv(500.0, 1000.0),
                        iv(550.0, 900.0),
                        &frames,
                        &[iv(550.0, 900.0)],
                    ),
                ]),
            ),
            (
                "persistent-cache",
                Details::Cache(vec![lookup(1, Outcome::Miss), lookup(2, Outcome::Hit)]),
            ),
        ]
    }

    /// Every details payload, from a suite or built for a suite-less widget, becomes
    /// well-formed markup that names its kind and places a canvas exactly when there is a
    /// figure to paint on it. (The data attributes of every table are checked by the
    /// browser tests.)
    #[test]
    fn details_blocks_are_well_formed_and_chart_exactly_what_is_painted() {
        let clock = crate::harness::StdClock::new();
        let from_suites = widgets().filter_map(|w| {
            let details = suite(w.id)?.details(1000, &w.defaults(1), &clock)?;
            Some((w.id, details))
        });
        let mut kinds = Vec::new();
        for (id, details) in from_suites.chain(suite_less_payloads()) {
            let Some(block) = details_block(id, &details) else {
                continue;
            };
            let all = format!("{}{}", block.before, block.after);
            balanced(&all).unwrap_or_else(|e| panic!("{id}: {e} in {all}"));
            assert!(
                !block.kind.is_empty() || all.contains("data-details=\""),
                "{id}: the block names its kind"
            );
            assert_eq!(
                block.chart.is_some(),
                details_figure(&details).is_some(),
                "{id}: a canvas exactly where a figure is painted"
            );
            assert!(!all.contains("k<&>"), "{id}: text is escaped");
            kinds.push(if block.kind.is_empty() {
                id.to_owned()
            } else {
                block.kind
            });
        }
        for kind in [
            "describe",
            "stability",
            "hit-rates",
            "ttl",
            "bytes-per-element",
            "io-concurrency",
            "responsiveness",
            "cache",
        ] {
            assert!(
                kinds.iter().any(|k| k == kind),
                "{kind} not checked: {kinds:?}"
            );
        }
    }

    #[test]
    fn each_widget_is_listed_once_with_both_halves_matching() {
        let mut ids: Vec<&str> = widgets().map(|w| w.id).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "a widget listed twice");
        // Every suite here has its topic; a topic without a suite runs asynchronously.
        for s in suites() {
            assert!(
                topic(s.id()).is_some(),
                "{}: a suite without its topic",
                s.id()
            );
        }
        for t in TOPICS.iter() {
            let id = t.spec.id;
            let suite = suites().into_iter().find(|s| s.id() == id);
            // A widget without kernels of its own (the resource monitor) has nothing to check.
            let Some(info) = t.info else {
                assert!(suite.is_none(), "{id}: a suite but no kernel facts");
                assert_eq!(t.spec.chart, ChartKind::Resources, "{id}: no kernel facts");
                continue;
            };
            match suite {
                Some(s) => {
                    assert_eq!(info.variants, s.variants(), "{id}");
                    assert_eq!(format!("src/{}", info.source_path), s.source_path(), "{id}");
                    assert_eq!(info.measures_memory, s.measures_memory(), "{id}");
                    assert!(
                        async_plan(&t.spec.run_spec(0, &t.spec.defaults(1), 1)).is_none(),
                        "{id}: a sweep of kernels and a waiting run"
                    );
                    let mut ids: Vec<_> = s.variants().iter().map(|v| v.id).collect();
                    ids.sort_unstable();
                    ids.dedup();
                    assert_eq!(ids.len(), s.variants().len(), "{id}: a variant id twice");
                }
                None => assert!(
                    async_plan(&t.spec.run_spec(0, &t.spec.defaults(1), 1)).is_some(),
                    "{id}: no suite and no asynchronous run"
                ),
            }
            // The file a reader is shown holds a region for every variant.
            let path = format!("{}/src/{}", env!("CARGO_MANIFEST_DIR"), info.source_path);
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            for v in info.variants {
                let region = crate::kernels::source_of(&text, v.id)
                    .unwrap_or_else(|| panic!("{id}: no region {} in {path}", v.id));
                assert!(region.contains("fn "), "{id}/{}: {region}", v.id);
            }
        }
        for (id, _) in &WAITING {
            assert!(topic(id).is_some(), "{id}: a planner without its topic");
        }
        assert_eq!(suite("lru-hit-rate").map(|s| s.id()), Some("lru-hit-rate"));
        assert!(suite("no-such-widget").is_none() && info("no-such-widget").is_none());
    }

    #[test]
    fn labels_come_from_each_widget_and_its_python_twin() {
        for t in TOPICS.iter() {
            let variants = t.info.map_or(&[][..], |i| i.variants);
            for v in variants {
                assert_eq!(label(t.spec.id, v.id), v.label, "{}", t.spec.id);
            }
            for v in t.python.map_or(&[][..], |p| p.variants) {
                assert_eq!(label(t.spec.id, v.function), v.label, "{}", t.spec.id);
                // Python names never collide with Rust variant ids.
                assert!(variants.iter().all(|r| r.id != v.function));
                assert!(variants.iter().any(|r| r.id == v.twin), "{}", v.twin);
            }
        }
        assert_eq!(label("memo-fib", "naive"), "naive recursion");
    }

    /// Every Python twin, run by CPython (`python/harness.py`'s native mode) at a few
    /// sizes, answers what its Rust twin's kernel answers: the browser refuses to time a
    /// Python function that disagrees, so a wrong course file would show no Python at all.
    #[test]
    fn every_python_twin_answers_what_its_rust_twin_answers() {
        use std::io::Write;
        let root = env!("CARGO_MANIFEST_DIR");
        let mut twins = 0;
        for t in TOPICS.iter().filter(|t| t.python.is_some()) {
            let Some(py) = t.python else { continue };
            twins += 1;
            let code = std::fs::read_to_string(format!("{root}/src/{}", py.source_path))
                .unwrap_or_else(|e| panic!("{}: {e}", py.source_path));
            // The widget's default slider values, as the page sends them; the edge sizes
            // and the two smallest of its default sweep (naive recursion's largest would
            // take minutes).
            let params = t.spec.defaults(1);
            let mut sizes = vec![0u64, 1];
            sizes.extend(t.spec.run_spec(0, &params, 1).sizes.into_iter().take(2));
            let request = format!(
                "{{\"code\": {}, \"functions\": [{}], \"sizes\": [{}], \"params\": {{{}}}}}",
                json_string(&code),
                py.functions()
                    .iter()
                    .map(|f| json_string(f))
                    .collect::<Vec<_>>()
                    .join(", "),
                sizes
                    .iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                params
                    .iter()
                    .map(|(k, v)| format!("{}: {v:?}", json_string(k)))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut child = std::process::Command::new("python3")
                .arg(format!("{root}/src/python/harness.py"))
                .arg("--answers")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("python3 runs (script/install puts it on the machine)");
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(request.as_bytes())
                .expect("request written");
            let out = child.wait_with_output().expect("python3 finished");
            assert!(out.status.success(), "{}: python3 failed", py.source_path);
            let answers: std::collections::BTreeMap<
                String,
                std::collections::BTreeMap<String, String>,
            > = serde_json::from_slice(&out.stdout).expect("answers are JSON");
            for v in py.variants {
                for &n in &sizes {
                    let Some(want) = rust_answer(t, v.twin, n, &params) else {
                        continue;
                    };
                    assert_eq!(
                        answers[v.function][&n.to_string()],
                        want.to_string(),
                        "{}: {}({n}) against {}",
                        t.spec.id,
                        v.function,
                        v.twin
                    );
                }
            }
        }
        assert!(twins > 0, "no widget has a Python twin");
    }

    /// What Rust answers for `variant` of `t` at `n`: its kernel's full check, or for a
    /// run of simulated requests, the checksum of its schedule run on a virtual clock
    /// (`None` where the widget refuses the size).
    fn rust_answer(t: &Topic, variant: &str, n: u64, params: &Params) -> Option<u64> {
        if let Some(suite) = suite(t.spec.id) {
            let index = suite
                .variants()
                .iter()
                .position(|r| r.id == variant)
                .unwrap_or_else(|| panic!("{}: no Rust variant {variant}", t.spec.id));
            let clock = crate::harness::StdClock::new();
            let prepared = suite.prepare(crate::kernels::Setup {
                n,
                params,
                threads: 1,
                clock: &clock,
            });
            // The full check where the timed call returns a fingerprint, as the runtime
            // reports it.
            return Some(
                prepared
                    .verify(index)
                    .unwrap_or_else(|| prepared.kernel(index).call()),
            );
        }
        use crate::kernels::latency::{virtual_time::VirtualTimer, Timeline};
        let mut spec = t.spec.run_spec(0, params, 1);
        spec.sizes = vec![n];
        let Some(Ok(AsyncPlan::Schedule(p))) = async_plan(&spec) else {
            return None;
        };
        let &(_, schedule) = p
            .variants
            .iter()
            .find(|(id, _)| *id == variant)
            .unwrap_or_else(|| panic!("{}: no Rust variant {variant}", t.spec.id));
        let timer = VirtualTimer::default();
        let spans = timer.run(run_schedule(schedule, &timer, &p.latencies_ms));
        Some(Timeline::new(variant, spans, 0.0).checksum())
    }

    fn json_string(s: &str) -> String {
        serde_json::to_string(s).expect("a string serialises")
    }

    #[test]
    fn every_widget_has_a_kernel_suite_and_sane_sliders() {
        for w in widgets().filter(|w| w.chart != ChartKind::Resources) {
            let runs_async =
                async_plan(&w.run_spec(0, &w.defaults(2), 2)).is_some_and(|p| p.is_ok());
            assert!(
                suite(w.id).is_some() || runs_async,
                "{} has no suite and no asynchronous run",
                w.id
            );
            assert!(info(w.id).is_some(), "{} has no kernel info", w.id);
            for s in w.sliders {
                assert!(
                    s.min <= s.default && s.default <= s.max,
                    "{}.{} default out of range",
                    w.id,
                    s.name
                );
                let values = s.values(None);
                assert!(
                    values.windows(2).all(|p| p[0] < p[1]),
                    "{}.{} values ascend",
                    w.id,
                    s.name
                );
                assert_eq!(values.first().copied(), Some(s.min), "{}.{}", w.id, s.name);
                assert_eq!(values.last().copied(), Some(s.max), "{}.{}", w.id, s.name);
            }
        }
    }

    #[test]
    fn the_largest_slider_values_fit_in_memory() {
        for w in widgets() {
            let Some(suite) = suite(w.id) else {
                continue;
            };
            let params: crate::catalog::Values = w
                .sliders
                .iter()
                .map(|s| (s.name.to_owned(), s.max))
                .collect();
            let spec = w.run_spec(1, &params, 64);
            for n in spec.sizes {
                let bytes = suite.bytes_needed(n, &spec.params);
                assert!(
                    bytes <= crate::runtime::MEMORY_LIMIT_BYTES,
                    "{} at n={n} needs {bytes} bytes",
                    w.id
                );
            }
        }
    }

    #[test]
    fn the_monitor_offers_every_sweep_but_no_waiting_run() {
        let ids: Vec<&str> = monitorable().map(|w| w.id).collect();
        assert!(ids.contains(&"memory-profile") && ids.contains(&"sum-loop-vs-formula"));
        for not in [
            "io-concurrency",
            "copy-vs-share",
            "blocking-the-ui",
            "persistent-cache",
            "resource-monitor",
        ] {
            assert!(!ids.contains(&not), "{not}");
        }
        assert!(ids.iter().all(|id| suite(id).is_some()));
    }
}
