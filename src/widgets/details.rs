//! What a widget shows besides timings: for `describe-stats`, the summary the kernels
//! computed and a histogram of the sample with its outliers marked.

use crate::format::count;
use crate::plot::draw;
use crate::protocol::Details;
use leptos::html::Canvas;
use leptos::prelude::*;

/// The details of the last finished run, if the widget has any.
#[component]
pub fn DetailsView(
    /// Details of the last run.
    details: Memo<Option<Details>>,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(Details::Describe { histogram, .. }) = details.get() else {
            return;
        };
        let Some(el) = canvas.get() else { return };
        let result = draw::hidpi_area(&el).and_then(|area| draw::histogram(&area, &histogram));
        problem.set(result.err().map(|e| e.to_string()));
    });
    move || {
        details.get().map(|Details::Describe { stats, .. }| {
            let rows = [
                ("count", count(stats.count)),
                ("mean", format!("{:.3}", stats.mean)),
                ("standard deviation", format!("{:.3}", stats.std)),
                ("min", format!("{:.3}", stats.min)),
                ("25%", format!("{:.3}", stats.q1)),
                ("50% (median)", format!("{:.3}", stats.median)),
                ("75%", format!("{:.3}", stats.q3)),
                ("max", format!("{:.3}", stats.max)),
                ("outliers (|z| > 3)", count(stats.outliers)),
            ];
            view! {
                <div class="details" data-details="describe">
                    <h4>"The sample at the largest n"</h4>
                    <dl class="stats">
                        {rows.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd data-stat=k>{v}</dd></div> }).collect_view()}
                    </dl>
                    <figure class="chart">
                        <canvas node_ref=canvas role="img"
                            aria-label="Histogram of the sample; bins beyond three standard deviations are outliers. The figures are in the list above."></canvas>
                    </figure>
                    {move || problem.get().map(|p| view! { <p role="alert">{p}</p> })}
                </div>
            }
        })
    }
}
