//! The one typed protocol between the UI thread and the bench worker.
//!
//! Messages travel as postcard-encoded bytes (a `Uint8Array`) through `postMessage`. The worker speaks first with
//! [`Response::Ready`]; the UI sends nothing before that (messages sent to a worker
//! before its handler is installed are lost). Then the UI sends [`Request::Run`] and may
//! send [`Request::Cancel`]; the worker answers with [`Response::Progress`] while a sweep
//! runs and ends every run with exactly one of `Done`, `Failed` or `Cancelled`.
//!
//! The chart worker speaks the same way with its own pair of messages, `plot::wire`
//! (encoded by [`encode`] and [`decode`] here too).

use crate::harness::Measurement;
use crate::stats::PowerFit;
use serde::{Deserialize, Serialize};

/// Most sizes one run may sweep.
pub const MAX_SIZES: usize = 64;

/// Named numeric parameters of a run (slider values other than the swept size).
pub type Params = crate::order::SmallMap<String, f64>;

/// UI → worker.
// Externally tagged (serde's default): an internally tagged enum would make serde buffer
// every message into an intermediate `Content` tree and compile a second deserializer
// for every type inside it (~80 KB of the UI bundle before this was changed).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Measure a widget's variants over the given sizes.
    Run(RunSpec),
    /// Stop run `run_id` as soon as possible.
    Cancel {
        /// The run to stop.
        run_id: u64,
    },
    /// The page has shown run `run_id`'s start or latest progress (its table and charts
    /// are drawn): the worker may measure the next size without the page's painting
    /// competing for the cores. Sent once after a run is posted and once per
    /// [`Response::Progress`] that brings points; the worker waits for it before each size
    /// of the sweep and before its second pass, up to [`SETTLE_TIMEOUT_MS`].
    Settled {
        /// The run.
        run_id: u64,
    },
}

/// Longest the worker waits for [`Request::Settled`] after a size, ms: a page that never
/// answers (a background tab without frames) slows a run down, never stops it.
pub const SETTLE_TIMEOUT_MS: f64 = 250.0;

/// What to measure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSpec {
    /// Chosen by the UI, echoed in every response about this run.
    pub run_id: u64,
    /// Widget id from curriculum.md (selects the kernel suite).
    pub widget: String,
    /// The sizes to sweep, ascending.
    pub sizes: Vec<u64>,
    /// Other slider values.
    pub params: Params,
    /// A deliberate failure, used by the tests to prove errors reach the page.
    #[serde(default)]
    pub fault: Option<Fault>,
}

/// Failures the runtime can be asked to inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fault {
    /// The first kernel call panics.
    Panic,
}

/// Worker → UI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker is listening and its thread pool (if any) is up.
    Ready(WorkerInfo),
    /// Points measured so far (only points whose size passed the agreement check).
    Progress {
        /// The run.
        run_id: u64,
        /// Points finished, including these.
        done: u32,
        /// Points planned.
        total: u32,
        /// The newly verified points.
        points: Vec<Point>,
    },
    /// What the worker's memory looked like at a moment of the run (at its start, after
    /// each size, at its end): for the resource monitor.
    Resources {
        /// The run.
        run_id: u64,
        /// The reading.
        sample: ResourceSample,
    },
    /// The run finished.
    Done {
        /// The run.
        run_id: u64,
        /// Everything measured.
        report: Report,
    },
    /// The run failed; nothing more will come for it.
    Failed {
        /// The run.
        run_id: u64,
        /// Why.
        error: RunError,
    },
    /// The run stopped at the UI's request.
    Cancelled {
        /// The run.
        run_id: u64,
    },
    /// The harness floor was measured again (after Ready, and when a run starts), ns per
    /// call of an empty kernel through the timing loop.
    Floor {
        /// The floor, ns.
        floor_ns: f64,
    },
    /// How long a sleeping pool thread took to start a job handed to it (threaded build
    /// only, measured once after Ready).
    WakeUp(WakeUp),
}

/// Hand-off latency to the pool: from handing a job to a pool that has gone to sleep until
/// a pool thread starts it, over several hand-offs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WakeUp {
    /// Median, ns.
    pub median_ns: f64,
    /// Longest, ns.
    pub max_ns: f64,
}

/// One reading of the bench worker's memory during a run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourceSample {
    /// Time since the run started, ms.
    pub t_ms: f64,
    /// Size of the worker's WebAssembly linear memory, bytes (it only grows).
    pub wasm_bytes: u64,
    /// Bytes the counting allocator has live now.
    pub live_bytes: u64,
    /// Most bytes live at once since the run started.
    pub peak_bytes: u64,
    /// Allocation calls since the worker started.
    pub allocations: u64,
}

