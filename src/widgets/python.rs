//! The Python panel under a widget: the widget's Python twin in an editor, run in the
//! reader's browser by CPython compiled to WebAssembly (Pyodide) on its own worker
//! (`public/python_worker.js`), drawn on the widget's chart and listed in its table.
//!
//! The worker starts only when a reader first presses "Run in Python" and is shared by
//! every panel on the page; Stop terminates it (the next run starts a new one), so no
//! Python, however endless, can hold the page or the Rust side.

use crate::protocol::Point;
use crate::python::{self, editing, highlight, ErrorKind, FromPython, PyError, PyPoint, Twin};
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What a run's listener hears: the worker's messages, or that the run was ended here.
enum Event {
    Message(FromPython),
    /// Stopped by the reader, or replaced by another panel's run.
    Ended,
}

type Listener = Box<dyn Fn(Event)>;

/// The page's one Python worker and the run listening to it.
struct Client {
    worker: web_sys::Worker,
    listener: std::rc::Rc<RefCell<Option<Listener>>>,
    // Kept alive as long as the worker.
    _on_message: Closure<dyn Fn(web_sys::MessageEvent)>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    // Page-wide: whether any panel's Python is running. Reference-counted, not owned by
    // whichever component first asked (an arena signal made there would be disposed with
    // it, and the next page's widgets would read a dead signal: a UI trap).
    static PAGE_BUSY: ArcRwSignal<bool> = ArcRwSignal::new(false);
}

/// True while Python runs anywhere on the page: every widget's Run waits (Python and a
/// Rust sweep would share the cores), and so does every other panel's Run in Python. Each
/// caller gets its own handle, owned by the caller, onto the one page-wide signal.
pub fn page_busy() -> RwSignal<bool> {
    PAGE_BUSY.with(|b| RwSignal::from(b.clone()))
}

fn client() -> Result<(), String> {
    if CLIENT.with(|c| c.borrow().is_some()) {
        return Ok(());
    }
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    let worker = web_sys::Worker::new_with_options("/python_worker.js", &options)
        .map_err(|e| crate::js_error_message(&e))?;
    let listener: std::rc::Rc<RefCell<Option<Listener>>> = Default::default();
    let hears = listener.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
            let message = decode(&ev.data());
            let last = matches!(message, FromPython::Done | FromPython::Failed(_));
            // Out of the cell while it runs, so the listener may start or stop a run itself.
            let listen = hears.borrow_mut().take();
            if let Some(listen) = listen {
                listen(Event::Message(message));
                // After the run's last message nobody listens until the next run.
                let mut slot = hears.borrow_mut();
                if !last && slot.is_none() {
                    *slot = Some(listen);
                }
            }
        });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    CLIENT.with(|c| {
        *c.borrow_mut() = Some(Client {
            worker,
            listener,
            _on_message: on_message,
        })
    });
    Ok(())
}

/// Starts a run; a run of another panel still going is ended first.
fn start(message: &JsValue, listen: Listener) -> Result<(), String> {
    if CLIENT.with(|c| {
        c.borrow()
            .as_ref()
            .is_some_and(|c| c.listener.borrow().is_some())
    }) {
        stop();
    }
    client()?;
    CLIENT.with(|c| {
        let c = c.borrow();
        let Some(c) = c.as_ref() else {
            return Err("the Python worker is gone".to_owned());
        };
        *c.listener.borrow_mut() = Some(listen);
        c.worker
            .post_message(message)
            .map_err(|e| crate::js_error_message(&e))
    })
}

/// Ends the running Python at once: the worker is terminated, its listener told.
fn stop() {
    let Some(client) = CLIENT.with(|c| c.borrow_mut().take()) else {
        return;
    };
    client.worker.terminate();
    let listen = client.listener.borrow_mut().take();
    if let Some(listen) = listen {
        listen(Event::Ended);
    }
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}
fn text(v: &JsValue, key: &str) -> String {
    get(v, key).as_string().unwrap_or_default()
}
fn number(v: &JsValue, key: &str) -> f64 {
    get(v, key).as_f64().unwrap_or(0.0)
}

