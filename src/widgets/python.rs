//! The Python panel under a widget, as the UI holds it: a `<details>` whose inside is built
//! by the panel's own module (`python_panel`, bin `python_panel`), loaded the first time a
//! reader opens a panel. This side keeps what needs the widget: it hands the panel the
//! widget's context as text (`python::context_text`: the twin, the last Rust run's points,
//! its slider values, whether Run must wait) and puts the Python points the panel hands
//! back into the widget's chart and table. The panel works out the rest (sizes, answers
//! to check, the sentence comparing the two languages).

use crate::protocol::{Point, Response};
use crate::python::{self, Twin};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

thread_local! {
    // Page-wide: whether any panel's Python is running. Reference-counted, not owned by
    // whichever component first asked (an arena signal made there would be disposed with
    // it, and the next page's widgets would read a dead signal: a UI trap).
    static PAGE_BUSY: ArcRwSignal<bool> = ArcRwSignal::new(false);
    // Page-wide: how many widgets' Rust runs are under way.
    static RUST_RUNS: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

/// A widget's Rust run started (`true`) or ended: while any runs, Run in Python waits.
pub fn rust_running(started: bool) {
    RUST_RUNS.with(|r| r.update(|n| *n = if started { *n + 1 } else { n.saturating_sub(1) }));
}

/// True while Python runs anywhere on the page: every widget's Run waits (Python and a
/// Rust sweep would share the cores), and so does every other panel's Run in Python. Each
/// caller gets its own handle, owned by the caller, onto the one page-wide signal.
pub fn page_busy() -> RwSignal<bool> {
    PAGE_BUSY.with(|b| RwSignal::from(b.clone()))
}

// Loading the panel's module and mounting it are a few lines of JavaScript here, not an
// async Rust task in the UI bundle: the panel is what readers of Python pay for.
#[wasm_bindgen(inline_js = "
let loading;
function load() {
  loading ??= import('/python_panel.js')
    .then(async (m) => { await m.default(); return m; })
    .catch((e) => { loading = undefined; throw e; });
  return loading;
}
export function open_panel(details, widget, source, host) {
  if (!details.open || details.benchbookPanel !== undefined) return;
  details.benchbookPanel = null;
  const status = details.querySelector('[data-python-body] [role=status]');
  load().then((m) => {
    if (details.benchbookPanel !== null) return;
    details.benchbookPanel = m.mount(details, widget, source, details.benchbookContext ?? '', host);
  }, (e) => {
    details.benchbookPanel = undefined;
    if (status) status.textContent = `The Python panel could not be loaded (${e?.message ?? e}). Close and open it to try again.`;
  });
}
export function panel_context(details, text) {
  details.benchbookContext = text;
  details.benchbookPanel?.context(text);
}
export function panel_dispose(details) {
  const panel = details.benchbookPanel;
  details.benchbookPanel = undefined;
  if (panel) { panel.dispose(); panel.free(); }
}
")]
extern "C" {
    fn open_panel(details: &web_sys::Element, widget: &str, source: &str, host: &js_sys::Function);
    fn panel_context(details: &web_sys::Element, text: &str);
    fn panel_dispose(details: &web_sys::Element);
}

/// The Python panel of `widget`. `rust` holds the Rust points (Python answers are checked
/// against them, and Python runs at their sizes); `python` receives the Python points.
#[component]
pub fn PythonPanel(
    widget: &'static str,
    twin: &'static Twin,
    rust: RwSignal<Vec<Point>>,
    python: RwSignal<Vec<Point>>,
    /// The slider values the Rust points were measured with (a twin's `setup` gets them).
    params: RwSignal<crate::catalog::Values>,
) -> impl IntoView {
    let busy = page_busy();
    let rust_runs = RUST_RUNS.with(|r| RwSignal::from(r.clone()));
    let root = NodeRef::<leptos::html::Details>::new();
    // The panel's calls back: a run started or ended, or its points.
    let host = StoredValue::new_local(Closure::<dyn Fn(String, JsValue)>::new(
        move |kind: String, value: JsValue| match kind.as_str() {
            "busy" => {
                let on = value.is_truthy();
                if on {
                    python.try_set(Vec::new());
                }
                busy.try_set(on);
            }
            "points" => {
                let bytes = js_sys::Uint8Array::new(&value).to_vec();
                if let Ok(Response::Progress { points, .. }) = crate::protocol::decode(&bytes) {
                    python.try_set(points);
                }
            }
            _ => {}
        },
    ));

    // What the panel needs from the widget, kept on the element for a panel not yet loaded.
    crate::view::effect(move || {
        let variants = crate::topics::info(widget).map_or(&[][..], |i| i.variants);
        let blocked = busy.get() || rust_runs.get() > 0;
        let label = |id: &str| crate::topics::label(widget, id);
        let text = rust
            .with(|r| params.with(|p| python::context_text(twin, variants, label, r, p, blocked)));
        if let Some(details) = root.get() {
            panel_context(&details, &text);
        }
    });
    let open = move |_| {
        if let (Some(details), Some(Some(host))) = (
            root.get_untracked(),
            host.try_with_value(|h| h.as_ref().dyn_ref::<js_sys::Function>().cloned()),
        ) {
            open_panel(&details, widget, twin.source_path, &host);
        }
    };
    on_cleanup(move || {
        if let Some(details) = root.get_untracked() {
            panel_dispose(&details);
        }
    });

    view! {
        <details class="python" data-python=widget data-python-state="idle" node_ref=root on:toggle=open>
            <summary>"The same work in Python, run in this browser"</summary>
            // Filled by the panel's module once loaded; until then, or if it cannot load, this.
            <div data-python-body>
                <p role="status">"Loading the Python panel…"</p>
            </div>
            // The panel writes its sentence here.
            <p class="py-readout" aria-live="polite" data-python-readout></p>
        </details>
    }
}
