//! `blocking-the-ui`: the one place a kernel runs on the UI thread, on purpose.
//!
//! While a run is in progress an animation advances on every `requestAnimationFrame`
//! and a `longtask` PerformanceObserver listens. The run has two phases: the bench worker
//! runs the spin kernel (the page stays smooth), then the UI thread runs the same call
//! with the same input (the page freezes). Each phase's frames and long tasks become a
//! [`Phase`]; the two checksums must agree like any two variants.
//!
//! The call is bounded: the step count comes from a ~10 ms calibration on this thread,
//! sized for the slider's duration, which is at most [`busy::UI_LIMIT_MS`].

use crate::async_runs::single_sample_point;
use crate::frames::{phase, Interval, Phase, LONG_TASK_MS};
use crate::protocol::{Details, Report, RunError};
use crate::topics::async_io::blocking_the_ui as busy;
use js_sys::{Array, Object, Promise, Reflect};
use leptos::html::Div;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The animation's per-frame callback, which re-registers itself while running.
type FrameCallback = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Resolves after `ms` (lets the page paint and the observer deliver its entries).
async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        let ok = web_sys::window().and_then(|w| {
            w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .ok()
        });
        if ok.is_none() {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| {
            w.match_media("(prefers-reduced-motion: reduce)")
                .ok()
                .flatten()
        })
        .is_some_and(|m| m.matches())
}

/// The frames and long tasks of one demonstration, recorded from start to stop.
pub struct Recorder {
    frames: Rc<RefCell<Vec<f64>>>,
    long_tasks: Rc<RefCell<Vec<Interval>>>,
    running: Rc<Cell<bool>>,
    observer: Option<web_sys::PerformanceObserver>,
    /// When the worker phase began.
    started_ms: f64,
}

impl Recorder {
    /// Starts the animation (moving `dot` unless the reader prefers reduced motion, and
    /// counting frames into `painted`) and the long-task observer.
    pub fn start(dot: NodeRef<Div>, painted: RwSignal<u32>) -> Self {
        let frames = Rc::new(RefCell::new(Vec::new()));
        let running = Rc::new(Cell::new(true));
        let still = reduced_motion();
        // The rAF loop: a closure that schedules itself until `running` turns false.
        let tick: FrameCallback = Rc::new(RefCell::new(None));
        let (f, r, t) = (frames.clone(), running.clone(), tick.clone());
        *tick.borrow_mut() = Some(Closure::new(move |ts: f64| {
            if !r.get() {
                // Drop the closure from inside: break the cycle once it has run.
                let _ = t.borrow_mut().take();
                return;
            }
            f.borrow_mut().push(ts);
            painted.try_update(|n| *n += 1);
            if !still {
                if let Some(el) = dot.get_untracked() {
                    let x = (ts / 4.0) % 100.0;
                    let _ = el.style((
                        "transform",
                        format!("translateX({}cqw)", crate::format::fixed(x, 2)),
                    ));
                }
            }
            request_frame(&t);
        }));
        request_frame(&tick);

        let long_tasks = Rc::new(RefCell::new(Vec::new()));
        let sink = long_tasks.clone();
        let on_entries = Closure::<dyn FnMut(web_sys::PerformanceObserverEntryList)>::new(
            move |list: web_sys::PerformanceObserverEntryList| {
                record_long_tasks(&sink, list.get_entries());
            },
        );
        let observer = web_sys::PerformanceObserver::new(on_entries.as_ref().unchecked_ref())
            .ok()
            .filter(|_| super::env::long_tasks_supported())
            .filter(|o| {
                let init = Object::new();
                let types = Array::of1(&"longtask".into());
                let ok = Reflect::set(&init, &"entryTypes".into(), &types).is_ok();
                if ok {
                    o.observe(init.unchecked_ref());
                }
                ok
            });
        // The observer holds the callback until it is disconnected; keep it alive as long.
        on_entries.forget();
        Self {
            frames,
            long_tasks,
            running,
            observer,
            started_ms: now_ms(),
        }
    }

    /// Whether this browser reports long tasks at all.
    pub fn sees_long_tasks(&self) -> bool {
        self.observer.is_some()
    }

