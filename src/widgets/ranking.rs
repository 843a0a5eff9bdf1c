//! The ranking of `compare-implementations`: at the largest size every variant reached,
//! each one's time and its ratio to the fastest, as a table and a bar chart.

use super::surface::Surface;
use crate::format::{duration_ns, three_digits};
use crate::plot::series::{self, Figure};
use crate::protocol::Point;
use leptos::prelude::*;

/// The ranking table and bar chart of a widget's points.
#[component]
pub fn RankingView(
    /// The widget.
    widget: &'static str,
    /// Its points so far.
    points: RwSignal<Vec<Point>>,
) -> impl IntoView {
    let variants: Vec<&'static str> = crate::topics::info(widget)
        .map(|s| s.variants.iter().map(|v| v.id).collect())
        .unwrap_or_default();
    let order = variants.clone();
    let ranked = Memo::new(move |_| points.with(|p| crate::ranking::ranking(&variants, p, None)));
    let surface = Surface::new();
    crate::view::effect(move || {
        let figure = ranked.with(|r| {
            r.as_ref()
                .map(|r| Figure::Bars(series::bars(widget, &order, r)))
        });
        surface.paint(figure);
    });
    view! {
        <div class="details" data-details="ranking">
            <figure class="chart">
                <canvas node_ref=surface.node role="img"
                    aria-label="Bar chart of each implementation's time per value at the largest size, fastest on top. The figures are in the table below."></canvas>
            </figure>
            {surface.alert()}
            {move || ranked.get().map(|r| view! {
                <div class="table-wrap">
                    <table class="results" data-ranking=r.n.to_string()>
                        <caption>{format!("Ranking at n = {}: time per value and relative to the fastest.", crate::format::count(r.n))}</caption>
                        {crate::view::column_heads(&["Rank", "Implementation", "Time per value", "Relative to the fastest"])}
                        <tbody>
                            {r.rows.into_iter().enumerate().map(|(k, (v, ns, rel))| view! {
                                <tr data-rank=(k + 1).to_string() data-variant=v.clone() data-relative=crate::format::fixed(rel, 4)>
                                    <th scope="row">{k + 1}</th>
                                    <td>{crate::topics::label(widget, &v)}</td>
                                    <td>{duration_ns(ns)}</td>
                                    <td>{if k == 0 { "fastest".to_owned() } else { format!("{}× slower", three_digits(rel)) }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
        </div>
    }
}
