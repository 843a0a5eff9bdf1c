//! The bench worker's runtime (wasm32 only): receives [`Request`]s, drives the pure
//! [`Runner`] one size at a time, and posts [`Response`]s back to the UI.
//!
//! Between sizes it yields to the event loop, so a `Cancel` message is seen within one
//! point's budget. A kernel that runs longer than that cannot be interrupted from inside
//! (wasm has no preemption); the UI then terminates this worker and starts a new one.
//!
//! A panic is reported as [`RunError::Panic`] by the panic hook before the module traps;
//! the UI replaces a worker that panicked, because its memory may be inconsistent.

use super::scope::{is_isolated, post, scope, sleep_ms};
use crate::harness::{detect_resolution, Clock, Config};
use crate::protocol::{
    decode, Request, Response, RunError, RunSpec, WakeUp, WorkerBuild, WorkerInfo,
    SETTLE_TIMEOUT_MS,
};
use crate::runtime::Runner;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::MessageEvent;

/// `performance.now()` of the worker, in ns.
struct PerfClock(web_sys::Performance);

impl Clock for PerfClock {
    fn now_ns(&self) -> f64 {
        self.0.now() * 1e6
    }
}

/// Idle time after priming a cold widget's kernels, ms: room for the engine's background
/// compiler to finish their optimized code before the first size is measured.
const PRIMED_IDLE_MS: f64 = 40.0;
/// Most rounds of priming and idling before a cold run's first size.
const MAX_PRIME_ROUNDS: usize = 4;

/// Idle time before each later size of a cold widget's first run, ms: larger sizes can
/// reach code (a sort's merge, a table's growth) that the first size did not.
const COLD_SIZE_IDLE_MS: f64 = 25.0;

thread_local! {
    /// The run being executed, for the panic hook to name.
    static CURRENT_RUN: Cell<Option<u64>> = const { Cell::new(None) };
}

/// Shared between the message handler and the run loop.
///
/// Every run is measured by one loop, the worker's start-up task itself ([`serve`]), which
/// lives as long as the worker and takes a run only once start-up is over. A loop spawned
/// whenever a run arrived took a first Run that came in while start-up still timed the
/// pool's wake-up, and the wake-up probes then went on during that Run (the queue they
/// watch to stop early was empty again); and each batch of runs had a task of its own.
///
/// It allocates nothing after the worker starts (a queue of [`RUNS_ROOM`] runs, taken at
/// start): sets of run ids that allocated their first node when the first Run's first
/// `Settled` arrived kept that node among the Run's freed memory, and later Runs met a
/// different heap (`Runner::new`). Cancels and `Settled`s are kept for the running run
/// only, as flags: the page's `Settled` for a Run's last progress often arrives after the
/// Run has ended, and a set of ids kept one more id per Run for good.
struct Inbox {
    runs: VecDeque<RunSpec>,
    /// The run being measured now, if any.
    running: Option<u64>,
    /// The page asked to stop the running run.
    cancelled: bool,
    /// The page has shown the running run's latest progress ([`Request::Settled`]).
    settled: bool,
    /// The run loop, while it waits for a run.
    waiting: Option<Waker>,
}

/// Room in the queue of runs: it only grows past this if the page queues more at once.
const RUNS_ROOM: usize = 16;

impl Inbox {
    fn new() -> Self {
        Self {
            runs: VecDeque::with_capacity(RUNS_ROOM),
            running: None,
            cancelled: false,
            settled: false,
            waiting: None,
        }
    }

    /// From now on, messages about `run` (or, with `None`, about no run) count.
    fn start(&mut self, run: Option<u64>) {
        self.running = run;
        self.cancelled = false;
        self.settled = false;
    }

    /// Queues a run and wakes the run loop if it waits.
    fn queue(&mut self, spec: RunSpec) {
        self.runs.push_back(spec);
        if let Some(waker) = self.waiting.take() {
            waker.wake();
        }
    }

    /// Whether `run_id` is the running run.
    fn runs_now(&self, run_id: u64) -> bool {
        self.running == Some(run_id)
    }
}

fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string();
        if let Some(run_id) = CURRENT_RUN.with(Cell::get) {
            post(&Response::Failed {
                run_id,
                error: RunError::Panic {
                    message: message.clone(),
                },
            });
        }
        // The message, its location and the stack, on the console (console.error).
        console_error_panic_hook::hook(info);
    }));
}

/// Resolves on the next macrotask, letting queued messages in.
async fn yield_now() {
    let _ = sleep_ms(0.0).await;
}

/// Starts the pool (threaded build only). Returns the usable thread count, or why not.
async fn start_pool(build: WorkerBuild) -> (u32, Option<String>) {
    let wanted = scope().navigator().hardware_concurrency().max(1.0) as usize;
    match build {
        WorkerBuild::SingleThreaded => (1, None),
        WorkerBuild::Threaded => {
            #[cfg(feature = "threads")]
            {
                match super::pool::start(wanted).await {
                    Ok(threads) => (threads as u32, None),
                    Err(why) => (1, Some(why)),
                }
            }
            #[cfg(not(feature = "threads"))]
            {
                let _ = wanted;
                (
                    1,
                    Some("this worker was built without the threads feature".into()),
                )
            }
        }
    }
}

/// Entry point of both worker binaries; `alloc` is the binary's global allocator.
pub fn start(build: WorkerBuild, alloc: &'static crate::alloc::CountingAlloc) {
    install_panic_hook();
    let inbox = Rc::new(RefCell::new(Inbox::new()));

    // Install the message handler first; runs received before Ready wait in the inbox.
    let handler_inbox = inbox.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // Only our requests come as bytes; ignore anything else posted to this global.
        let Ok(bytes) = event.data().dyn_into::<js_sys::Uint8Array>() else {
            return;
        };
        match decode::<Request>(&bytes.to_vec()) {
            Ok(Request::Run(spec)) => {
                handler_inbox.borrow_mut().queue(spec);
            }
            Ok(Request::Cancel { run_id }) => {
                let mut inbox = handler_inbox.borrow_mut();
                let before = inbox.runs.len();
                inbox.runs.retain(|r| r.run_id != run_id);
                if inbox.runs.len() < before {
                    post(&Response::Cancelled { run_id });
                } else if inbox.runs_now(run_id) {
                    inbox.cancelled = true;
                }
                // Otherwise the run has ended already: its last message says how.
            }
            Ok(Request::Settled { run_id }) => {
                let mut inbox = handler_inbox.borrow_mut();
                if inbox.runs_now(run_id) {
                    inbox.settled = true;
                }
            }
            Err(e) => web_sys::console::warn_1(&JsValue::from_str(&format!(
                "bench worker: bad message: {e}"
            ))),
        }
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker itself: this is the worker's one global
    // listener, removed only when the UI terminates the worker.
    on_message.forget();

    spawn_local(async move {
        let (threads, pool_error) = start_pool(build).await;
        let performance = scope().performance();
        let Some(performance) = performance else {
            post(&Response::Ready(WorkerInfo {
                build,
                threads,
                isolated: false,
                timer_resolution_ns: f64::NAN,
                pool_error: Some("this worker has no performance clock".into()),
                floor_ns: 0.0,
                wake: None,
            }));
            return;
        };
        // The clock lives for the worker's lifetime.
        let clock: &'static PerfClock = Box::leak(Box::new(PerfClock(performance)));
        let resolution_ns = detect_resolution(clock);
        let isolated = is_isolated();
        let runner = Runner::new(
            clock,
            Config::for_resolution(resolution_ns),
            threads as usize,
        )
        .with_allocator(alloc)
        .with_spin_up(crate::harness::SPIN_UP_NS)
        .with_machine_checks();
        post(&Response::Ready(WorkerInfo {
            build,
            threads,
            isolated,
            timer_resolution_ns: resolution_ns,
            pool_error,
            floor_ns: 0.0,
            wake: None,
        }));
        // The floor for the environment panel, unless a run is already waiting (a run
        // measures it as it starts).
        if inbox.borrow().runs.is_empty() {
            post(&Response::Floor {
                floor_ns: runner.measure_floor(),
            });
        }
        if threads > 1 {
            if let Some(wake) = measure_wake(clock, &inbox).await {
                post(&Response::WakeUp(wake));
            }
        }
        serve(&inbox, &runner).await;
    });
}

