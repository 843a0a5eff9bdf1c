//! The shell around a run's details (what a widget shows besides timings): the markup is
//! the widget's own, written by the chart worker from the report (`readout::Written`; a
//! sortable table sorts in the page, `view::sort_rows`), the chart in it is drawn here, on
//! a surface the chart worker paints (`topics::details_figure`, from the run's bytes).

use super::surface::Surface;
use crate::plot::wire::Plot;
use leptos::prelude::*;

/// The details of the last finished run, if the widget has any.
#[component]
pub fn DetailsView(
    /// The bench worker's message that ended the last run, as it arrived (the chart
    /// worker builds the details chart from it: `topics::details_figure`).
    done: RwSignal<Option<Vec<u8>>>,
    /// What the chart worker wrote about the run (the details' markup among it).
    written: RwSignal<Option<crate::readout::Written>>,
) -> impl IntoView {
    let surface = Surface::new();
    crate::view::effect(move || {
        // Only a block with a chart has a canvas to paint.
        let charted = written.with(|w| {
            w.as_ref()
                .and_then(|w| w.details.as_ref())
                .is_some_and(|b| b.chart.is_some())
        });
        if let Some(bytes) = done.get().filter(|_| charted) {
            surface.paint(Some(Plot::Details(bytes)));
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
    move || {
        let block = written.with(|w| w.as_ref()?.details.clone());
        block.map(|m| crate::view::markup_block(m, &chart))
    }
}
