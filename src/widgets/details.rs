//! The shell around a run's details (what a widget shows besides timings): the markup is
//! the widget's own, written by the chart worker from the report (`readout::Written`; a
//! sortable table sorts in the page, `view::sort_rows`), the chart in it is drawn here, on
//! a surface the chart worker paints (`topics::details_figure`).

use super::surface::Surface;
use crate::protocol::Details;
use crate::topics::details_figure;
use leptos::prelude::*;

/// The details of the last finished run, if the widget has any.
#[component]
pub fn DetailsView(
    /// Details of the last run.
    details: Memo<Option<Details>>,
    /// Their markup, as the worker wrote it.
    markup: Memo<Option<crate::html::Block>>,
) -> impl IntoView {
    let surface = Surface::new();
    crate::view::effect(move || {
        if let Some(figure) = details.with(|d| details_figure(d.as_ref()?)) {
            surface.paint(Some(figure));
        }
    });
    let chart = move |label: String| {
        view! {
            <figure class="chart">
                <canvas node_ref=surface.node role="img" aria-label=label></canvas>
            </figure>
            {surface.alert()}
        }
        .into_any()
    };
    move || markup.get().map(|m| crate::view::markup_block(m, &chart))
}
