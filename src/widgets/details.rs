//! What a widget shows besides timings: for `describe-stats`, the summary the kernels
//! computed and a histogram of the sample with its outliers marked.

use super::surface::Surface;
use crate::format::{count, duration_ns};
use crate::plot::series::{self, Figure};
use crate::protocol::Details;
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
    crate::widgets::effect(move || {
        let Some(figure) = details.with(|d| match d.as_ref()? {
            Details::Describe { histogram, .. } => Some(Figure::Histogram(histogram.clone())),
            Details::Profile(profile) => Some(Figure::Icicle(profile.clone())),
            Details::Stability(t) => series::stability(t).map(Figure::Growth),
            Details::HitRates(rates) => series::hit_rates(rates).map(Figure::Growth),
            Details::Ttl(t) => series::ttl_chart(t).map(Figure::Ttl),
            // The timeline and the lookups are the widget's main chart; here they are
            // only tables.
            Details::Timeline { .. }
            | Details::Responsiveness(_)
            | Details::Cache(_)
            | Details::Primes(_)
            | Details::Footprint { .. } => None,
        }) else {
            return;
        };
        surface.paint(Some(figure));
    });
    move || {
        match details.get()? {
        Details::Profile(profile) => Some(
            view! {
                <div class="details" data-details="profile">
                    <h4>"Profile of one run at the largest n"</h4>
                    <ProfileTable profile=profile/>
                    <figure class="chart">
                        <canvas node_ref=surface.node role="img"
                            aria-label="Icicle chart of the profile: each span's width is its cumulative time, its children below it. The figures are in the table above."></canvas>
                    </figure>
                    {surface.alert()}
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
                                        crate::topics::label(widget, &t.variant), overshoot
                                    )}</caption>
                                    {super::column_heads(&["Request", "Latency asked", "Started", "Finished"])}
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
                        {super::column_heads(&["Where the kernel ran", "Frames painted", "Frames dropped", "Longest gap between frames", "Long tasks"])}
                        <tbody>
                            {phases.into_iter().map(|p| {
                                let long_ms: f64 = p.long_tasks.iter().map(|t| t.len_ms()).sum();
                                // Without the Long Tasks API (every engine but Chromium's) a
                                // count of 0 would be a claim: say the browser does not report them.
                                let observed = p.long_tasks_observed;
                                let longest = p.long_tasks.iter().map(|t| t.len_ms()).fold(0.0, f64::max);
                                let long_cell = if observed {
                                    format!("{} ({})", p.long_tasks.len(), duration_ns(long_ms * 1e6))
                                } else {
                                    "not reported by this browser".to_owned()
                                };
                                view! {
                                    <tr data-phase=p.variant.clone() data-long-tasks=observed.then(|| p.long_tasks.len().to_string())
                                        data-longest-task-ms=observed.then(|| format!("{longest:.0}"))
                                        data-dropped-frames=p.dropped_frames.to_string()>
                                        <th scope="row">{crate::topics::label(widget, &p.variant)}</th>
                                        <td>{count(p.frames as u64)}</td>
                                        <td>{count(p.dropped_frames as u64)}</td>
                                        <td>{duration_ns(p.longest_gap_ms * 1e6)}</td>
                                        <td>{long_cell}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any(),
        ),
        Details::Stability(t) => Some(charted(
            "stability",
            format!("The variance of {} readings, three ways", count(t.n)),
            "Relative error of the variance against the offset of the readings, for the one-pass formula and for Welford's method, on log scales. The figures are in the table below.",
            surface,
            view! {
                <table class="results" data-stability="true">
                            <caption>"Readings are the offset plus a whole number from −50 to 50, so the exact variance is the same at every offset and is computed in integer arithmetic. The row of the slider's offset is marked."</caption>
                            {super::column_heads(&["Offset", "Exact", "E[x²] − E[x]²", "its error", "Welford", "its error"])}
                            <tbody>
                                {t.rows.iter().map(|r| {
                                    let chosen = r.offset == t.chosen;
                                    view! {
                                        <tr data-offset=crate::catalog::trim_number(r.offset)
                                            data-naive-error=format!("{:e}", r.naive_error())
                                            data-welford-error=format!("{:e}", r.welford_error())
                                            class:chosen=chosen aria-current=chosen.then_some("true")>
                                            <th scope="row">{crate::format::compact(r.offset)}{chosen.then_some(" (chosen)")}</th>
                                            <td>{format!("{:.6}", r.exact)}</td>
                                            <td class:negative=r.naive < 0.0>{format!("{:.6}", r.naive)}</td>
                                            <td>{crate::readout::relative(r.naive_error())}</td>
                                            <td>{format!("{:.6}", r.welford)}</td>
                                            <td>{crate::readout::relative(r.welford_error())}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
            }
            .into_any(),
        )),
        Details::HitRates(rates) => Some(charted(
            "hit-rates",
            "Hit rate by cache capacity".to_owned(),
            "Share of requests answered by the LRU cache against its capacity, on log scales. The figures are in the table below.",
            surface,
            view! {
                <table class="results">
                            <caption>"Each capacity replays the same requests into an empty cache."</caption>
                            {super::column_heads(&["Capacity", "Hits", "Hit rate"])}
                            <tbody>
                                {rates.into_iter().map(|h| view! {
                                    <tr data-capacity=h.capacity.to_string() data-hit-rate=format!("{:.4}", h.rate())>
                                        <th scope="row">{count(h.capacity)}</th>
                                        <td>{format!("{} of {}", count(h.hits), count(h.requests))}</td>
                                        <td>{format!("{:.1}%", h.rate() * 100.0)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
            }
            .into_any(),
        )),
        Details::Ttl(t) => Some(charted(
            "ttl",
            "Hits, misses and out-of-date answers".to_owned(),
            "Timeline of requests for the five most requested keys at the longest time-to-live: fetched, answered from the cache, or answered out of date. The counts are in the table below.",
            surface,
            view! {
                <table class="results">
                            <caption>{format!("The same {} requests (one every {} ms of simulated time) at each time-to-live; the source's value of each key changes every {} s.",
                                count(crate::topics::caching::ttl_cache::TTL_REQUESTS as u64), crate::topics::caching::ttl_cache::TTL_GAP_MS, t.update_ms / 1000)}</caption>
                            {super::column_heads(&["TTL", "Fetched", "From cache, current", "From cache, out of date"])}
                            <tbody>
                                {t.runs.iter().map(|r| view! {
                                    <tr data-ttl=(r.ttl_ms / 1000).to_string() data-hits=r.hits.to_string()
                                        data-misses=r.misses.to_string() data-stale=r.stale.to_string()>
                                        <th scope="row">{format!("{} s", r.ttl_ms / 1000)}</th>
                                        <td>{count(r.misses)}</td>
                                        <td>{count(r.hits)}</td>
                                        <td>{format!("{} ({:.1}%)", count(r.stale), r.stale_rate() * 100.0)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
            }
            .into_any(),
        )),
        Details::Cache(log) => Some(
            view! {
                <div class="table-wrap details" data-details="cache">
                    <table class="results">
                        <caption>"Every run on this page: where its answer came from."</caption>
                        {super::column_heads(&["Run", "n", "Outcome", "Primes below n", "Time to answer", "Storage key"])}
                        <tbody>
                            {log.into_iter().rev().map(|l| view! {
                                <tr data-run=l.run.to_string() data-outcome=l.outcome.as_str()>
                                    <th scope="row">{l.run}</th>
                                    <td>{count(l.n)}</td>
                                    <td>{l.outcome.as_str()}</td>
                                    <td>{count(l.result.count)}</td>
                                    <td>{duration_ns(l.ms * 1e6)}</td>
                                    <td><code>{l.key}</code></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any(),
        ),
        Details::Primes(_) => None,
        Details::Footprint { box_stride_bytes, pointer_bytes } => Some(
            view! {
                <p class="details muted" data-details="footprint" data-box-stride=box_stride_bytes.to_string()>
                    {format!("Measured in the worker: boxes allocated one after another lie {box_stride_bytes} bytes apart, so one boxed integer occupies {} bytes with its {pointer_bytes}-byte pointer, where the counting allocator sees 8 + {pointer_bytes}.", box_stride_bytes + pointer_bytes)}
                </p>
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
                            <canvas node_ref=surface.node role="img"
                                aria-label="Histogram of the sample; bins beyond three standard deviations are outliers. The figures are in the list above."></canvas>
                        </figure>
                        {surface.alert()}
                    </div>
                }
                .into_any(),
            )
        }
    }
    }
}

/// A details block with a chart above its data table (the table is the chart's text
/// alternative).
fn charted(
    kind: &'static str,
    heading: String,
    aria_label: &'static str,
    surface: Surface,
    table: AnyView,
) -> AnyView {
    view! {
        <div class="details" data-details=kind>
            <h4>{heading}</h4>
            <figure class="chart">
                <canvas node_ref=surface.node role="img" aria-label=aria_label></canvas>
            </figure>
            {surface.alert()}
            <div class="table-wrap">{table}</div>
        </div>
    }
    .into_any()
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
        let key: fn(&crate::profiler::FlatRow) -> f64 = match sort.get() {
            SortBy::Calls => |row| row.calls as f64,
            SortBy::Own => |row| row.own_ns,
            SortBy::Cumulative => |row| row.cumulative_ns,
            SortBy::PerCall => |row| row.per_call_ns(),
        };
        crate::profiler::sort_desc(&mut r, key);
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
