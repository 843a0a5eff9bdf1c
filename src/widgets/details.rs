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
    /// The widget whose details these are (for variant labels).
    widget: &'static str,
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
            // The timeline is the widget's main chart; here it is only a table.
            Details::Timeline { .. } | Details::Responsiveness(_) => Ok(()),
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
        Details::Timeline { timelines, latencies_ms } => Some(
            view! {
                <details class="details" data-details="timeline">
                    <summary>"The timeline as a table"</summary>
                    {timelines.into_iter().map(|t| {
                        let overshoot = t.mean_overshoot_ms(&latencies_ms);
                        view! {
                            <div class="table-wrap">
                                <table class="results" data-timeline=t.variant.clone()>
                                    <caption>{format!(
                                        "{}: when each request started and finished (ms from the first start). On average a request waited {:.1} ms longer than its simulated latency.",
                                        crate::readout::label(widget, &t.variant), overshoot
                                    )}</caption>
                                    <thead><tr>
                                        <th scope="col">"Request"</th>
                                        <th scope="col">"Latency asked"</th>
                                        <th scope="col">"Started"</th>
                                        <th scope="col">"Finished"</th>
                                    </tr></thead>
                                    <tbody>
                                        {t.spans.iter().map(|sp| view! {
                                            <tr>
                                                <th scope="row">{sp.id + 1}</th>
                                                <td>{format!("{:.0} ms", latencies_ms.get(sp.id).copied().unwrap_or(0.0))}</td>
                                                <td>{format!("{:.1}", sp.start_ms)}</td>
                                                <td>{format!("{:.1}", sp.end_ms)}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }
                    }).collect_view()}
                </details>
            }
            .into_any(),
        ),
        Details::Responsiveness(phases) => Some(
            view! {
                <div class="table-wrap details" data-details="responsiveness">
                    <table class="results">
                        <caption>"What the page felt while the kernel ran: frames the animation painted and dropped, and long tasks (over 50 ms) on the UI thread."</caption>
                        <thead><tr>
                            <th scope="col">"Where the kernel ran"</th>
                            <th scope="col">"Frames painted"</th>
                            <th scope="col">"Frames dropped"</th>
                            <th scope="col">"Longest gap between frames"</th>
                            <th scope="col">"Long tasks"</th>
                        </tr></thead>
                        <tbody>
                            {phases.into_iter().map(|p| {
                                let long_ms: f64 = p.long_tasks.iter().map(|t| t.len_ms()).sum();
                                view! {
                                    <tr data-phase=p.variant.clone() data-long-tasks=p.long_tasks.len().to_string()
                                        data-dropped-frames=p.dropped_frames.to_string()>
                                        <th scope="row">{crate::readout::label(widget, &p.variant)}</th>
                                        <td>{count(p.frames as u64)}</td>
                                        <td>{count(p.dropped_frames as u64)}</td>
                                        <td>{duration_ns(p.longest_gap_ms * 1e6)}</td>
                                        <td>{format!("{} ({})", p.long_tasks.len(), duration_ns(long_ms * 1e6))}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
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
