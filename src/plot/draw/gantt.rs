//! Gantt timelines of simulated requests, one panel per schedule (`io-concurrency`, `async-gather`).

use super::*;

/// Gantt timelines: one panel per variant, one row per request or category (row 0 on
/// top), a bar per interval; the grey line, where there is one, is the ideal total.
pub(super) fn gantt(area: &Area, g: &Gantt) -> Result<(), DrawError> {
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
            .x_label_formatter(&|x| whole(*x))
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
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(ideal, 0.0), (ideal, rows)],
                    GREY.stroke_width(2),
                )))
                .map_err(plot_err)?;
            keys.push((
                "ideal total with a perfect timer".to_owned(),
                Key::Line(GREY, 3),
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
