//! `resource-monitor`: runs any sweep widget's default run and shows what it did to the
//! bench worker's memory, live while it runs. It keeps the widget DOM contract
//! (`data-widget`, `data-state`, Run/Stop, a canvas, a table, alerts) but has a workload
//! picker instead of sliders, because its subject is another widget's run.

use super::state::RunState;
use super::surface::Surface;
use crate::catalog::WidgetSpec;
use crate::plot::wire::Plot;
use crate::protocol::ResourceSample;
use crate::worker::client::{self, RunEvent};
use leptos::prelude::*;

/// The UI thread's JS heap in use, where the browser exposes it (Chromium's
/// non-standard `performance.memory`).
fn js_heap() -> Option<u64> {
    let perf = web_sys::window()?.performance()?;
    let memory = js_sys::Reflect::get(&perf, &"memory".into()).ok()?;
    js_sys::Reflect::get(&memory, &"usedJSHeapSize".into())
        .ok()?
        .as_f64()
        .map(|v| v as u64)
}

/// The resource monitor.
#[component]
pub fn ResourceMonitor(
    /// Its catalog entry.
    spec: &'static WidgetSpec,
) -> impl IntoView {
    let id = spec.id;
    let choices: Vec<&'static WidgetSpec> = crate::topics::monitorable().collect();
    let chosen =
        RwSignal::new(crate::topics::widget("memory-profile").map_or(choices[0].id, |w| w.id));
    let state = RwSignal::new(RunState::Idle);
    let samples = RwSignal::new(Vec::<ResourceSample>::new());
    let progress = RwSignal::new((0u32, 0u32));
    let error = RwSignal::new(None::<String>);
    let heap = RwSignal::new(None::<(u64, u64)>);
    let ran = RwSignal::new("");
    let active = StoredValue::new(None::<u64>);
    let status = super::env::worker_status();
    let ready = move || status.with(|s| matches!(s, client::WorkerStatus::Ready(_)));
    let busy = move || state.get() == RunState::Running;

    let run = move || {
        let Some(w) = crate::topics::widget(chosen.get_untracked()) else {
            return;
        };
        let pool = status.with_untracked(|s| s.threads());
        let spec = w.run_spec(0, &w.defaults(pool), pool);
        samples.set(Vec::new());
        error.set(None);
        heap.set(js_heap().map(|h| (h, h)));
        ran.set(w.title);
        progress.set((0, 0));
        state.set(RunState::Running);
        let run_id = client::submit(spec, move |event| match event {
            RunEvent::Resources(sample) => {
                samples.try_update(|s| s.push(sample));
            }
            RunEvent::Progress { done, total, .. } => {
                progress.try_set((done, total));
            }
            RunEvent::Done(..) => {
                heap.try_update(|h| {
                    if let (Some((before, _)), Some(after)) = (*h, js_heap()) {
                        *h = Some((before, after));
                    }
                });
                state.try_set(RunState::Done);
                super::progress::mark_ran(id);
                active.try_set_value(None);
            }
            RunEvent::Failed(e) => {
                error.try_set(Some(e.to_string()));
                state.try_set(RunState::Error);
                active.try_set_value(None);
            }
            RunEvent::Cancelled => {
                state.try_set(RunState::Cancelled);
                active.try_set_value(None);
            }
            RunEvent::Queued | RunEvent::Started => {}
        });
        active.set_value(Some(run_id));
    };
    let stop = move || {
        if let Some(run_id) = active.get_value() {
            client::cancel(run_id);
        }
    };
    on_cleanup(move || {
        if let Some(run_id) = active.try_get_value().flatten() {
            client::cancel(run_id);
        }
    });

    let surface = Surface::new();
    crate::view::effect(move || {
        let list = samples.get();
        surface.paint((!list.is_empty()).then_some(Plot::Resources(list)));
    });
    let sentence = move || {
        let list = samples.get();
        match state.get() {
            RunState::Idle => "Choose a workload and press Run.".to_owned(),
            RunState::Running if list.is_empty() => "Starting…".to_owned(),
            _ => crate::resources::summarize(&list)
                .map(|s| crate::resources::sentence(ran.get(), &s, heap.get()))
                .unwrap_or_default(),
        }
    };
    let select_id = format!("{id}-workload");

    view! {
        <section class="widget" data-widget=id data-state=move || state.get().as_str()
            aria-labelledby=format!("{id}-title") id=id>
            <h3 id=format!("{id}-title")>{spec.title}</h3>
            <div class="controls">
                <div class="slider">
                    <label for=select_id.clone()>"Workload: the default run of"</label>
                    <select id=select_id name="workload"
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(w) = crate::topics::widget(&v) {
                                chosen.set(w.id);
                            }
                        }>
                        {choices.clone().into_iter().map(|w| view! {
                            <option value=w.id selected=move || chosen.get() == w.id>{w.title}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="buttons">
                    <button type="button" class="run" on:click=move |_| run() disabled=move || busy() || !ready()>"Run"</button>
                    <button type="button" class="stop" on:click=move |_| stop() disabled=move || !busy()>"Stop"</button>
                </div>
            </div>
            // (No "starting" line: the monitor's Run waits for the worker like any widget's.)
            {super::state::status_lines(move || crate::status::Status {
                ready: true,
                running: busy().then(|| progress.get()),
                waiting: None,
                coarse_clock: busy().then(super::state::coarse_clock).flatten(),
                error: error.get(),
                cancelled: state.get() == RunState::Cancelled,
                stale: None,
            })}
            <figure class="chart">
                <canvas node_ref=surface.node role="img"
                    aria-label="Line chart of the bench worker's WebAssembly memory and the allocator's live and peak bytes during the run. The readings are in the table below."></canvas>
                {surface.alert()}
            </figure>
            <p class="readout" aria-live="polite">{sentence}</p>
            // The readings as markup (`resources::table`, pure and tested natively).
            <div class="table-wrap" inner_html=move || samples.with(|s| crate::resources::table(s))></div>
        </section>
    }
}