/// Waits until the page has shown the run's latest progress ([`Request::Settled`]), or
/// [`SETTLE_TIMEOUT_MS`], or a cancel. The page's painting (tables, charts, and in some
/// browsers software compositing) then never runs on the cores the next size measures
/// on: on two cores it made a two-thread point as slow as a one-thread one.
async fn wait_for_page(inbox: &Rc<RefCell<Inbox>>) {
    let start = js_sys::Date::now();
    loop {
        {
            let mut b = inbox.borrow_mut();
            if std::mem::take(&mut b.settled) || b.cancelled {
                return;
            }
        }
        if js_sys::Date::now() - start >= SETTLE_TIMEOUT_MS {
            return;
        }
        let _ = sleep_ms(1.0).await;
    }
}

/// Hand-offs timed for the wake-up figure, and the fewest worth reporting.
const WAKE_PROBES: usize = 15;
const WAKE_MIN_PROBES: usize = 5;

/// What waking a sleeping pool thread costs in this browser: [`WAKE_PROBES`] hand-offs,
/// each after a few milliseconds in which the pool falls asleep. Stops early when a run
/// arrives (start-up never delays a Run by more than one gap); `None` if too few were timed.
async fn measure_wake(clock: &dyn Clock, inbox: &Rc<RefCell<Inbox>>) -> Option<WakeUp> {
    let mut times = Vec::with_capacity(WAKE_PROBES);
    for i in 0..WAKE_PROBES {
        let _ = sleep_ms(2.0 + (i % 3) as f64).await;
        if !inbox.borrow().runs.is_empty() {
            break;
        }
        times.push(crate::harness::hand_off_ns(clock));
    }
    if times.len() < WAKE_MIN_PROBES {
        return None;
    }
    times.sort_by(f64::total_cmp);
    Some(WakeUp {
        median_ns: times[times.len() / 2],
        max_ns: times[times.len() - 1],
    })
}

/// The worker's memory now: linear memory size and the allocator's counters.
fn resources(runner: &Runner<'static>, t_ms: f64) -> crate::protocol::ResourceSample {
    let stats = runner.allocator().map(|a| a.stats()).unwrap_or_default();
    let wasm_bytes = js_sys::Reflect::get(&wasm_bindgen::memory(), &"buffer".into())
        .and_then(|b| js_sys::Reflect::get(&b, &"byteLength".into()))
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0) as u64;
    crate::protocol::ResourceSample {
        t_ms,
        wasm_bytes,
        live_bytes: stats.live_bytes,
        peak_bytes: stats.peak_bytes,
        allocations: stats.allocations,
    }
}

/// Measures queued runs one after another, for as long as the worker lives.
async fn serve(inbox: &Rc<RefCell<Inbox>>, runner: &Runner<'static>) {
    loop {
        let spec = NextRun(inbox).await;
        inbox.borrow_mut().start(Some(spec.run_id));
        run_one(inbox, runner, spec).await;
        inbox.borrow_mut().start(None);
    }
}

/// The next queued run, as soon as there is one ([`Inbox::queue`] wakes the loop).
struct NextRun<'a>(&'a RefCell<Inbox>);

