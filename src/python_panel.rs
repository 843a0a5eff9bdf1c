//! The Python panel: a widget's Python twin in an editor, run in the reader's browser by
//! CPython compiled to WebAssembly (Pyodide) on its own worker (`public/python_worker.js`).
//!
//! This is its own small WebAssembly module (bin `python_panel`), loaded by the UI
//! (`widgets/python.rs`) the first time a reader opens a panel, so the editor, the worker
//! protocol and the panel's markup cost the UI bundle nothing. It needs no Leptos: the
//! panel is markup built once and updated by hand from one `Panel` value. The UI hands it
//! a [`Context`] (the twin's functions, the Rust run's points, slider values, whether Run
//! waits) as text; the panel works out the sizes, the answers to check and the sentence
//! comparing the two languages (written into the `[data-python-readout]` the UI placed),
//! and hears back through one JS function: `("busy", bool)` when a run starts or ends, and
//! `("points", bytes)` at its end, the Python points as a `protocol::Response::Progress`
//! frame the UI decodes as it decodes the bench worker's.
//!
//! The worker starts only when a reader first presses "Run in Python" and is shared by
//! every panel on the page; Stop terminates it (the next run starts a new one), so no
//! Python, however endless, can hold the page or the Rust side.

use crate::html::escape;
use crate::protocol::{Outcome, Point, Response};
use crate::python::{self, editing, highlight, Context, ErrorKind, FromPython, PyError, PyPoint};
use std::cell::RefCell;
use std::rc::Rc;
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
            step_ms: number(v, "step_ms"),
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum State {
    #[default]
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
    fn running(self) -> bool {
        matches!(self, Self::Loading | Self::Running)
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

/// What loading Python found (shown under the buttons).
struct Loaded {
    line: String,
    load_ms: f64,
    step_ms: f64,
}

/// Everything a panel knows: drawn into its markup by [`render`] after every change.
struct Panel {
    widget: String,
    /// The `<details>` element; the panel's markup is in its `[data-python-body]`.
    root: web_sys::Element,
    /// Told of runs starting and ending, and handed the points (see the module's docs).
    host: js_sys::Function,
    context: Context,
    /// The points of the last run that ended, for the sentence (dropped when the Rust run
    /// they were checked against is replaced).
    last: Vec<Point>,
    /// The course's code, once fetched.
    course: Option<Result<String, String>>,
    code: String,
    edited: bool,
    state: State,
    error: Option<PyError>,
    progress: (u32, u32),
    printed: String,
    /// What loading Python found.
    loaded: Option<Loaded>,
    store_note: Option<&'static str>,
    tick_ns: f64,
    /// Esc was pressed: the next Tab leaves the editor.
    escaped: bool,
    /// Points of the running run: they reach the chart and table when it ends (redrawing
    /// them after each point would take a core from the Python being timed).
    pending: Vec<Point>,
    /// The code the highlighted copy shows.
    shown: Option<String>,
    /// This panel's run is the worker's current one.
    mine: bool,
}

type Shared = Rc<RefCell<Panel>>;

/// The panel's markup, built once: the parts that change are filled in by [`render`].
fn skeleton(widget: &str, context: &Context) -> String {
    let labels = context
        .functions
        .iter()
        .map(|f| format!("{} ({})", f.label, f.function))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "<p>The Python below does what each Rust variant does: {labels}. Run in Python times it here, in CPython compiled to WebAssembly (Pyodide), on the same clock and at the sizes of the last Rust run, the way <code>timeit</code> does (batches above the clock's tick, several samples, the median). Its lines are dashed on the chart, in the colour of the Rust variant they mirror. Each answer must equal Rust's for the same n, or no time is shown. Edit the code to try your own version.</p>\
<div class=\"py-editor\"><pre aria-hidden=\"true\"><code></code></pre>\
<textarea aria-label=\"Python code for {widget}\" spellcheck=\"false\" autocapitalize=\"off\" autocomplete=\"off\" wrap=\"off\" data-python-code=\"{widget}\"></textarea></div>\
<p class=\"muted small\">Tab and Shift+Tab indent; Enter keeps the indentation. Press Esc, then Tab, to move on from the editor. Your edits stay in this browser until you press Reset.</p>\
<div class=\"buttons\"><button type=\"button\" class=\"run-python\" data-python-run=\"{widget}\" disabled>Run in Python</button>\
<button type=\"button\" class=\"stop-python\" data-python-stop=\"{widget}\" disabled>Stop</button>\
<button type=\"button\" data-python-reset=\"{widget}\" disabled>Reset</button></div>\
<div data-python-status></div>",
        labels = escape(&labels),
        widget = escape(widget),
    )
}

/// What changes during a run, as one escaped HTML string.
fn status(p: &Panel) -> String {
    let mut html = String::new();
    let para = |html: &mut String, attrs: &str, text: &str| {
        html.push_str(&format!("<p {attrs}>{}</p>", escape(text)));
    };
    match &p.course {
        None => para(&mut html, "class=\"muted\"", "Loading the Python…"),
        Some(Err(e)) if !p.edited => para(
            &mut html,
            "role=\"alert\"",
            &format!("The Python code could not be loaded ({e})."),
        ),
        Some(_) => {}
    }
    if let Some(note) = p.store_note {
        para(&mut html, "class=\"notice\" role=\"status\"", note);
    }
    if p.context.rust.is_empty() && !p.state.running() {
        para(&mut html, "class=\"muted\"", "Run the Rust benchmark above first: Python runs at its sizes, and each Python answer is checked against Rust's.");
    }
    match p.state {
        State::Loading => html.push_str("<div class=\"progress\" role=\"status\"><progress aria-label=\"Loading Python\"></progress><span>Loading Python (about 13 MB the first time; this browser keeps it after that)…</span></div>"),
        State::Running => {
            let (done, total) = p.progress;
            html.push_str(&format!("<div class=\"progress\" role=\"status\"><progress max=\"{}\" value=\"{done}\" aria-label=\"Python progress\"></progress><span>{done} of {total} Python points measured…</span></div>", total.max(1)));
        }
        State::Stopped => para(&mut html, "class=\"muted\" role=\"status\"", "Stopped. Run in Python starts Python again."),
        _ => {}
    }
    if let Some(l) = &p.loaded {
        let attrs = format!(
            "class=\"muted small\" data-python-loaded data-load-ms=\"{}\" data-step-ms=\"{}\"",
            crate::format::shortest(l.load_ms),
            crate::format::shortest(l.step_ms)
        );
        para(&mut html, &attrs, &l.line);
        if let Some(note) = crate::python::step_note(&p.code, l.step_ms) {
            para(&mut html, "class=\"muted small\" data-python-step", &note);
        }
    }
    if let Some(e) = &p.error {
        let line = e
            .line
            .map_or(String::new(), |l| format!(" data-line=\"{l}\""));
        let attrs = format!(
            "class=\"error\" role=\"alert\" data-python-error=\"{}\"{line}",
            e.kind.name()
        );
        para(&mut html, &attrs, &e.to_string());
    }
    if !p.printed.is_empty() {
        html.push_str(&format!("<div class=\"py-printed\"><p class=\"muted small\">Printed:</p><pre data-python-printed>{}</pre></div>", escape(&p.printed)));
    }
    html
}

/// Draws the panel's state into its markup.
fn render(p: &mut Panel) {
    let root = &p.root;
    let find = |selector: &str| root.query_selector(selector).ok().flatten();
    let _ = root.set_attribute("data-python-state", p.state.name());
    let running = p.state.running();
    let no_sizes = p.context.rust.is_empty();
    let disable = |selector: &str, off: bool| {
        if let Some(el) = find(selector) {
            let _ = el.toggle_attribute_with_force("disabled", off);
        }
    };
    disable(
        "[data-python-run]",
        running || p.context.blocked || no_sizes || p.course.is_none(),
    );
    disable("[data-python-stop]", !running);
    disable(
        "[data-python-reset]",
        running || !p.edited || !matches!(p.course, Some(Ok(_))),
    );
    if p.shown.as_deref() != Some(p.code.as_str()) {
        if let Some(code) = find(".py-editor code") {
            // Text escaped by `highlight::html`: the reader's code never becomes markup.
            code.set_inner_html(&highlight::html(&p.code));
        }
        if let Some(area) =
            find("textarea").and_then(|a| a.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        {
            if area.value() != p.code {
                area.set_value(&p.code);
            }
            let _ = area.set_attribute("rows", &(p.code.lines().count() + 1).to_string());
        }
        p.shown = Some(p.code.clone());
    }
    if let Some(el) = find("[data-python-status]") {
        el.set_inner_html(&status(p));
    }
    if let Some(el) = find("[data-python-readout]") {
        el.set_text_content(Some(&p.context.sentence(&p.last).unwrap_or_default()));
    }
}

/// Changes the panel and draws it.
fn update(panel: &Shared, f: impl FnOnce(&mut Panel)) {
    let mut p = panel.borrow_mut();
    f(&mut p);
    render(&mut p);
}

/// Tells the UI (outside any borrow of the panel: the UI may call back).
fn tell(host: &js_sys::Function, kind: &str, value: &JsValue) {
    let _ = host.call2(&JsValue::NULL, &JsValue::from_str(kind), value);
}

/// The run ended: the points go to the UI, and the page's Run buttons are free again.
fn finish(panel: &Shared, state: State, error: Option<PyError>) {
    let (host, points) = {
        let mut p = panel.borrow_mut();
        p.state = state;
        p.mine = false;
        if error.is_some() {
            p.error = error;
        }
        let points = std::mem::take(&mut p.pending);
        p.last = points.clone();
        render(&mut p);
        (p.host.clone(), points)
    };
    let done = points.len() as u32;
    let frame = crate::protocol::encode(&Response::Progress {
        run_id: 0,
        done,
        total: done,
        points,
    });
    tell(
        &host,
        "points",
        &js_sys::Uint8Array::from(&frame[..]).into(),
    );
    tell(&host, "busy", &JsValue::FALSE);
}

/// What the running panel does with each message of its run.
fn hear(panel: &Shared, event: Event) {
    match event {
        Event::Message(FromPython::Loading) => update(panel, |p| p.state = State::Loading),
        Event::Message(FromPython::Ready {
            version,
            load_ms,
            step_ms,
        }) => update(panel, |p| {
            p.loaded = Some(Loaded {
                line: crate::python::loaded_line(&version, load_ms),
                load_ms,
                step_ms,
            })
        }),
        Event::Message(FromPython::Started { tick_ns, total }) => update(panel, |p| {
            p.tick_ns = tick_ns;
            p.progress = (0, total);
            p.state = State::Running;
        }),
        Event::Message(FromPython::Point(point)) => update(panel, |p| {
            let expected = p.context.expected(&point.function, point.n);
            p.pending.push(python::point(&point, expected, p.tick_ns));
            p.progress.0 += 1;
        }),
        Event::Message(FromPython::Skipped {
            function,
            n,
            reason,
        }) => update(panel, |p| {
            let ops = p.context.expected(&function, n).map_or(1, |e| e.ops);
            p.pending.push(Point {
                variant: function,
                n,
                ops_per_call: ops,
                outcome: Outcome::Skipped { reason },
                memory: None,
            });
            p.progress.0 += 1;
        }),
        Event::Message(FromPython::Stdout(text)) => update(panel, |p| {
            let out = &mut p.printed;
            out.push_str(&text);
            out.push('\n');
            // Keep the end of a long print loop, not all of it.
            if out.len() > 4000 {
                let cut = out.len() - 4000;
                let cut = (cut..out.len())
                    .find(|&i| out.is_char_boundary(i))
                    .unwrap_or(0);
                out.drain(..cut);
            }
        }),
        Event::Message(FromPython::Done) => finish(panel, State::Done, None),
        Event::Message(FromPython::Failed(e)) => finish(panel, State::Failed, Some(e)),
        Event::Ended => finish(panel, State::Stopped, None),
    }
}

/// Run in Python: the twin's functions at the sizes Rust measured.
fn run(panel: &Shared) {
    let (message, host) = {
        let mut p = panel.borrow_mut();
        let sizes = p.context.sizes();
        if p.state.running() || sizes.is_empty() {
            return;
        }
        let message = js_sys::Object::new();
        let set = |on: &js_sys::Object, k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(on, &JsValue::from_str(k), v);
        };
        set(&message, "type", &JsValue::from_str("run"));
        set(&message, "code", &JsValue::from_str(&p.code));
        let functions: js_sys::Array = p
            .context
            .functions
            .iter()
            .map(|f| JsValue::from_str(&f.function))
            .collect();
        set(&message, "functions", &functions);
        let total = sizes.len() * p.context.functions.len();
        let sizes: js_sys::Array = sizes.iter().map(|n| JsValue::from_f64(*n as f64)).collect();
        set(&message, "sizes", &sizes);
        let values = js_sys::Object::new();
        for (k, v) in &p.context.params {
            set(&values, k, &JsValue::from_f64(*v));
        }
        set(&message, "params", &values);
        p.pending.clear();
        p.last.clear();
        p.error = None;
        p.printed.clear();
        p.progress = (0, total as u32);
        p.state = State::Loading;
        p.mine = true;
        render(&mut p);
        (message, p.host.clone())
    };
    tell(&host, "busy", &JsValue::TRUE);
    let listener = panel.clone();
    if let Err(e) = start(&message, Box::new(move |event| hear(&listener, event))) {
        let error = PyError {
            kind: ErrorKind::Load,
            line: None,
            message: format!("The Python worker could not start: {e}."),
        };
        finish(panel, State::Failed, Some(error));
    }
}

/// The reader typed: keep the code (in this browser too) and redraw its highlighting.
fn save(panel: &Shared, text: String) {
    update(panel, |p| {
        let kept = store_code(&p.widget, Some(&text));
        p.store_note = (!kept).then_some(
            "This browser did not let the page keep your code: it lasts until you leave the page.",
        );
        p.edited = true;
        p.code = text;
    });
}

fn reset(panel: &Shared) {
    update(panel, |p| {
        if let Some(Ok(original)) = &p.course {
            store_code(&p.widget, None);
            p.store_note = None;
            p.edited = false;
            p.code = original.clone();
        }
    });
}

fn click(panel: &Shared, ev: &web_sys::Event) {
    let Some(button) = crate::event_element(ev, "button") else {
        return;
    };
    if button.has_attribute("data-python-run") {
        run(panel);
    } else if button.has_attribute("data-python-stop") {
        stop();
    } else if button.has_attribute("data-python-reset") {
        reset(panel);
    }
}

fn input(panel: &Shared, ev: &web_sys::Event) {
    if let Some(area) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
    {
        save(panel, area.value());
    }
}

fn keydown(panel: &Shared, ev: &web_sys::Event) {
    let (Some(ev), Some(area)) = (
        ev.dyn_ref::<web_sys::KeyboardEvent>(),
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()),
    ) else {
        return;
    };
    let escaped = panel.borrow().escaped;
    let set_escaped = |on: bool| panel.borrow_mut().escaped = on;
    let key = match (ev.key().as_str(), ev.shift_key()) {
        ("Escape", _) => return set_escaped(true),
        // After Escape, Tab leaves the editor as it does anywhere else.
        ("Tab", _) if escaped => return set_escaped(false),
        ("Tab", false) => editing::Key::Tab,
        ("Tab", true) => editing::Key::ShiftTab,
        ("Enter", false) => editing::Key::Enter,
        ("Backspace", false) => editing::Key::Backspace,
        _ => return set_escaped(false),
    };
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return;
    }
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
        save(panel, after);
    }
}

