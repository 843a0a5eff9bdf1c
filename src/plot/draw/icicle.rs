//! The icicle chart of a profile (`profile-pipeline`'s details).

use super::*;

/// An icicle chart of a profile: top-level spans across the top, each span's children
/// below it, widths proportional to cumulative time.
pub(super) fn icicle(area: &Area, profile: &crate::profiler::Profile) -> Result<(), DrawError> {
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
        .x_label_formatter(&|x| crate::plot::series::y_label(crate::plot::series::Unit::Time, *x))
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
