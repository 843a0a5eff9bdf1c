//! The one widget shape used by every benchmark on every page.
//!
//! State lives in signals owned by the widget; runs go through the worker client; the
//! chart is a `plot` figure built from the live points, and the sentence under it and the
//! details are written by the chart worker when the run ends (`surface::write`). DOM
//! contract (design.md): root `data-widget` + `data-state`, range inputs with names and
//! labels, `Run`/`Stop` buttons, a canvas, a results table, errors in `role="alert"`.

use super::chart::Chart;
use super::details::DetailsView;
use super::env::worker_status;
use super::results::ResultsTable;
use super::url;
use crate::catalog::{self, ChartKind, SliderSpec, Values, WidgetSpec};
use crate::format::{compact, count};
use crate::kernels::source_markup;
use crate::protocol::{Fault, Point, Report};
use crate::worker::client::{self, RunEvent};
use leptos::prelude::*;

pub use super::state::RunState;

/// The most threads the thread slider may ever show (before the pool caps it).
const THREAD_SLIDER_CEILING: u32 = 64;

/// A live benchmark: sliders, Run/Stop, progress, chart, readout, table and source.
#[component]
pub fn Widget(
    /// Widget id from curriculum.md.
    id: &'static str,
) -> impl IntoView {
    match crate::topics::widget(id) {
        Some(spec) if spec.chart == ChartKind::Resources => {
            view! { <super::monitor::ResourceMonitor spec=spec/> }.into_any()
        }
        Some(spec) => widget_view(spec).into_any(),
        None => {
            view! { <div class="widget" role="alert">{format!("No widget is called {id}.")}</div> }
                .into_any()
        }
    }
}

