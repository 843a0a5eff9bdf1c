//! Chart data from measured points (pure): what to draw, never how.

pub use crate::figure::{
    lines_chart, Bars, Figure, Gantt, GanttPanel, Growth, Line, Mark, Speedup, TtlChart, Unit,
    EXACT_FLOOR,
};
use crate::protocol::Point;
use crate::stats::{amdahl_speedup, fit_power_law};
use crate::topics::label;

/// The figure of `plot`, as the chart worker draws it; `None` when there is nothing to
/// draw yet (no measured point, an unknown widget, a message that is not a finished run).
pub fn figure_of(plot: &super::wire::Plot) -> Option<Figure> {
    use super::wire::Plot;
    use crate::catalog::ChartKind;
    let variants = crate::topics::variant_ids;
    match plot {
        Plot::Points {
            widget,
            memory: by_memory,
            points,
            tick_ns,
            serial_share,
            max_threads,
        } => {
            let spec = crate::topics::widget(widget)?;
            match spec.chart {
                ChartKind::Growth if *by_memory => {
                    memory(widget, &variants(widget), points).map(Figure::Growth)
                }
                ChartKind::Growth => {
                    growth_figure(spec, &variants(widget), points, *tick_ns).map(Figure::Growth)
                }
                ChartKind::Speedup => {
                    speedup(points, *serial_share, *max_threads).map(Figure::Speedup)
                }
                _ => None,
            }
        }
        Plot::Timelines {
            widget,
            timelines,
            points,
        } => {
            let spec = crate::topics::widget(widget)?;
            gantt(widget, &variants(widget), timelines, points, spec.x_label).map(Figure::Gantt)
        }
        Plot::Phases { widget, phases: p } => {
            phases(widget, &variants(widget), p).map(Figure::Gantt)
        }
        Plot::Lookups(log) => lookups(log).map(Figure::Lookups),
        Plot::Ranking { widget, points } => {
            let order = variants(widget);
            let r = crate::ranking::ranking(&order, points, None)?;
            Some(Figure::Bars(bars(widget, &order, &r)))
        }
        Plot::Resources(list) => (!list.is_empty()).then(|| Figure::Resources(list.clone())),
        Plot::Details(done) => match crate::protocol::decode(done) {
            Ok(crate::protocol::Response::Done { report, .. }) => {
                crate::topics::details_figure(report.details.as_ref()?)
            }
            _ => None,
        },
    }
}

/// Smallest y shown on a log axis; a reading of 0 ns (below the clock's resolution)
/// is drawn here rather than dropped.
pub const FLOOR_NS: f64 = 0.1;

/// Builds the growth chart of `widget` from its points (partial or complete), with an
/// optional reference line at the clock's tick. `with_fit` adds each line's fitted growth
/// exponent to its label (off where a curve has an optimum rather than a growth rate).
pub fn growth(
    widget: &str,
    variants: &[&str],
    points: &[Point],
    op_label: &str,
    tick_ns: Option<f64>,
    with_fit: bool,
) -> Option<Growth> {
    let mut lines: Vec<Line> = variants
        .iter()
        .enumerate()
        .filter_map(|(index, id)| growth_line(widget, id, index, points, with_fit))
        .collect();
    // The Python twin's functions: dashed, in the colour of the Rust variant they mirror.
    if let Some(twin) = crate::topics::python(widget) {
        for v in twin.variants {
            let index = variants.iter().position(|id| *id == v.twin).unwrap_or(0);
            if let Some(mut line) = growth_line(widget, v.function, index, points, with_fit) {
                line.dashed = true;
                lines.push(line);
            }
        }
    }
    if lines.is_empty() {
        return None;
    }
    let all = lines.iter().flat_map(|l| l.marks.iter());
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for m in all {
        x0 = x0.min(m.x);
        x1 = x1.max(m.x);
        y0 = y0.min(m.lo);
        y1 = y1.max(m.hi);
    }
    if let Some(t) = tick_ns.filter(|t| *t > 0.0) {
        y0 = y0.min(t);
        y1 = y1.max(t);
    }
    // Pad by a factor so end points and bars are not clipped; widen single points.
    let x_range = if x1 > x0 {
        (x0 / 1.5, x1 * 1.5)
    } else {
        (x0 / 10.0, x0 * 10.0)
    };
    let y_range = (y0 / 2.0, y1 * 2.0);
    Some(Growth {
        lines,
        x_range,
        y_range,
        y_label: format!("time per {op_label}"),
        tick_ns,
        unit: Unit::Time,
        x_label: "n".into(),
        best: None,
    })
}

