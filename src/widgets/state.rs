//! Where a widget's run is: shared by the widget and the parts it is made of (chart,
//! prediction, resource monitor), which read it without importing the widget; and the
//! progress line both the widget and the resource monitor show while a run goes.

/// Where a widget's run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    /// Never run.
    Idle,
    /// Queued or measuring.
    Running,
    /// Finished.
    Done,
    /// Failed: an alert says why.
    Error,
    /// Stopped by the reader.
    Cancelled,
}

impl RunState {
    /// The `data-state` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Running => "running",
            Self::Done => "done",
            Self::Error => "error",
            Self::Cancelled => "cancelled",
        }
    }
}

/// Where a finished run's outcome goes: the widget's own signals, handed to the parts
/// that finish a run themselves (`blocking-the-ui`'s UI-thread phase, `persistent-cache`'s
/// lookups), so the widget shell holds none of their logic.
#[derive(Clone, Copy)]
pub struct RunSink {
    /// The widget's id.
    pub widget: &'static str,
    /// The points shown in the chart and table.
    pub points: leptos::prelude::RwSignal<Vec<crate::protocol::Point>>,
    /// The finished report (details, exports).
    pub report: leptos::prelude::RwSignal<Option<crate::protocol::Report>>,
    /// What the widget wrote about it (the readout, the details markup).
    pub written: leptos::prelude::RwSignal<Option<crate::readout::Written>>,
    /// The run's state.
    pub state: leptos::prelude::RwSignal<RunState>,
    /// The alert's text.
    pub error: leptos::prelude::RwSignal<Option<String>>,
}

impl RunSink {
    /// The run ended with `report`, and `written` is its text (or why the chart worker,
    /// which writes it, could not). (The widget may be gone: setters are `try_`.)
    pub fn done(
        self,
        report: crate::protocol::Report,
        written: Result<crate::readout::Written, String>,
    ) {
        use leptos::prelude::*;
        let written = written.unwrap_or_else(|why| crate::readout::Written {
            sentence: why,
            ..Default::default()
        });
        self.points.try_set(report.points.clone());
        self.written.try_set(Some(written));
        self.report.try_set(Some(report));
        self.state.try_set(RunState::Done);
        super::progress::mark_ran(self.widget);
    }

    /// The run failed; `why` is shown in the widget's alert.
    pub fn failed(self, why: String) {
        use leptos::prelude::*;
        self.error.try_set(Some(why));
        self.state.try_set(RunState::Error);
    }
}

/// A widget's status lines (`status::lines`: starting, the progress bar and its line,
/// the error, stopped) in one element, rewritten as they change: `status` is called inside
/// the element's reactive closure, so every signal it reads is tracked.
pub fn status_lines(
    status: impl Fn() -> crate::status::Status + Send + Sync + 'static,
) -> impl leptos::prelude::IntoView {
    use leptos::prelude::*;
    view! { <div class="status-lines" inner_html=move || crate::status::lines(&status())></div> }
}

/// Why sweeps take longer in this browser, once the worker says how coarse its clock is
/// (`engine::coarse_clock_note`); read inside a reactive closure, it is tracked.
pub fn coarse_clock() -> Option<String> {
    use leptos::prelude::*;
    match super::env::worker_status().get() {
        crate::worker::client::WorkerStatus::Ready(info) => {
            crate::engine::coarse_clock_note(info.timer_resolution_ns)
        }
        _ => None,
    }
}
