//! The ranking bars: each implementation's time at one size, fastest on top.

use super::*;

/// `compare-implementations`: one horizontal bar per variant at one size, fastest on
/// top, its length the time per operation; the label gives the ratio to the fastest.
pub(super) fn ranking(area: &Area, r: &Bars) -> Result<(), DrawError> {
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
        .x_label_formatter(&|x| crate::plot::series::y_label(crate::plot::series::Unit::Time, *x))
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
