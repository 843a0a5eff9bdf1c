//! Paints chart data ([`Figure`]) with plotters, in the chart worker.
//!
//! Every function draws on an [`Area`]: plotters' drawing area over the worker's
//! [`OffscreenBackend`], laid out in CSS pixels and rendered at device resolution.
//! Legends are drawn here rather than by plotters' series labels, which measure text
//! through the page's document (a worker has none).

use super::backend::OffscreenBackend;
use super::layout;
use super::series::{Bars, Figure, Gantt, Growth, Speedup};
use crate::format::{compact, duration_ns, three_digits};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A chart's drawing area.
pub type Area = DrawingArea<OffscreenBackend, Shift>;

/// Colours chosen to stay distinct for colour-blind readers (Okabe–Ito).
pub const PALETTE: [RGBColor; 6] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
];

thread_local! {
    /// Whether charts are drawn for the dark theme (set by `widgets::theme`).
    static DARK: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Draws later charts for the dark (true) or light theme.
pub fn set_dark(dark: bool) {
    DARK.with(|d| d.set(dark));
}

fn dark() -> bool {
    DARK.with(std::cell::Cell::get)
}

/// Text and axis colour of the current theme.
fn text_colour() -> RGBColor {
    if dark() {
        RGBColor(226, 226, 232)
    } else {
        RGBColor(40, 40, 46)
    }
}

/// Grid colour of the current theme.
fn grid_colour() -> RGBColor {
    if dark() {
        RGBColor(78, 80, 90)
    } else {
        RGBColor(210, 210, 216)
    }
}

/// Background of the current theme (the widget panel's colour).
fn background_colour() -> RGBColor {
    if dark() {
        RGBColor(28, 29, 34)
    } else {
        RGBColor(255, 255, 255)
    }
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum DrawError {
    /// The canvas has no 2D context or could not be resized.
    #[error("the chart canvas is not usable: {0}")]
    Canvas(String),
    /// plotters failed.
    #[error("drawing the chart failed: {0}")]
    Plot(String),
}

fn plot_err<E: std::fmt::Display>(e: E) -> DrawError {
    // Display, not Debug: the UI is built with -Zfmt-debug=none (Cargo.toml).
    DrawError::Plot(e.to_string())
}

fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&text_colour())
}

/// Grid and text style shared by every chart's mesh.
fn house_style<'m, 'a, 'b, X, Y, XT, YT>(
    mesh: &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, OffscreenBackend>,
) -> &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, OffscreenBackend>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = XT>
        + plotters::coord::ranged1d::ValueFormatter<XT>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = YT>
        + plotters::coord::ranged1d::ValueFormatter<YT>,
{
    mesh.label_style(font(12))
        .axis_desc_style(font(13))
        .bold_line_style(grid_colour())
        .light_line_style(grid_colour().mix(0.35))
}

/// What a legend entry shows before its text: the series' own mark.
#[derive(Clone, Copy)]
enum Key {
    /// A line of this width.
    Line(RGBColor, u32),
    /// A dashed line (a Python twin).
    Dashed(RGBColor),
    /// A filled circle of this radius.
    Dot(RGBColor, u32),
    /// A circle outline: radius, stroke width.
    Ring(RGBColor, u32, u32),
    /// A cross.
    Cross(RGBColor),
    /// A filled box (bars).
    Swatch(RGBColor),
    /// Nothing: the text stands alone.
    Blank,
}

/// The legend box: entries top to bottom, in the plotting area's upper left or (where
/// the data leaves that corner free) upper right corner.
fn legend<CT: plotters::coord::CoordTranslate>(
    chart: &ChartContext<'_, OffscreenBackend, CT>,
    keys: &[(String, Key)],
    right: bool,
) -> Result<(), DrawError> {
    let plotting = chart.plotting_area().strip_coord_spec();
    let x = if right {
        let (w, _) = legend_box_size(&plotting, keys)?;
        plotting.dim_in_pixel().0 as i32 - w - 5
    } else {
        5
    };
    legend_box(&plotting, keys, x, 5)
}

