//! Where a growth chart's ticks and legend go (pure, tested natively): the chart worker
//! measures its legend's text and asks here; the tests ask with an estimate.
//!
//! - Log-axis ticks are chosen from nested series (every third decade, decades, 1-2-5,
//!   1-2-3-5-7) as the sparsest that gives at least three ticks whose labels do not touch.
//!   A log axis has no zero, so no tick is ever labelled 0.
//! - The legend goes in the first corner of the plotting area where it covers no mark,
//!   no spread bar and no line; where every corner is taken, the y range grows upward
//!   until a band at the top is free of data, and the legend sits there.

use super::series::{Growth, Mark, Unit};

/// A rectangle in pixels of the plotting area, y downwards.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left.
    pub x0: f64,
    /// Top.
    pub y0: f64,
    /// Right.
    pub x1: f64,
    /// Bottom.
    pub y1: f64,
}

impl Rect {
    /// Whether `(x, y)` lies inside (edges included).
    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        (self.x0..=self.x1).contains(&x) && (self.y0..=self.y1).contains(&y)
    }

    /// Whether two rectangles overlap (touching edges do not).
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

/// Pixel distance from the axis start of `v` on a log axis over `range` of `len` pixels.
pub fn log_px(v: f64, (lo, hi): (f64, f64), len: f64) -> f64 {
    (v / lo).ln() / (hi / lo).ln() * len
}

/// Gap between the legend and the plotting area's edges, and around data, px.
pub const LEGEND_INSET: f64 = 5.0;

/// Ticks of a log axis over `range` (both ends > 0) drawn `len` pixels long, whose labels
/// need `gap(a, b)` pixels between the ticks a and b to stay apart.
pub fn log_ticks(range: (f64, f64), len: f64, gap: &dyn Fn(f64, f64) -> f64) -> Vec<f64> {
    if !valid(range, len) {
        return Vec::new();
    }
    // Sparsest first: every third decade, every decade, 1-2-5, 1-2-3-5-7.
    let series: [(&[f64], i32); 5] = [
        (&[1.0], 3),
        (&[1.0], 1),
        (&[1.0, 2.0, 5.0], 1),
        (&[1.0, 2.0, 3.0, 5.0, 7.0], 1),
        (&[1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0], 1),
    ];
    sparsest_readable(
        range,
        len,
        gap,
        series.map(|(m, step)| ticks_in(range, m, step)),
    )
}

/// Ticks of a log axis of bytes: powers of two, so that each label is a whole number of
/// the binary unit it is written in ("1 KiB", "32 MiB"), never "977 KiB" for 10^6 bytes.
pub fn log_ticks_binary(range: (f64, f64), len: f64, gap: &dyn Fn(f64, f64) -> f64) -> Vec<f64> {
    if !valid(range, len) {
        return Vec::new();
    }
    // Sparsest first: every 2^20 (B, MiB, TiB), every unit, every 32x, every 4x, every 2x.
    let series = [20, 10, 5, 2, 1].map(|step| powers_of_two_in(range, step));
    sparsest_readable(range, len, gap, series)
}

/// From tick series ordered sparsest first, the first readable one with three ticks or
/// more, or else the fullest readable one.
fn sparsest_readable<const N: usize>(
    range: (f64, f64),
    len: f64,
    gap: &dyn Fn(f64, f64) -> f64,
    series: [Vec<f64>; N],
) -> Vec<f64> {
    let fits = |ticks: &[f64]| {
        ticks
            .windows(2)
            .all(|w| log_px(w[1], range, len) - log_px(w[0], range, len) >= gap(w[0], w[1]))
    };
    let mut best: Vec<f64> = Vec::new();
    for ticks in series {
        if !fits(&ticks) {
            break;
        }
        let enough = ticks.len() >= 3;
        if ticks.len() > best.len() {
            best = ticks;
        }
        if enough {
            break;
        }
    }
    best
}

/// Whether a log axis over `range`, `len` pixels long, can have ticks.
fn valid((lo, hi): (f64, f64), len: f64) -> bool {
    lo > 0.0 && hi > lo && hi.is_finite() && len > 0.0
}

/// 2^e for every e that is a multiple of `step`, inside `range` (a valid one).
fn powers_of_two_in((lo, hi): (f64, f64), step: i32) -> Vec<f64> {
    let first = lo.log2().floor() as i32;
    let last = hi.log2().ceil() as i32;
    (first..=last)
        .filter(|e| e.rem_euclid(step) == 0)
        .map(|e| 2f64.powi(e))
        .filter(|v| (lo..=hi).contains(v))
        .collect()
}

