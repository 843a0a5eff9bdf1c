//! Lesson 10, `resource-monitor`: not a benchmark of its own. It runs another widget's
//! default sweep and plots what the run does to the worker's memory (`widgets/monitor.rs`
//! draws it; `resources` reads and summarises the readings and writes its sentence).

use crate::catalog::{ChartKind, WidgetSpec, DEFAULTS};
use crate::topics::Topic;

/// The UI half: no sliders and no kernels of its own; its sentence comes from the
/// memory readings, not from a report.
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "resource-monitor",
        title: "Resource monitor: what a run does to memory",
        chart: ChartKind::Resources,
        x_label: "time since the run started (ms)",
        ..DEFAULTS
    },
    info: None,
    python: None,
};
