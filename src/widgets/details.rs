//! The shell around a run's details (what a widget shows besides timings): the view is
//! the widget's own (`topics::details_view`, in the widget's file), the chart under it is
//! drawn here, on a surface the chart worker paints (`topics::details_figure`).

use super::surface::Surface;
use crate::protocol::Details;
use crate::topics::details_figure;
use leptos::prelude::*;

/// The details of the last finished run, if the widget has any.
#[component]
pub fn DetailsView(
    /// The widget whose details these are (for variant labels).
    widget: &'static str,
    /// Details of the last run.
    details: Memo<Option<Details>>,
) -> impl IntoView {
    let surface = Surface::new();
    crate::view::effect(move || {
        if let Some(figure) = details.with(|d| details_figure(d.as_ref()?)) {
            surface.paint(Some(figure));
        }
    });
    let chart = move |label: &'static str| {
        view! {
            <figure class="chart">
                <canvas node_ref=surface.node role="img" aria-label=label></canvas>
            </figure>
            {surface.alert()}
        }
        .into_any()
    };
    move || crate::topics::details_view(widget, details.get()?, &chart)
}
