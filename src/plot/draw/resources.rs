//! The resource monitor's memory and activity over time.

use super::*;

/// The resource monitor's sparkline: the worker's linear memory, and the allocator's
/// live and peak bytes, against time since the run started (linear axes).
pub(super) fn resources(
    area: &Area,
    samples: &[crate::protocol::ResourceSample],
) -> Result<(), DrawError> {
    area.fill(&background_colour()).map_err(plot_err)?;
    let t_max = samples.iter().map(|s| s.t_ms).fold(1.0, f64::max);
    let max = samples
        .iter()
        .map(|s| s.wasm_bytes.max(s.peak_bytes) as f64)
        .fold(1.0, f64::max);
    // Drawn in the largest binary unit the data reaches, so plotters' round ticks (1, 2 or
    // 5 times a power of ten) are round binary sizes: "10 MiB", never "9.54 MiB".
    let unit = super::layout::binary_unit(max);
    let top = max / unit * 1.6; // room above the lines for the legend
    let mut chart = frame(area, 40, 72)
        .build_cartesian_2d(0.0..t_max * 1.02, 0.0..top)
        .map_err(plot_err)?;
    house_style(&mut chart.configure_mesh())
        .x_desc("time since the run started (ms)")
        .y_desc("bytes")
        .y_labels(6)
        .x_label_formatter(&|x| whole(*x))
        .y_label_formatter(&|&y| match y > 0.0 {
            true => crate::plot::series::y_label(crate::plot::series::Unit::Bytes, y * unit),
            false => "0 B".to_owned(),
        })
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
        let pts: Vec<(f64, f64)> = samples
            .iter()
            .map(|s| (s.t_ms, get(s) as f64 / unit))
            .collect();
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