/// One variant's line on a growth chart, or `None` when it has no measured point.
fn growth_line(
    widget: &str,
    id: &str,
    index: usize,
    points: &[Point],
    with_fit: bool,
) -> Option<Line> {
    let mut marks: Vec<Mark> = points
        .iter()
        .filter(|p| p.variant == id)
        .filter_map(|p| {
            let m = p.measurement()?;
            let ops = p.ops_per_call.max(1) as f64;
            Some(Mark {
                x: p.n.max(1) as f64,
                y: (m.summary.median_ns / ops).max(FLOOR_NS),
                lo: (m.summary.min_ns / ops).max(FLOOR_NS),
                hi: (m.summary.max_ns / ops).max(FLOOR_NS),
                doubtful: m.is_marked(),
            })
        })
        .collect();
    if marks.is_empty() {
        return None;
    }
    crate::order::sort_small_by(&mut marks, by_x);
    // Fit only real readings: a reading of 0 drawn at the floor is not a duration.
    let pts: Vec<(f64, f64)> = marks
        .iter()
        .filter(|m| m.y > FLOOR_NS)
        .map(|m| (m.x, m.y))
        .collect();
    let mut text = label(widget, id);
    if let Some(fit) = fit_power_law(&pts).filter(|f| f.points >= 3 && with_fit) {
        text += &format!("  ~ n^{}", crate::format::fixed(fit.exponent, 2));
    }
    Some(Line {
        label: text,
        index,
        marks,
        dashed: false,
    })
}

/// The growth chart of widget `spec` as the reader sees it: time per operation, with the
/// clock's tick (`tick_ns`, drawn only where the widget shows it), fitted exponents only
/// where the lesson is about growth, the widget's x caption and, where the lesson is
/// about an optimum, the fastest point ringed.
pub fn growth_figure(
    spec: &crate::catalog::WidgetSpec,
    variants: &[&str],
    points: &[Point],
    tick_ns: Option<f64>,
) -> Option<Growth> {
    let tick = tick_ns.filter(|_| spec.show_clock_tick);
    growth(
        spec.id,
        variants,
        points,
        spec.op_label,
        tick,
        spec.show_fit && !spec.mark_best,
    )
    .map(|mut g| {
        g.x_label = spec.x_label.into();
        g.best = if spec.mark_best { g.fastest() } else { None };
        g
    })
}

/// The text of a growth chart's y-axis tick: a duration or a byte count. A log axis has
/// no zero, so no tick says 0: readings of 0 ns are drawn at [`FLOOR_NS`] and ringed
/// (they are below the clock), and calls that allocated nothing at 1 B, which the legend
/// says.
pub fn y_label(unit: Unit, y: f64) -> String {
    match unit {
        // Ticks are round values: "0.5 ns", not "0.500 ns".
        Unit::Time => trim_zeros(&crate::format::duration_ns(y)),
        Unit::Bytes => trim_zeros(&crate::format::bytes(y.round().max(1.0) as u64)),
        Unit::Relative if y <= EXACT_FLOOR * 1.001 => "exact".into(),
        Unit::Relative => crate::format::exponential(y, 0),
        Unit::Percent => format!("{}%", crate::format::compact(y)),
    }
}

/// "2.00 ns" → "2 ns", "0.500 ns" → "0.5 ns", "1.50 µs" → "1.5 µs"; "100 ns" stays.
pub(crate) fn trim_zeros(text: &str) -> String {
    let (number, unit) = text.split_once(' ').unwrap_or((text, ""));
    let number = if number.contains('.') {
        number.trim_end_matches('0').trim_end_matches('.')
    } else {
        number
    };
    if unit.is_empty() {
        number.to_owned()
    } else {
        format!("{number} {unit}")
    }
}

