//! What a widget shows besides timings: for `describe-stats`, the summary the kernels
//! computed and a histogram of the sample with its outliers marked.

use crate::format::{count, duration_ns};
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
        let Some(d) = details.get() else { return };
        let Some(el) = canvas.get() else { return };
        let result = draw::hidpi_area(&el).and_then(|area| match &d {
            Details::Describe { histogram, .. } => draw::histogram(&area, histogram),
            Details::Profile(profile) => draw::icicle(&area, profile),
        });
        problem.set(result.err().map(|e| e.to_string()));
    });
    let alert = move || problem.get().map(|p| view! { <p role="alert">{p}</p> });
    move || {
        match details.get()? {
        Details::Profile(profile) => Some(
            view! {
                <div class="details" data-details="profile">
                    <h4>"Profile of one run at the largest n"</h4>
                    <ProfileTable profile=profile/>
                    <figure class="chart">
                        <canvas node_ref=canvas role="img"
                            aria-label="Icicle chart of the profile: each span's width is its cumulative time, its children below it. The figures are in the table above."></canvas>
                    </figure>
                    {alert}
                </div>
            }
            .into_any(),
        ),
        Details::Describe { stats, .. } => {
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
            Some(
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
                        {alert}
                    </div>
                }
                .into_any(),
            )
        }
    }
    }
}

/// Which column the profile table is sorted by (descending).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortBy {
    Calls,
    Own,
    Cumulative,
    PerCall,
}

/// The flat profile, like cProfile's report, sortable by any numeric column.
#[component]
fn ProfileTable(profile: crate::profiler::Profile) -> impl IntoView {
    let total = profile.total_ns().max(1.0);
    let rows = profile.flat();
    let sort = RwSignal::new(SortBy::Cumulative);
    let sorted = move || {
        let mut r = rows.clone();
        let key = |row: &crate::profiler::FlatRow| match sort.get() {
            SortBy::Calls => row.calls as f64,
            SortBy::Own => row.own_ns,
            SortBy::Cumulative => row.cumulative_ns,
            SortBy::PerCall => row.per_call_ns(),
        };
        r.sort_by(|a, b| key(b).total_cmp(&key(a)));
        r
    };
    let header = move |label: &'static str, by: SortBy| {
        view! {
            <th scope="col" aria-sort=move || if sort.get() == by { "descending" } else { "none" }>
                <button type="button" class="sort" data-sort=label on:click=move |_| sort.set(by)>{label}</button>
            </th>
        }
    };
    view! {
        <div class="table-wrap">
            <table class="results profile">
                <caption>"Spans of one profiled run. Own time excludes child spans; cumulative includes them. Click a column to sort."</caption>
                <thead>
                    <tr>
                        <th scope="col">"Span"</th>
                        {header("calls", SortBy::Calls)}
                        {header("own", SortBy::Own)}
                        {header("cumulative", SortBy::Cumulative)}
                        {header("per call", SortBy::PerCall)}
                        <th scope="col">"own % of run"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || sorted().into_iter().map(|row| view! {
                        <tr data-span=row.name.clone()>
                            <th scope="row">{row.name.clone()}</th>
                            <td>{count(row.calls)}</td>
                            <td>{duration_ns(row.own_ns)}</td>
                            <td>{duration_ns(row.cumulative_ns)}</td>
                            <td>{duration_ns(row.per_call_ns())}</td>
                            <td>{format!("{:.1}%", 100.0 * row.own_ns / total)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