/// The largest binary unit (1 B, 1 KiB, 1 MiB or 1 GiB) that `top` bytes reach: a linear
/// axis of bytes drawn in it gets round binary ticks from any decimal tick rule.
pub fn binary_unit(top: f64) -> f64 {
    [1024f64.powi(3), 1024f64.powi(2), 1024.0]
        .into_iter()
        .find(|u| top >= *u)
        .unwrap_or(1.0)
}

fn ticks_in((lo, hi): (f64, f64), mantissas: &[f64], decade_step: i32) -> Vec<f64> {
    let first = lo.log10().floor() as i32;
    let last = hi.log10().ceil() as i32;
    let mut out = Vec::new();
    for e in first..=last {
        if e.rem_euclid(decade_step) != 0 {
            continue;
        }
        for &m in mantissas {
            // Round to the tick's own precision: 10^-1 * 3 must be 0.3, not 0.30000000000000004.
            let v = round_sig(m * 10f64.powi(e));
            if v >= lo && v <= hi {
                out.push(v);
            }
        }
    }
    out
}

fn round_sig(v: f64) -> f64 {
    let scale = 10f64.powi(3 - v.abs().log10().floor() as i32);
    (v * scale).round() / scale
}

/// The legend of growth chart `g`, top to bottom: what each entry says, and what it
/// shows before the text.
pub fn growth_legend(g: &Growth) -> Vec<(String, LegendKey)> {
    let mut keys = Vec::new();
    if let Some(tick) = g.tick_ns {
        keys.push((
            format!("one clock tick ({})", crate::format::duration_ns(tick)),
            LegendKey::Tick,
        ));
    }
    if g.best.is_some() {
        keys.push(("fastest".to_owned(), LegendKey::Best));
    }
    for line in &g.lines {
        let text = if line.dashed {
            format!("{} (Python)", line.label)
        } else {
            line.label.clone()
        };
        keys.push((text, LegendKey::Line(line.index, line.dashed)));
    }
    let marks = || g.lines.iter().flat_map(|l| l.marks.iter());
    if g.unit == Unit::Bytes && marks().any(|m| m.y <= 1.0) {
        keys.push(("at 1 B: allocated nothing".to_owned(), LegendKey::Note));
    }
    if marks().any(|m| m.doubtful) {
        keys.push((
            "ringed: not comparable (table says why)".to_owned(),
            LegendKey::Doubtful,
        ));
    }
    keys
}

/// What a growth chart's legend entry shows before its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LegendKey {
    /// The clock-tick reference line.
    Tick,
    /// The ring around the fastest point.
    Best,
    /// Variant line number `index` (its colour and marker), dashed or not.
    Line(usize, bool),
    /// The ring around points that should not be compared.
    Doubtful,
    /// Text alone.
    Note,
}

/// Breaks `text` into lines no wider than `max_w` (as `text_w` measures), at spaces; a
/// single word wider than that stays whole.
pub fn wrap(text: &str, max_w: f64, text_w: &dyn Fn(&str) -> f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ') {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if text_w(&candidate) <= max_w || current.is_empty() {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_owned()));
        }
    }
    lines.push(current);
    lines
}

/// Legend box size for the rows `texts`: `text_w` measures one text, px.
pub fn legend_size(texts: &[String], text_w: &dyn Fn(&str) -> f64) -> (f64, f64) {
    let widest = texts.iter().map(|t| text_w(t)).fold(0.0, f64::max);
    (
        widest + LEGEND_KEY_W + 2.0 * LEGEND_MARGIN,
        texts.len() as f64 * LEGEND_LINE_H + 2.0 * LEGEND_MARGIN,
    )
}

/// Legend padding inside its box, px.
pub const LEGEND_MARGIN: f64 = 10.0;
/// Width of an entry's key before its text, px.
pub const LEGEND_KEY_W: f64 = 30.0;
/// Height of one legend entry, px.
pub const LEGEND_LINE_H: f64 = 15.0;