/// `persistent-cache`: one bar per run on the page, (run, ms, hit).
pub fn lookups(log: &[crate::persist::Lookup]) -> Option<Vec<(u32, f64, bool)>> {
    (!log.is_empty()).then(|| {
        log.iter()
            .map(|l| (l.run, l.ms.max(0.001), l.outcome.is_hit()))
            .collect()
    })
}

/// Peak bytes per call against n, for widgets that measure memory. A call that held no
/// memory is drawn at the floor (1 byte, labelled 0).
pub fn memory(widget: &str, variants: &[&str], points: &[Point]) -> Option<Growth> {
    let lines: Vec<Line> = variants
        .iter()
        .enumerate()
        .filter_map(|(index, id)| {
            let mut marks: Vec<Mark> = points
                .iter()
                .filter(|p| p.variant == *id)
                .filter_map(|p| {
                    let bytes = (p.memory?.peak_bytes as f64).max(1.0);
                    Some(Mark {
                        x: p.n.max(1) as f64,
                        y: bytes,
                        lo: bytes,
                        hi: bytes,
                        doubtful: false,
                    })
                })
                .collect();
            crate::order::sort_small_by(&mut marks, by_x);
            (!marks.is_empty()).then(|| Line {
                label: label(widget, id),
                index,
                marks,
                dashed: false,
            })
        })
        .collect();
    let marks = lines.iter().flat_map(|l| l.marks.iter());
    let (x0, x1, y0, y1) = marks.fold(
        (f64::MAX, f64::MIN, f64::MAX, 1.0f64),
        |(a, b, lo, hi), m| (a.min(m.x), b.max(m.x), lo.min(m.y), hi.max(m.y)),
    );
    if lines.is_empty() {
        return None;
    }
    // From below the smallest reading: 0.5 B when a call allocated nothing (drawn at
    // 1 B), else a factor of 4 under the least, so lines of kilobytes are not squeezed
    // into the top of an axis that starts at one byte.
    let y_low = if y0 <= 1.0 { 0.5 } else { y0 / 4.0 };
    let x_range = if x1 > x0 {
        (x0 / 1.5, x1 * 1.5)
    } else {
        (x0 / 10.0, x0 * 10.0)
    };
    Some(Growth {
        lines,
        x_range,
        y_range: (y_low, y1 * 4.0),
        y_label: "peak memory per call".into(),
        tick_ns: None,
        unit: Unit::Bytes,
        x_label: "n".into(),
        best: None,
    })
}

/// Builds the speedup chart from `parallel-cpu` points (n = threads).
pub fn speedup(points: &[Point], serial_share: f64, max_threads: u32) -> Option<Speedup> {
    let base = points
        .iter()
        .find(|p| p.n == 1)?
        .measurement()?
        .summary
        .clone();
    let mut measured: Vec<Mark> = points
        .iter()
        .filter_map(|p| {
            let m = p.measurement()?;
            let s = &m.summary;
            Some(Mark {
                x: p.n as f64,
                y: base.median_ns / s.median_ns,
                lo: base.min_ns / s.max_ns,
                hi: base.max_ns / s.min_ns,
                doubtful: !m.is_reliable(),
            })
        })
        .collect();
    crate::order::sort_small_by(&mut measured, by_x);
    let top = max_threads.max(2) as f64;
    let steps = (1..=max_threads.max(2)).map(f64::from);
    Some(Speedup {
        measured,
        amdahl: steps
            .clone()
            .map(|k| (k, amdahl_speedup(serial_share, k)))
            .collect(),
        ideal: steps.map(|k| (k, k)).collect(),
        max_threads: top,
        serial_share,
    })
}