/// Which worker build is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkerBuild {
    /// atomics + a rayon pool of Web Workers (src/worker/pool.rs).
    Threaded,
    /// One thread, for pages that are not cross-origin isolated.
    SingleThreaded,
}

/// What the worker found about its environment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WorkerInfo {
    /// Which build answered.
    pub build: WorkerBuild,
    /// Threads kernels can use (the pool size, or 1).
    pub threads: u32,
    /// `crossOriginIsolated` as the worker sees it.
    pub isolated: bool,
    /// Smallest step of the worker's clock, ns.
    pub timer_resolution_ns: f64,
    /// Why the pool is not running, when it is not.
    pub pool_error: Option<String>,
    /// The harness floor (ns per call of an empty kernel through the timing loop), 0
    /// until measured: the worker measures it right after Ready and at every run's start,
    /// and says so with [`Response::Floor`].
    #[serde(default)]
    pub floor_ns: f64,
    /// Waking a sleeping pool thread, once measured ([`Response::WakeUp`]).
    #[serde(default)]
    pub wake: Option<WakeUp>,
}

/// One (variant, n) of a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Variant id.
    pub variant: String,
    /// Size.
    pub n: u64,
    /// Operations per call (per-op time = median / ops).
    pub ops_per_call: u64,
    /// What happened.
    pub outcome: Outcome,
    /// What one call allocated, where the widget measures memory.
    #[serde(default)]
    pub memory: Option<crate::alloc::MemoryUse>,
}

impl Point {
    /// The measurement, if the point was measured.
    pub fn measurement(&self) -> Option<&Measurement> {
        match &self.outcome {
            Outcome::Measured(m) => Some(m),
            Outcome::Skipped { .. } => None,
        }
    }

    /// Median time per operation, ns, if measured.
    pub fn median_per_op_ns(&self) -> Option<f64> {
        self.measurement()
            .map(|m| m.summary.median_ns / self.ops_per_call.max(1) as f64)
    }
}

/// A point's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Outcome {
    /// Timed.
    Measured(Measurement),
    /// Not run, and why (e.g. a quadratic kernel predicted to exceed its time budget).
    Skipped {
        /// Shown to the reader.
        reason: String,
    },
}

/// A finished run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Widget id.
    pub widget: String,
    /// Every point, in the order measured.
    pub points: Vec<Point>,
    /// Growth fit of time per op against n, per variant with ≥ 2 measured sizes.
    pub fits: Vec<VariantFit>,
    /// The clock resolution the harness calibrated against, ns.
    pub timer_resolution_ns: f64,
    /// Pool threads available to the run.
    pub threads: u32,
    /// Wall time of the whole run, ms.
    pub elapsed_ms: f64,
    /// What the widget shows besides timings (e.g. the statistics it computed).
    #[serde(default)]
    pub details: Option<Details>,
    /// The harness floor measured when the run started: ns per call of an empty kernel
    /// through the timing loop (0 for runs timed from outside, which have no such loop).
    #[serde(default)]
    pub floor_ns: f64,
    /// The machine check's times, ns (`harness::machine`): the same fixed loop timed when
    /// the run started and after each size of each pass. Empty for runs timed from outside
    /// and where the clock is too coarse.
    #[serde(default)]
    pub machine_ns: Vec<f64>,
}

/// Results a widget shows besides timings, computed untimed at the run's largest size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Details {
    /// `describe-stats`: the summary and a histogram of the sample.
    Describe {
        /// The summary.
        stats: crate::details::Describe,
        /// The histogram with outlier thresholds.
        histogram: crate::details::Histogram,
    },
    /// `profile-pipeline`: the span profile of one run at the largest size.
    Profile(crate::profiler::Profile),
    /// `io-concurrency`, `async-gather`: when each simulated request ran, per variant.
    Timeline {
        /// Each request's simulated latency, ms.
        latencies_ms: Vec<f64>,
        /// One timeline per variant, in display order.
        timelines: Vec<crate::details::Timeline>,
    },
    /// `bytes-per-element`: what one boxed integer really occupies.
    Footprint {
        /// Median distance between consecutively allocated 8-byte boxes, bytes.
        box_stride_bytes: u64,
        /// Size of the pointer to each box, bytes (4 on wasm32).
        pointer_bytes: u64,
    },
    /// `blocking-the-ui`: what the page felt while the kernel ran on each thread (filled
    /// in by the UI, which is the only side that can see its own frames).
    Responsiveness(Vec<crate::frames::Phase>),
    /// `stream-vs-collect`: variance by the one-pass formula and by Welford's method
    /// against the exact value, over offsets.
    Stability(crate::details::Stability),
    /// `lru-hit-rate`: the hit rate at capacities up to the largest.
    HitRates(Vec<crate::details::HitRate>),
    /// `ttl-cache`: hits, misses and stale answers per TTL, and a timeline.
    Ttl(crate::details::TtlReport),
    /// `persistent-cache`: this page's lookups in the browser's storage (filled in by
    /// the UI, which owns the storage).
    Cache(Vec<crate::persist::Lookup>),
    /// `persistent-cache`, from the worker: the computed result, for the UI to store.
    Primes(crate::details::PrimeCount),
}

