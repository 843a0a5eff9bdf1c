//! The chart of a widget: a canvas redrawn whenever its points change.

use super::surface::Surface;
use crate::catalog::{ChartKind, WidgetSpec};
use crate::plot::wire::Plot;
use crate::protocol::{Details, Point, Report};
use leptos::prelude::*;

/// Draws `points` for `spec` on a canvas; empty until the first point arrives.
#[component]
pub fn Chart(
    /// The widget whose points these are.
    spec: &'static WidgetSpec,
    /// Points so far (the chart updates during a sweep).
    points: RwSignal<Vec<Point>>,
    /// The Python twin's points, drawn beside them.
    #[prop(optional)]
    python: Option<RwSignal<Vec<Point>>>,
    /// The slider values of the run shown (the speedup chart's serial share, in percent,
    /// for its Amdahl line, and its threads for the x axis).
    ran_values: RwSignal<crate::catalog::Values>,
    /// Plot peak memory per call instead of time.
    #[prop(optional)]
    memory: bool,
    /// The last run's report (timeline and lookup charts draw from its details).
    #[prop(optional)]
    report: Option<RwSignal<Option<Report>>>,
    /// The widget's run state (an `all_cores` widget's chart waits for the end of a run).
    state: RwSignal<super::state::RunState>,
) -> impl IntoView {
    let surface = Surface::new();
    let status = super::env::worker_status();
    let caption = format!(
        "Chart of {} for {}. The same numbers are in the table below.",
        if memory {
            "peak memory per call"
        } else if spec.ui_thread_demo {
            "when the kernel ran, the long tasks and the late frames, on each thread"
        } else if spec.chart == ChartKind::Timeline {
            "when each simulated request started and finished"
        } else if spec.chart == ChartKind::Lookups {
            "the time to each run's answer, read from storage or computed"
        } else {
            "time"
        },
        spec.title
    );

    // Drawing takes a core; a sweep that uses every core would measure the drawing too.
    let held = move || spec.all_cores && state.get() == super::state::RunState::Running;
    crate::view::effect(move || {
        if held() {
            return;
        }
        let mut pts = points.get();
        if let Some(python) = python {
            pts.extend(python.get());
        }
        let (serial_share, max_threads) = ran_values.with_untracked(|v| {
            let threads = v.get("threads").copied().unwrap_or(1.0).max(1.0);
            (
                v.get("serial").copied().unwrap_or(0.0) / 100.0,
                threads as u32,
            )
        });
        // The data (pure); the chart worker draws it, or clears the canvas for `None`.
        // The data; the chart worker builds the figure and draws it, or clears the canvas
        // for `None`.
        let widget = spec.id.to_owned();
        let figure = match spec.chart {
            ChartKind::Growth | ChartKind::Speedup => (!pts.is_empty()).then(|| Plot::Points {
                widget,
                memory,
                points: pts,
                tick_ns: status.with_untracked(|s| match s {
                    crate::worker::client::WorkerStatus::Ready(info) => {
                        Some(info.timer_resolution_ns)
                    }
                    _ => None,
                }),
                serial_share,
                max_threads,
            }),
            ChartKind::Timeline => report.and_then(|r| {
                r.with(|r| match r.as_ref().and_then(|r| r.details.as_ref()) {
                    Some(Details::Timeline { timelines, .. }) => Some(Plot::Timelines {
                        widget,
                        timelines: timelines.clone(),
                        points: pts,
                    }),
                    Some(Details::Responsiveness(phases)) => Some(Plot::Phases {
                        widget,
                        phases: phases.clone(),
                    }),
                    _ => None,
                })
            }),
            ChartKind::Lookups => report.and_then(|r| {
                r.with(|r| match r.as_ref().and_then(|r| r.details.as_ref()) {
                    Some(Details::Cache(log)) => Some(Plot::Lookups(log.clone())),
                    _ => None,
                })
            }),
            // Drawn by the monitor's own component.
            ChartKind::Resources => None,
        };
        surface.paint(figure);
    });

    view! {
        <figure class="chart">
            <canvas node_ref=surface.node role="img" aria-label=caption.clone()></canvas>
            {surface.alert()}
            {move || held().then(|| view! {
                <figcaption class="muted">"The chart is drawn when the sweep ends: drawing now would take a core from the threads being measured."</figcaption>
            })}
        </figure>
    }
}
