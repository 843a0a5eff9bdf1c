//! The histogram of a sample with its outlier bins (`describe-stats`' details).

use super::*;

/// A histogram on a log count axis (so a handful of outliers stays visible), with bins
/// beyond the outlier thresholds in a second colour and the thresholds drawn as lines.
pub(super) fn histogram(area: &Area, h: &crate::details::Histogram) -> Result<(), DrawError> {
    area.fill(&background_colour()).map_err(plot_err)?;
    let top = h.counts.iter().copied().max().unwrap_or(1).max(1) as f64 * 2.0;
    let pad = (h.hi - h.lo).abs().max(1e-9) * 0.02;
    let mut chart = frame(area, 42, 56)
        .build_cartesian_2d(
            (h.lo - pad)..(h.hi + pad),
            (0.5..top)
                .log_scale()
                .with_key_points(log_y_ticks(area, (0.5, top), 24.0 + 42.0)),
        )
        .map_err(plot_err)?;
    house_style(&mut chart.configure_mesh())
        .x_desc("value")
        .x_label_formatter(&|x| compact(*x))
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