/// A variant's growth fit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VariantFit {
    /// Variant id.
    pub variant: String,
    /// The fit.
    pub fit: PowerFit,
}

/// Why a run failed. Every variant has a sentence a reader can act on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum RunError {
    /// No kernel suite has this id.
    #[error("no benchmark is called \u{201c}{0}\u{201d}")]
    UnknownWidget(String),
    /// The request itself is malformed.
    #[error("invalid request: {0}")]
    InvalidSpec(String),
    /// A size would need more memory than the page allows.
    #[error("n = {n} would need about {needed_mib} MiB of memory; this page allows {limit_mib} MiB. Choose a smaller size.")]
    TooLarge {
        /// The size.
        n: u64,
        /// Estimated need.
        needed_mib: u64,
        /// The limit.
        limit_mib: u64,
    },
    /// Variants that must agree returned different results.
    #[error("the variants disagree at n = {n} ({details}), so no timings are reported")]
    Mismatch {
        /// Where.
        n: u64,
        /// Which variant returned what.
        details: String,
    },
    /// A variant returned different results on different calls with the same input.
    #[error("{variant} returned different results on repeated calls at n = {n}; its timings cannot be trusted")]
    Unstable {
        /// Which.
        variant: String,
        /// Where.
        n: u64,
    },
    /// A kernel panicked.
    #[error("the kernel panicked: {message}")]
    Panic {
        /// The panic message and location.
        message: String,
    },
    /// The worker died or could not start.
    #[error("the bench worker stopped: {0}")]
    WorkerCrashed(String),
}

include!(concat!(env!("OUT_DIR"), "/build_id.rs"));

/// Why a message could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The other side was built from different sources (e.g. a cached worker from an
    /// earlier deploy next to a new page): its messages cannot be trusted to mean the same.
    #[error("the page and its workers come from different versions of Benchbook; reload the page")]
    OtherBuild,
    /// Not a message of this protocol.
    #[error("malformed message ({0})")]
    Malformed(String),
}

/// Encodes a message for `postMessage`: the sender's [`BUILD_ID`] (8 bytes, little
/// endian), then the message in postcard (compact binary). Both ends are built from this
/// crate, so they share the schema exactly when they share the build id.
pub fn encode<T: Serialize>(msg: &T) -> Vec<u8> {
    // Serialising these plain data types into a growable buffer cannot fail; fall back to
    // the bare id, which the other side reports as malformed.
    let id = BUILD_ID.to_le_bytes().to_vec();
    postcard::to_extend(msg, id).unwrap_or_else(|_| BUILD_ID.to_le_bytes().to_vec())
}

/// Decodes a message from `postMessage`.
pub fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, DecodeError> {
    let (id, body) = bytes
        .split_first_chunk::<8>()
        .ok_or_else(|| DecodeError::Malformed("too short".into()))?;
    if u64::from_le_bytes(*id) != BUILD_ID {
        return Err(DecodeError::OtherBuild);
    }
    postcard::from_bytes(body).map_err(|e| DecodeError::Malformed(e.to_string()))
}

#[cfg(test)]
pub mod fixtures {
    use super::{Outcome, Point};
    use crate::harness::Measurement;
    use crate::stats::Summary;

