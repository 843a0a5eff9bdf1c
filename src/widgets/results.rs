//! The accessible results table: the chart's numbers, one row per (variant, n).

use crate::protocol::Point;
use crate::table::{rows, Columns};
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
                // The rows as markup (`table::rows`, pure and tested natively): rewritten
                // whole as points arrive.
                <tbody inner_html=move || {
                    let columns = Columns { widget, bytes_per_op, memory };
                    points.with(|p| rows(columns, p, "rust")) + &python.with(|p| rows(columns, p, "python"))
                }></tbody>
            </table>
        </div>
    }
}
