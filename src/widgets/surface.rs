//! A chart's canvas on the UI side. Every chart on every page is a [`Surface`]: its
//! `<canvas>` is handed to the chart worker (`transferControlToOffscreen`) and the UI
//! only sends it figures to draw (`plot::series::Figure`).
//!
//! - The chart worker is started with the first chart and shared by all of them.
//! - Each canvas has at most one figure in flight: while the worker draws, newer figures
//!   for that canvas replace each other, so a fast sweep never builds a backlog.
//! - A drawing error, a chart worker that could not start or stopped, and a browser
//!   without `OffscreenCanvas` each give a sentence under the chart, never a blank page;
//!   the same numbers are always in the table below it.
//! - The same worker writes each finished run's sentence and details markup ([`write`]):
//!   the widgets' prose is linked there, not in the UI.

use crate::order::SmallMap;
use crate::plot::wire::Plot;
use crate::plot::wire::{Frame, PaintRequest, PaintResponse};
use crate::protocol::{decode, encode};
use crate::readout::Written;
use crate::worker::client::{set_timeout, spawn_module, Spawned, READY_TIMEOUT_MS};
use leptos::html::Canvas;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

/// Absolute, like the bench worker's: a relative URL would resolve against /lessons/….
pub const CHARTS_URL: &str = "/worker_charts_loader.js";

type Problem = RwSignal<Option<String>>;

/// One canvas the worker holds.
struct Slot {
    problem: Problem,
    /// A `Paint` was sent and not yet answered.
    busy: bool,
    /// The newest figure asked for while busy.
    pending: Option<Vec<u8>>,
}

/// The UI's side of the chart worker.
#[derive(Default)]
struct Painter {
    /// One chart worker per page, for the page's lifetime (unless it fails).
    worker: Option<Spawned>,
    ready: bool,
    /// Why there is no worker to draw or write with; every chart and readout says so.
    failed: Option<String>,
    /// Messages waiting for `Ready` (a worker drops what arrives before its handler).
    backlog: Vec<(Vec<u8>, Option<JsValue>)>,
    next_canvas: u32,
    slots: SmallMap<u32, Slot>,
    /// Texts asked for ([`write`]) and not yet written, by job number.
    jobs: SmallMap<u32, Then>,
    next_job: u32,
}

/// What to do with a run's text, or with why it could not be written.
type Then = Box<dyn FnOnce(Result<Written, String>)>;

thread_local! {
    static PAINTER: RefCell<Painter> = RefCell::new(Painter::default());
}

/// What to do once the painter is no longer borrowed (set signals, hand over texts).
type Deferred = Vec<Box<dyn FnOnce()>>;

fn with_painter(f: impl FnOnce(&mut Painter) -> Deferred) {
    for then in PAINTER.with_borrow_mut(f) {
        then();
    }
}

/// Sets a chart's alert, later.
fn alert(problem: Problem, text: Option<String>) -> Box<dyn FnOnce()> {
    Box::new(move || {
        problem.try_set(text);
    })
}

fn stopped(reason: &str) -> String {
    format!(
        "The chart cannot be drawn: {reason}. The numbers are in the table; reloading the page usually helps."
    )
}

fn unwritten(reason: &str) -> String {
    format!(
        "No sentence could be written about this run: {reason}. The numbers are in the table; reloading the page usually helps."
    )
}

impl Painter {
    fn spawn(&mut self) {
        let spawned = spawn_module(
            CHARTS_URL,
            |bytes| with_painter(|p| p.on_response(&bytes)),
            |reason| {
                let reason =
                    reason.unwrap_or_else(|| "the chart worker failed to load or stopped".into());
                with_painter(|p| p.fail(reason));
            },
        );
        // A worker that loads but never says Ready (no error either) would leave every
        // chart blank and every readout waiting: like the bench worker, it gets a deadline.
        set_timeout(READY_TIMEOUT_MS, || {
            with_painter(|p| {
                if p.worker.is_some() && !p.ready && p.failed.is_none() {
                    p.fail(format!(
                        "the chart worker did not start within {} s",
                        READY_TIMEOUT_MS / 1000
                    ))
                } else {
                    Vec::new()
                }
            })
        });
        match spawned {
            Ok(spawned) => self.worker = Some(spawned),
            Err(e) => self.failed = Some(format!("the chart worker could not be created ({e})")),
        }
    }

