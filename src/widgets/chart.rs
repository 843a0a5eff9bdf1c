//! The chart of a widget: a canvas redrawn whenever its points change.

use super::surface::Surface;
use crate::catalog::{ChartKind, WidgetSpec};
use crate::plot::series::{self, Figure};
use crate::protocol::{Details, Point};
use leptos::prelude::*;

/// Draws `points` for `spec` on a canvas; empty until the first point arrives.
#[component]
pub fn Chart(
    /// The widget whose points these are.
    spec: &'static WidgetSpec,
    /// Points so far (the chart updates during a sweep), Python twins' included.
    #[prop(into)]
    points: Signal<Vec<Point>>,
    /// Serial share (0..1) for the speedup chart's Amdahl line.
    serial_share: Signal<f64>,
    /// Threads on the speedup chart's x axis.
    max_threads: Signal<u32>,
    /// Plot peak memory per call instead of time.
    #[prop(optional)]
    memory: bool,
    /// The last run's details (timeline charts draw from them).
    #[prop(optional)]
    details: Option<Memo<Option<Details>>>,
    /// The widget's run state (an `all_cores` widget's chart waits for the end of a run).
    state: RwSignal<super::state::RunState>,
) -> impl IntoView {
    let surface = Surface::new();
    let status = super::env::worker_status();
    let variants: Vec<&'static str> = crate::topics::info(spec.id)
        .map(|s| s.variants.iter().map(|v| v.id).collect())
        .unwrap_or_default();
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
        let pts = points.get();
        // The data (pure); the chart worker draws it, or clears the canvas for `None`.
        let figure = match spec.chart {
            ChartKind::Growth if memory => {
                series::memory(spec.id, &variants, &pts).map(Figure::Growth)
            }
            ChartKind::Growth => {
                let tick = status.with_untracked(|s| match s {
                    crate::worker::client::WorkerStatus::Ready(info) => {
                        Some(info.timer_resolution_ns)
                    }
                    _ => None,
                });
                series::growth_figure(spec, &variants, &pts, tick).map(Figure::Growth)
            }
            ChartKind::Timeline => details
                .and_then(|d| {
                    d.with(|d| match d {
                        Some(Details::Timeline { timelines, .. }) => {
                            series::gantt(spec.id, &variants, timelines, &pts, spec.x_label)
                        }
                        Some(Details::Responsiveness(phases)) => {
                            series::phases(spec.id, &variants, phases)
                        }
                        _ => None,
                    })
                })
                .map(Figure::Gantt),
            ChartKind::Lookups => details
                .and_then(|d| {
                    d.with(|d| match d {
                        Some(Details::Cache(log)) => series::lookups(log),
                        _ => None,
                    })
                })
                .map(Figure::Lookups),
            // Drawn by the monitor's own component.
            ChartKind::Resources => None,
            ChartKind::Speedup => series::speedup(
                &pts,
                serial_share.get_untracked(),
                max_threads.get_untracked(),
            )
            .map(Figure::Speedup),
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