/// Where each part of a growth chart goes, for a plotting area of `plot` pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct GrowthLayout {
    /// The y range to draw (the figure's, raised where the legend needed room).
    pub y_range: (f64, f64),
    /// Tick values on x.
    pub x_ticks: Vec<f64>,
    /// Tick values on y.
    pub y_ticks: Vec<f64>,
    /// The legend's box, in pixels from the plotting area's top left, y downwards.
    pub legend: Rect,
    /// The legend's rows: the entry each belongs to (its key is drawn on the entry's
    /// first row) and the row's text.
    pub legend_rows: Vec<(usize, String)>,
    /// Height of the plotting area: the one asked for, or less when the legend had to go
    /// below the chart.
    pub plot_h: f64,
}

/// Sizes the layout needs to know about text, in pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextMetrics {
    /// Height of a tick label.
    pub label_h: f64,
    /// Width of one character of a tick label (an upper bound for the font).
    pub char_w: f64,
}

/// Height of the band under the plotting area that holds the x axis's labels and
/// caption, px (the chart worker builds its charts with it).
pub const X_AXIS_AREA: f64 = 42.0;
/// The largest share of the plotting area's height given to a band above the data for
/// the legend; a taller legend goes below the chart instead.
pub const MAX_HEADROOM: f64 = 0.45;

/// Points along everything a growth chart draws from data, in pixels (y downwards):
/// marks, spread bars and the lines between marks.
pub fn data_pixels(g: &Growth, y_range: (f64, f64), plot: (f64, f64)) -> Vec<(f64, f64)> {
    let px = |x: f64, y: f64| {
        (
            log_px(x, g.x_range, plot.0),
            plot.1 - log_px(y, y_range, plot.1),
        )
    };
    let mut out = Vec::new();
    for line in &g.lines {
        for m in &line.marks {
            for y in [m.lo, m.y, m.hi, (m.lo * m.hi).sqrt()] {
                out.push(px(m.x, y));
            }
        }
        for w in line.marks.windows(2) {
            let (a, b): (&Mark, &Mark) = (&w[0], &w[1]);
            let (pa, pb) = (px(a.x, a.y), px(b.x, b.y));
            for i in 1..16 {
                let t = i as f64 / 16.0;
                out.push((pa.0 + t * (pb.0 - pa.0), pa.1 + t * (pb.1 - pa.1)));
            }
        }
    }
    out
}