fn widget_view(spec: &'static WidgetSpec) -> impl IntoView {
    let id = spec.id;
    let info = crate::topics::info(id);
    let measures_memory = info.is_some_and(|s| s.measures_memory);
    // Predict first: where variants race each other by time at each size.
    let variant_labels: Vec<(&'static str, &'static str)> = info
        .map(|s| s.variants.iter().map(|v| (v.id, v.label)).collect())
        .unwrap_or_default();
    let predictable = spec.chart == crate::catalog::ChartKind::Growth
        && !spec.ui_thread_demo
        && crate::prediction::predictable(
            &variant_labels.iter().map(|(id, _)| *id).collect::<Vec<_>>(),
        );
    let status = worker_status();
    // The pool's size (1 until the worker is ready): read where needed, not memoized.
    let pool = move || status.with(|s| s.threads());
    // The page's clock coarsening matches the worker's (the same isolation), so a lookup
    // timed on the UI thread is counted in the worker's ticks.
    let report_resolution_ns = move || {
        status.with_untracked(|s| match s {
            client::WorkerStatus::Ready(info) => info.timer_resolution_ns,
            _ => 0.0,
        })
    };

    let (initial, url_notices) = spec.values_from_query(&url::query_pairs(), THREAD_SLIDER_CEILING);
    let values = RwSignal::new(initial);
    let fault_pending = StoredValue::new(url::fault_requested(id));

    let state = RwSignal::new(RunState::Idle);
    let points = RwSignal::new(Vec::<Point>::new());
    let report = RwSignal::new(None::<Report>);
    let written = RwSignal::new(None::<crate::readout::Written>);
    let progress = RwSignal::new((0u32, 0u32));
    let error = RwSignal::new(None::<String>);
    let queued = RwSignal::new(false);
    let ran_values = RwSignal::new(Values::new());
    let active_run = StoredValue::new(None::<u64>);
    // The Python twin's points (see widgets/python.rs), and whether Python runs anywhere
    // on the page (then Run waits).
    let py_points = RwSignal::new(Vec::<Point>::new());
    let py_busy = super::python::page_busy();
    let twin = crate::topics::python(id);
    // Counted page-wide while this widget's Rust runs, so no panel's Python starts then
    // (the two would share the cores).
    let counted = StoredValue::new(false);
    crate::view::effect(move || {
        let running = state.get() == RunState::Running;
        if running != counted.get_value() {
            counted.set_value(running);
            super::python::rust_running(running);
        }
    });
    on_cleanup(move || {
        if counted.try_get_value() == Some(true) {
            super::python::rust_running(false);
        }
    });
    // The two widgets that finish some runs themselves: blocking-the-ui (a UI-thread phase
    // after the worker's) and persistent-cache (answers from the browser's storage).
    let demo = spec.ui_thread_demo.then(super::blocking::Demo::default);
    let lookups = (spec.chart == ChartKind::Lookups).then(super::storage::Lookups::open);
    let sink = super::state::RunSink {
        widget: id,
        points,
        report,
        written,
        state,
        error,
    };

    // The thread slider cannot exceed the pool the worker reported.
    let effective = move || {
        let mut v = values.get();
        if let Some(t) = v.get_mut("threads") {
            *t = t.min(pool() as f64).max(1.0);
        }
        v
    };

    // A run failed or was stopped: the two widgets' own parts let go of it.
    let end_extras = move || {
        if let Some(d) = demo {
            d.stop();
        }
        if let Some(l) = lookups {
            l.cancel();
        }
    };

    // Hands a run to the worker; its events drive the widget's signals.
    let submit_run = move |run_spec: crate::protocol::RunSpec| {
        // The widget may be gone when the worker answers: use try_ setters throughout.
        let run_id = client::submit(run_spec, move |event| match event {
            RunEvent::Queued => {
                queued.try_set(true);
            }
            RunEvent::Started => {
                queued.try_set(false);
            }
            RunEvent::Resources(_) => {}
            RunEvent::Progress {
                done,
                total,
                points: new,
            } => {
                progress.try_set((done, total));
                points.try_update(|p| p.extend(new));
            }
            RunEvent::Done(r, done) => {
                active_run.try_set_value(None);
                let r = match lookups {
                    Some(l) => l.finish(r, sink),
                    None => Some(r),
                };
                let r = match (r, demo) {
                    (Some(r), Some(d)) => d.finish(r, sink),
                    (r, _) => r,
                };
                // The chart worker writes the sentence and details (the UI links no prose).
                if let Some(r) = r {
                    let values = ran_values.try_get_untracked().unwrap_or_default();
                    // The message stays with the text: the details chart is drawn from it.
                    let message = done.clone();
                    super::surface::write(done, &values, move |text| {
                        sink.done(r, text.map(|w| crate::readout::Written { message, ..w }))
                    });
                }
            }
            RunEvent::Failed(e) => {
                end_extras();
                queued.try_set(false);
                sink.failed(e.to_string());
                active_run.try_set_value(None);
            }
            RunEvent::Cancelled => {
                end_extras();
                queued.try_set(false);
                state.try_set(RunState::Cancelled);
                active_run.try_set_value(None);
            }
        });
        active_run.try_set_value(Some(run_id));
    };
    let run = move || {
        if state.get_untracked() == RunState::Running {
            return;
        }
        let vals = effective();
        let mut run_spec = spec.run_spec(0, &vals, untrack(pool));
        if fault_pending.get_value() {
            run_spec.fault = Some(Fault::Panic);
            fault_pending.set_value(false);
        }
        if let Some(d) = demo {
            d.begin(&mut run_spec, &vals);
        }
        let variants = info.map_or(1, |s| s.variants.len()) as u32;
        progress.set((0, run_spec.sizes.len() as u32 * variants));
        points.set(Vec::new());
        py_points.set(Vec::new());
        report.set(None);
        written.set(None);
        error.set(None);
        ran_values.set(vals);
        state.set(RunState::Running);
        match lookups {
            Some(l) => {
                progress.set((0, 1));
                let n = run_spec.sizes.first().copied().unwrap_or(1);
                l.start(n, report_resolution_ns(), untrack(pool), sink, move || {
                    submit_run(run_spec)
                });
            }
            None => submit_run(run_spec),
        }
    };
    let stop = move || {
        if let Some(run_id) = active_run.get_value() {
            client::cancel(run_id);
        }
    };
    on_cleanup(move || {
        if let Some(run_id) = active_run.try_get_value().flatten() {
            client::cancel(run_id);
        }
    });

    let set_value = move |name: &'static str, v: f64| {
        values.update(|vals| {
            vals.insert(name.to_owned(), v);
        });
        url::replace_widget_params(
            id,
            &spec.query_pairs(&values.get_untracked(), THREAD_SLIDER_CEILING),
        );
    };

    // Written by the chart worker (or by the widget's own finishing step).
    let sentence = move || written.with(|w| w.as_ref().map(|w| w.sentence.clone()));
    // Results on screen belong to the settings they were measured with. Once a slider moves
    // away from those, say so, and keep Copy link and the downloads tied to what is shown,
    // so a shared link reproduces what its sender saw.
    let has_results = move || points.with(|p| !p.is_empty());
    let stale = move || {
        has_results() && state.get() != RunState::Running && ran_values.with(|r| *r != effective())
    };
    let busy = move || state.get() == RunState::Running;
    // Until the worker is ready the pool size is unknown; a run built now would assume
    // one thread. So Run waits for Ready, and says so.
    let ready = move || status.with(|s| matches!(s, client::WorkerStatus::Ready(_)));

    view! {
        <section class="widget" data-widget=id data-state=move || state.get().as_str()
            aria-labelledby=format!("{id}-title") id=id>
            <h3 id=format!("{id}-title")>{spec.title}</h3>
            <div class="contents" inner_html=move || crate::status::head(
                &url_notices,
                (spec.chart == ChartKind::Speedup).then(pool),
            )></div>
            <div class="controls">
                {spec.sliders.iter().map(|s| slider(id, s, values, pool, set_value)).collect_view()}
                <div class="buttons">
                    <button type="button" class="run" on:click=move |_| run() disabled=move || busy() || !ready() || py_busy.get()>"Run"</button>
                    <button type="button" class="stop" on:click=move |_| stop() disabled=move || !busy()>"Stop"</button>
                </div>
            </div>
            {lookups.map(|l| l.view(busy))}
            {super::state::status_lines(move || crate::status::Status {
                ready: ready(),
                running: busy().then(|| progress.get()),
                waiting: if !busy() {
                    None
                } else if demo.is_some_and(|d| d.on_ui_thread()) {
                    Some("The worker is done; now the same call runs on the UI thread, and the page freezes until it returns…")
                } else if queued.get() {
                    Some("Waiting for another widget's run to finish…")
                } else {
                    None
                },
                coarse_clock: busy().then(super::state::coarse_clock).flatten(),
                error: error.get(),
                cancelled: state.get() == RunState::Cancelled,
                stale: stale().then(|| settings(spec, &ran_values.get())),
            })}
            {demo.map(|d| d.view())}
            {predictable.then(|| view! {
                <super::predict::PredictPanel widget=id variants=variant_labels.clone() points=points state=state/>
            })}
            <Chart spec=spec points=points python=py_points ran_values=ran_values report=report state=state/>
            {measures_memory.then(|| view! {
                <Chart spec=spec points=points ran_values=ran_values memory=true state=state/>
            })}
            <p class="readout" aria-live="polite" data-machine-ns=move || written.with(|w| {
                w.as_ref().map(|w| w.machine.clone()).filter(|m| !m.is_empty())
            })>
                {move || sentence().unwrap_or_else(|| match state.get() {
                    RunState::Idle => "Press Run to measure on your machine.".to_owned(),
                    RunState::Running => "Measuring…".to_owned(),
                    _ => String::new(),
                })}
            </p>
            {spec.ranking.then(|| view! { <super::ranking::RankingView widget=id points=points/> })}
            <DetailsView written=written/>
            // Figures measured natively on another day: where the widget has no Python twin
            // to run here and now, and NumPy's, which cannot run here.
            {crate::python_figures::note_markup(id).map(|inner| view! {
                <aside class="python-note" data-python-note="true" inner_html=inner></aside>
            })}
            {twin.map(|twin| view! {
                <super::python::PythonPanel widget=id twin=twin rust=points python=py_points
                    params=ran_values/>
            }.into_any())}
            <ResultsTable widget=id op_label=spec.op_label n_label=spec.n_label points=points python=py_points
                bytes_per_op=spec.bytes_per_op
                memory=measures_memory/>
            <super::share::ShareBar spec=spec values=values ran_values=ran_values points=points python=py_points/>
            <SourceView widget=id/>
        </section>
    }
}

