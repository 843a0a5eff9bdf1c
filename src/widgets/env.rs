//! What the reader's browser offers: threads, cross-origin isolation, clock resolution,
//! SIMD, browser. The panel (home page) and the banner (every page, when threads are off).

use crate::format::duration_ns;
use crate::worker::client::{build_name, page_isolated, WorkerStatus};
use leptos::prelude::*;

/// The worker status from the app's context (Starting if the app did not provide one).
pub fn worker_status() -> RwSignal<WorkerStatus> {
    use_context::<RwSignal<WorkerStatus>>().unwrap_or_else(|| RwSignal::new(WorkerStatus::Starting))
}

/// Whether this browser validates a module using a SIMD128 instruction.
pub fn simd_supported() -> bool {
    // (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)), as used by
    // feature detectors: valid only where SIMD128 is supported.
    const SIMD_PROBE: [u8; 30] = [
        0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0,
        253, 15, 253, 98,
    ];
    let mut bytes = SIMD_PROBE.to_vec();
    bytes.push(11);
    js_sys::WebAssembly::validate(&js_sys::Uint8Array::from(bytes.as_slice()).into())
        .unwrap_or(false)
}

/// "Chromium 156", "Firefox 140", "Safari 18", or the raw user agent.
pub fn browser_name() -> String {
    let ua = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    let version_after = |marker: &str| {
        ua.split(marker)
            .nth(1)
            .map(|rest| rest.split(['.', ' ']).next().unwrap_or("").to_owned())
    };
    if let Some(v) = version_after("Firefox/") {
        format!("Firefox {v}")
    } else if let Some(v) = version_after("Edg/") {
        format!("Edge {v}")
    } else if let Some(v) = version_after("Chrome/") {
        format!("Chromium {v}")
    } else if let (Some(v), true) = (version_after("Version/"), ua.contains("Safari/")) {
        format!("Safari {v}")
    } else {
        ua
    }
}

/// The environment panel.
#[component]
pub fn EnvPanel() -> impl IntoView {
    let status = worker_status();
    let simd = simd_supported();
    let browser = browser_name();
    let attr = move |f: fn(&crate::protocol::WorkerInfo) -> String| {
        move || match status.get() {
            WorkerStatus::Ready(info) => Some(f(&info)),
            _ => None,
        }
    };
    view! {
        <section class="env-panel" aria-labelledby="env-heading"
            data-threads=attr(|i| i.threads.to_string())
            data-isolated=attr(|i| i.isolated.to_string())
            data-timer-resolution-ns=attr(|i| format!("{}", i.timer_resolution_ns))>
            <h2 id="env-heading">"Your environment"</h2>
            {move || match status.get() {
                WorkerStatus::Starting => view! { <p>"Starting the benchmark worker…"</p> }.into_any(),
                WorkerStatus::Failed(why) => view! {
                    <p role="alert">{format!("The benchmark worker could not start: {why}. Widgets cannot run; try reloading.")}</p>
                }.into_any(),
                WorkerStatus::Ready(info) => view! {
                    <dl>
                        <dt>"Threads for benchmarks"</dt>
                        <dd>{info.threads}{info.pool_error.clone().map(|e| format!(" (pool unavailable: {e})"))}</dd>
                        <dt>"Cross-origin isolated"</dt>
                        <dd>{if info.isolated { "yes: shared memory and the fine clock are available".to_owned() } else { "no: one thread, coarse clock".to_owned() }}</dd>
                        <dt>"Clock resolution (measured in the worker)"</dt>
                        <dd>{duration_ns(info.timer_resolution_ns)}</dd>
                        <dt>"Harness floor (an empty kernel through the timing loop)"</dt>
                        <dd data-floor-ns=(info.floor_ns > 0.0).then(|| format!("{}", info.floor_ns))>{if info.floor_ns > 0.0 {
                            format!("{} per call: points within {}× of it are marked, not compared", duration_ns(info.floor_ns), crate::harness::FLOOR_FACTOR)
                        } else {
                            "measuring…".to_owned()
                        }}</dd>
                        <dt>"Worker build"</dt>
                        <dd>{build_name(info.build)}</dd>
                        <dt>"WebAssembly SIMD"</dt>
                        <dd>{if simd { "supported" } else { "not supported" }}</dd>
                        <dt>"Browser"</dt>
                        <dd>{browser.clone()}</dd>
                    </dl>
                }.into_any(),
            }}
        </section>
    }
}

/// A notice on every page when benchmarks run on one thread, or cannot run at all.
#[component]
pub fn EnvBanner() -> impl IntoView {
    let status = worker_status();
    move || {
        match status.get() {
        WorkerStatus::Failed(why) => Some(view! {
            <div class="banner banner-error" role="alert">
                {format!("The benchmark worker could not start ({why}). Widgets cannot run on this page.")}
            </div>
        }.into_any()),
        WorkerStatus::Ready(info) if info.threads <= 1 => {
            let why = if !page_isolated() {
                "this page is not cross-origin isolated (the server did not send the COOP/COEP headers), so the browser withholds shared memory from it".to_owned()
            } else {
                info.pool_error.clone().unwrap_or_else(|| "the browser reports a single core".into())
            };
            Some(view! {
                <div class="banner" role="status" data-threads-off="true">
                    <strong>"Threads are off. "</strong>
                    {format!("Benchmarks run on one thread because {why}. Every widget still works; parallel ones have nothing to compare, and the clock is coarser ({}).", duration_ns(info.timer_resolution_ns))}
                </div>
            }.into_any())
        }
        _ => None,
    }
    }
}
