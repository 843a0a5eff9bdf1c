//! The bench worker's asynchronous runs: simulated requests on real timers, and
//! messages to a second worker (see [`crate::async_runs`] for the pure half).
//!
//! Both wait rather than compute, so they `.await` instead of blocking, and they watch for
//! Cancel while they wait: a Stop lands within one timer tick, without replacing the
//! worker.

use super::scope::{is_isolated, post, sleep_ms};
use crate::async_runs::{
    schedule_report, single_sample_point, AsyncPlan, HandoffPlan, Sampler, SchedulePlan,
    HANDOFF_BUDGET_NS,
};
use crate::harness::Config;
use crate::kernels::latency::{Timeline, Timer};
use crate::protocol::{Outcome, Point, Report, Response, RunError};
use futures::future::{select, Either};
use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Performance, Worker};

/// What an asynchronous run needs from the worker.
pub struct Ctx<'a> {
    /// The run.
    pub run_id: u64,
    /// The widget whose run it is (its report names it).
    pub widget: &'a str,
    /// The worker's clock.
    pub performance: &'a Performance,
    /// Harness configuration (resolution, sample length).
    pub cfg: &'a Config,
    /// Pool threads.
    pub threads: u32,
    /// True once the UI asked to stop this run (consumes the request).
    pub is_cancelled: &'a dyn Fn() -> bool,
}

/// How an asynchronous run ended, when not with a report.
enum Stop {
    Cancelled,
    Failed(RunError),
}

impl From<RunError> for Stop {
    fn from(e: RunError) -> Self {
        Stop::Failed(e)
    }
}

/// Runs `plan`, posting Progress and then exactly one of Done, Failed or Cancelled.
pub async fn run(plan: AsyncPlan, ctx: Ctx<'_>) {
    let started = ctx.performance.now();
    let result = match &plan {
        AsyncPlan::Schedule(p) => schedules(p, &ctx, started).await,
        AsyncPlan::Handoff(p) => handoffs(p, &ctx, started).await,
        AsyncPlan::OneShot { n } => Ok(one_shot(*n, &ctx, started)),
        AsyncPlan::Compute { n } => Ok(compute(*n, &ctx, started)),
    };
    let run_id = ctx.run_id;
    post(&match result {
        Ok(report) => Response::Done { run_id, report },
        Err(Stop::Cancelled) => Response::Cancelled { run_id },
        Err(Stop::Failed(error)) => Response::Failed { run_id, error },
    });
}

/// `setTimeout` and `performance.now()` as a [`Timer`].
struct JsTimer<'a>(&'a Performance);

impl Timer for JsTimer<'_> {
    type Sleep = futures::future::Map<JsFuture, fn(Result<JsValue, JsValue>)>;

    fn now_ms(&self) -> f64 {
        self.0.now()
    }

    fn sleep(&self, ms: f64) -> Self::Sleep {
        use futures::FutureExt;
        sleep_ms(ms).map(drop as fn(Result<JsValue, JsValue>))
    }
}

/// Resolves once the UI has asked to stop (checked every 20 ms).
async fn cancelled(timer: &JsTimer<'_>, is_cancelled: &dyn Fn() -> bool) {
    loop {
        timer.sleep(20.0).await;
        if is_cancelled() {
            return;
        }
    }
}