/// The Gantt chart of a timeline run's details; `points` may hold the Python twin's
/// totals, each drawn in the panel of the Rust schedule it mirrors.
pub fn gantt(
    widget: &str,
    variants: &[&str],
    timelines: &[crate::details::Timeline],
    points: &[Point],
    x_label: &str,
) -> Option<Gantt> {
    let twin = crate::topics::python(widget);
    let python_total = |variant: &str| {
        let v = twin?.variants.iter().find(|v| v.twin == variant)?;
        let p = points.iter().find(|p| p.variant == v.function)?;
        Some((
            format!("{} in Python", v.label),
            p.measurement()?.summary.median_ns / 1e6,
        ))
    };
    let panels: Vec<GanttPanel> = timelines
        .iter()
        .map(|t| GanttPanel {
            title: format!(
                "{}: {}",
                label(widget, &t.variant),
                crate::format::duration_ns(t.total_ms() * 1e6)
            ),
            index: variants.iter().position(|v| *v == t.variant).unwrap_or(0),
            bars: t
                .spans
                .iter()
                .map(|s| (s.id, s.start_ms, s.end_ms))
                .collect(),
            ideal_ms: Some(t.ideal_ms),
            python: python_total(&t.variant),
        })
        .collect();
    if panels.is_empty() {
        return None;
    }
    let rows = panels
        .iter()
        .map(|p| p.bars.len())
        .max()
        .unwrap_or(1)
        .max(1);
    let x_max_ms = timelines
        .iter()
        .flat_map(|t| [t.total_ms(), t.ideal_ms])
        .chain(
            panels
                .iter()
                .filter_map(|p| p.python.as_ref().map(|(_, ms)| *ms)),
        )
        .fold(1.0, f64::max)
        * 1.04;
    Some(Gantt {
        panels,
        rows,
        row_names: Vec::new(),
        x_max_ms,
        x_label: x_label.into(),
    })
}

/// Rows of the responsiveness chart.
pub const PHASE_ROWS: [&str; 3] = ["kernel running", "long tasks", "frames late"];

/// The responsiveness chart: per phase, when the kernel ran, the long tasks and the
/// late frames, on a time axis from the start of each phase's window.
pub fn phases(widget: &str, variants: &[&str], phases: &[crate::frames::Phase]) -> Option<Gantt> {
    if phases.is_empty() {
        return None;
    }
    let panels = phases
        .iter()
        .map(|p| {
            let t0 = p.window.start_ms;
            let bar =
                |row: usize, i: &crate::frames::Interval| (row, i.start_ms - t0, i.end_ms - t0);
            let mut bars = vec![bar(0, &p.kernel)];
            bars.extend(p.long_tasks.iter().map(|i| bar(1, i)));
            bars.extend(p.late_frames.iter().map(|i| bar(2, i)));
            GanttPanel {
                title: format!(
                    "{}: {} long task{}, {} dropped frame{}",
                    label(widget, &p.variant),
                    p.long_tasks.len(),
                    if p.long_tasks.len() == 1 { "" } else { "s" },
                    p.dropped_frames,
                    if p.dropped_frames == 1 { "" } else { "s" },
                ),
                index: variants.iter().position(|v| *v == p.variant).unwrap_or(0),
                bars,
                ideal_ms: None,
                python: None,
            }
        })
        .collect();
    let x_max_ms = phases.iter().map(|p| p.window.len_ms()).fold(1.0, f64::max);
    Some(Gantt {
        panels,
        rows: PHASE_ROWS.len(),
        row_names: PHASE_ROWS.iter().map(|r| r.to_string()).collect(),
        x_max_ms,
        x_label: "time since the run started (ms)".into(),
    })
}

/// The bars of a ranking of `widget`'s `variants`.
pub fn bars(widget: &str, variants: &[&str], r: &crate::ranking::Ranking) -> Bars {
    Bars {
        n: r.n,
        rows: r
            .rows
            .iter()
            .map(|(v, ns, rel)| {
                let index = variants.iter().position(|o| o == v).unwrap_or(0);
                (label(widget, v), index, *ns, *rel)
            })
            .collect(),
    }
}

