//! What the reader's browser offers: threads, cross-origin isolation, clock resolution,
//! SIMD, browser. The panel (home page) and the banner (every page, when threads are off).

use crate::engine::OneThread;
use crate::format::duration_ns;
use crate::worker::client::{page_isolated, shared_memory, WorkerStatus};
use js_sys::{Array, Reflect};
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

/// The browser and its engine, from the user agent.
pub fn browser() -> crate::engine::Browser {
    let ua = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    crate::engine::browser(&ua)
}

/// "Chromium 156", "Firefox 153", "Safari 18", or the raw user agent.
pub fn browser_name() -> String {
    browser().name
}

/// `PerformanceObserver.supportedEntryTypes` includes "longtask" (Chromium does; some
/// browsers do not, and then the widget says so instead of reporting zero).
pub fn long_tasks_supported() -> bool {
    let ctor = Reflect::get(&js_sys::global(), &"PerformanceObserver".into()).ok();
    ctor.and_then(|c| Reflect::get(&c, &"supportedEntryTypes".into()).ok())
        .map(|types| Array::from(&types).includes(&"longtask".into(), 0))
        .unwrap_or(false)
}

/// What this browser lacks that some widget would use, as short phrases.
fn missing_features(simd: bool) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if page_isolated() && !shared_memory() {
        missing.push("shared memory (SharedArrayBuffer), so no thread pool");
    }
    if !long_tasks_supported() {
        missing.push("the Long Tasks API, so blocking-the-ui counts dropped frames only");
    }
    if !simd {
        missing.push("WebAssembly SIMD, so the vectorization lesson's SIMD variant cannot run");
    }
    missing
}

/// The environment panel.
#[component]
pub fn EnvPanel() -> impl IntoView {
    let status = worker_status();
    let simd = simd_supported();
    let browser = browser();
    let missing = missing_features(simd);
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
            data-timer-resolution-ns=attr(|i| crate::format::shortest(i.timer_resolution_ns))>
            <h2 id="env-heading">"Your environment"</h2>
            // Markup from `engine` (pure, tested); fixed once the worker is ready.
            <div class="contents" inner_html=move || match status.get() {
                WorkerStatus::Starting => crate::engine::worker_not_ready(None, false),
                WorkerStatus::Failed(why) => crate::engine::worker_not_ready(Some(&why), false),
                WorkerStatus::Ready(info) => crate::engine::panel(&info, simd, &browser, &missing),
            }></div>
        </section>
    }
}

/// A notice on every page when benchmarks run on one thread, or cannot run at all.
#[component]
pub fn EnvBanner() -> impl IntoView {
    let status = worker_status();
    let markup = move || match status.get() {
        WorkerStatus::Failed(why) => crate::engine::worker_not_ready(Some(&why), true),
        WorkerStatus::Ready(info) if info.threads <= 1 => {
            let cause = if !page_isolated() {
                OneThread::NotIsolated
            } else if !shared_memory() {
                OneThread::NoSharedMemory
            } else if let Some(e) = info.pool_error.clone() {
                OneThread::PoolFailed(e)
            } else {
                OneThread::OneProcessor
            };
            crate::engine::one_thread_banner(
                &cause,
                &browser(),
                &duration_ns(info.timer_resolution_ns),
            )
        }
        _ => String::new(),
    };
    view! { <div class="contents" inner_html=markup></div> }
}
