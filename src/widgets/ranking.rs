//! The ranking of `compare-implementations`: at the largest size every variant reached,
//! each one's time and its ratio to the fastest, as a table and a bar chart.

use super::surface::Surface;
use crate::plot::wire::Plot;
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
    // The table's ranking, worked out where it is read (a few variants: cheap).
    let ranked = move || {
        let variants = crate::topics::variant_ids(widget);
        points.with(|p| crate::ranking::ranking(&variants, p, None))
    };
    let surface = Surface::new();
    crate::view::effect(move || {
        // The chart worker ranks the points itself and draws the bars (none until every
        // variant reached a common size).
        let pts = points.get();
        let plot = (!pts.is_empty()).then(|| Plot::Ranking {
            widget: widget.to_owned(),
            points: pts,
        });
        surface.paint(plot);
    });
    view! {
        <div class="details" data-details="ranking">
            <figure class="chart">
                <canvas node_ref=surface.node role="img"
                    aria-label="Bar chart of each implementation's time per value at the largest size, fastest on top. The figures are in the table below."></canvas>
            </figure>
            {surface.alert()}
            // The table as markup (`ranking::table`, pure and tested natively).
            {move || ranked().map(|r| crate::ranking::table(&r, &|v| crate::topics::label(widget, v))).map(|t| view! {
                <div class="table-wrap" inner_html=t></div>
            })}
        </div>
    }
}