/// A worker message as its type (see the protocol at the top of python_worker.js).
fn decode(v: &JsValue) -> FromPython {
    match text(v, "type").as_str() {
        "loading" => FromPython::Loading,
        "ready" => FromPython::Ready {
            version: text(v, "version"),
            load_ms: number(v, "load_ms"),
        },
        "started" => FromPython::Started {
            tick_ns: number(v, "tick_ns"),
            total: number(v, "total") as u32,
        },
        "point" => FromPython::Point(PyPoint {
            function: text(v, "function"),
            n: number(v, "n") as u64,
            samples_ns: js_sys::Array::from(&get(v, "samples_ns"))
                .iter()
                .filter_map(|x| x.as_f64())
                .collect(),
            batch: number(v, "batch") as u64,
            shortest_ns: number(v, "shortest_ns"),
            answer: text(v, "answer"),
        }),
        "skipped" => FromPython::Skipped {
            function: text(v, "function"),
            n: number(v, "n") as u64,
            reason: text(v, "reason"),
        },
        "stdout" => FromPython::Stdout(text(v, "text")),
        "done" => FromPython::Done,
        "failed" => FromPython::Failed(PyError {
            kind: ErrorKind::parse(&text(v, "kind")),
            line: get(v, "line").as_f64().map(|l| l as u32),
            message: text(v, "message"),
        }),
        other => FromPython::Failed(PyError {
            kind: ErrorKind::Load,
            line: None,
            message: format!("The Python worker sent a message this page does not know ({other})."),
        }),
    }
}

/// Where a panel's run is (`data-python-state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Idle,
    Loading,
    Running,
    Done,
    Failed,
    Stopped,
}

impl State {
    fn name(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Loading => "loading",
            Self::Running => "running",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Stopped => "stopped",
        }
    }
}

fn storage_key(widget: &str) -> String {
    format!("benchbook.python.{widget}")
}

fn stored_code(widget: &str) -> Option<String> {
    web_sys::window()?
        .local_storage()
        .ok()
        .flatten()?
        .get_item(&storage_key(widget))
        .ok()
        .flatten()
}

/// Keeps the reader's code (or forgets it, for `None`); false when the browser refused.
fn store_code(widget: &str, code: Option<&str>) -> bool {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return false;
    };
    match code {
        Some(code) => storage.set_item(&storage_key(widget), code).is_ok(),
        None => storage.remove_item(&storage_key(widget)).is_ok(),
    }
}

