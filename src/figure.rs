//! A chart as plain data (pure): the `Figure` the UI builds and the chart worker draws,
//! and its parts. Below both `plot` (which builds figures from measured points) and
//! `topics` (where a widget builds the figure of its own details), so neither imports the
//! other to share them.

use serde::{Deserialize, Serialize};

/// One plotted value with its spread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mark {
    /// x (size or threads).
    pub x: f64,
    /// y (median).
    pub y: f64,
    /// Lower end of the spread bar.
    pub lo: f64,
    /// Upper end of the spread bar.
    pub hi: f64,
    /// True when the figure should not be compared (below the clock, drifting, or at the
    /// harness floor): drawn ringed, and explained in the table.
    pub doubtful: bool,
}

/// One variant's line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// Legend text (with the fitted exponent when there is one).
    pub label: String,
    /// Position of the variant in its suite: picks its colour and marker.
    pub index: usize,
    /// The marks, by ascending x.
    pub marks: Vec<Mark>,
    /// Drawn dashed: the same work timed in Python, in its Rust twin's colour.
    #[serde(default)]
    pub dashed: bool,
}

/// A log-log chart of time per operation against n.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Growth {
    /// One line per variant with at least one measured point.
    pub lines: Vec<Line>,
    /// x range, both ends > 0.
    pub x_range: (f64, f64),
    /// y range in ns, both ends > 0.
    pub y_range: (f64, f64),
    /// y-axis caption.
    pub y_label: String,
    /// The clock's tick, drawn as a reference line where the lesson is about it.
    pub tick_ns: Option<f64>,
    /// What y measures.
    pub unit: Unit,
    /// Caption of the x axis.
    pub x_label: String,
    /// A point to mark as the best (fastest), where the lesson is about an optimum.
    pub best: Option<(f64, f64)>,
}

impl Growth {
    /// The mark with the lowest y over all lines (the fastest point).
    pub fn fastest(&self) -> Option<(f64, f64)> {
        self.lines
            .iter()
            .flat_map(|l| l.marks.iter())
            .min_by(|a, b| a.y.total_cmp(&b.y))
            .map(|m| (m.x, m.y))
    }
}

/// The quantity on a growth chart's y axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Unit {
    /// Nanoseconds per operation.
    Time,
    /// Peak bytes per call.
    Bytes,
    /// A relative error (the floor stands for an exact result).
    Relative,
    /// A percentage.
    Percent,
}

/// Where a relative error of 0 is drawn on a log axis.
pub const EXACT_FLOOR: f64 = 1e-17;

/// One line of [`lines_chart`]: its label, its palette index and its `(x, y)` values.
pub type LabelledLine = (String, usize, Vec<(f64, f64)>);

/// Log-log lines through `(x, y)` pairs, one per `(label, index, values)`, with y at
/// least `floor`.
pub fn lines_chart(
    lines: Vec<LabelledLine>,
    floor: f64,
    unit: Unit,
    x_label: &str,
    y_label: &str,
) -> Option<Growth> {
    let lines: Vec<Line> = lines
        .into_iter()
        .filter(|(_, _, v)| !v.is_empty())
        .map(|(label, index, v)| Line {
            label,
            index,
            marks: v
                .into_iter()
                .map(|(x, y)| {
                    let y = y.max(floor);
                    Mark {
                        x: x.max(1.0),
                        y,
                        lo: y,
                        hi: y,
                        doubtful: false,
                    }
                })
                .collect(),
            dashed: false,
        })
        .collect();
    let xs = lines.iter().flat_map(|l| l.marks.iter().map(|m| m.x));
    let (x0, x1) = xs.fold((f64::MAX, f64::MIN), |(a, b), x| (a.min(x), b.max(x)));
    let ys = lines.iter().flat_map(|l| l.marks.iter().map(|m| m.y));
    let (y0, y1) = ys.fold((f64::MAX, f64::MIN), |(a, b), y| (a.min(y), b.max(y)));
    if lines.is_empty() {
        return None;
    }
    Some(Growth {
        lines,
        x_range: if x1 > x0 {
            (x0 / 1.5, x1 * 1.5)
        } else {
            (x0 / 10.0, x0 * 10.0)
        },
        y_range: (y0 / 3.0, y1 * 3.0),
        y_label: y_label.into(),
        tick_ns: None,
        unit,
        x_label: x_label.into(),
        best: None,
    })
}

/// `ttl-cache`: one marker per request of the most requested keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TtlChart {
    /// Title (which TTL).
    pub title: String,
    /// (seconds, key row, lookup).
    pub events: Vec<(f64, u32, crate::details::Lookup)>,
    /// Rows.
    pub keys: u32,
    /// Right end of the time axis, s.
    pub x_max_s: f64,
}

/// The thread-scaling chart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Speedup {
    /// Measured speedup over one thread, with spread.
    pub measured: Vec<Mark>,
    /// Amdahl's prediction for the chosen serial share, at 1..=max threads.
    pub amdahl: Vec<(f64, f64)>,
    /// Perfect scaling.
    pub ideal: Vec<(f64, f64)>,
    /// Largest thread count on the x axis.
    pub max_threads: f64,
    /// Serial share used for the prediction, 0..1.
    pub serial_share: f64,
}

/// One panel of a Gantt chart: a variant's requests as bars.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GanttPanel {
    /// Panel title: the variant's label and its total.
    pub title: String,
    /// Position of the variant in its suite: picks its colour.
    pub index: usize,
    /// (row, start ms, end ms); row 0 is drawn on top.
    pub bars: Vec<(usize, f64, f64)>,
    /// The ideal total with a perfect timer, ms (drawn as a reference line).
    pub ideal_ms: Option<f64>,
    /// The same schedule run in Python, when it has been: its label and total, ms (drawn
    /// as a dashed line in the panel's colour).
    pub python: Option<(String, f64)>,
}

/// Gantt timelines of simulated requests, one panel per variant on a shared time axis.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Gantt {
    /// The panels, in variant order.
    pub panels: Vec<GanttPanel>,
    /// Rows per panel.
    pub rows: usize,
    /// Row names, when rows are categories rather than numbered requests.
    pub row_names: Vec<String>,
    /// The shared x range end, ms.
    pub x_max_ms: f64,
    /// Caption of the x axis.
    pub x_label: String,
}

/// `compare-implementations`' ranking as bars: fastest first, each with its reader-facing
/// label and its colour (the variant's position in its suite).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bars {
    /// The size the variants were ranked at.
    pub n: u64,
    /// (label, colour index, ns per operation, relative to the fastest), fastest first.
    pub rows: Vec<(String, usize, f64, f64)>,
}

/// One chart as plain data: all the chart worker needs to draw it. Text is formatted and
/// colours are picked by index here or in the drawing code, never sent as styles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Figure {
    /// Time (or bytes, or a ratio) against n on log-log axes.
    Growth(Growth),
    /// Speedup against threads.
    Speedup(Speedup),
    /// Timelines of simulated requests, or of the UI-thread demo's phases.
    Gantt(Gantt),
    /// `persistent-cache`: (run, ms to the answer, read from storage).
    Lookups(Vec<(u32, f64, bool)>),
    /// `describe-stats`: the sample's histogram.
    Histogram(crate::details::Histogram),
    /// A profile as an icicle chart.
    Icicle(crate::profiler::Profile),
    /// `ttl-cache`: requests over simulated time.
    Ttl(TtlChart),
    /// `compare-implementations`: the ranking.
    Bars(Bars),
    /// The resource monitor's memory over time.
    Resources(Vec<crate::protocol::ResourceSample>),
}
