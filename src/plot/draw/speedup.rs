//! The speedup chart: measured speedup against threads beside Amdahl's law.

use super::*;

/// Speedup against threads: measured (with bars), Amdahl's prediction, and ideal.
pub(super) fn speedup(area: &Area, s: &Speedup) -> Result<(), DrawError> {
    area.fill(&background_colour()).map_err(plot_err)?;
    let top = s
        .measured
        .iter()
        .map(|m| m.hi)
        .fold(s.max_threads, f64::max)
        * 1.1;
    let mut chart = frame(area, 42, 56)
        .build_cartesian_2d(0.5..s.max_threads + 0.5, 0.0..top)
        .map_err(plot_err)?;
    house_style(&mut chart.configure_mesh())
        .x_desc("threads")
        .y_desc("speedup over 1 thread")
        .x_labels(s.max_threads as usize + 1)
        .x_label_formatter(&|x| {
            if (x - x.round()).abs() < 1e-6 {
                whole(*x)
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| format!("{}×", crate::plot::series::trim_zeros(&three_digits(*y))))
        .draw()
        .map_err(plot_err)?;
    chart
        .draw_series(LineSeries::new(
            s.ideal.iter().copied(),
            GREY.stroke_width(1),
        ))
        .map_err(plot_err)?;
    let mut keys = vec![("ideal: k× on k threads".to_owned(), Key::Line(GREY, 2))];
    let amdahl = PALETTE[1];
    chart
        .draw_series(LineSeries::new(
            s.amdahl.iter().copied(),
            amdahl.stroke_width(2),
        ))
        .map_err(plot_err)?;
    keys.push((
        format!(
            "Amdahl, {}% serial",
            crate::format::fixed(s.serial_share * 100.0, 0)
        ),
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