/// The Python panel of `widget`. `rust` holds the Rust points (Python answers are checked
/// against them, and Python runs at their sizes); `python` receives the Python points.
#[component]
pub fn PythonPanel(
    widget: &'static str,
    twin: &'static Twin,
    rust: RwSignal<Vec<Point>>,
    python: RwSignal<Vec<Point>>,
    rust_running: Signal<bool>,
    /// The slider values the Rust points were measured with (a twin's `setup` gets them).
    params: RwSignal<crate::catalog::Values>,
) -> impl IntoView {
    let busy = page_busy();
    let running_here = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let course = RwSignal::new(None::<Result<String, String>>);
    let code = RwSignal::new(String::new());
    let edited = RwSignal::new(false);
    let state = RwSignal::new(State::Idle);
    let error = RwSignal::new(None::<PyError>);
    let progress = RwSignal::new((0u32, 0u32));
    let printed = RwSignal::new(String::new());
    let loaded = RwSignal::new(None::<(String, f64)>);
    let store_note = RwSignal::new(None::<&'static str>);
    let tick = StoredValue::new(0.0f64);
    let requested = StoredValue::new(false);
    let escaped = StoredValue::new(false);

    let open = move |ev: leptos::ev::Event| {
        let opened = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
        if !opened || requested.get_value() {
            return;
        }
        requested.set_value(true);
        if let Some(mine) = stored_code(widget) {
            code.set(mine);
            edited.set(true);
        }
        leptos::task::spawn_local(async move {
            let fetched = super::fetch_text(&format!("/source/{}", twin.source_path)).await;
            if let Ok(text) = &fetched {
                if !edited.get_untracked() {
                    code.try_set(text.clone());
                }
            }
            course.try_set(Some(fetched));
        });
    };

    let sizes = move || {
        let mut ns: Vec<u64> = rust.with(|p| {
            p.iter()
                .filter(|p| p.measurement().is_some())
                .map(|p| p.n)
                .collect()
        });
        ns.sort_unstable();
        ns.dedup();
        ns
    };
    let running = move || matches!(state.get(), State::Loading | State::Running);

    // Points wait here until the run ends: redrawing the chart and table after each point
    // would take a core from the Python being timed (two cores here, often one physical).
    let pending = StoredValue::new_local(Vec::<Point>::new());
    let publish = move || {
        if let Some(done) = pending.try_update_value(std::mem::take) {
            python.try_set(done);
        }
    };
    // What Rust found at n for the work a Python function mirrors (answer, operations).
    let rust_answer = move |function: &str, n: u64| {
        let variants = crate::topics::info(widget).map_or(&[][..], |i| i.variants);
        let twin_id = twin.variant(function)?.twin;
        rust.with_untracked(|r| python::expected(r, variants, twin_id, n))
    };
    let on_message = move |event: Event| match event {
        Event::Message(FromPython::Loading) => {
            state.try_set(State::Loading);
        }
        Event::Message(FromPython::Ready { version, load_ms }) => {
            loaded.try_set(Some((
                format!(
                    "Python loaded in {} (Pyodide {version}, CPython compiled to WebAssembly).",
                    crate::format::duration_ns(load_ms * 1e6)
                ),
                load_ms,
            )));
        }
        Event::Message(FromPython::Started { tick_ns, total }) => {
            tick.set_value(tick_ns);
            progress.try_set((0, total));
            state.try_set(State::Running);
        }
        Event::Message(FromPython::Point(p)) => {
            let point = python::point(&p, rust_answer(&p.function, p.n), tick.get_value());
            pending.try_update_value(|all| all.push(point));
            progress.try_update(|(done, _)| *done += 1);
        }
        Event::Message(FromPython::Skipped {
            function,
            n,
            reason,
        }) => {
            let ops = rust_answer(&function, n).map_or(1, |e| e.ops);
            pending.try_update_value(|all| {
                all.push(Point {
                    variant: function,
                    n,
                    ops_per_call: ops,
                    outcome: crate::protocol::Outcome::Skipped { reason },
                    memory: None,
                })
            });
            progress.try_update(|(done, _)| *done += 1);
        }
        Event::Message(FromPython::Stdout(text)) => {
            printed.try_update(|p| {
                p.push_str(&text);
                p.push('\n');
                // Keep the end of a long print loop, not all of it.
                if p.len() > 4000 {
                    let cut = p.len() - 4000;
                    let cut = (cut..p.len()).find(|&i| p.is_char_boundary(i)).unwrap_or(0);
                    p.drain(..cut);
                }
            });
        }
        Event::Message(FromPython::Done) => {
            publish();
            state.try_set(State::Done);
            busy.try_set(false);
        }
        Event::Message(FromPython::Failed(e)) => {
            publish();
            error.try_set(Some(e));
            state.try_set(State::Failed);
            busy.try_set(false);
        }
        Event::Ended => {
            publish();
            state.try_set(State::Stopped);
            busy.try_set(false);
        }
    };

    let here = running_here.clone();
    let on_event = move |event: Event| {
        if matches!(
            event,
            Event::Ended | Event::Message(FromPython::Done | FromPython::Failed(_))
        ) {
            here.store(false, std::sync::atomic::Ordering::Relaxed);
        }
        on_message(event)
    };
    let started = running_here.clone();
    let run = move || {
        let ns = sizes();
        if ns.is_empty() || running() {
            return;
        }
        let message = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(&message, &JsValue::from_str(k), v);
        };
        set("type", &JsValue::from_str("run"));
        set("code", &JsValue::from_str(&code.get_untracked()));
        let functions: js_sys::Array = twin
            .variants
            .iter()
            .map(|v| JsValue::from_str(v.function))
            .collect();
        set("functions", &functions);
        let sizes: js_sys::Array = ns.iter().map(|n| JsValue::from_f64(*n as f64)).collect();
        set("sizes", &sizes);
        let values = js_sys::Object::new();
        params.with_untracked(|p| {
            for (k, v) in p {
                let _ =
                    js_sys::Reflect::set(&values, &JsValue::from_str(k), &JsValue::from_f64(*v));
            }
        });
        set("params", &values);
        python.set(Vec::new());
        pending.set_value(Vec::new());
        error.set(None);
        printed.set(String::new());
        progress.set((0, (ns.len() * twin.variants.len()) as u32));
        state.set(State::Loading);
        busy.set(true);
        started.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Err(e) = start(&message, Box::new(on_event.clone())) {
            started.store(false, std::sync::atomic::Ordering::Relaxed);
            error.set(Some(PyError {
                kind: ErrorKind::Load,
                line: None,
                message: format!("The Python worker could not start: {e}."),
            }));
            state.set(State::Failed);
            busy.set(false);
        }
    };
    // Leaving the page ends this panel's run (not another panel's). A plain flag, not a
    // signal: the panel's signals may be gone by the time this runs.
    let mine = running_here.clone();
    on_cleanup(move || {
        if mine.load(std::sync::atomic::Ordering::Relaxed) {
            stop();
        }
    });

    let save = move |text: String| {
        let kept = store_code(widget, Some(&text));
        store_note.set((!kept).then_some(
            "This browser did not let the page keep your code: it lasts until you leave the page.",
        ));
        edited.set(true);
        code.set(text);
    };
    let reset = move || {
        if let Some(Ok(original)) = course.get_untracked() {
            store_code(widget, None);
            store_note.set(None);
            edited.set(false);
            code.set(original);
        }
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        let key = match (ev.key().as_str(), ev.shift_key()) {
            ("Escape", _) => {
                escaped.set_value(true);
                return;
            }
            // After Escape, Tab leaves the editor as it does anywhere else.
            ("Tab", _) if escaped.get_value() => {
                escaped.set_value(false);
                return;
            }
            ("Tab", false) => editing::Key::Tab,
            ("Tab", true) => editing::Key::ShiftTab,
            ("Enter", false) => editing::Key::Enter,
            ("Backspace", false) => editing::Key::Backspace,
            _ => {
                escaped.set_value(false);
                return;
            }
        };
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let area = event_target::<web_sys::HtmlTextAreaElement>(&ev);
        let now = area.value();
        let at = |p: Option<u32>| editing::byte_offset(&now, p.unwrap_or(0) as usize);
        let (s, e) = (
            at(area.selection_start().ok().flatten()),
            at(area.selection_end().ok().flatten()),
        );
        if let Some((after, s, e)) = editing::press(&now, s, e, key) {
            ev.prevent_default();
            area.set_value(&after);
            let (s, e) = (
                editing::utf16_offset(&after, s) as u32,
                editing::utf16_offset(&after, e) as u32,
            );
            let _ = area.set_selection_range(s, e);
            save(after);
        }
    };

    let sentence = move || {
        python.with(|py| {
            rust.with(|r| python::sentence(twin, |id| crate::topics::label(widget, id), r, py))
        })
    };
    let labels = twin
        .variants
        .iter()
        .map(|v| format!("{} ({})", v.label, v.function))
        .collect::<Vec<_>>()
        .join(", ");

    // Everything that changes during a run is one HTML string (escaped), not a tree of
    // reactive views: the panel costs the UI bundle a fraction of what views cost.
    let status = move || {
        let mut html = String::new();
        let p = |html: &mut String, attrs: &str, text: &str| {
            html.push_str(&format!("<p {attrs}>{}</p>", escape(text)));
        };
        match course.get() {
            None => p(&mut html, "class=\"muted\"", "Loading the Python…"),
            Some(Err(e)) if !edited.get() => p(
                &mut html,
                "role=\"alert\"",
                &format!("The Python code could not be loaded ({e})."),
            ),
            Some(_) => {}
        }
        if let Some(note) = store_note.get() {
            p(&mut html, "class=\"notice\" role=\"status\"", note);
        }
        if sizes().is_empty() && !running() {
            p(&mut html, "class=\"muted\"", "Run the Rust benchmark above first: Python runs at its sizes, and each Python answer is checked against Rust's.");
        }
        match state.get() {
            State::Loading => html.push_str("<div class=\"progress\" role=\"status\"><progress aria-label=\"Loading Python\"></progress><span>Loading Python (about 13 MB the first time; this browser keeps it after that)…</span></div>"),
            State::Running => {
                let (done, total) = progress.get();
                html.push_str(&format!("<div class=\"progress\" role=\"status\"><progress max=\"{}\" value=\"{done}\" aria-label=\"Python progress\"></progress><span>{done} of {total} Python points measured…</span></div>", total.max(1)));
            }
            State::Stopped => p(&mut html, "class=\"muted\" role=\"status\"", "Stopped. Run in Python starts Python again."),
            _ => {}
        }
        if let Some((l, ms)) = loaded.get() {
            let attrs = format!("class=\"muted small\" data-python-loaded data-load-ms=\"{ms}\"");
            p(&mut html, &attrs, &l);
        }
        if let Some(e) = error.get() {
            let line = e
                .line
                .map_or(String::new(), |l| format!(" data-line=\"{l}\""));
            p(
                &mut html,
                &format!(
                    "class=\"error\" role=\"alert\" data-python-error=\"{}\"{line}",
                    e.kind.name()
                ),
                &e.to_string(),
            );
        }
        let out = printed.get();
        if !out.is_empty() {
            html.push_str(&format!("<div class=\"py-printed\"><p class=\"muted small\">Printed:</p><pre data-python-printed>{}</pre></div>", escape(&out)));
        }
        html
    };

    view! {
        <details class="python" data-python=widget data-python-state=move || state.get().name() on:toggle=open>
            <summary>"The same work in Python, run in this browser"</summary>
            <p>
                {format!("The Python below does what each Rust variant does: {labels}. ")}
                "Run in Python times it here, in CPython compiled to WebAssembly (Pyodide), on the same clock and at the sizes of the last Rust run, the way "
                <code>"timeit"</code>
                " does (batches above the clock's tick, several samples, the median). Its lines are dashed on the chart, in the colour of the Rust variant they mirror. Each answer must equal Rust's for the same n, or no time is shown. Edit the code to try your own version."
            </p>
            <div class="py-editor">
                // Text escaped by `highlight::html`: the reader's code never becomes markup.
                <pre aria-hidden="true"><code inner_html=move || code.with(|c| highlight::html(c))></code></pre>
                <textarea aria-label=format!("Python code for {widget}") spellcheck="false" autocapitalize="off"
                    autocomplete="off" wrap="off" data-python-code=widget
                    rows=move || code.with(|c| c.lines().count() + 1).to_string()
                    prop:value=move || code.get()
                    on:input=move |ev| save(event_target_value(&ev))
                    on:keydown=keydown></textarea>
            </div>
            <p class="muted small">"Tab and Shift+Tab indent; Enter keeps the indentation. Press Esc, then Tab, to move on from the editor. Your edits stay in this browser until you press Reset."</p>
            <div class="buttons">
                <button type="button" class="run-python" data-python-run=widget on:click=move |_| run()
                    disabled=move || busy.get() || rust_running.get() || sizes().is_empty() || course.get().is_none()>"Run in Python"</button>
                <button type="button" class="stop-python" data-python-stop=widget on:click=move |_| stop() disabled=move || !running()>"Stop"</button>
                <button type="button" data-python-reset=widget on:click=move |_| reset()
                    disabled=move || running() || !edited.get() || !matches!(course.get(), Some(Ok(_)))>"Reset"</button>
            </div>
            <div inner_html=status></div>
            <p class="py-readout" aria-live="polite" data-python-readout>{move || sentence().unwrap_or_default()}</p>
        </details>
    }
}

/// Text made safe to place in HTML.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
