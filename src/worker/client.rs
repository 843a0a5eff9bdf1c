//! The UI thread's side of the bench worker: spawns it, queues runs (one at a time, so
//! measurements never compete for cores), relays responses to the widget that asked, and
//! makes Stop and crashes safe.
//!
//! - Stop sends `Cancel`; if the worker has not answered within [`CANCEL_GRACE_MS`]
//!   (a kernel is mid-call and wasm cannot be interrupted), the worker is terminated and
//!   a fresh one spawned. Either way the widget sees `Cancelled` at once.
//! - A panic or crash fails the run with a message and replaces the worker.
//! - Which build is spawned depends on `crossOriginIsolated` and `SharedArrayBuffer`: the
//!   threaded worker needs shared memory, the single-threaded one works anywhere.

use crate::protocol::{
    decode, encode, Point, Report, Request, Response, RunError, RunSpec, WorkerInfo,
};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker, WorkerOptions, WorkerType};

/// How long Stop waits for the worker's own `Cancelled` before terminating it, ms.
pub const CANCEL_GRACE_MS: i32 = 150;
/// How long a new worker may take to say Ready before it counts as failed, ms.
pub const READY_TIMEOUT_MS: i32 = 30_000;
/// Absolute URLs: relative ones would resolve against /lessons/… and hit the SPA fallback.
pub const THREADED_URL: &str = "/worker_mt_loader.js";
/// See [`THREADED_URL`].
pub const SINGLE_URL: &str = "/worker_st_loader.js";

/// What the UI knows about the worker.
#[derive(Clone, Debug, PartialEq)]
pub enum WorkerStatus {
    /// Spawned, waiting for `Ready`.
    Starting,
    /// Ready to run.
    Ready(WorkerInfo),
    /// Could not start; the text says why.
    Failed(String),
}

impl WorkerStatus {
    /// Threads available (1 until the worker says otherwise).
    pub fn threads(&self) -> u32 {
        match self {
            Self::Ready(info) => info.threads.max(1),
            _ => 1,
        }
    }
}

/// What a widget hears about its run.
#[derive(Clone, Debug)]
pub enum RunEvent {
    /// Another run is in progress; this one waits.
    Queued,
    /// Sent to the worker.
    Started,
    /// Newly verified points.
    Progress {
        /// Points done.
        done: u32,
        /// Points planned.
        total: u32,
        /// The new points.
        points: Vec<Point>,
    },
    /// A reading of the worker's memory (sent at the start, after each size).
    Resources(crate::protocol::ResourceSample),
    /// Finished: the report, and the worker's message that carried it (the chart worker
    /// reads that to write the run's sentence, `widgets::surface::write`).
    Done(Report, Vec<u8>),
    /// Failed, with a reason to show.
    Failed(RunError),
    /// Stopped.
    Cancelled,
}

type Callback = Rc<RefCell<dyn FnMut(RunEvent)>>;

struct Active {
    run_id: u64,
    callback: Callback,
    cancelling: bool,
}

struct Client {
    worker: Option<Spawned>,
    generation: u64,
    ready: bool,
    queue: VecDeque<(RunSpec, Callback)>,
    active: Option<Active>,
    status: RwSignal<WorkerStatus>,
    next_run_id: u64,
    /// Why the threaded worker failed to start, once it has: then the single-threaded one
    /// runs, and its pool error (none of its own) says why, so the page does not blame the
    /// processor count.
    threaded_failed: Option<String>,
    /// Whether the page is still drawing (charts in flight), asked before telling the
    /// worker the page has settled.
    drawing: fn() -> bool,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

/// Calls to make once the client is no longer borrowed (callbacks may call back in).
type Deferred = Vec<(Callback, RunEvent)>;

fn with_client(f: impl FnOnce(&mut Client) -> Deferred) {
    let deferred = CLIENT.with(|c| c.borrow_mut().as_mut().map(f).unwrap_or_default());
    for (callback, event) in deferred {
        (callback.borrow_mut())(event);
    }
}

/// Whether this page is cross-origin isolated (SharedArrayBuffer available).
pub fn page_isolated() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("crossOriginIsolated")).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Whether this browser offers `SharedArrayBuffer` at all. An isolated page can still
/// lack it: WebKitGTK ships with it switched off (Safari turns it on for isolated pages),
/// and then the threaded build cannot share its memory with a pool.
pub fn shared_memory() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("SharedArrayBuffer"))
        .unwrap_or(false)
}

