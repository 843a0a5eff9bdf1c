//! The accessible results table: the chart's numbers, one row per (variant, n).

use crate::format::{count, duration_ns};
use crate::protocol::{Outcome, Point};
use crate::readout::label;
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
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="results">
                <caption>"Measured results: median of the samples, with the fastest and slowest."</caption>
                <thead>
                    <tr>
                        <th scope="col">"Variant"</th>
                        <th scope="col">{n_label}</th>
                        <th scope="col">{format!("Median per {op_label}")}</th>
                        <th scope="col">"Fastest – slowest"</th>
                        <th scope="col">"Spread (MAD)"</th>
                        <th scope="col">"Samples × batch"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || points.get().into_iter().map(|p| row(widget, p)).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

fn row(widget: &'static str, p: Point) -> impl IntoView {
    let name = label(widget, &p.variant);
    let ops = p.ops_per_call.max(1) as f64;
    match p.outcome {
        Outcome::Measured(m) => {
            let s = &m.summary;
            let budget = if m.budget_hit {
                " (time budget reached)"
            } else {
                ""
            };
            view! {
                <tr data-variant=p.variant.clone() data-n=p.n.to_string() data-median-ns=format!("{}", s.median_ns / ops) data-state="measured">
                    <th scope="row">{name}</th>
                    <td>{count(p.n)}</td>
                    <td>{duration_ns(s.median_ns / ops)}</td>
                    <td>{format!("{} – {}", duration_ns(s.min_ns / ops), duration_ns(s.max_ns / ops))}</td>
                    <td>{format!("±{:.1}%", 100.0 * s.relative_spread())}</td>
                    <td>{format!("{} × {}{budget}", s.samples, count(m.batch))}</td>
                </tr>
            }
            .into_any()
        }
        Outcome::Skipped { reason } => view! {
            <tr data-variant=p.variant.clone() data-n=p.n.to_string() data-state="skipped">
                <th scope="row">{name}</th>
                <td>{count(p.n)}</td>
                <td colspan="4">{reason}</td>
            </tr>
        }
        .into_any(),
    }
}