fn legend_box_size(area: &Area, keys: &[(String, Key)]) -> Result<(i32, i32), DrawError> {
    let style = font(12);
    let mut text_w = 0;
    for (text, _) in keys {
        text_w = text_w.max(area.estimate_text_size(text, &style).map_err(plot_err)?.0 as i32);
    }
    Ok((
        text_w + layout::LEGEND_KEY_W as i32 + 2 * layout::LEGEND_MARGIN as i32,
        keys.len() as i32 * layout::LEGEND_LINE_H as i32 + 2 * layout::LEGEND_MARGIN as i32,
    ))
}

/// Draws the legend box with its top left at (`x`, `y`) of `area`.
fn legend_box(area: &Area, keys: &[(String, Key)], x: i32, y: i32) -> Result<(), DrawError> {
    const MARGIN: i32 = layout::LEGEND_MARGIN as i32;
    const KEY: i32 = layout::LEGEND_KEY_W as i32;
    const LINE: i32 = layout::LEGEND_LINE_H as i32;
    if keys.is_empty() {
        return Ok(());
    }
    let style = font(12);
    let (w, h) = legend_box_size(area, keys)?;
    let frame = [(x, y), (x + w, y + h)];
    area.draw(&Rectangle::new(
        frame,
        background_colour().mix(0.85).filled(),
    ))
    .map_err(plot_err)?;
    area.draw(&Rectangle::new(frame, grid_colour()))
        .map_err(plot_err)?;
    let label = style.pos(Pos::new(HPos::Left, VPos::Center));
    for (k, (text, key)) in keys.iter().enumerate() {
        let (kx, ky) = (x + MARGIN, y + MARGIN + k as i32 * LINE + LINE / 2);
        match *key {
            Key::Line(c, width) => area.draw(&PathElement::new(
                vec![(kx, ky), (kx + 18, ky)],
                c.stroke_width(width),
            )),
            Key::Dashed(c) => [(kx, kx + 5), (kx + 8, kx + 13), (kx + 16, kx + 18)]
                .into_iter()
                .try_for_each(|(a, b)| {
                    area.draw(&PathElement::new(vec![(a, ky), (b, ky)], c.stroke_width(3)))
                }),
            Key::Dot(c, r) => area.draw(&Circle::new((kx + 9, ky), r, c.filled())),
            Key::Ring(c, r, width) => {
                area.draw(&Circle::new((kx + 9, ky), r, c.stroke_width(width)))
            }
            Key::Cross(c) => area.draw(&Cross::new((kx + 9, ky), 4, c.stroke_width(2))),
            Key::Swatch(c) => area.draw(&Rectangle::new(
                [(kx, ky - 5), (kx + 14, ky + 5)],
                c.filled(),
            )),
            Key::Blank => Ok(()),
        }
        .map_err(plot_err)?;
        area.draw(&Text::new(text.as_str(), (kx + KEY, ky), label.clone()))
            .map_err(plot_err)?;
    }
    Ok(())
}

/// Round, well-spaced ticks for a log y axis over `range` in a chart on `area` whose
/// plotting area loses `chrome_px` of the area's height to margins and the x axis.
fn log_y_ticks(area: &Area, range: (f64, f64), chrome_px: f64) -> Vec<f64> {
    let height = (area.dim_in_pixel().1 as f64 - chrome_px).max(40.0);
    let label_h = area
        .estimate_text_size("0.9 µs", &font(12))
        .map_or(14.0, |(_, h)| h as f64);
    layout::log_ticks(range, height, &|_, _| label_h + 4.0)
}

/// Draws `figure` over the whole of `area`.
pub fn figure(area: &Area, figure: &Figure) -> Result<(), DrawError> {
    match figure {
        Figure::Growth(g) => growth(area, g),
        Figure::Speedup(s) => speedup(area, s),
        Figure::Gantt(g) => gantt(area, g),
        Figure::Lookups(b) => lookups(area, b),
        Figure::Histogram(h) => histogram(area, h),
        Figure::Icicle(p) => icicle(area, p),
        Figure::Ttl(t) => ttl_timeline(area, t),
        Figure::Bars(b) => ranking(area, b),
        Figure::Resources(r) => resources(area, r),
    }
}

