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
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
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
/// Its lists are allocated when the worker starts, with room to spare, and never during a
/// run: a set that allocated its first node when the first run's first `Settled` arrived
/// kept that node among the run's freed memory, and later runs met a different heap
/// (`Runner::new`). A list only grows past its room if the page queues more runs at once.
struct Inbox {
    runs: VecDeque<RunSpec>,
    cancelled: Ids,
    /// Runs whose latest progress the page has shown ([`Request::Settled`]).
    settled: Ids,
    busy: bool,
}

/// Room in each of the inbox's lists.
const INBOX_ROOM: usize = 16;

impl Inbox {
    fn new() -> Self {
        Self {
            runs: VecDeque::with_capacity(INBOX_ROOM),
            cancelled: Ids(Vec::with_capacity(INBOX_ROOM)),
            settled: Ids(Vec::with_capacity(INBOX_ROOM)),
            busy: false,
        }
    }
}

/// A few run ids, as a set.
struct Ids(Vec<u64>);

impl Ids {
    fn insert(&mut self, id: u64) {
        if !self.contains(&id) {
            self.0.push(id);
        }
    }
    fn contains(&self, id: &u64) -> bool {
        self.0.contains(id)
    }
    /// Whether `id` was there.
    fn remove(&mut self, id: &u64) -> bool {
        let at = self.0.iter().position(|x| x == id);
        at.map(|i| self.0.swap_remove(i)).is_some()
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
                match wasm_bindgen_futures::JsFuture::from(wasm_bindgen_rayon::init_thread_pool(
                    wanted,
                ))
                .await
                {
                    Ok(_) => (rayon::current_num_threads() as u32, None),
                    Err(e) => (1, Some(crate::js_error_message(&e))),
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
    // Set once the pool and clock are ready; read-only after that.
    let runner: Rc<OnceCell<Runner<'static>>> = Rc::new(OnceCell::new());

    // Install the message handler first; runs received before Ready wait in the inbox.
    let handler_inbox = inbox.clone();
    let handler_runner = runner.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        // wasm-bindgen-rayon's helpers use this global too; ignore anything but our bytes.
        let Ok(bytes) = event.data().dyn_into::<js_sys::Uint8Array>() else {
            return;
        };
        match decode::<Request>(&bytes.to_vec()) {
            Ok(Request::Run(spec)) => {
                handler_inbox.borrow_mut().runs.push_back(spec);
                pump(handler_inbox.clone(), handler_runner.clone());
            }
            Ok(Request::Cancel { run_id }) => {
                let mut inbox = handler_inbox.borrow_mut();
                let before = inbox.runs.len();
                inbox.runs.retain(|r| r.run_id != run_id);
                if inbox.runs.len() < before {
                    post(&Response::Cancelled { run_id });
                } else {
                    inbox.cancelled.insert(run_id);
                }
            }
            Ok(Request::Settled { run_id }) => {
                handler_inbox.borrow_mut().settled.insert(run_id);
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
        let _ = runner.set(
            Runner::new(
                clock,
                Config::for_resolution(resolution_ns),
                threads as usize,
            )
            .with_allocator(alloc)
            .with_spin_up(crate::harness::SPIN_UP_NS)
            .with_machine_checks(),
        );
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
            if let Some(runner) = runner.get() {
                post(&Response::Floor {
                    floor_ns: runner.measure_floor(),
                });
            }
        }
        if threads > 1 {
            if let Some(wake) = measure_wake(clock, &inbox).await {
                post(&Response::WakeUp(wake));
            }
        }
        pump(inbox, runner);
    });
}

/// Waits until the page has shown the run's latest progress ([`Request::Settled`]), or
/// [`SETTLE_TIMEOUT_MS`], or a cancel. The page's painting (tables, charts, and in some
/// browsers software compositing) then never runs on the cores the next size measures
/// on: on two cores it made a two-thread point as slow as a one-thread one.
async fn wait_for_page(inbox: &Rc<RefCell<Inbox>>, run_id: u64) {
    let start = js_sys::Date::now();
    loop {
        {
            let mut b = inbox.borrow_mut();
            if b.settled.remove(&run_id) || b.cancelled.contains(&run_id) {
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

/// Runs queued specs one after another, unless a loop is already doing so.
fn pump(inbox: Rc<RefCell<Inbox>>, runner: Rc<OnceCell<Runner<'static>>>) {
    {
        let mut b = inbox.borrow_mut();
        if b.busy || runner.get().is_none() {
            return;
        }
        b.busy = true;
    }
    spawn_local(async move {
        loop {
            let next = inbox.borrow_mut().runs.pop_front();
            let Some(spec) = next else { break };
            run_one(&inbox, &runner, spec).await;
        }
        inbox.borrow_mut().busy = false;
    });
}

async fn run_one(
    inbox: &Rc<RefCell<Inbox>>,
    runner: &Rc<OnceCell<Runner<'static>>>,
    spec: RunSpec,
) {
    let run_id = spec.run_id;
    let is_cancelled = || inbox.borrow_mut().cancelled.remove(&run_id);
    let Some(runner) = runner.get() else { return };
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
        wait_for_page(inbox, run_id).await;
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
        wait_for_page(inbox, run_id).await;
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
    inbox.borrow_mut().settled.remove(&run_id);
    let report = runner.finish(plan, js_sys::Date::now() - started);
    post(&Response::Done { run_id, report });
}