    fn send(&mut self, bytes: Vec<u8>, canvas: Option<JsValue>) {
        if !self.ready {
            self.backlog.push((bytes, canvas));
            return;
        }
        let Some(Spawned { worker, .. }) = &self.worker else {
            return;
        };
        let message = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
        let sent = match canvas {
            Some(canvas) => {
                message.push(&canvas);
                worker.post_message_with_transfer(&message, &js_sys::Array::of1(&canvas))
            }
            None => worker.post_message(&message),
        };
        if let Err(e) = sent {
            web_sys::console::warn_1(&e);
        }
    }

    fn fail(&mut self, reason: String) -> Deferred {
        if let Some(spawned) = self.worker.take() {
            spawned.terminate();
        }
        self.ready = false;
        self.backlog.clear();
        self.failed = Some(reason.clone());
        let mut deferred: Deferred = self
            .slots
            .values()
            .map(|s| alert(s.problem, Some(stopped(&reason))))
            .collect();
        for (_, then) in std::mem::take(&mut self.jobs) {
            let text = unwritten(&reason);
            deferred.push(Box::new(move || then(Err(text))));
        }
        deferred
    }

    fn on_response(&mut self, bytes: &[u8]) -> Deferred {
        match decode::<PaintResponse>(bytes) {
            Ok(PaintResponse::Ready) => {
                self.ready = true;
                for (bytes, canvas) in std::mem::take(&mut self.backlog) {
                    self.send(bytes, canvas);
                }
                Vec::new()
            }
            Ok(PaintResponse::Painted { canvas, error }) => {
                let Some(slot) = self.slots.get_mut(&canvas) else {
                    return Vec::new();
                };
                let problem = slot.problem;
                match slot.pending.take() {
                    Some(next) => self.send(next, None),
                    None => slot.busy = false,
                }
                vec![alert(problem, error)]
            }
            Ok(PaintResponse::Written { job, written }) => match self.jobs.remove(&job) {
                Some(then) => vec![Box::new(move || then(written.map_err(|e| unwritten(&e))))],
                None => Vec::new(),
            },
            Err(e) => self.fail(e.to_string()),
        }
    }

    /// Hands `element` to the worker as a new canvas; returns its number.
    fn attach(&mut self, element: &HtmlCanvasElement, problem: Problem) -> Result<u32, String> {
        if let Some(reason) = &self.failed {
            return Err(stopped(reason));
        }
        let offscreen = element.transfer_control_to_offscreen().map_err(|_| {
            "This browser cannot draw charts off the page's main thread (no OffscreenCanvas). \
             The numbers are in the table below."
                .to_owned()
        })?;
        if self.worker.is_none() {
            self.spawn();
            if let Some(reason) = &self.failed {
                return Err(stopped(reason));
            }
        }
        let canvas = self.next_canvas;
        self.next_canvas += 1;
        self.slots.insert(
            canvas,
            Slot {
                problem,
                busy: false,
                pending: None,
            },
        );
        self.send(
            encode(&PaintRequest::Attach { canvas }),
            Some(offscreen.into()),
        );
        Ok(canvas)
    }

    fn paint(&mut self, canvas: u32, bytes: Vec<u8>) -> Deferred {
        let Some(slot) = self.slots.get_mut(&canvas) else {
            return Vec::new();
        };
        if let Some(reason) = &self.failed {
            return vec![alert(slot.problem, Some(stopped(reason)))];
        }
        if slot.busy {
            slot.pending = Some(bytes);
        } else {
            slot.busy = true;
            self.send(bytes, None);
        }
        Vec::new()
    }

    fn detach(&mut self, canvas: u32) {
        if self.slots.remove(&canvas).is_some() && self.failed.is_none() {
            self.send(encode(&PaintRequest::Detach { canvas }), None);
        }
    }
}

thread_local! {
    /// Counts window resizes, so every chart redraws at its new size.
    static VIEWPORT: std::cell::OnceCell<RwSignal<u32>> = const { std::cell::OnceCell::new() };
}

/// The resize counter, listening from its first use on. First used by `App` at start-up,
/// so the signal belongs to the app's root (a signal made inside an effect would be
/// disposed when the effect reruns).
pub fn viewport() -> RwSignal<u32> {
    VIEWPORT.with(|cell| {
        *cell.get_or_init(|| {
            let resizes = RwSignal::new(0u32);
            let on_resize = Closure::<dyn Fn()>::new(move || resizes.update(|n| *n += 1));
            let _ = window()
                .add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
            // The listener lives as long as the page.
            on_resize.forget();
            resizes
        })
    })
}

