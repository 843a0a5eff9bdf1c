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
    /// What the chart worker wrote about the run: the details' markup, and the message it
    /// was written from, from which the chart worker builds the details chart
    /// (`topics::details_figure`).
    written: RwSignal<Option<crate::readout::Written>>,
) -> impl IntoView {
    let surface = Surface::new();
    crate::view::effect(move || {
        // Only a block with a chart has a canvas to paint.
        let message = written.with(|w| {
            let w = w.as_ref()?;
            let charted = w.details.as_ref()?.chart.is_some();
            (charted && !w.message.is_empty()).then(|| w.message.clone())
        });
        if let Some(bytes) = message {
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