impl Future for NextRun<'_> {
    type Output = RunSpec;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<RunSpec> {
        let mut inbox = self.0.borrow_mut();
        match inbox.runs.pop_front() {
            Some(spec) => Poll::Ready(spec),
            None => {
                inbox.waiting = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}

async fn run_one(inbox: &Rc<RefCell<Inbox>>, runner: &Runner<'static>, spec: RunSpec) {
    let run_id = spec.run_id;
    let is_cancelled = || inbox.borrow().cancelled;
    // Runs that wait (timers, another worker) rather than compute.
    if let Some(plan) = crate::topics::async_plan(&spec) {
        let plan = match plan {
            Ok(plan) => plan,
            Err(error) => return post(&Response::Failed { run_id, error }),
        };
        let Some(performance) = scope().performance() else {
            return;
        };
        let ctx = super::waits::Ctx {
            run_id,
            widget: &spec.widget,
            performance: &performance,
            cfg: runner.config(),
            threads: runner.threads() as u32,
            is_cancelled: &is_cancelled,
        };
        return super::waits::run(plan, ctx).await;
    }
    let started = js_sys::Date::now();
    let mut plan = match runner.plan(spec) {
        Ok(plan) => plan,
        Err(error) => return post(&Response::Failed { run_id, error }),
    };
    post(&Response::Floor {
        floor_ns: runner.floor_ns(),
    });
    // The progress bar's length from the start: both passes.
    let mut total = plan.total_measurements() as u32;
    post(&Response::Progress {
        run_id,
        done: 0,
        total,
        points: Vec::new(),
    });
    if let Some(alloc) = runner.allocator() {
        alloc.reset_peak();
    }
    let sample = || Response::Resources {
        run_id,
        sample: resources(runner, js_sys::Date::now() - started),
    };
    post(&sample());
    // A widget whose kernels this worker has not run yet: prime them, then leave the
    // thread idle between sizes so the engine's background compiler gets a core (see
    // Runner::prime). Later runs of the same widget skip both.
    let cold = runner.cold_variants(&plan) > 0;
    if cold {
        let mut previous: Vec<f64> = Vec::new();
        for _ in 0..MAX_PRIME_ROUNDS {
            let now = runner.prime(&plan, 0);
            let settled = crate::runtime::prime_settled(&previous, &now);
            previous = now;
            // Idle after every round, the settled one too: compiles the last round queued
            // (callees reached only now, the harness's own loops) finish before timing.
            let _ = sleep_ms(PRIMED_IDLE_MS).await;
            if is_cancelled() {
                return post(&Response::Cancelled { run_id });
            }
            if settled {
                break;
            }
        }
    }
    let per_size = plan.points_per_size() as u32;
    let mut done = 0;
    CURRENT_RUN.with(|c| c.set(Some(run_id)));
    for i in 0..plan.size_count() {
        if cold && i > 0 {
            let _ = sleep_ms(COLD_SIZE_IDLE_MS).await;
        }
        // The page first shows what the run changed so far (the Run button's click, the
        // previous size's rows and chart).
        yield_now().await;
        wait_for_page(inbox).await;
        if is_cancelled() {
            CURRENT_RUN.with(|c| c.set(None));
            return post(&Response::Cancelled { run_id });
        }
        match runner.run_size(&mut plan, i) {
            Ok(points) => {
                done += per_size;
                post(&Response::Progress {
                    run_id,
                    done,
                    total,
                    points,
                });
                post(&sample());
            }
            Err(error) => {
                CURRENT_RUN.with(|c| c.set(None));
                return post(&Response::Failed { run_id, error });
            }
        }
    }
    // Every point once more, a sweep after its first pass (Runner::second_pass), once the
    // page has shown the last size's rows; the rows stay as they are until the report
    // replaces them (these passes' progress adds none, so the page is not waited on). Then
    // a third pass for the points whose two passes disagree (Runner::third_pass): the
    // progress bar's total grows by them first.
    if plan.measured_twice() {
        wait_for_page(inbox).await;
        let counted = |done, total| {
            post(&Response::Progress {
                run_id,
                done,
                total,
                points: Vec::new(),
            })
        };
        for third in [false, true] {
            for i in 0..plan.size_count() {
                let count = if third {
                    plan.disputed(i) as u32
                } else {
                    per_size
                };
                if count == 0 {
                    continue;
                }
                if third {
                    total += count;
                    counted(done, total);
                }
                yield_now().await;
                if is_cancelled() {
                    CURRENT_RUN.with(|c| c.set(None));
                    return post(&Response::Cancelled { run_id });
                }
                let measured = if third {
                    runner.third_pass(&mut plan, i)
                } else {
                    runner.second_pass(&mut plan, i)
                };
                if let Err(error) = measured {
                    CURRENT_RUN.with(|c| c.set(None));
                    return post(&Response::Failed { run_id, error });
                }
                done += count;
                counted(done, total);
            }
        }
    }
    CURRENT_RUN.with(|c| c.set(None));
    let report = runner.finish(plan, js_sys::Date::now() - started);
    post(&Response::Done { run_id, report });
}
