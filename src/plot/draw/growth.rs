//! The growth chart: time (or memory) per operation against n on log scales, one line per variant, with fitted slopes.

use super::*;

/// Log-log time per operation against n, one line per variant, bars from min to max.
/// Ticks and the legend's place come from [`layout::growth_layout`]: round, well-spaced
/// ticks (never a 0 on a log axis) and a legend that covers no data.
pub(super) fn growth(area: &Area, g: &Growth) -> Result<(), DrawError> {
    area.fill(&background_colour()).map_err(plot_err)?;
    let builder = |below: u32| {
        let mut b = frame(area, layout::X_AXIS_AREA as u32, 72);
        b.margin_bottom(12 + below);
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
        .y_label_formatter(&|y| crate::plot::series::y_label(g.unit, *y))
        .draw()
        .map_err(plot_err)?;
    if let Some(tick) = g.tick_ns {
        chart
            .draw_series(LineSeries::new(
                [(g.x_range.0, tick), (g.x_range.1, tick)],
                GREY.stroke_width(1),
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
                .map(|m| Circle::new((m.x, m.y), 8, GREY.stroke_width(1))),
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
                layout::LegendKey::Tick => Key::Line(GREY, 1),
                layout::LegendKey::Best => Key::Ring(text_colour(), 6, 2),
                layout::LegendKey::Line(i, false) => Key::Line(PALETTE[i % PALETTE.len()], 3),
                layout::LegendKey::Line(i, true) => Key::Dashed(PALETTE[i % PALETTE.len()]),
                layout::LegendKey::Doubtful => Key::Ring(GREY, 6, 1),
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