/// Lays out growth chart `g` on a plotting area of `plot` (width, height) pixels, with
/// the legend entries `texts` (measured by `text_w`), tick labels of `text`'s size and
/// x labels `x_label`.
pub fn growth_layout(
    g: &Growth,
    plot: (f64, f64),
    texts: &[String],
    text_w: &dyn Fn(&str) -> f64,
    text: TextMetrics,
    x_label: &dyn Fn(f64) -> String,
) -> GrowthLayout {
    let (w, h) = plot;
    let i = LEGEND_INSET;
    // Entries wrap to the plotting area's width.
    let max_text_w = (w - 2.0 * i - LEGEND_KEY_W - 2.0 * LEGEND_MARGIN).max(40.0);
    let legend_rows: Vec<(usize, String)> = texts
        .iter()
        .enumerate()
        .flat_map(|(k, t)| {
            wrap(t, max_text_w, text_w)
                .into_iter()
                .map(move |line| (k, line))
        })
        .collect();
    let rows: Vec<String> = legend_rows.iter().map(|(_, t)| t.clone()).collect();
    let (lw, lh) = legend_size(&rows, text_w);
    let corners = [
        Rect {
            x0: i,
            y0: i,
            x1: i + lw,
            y1: i + lh,
        },
        Rect {
            x0: w - i - lw,
            y0: i,
            x1: w - i,
            y1: i + lh,
        },
        Rect {
            x0: i,
            y0: h - i - lh,
            x1: i + lw,
            y1: h - i,
        },
        Rect {
            x0: w - i - lw,
            y0: h - i - lh,
            x1: w - i,
            y1: h - i,
        },
    ];
    let grown = |r: &Rect| Rect {
        x0: r.x0 - i,
        y0: r.y0 - i,
        x1: r.x1 + i,
        y1: r.y1 + i,
    };
    let data = data_pixels(g, g.y_range, plot);
    let free = corners
        .iter()
        .find(|c| !data.iter().any(|&p| grown(c).contains(p)));
    // The band's share of the height that raising the y range would need.
    let f = (lh + 3.0 * i) / h;
    let (y_range, legend, plot_h) = match free {
        Some(&c) => (g.y_range, c, h),
        None if f <= MAX_HEADROOM => {
            // Raise the top of the y range so the data ends below the legend's band:
            // log(top/max) = f * log(top/bottom).
            let (lo, _) = g.y_range;
            let max = g
                .lines
                .iter()
                .flat_map(|l| l.marks.iter())
                .map(|m| m.hi)
                .fold(lo, f64::max);
            let top = ((max.ln() - f * lo.ln()) / (1.0 - f)).exp();
            ((lo, top.max(g.y_range.1)), corners[0], h)
        }
        None => {
            // Below the chart, under the x axis: the plotting area gives up its height.
            let plot_h = (h - lh - 2.0 * i).max(h * 0.4);
            let y0 = plot_h + X_AXIS_AREA + i;
            (
                g.y_range,
                Rect {
                    x0: i,
                    y0,
                    x1: i + lw,
                    y1: y0 + lh,
                },
                plot_h,
            )
        }
    };
    let y_gap = |_: f64, _: f64| text.label_h + 4.0;
    let x_gap = |a: f64, b: f64| {
        let chars = x_label(a).chars().count().max(x_label(b).chars().count());
        chars as f64 * text.char_w + 8.0
    };
    GrowthLayout {
        y_ticks: match g.unit {
            Unit::Bytes => log_ticks_binary(y_range, plot_h, &y_gap),
            _ => log_ticks(y_range, plot_h, &y_gap),
        },
        x_ticks: log_ticks(g.x_range, w, &x_gap),
        y_range,
        legend,
        legend_rows,
        plot_h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: TextMetrics = TextMetrics {
        label_h: 14.0,
        char_w: 7.5,
    };

    fn gap(px: f64) -> impl Fn(f64, f64) -> f64 {
        move |_, _| px
    }

    #[test]
    fn byte_axes_tick_at_whole_binary_sizes() {
        use super::super::series::y_label;
        // The memory chart's range at its defaults: calls that allocate nothing (1 B) up
        // to 16 MiB.
        let t = log_ticks_binary((1.0, 2e7), 300.0, &gap(18.0));
        let labels: Vec<String> = t.iter().map(|&v| y_label(Unit::Bytes, v)).collect();
        assert_eq!(labels, ["1 B", "1 KiB", "1 MiB"]);
        // Narrower ranges and taller charts get denser ticks; every label stays whole.
        for (range, len) in [
            ((3e3, 9e6), 300.0),
            ((100.0, 5e4), 300.0),
            ((1.0, 1e9), 600.0),
        ] {
            let t = log_ticks_binary(range, len, &gap(18.0));
            assert!(t.len() >= 2, "{range:?}: {t:?}");
            for &v in &t {
                assert_eq!(v.log2().fract(), 0.0, "{v} is not a power of two");
                let label = y_label(Unit::Bytes, v);
                assert!(!label.contains('.'), "{range:?}: {label}");
            }
        }
        assert!(log_ticks_binary((0.0, 1e6), 300.0, &gap(18.0)).is_empty());

        // The resource monitor's linear axis is drawn in the largest unit its top reaches.
        assert_eq!(binary_unit(5e7), 1024.0 * 1024.0);
        assert_eq!(binary_unit(1023.0), 1.0);
        assert_eq!(binary_unit(1024.0), 1024.0);
        assert_eq!(binary_unit(3e9), 1024f64.powi(3));
        assert_eq!(y_label(Unit::Bytes, 10.0 * binary_unit(5e7)), "10 MiB");
    }

    #[test]
    fn ticks_of_a_narrow_log_range_are_few_and_never_zero() {
        // elementwise-add's range: about 0.2 to 1.4 ns, 300 px tall.
        let t = log_ticks((0.2, 1.4), 300.0, &gap(18.0));
        assert_eq!(t, vec![0.2, 0.5, 1.0]);
        // Wide ranges get decades, or every third decade.
        assert_eq!(
            log_ticks((0.5, 2e4), 300.0, &gap(18.0)),
            vec![1.0, 10.0, 100.0, 1e3, 1e4]
        );
        let wide = log_ticks((1e-2, 1e9), 200.0, &gap(18.0));
        assert!(wide.len() >= 3 && wide.len() <= 5, "{wide:?}");
        for pair in wide.windows(2) {
            assert!(
                log_px(pair[1], (1e-2, 1e9), 200.0) - log_px(pair[0], (1e-2, 1e9), 200.0) >= 18.0
            );
        }
        // A range inside one 1-2-5 step still gets two readable ticks.
        let tight = log_ticks((0.31, 0.52), 300.0, &gap(18.0));
        assert!(tight.len() >= 2, "{tight:?}");
        assert!(tight.iter().all(|&v| v > 0.0));
        assert_eq!(log_ticks((0.0, 1.0), 300.0, &gap(18.0)), Vec::<f64>::new());
    }

    /// The recorded results (tests/fixtures/figures: each widget's own JSON export from a
    /// default Run in Chromium, written by tests/e2e/record_figures.mjs) as points.
    fn recorded() -> Vec<(String, f64, Vec<crate::protocol::Point>)> {
        use crate::harness::{Measurement, Quality};
        use crate::protocol::{Outcome, Point};
        use crate::stats::Summary;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/figures");
        let mut out = Vec::new();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("tests/fixtures/figures exists")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        files.sort();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable fixture");
            let v: serde_json::Value = serde_json::from_str(&text).expect("a JSON export");
            let widget = v["widget"].as_str().expect("widget").to_owned();
            let res = v["environment"]["timer_resolution_ns"]
                .as_f64()
                .unwrap_or(1.0);
            let points = v["rows"]
                .as_array()
                .expect("rows")
                .iter()
                .map(|r| {
                    let f = |k: &str| r[k].as_f64();
                    let outcome = match f("median_ns") {
                        Some(median_ns) if r["state"] == "measured" => {
                            let mut m = Measurement::timed_outside(
                                Summary {
                                    samples: r["samples"].as_u64().unwrap_or(1) as usize,
                                    min_ns: f("min_ns").unwrap_or(median_ns),
                                    median_ns,
                                    max_ns: f("max_ns").unwrap_or(median_ns),
                                    mad_ns: f("mad_ns").unwrap_or(0.0),
                                },
                                1,
                                0,
                                f("min_ticks").unwrap_or(1e9) * res,
                                res,
                            );
                            m.quality = match r["quality"].as_str() {
                                Some("drifting") => Quality::Drifting,
                                Some("below-clock") => Quality::BelowClock,
                                _ => Quality::Sound,
                            };
                            m.at_floor = r["at_floor"].as_bool().unwrap_or(false);
                            Outcome::Measured(m)
                        }
                        _ => Outcome::Skipped {
                            reason: r["skipped_reason"].as_str().unwrap_or("").to_owned(),
                        },
                    };
                    Point {
                        variant: r["variant"].as_str().unwrap_or("").to_owned(),
                        n: r["n"].as_u64().unwrap_or(1),
                        // The export's figures are per operation already.
                        ops_per_call: 1,
                        outcome,
                        memory: r["peak_bytes"].as_u64().map(|peak_bytes| {
                            crate::alloc::MemoryUse {
                                allocations: 0,
                                allocated_bytes: 0,
                                peak_bytes,
                            }
                        }),
                    }
                })
                .collect();
            out.push((widget, res, points));
        }
        out
    }

    /// Every growth chart (time, and memory where measured) of every recorded widget.
    fn recorded_figures() -> Vec<(String, Growth)> {
        use crate::catalog::ChartKind;
        let mut out = Vec::new();
        for (widget, res, points) in recorded() {
            let spec = crate::topics::widget(&widget).expect("a widget of the catalog");
            let Some(info) = crate::topics::info(&widget) else {
                continue;
            };
            let variants: Vec<&str> = info.variants.iter().map(|v| v.id).collect();
            if spec.chart == ChartKind::Growth {
                if let Some(g) =
                    super::super::series::growth_figure(spec, &variants, &points, Some(res))
                {
                    out.push((widget.clone(), g));
                }
                if info.measures_memory {
                    if let Some(g) = super::super::series::memory(&widget, &variants, &points) {
                        out.push((format!("{widget} (memory)"), g));
                    }
                }
            }
        }
        out
    }

    #[test]
    fn every_recorded_chart_has_apart_ticks_and_a_legend_over_no_data() {
        let figures = recorded_figures();
        assert!(
            figures.len() >= 15,
            "{} growth figures recorded",
            figures.len()
        );
        let text_w = |t: &str| t.chars().count() as f64 * 7.0;
        let x_text = |x: f64| crate::format::compact(x);
        // A phone, the column of a laptop, a wide screen (plotting areas, px).
        for plot in [(300.0, 220.0), (560.0, 300.0), (900.0, 380.0)] {
            for (name, g) in &figures {
                let texts: Vec<String> = growth_legend(g).into_iter().map(|(t, _)| t).collect();
                let l = growth_layout(g, plot, &texts, &text_w, TEXT, &x_text);
                let at = format!("{name} at {plot:?}");
                let plot = (plot.0, l.plot_h);
                // Ticks: at least two per axis, never a 0, labels apart.
                assert!(
                    l.y_ticks.len() >= 2,
                    "{at}: y ticks {:?} over {:?}",
                    l.y_ticks,
                    l.y_range
                );
                assert!(
                    l.x_ticks.len() >= 2 || g.x_range.1 / g.x_range.0 < 20.0,
                    "{at}: x ticks {:?}",
                    l.x_ticks
                );
                // Byte axes: every label a whole number of its binary unit.
                if g.unit == Unit::Bytes {
                    for &y in &l.y_ticks {
                        let label = super::super::series::y_label(Unit::Bytes, y);
                        assert!(!label.contains('.'), "{at}: y tick {label}");
                    }
                }
                let y_boxes: Vec<Rect> = l
                    .y_ticks
                    .iter()
                    .map(|&y| {
                        let label = super::super::series::y_label(g.unit, y);
                        assert_ne!(label, "0", "{at}: a log axis has no zero");
                        let py = plot.1 - log_px(y, l.y_range, plot.1);
                        Rect {
                            x0: -60.0,
                            y0: py - TEXT.label_h / 2.0,
                            x1: -4.0,
                            y1: py + TEXT.label_h / 2.0,
                        }
                    })
                    .collect();
                let x_boxes: Vec<Rect> = l
                    .x_ticks
                    .iter()
                    .map(|&x| {
                        let w = x_text(x).chars().count() as f64 * TEXT.char_w;
                        let px = log_px(x, g.x_range, plot.0);
                        Rect {
                            x0: px - w / 2.0,
                            y0: plot.1 + 4.0,
                            x1: px + w / 2.0,
                            y1: plot.1 + 4.0 + TEXT.label_h,
                        }
                    })
                    .collect();
                for boxes in [&y_boxes, &x_boxes] {
                    for (i, a) in boxes.iter().enumerate() {
                        for b in &boxes[i + 1..] {
                            assert!(!a.intersects(b), "{at}: tick labels overlap: {a:?} {b:?}");
                        }
                    }
                }
                // The legend: over no mark, bar or line, and within the canvas: in the
                // plotting area, or below it (under the x axis) where it did not fit.
                let r = l.legend;
                assert!(
                    r.x0 >= 0.0 && r.x1 <= plot.0,
                    "{at}: legend {r:?} wider than the chart"
                );
                let inside = r.y0 >= 0.0 && r.y1 <= plot.1;
                let below = r.y0 >= plot.1 + X_AXIS_AREA;
                assert!(
                    inside || below,
                    "{at}: legend {r:?} across the plotting area's edge"
                );
                // Every row of the legend fits its box.
                for (_, row) in &l.legend_rows {
                    assert!(
                        text_w(row) + LEGEND_KEY_W + 2.0 * LEGEND_MARGIN <= r.x1 - r.x0 + 0.01
                            || !row.contains(' '),
                        "{at}: {row}"
                    );
                }
                for p in data_pixels(g, l.y_range, plot) {
                    assert!(
                        !r.contains(p),
                        "{at}: the legend {r:?} covers data at {p:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn exponents_only_where_the_lesson_is_about_growth() {
        for (name, g) in recorded_figures() {
            let fitted = g.lines.iter().any(|l| l.label.contains("n^"));
            let growth_lesson = [
                "sum-loop-vs-formula",
                "queue-ops",
                "search",
                "describe-stats",
            ]
            .contains(&name.as_str());
            if !growth_lesson {
                assert!(
                    !fitted,
                    "{name}: {:?}",
                    g.lines.iter().map(|l| &l.label).collect::<Vec<_>>()
                );
            }
        }
        let with_fit: Vec<String> = recorded_figures()
            .into_iter()
            .filter(|(_, g)| g.lines.iter().any(|l| l.label.contains("n^")))
            .map(|(n, _)| n)
            .collect();
        assert!(with_fit.contains(&"queue-ops".to_owned()), "{with_fit:?}");
    }

    #[test]
    fn tick_values_are_round() {
        assert_eq!(
            log_ticks((0.25, 0.8), 400.0, &gap(18.0)),
            vec![0.3, 0.5, 0.7]
        );
    }
}