/// Starts the worker; `status` receives its state; `drawing` says whether the page is
/// still drawing what a run reported (see [`Request::Settled`]). Call once, at start-up.
pub fn init(status: RwSignal<WorkerStatus>, drawing: fn() -> bool) {
    CLIENT.with(|c| {
        *c.borrow_mut() = Some(Client {
            worker: None,
            generation: 0,
            ready: false,
            queue: VecDeque::new(),
            active: None,
            status,
            next_run_id: 1,
            threaded_failed: None,
            drawing,
        })
    });
    with_client(|c| {
        c.spawn();
        Vec::new()
    });
}

/// Queues a run; `on_event` hears everything about it. Returns the run id.
pub fn submit(mut spec: RunSpec, on_event: impl FnMut(RunEvent) + 'static) -> u64 {
    let callback: Callback = Rc::new(RefCell::new(on_event));
    let mut id = 0;
    with_client(|c| {
        id = c.next_run_id;
        c.next_run_id += 1;
        spec.run_id = id;
        let mut deferred = Vec::new();
        if c.active.is_some() || !c.ready {
            deferred.push((callback.clone(), RunEvent::Queued));
        }
        c.queue.push_back((spec, callback));
        deferred.extend(c.send_next());
        deferred
    });
    id
}

/// Stops run `run_id`: dequeues it, or asks the worker, or replaces the worker.
pub fn cancel(run_id: u64) {
    with_client(|c| {
        if let Some(pos) = c.queue.iter().position(|(s, _)| s.run_id == run_id) {
            let (_, callback) = c.queue.remove(pos).expect("position is in range");
            return vec![(callback, RunEvent::Cancelled)];
        }
        match c.active.as_mut() {
            Some(active) if active.run_id == run_id && !active.cancelling => {
                active.cancelling = true;
                c.post(&Request::Cancel { run_id });
                let generation = c.generation;
                set_timeout(CANCEL_GRACE_MS, move || {
                    with_client(|c| c.force_cancel(generation, run_id));
                });
                Vec::new()
            }
            _ => Vec::new(),
        }
    });
}

/// Most time the page takes to say it has settled, ms (below the worker's own
/// [`crate::protocol::SETTLE_TIMEOUT_MS`]).
const SETTLE_CAP_MS: i32 = 200;
/// How often to look again while charts are being drawn, ms.
const SETTLE_POLL_MS: i32 = 4;

/// Tells the worker, once no chart is being drawn and a frame has been shown (or
/// [`SETTLE_CAP_MS`] passed), that the page has caught up with run `run_id`.
fn settle(generation: u64, run_id: u64, waited_ms: i32) {
    let drawing = CLIENT.with(|c| c.borrow().as_ref().is_some_and(|c| (c.drawing)()));
    if drawing && waited_ms < SETTLE_CAP_MS {
        return set_timeout(SETTLE_POLL_MS, move || {
            settle(generation, run_id, waited_ms + SETTLE_POLL_MS)
        });
    }
    let tell = move || {
        with_client(|c| {
            let current =
                c.generation == generation && c.active.as_ref().is_some_and(|a| a.run_id == run_id);
            if current {
                c.post(&Request::Settled { run_id });
            }
            Vec::new()
        })
    };
    after_frame(SETTLE_CAP_MS - waited_ms.min(SETTLE_CAP_MS), tell);
}

/// Calls `f` once, after the next frame has been drawn or after `cap_ms`, whichever is
/// first (a hidden page draws no frames).
fn after_frame(cap_ms: i32, f: impl FnOnce() + 'static) {
    let once = Rc::new(RefCell::new(Some(f)));
    let by_timer = once.clone();
    set_timeout(cap_ms.max(SETTLE_POLL_MS), move || {
        if let Some(f) = by_timer.borrow_mut().take() {
            f()
        }
    });
    let Some(window) = web_sys::window() else {
        return;
    };
    // A frame callback runs before that frame is drawn; the one after it runs once the
    // frame with the new table and chart has been drawn.
    let inner = window.clone();
    let on_frame = Closure::once_into_js(move || {
        let on_next = Closure::once_into_js(move || {
            if let Some(f) = once.borrow_mut().take() {
                f()
            }
        });
        let _ = inner.request_animation_frame(on_next.unchecked_ref());
    });
    let _ = window.request_animation_frame(on_frame.unchecked_ref());
}

