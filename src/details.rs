//! The payloads of `protocol::Details`: what a widget's run reports beside its points
//! (a histogram, timelines, a stability table, hit rates…), as plain data (pure).
//!
//! A leaf: it imports nothing from the crate, so the kernels that fill these and the
//! protocol that carries them both point down to it, and neither knows the other. Their
//! methods stay with the code that computes them (inherent impls may live in any module
//! of the crate).

use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------- describe-stats

/// The summary of a sample.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Describe {
    /// Number of values.
    pub count: u64,
    /// Arithmetic mean.
    pub mean: f64,
    /// Sample standard deviation (n − 1 in the denominator, as pandas).
    pub std: f64,
    /// Smallest value.
    pub min: f64,
    /// First quartile (linear interpolation between order statistics, as pandas).
    pub q1: f64,
    /// Median.
    pub median: f64,
    /// Third quartile.
    pub q3: f64,
    /// Largest value.
    pub max: f64,
    /// Values more than `OUTLIER_Z` (topics::vectorization::describe_stats) standard deviations from the mean.
    pub outliers: u64,
}

/// A histogram of a sample, with the outlier thresholds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Left edge of the first bin.
    pub lo: f64,
    /// Right edge of the last bin.
    pub hi: f64,
    /// Values per bin, left to right.
    pub counts: Vec<u64>,
    /// Values below this are outliers (mean − 3σ).
    pub outlier_below: f64,
    /// Values above this are outliers (mean + 3σ).
    pub outlier_above: f64,
}

// ---------------------------------------------------------------- io-concurrency and async-gather

/// When one request ran.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Span {
    /// Which request (0-based, in submission order).
    pub id: usize,
    /// When it started, ms from the schedule's start.
    pub start_ms: f64,
    /// When its response arrived, ms from the schedule's start.
    pub end_ms: f64,
}

/// What a finished schedule shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// Variant id.
    pub variant: String,
    /// One span per request, sorted by request id.
    pub spans: Vec<Span>,
    /// What a perfect timer would have given, ms.
    pub ideal_ms: f64,
}

// ---------------------------------------------------------------- stream-vs-collect

/// One offset's variances: exact, one-pass formula, Welford.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StabilityRow {
    /// The readings' offset.
    pub offset: f64,
    /// The exact variance.
    pub exact: f64,
    /// E[x²] − E[x]².
    pub naive: f64,
    /// Welford's.
    pub welford: f64,
}

/// The stability table: both methods at every power of ten up to the offset slider's maximum and at
/// the chosen offset, on `n` readings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stability {
    /// Readings per row.
    pub n: u64,
    /// The slider's offset (one of the rows).
    pub chosen: f64,
    /// Rows by ascending offset.
    pub rows: Vec<StabilityRow>,
}

// ---------------------------------------------------------------- lru-hit-rate and ttl-cache

/// Hit rate of one capacity.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct HitRate {
    /// Cache capacity (entries).
    pub capacity: u64,
    /// Requests answered from the cache.
    pub hits: u64,
    /// Requests in all.
    pub requests: u64,
}

/// What one request of the simulation got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lookup {
    /// Fetched from the source (the entry was absent or expired).
    Miss,
    /// Answered from the cache with the source's current value.
    Hit,
    /// Answered from the cache, but the source had changed since: out of date.
    Stale,
}

/// One request on the timeline.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TtlEvent {
    /// Simulated time, ms.
    pub at_ms: u64,
    /// Key (0 is the most requested).
    pub key: u32,
    /// What it got.
    pub lookup: Lookup,
}

/// The simulation at one TTL: counts, and the timeline of the most requested keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TtlRun {
    /// Time-to-live, ms.
    pub ttl_ms: u64,
    /// Fetches from the source.
    pub misses: u64,
    /// Up-to-date answers from the cache.
    pub hits: u64,
    /// Out-of-date answers from the cache.
    pub stale: u64,
    /// Requests of keys below `TIMELINE_KEYS` (kernels::caching), in time order (empty unless asked).
    pub timeline: Vec<TtlEvent>,
}

/// The `ttl-cache` details: one row per swept TTL; the largest TTL's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TtlReport {
    /// Interval between source changes, ms.
    pub update_ms: u64,
    /// One simulation per TTL, ascending; the last carries the timeline.
    pub runs: Vec<TtlRun>,
}

// ---------------------------------------------------------------- persistent-cache

/// What the computation returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrimeCount {
    /// The bound: primes p < n were counted.
    pub below: u64,
    /// How many.
    pub count: u64,
    /// The largest of them (0 if none).
    pub largest: u64,
}