/// An icicle chart of a profile: top-level spans across the top, each span's children
/// below it, widths proportional to cumulative time.
fn icicle(area: &Area, profile: &crate::profiler::Profile) -> Result<(), DrawError> {
    area.fill(&background_colour()).map_err(plot_err)?;
    let total = profile.total_ns().max(1.0);
    let depth = (0..profile.nodes.len())
        .map(|i| profile.depth(i))
        .max()
        .unwrap_or(0)
        + 1;
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(30)
        .build_cartesian_2d(0.0..total, depth as f64..0.0)
        .map_err(plot_err)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .disable_y_axis()
        .x_labels(6)
        .x_label_formatter(&|x| duration_ns(*x))
        .label_style(font(12))
        .bold_line_style(grid_colour())
        .light_line_style(grid_colour().mix(0.0))
        .draw()
        .map_err(plot_err)?;
    // Lay out each level: children fill their parent's range left to right.
    let mut starts = vec![0.0; profile.nodes.len()];
    let mut boxes = Vec::new();
    let mut queue: Vec<(Option<usize>, f64)> = vec![(None, 0.0)];
    while let Some((parent, x0)) = queue.pop() {
        let mut x = x0;
        for (i, node) in profile.children(parent) {
            starts[i] = x;
            boxes.push((i, x, x + node.cumulative_ns, profile.depth(i)));
            queue.push((Some(i), x));
            x += node.cumulative_ns;
        }
    }
    let px_per_ns = area.dim_in_pixel().0 as f64 / total;
    for (i, x0, x1, d) in boxes {
        // Colour per span (not per level), with white edges, so siblings stay apart.
        let colour = PALETTE[i % PALETTE.len()];
        let (top, bottom) = (d as f64 + 0.04, d as f64 + 0.96);
        chart
            .draw_series([
                Rectangle::new([(x0, top), (x1, bottom)], colour.mix(0.9).filled()),
                Rectangle::new([(x0, top), (x1, bottom)], WHITE.stroke_width(2)),
            ])
            .map_err(plot_err)?;
        let name = &profile.nodes[i].name;
        if (x1 - x0) * px_per_ns > name.len() as f64 * 7.0 + 8.0 {
            chart
                .draw_series(std::iter::once(Text::new(
                    name.clone(),
                    (x0 + 4.0 / px_per_ns, d as f64 + 0.3),
                    ("sans-serif", 12).into_font().color(&WHITE),
                )))
                .map_err(plot_err)?;
        }
    }
    area.present().map_err(plot_err)
}

