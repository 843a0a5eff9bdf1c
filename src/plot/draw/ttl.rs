//! The TTL cache's timeline of the most requested keys (`ttl-cache`'s details).

use super::*;

/// `ttl-cache`: requests of the most requested keys over simulated time, one row per
/// key; a filled circle is a fetch (miss), a hollow circle a fresh hit, a cross a
/// stale hit. Shapes differ as well as colours.
pub(super) fn ttl_timeline(
    area: &Area,
    t: &crate::plot::series::TtlChart,
) -> Result<(), DrawError> {
    use crate::details::Lookup;
    area.fill(&background_colour()).map_err(plot_err)?;
    let rows = f64::from(t.keys);
    let mut chart = frame(area, 40, 64)
        .caption(&t.title, font(13))
        .build_cartesian_2d(0.0..t.x_max_s * 1.02, -0.5..rows + 1.2)
        .map_err(plot_err)?;
    house_style(&mut chart.configure_mesh())
        .x_desc("simulated time (s)")
        .x_label_formatter(&|x| compact(*x))
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