async fn schedules(plan: &SchedulePlan, ctx: &Ctx<'_>, started: f64) -> Result<Report, Stop> {
    let timer = JsTimer(ctx.performance);
    let lat = &plan.latencies_ms;
    let n = lat.len() as u64;
    let mut timelines = Vec::new();
    for (i, &(variant, schedule)) in plan.variants.iter().enumerate() {
        let spans = {
            let work = std::pin::pin!(crate::topics::run_schedule(schedule, &timer, lat));
            let stop = std::pin::pin!(cancelled(&timer, ctx.is_cancelled));
            match select(work, stop).await {
                Either::Left((spans, _)) => spans,
                Either::Right(_) => return Err(Stop::Cancelled),
            }
        };
        let timeline = Timeline::new(variant, spans, plan.ideal_ms(schedule));
        post(&Response::Progress {
            run_id: ctx.run_id,
            done: i as u32 + 1,
            total: plan.variants.len() as u32,
            points: vec![single_sample_point(
                variant,
                n,
                timeline.total_ms() * 1e6,
                timeline.checksum(),
                ctx.cfg.resolution_ns,
            )],
        });
        timelines.push(timeline);
    }
    Ok(schedule_report(
        plan,
        timelines,
        ctx.threads,
        ctx.cfg.resolution_ns,
        ctx.performance.now() - started,
    )?)
}

/// One timed call of the spin kernel (it cannot be interrupted; it is bounded by the
/// UI's calibration to about a second).
fn one_shot(n: u64, ctx: &Ctx<'_>, started: f64) -> Report {
    let t0 = ctx.performance.now();
    let checksum = std::hint::black_box(crate::topics::async_io::blocking_the_ui::spin(
        std::hint::black_box(n),
    ));
    let elapsed_ns = (ctx.performance.now() - t0) * 1e6;
    Report {
        widget: ctx.widget.into(),
        points: vec![single_sample_point(
            "worker",
            n,
            elapsed_ns,
            checksum,
            ctx.cfg.resolution_ns,
        )],
        fits: Vec::new(),
        timer_resolution_ns: ctx.cfg.resolution_ns,
        threads: ctx.threads,
        elapsed_ms: ctx.performance.now() - started,
        details: None,
        floor_ns: 0.0,
        machine_ns: Vec::new(),
    }
}

/// One timed computation of `persistent-cache` (a cache miss), its result attached.
fn compute(n: u64, ctx: &Ctx<'_>, started: f64) -> Report {
    use crate::topics::caching::persistent_cache::count_primes;
    let t0 = ctx.performance.now();
    let result = std::hint::black_box(count_primes(std::hint::black_box(n)));
    let elapsed_ns = (ctx.performance.now() - t0) * 1e6;
    Report {
        widget: ctx.widget.into(),
        points: vec![single_sample_point(
            "compute",
            n,
            elapsed_ns,
            result.checksum(),
            ctx.cfg.resolution_ns,
        )],
        fits: Vec::new(),
        timer_resolution_ns: ctx.cfg.resolution_ns,
        threads: ctx.threads,
        elapsed_ms: ctx.performance.now() - started,
        details: Some(crate::protocol::Details::Primes(result)),
        floor_ns: 0.0,
        machine_ns: Vec::new(),
    }
}

thread_local! {
    /// The receiving worker, started on first use and kept for later runs.
    static ECHO: RefCell<Option<Worker>> = const { RefCell::new(None) };
}

fn echo_worker() -> Result<Worker, RunError> {
    ECHO.with(|cell| {
        if let Some(w) = cell.borrow().as_ref() {
            return Ok(w.clone());
        }
        let w = Worker::new("/echo_worker.js").map_err(|e| {
            RunError::WorkerCrashed(format!(
                "could not start the receiving worker: {}",
                crate::js_error_message(&e)
            ))
        })?;
        *cell.borrow_mut() = Some(w.clone());
        Ok(w)
    })
}

/// How a message travels.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Way {
    Copy,
    Transfer,
    Share,
}