/// Log-log time per operation against n, one line per variant, bars from min to max.
/// Ticks and the legend's place come from [`layout::growth_layout`]: round, well-spaced
/// ticks (never a 0 on a log axis) and a legend that covers no data.
fn growth(area: &Area, g: &Growth) -> Result<(), DrawError> {
    area.fill(&background_colour()).map_err(plot_err)?;
    let builder = |below: u32| {
        let mut b = ChartBuilder::on(area);
        b.margin(12)
            .margin_bottom(12 + below)
            .x_label_area_size(layout::X_AXIS_AREA as u32)
            .y_label_area_size(72);
        b
    };
    // The plotting area's size, from a chart that is built but never drawn.
    let plot = builder(0)
        .build_cartesian_2d(
            (g.x_range.0..g.x_range.1).log_scale(),
            (g.y_range.0..g.y_range.1).log_scale(),
        )
        .map_err(plot_err)?
        .plotting_area()
        .dim_in_pixel();
    let style = font(12);
    let text_w = |t: &str| {
        area.estimate_text_size(t, &style)
            .map_or(t.chars().count() as f64 * 7.5, |(w, _)| w as f64)
    };
    let legend_keys = layout::growth_legend(g);
    let texts: Vec<String> = legend_keys.iter().map(|(t, _)| t.clone()).collect();
    let metrics = layout::TextMetrics {
        label_h: area
            .estimate_text_size("0.9 µs", &style)
            .map_or(14.0, |(_, h)| h as f64),
        char_w: text_w("0000000000") / 10.0,
    };
    let x_text = |x: f64| compact(x);
    let placed = layout::growth_layout(
        g,
        (plot.0 as f64, plot.1 as f64),
        &texts,
        &text_w,
        metrics,
        &x_text,
    );
    let below = (plot.1 as f64 - placed.plot_h).max(0.0).round() as u32;
    let y_range = placed.y_range;
    let mut chart = builder(below)
        .build_cartesian_2d(
            (g.x_range.0..g.x_range.1)
                .log_scale()
                .with_key_points(placed.x_ticks.clone()),
            (y_range.0..y_range.1)
                .log_scale()
                .with_key_points(placed.y_ticks.clone()),
        )
        .map_err(plot_err)?;
    house_style(&mut chart.configure_mesh())
        .x_desc(g.x_label.as_str())
        .y_desc(g.y_label.as_str())
        .x_label_formatter(&|x| compact(*x))
        .y_label_formatter(&|y| super::series::y_label(g.unit, *y))
        .draw()
        .map_err(plot_err)?;
    let grey = RGBColor(120, 120, 128);
    if let Some(tick) = g.tick_ns {
        chart
            .draw_series(LineSeries::new(
                [(g.x_range.0, tick), (g.x_range.1, tick)],
                grey.stroke_width(1),
            ))
            .map_err(plot_err)?;
    }
    if let Some((x, y)) = g.best {
        let ring = text_colour();
        chart
            .draw_series([EmptyElement::at((x, y)) + Circle::new((0, 0), 11, ring.stroke_width(2))])
            .map_err(plot_err)?;
    }
    for line in &g.lines {
        let color = PALETTE[line.index % PALETTE.len()];
        let along = line.marks.iter().map(|m| (m.x, m.y));
        if line.dashed {
            chart
                .draw_series(DashedLineSeries::new(along, 7, 5, color.stroke_width(2)))
                .map_err(plot_err)?;
        } else {
            chart
                .draw_series(LineSeries::new(along, color.stroke_width(2)))
                .map_err(plot_err)?;
        }
        chart
            .draw_series(
                line.marks.iter().map(|m| {
                    PathElement::new(vec![(m.x, m.lo), (m.x, m.hi)], color.stroke_width(1))
                }),
            )
            .map_err(plot_err)?;
        // Distinct marker shapes, so lines differ by more than colour.
        let marks = line.marks.iter().map(move |m| (m.x, m.y));
        match line.index % 3 {
            0 => chart
                .draw_series(marks.map(|p| Circle::new(p, 4, color.filled())))
                .map(|_| ()),
            1 => chart
                .draw_series(marks.map(|p| TriangleMarker::new(p, 5, color.filled())))
                .map(|_| ()),
            _ => chart
                .draw_series(marks.map(|p| Cross::new(p, 4, color.stroke_width(2))))
                .map(|_| ()),
        }
        .map_err(plot_err)?;
    }
    // Points that should not be compared (below the clock, drifting, at the harness
    // floor) get a ring, explained in the legend and, point by point, in the table.
    chart
        .draw_series(
            g.lines
                .iter()
                .flat_map(|l| l.marks.iter())
                .filter(|m| m.doubtful)
                .map(|m| Circle::new((m.x, m.y), 8, grey.stroke_width(1))),
        )
        .map_err(plot_err)?;
    // One row per wrapped line; an entry's key is drawn on its first row.
    let keys: Vec<(String, Key)> = placed
        .legend_rows
        .iter()
        .enumerate()
        .map(|(r, (entry, text))| {
            let first = r == 0 || placed.legend_rows[r - 1].0 != *entry;
            let key = match legend_keys[*entry].1 {
                _ if !first => Key::Blank,
                layout::LegendKey::Tick => Key::Line(grey, 1),
                layout::LegendKey::Best => Key::Ring(text_colour(), 6, 2),
                layout::LegendKey::Line(i, false) => Key::Line(PALETTE[i % PALETTE.len()], 3),
                layout::LegendKey::Line(i, true) => Key::Dashed(PALETTE[i % PALETTE.len()]),
                layout::LegendKey::Doubtful => Key::Ring(grey, 6, 1),
                layout::LegendKey::Note => Key::Blank,
            };
            (text.clone(), key)
        })
        .collect();
    // The layout's box is relative to the plotting area, which may end above it.
    let (px, py) = chart.plotting_area().get_base_pixel();
    let (ax, ay) = area.get_base_pixel();
    let at = placed.legend;
    legend_box(
        area,
        &keys,
        px - ax + at.x0.round() as i32,
        py - ay + at.y0.round() as i32,
    )?;
    area.present().map_err(plot_err)
}