/// Asks the chart worker to write a finished run's sentence and details markup from `done`
/// (the bench worker's `Done` message) and the run's slider `values`; `then` receives the
/// text, or why there is none (the chart worker failed: every chart says so too).
pub fn write(
    done: Vec<u8>,
    values: &crate::kernels::Params,
    then: impl FnOnce(Result<Written, String>) + 'static,
) {
    with_painter(|p| {
        if p.worker.is_none() && p.failed.is_none() {
            p.spawn();
        }
        if let Some(reason) = &p.failed {
            let text = unwritten(reason);
            return vec![Box::new(move || then(Err(text)))];
        }
        let job = p.next_job;
        p.next_job += 1;
        p.jobs.insert(job, Box::new(then));
        let request = PaintRequest::Write {
            job,
            done,
            values: values.clone(),
        };
        p.send(encode(&request), None);
        Vec::new()
    });
}

/// Whether any chart is being drawn (a figure sent and not yet answered).
pub fn drawing() -> bool {
    PAINTER.with_borrow(|p| p.ready && p.slots.values().any(|s| s.busy))
}

/// Starts the chart worker before the first chart needs it. The app calls this once the
/// bench worker is ready, so the two never compete for the network at start-up.
pub fn warm_up() {
    with_painter(|p| {
        if p.worker.is_none() && p.failed.is_none() {
            p.spawn();
        }
        Vec::new()
    });
}

/// A chart's canvas: put [`Surface::node`] on a `<canvas>`, call [`Surface::paint`] from
/// an effect, and show [`Surface::alert`] under it.
#[derive(Clone, Copy)]
pub struct Surface {
    /// The `<canvas>` element.
    pub node: NodeRef<Canvas>,
    problem: Problem,
    /// The element handed to the worker, and its number there.
    held: StoredValue<Option<(HtmlCanvasElement, u32)>>,
}

impl Default for Surface {
    fn default() -> Self {
        Self::new()
    }
}

impl Surface {
    /// A surface that gives its canvas back when its owner is disposed.
    pub fn new() -> Self {
        let held = StoredValue::new(None::<(HtmlCanvasElement, u32)>);
        on_cleanup(move || {
            if let Some((_, canvas)) = held.try_get_value().flatten() {
                with_painter(|p| {
                    p.detach(canvas);
                    Vec::new()
                });
            }
        });
        Self {
            node: NodeRef::new(),
            problem: RwSignal::new(None),
            held,
        }
    }

    /// Draws `figure` (`None`: a blank canvas) at the canvas' current size in the current
    /// theme. Tracks the canvas element, the theme and the window's size, so an effect
    /// calling this redraws when any of them changes.
    pub fn paint(&self, figure: Option<Plot>) {
        let dark = super::theme::dark().get();
        viewport().track();
        let Some(element) = self.node.get() else {
            return;
        };
        let held = self.held.get_value();
        if figure.is_none() && held.is_none() {
            // A canvas nobody has drawn on is blank already.
            return;
        }
        let canvas = match held {
            Some((held, canvas)) if held == element => Ok(canvas),
            held => {
                // A new element (its view was re-rendered): the old one is gone.
                let problem = self.problem;
                let mut attached = Err(String::new());
                with_painter(|p| {
                    if let Some((_, old)) = held {
                        p.detach(old);
                    }
                    attached = p.attach(&element, problem);
                    Vec::new()
                });
                if let Ok(canvas) = attached {
                    self.held.set_value(Some((element.clone(), canvas)));
                }
                attached
            }
        };
        let canvas = match canvas {
            Ok(canvas) => canvas,
            Err(reason) => {
                self.problem.set(Some(reason));
                return;
            }
        };
        let rect = element.get_bounding_client_rect();
        let frame = Frame {
            width: rect.width(),
            height: rect.height(),
            scale: window().device_pixel_ratio(),
            dark,
        };
        let bytes = encode(&PaintRequest::Paint {
            canvas,
            frame,
            plot: figure,
        });
        with_painter(|p| p.paint(canvas, bytes));
    }

    /// Why the chart could not be drawn, if it could not.
    pub fn alert(&self) -> impl IntoView {
        let problem = self.problem;
        move || problem.get().map(|p| view! { <p role="alert">{p}</p> })
    }
}