/// Marks in x order. One named comparator for every sort of marks, so they share one
/// compiled sort.
fn by_x(a: &Mark, b: &Mark) -> bool {
    a.x < b.x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Outcome;

    use crate::protocol::fixtures::measured as point;
    use crate::ranking::ranking;

    /// What the UI sends becomes the figure its widget draws: its catalog entry picks the
    /// chart, a finished run's bytes give the details chart, and anything that names no
    /// widget or is not a finished run gives nothing to draw.
    #[test]
    fn the_chart_worker_builds_each_figure_from_the_data_the_ui_sends() {
        use super::super::wire::Plot;
        let points = vec![
            point("vec-remove-front", 100, 1, 9.0, 10.0, 11.0),
            point("vecdeque-pop-front", 100, 1, 1.0, 2.0, 3.0),
        ];
        let growth = |widget: &str, memory: bool| {
            figure_of(&Plot::Points {
                widget: widget.into(),
                memory,
                points: points.clone(),
                tick_ns: None,
                serial_share: 0.0,
                max_threads: 1,
            })
        };
        let Some(Figure::Growth(g)) = growth("queue-ops", false) else {
            panic!("queue-ops draws a growth chart");
        };
        assert_eq!((g.lines.len(), g.unit), (2, Unit::Time));
        assert_eq!(growth("no-such-widget", false), None);
        let Some(Figure::Bars(b)) = figure_of(&Plot::Ranking {
            widget: "queue-ops".into(),
            points: points.clone(),
        }) else {
            panic!("a ranking draws bars");
        };
        assert_eq!(b.rows.len(), 2);
        assert_eq!(figure_of(&Plot::Lookups(Vec::new())), None);
        // The details chart, from a finished run's message as the bench worker sent it.
        let spec = crate::topics::widget("describe-stats").expect("a widget");
        let details = crate::topics::suite("describe-stats")
            .expect("a suite")
            .details(1000, &spec.defaults(1), &crate::harness::StdClock::new());
        let mut report = crate::readout::tests::report("describe-stats", Vec::new());
        report.details = details;
        let done = crate::protocol::encode(&crate::protocol::Response::Done { run_id: 1, report });
        assert!(matches!(
            figure_of(&Plot::Details(done)),
            Some(Figure::Histogram(_))
        ));
        let other = crate::protocol::encode(&crate::protocol::Response::Cancelled { run_id: 1 });
        assert_eq!(figure_of(&Plot::Details(other)), None);
        assert_eq!(figure_of(&Plot::Details(vec![1, 2, 3])), None);
    }

    #[test]
    fn ranking_puts_the_fastest_first_at_the_largest_complete_size() {
        let pts = vec![
            point("a", 10, 1, 1.0, 1.0, 1.0),
            point("b", 10, 1, 2.0, 2.0, 2.0),
            point("a", 100, 1, 4.0, 4.0, 4.0),
            point("b", 100, 1, 2.0, 2.0, 2.0),
            point("a", 1000, 1, 4.0, 4.0, 4.0), // b missing at 1000
        ];
        let r = ranking(&["a", "b"], &pts, None).expect("ranked");
        assert_eq!(r.n, 100);
        assert_eq!(r.rows[0].0, "b");
        assert_eq!(r.rows[1], ("a".to_owned(), 4.0, 2.0));
        // As bars, each row keeps its variant's colour (its place in the suite).
        let b = bars("compare-implementations", &["a", "b"], &r);
        assert_eq!((b.rows[0].1, b.rows[1].1), (1, 0));
        let small = ranking(&["a", "b"], &pts, Some(10)).expect("ranked");
        assert_eq!(small.rows[0].0, "a");
        assert!(ranking(&["a", "b"], &pts, Some(1000)).is_none());
    }

    #[test]
    fn growth_lines_per_variant_with_fit_labels() {
        let pts = vec![
            point("vec-remove-front", 10, 1, 90.0, 100.0, 110.0),
            point("vec-remove-front", 100, 1, 9e3, 1e4, 1.1e4),
            point("vec-remove-front", 1000, 1, 9e5, 1e6, 1.1e6),
            point("vecdeque-pop-front", 10, 1, 9.0, 10.0, 11.0),
            Point {
                variant: "vecdeque-pop-front".into(),
                n: 100,
                ops_per_call: 1,
                outcome: Outcome::Skipped { reason: "x".into() },
                memory: None,
            },
        ];
        let g = growth(
            "queue-ops",
            &["vec-remove-front", "vecdeque-pop-front"],
            &pts,
            "call",
            None,
            true,
        )
        .expect("data");
        assert_eq!(g.lines.len(), 2);
        assert!(
            g.lines[0].label.ends_with("~ n^2.00"),
            "{}",
            g.lines[0].label
        );
        assert_eq!(g.lines[1].marks.len(), 1, "skipped points are not drawn");
        assert!(!g.lines[1].label.contains('~'), "no fit from one point");
        // Labels, not ids (regression: moved widgets' legends showed ids).
        assert!(
            g.lines[0].label.starts_with("Vec::remove(0)"),
            "{}",
            g.lines[0].label
        );
        assert!(g.lines.iter().all(|l| !l.dashed));
        // The Python twin's points: dashed lines in the colour of their Rust twin.
        let mut with_python = pts.clone();
        with_python.push(point("deque_popleft", 10, 1, 90.0, 100.0, 110.0));
        with_python.push(point("deque_popleft", 100, 1, 900.0, 1000.0, 1100.0));
        let g = growth(
            "queue-ops",
            &["vec-remove-front", "vecdeque-pop-front"],
            &with_python,
            "call",
            None,
            true,
        )
        .expect("data");
        assert_eq!(g.lines.len(), 3);
        let py = &g.lines[2];
        assert!(py.dashed && py.index == 1, "{py:?}");
        assert!(py.label.starts_with("deque.popleft()"), "{}", py.label);
        assert!(g.x_range.0 < 10.0 && g.x_range.1 > 1000.0);
        assert!(g.y_range.0 < 9.0 && g.y_range.1 > 1.1e6);
    }

    #[test]
    fn growth_divides_by_ops_and_floors_zero() {
        let pts = vec![
            point("single", 1, 1, 0.0, 0.0, 5000.0),
            point("linear", 10, 64, 640.0, 6400.0, 6400.0),
        ];
        let g = growth(
            "timer-resolution",
            &["single"],
            &pts,
            "call",
            Some(5000.0),
            true,
        )
        .expect("data");
        assert_eq!(g.lines[0].marks[0].y, FLOOR_NS);
        assert!(g.y_range.1 >= 5000.0, "the tick line is inside the chart");
        let s = growth("search", &["linear"], &pts, "lookup", None, true).expect("data");
        assert_eq!(s.lines[0].marks[0].y, 100.0, "per lookup");
        assert!(growth("search", &["hash"], &pts, "lookup", None, true).is_none());
    }

    #[test]
    fn readings_of_zero_are_not_fitted() {
        // Regression: the single-reading line got a legend "~ n^1.57" fitted through
        // readings of 0 drawn at the floor.
        let pts = vec![
            point("single", 1, 1, 0.0, 0.0, 5000.0),
            point("single", 10, 1, 0.0, 0.0, 5000.0),
            point("single", 100, 1, 0.0, 0.0, 5000.0),
            point("single", 1000, 1, 0.0, 5000.0, 10_000.0),
        ];
        let g = growth("timer-resolution", &["single"], &pts, "call", None, true).expect("data");
        assert!(!g.lines[0].label.contains('~'), "{}", g.lines[0].label);
    }

    #[test]
    fn memory_chart_plots_peak_bytes_with_zero_at_the_floor() {
        let mut a = point("fused", 1000, 1, 1.0, 1.0, 1.0);
        a.memory = Some(crate::alloc::MemoryUse {
            allocations: 0,
            allocated_bytes: 0,
            peak_bytes: 0,
        });
        let mut b = point("three-vectors", 1000, 1, 1.0, 1.0, 1.0);
        b.memory = Some(crate::alloc::MemoryUse {
            allocations: 3,
            allocated_bytes: 24_000,
            peak_bytes: 16_000,
        });
        let g = memory(
            "memory-profile",
            &["three-vectors", "fused"],
            &[a, b.clone()],
        )
        .expect("data");
        assert_eq!(g.unit, Unit::Bytes);
        assert_eq!(g.lines[0].marks[0].y, 16_000.0);
        assert_eq!(g.lines[1].marks[0].y, 1.0, "no memory sits at the floor");
        assert_eq!(g.y_range.0, 0.5, "the floor is on the chart");
        // Without a call that allocated nothing, the axis starts under the least reading.
        let g = memory("memory-profile", &["three-vectors"], &[b]).expect("data");
        assert_eq!(g.y_range, (4_000.0, 64_000.0));
        assert!(
            memory("queue-ops", &["x"], &[point("x", 1, 1, 1.0, 1.0, 1.0)]).is_none(),
            "no memory data, no chart"
        );
    }

    #[test]
    fn fastest_point_of_a_u_shaped_curve() {
        let pts: Vec<Point> = [
            (1, 900.0),
            (10, 300.0),
            (100, 120.0),
            (1000, 150.0),
            (10_000, 700.0),
        ]
        .iter()
        .map(|&(n, t)| point("chunked", n, 1, t, t, t))
        .collect();
        let g = growth("chunk-size", &["chunked"], &pts, "item", None, false).expect("data");
        assert_eq!(g.fastest(), Some((100.0, 120.0)));
        assert!(
            !g.lines[0].label.contains('~'),
            "no growth fit on an optimum curve"
        );
    }

    #[test]
    fn axis_labels_follow_the_unit() {
        // Regression: the memory chart's axis was labelled in milliseconds.
        assert_eq!(y_label(Unit::Bytes, 8_388_608.0), "8 MiB");
        assert_eq!(y_label(Unit::Time, 1500.0), "1.5 µs");
        assert_eq!(y_label(Unit::Time, 0.5), "0.5 ns");
        assert_eq!(y_label(Unit::Time, 2.0), "2 ns");
        assert_eq!(y_label(Unit::Time, 100.0), "100 ns");
        // A log axis has no zero.
        assert_ne!(y_label(Unit::Bytes, 1.0), "0");
        assert_ne!(y_label(Unit::Time, FLOOR_NS), "0");
    }

    #[test]
    fn speedup_relative_to_one_thread() {
        let pts = vec![
            point("parallel", 1, 1, 95.0, 100.0, 105.0),
            point("parallel", 2, 1, 50.0, 52.0, 55.0),
        ];
        let s = speedup(&pts, 0.05, 2).expect("data");
        assert_eq!(s.measured.len(), 2);
        assert_eq!(s.measured[0].y, 1.0);
        assert!((s.measured[1].y - 100.0 / 52.0).abs() < 1e-12);
        assert!(s.measured[1].lo < s.measured[1].y && s.measured[1].y < s.measured[1].hi);
        assert_eq!(s.ideal, vec![(1.0, 1.0), (2.0, 2.0)]);
        assert!((s.amdahl[1].1 - 1.0 / (0.05 + 0.95 / 2.0)).abs() < 1e-12);
        assert!(
            speedup(&pts[1..], 0.0, 2).is_none(),
            "needs the one-thread baseline"
        );
    }

    #[test]
    fn gantt_panels_share_one_time_axis() {
        use crate::details::{Span, Timeline};
        let span = |id, start_ms, end_ms| Span {
            id,
            start_ms,
            end_ms,
        };
        let serial = Timeline::new(
            "serial",
            vec![span(0, 0.0, 100.0), span(1, 100.0, 201.0)],
            200.0,
        );
        let limited = Timeline::new(
            "limited",
            vec![span(1, 0.0, 101.0), span(0, 0.0, 100.0)],
            100.0,
        );
        let g = gantt(
            "io-concurrency",
            &["serial", "limited"],
            &[serial, limited],
            &[],
            "time",
        )
        .expect("chart");
        assert_eq!(g.panels.len(), 2);
        assert_eq!(g.rows, 2);
        assert!(g.x_max_ms >= 201.0);
        assert_eq!(g.panels[1].index, 1);
        assert_eq!(g.panels[1].bars[0], (0, 0.0, 100.0));
        assert!(
            g.panels[0].title.starts_with("One at a time"),
            "{}",
            g.panels[0].title
        );
        assert!(gantt("io-concurrency", &[], &[], &[], "time").is_none());
    }

    #[test]
    fn a_python_total_joins_the_panel_of_its_rust_schedule() {
        use crate::details::{Span, Timeline};
        let one = Timeline::new(
            "one-by-one",
            vec![Span {
                id: 0,
                start_ms: 0.0,
                end_ms: 100.0,
            }],
            100.0,
        );
        let all = Timeline::new("gather", one.spans.clone(), 100.0);
        let py = point("gather_all", 1, 1, 140e6, 140e6, 140e6);
        let g = gantt(
            "async-gather",
            &["one-by-one", "gather"],
            &[one, all],
            &[py],
            "time",
        )
        .expect("chart");
        assert_eq!(g.panels[0].python, None);
        assert_eq!(
            g.panels[1].python,
            Some(("asyncio.gather in Python".to_owned(), 140.0))
        );
        assert!(g.x_max_ms >= 140.0, "the axis reaches the Python total");
    }
}