    /// Moves the long tasks recorded but not yet delivered into the list.
    fn take_pending(&self) {
        if let Some(o) = &self.observer {
            record_long_tasks(&self.long_tasks, o.take_records());
        }
    }

    /// Stops the animation and the observer. Long tasks the browser has recorded but not
    /// yet delivered to the observer's callback (delivery is a low-priority task, late on a
    /// busy machine) are taken first, so none is lost.
    pub fn stop(&self) {
        self.running.set(false);
        if let Some(o) = &self.observer {
            record_long_tasks(&self.long_tasks, o.take_records());
            o.disconnect();
        }
    }

    /// After the worker's report arrived: runs the UI-thread phase, then returns the
    /// report with both points and both phases, or why it cannot.
    pub async fn finish(self, mut report: Report) -> Result<Report, RunError> {
        let worker_done = now_ms();
        let worker = report
            .points
            .iter()
            .find(|p| p.variant == "worker")
            .cloned()
            .ok_or_else(|| RunError::InvalidSpec("the worker reported no call".into()))?;
        let n = worker.n;
        let worker_ns = worker.measurement().map_or(0.0, |m| m.summary.median_ns);
        let worker_sum = worker.measurement().map_or(0, |m| m.checksum);

        // Let the page settle and paint, then block it for one call.
        let window_start = now_ms();
        sleep(150).await;
        let k0 = now_ms();
        let sum = std::hint::black_box(busy::on_ui_thread(std::hint::black_box(n)));
        let k1 = now_ms();
        sleep(250).await;
        // The browser reports a long task after it ends, from a low-priority task, and on a
        // busy machine that can come after the settle time above (then this phase said "no
        // long task" for a 300 ms freeze). Wait for the call's entry, a second at most.
        if self.sees_long_tasks() && k1 - k0 > LONG_TASK_MS {
            for _ in 0..20 {
                self.take_pending();
                let seen = self
                    .long_tasks
                    .borrow()
                    .iter()
                    .any(|t| t.start_ms <= k0 + 1.0 && t.end_ms >= k1 - 1.0);
                if seen {
                    break;
                }
                sleep(50).await;
            }
        }
        let window_end = now_ms();
        self.stop();
        if sum != worker_sum {
            return Err(RunError::Mismatch {
                n,
                details: format!("the worker returned {worker_sum}, the UI thread {sum}"),
            });
        }
        let frames = self.frames.borrow();
        let tasks = self.long_tasks.borrow();
        // The worker phase starts with the first frame after the click: the click's own
        // task (calibration, re-rendering the widget) is the page's setup, not the phase.
        let worker_start = frames
            .iter()
            .copied()
            .find(|&t| t >= self.started_ms)
            .unwrap_or(self.started_ms)
            .min(worker_done);
        let mut phases: Vec<Phase> = vec![
            phase(
                "worker",
                Interval {
                    start_ms: worker_start,
                    end_ms: worker_done,
                },
                Interval {
                    start_ms: (worker_done - worker_ns / 1e6).max(worker_start),
                    end_ms: worker_done,
                },
                &frames,
                &tasks,
            ),
            phase(
                "ui-thread",
                Interval {
                    start_ms: window_start,
                    end_ms: window_end,
                },
                Interval {
                    start_ms: k0,
                    end_ms: k1,
                },
                &frames,
                &tasks,
            ),
        ];
        for p in &mut phases {
            p.long_tasks_observed = self.sees_long_tasks();
        }
        report.points.push(single_sample_point(
            "ui-thread",
            n,
            (k1 - k0) * 1e6,
            sum,
            report.timer_resolution_ns,
        ));
        report.details = Some(Details::Responsiveness(phases));
        Ok(report)
    }
}

/// Adds `longtask` performance entries to `sink` as intervals.
fn record_long_tasks(sink: &RefCell<Vec<Interval>>, entries: Array) {
    for e in entries {
        let e: web_sys::PerformanceEntry = e.unchecked_into();
        sink.borrow_mut().push(Interval {
            start_ms: e.start_time(),
            end_ms: e.start_time() + e.duration(),
        });
    }
}

fn request_frame(tick: &FrameCallback) {
    if let (Some(w), Some(cb)) = (web_sys::window(), tick.borrow().as_ref()) {
        let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
    }
}