/// Speedup against threads: measured (with bars), Amdahl's prediction, and ideal.
fn speedup(area: &Area, s: &Speedup) -> Result<(), DrawError> {
    area.fill(&background_colour()).map_err(plot_err)?;
    let top = s
        .measured
        .iter()
        .map(|m| m.hi)
        .fold(s.max_threads, f64::max)
        * 1.1;
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(56)
        .build_cartesian_2d(0.5..s.max_threads + 0.5, 0.0..top)
        .map_err(plot_err)?;
    house_style(&mut chart.configure_mesh())
        .x_desc("threads")
        .y_desc("speedup over 1 thread")
        .x_labels(s.max_threads as usize + 1)
        .x_label_formatter(&|x| {
            if (x - x.round()).abs() < 1e-6 {
                format!("{}", x.round())
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| format!("{}×", three_digits(*y)))
        .draw()
        .map_err(plot_err)?;
    let grey = RGBColor(120, 120, 128);
    chart
        .draw_series(LineSeries::new(
            s.ideal.iter().copied(),
            grey.stroke_width(1),
        ))
        .map_err(plot_err)?;
    let mut keys = vec![("ideal: k× on k threads".to_owned(), Key::Line(grey, 2))];
    let amdahl = PALETTE[1];
    chart
        .draw_series(LineSeries::new(
            s.amdahl.iter().copied(),
            amdahl.stroke_width(2),
        ))
        .map_err(plot_err)?;
    keys.push((
        format!("Amdahl, {:.0}% serial", s.serial_share * 100.0),
        Key::Line(amdahl, 3),
    ));
    let measured = PALETTE[0];
    chart
        .draw_series(LineSeries::new(
            s.measured.iter().map(|m| (m.x, m.y)),
            measured.stroke_width(2),
        ))
        .map_err(plot_err)?;
    keys.push(("measured".to_owned(), Key::Dot(measured, 4)));
    chart
        .draw_series(
            s.measured.iter().map(|m| {
                PathElement::new(vec![(m.x, m.lo), (m.x, m.hi)], measured.stroke_width(1))
            }),
        )
        .map_err(plot_err)?;
    chart
        .draw_series(
            s.measured
                .iter()
                .map(|m| Circle::new((m.x, m.y), 5, measured.filled())),
        )
        .map_err(plot_err)?;
    legend(&chart, &keys, false)?;
    area.present().map_err(plot_err)
}

/// A histogram on a log count axis (so a handful of outliers stays visible), with bins
/// beyond the outlier thresholds in a second colour and the thresholds drawn as lines.
fn histogram(area: &Area, h: &crate::details::Histogram) -> Result<(), DrawError> {
    area.fill(&background_colour()).map_err(plot_err)?;
    let top = h.counts.iter().copied().max().unwrap_or(1).max(1) as f64 * 2.0;
    let pad = (h.hi - h.lo).abs().max(1e-9) * 0.02;
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(56)
        .build_cartesian_2d(
            (h.lo - pad)..(h.hi + pad),
            (0.5..top)
                .log_scale()
                .with_key_points(log_y_ticks(area, (0.5, top), 24.0 + 42.0)),
        )
        .map_err(plot_err)?;
    house_style(&mut chart.configure_mesh())
        .x_desc("value")
        .y_desc("values per bin (log scale)")
        .y_label_formatter(&|y| compact(*y))
        .draw()
        .map_err(plot_err)?;
    let width = (h.hi - h.lo) / h.counts.len().max(1) as f64;
    let (normal, outlier) = (PALETTE[0], PALETTE[1]);
    let bar = |i: usize, c: u64| {
        let x0 = h.lo + width * i as f64;
        let centre = x0 + width / 2.0;
        let colour = if centre < h.outlier_below || centre > h.outlier_above {
            outlier
        } else {
            normal
        };
        Rectangle::new([(x0, 0.5), (x0 + width, c as f64)], colour.filled())
    };
    chart
        .draw_series(
            h.counts
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(i, c)| bar(i, *c)),
        )
        .map_err(plot_err)?;
    chart
        .draw_series(
            [h.outlier_below, h.outlier_above]
                .into_iter()
                .map(|x| PathElement::new(vec![(x, 0.5), (x, top)], outlier.stroke_width(2))),
        )
        .map_err(plot_err)?;
    let keys = [
        ("values".to_owned(), Key::Swatch(normal)),
        (
            "mean ± 3 standard deviations: beyond is an outlier".to_owned(),
            Key::Line(outlier, 3),
        ),
    ];
    legend(&chart, &keys, false)?;
    area.present().map_err(plot_err)
}

/// Gantt timelines: one panel per variant, one row per request or category (row 0 on
/// top), a bar per interval; the grey line, where there is one, is the ideal total.
fn gantt(area: &Area, g: &Gantt) -> Result<(), DrawError> {
    area.fill(&background_colour()).map_err(plot_err)?;
    let rows = g.rows as f64;
    let named = !g.row_names.is_empty();
    let panels = area.split_evenly((g.panels.len().max(1), 1));
    for (panel, p) in panels.iter().zip(&g.panels) {
        let mut chart = ChartBuilder::on(panel)
            .margin(8)
            .caption(&p.title, font(13))
            .x_label_area_size(34)
            .y_label_area_size(if named { 104 } else { 56 })
            .build_cartesian_2d(0.0..g.x_max_ms, 0.0..rows)
            .map_err(plot_err)?;
        let mut mesh = chart.configure_mesh();
        house_style(&mut mesh)
            .x_desc(g.x_label.as_str())
            .x_label_formatter(&|x| format!("{}", x.round()))
            .y_labels(0)
            .disable_y_mesh();
        if !named {
            mesh.y_desc("request");
        }
        mesh.draw().map_err(plot_err)?;
        // Category names beside their rows, right-aligned against the y axis.
        let base = panel.get_base_pixel();
        for (k, name) in g.row_names.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(0.0, rows - k as f64 - 0.5));
            let style = font(12).pos(Pos::new(HPos::Right, VPos::Center));
            panel
                .draw(&Text::new(
                    name.clone(),
                    (x - base.0 - 6, y - base.1),
                    style,
                ))
                .map_err(plot_err)?;
        }
        let colour = PALETTE[p.index % PALETTE.len()];
        let pad = if g.rows > 20 { 0.05 } else { 0.15 };
        chart
            .draw_series(p.bars.iter().map(|&(row, start, end)| {
                let top = rows - row as f64;
                Rectangle::new(
                    [
                        (start, top - 1.0 + pad),
                        (end.max(start + g.x_max_ms * 0.002), top - pad),
                    ],
                    colour.filled(),
                )
            }))
            .map_err(plot_err)?;
        let mut keys = Vec::new();
        if let Some(ideal) = p.ideal_ms {
            let grey = RGBColor(120, 120, 128);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(ideal, 0.0), (ideal, rows)],
                    grey.stroke_width(2),
                )))
                .map_err(plot_err)?;
            keys.push((
                "ideal total with a perfect timer".to_owned(),
                Key::Line(grey, 3),
            ));
        }
        // The same schedule in Python: its total, dashed, in this panel's colour.
        if let Some((label, total)) = &p.python {
            chart
                .draw_series(DashedLineSeries::new(
                    [(*total, 0.0), (*total, rows)],
                    7,
                    5,
                    colour.stroke_width(2),
                ))
                .map_err(plot_err)?;
            keys.push((format!("{label}: total"), Key::Dashed(colour)));
        }
        if !keys.is_empty() {
            legend(&chart, &keys, true)?;
        }
    }
    area.present().map_err(plot_err)
}

