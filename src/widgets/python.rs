//! The Python panel under a widget, as the UI holds it: a `<details>` whose inside is built
//! by the panel's own module (`python_panel`, bin `python_panel`), loaded the first time a
//! reader opens a panel. This side keeps what needs the widget: it hands the panel a
//! [`Context`] (the sizes and answers of the last Rust run, its slider values, whether Run
//! must wait), puts the Python points the panel hands back into the widget's chart and
//! table, and writes the sentence comparing the two languages.

use crate::protocol::{Point, Response};
use crate::python::{self, Context, Twin};
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

#[wasm_bindgen(inline_js = "
let loading;
export function load_panel() {
  loading ??= import('/python_panel.js')
    .then(async (m) => { await m.default(); return m; })
    .catch((e) => { loading = undefined; throw e; });
  return loading;
}
export function mount_panel(m, root, widget, source, functions, labels, host) {
  return m.mount(root, widget, source, functions, labels, host);
}
export function panel_context(panel, text) { panel.context(text); }
export function panel_dispose(panel) { panel.dispose(); panel.free(); }
")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn load_panel() -> Result<JsValue, JsValue>;
    fn mount_panel(
        module: &JsValue,
        root: &web_sys::Element,
        widget: &str,
        source: &str,
        functions: &str,
        labels: &str,
        host: &js_sys::Function,
    ) -> JsValue;
    fn panel_context(panel: &JsValue, text: &str);
    fn panel_dispose(panel: &JsValue);
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
    let panel = StoredValue::new_local(None::<JsValue>);
    let requested = StoredValue::new(false);
    let failed = RwSignal::new(None::<String>);
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

    let context = move || {
        let variants = crate::topics::info(widget).map_or(&[][..], |i| i.variants);
        let blocked = busy.get() || rust_runs.get() > 0;
        rust.with(|r| params.with(|p| Context::new(twin, variants, r, p, blocked).to_text()))
    };
    crate::view::effect(move || {
        let text = context();
        panel.with_value(|p| {
            if let Some(p) = p {
                panel_context(p, &text);
            }
        });
    });

    let open = move |ev: leptos::ev::Event| {
        let opened = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
        if !opened || requested.get_value() {
            return;
        }
        requested.set_value(true);
        leptos::task::spawn_local(async move {
            let module = match load_panel().await {
                Ok(m) => m,
                Err(e) => {
                    requested.try_set_value(false);
                    failed.try_set(Some(format!(
                        "The Python panel could not be loaded ({}). Close and open it to try again.",
                        crate::js_error_message(&e)
                    )));
                    return;
                }
            };
            let (Some(details), Some(Some(host))) = (
                root.get_untracked(),
                host.try_with_value(|h| h.as_ref().dyn_ref::<js_sys::Function>().cloned()),
            ) else {
                return;
            };
            failed.try_set(None);
            let functions = twin
                .variants
                .iter()
                .map(|v| v.function)
                .collect::<Vec<_>>()
                .join(" ");
            let labels = twin
                .variants
                .iter()
                .map(|v| format!("{} ({})", v.label, v.function))
                .collect::<Vec<_>>()
                .join(", ");
            let mounted = mount_panel(
                &module,
                &details,
                widget,
                twin.source_path,
                &functions,
                &labels,
                &host,
            );
            panel_context(&mounted, &context());
            panel.try_set_value(Some(mounted));
        });
    };
    on_cleanup(move || {
        if let Some(Some(p)) = panel.try_update_value(Option::take) {
            panel_dispose(&p);
        }
    });

    let sentence = move || {
        python.with(|py| {
            rust.with(|r| python::sentence(twin, |id| crate::topics::label(widget, id), r, py))
        })
    };

    view! {
        <details class="python" data-python=widget data-python-state="idle" node_ref=root on:toggle=open>
            <summary>"The same work in Python, run in this browser"</summary>
            // Filled by the panel's module once loaded; until then, or if it cannot load, this.
            <div data-python-body>
                <p role="status">{move || failed.get().unwrap_or_else(|| "Loading the Python panel…".to_owned())}</p>
            </div>
            <p class="py-readout" aria-live="polite" data-python-readout>{move || sentence().unwrap_or_default()}</p>
        </details>
    }
}