/// Steps for about `target_ms` on this thread, from a short calibration (~10 ms).
///
/// One timed call can be many times too slow: right after a page loads, the browser's
/// compile threads compete for the machine's cores and the UI thread loses whole
/// time slices (a 300 ms request once blocked for 17 ms). So the call is sized on the
/// fastest of several ~1 ms chunks; preemption only ever adds time.
pub fn calibrate(target_ms: f64) -> u64 {
    const CHUNK_MS: f64 = 1.0;
    const REPEATS: usize = 8;
    let time = |n: u64| {
        let t0 = now_ms();
        std::hint::black_box(busy::spin(std::hint::black_box(n)));
        now_ms() - t0
    };
    let mut n = 10_000u64;
    let mut dt = time(n);
    while dt < CHUNK_MS && n < 1 << 32 {
        n *= 2;
        dt = time(n);
    }
    let fastest = (0..REPEATS).map(|_| time(n)).fold(dt, f64::min);
    busy::steps_for(target_ms, fastest * 1e6 / n as f64)
}

/// `blocking-the-ui`'s part of its widget: the animation it watches, the recorder of a
/// run, and the UI-thread phase that follows the worker's. (Copy: signals and handles.)
#[derive(Clone, Copy)]
pub struct Demo {
    recorder: StoredValue<Option<Recorder>, LocalStorage>,
    dot: NodeRef<Div>,
    painted: RwSignal<u32>,
    ui_phase: RwSignal<bool>,
}

impl Default for Demo {
    fn default() -> Self {
        Self {
            recorder: StoredValue::new_local(None),
            dot: NodeRef::new(),
            painted: RwSignal::new(0),
            ui_phase: RwSignal::new(false),
        }
    }
}

impl Demo {
    /// Sizes the run's one call on this thread (about 5 ms of calibration) to last about
    /// the slider's `duration`, never more than a second, and starts recording.
    pub fn begin(self, run_spec: &mut crate::protocol::RunSpec, values: &crate::catalog::Values) {
        let target = values.get("duration").copied().unwrap_or(400.0);
        run_spec.sizes = vec![calibrate(target)];
        self.painted.set(0);
        self.ui_phase.set(false);
        self.recorder
            .update_value(|r| *r = Some(Recorder::start(self.dot, self.painted)));
    }

    /// The worker's phase is over: shows its point, runs the same call on the UI thread,
    /// and hands the whole report to `sink`. Returns `report` untouched when no recording
    /// is under way.
    pub fn finish(self, report: Report, sink: super::state::RunSink) -> Option<Report> {
        let Some(recorder) = self.recorder.try_update_value(Option::take).flatten() else {
            return Some(report);
        };
        sink.points.try_set(report.points.clone());
        self.ui_phase.try_set(true);
        leptos::task::spawn_local(async move {
            match recorder.finish(report).await {
                Ok(r) => {
                    let written = crate::topics::async_io::blocking_the_ui::written(&r);
                    sink.done(r, Ok(written))
                }
                Err(e) => sink.failed(e.to_string()),
            }
            self.ui_phase.try_set(false);
        });
        None
    }

    /// Stops a recording, if one is running (the run failed or was stopped).
    pub fn stop(self) {
        if let Some(recorder) = self.recorder.try_update_value(Option::take).flatten() {
            recorder.stop();
        }
    }

    /// Whether the UI-thread phase is running (the page is about to freeze, on purpose).
    pub fn on_ui_thread(self) -> bool {
        self.ui_phase.get()
    }

    pub fn view(self) -> impl IntoView {
        view! { <Animation dot=self.dot painted=self.painted/> }
    }
}

/// The animated strip the demonstration watches.
#[component]
pub fn Animation(dot: NodeRef<Div>, painted: RwSignal<u32>) -> impl IntoView {
    view! {
        <div class="ui-demo" aria-label="Animation driven by requestAnimationFrame: it stops moving whenever the UI thread is blocked">
            <div class="ui-demo-track"><div class="ui-demo-dot" node_ref=dot></div></div>
            <span class="muted" role="status">{move || format!("Frames painted during this run: {}", painted.get())}</span>
        </div>
    }
}