/// `ttl-cache`: requests of the most requested keys over simulated time, one row per
/// key; a filled circle is a fetch (miss), a hollow circle a fresh hit, a cross a
/// stale hit. Shapes differ as well as colours.
fn ttl_timeline(area: &Area, t: &super::series::TtlChart) -> Result<(), DrawError> {
    use crate::details::Lookup;
    area.fill(&background_colour()).map_err(plot_err)?;
    let rows = f64::from(t.keys);
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .caption(&t.title, font(13))
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..t.x_max_s * 1.02, -0.5..rows + 1.2)
        .map_err(plot_err)?;
    house_style(&mut chart.configure_mesh())
        .x_desc("simulated time (s)")
        .y_desc("key (by popularity)")
        .y_labels(t.keys as usize + 2)
        .y_label_formatter(&|y| {
            let k = y.round();
            if (y - k).abs() < 1e-6 && k >= 0.0 && k < rows {
                format!("#{}", k as u32 + 1)
            } else {
                String::new()
            }
        })
        .disable_y_mesh()
        .draw()
        .map_err(plot_err)?;
    let kinds = [
        (Lookup::Miss, "fetched (miss)", PALETTE[0]),
        (Lookup::Hit, "from the cache, current", PALETTE[2]),
        (Lookup::Stale, "from the cache, out of date", PALETTE[1]),
    ];
    let mut keys = Vec::new();
    for (kind, label, colour) in kinds {
        let at = t
            .events
            .iter()
            .filter(move |e| e.2 == kind)
            .map(|&(x, key, _)| (x, f64::from(key)));
        match kind {
            Lookup::Miss => chart.draw_series(at.map(|p| Circle::new(p, 4, colour.filled()))),
            Lookup::Hit => chart.draw_series(at.map(|p| Circle::new(p, 4, colour.stroke_width(1)))),
            Lookup::Stale => {
                chart.draw_series(at.map(|p| Cross::new(p, 4, colour.stroke_width(2))))
            }
        }
        .map_err(plot_err)?;
        keys.push((
            label.to_owned(),
            match kind {
                Lookup::Miss => Key::Dot(colour, 4),
                Lookup::Hit => Key::Ring(colour, 4, 1),
                Lookup::Stale => Key::Cross(colour),
            },
        ));
    }
    legend(&chart, &keys, true)?;
    area.present().map_err(plot_err)
}

