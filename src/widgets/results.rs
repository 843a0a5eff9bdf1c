//! The accessible results table: the chart's numbers, one row per (variant, n).

use crate::format::{bytes, count, duration_ns};
use crate::protocol::{Outcome, Point};
use crate::topics::label;
use leptos::prelude::*;

/// One row per point, in measurement order.
#[component]
pub fn ResultsTable(
    /// Widget id (for variant labels).
    widget: &'static str,
    /// What one operation is ("lookup", "call").
    op_label: &'static str,
    /// Column heading for n ("n" or "threads").
    n_label: &'static str,
    /// The points.
    points: RwSignal<Vec<Point>>,
    /// The Python twin's points (rows with `data-lang="python"`).
    python: RwSignal<Vec<Point>>,
    /// Bytes moved per operation, for a throughput column.
    bytes_per_op: Option<f64>,
    /// Whether points carry memory use (a peak-memory column).
    memory: bool,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="results" data-results="measurements">
                <caption>"Measured results: median of the samples, with the fastest and slowest. A note after a median says why it should not be compared."</caption>
                <thead>
                    <tr>
                        <th scope="col">"Variant"</th>
                        <th scope="col">{n_label}</th>
                        <th scope="col">{format!("Median per {op_label}")}</th>
                        <th scope="col">"Fastest – slowest"</th>
                        <th scope="col">"Spread (MAD)"</th>
                        <th scope="col">"Samples × batch"</th>
                        {bytes_per_op.map(|_| view! { <th scope="col">"Throughput"</th> })}
                        {memory.then(|| view! { <th scope="col">"Peak memory per call (allocations)"</th> })}
                    </tr>
                </thead>
                <tbody>
                    {move || points.get().into_iter().map(|p| row(widget, p, "rust", bytes_per_op, memory)).collect_view()}
                    {move || python.get().into_iter().map(|p| row(widget, p, "python", bytes_per_op, memory)).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Why a measured figure should not be compared, as a short note after it; `None` for a
/// sound point. The readout leaves such points out of its comparisons.
pub fn doubt(m: &crate::harness::Measurement) -> Option<&'static str> {
    use crate::harness::Quality;
    match (m.quality, m.at_floor) {
        (Quality::BelowClock, _) => Some(" below the clock: each reading is mostly rounding"),
        (Quality::Drifting, _) => Some(" still changing while measured"),
        (Quality::Sound, true) => Some(" at the harness floor: mostly the timing loop"),
        (Quality::Sound, false) => None,
    }
}

fn row(
    widget: &'static str,
    p: Point,
    lang: &'static str,
    bytes_per_op: Option<f64>,
    memory: bool,
) -> impl IntoView {
    // A Python row names the Rust variant it mirrors.
    let twin = crate::topics::python(widget)
        .filter(|_| lang == "python")
        .and_then(|t| t.variant(&p.variant))
        .map(|v| v.twin);
    let name = match lang {
        "python" => format!("{} (Python)", label(widget, &p.variant)),
        _ => label(widget, &p.variant),
    };
    let ops = p.ops_per_call.max(1) as f64;
    match p.outcome {
        Outcome::Measured(m) => {
            let s = &m.summary;
            let budget = if m.budget_hit {
                " (time budget reached)"
            } else {
                ""
            };
            let per_op = s.median_ns / ops;
            let mem = p.memory;
            let flag = doubt(&m);
            view! {
                <tr data-variant=p.variant.clone() data-lang=lang data-twin=twin data-n=p.n.to_string() data-ops=p.ops_per_call.to_string() data-median-ns=crate::format::shortest(per_op) data-state="measured"
                    data-bytes=mem.map(|m| m.peak_bytes.to_string())
                    data-min-ticks=crate::format::shortest(m.min_ticks) data-quality=m.quality.name()
                    data-at-floor=m.at_floor.then_some("true")
                    data-other-pass-ns=m.other_pass_ns.map(|o| crate::format::shortest(o / ops))>
                    <th scope="row">{name}</th>
                    <td>{count(p.n)}</td>
                    <td>{duration_ns(s.median_ns / ops)}{flag.map(|f| view! { <span class="doubt">{f}</span> })}
                        {m.other_pass_ns.filter(|&o| disturbed(s.median_ns, o, s.relative_spread())).map(|o| view! { <span class="pass-note">{format!(" faster of 2 passes (other: {})", duration_ns(o / ops))}</span> })}</td>
                    <td>{format!("{} – {}", duration_ns(s.min_ns / ops), duration_ns(s.max_ns / ops))}</td>
                    <td>{format!("±{}%", crate::format::fixed(100.0 * s.relative_spread(), 1))}</td>
                    <td>{format!("{} × {}{budget}", s.samples, count(m.batch))}</td>
                    {bytes_per_op.map(|b| view! { <td>{format!("{} GB/s", crate::format::fixed(b / per_op, 1))}</td> })}
                    {memory.then(|| view! {
                        <td>{mem.map_or_else(|| "–".to_owned(), |m| format!("{} ({})", bytes(m.peak_bytes), count(m.allocations)))}</td>
                    })}
                </tr>
            }
            .into_any()
        }
        Outcome::Skipped { reason } => view! {
            <tr data-variant=p.variant.clone() data-lang=lang data-twin=twin data-n=p.n.to_string() data-state="skipped">
                <th scope="row">{name}</th>
                <td>{count(p.n)}</td>
                <td colspan="6">{reason}</td>
            </tr>
        }
        .into_any(),
    }
}

/// True when a point's other pass was slower than its reported one by more than the
/// readouts count as noise (`readout::noise`): that pass was disturbed, and the row says
/// so. Otherwise the two passes agree and the row shows one figure.
fn disturbed(median_ns: f64, other_ns: f64, spread: f64) -> bool {
    other_ns > median_ns * (1.0 + crate::readout::noise(spread))
}