/// "n = 10,000, skew = 1.5": the slider values of a run, as the notice about stale results
/// names them.
fn settings(spec: &WidgetSpec, values: &Values) -> String {
    let mut parts = Vec::new();
    for s in spec.sliders {
        if let Some(&v) = values.get(s.name) {
            let shown = if v.fract() == 0.0 && v.abs() < 1e15 {
                count(v.abs() as u64)
            } else {
                crate::format::shortest(v)
            };
            parts.push(format!("{} = {shown}", s.name));
        }
    }
    parts.join(", ")
}

fn slider(
    widget: &'static str,
    spec: &'static SliderSpec,
    values: RwSignal<Values>,
    pool: impl Fn() -> u32 + Copy + Send + Sync + 'static,
    set_value: impl Fn(&'static str, f64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let input_id = format!("{widget}-{}", spec.name);
    let cap = move || (spec.name == "threads").then(|| pool() as f64);
    let stops = move || spec.values(cap());
    let current = move || {
        let v = values.with(|v| v.get(spec.name).copied().unwrap_or(spec.default));
        spec.snap(v, cap())
    };
    let position = move || {
        let c = current();
        stops().iter().position(|s| *s == c).unwrap_or(0)
    };
    let shown = move || {
        let v = current();
        match spec.scale {
            catalog::Scale::Log if v >= 10_000.0 => format!("{} ({})", compact(v), count(v as u64)),
            _ => format!("{}{}", catalog::trim_number(v), spec.unit),
        }
    };
    view! {
        <div class="slider">
            <label for=input_id.clone()>{spec.label}</label>
            <input type="range" id=input_id.clone() name=spec.name min="0"
                max=move || stops().len().saturating_sub(1).to_string() step="1"
                prop:value=move || position().to_string()
                aria-valuetext=shown
                on:input=move |ev| {
                    let pos: usize = event_target_value(&ev).parse().unwrap_or(0);
                    if let Some(v) = stops().get(pos) {
                        set_value(spec.name, *v);
                    }
                }/>
            <output for=input_id>{shown}</output>
        </div>
    }
}

/// The Rust source of each variant, cut from the file the worker was compiled from, and
/// the WebAssembly it compiled to (from the worker's own module, written by the build's
/// script/wasm_listings.mjs). Both files are fetched (`/source/…`, `/wasm/….wat`) the
/// first time a reader opens the section, so they do not weigh on the UI bundle.
#[component]
fn SourceView(widget: &'static str) -> impl IntoView {
    let Some(suite) = crate::topics::info(widget) else {
        return ().into_any();
    };
    // The section as markup (`kernels::source_markup`, tested natively), rewritten as the
    // two files arrive.
    let html = RwSignal::new(source_markup(suite.variants, None, None));
    let requested = StoredValue::new(false);
    let load = move |ev: leptos::ev::Event| {
        let open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
        if !open || requested.get_value() {
            return;
        }
        requested.set_value(true);
        leptos::task::spawn_local(async move {
            let file = crate::fetch_text(&format!("/source/{}", suite.source_path)).await;
            let show = |listings: Option<Result<&str, &str>>| {
                let file = file.as_deref().map_err(String::as_str);
                html.try_set(source_markup(suite.variants, Some(file), listings));
            };
            show(None);
            if file.is_ok() {
                let wasm = crate::fetch_text(&format!("/wasm/{}.wat", suite.source_path)).await;
                show(Some(wasm.as_deref().map_err(String::as_str)));
            }
        });
    };
    view! {
        <details class="source" on:toggle=load>
            <summary>"Show the code that ran"</summary>
            <div class="contents" inner_html=move || html.get()></div>
        </details>
    }
    .into_any()
}
