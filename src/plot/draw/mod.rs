//! Paints chart data ([`Figure`]) with plotters, in the chart worker.
//!
//! Every function draws on an [`Area`]: plotters' drawing area over the worker's
//! [`OffscreenBackend`], laid out in CSS pixels and rendered at device resolution.
//! Legends are drawn here rather than by plotters' series labels, which measure text
//! through the page's document (a worker has none).

mod gantt;
mod growth;
mod histogram;
mod icicle;
mod lookups;
mod ranking;
mod resources;
mod speedup;
mod ttl;

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

/// Reference lines (a clock tick, the ideal speedup, a wait) in every theme.
const GREY: RGBColor = RGBColor(120, 120, 128);

/// The frame most charts share: a 12-pixel margin and room for the two axes' labels.
fn frame(area: &Area, x_axis: u32, y_axis: u32) -> ChartBuilder<'_, '_, OffscreenBackend> {
    let mut b = ChartBuilder::on(area);
    b.margin(12)
        .x_label_area_size(x_axis)
        .y_label_area_size(y_axis);
    b
}

/// An axis label for a whole number ("12"), written by the engine in the browser.
fn whole(x: f64) -> String {
    crate::format::fixed(x.round(), 0)
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
        Figure::Growth(g) => growth::growth(area, g),
        Figure::Speedup(s) => speedup::speedup(area, s),
        Figure::Gantt(g) => gantt::gantt(area, g),
        Figure::Lookups(b) => lookups::lookups(area, b),
        Figure::Histogram(h) => histogram::histogram(area, h),
        Figure::Icicle(p) => icicle::icicle(area, p),
        Figure::Ttl(t) => ttl::ttl_timeline(area, t),
        Figure::Bars(b) => ranking::ranking(area, b),
        Figure::Resources(r) => resources::resources(area, r),
    }
}