impl Way {
    const ALL: [(&'static str, Way); 3] = [
        ("copy", Way::Copy),
        ("transfer", Way::Transfer),
        ("share", Way::Share),
    ];
}

const MB: u64 = 1 << 20;

/// A buffer of `mb` MB with a byte pattern that differs page to page.
fn filled(mb: u64, shared: bool) -> Result<JsValue, RunError> {
    let len = (mb * MB) as f64;
    let name = if shared {
        "SharedArrayBuffer"
    } else {
        "ArrayBuffer"
    };
    let ctor: js_sys::Function = Reflect::get(&js_sys::global(), &JsValue::from_str(name))
        .ok()
        .and_then(|c| c.dyn_into().ok())
        .ok_or_else(|| RunError::InvalidSpec(format!("this browser has no {name}")))?;
    let buf = Reflect::construct(&ctor, &Array::of1(&JsValue::from_f64(len))).map_err(|_| {
        RunError::TooLarge {
            n: mb,
            needed_mib: mb * 3,
            limit_mib: crate::async_runs::MAX_HANDOFF_MB * 3,
        }
    })?;
    let bytes = Uint8Array::new(&buf);
    let chunk: Vec<u8> = (0..MB)
        .map(|i| (crate::kernels::mix64(i / 4096) & 0xff) as u8)
        .collect();
    for c in 0..mb {
        bytes
            .subarray((c * MB) as u32, ((c + 1) * MB) as u32)
            .copy_from(&chunk);
    }
    Ok(buf)
}

// region: copy
/// Structured clone: the browser copies every byte of the buffer into the receiver's
/// memory (like handing data to another process). The sender keeps its own copy.
fn send_copy(echo: &Worker, msg: &JsValue) -> Result<(), JsValue> {
    echo.post_message(msg)
}
// endregion

// region: transfer
/// Transfer: ownership of the buffer moves to the receiver; nothing is copied, and the
/// sender's buffer becomes unusable (detached) until the receiver transfers it back.
fn send_transfer(echo: &Worker, msg: &JsValue, buf: &JsValue) -> Result<(), JsValue> {
    echo.post_message_with_transfer(msg, &Array::of1(buf))
}
// endregion

// region: share
/// Shared memory: `buf` is a SharedArrayBuffer, so the message carries only a handle to
/// memory both workers see (like threads sharing one address space).
fn send_shared(echo: &Worker, msg: &JsValue) -> Result<(), JsValue> {
    echo.post_message(msg)
}
// endregion

/// One round trip: hand `buf` over the chosen way, wait for the reply. Returns the
/// receiver's page sum, and (for a transfer) the buffer it sent back.
async fn round_trip(
    echo: &Worker,
    way: Way,
    buf: &JsValue,
) -> Result<(u64, Option<JsValue>), RunError> {
    let msg = Object::new();
    let op = match way {
        Way::Copy => "copy",
        Way::Transfer => "transfer",
        Way::Share => "share",
    };
    let broken = |e: JsValue| {
        RunError::WorkerCrashed(format!(
            "the receiving worker failed: {}",
            crate::js_error_message(&e)
        ))
    };
    Reflect::set(&msg, &"op".into(), &op.into()).map_err(broken)?;
    Reflect::set(&msg, &"buf".into(), buf).map_err(broken)?;
    let mut sent = Ok(());
    let reply = Promise::new(&mut |resolve, reject| {
        echo.set_onmessage(Some(&resolve));
        echo.set_onerror(Some(&reject));
        sent = match way {
            Way::Copy => send_copy(echo, &msg),
            Way::Transfer => send_transfer(echo, &msg, buf),
            Way::Share => send_shared(echo, &msg),
        };
    });
    sent.map_err(broken)?;
    let event: MessageEvent = JsFuture::from(reply)
        .await
        .map_err(broken)?
        .unchecked_into();
    let data = event.data();
    let sum = Reflect::get(&data, &"sum".into())
        .ok()
        .and_then(|v| v.as_f64())
        .ok_or_else(|| broken("the reply had no sum".into()))? as u64;
    let back = (way == Way::Transfer)
        .then(|| Reflect::get(&data, &"buf".into()).ok())
        .flatten();
    Ok((sum, back))
}

/// Why shared memory cannot be used here, if it cannot.
fn share_unavailable() -> Option<String> {
    let isolated = is_isolated();
    let has_sab = Reflect::has(&js_sys::global(), &"SharedArrayBuffer".into()).unwrap_or(false);
    (!isolated || !has_sab).then(|| {
        "Unavailable: this page is not cross-origin isolated, and browsers only allow \
         SharedArrayBuffer on isolated pages (the banner at the top says why)."
            .to_owned()
    })
}

async fn handoffs(plan: &HandoffPlan, ctx: &Ctx<'_>, started: f64) -> Result<Report, Stop> {
    let echo = echo_worker()?;
    let no_share = share_unavailable();
    let total = (plan.sizes_mb.len() * Way::ALL.len()) as u32;
    let mut points: Vec<Point> = Vec::new();
    for &mb in &plan.sizes_mb {
        let mut new_points = Vec::new();
        let mut reference: Option<(&str, u64)> = None;
        for (variant, way) in Way::ALL {
            if (ctx.is_cancelled)() {
                return Err(Stop::Cancelled);
            }
            if let (Way::Share, Some(reason)) = (way, &no_share) {
                new_points.push(Point {
                    variant: variant.into(),
                    n: mb,
                    ops_per_call: mb,
                    outcome: Outcome::Skipped {
                        reason: reason.clone(),
                    },
                    memory: None,
                });
                continue;
            }
            let m = handoff_point(&echo, way, mb, ctx).await?;
            // Every way must deliver the same bytes.
            match reference {
                None => reference = Some((variant, m.checksum)),
                Some((first, sum)) if sum != m.checksum => {
                    return Err(Stop::Failed(RunError::Mismatch {
                        n: mb,
                        details: format!(
                            "{first} delivered page sum {sum}, {variant} delivered {}",
                            m.checksum
                        ),
                    }))
                }
                Some(_) => {}
            }
            if !m.checksum_stable {
                return Err(Stop::Failed(RunError::Unstable {
                    variant: variant.into(),
                    n: mb,
                }));
            }
            new_points.push(Point {
                variant: variant.into(),
                n: mb,
                ops_per_call: mb,
                outcome: Outcome::Measured(m),
                memory: None,
            });
        }
        post(&Response::Progress {
            run_id: ctx.run_id,
            done: (points.len() + new_points.len()) as u32,
            total,
            points: new_points.clone(),
        });
        points.extend(new_points);
        // Let the message loop in (Cancel) between sizes.
        JsTimer(ctx.performance).sleep(0.0).await;
    }
    Ok(Report {
        widget: ctx.widget.into(),
        points,
        fits: Vec::new(),
        timer_resolution_ns: ctx.cfg.resolution_ns,
        threads: ctx.threads,
        elapsed_ms: ctx.performance.now() - started,
        details: None,
        floor_ns: 0.0,
        machine_ns: Vec::new(),
    })
}

/// Times round trips of an `mb` MB message the given way.
async fn handoff_point(
    echo: &Worker,
    way: Way,
    mb: u64,
    ctx: &Ctx<'_>,
) -> Result<crate::harness::Measurement, Stop> {
    let mut buf = filled(mb, way == Way::Share)?;
    let trip = |buf: JsValue| async move {
        let (sum, back) = round_trip(echo, way, &buf).await?;
        Ok::<_, RunError>((sum, back.unwrap_or(buf)))
    };
    let t0 = ctx.performance.now();
    let (checksum, b) = trip(buf).await?;
    buf = b;
    let first_ns = (ctx.performance.now() - t0) * 1e6;
    let mut stable = true;
    let mut sampler = Sampler::new(ctx.cfg.clone(), HANDOFF_BUDGET_NS, first_ns);
    while sampler.wants_more() {
        if (ctx.is_cancelled)() {
            return Err(Stop::Cancelled);
        }
        let t0 = ctx.performance.now();
        for _ in 0..sampler.batch() {
            let (sum, b) = trip(buf).await?;
            buf = b;
            stable &= sum == checksum;
        }
        sampler.record((ctx.performance.now() - t0) * 1e6);
    }
    sampler
        .finish(checksum, stable)
        .ok_or(Stop::Failed(RunError::InvalidSpec(
            "no round trip could be timed".into(),
        )))
}
