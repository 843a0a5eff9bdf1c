//! Bars of the storage lookups, hits and misses (`persistent-cache`).

use super::*;

/// `persistent-cache`: one bar per run on this page, its height the time to the answer
/// (log scale): hits are read from storage, misses computed.
pub(super) fn lookups(area: &Area, bars: &[(u32, f64, bool)]) -> Result<(), DrawError> {
    area.fill(&background_colour()).map_err(plot_err)?;
    let runs = bars.len() as f64;
    let hi = bars.iter().map(|b| b.1).fold(1.0, f64::max) * 3.0;
    let lo = bars.iter().map(|b| b.1).fold(hi, f64::min) / 3.0;
    let mut chart = frame(area, 40, 72)
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
        .y_label_formatter(&|y| {
            crate::plot::series::y_label(crate::plot::series::Unit::Time, *y * 1e6)
        })
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