    /// A measured point with the given spread (ns per call) and checksum 0.
    pub fn measured(
        variant: &str,
        n: u64,
        ops_per_call: u64,
        min_ns: f64,
        median_ns: f64,
        max_ns: f64,
    ) -> Point {
        Point {
            variant: variant.into(),
            n,
            ops_per_call,
            outcome: Outcome::Measured(Measurement::timed_outside(
                Summary {
                    samples: 5,
                    min_ns,
                    median_ns,
                    max_ns,
                    mad_ns: 0.0,
                },
                1,
                0,
                // Every sample a second long on a 1 ns clock: a sound point.
                1e9,
                1.0,
            )),
            memory: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::Summary;

    fn round_trip<T: Serialize + for<'de> Deserialize<'de> + PartialEq + std::fmt::Debug>(msg: T) {
        let bytes = encode(&msg);
        let back: T = decode(&bytes).unwrap_or_else(|e| panic!("decode {bytes:?}: {e}"));
        assert_eq!(back, msg, "round trip through {bytes:?}");
    }

    #[test]
    fn requests_round_trip() {
        let mut params = Params::new();
        params.insert("k".into(), 100.0);
        round_trip(Request::Run(RunSpec {
            run_id: 7,
            widget: "counting".into(),
            sizes: vec![1000, 10_000],
            params,
            fault: Some(Fault::Panic),
        }));
        round_trip(Request::Cancel { run_id: 7 });
    }

    #[test]
    fn responses_round_trip() {
        let mut m = Measurement::timed_outside(
            Summary {
                samples: 3,
                min_ns: 1.0,
                median_ns: 2.0,
                max_ns: 3.5,
                mad_ns: 0.5,
            },
            1024,
            u64::MAX,
            1024.0,
            5.0,
        );
        m.first_call_ns = 40.0;
        m.quality = crate::harness::Quality::Drifting;
        m.at_floor = true;
        let point = Point {
            variant: "loop".into(),
            n: 10,
            ops_per_call: 1,
            outcome: Outcome::Measured(m),
            memory: Some(crate::alloc::MemoryUse {
                allocations: 2,
                allocated_bytes: 16,
                peak_bytes: 8,
            }),
        };
        let skipped = Point {
            variant: "vec".into(),
            n: 10,
            ops_per_call: 1,
            outcome: Outcome::Skipped {
                reason: "slow".into(),
            },
            memory: None,
        };
        round_trip(Response::Ready(WorkerInfo {
            build: WorkerBuild::Threaded,
            threads: 2,
            isolated: true,
            timer_resolution_ns: 5000.0,
            pool_error: None,
            floor_ns: 0.7,
            wake: None,
        }));
        round_trip(Response::Floor { floor_ns: 0.5 });
        round_trip(Response::WakeUp(WakeUp {
            median_ns: 120_000.0,
            max_ns: 3_400_000.0,
        }));
        round_trip(Response::Progress {
            run_id: 1,
            done: 1,
            total: 4,
            points: vec![point.clone(), skipped],
        });
        round_trip(Response::Done {
            run_id: 1,
            report: Report {
                widget: "sum-loop-vs-formula".into(),
                points: vec![point],
                fits: vec![VariantFit {
                    variant: "loop".into(),
                    fit: PowerFit {
                        exponent: 1.0,
                        coefficient_ns: 0.5,
                        r_squared: 0.99,
                        points: 4,
                    },
                }],
                timer_resolution_ns: 5000.0,
                threads: 2,
                elapsed_ms: 12.5,
                details: None,
                floor_ns: 0.0,
                machine_ns: Vec::new(),
            },
        });
        round_trip(Response::Failed {
            run_id: 2,
            error: RunError::Mismatch {
                n: 3,
                details: "a=1, b=2".into(),
            },
        });
        round_trip(Response::Failed {
            run_id: 2,
            error: RunError::Panic {
                message: "boom".into(),
            },
        });
        round_trip(Response::Cancelled { run_id: 3 });
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(matches!(
            decode::<Request>(&[9, 9, 9]),
            Err(DecodeError::Malformed(_))
        ));
        assert!(matches!(
            decode::<Response>(b""),
            Err(DecodeError::Malformed(_))
        ));
        let mut bad = BUILD_ID.to_le_bytes().to_vec();
        bad.extend_from_slice(&[0xff; 12]);
        assert!(matches!(
            decode::<Response>(&bad),
            Err(DecodeError::Malformed(_))
        ));
    }

    #[test]
    fn a_message_from_another_build_is_refused_by_name() {
        let mut bytes = encode(&Request::Cancel { run_id: 1 });
        assert_eq!(decode::<Request>(&bytes), Ok(Request::Cancel { run_id: 1 }));
        bytes[0] ^= 1;
        assert_eq!(decode::<Request>(&bytes), Err(DecodeError::OtherBuild));
        assert!(DecodeError::OtherBuild
            .to_string()
            .contains("reload the page"));
    }

    #[test]
    fn errors_read_as_sentences() {
        let e = RunError::TooLarge {
            n: 100,
            needed_mib: 900,
            limit_mib: 512,
        };
        assert!(e.to_string().contains("Choose a smaller size"));
    }
}