/// Calls `f` once after `ms` milliseconds (on the page's thread).
pub(crate) fn set_timeout(ms: i32, f: impl FnOnce() + 'static) {
    if let Some(window) = web_sys::window() {
        let callback = Closure::once_into_js(f);
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
    }
}

/// A running module worker and the handlers it calls back (dropping them detaches them).
pub(crate) struct Spawned {
    pub worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl Spawned {
    /// Detaches the handlers and stops the worker.
    pub fn terminate(self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// Starts the module worker at `url` (both of ours speak postcard bytes): `on_bytes`
/// receives each message's bytes, `on_error` the reason when it fails to load or stops
/// (`None` when the browser gives none). Fails with the reason it could not be created.
pub(crate) fn spawn_module(
    url: &str,
    mut on_bytes: impl FnMut(Vec<u8>) + 'static,
    mut on_error: impl FnMut(Option<String>) + 'static,
) -> Result<Spawned, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let worker =
        Worker::new_with_options(url, &options).map_err(|e| crate::js_error_message(&e))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if let Ok(bytes) = event.data().dyn_into::<js_sys::Uint8Array>() {
            on_bytes(bytes.to_vec());
        }
    });
    // A module worker that fails to load fires a plain Event, not an ErrorEvent.
    let on_error = Closure::<dyn FnMut(Event)>::new(move |event: Event| {
        on_error(
            event
                .dyn_ref::<ErrorEvent>()
                .map(|e| e.message())
                .filter(|m| !m.is_empty()),
        );
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Ok(Spawned {
        worker,
        _on_message: on_message,
        _on_error: on_error,
    })
}

impl Client {
    fn spawn(&mut self) {
        self.generation += 1;
        self.ready = false;
        self.status.set(WorkerStatus::Starting);
        let threaded = page_isolated() && shared_memory() && self.threaded_failed.is_none();
        let url = if threaded { THREADED_URL } else { SINGLE_URL };
        let generation = self.generation;
        let spawned = spawn_module(
            url,
            move |bytes| {
                with_client(|c| {
                    if c.generation == generation {
                        c.on_response(&bytes)
                    } else {
                        Vec::new()
                    }
                })
            },
            move |reason| {
                let message =
                    reason.unwrap_or_else(|| "the worker script failed to load or crashed".into());
                with_client(|c| {
                    if c.generation == generation {
                        c.on_crash(message)
                    } else {
                        Vec::new()
                    }
                })
            },
        );
        match spawned {
            Ok(spawned) => self.worker = Some(spawned),
            Err(e) => {
                self.status.set(WorkerStatus::Failed(format!(
                    "could not create the bench worker: {e}"
                )));
                return;
            }
        }
        set_timeout(READY_TIMEOUT_MS, move || {
            with_client(|c| {
                if c.generation == generation && !c.ready {
                    c.on_crash(format!(
                        "the bench worker did not start within {} s",
                        READY_TIMEOUT_MS / 1000
                    ))
                } else {
                    Vec::new()
                }
            });
        });
    }

    fn terminate(&mut self) {
        if let Some(spawned) = self.worker.take() {
            spawned.terminate();
        }
        self.ready = false;
    }

    fn respawn(&mut self) {
        self.terminate();
        self.spawn();
    }

    fn post(&self, request: &Request) {
        if let Some(spawned) = &self.worker {
            let _ = spawned
                .worker
                .post_message(&js_sys::Uint8Array::from(encode(request).as_slice()));
        }
    }

    fn send_next(&mut self) -> Deferred {
        if !self.ready || self.active.is_some() {
            return Vec::new();
        }
        let Some((spec, callback)) = self.queue.pop_front() else {
            return Vec::new();
        };
        let run_id = spec.run_id;
        self.post(&Request::Run(spec));
        let generation = self.generation;
        set_timeout(0, move || settle(generation, run_id, 0));
        self.active = Some(Active {
            run_id,
            callback: callback.clone(),
            cancelling: false,
        });
        vec![(callback, RunEvent::Started)]
    }

    /// Ends the active run with `event` and starts the next one.
    fn finish_active(&mut self, event: RunEvent) -> Deferred {
        let mut deferred = Vec::new();
        if let Some(active) = self.active.take() {
            deferred.push((active.callback, event));
        }
        deferred.extend(self.send_next());
        deferred
    }

    fn on_response(&mut self, bytes: &[u8]) -> Deferred {
        let response = match decode::<Response>(bytes) {
            Ok(r) => r,
            // Nothing this worker says can be read: treat it as a worker that cannot start
            // (before Ready the widget shows why; the threaded build falls back first).
            Err(e @ crate::protocol::DecodeError::OtherBuild) => {
                return self.on_crash(e.to_string());
            }
            Err(e) => {
                web_sys::console::warn_1(&JsValue::from_str(&format!(
                    "benchbook: unreadable worker message: {e}"
                )));
                return Vec::new();
            }
        };
        let is_active = |id: u64| self.active.as_ref().is_some_and(|a| a.run_id == id);
        match response {
            Response::Ready(mut info) => {
                self.ready = true;
                if info.pool_error.is_none() {
                    info.pool_error = self.threaded_failed.clone();
                }
                self.status.set(WorkerStatus::Ready(info));
                self.send_next()
            }
            Response::Floor { floor_ns } => {
                self.status.update(|s| {
                    if let WorkerStatus::Ready(info) = s {
                        info.floor_ns = floor_ns;
                    }
                });
                Vec::new()
            }
            Response::WakeUp(wake) => {
                self.status.update(|s| {
                    if let WorkerStatus::Ready(info) = s {
                        info.wake = Some(wake);
                    }
                });
                Vec::new()
            }
            Response::Progress {
                run_id,
                done,
                total,
                points,
            } if is_active(run_id) => {
                // New rows redraw the table and chart: once the page has shown them (after
                // the callback below has updated it; set_timeout runs later), say so. A
                // progress count alone (a run's start, its second pass) changes one bar.
                if !points.is_empty() {
                    let generation = self.generation;
                    set_timeout(0, move || settle(generation, run_id, 0));
                }
                let callback = self.active.as_ref().map(|a| a.callback.clone());
                callback
                    .map(|cb| {
                        vec![(
                            cb,
                            RunEvent::Progress {
                                done,
                                total,
                                points,
                            },
                        )]
                    })
                    .unwrap_or_default()
            }
            Response::Resources { run_id, sample } if is_active(run_id) => self
                .active
                .as_ref()
                .map(|a| vec![(a.callback.clone(), RunEvent::Resources(sample))])
                .unwrap_or_default(),
            Response::Done { run_id, report } if is_active(run_id) => {
                self.finish_active(RunEvent::Done(report, bytes.to_vec()))
            }
            Response::Cancelled { run_id } if is_active(run_id) => {
                self.finish_active(RunEvent::Cancelled)
            }
            Response::Failed { run_id, error } if is_active(run_id) => {
                let panicked = matches!(error, RunError::Panic { .. });
                let mut deferred = Vec::new();
                if let Some(active) = self.active.take() {
                    deferred.push((active.callback, RunEvent::Failed(error)));
                }
                if panicked {
                    // The module traps right after its panic hook: its state cannot be
                    // trusted, so replace it. Queued runs go to the new worker.
                    self.respawn();
                } else {
                    deferred.extend(self.send_next());
                }
                deferred
            }
            _ => Vec::new(), // about a run that already ended here (e.g. force-cancelled)
        }
    }

    fn on_crash(&mut self, message: String) -> Deferred {
        let was_ready = self.ready;
        let threaded = page_isolated() && shared_memory() && self.threaded_failed.is_none();
        let mut deferred = Vec::new();
        if let Some(active) = self.active.take() {
            deferred.push((
                active.callback,
                RunEvent::Failed(RunError::WorkerCrashed(message.clone())),
            ));
        }
        if !was_ready && threaded {
            // The threaded build could not start here: fall back to one thread.
            self.threaded_failed = Some(message.clone());
            web_sys::console::warn_1(&JsValue::from_str(&format!(
                "benchbook: threaded worker failed ({message}); using the single-threaded worker"
            )));
            self.respawn();
        } else if !was_ready {
            self.terminate();
            self.status.set(WorkerStatus::Failed(message.clone()));
            for (_, callback) in self.queue.drain(..) {
                deferred.push((
                    callback,
                    RunEvent::Failed(RunError::WorkerCrashed(message.clone())),
                ));
            }
        } else {
            self.respawn();
        }
        deferred
    }

    fn force_cancel(&mut self, generation: u64, run_id: u64) -> Deferred {
        let still_running = self.generation == generation
            && self.active.as_ref().is_some_and(|a| a.run_id == run_id);
        if !still_running {
            return Vec::new();
        }
        let mut deferred = Vec::new();
        if let Some(active) = self.active.take() {
            deferred.push((active.callback, RunEvent::Cancelled));
        }
        self.respawn();
        deferred
    }
}