/// `persistent-cache`: one bar per run on this page, its height the time to the answer
/// (log scale): hits are read from storage, misses computed.
fn lookups(area: &Area, bars: &[(u32, f64, bool)]) -> Result<(), DrawError> {
    area.fill(&background_colour()).map_err(plot_err)?;
    let runs = bars.len() as f64;
    let hi = bars.iter().map(|b| b.1).fold(1.0, f64::max) * 3.0;
    let lo = bars.iter().map(|b| b.1).fold(hi, f64::min) / 3.0;
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(72)
        .build_cartesian_2d(
            -0.5..runs.max(1.0) - 0.5,
            (lo..hi)
                .log_scale()
                .with_key_points(log_y_ticks(area, (lo, hi), 24.0 + 40.0)),
        )
        .map_err(plot_err)?;
    house_style(&mut chart.configure_mesh())
        .x_desc("run on this page")
        .y_desc("time to the answer")
        .x_labels(bars.len().min(12) + 1)
        .x_label_formatter(&|x| {
            let k = x.round();
            if (x - k).abs() < 1e-6 && k >= 0.0 {
                format!("{}", k as u32 + 1)
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| super::series::y_label(super::series::Unit::Time, *y * 1e6))
        .disable_x_mesh()
        .draw()
        .map_err(plot_err)?;
    let mut keys = Vec::new();
    for (hit, label, colour) in [
        (false, "computed (miss)", PALETTE[1]),
        (true, "read from storage (hit)", PALETTE[0]),
    ] {
        chart
            .draw_series(
                bars.iter()
                    .enumerate()
                    .filter(|(_, b)| b.2 == hit)
                    .map(|(i, b)| {
                        let x = i as f64;
                        Rectangle::new([(x - 0.35, lo), (x + 0.35, b.1)], colour.filled())
                    }),
            )
            .map_err(plot_err)?;
        keys.push((label.to_owned(), Key::Swatch(colour)));
    }
    legend(&chart, &keys, true)?;
    area.present().map_err(plot_err)
}

/// `compare-implementations`: one horizontal bar per variant at one size, fastest on
/// top, its length the time per operation; the label gives the ratio to the fastest.
fn ranking(area: &Area, r: &Bars) -> Result<(), DrawError> {
    area.fill(&background_colour()).map_err(plot_err)?;
    let rows = r.rows.len() as f64;
    let longest = r
        .rows
        .iter()
        .map(|x| x.2)
        .fold(0.0, f64::max)
        .max(f64::MIN_POSITIVE);
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .caption(
            format!("time per value at n = {}", compact(r.n as f64)),
            font(13),
        )
        .x_label_area_size(36)
        .y_label_area_size(8)
        .build_cartesian_2d(0.0..longest * 1.05, 0.0..rows)
        .map_err(plot_err)?;
    house_style(&mut chart.configure_mesh())
        .x_label_formatter(&|x| duration_ns(*x))
        .y_labels(0)
        .disable_y_mesh()
        .draw()
        .map_err(plot_err)?;
    for (k, (label, index, ns, rel)) in r.rows.iter().enumerate() {
        let top = rows - k as f64;
        let colour = PALETTE[index % PALETTE.len()];
        chart
            .draw_series(std::iter::once(Rectangle::new(
                [(0.0, top - 0.9), (*ns, top - 0.5)],
                colour.filled(),
            )))
            .map_err(plot_err)?;
        let text = if k == 0 {
            format!("{label}: {} (fastest)", duration_ns(*ns))
        } else {
            format!(
                "{label}: {} ({}× the fastest)",
                duration_ns(*ns),
                three_digits(*rel)
            )
        };
        chart
            .draw_series(std::iter::once(Text::new(
                text,
                (longest * 0.005, top - 0.27),
                font(12).pos(Pos::new(HPos::Left, VPos::Center)),
            )))
            .map_err(plot_err)?;
    }
    area.present().map_err(plot_err)
}

/// The resource monitor's sparkline: the worker's linear memory, and the allocator's
/// live and peak bytes, against time since the run started (linear axes).
fn resources(area: &Area, samples: &[crate::protocol::ResourceSample]) -> Result<(), DrawError> {
    area.fill(&background_colour()).map_err(plot_err)?;
    let t_max = samples.iter().map(|s| s.t_ms).fold(1.0, f64::max);
    let top = samples
        .iter()
        .map(|s| s.wasm_bytes.max(s.peak_bytes) as f64)
        .fold(1.0, f64::max)
        * 1.6; // room above the lines for the legend
    let mut chart = ChartBuilder::on(area)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(72)
        .build_cartesian_2d(0.0..t_max * 1.02, 0.0..top)
        .map_err(plot_err)?;
    house_style(&mut chart.configure_mesh())
        .x_desc("time since the run started (ms)")
        .y_desc("bytes")
        .x_label_formatter(&|x| format!("{}", x.round()))
        .y_label_formatter(&|y| crate::format::bytes(y.max(0.0) as u64))
        .draw()
        .map_err(plot_err)?;
    type Reading = fn(&crate::protocol::ResourceSample) -> u64;
    let lines: [(&str, RGBColor, Reading); 3] = [
        ("WebAssembly memory", PALETTE[0], |s| s.wasm_bytes),
        ("allocator: peak so far", PALETTE[1], |s| s.peak_bytes),
        ("allocator: live", PALETTE[2], |s| s.live_bytes),
    ];
    let mut keys = Vec::new();
    for (k, (label, colour, get)) in lines.into_iter().enumerate() {
        let pts: Vec<(f64, f64)> = samples.iter().map(|s| (s.t_ms, get(s) as f64)).collect();
        chart
            .draw_series(LineSeries::new(pts.iter().copied(), colour.stroke_width(2)))
            .map_err(plot_err)?;
        keys.push((label.to_owned(), Key::Line(colour, 3)));
        let marks = pts.into_iter();
        match k {
            0 => chart
                .draw_series(marks.map(|p| Circle::new(p, 3, colour.filled())))
                .map(|_| ()),
            1 => chart
                .draw_series(marks.map(|p| TriangleMarker::new(p, 4, colour.filled())))
                .map(|_| ()),
            _ => chart
                .draw_series(marks.map(|p| Cross::new(p, 3, colour.stroke_width(2))))
                .map(|_| ()),
        }
        .map_err(plot_err)?;
    }
    legend(&chart, &keys, false)?;
    area.present().map_err(plot_err)
}