type Listening = Closure<dyn FnMut(web_sys::Event)>;
/// What a panel does with one kind of DOM event.
type Handler = fn(&Shared, &web_sys::Event);

/// A mounted panel, as the UI holds it.
pub struct Handle {
    panel: Shared,
    listening: Vec<(&'static str, Listening)>,
}

/// Builds the panel of `widget` inside `root` (its `<details>`) for the widget's `context`
/// (see [`python::context_text`]), its code fetched from `/source/{source_path}` unless the
/// reader's own is kept in this browser.
pub fn mount(
    root: web_sys::Element,
    widget: String,
    source_path: String,
    context: &str,
    host: js_sys::Function,
) -> Handle {
    let context = Context::parse(context);
    if let Ok(Some(body)) = root.query_selector("[data-python-body]") {
        body.set_inner_html(&skeleton(&widget, &context));
    }
    let mine = stored_code(&widget);
    let panel: Shared = Rc::new(RefCell::new(Panel {
        root: root.clone(),
        host,
        context: Context::default(),
        last: Vec::new(),
        course: None,
        edited: mine.is_some(),
        code: mine.unwrap_or_default(),
        state: State::Idle,
        error: None,
        progress: (0, 0),
        printed: String::new(),
        loaded: None,
        store_note: None,
        tick_ns: 0.0,
        escaped: false,
        pending: Vec::new(),
        shown: None,
        mine: false,
        widget,
    }));
    let fetching = panel.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let fetched = crate::fetch_text(&format!("/source/{source_path}")).await;
        update(&fetching, |p| {
            if let (Ok(text), false) = (&fetched, p.edited) {
                p.code = text.clone();
            }
            p.course = Some(fetched);
        });
    });
    let handlers: [(&'static str, Handler); 3] =
        [("click", click), ("input", input), ("keydown", keydown)];
    let listening = handlers
        .into_iter()
        .map(|(name, handler)| {
            let on = panel.clone();
            let closure = Listening::new(move |ev: web_sys::Event| handler(&on, &ev));
            let _ = root.add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
            (name, closure)
        })
        .collect();
    let handle = Handle { panel, listening };
    handle.context_parsed(context);
    handle
}

impl Handle {
    /// The widget around the panel changed (see [`python::context_text`]).
    pub fn context(&self, text: &str) {
        self.context_parsed(Context::parse(text));
    }

    fn context_parsed(&self, context: Context) {
        update(&self.panel, |p| {
            if !p.context.same_run(&context) {
                p.last.clear();
            }
            p.context = context;
            // The slider values Python runs with, as JSON (`data-python-params`): what
            // script/bench hands native CPython, so both run the same setup.
            let params = p
                .context
                .params
                .iter()
                .map(|(k, v)| format!("\"{k}\": {}", crate::format::shortest(*v)))
                .collect::<Vec<_>>()
                .join(", ");
            let _ = p
                .root
                .set_attribute("data-python-params", &format!("{{{params}}}"));
        });
    }

    /// The panel leaves the page: its run ends (not another panel's), its listeners go.
    pub fn dispose(&self) {
        let (mine, root) = {
            let p = self.panel.borrow();
            (p.mine, p.root.clone())
        };
        for (name, closure) in &self.listening {
            let _ =
                root.remove_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        }
        if mine {
            stop();
        }
    }
}
