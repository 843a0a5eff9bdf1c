//! Lesson 8, `ttl-cache`: a cache whose entries expire after a time-to-live, on a
//! simulated clock, in front of a source whose values change: fewer fetches against
//! answers that may be out of date.

use super::{capacities_up_to, costly, zipf_keys};
use crate::catalog::{log_slider, WidgetSpec, DEFAULTS};
pub use crate::details::{Lookup, TtlEvent, TtlReport, TtlRun};
use crate::format::{duration_ns, fixed};
use crate::harness::{Clock, Kernel};
use crate::kernels::{param, Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::{Details, Report};
use crate::readout::{at, largest};
use crate::topics::Topic;
use std::collections::HashMap;
use std::hint::black_box;

/// Keys of `ttl-cache`'s requests.
pub const TTL_KEYS: usize = 20;
/// Requests per simulated run.
pub const TTL_REQUESTS: usize = 2_000;
/// Simulated time between requests, ms.
pub const TTL_GAP_MS: u64 = 100;
/// Default interval at which each key's source value changes, s (the `update` slider).
pub const DEFAULT_UPDATE_S: f64 = 20.0;
/// Keys drawn on the timeline chart (the most requested).
pub const TIMELINE_KEYS: u32 = 5;

/// The source behind the cache: each key's value changes every `update_ms` (keys change
/// at staggered moments). `version(key, t)` says which value is current at time t.
#[derive(Clone, Copy, Debug)]
pub struct Source {
    /// Interval between changes of one key, ms.
    pub update_ms: u64,
}

impl Source {
    /// The version of `key`'s value current at `now_ms`.
    pub fn version(&self, key: u32, now_ms: u64) -> u64 {
        let period = self.update_ms.max(1);
        let phase = u64::from(key) * 7919 % period;
        (now_ms + phase) / period
    }
}

// region: ttl
/// A cache whose entries expire `ttl_ms` after they were stored: a lookup at or after
/// the expiry time is a miss, so the value is fetched again. Until then a hit returns
/// the stored value even if the source has changed since (a stale answer).
pub struct TtlCache<V> {
    entries: HashMap<u32, (V, u64)>, // value, expiry time
    ttl_ms: u64,
}

impl<V: Copy> TtlCache<V> {
    pub fn new(ttl_ms: u64) -> Self {
        Self {
            entries: HashMap::new(),
            ttl_ms,
        }
    }

    pub fn get(&self, key: u32, now_ms: u64) -> Option<V> {
        match self.entries.get(&key) {
            Some(&(value, expires)) if now_ms < expires => Some(value),
            _ => None,
        }
    }

    pub fn put(&mut self, key: u32, value: V, now_ms: u64) {
        self.entries.insert(key, (value, now_ms + self.ttl_ms));
    }
}

/// Simulates the requests against a TTL cache; returns the checksum of the answers and
/// the counts (with the timeline if `timeline`).
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn simulate_ttl(
    requests: &[(u64, u32)],
    source: Source,
    ttl_ms: u64,
    timeline: bool,
) -> (u64, TtlRun) {
    let mut cache = TtlCache::new(ttl_ms);
    let mut run = TtlRun {
        ttl_ms,
        misses: 0,
        hits: 0,
        stale: 0,
        timeline: Vec::new(),
    };
    let mut acc = 0u64;
    for &(now, key) in requests {
        let current = source.version(key, now);
        let (value, lookup) = match cache.get(key, now) {
            Some((value, version)) if version == current => (value, Lookup::Hit),
            Some((value, _)) => (value, Lookup::Stale),
            None => {
                let value = fetch(key, current);
                cache.put(key, (value, current), now);
                (value, Lookup::Miss)
            }
        };
        match lookup {
            Lookup::Miss => run.misses += 1,
            Lookup::Hit => run.hits += 1,
            Lookup::Stale => run.stale += 1,
        }
        if timeline && key < TIMELINE_KEYS {
            run.timeline.push(TtlEvent {
                at_ms: now,
                key,
                lookup,
            });
        }
        acc = acc.wrapping_add(value);
    }
    (acc, run)
}
// endregion

impl TtlRun {
    /// Requests in all.
    pub fn requests(&self) -> u64 {
        self.misses + self.hits + self.stale
    }
    /// Share answered from the cache (fresh or stale).
    pub fn hit_rate(&self) -> f64 {
        (self.hits + self.stale) as f64 / self.requests().max(1) as f64
    }
    /// Share of answers that were out of date.
    pub fn stale_rate(&self) -> f64 {
        self.stale as f64 / self.requests().max(1) as f64
    }
}

/// The requests of a simulated run: (time, key), one every [`TTL_GAP_MS`].
pub fn ttl_requests() -> Vec<(u64, u32)> {
    zipf_keys(TTL_REQUESTS, TTL_KEYS, 1.0, 0x7713)
        .into_iter()
        .enumerate()
        .map(|(i, k)| (i as u64 * TTL_GAP_MS, k))
        .collect()
}

/// The value the source returns for `key` at version `version` (the costly call).
fn fetch(key: u32, version: u64) -> u64 {
    costly(key ^ (version as u32).rotate_left(8))
}

// region: fetch
/// Every request fetched from the source: always current.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn fetch_every_time(requests: &[(u64, u32)], source: Source) -> u64 {
    requests.iter().fold(0u64, |acc, &(now, key)| {
        acc.wrapping_add(fetch(key, source.version(key, now)))
    })
}
// endregion

/// The `ttl-cache` variants. Their answers differ on purpose (a TTL cache can be out of
/// date), so each is its own group and the runtime compares neither with the other.
pub static VARIANTS: [Variant; 2] = [
    Variant::new("fetch", "fetch from the source every time", "fetch"),
    Variant::new("ttl", "a TTL cache (n s)", "ttl"),
];

/// The suite behind `ttl-cache`: n is the time-to-live in seconds.
pub struct TtlSuite;
/// The one instance.
pub static SUITE: TtlSuite = TtlSuite;

fn source_of_params(params: &Params) -> Source {
    let s = param(params, "update", DEFAULT_UPDATE_S).clamp(1.0, 3600.0);
    Source {
        update_ms: (s * 1000.0) as u64,
    }
}

struct TtlInput {
    requests: Vec<(u64, u32)>,
    source: Source,
    ttl_ms: u64,
}

impl Prepared for TtlInput {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let (source, ttl) = (self.source, self.ttl_ms);
        match index {
            0 => Box::new(move || fetch_every_time(black_box(&self.requests), source)),
            _ => Box::new(move || {
                simulate_ttl(black_box(&self.requests), source, black_box(ttl), false).0
            }),
        }
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.requests.len() as u64
    }
}

impl Suite for TtlSuite {
    fn predicts_growth(&self) -> bool {
        false
    }
    crate::kernels::suite_facts!("ttl-cache", VARIANTS);
    fn bytes_needed(&self, _n: u64, _params: &Params) -> u64 {
        (TTL_REQUESTS * 16 + TTL_KEYS * 64) as u64
    }
    fn prepare<'c>(&self, Setup { n, params, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        Box::new(TtlInput {
            requests: ttl_requests(),
            source: source_of_params(params),
            ttl_ms: n.saturating_mul(1000),
        })
    }
    fn details(
        &self,
        n: u64,
        params: &Params,
        _clock: &dyn Clock,
    ) -> Option<crate::protocol::Details> {
        let requests = ttl_requests();
        let source = source_of_params(params);
        let ttls = capacities_up_to(n.max(1));
        let last = ttls.len().saturating_sub(1);
        let runs = ttls
            .into_iter()
            .enumerate()
            .map(|(i, s)| simulate_ttl(&requests, source, s * 1000, i == last).1)
            .collect();
        Some(crate::protocol::Details::Ttl(TtlReport {
            update_ms: source.update_ms,
            runs,
        }))
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "ttl-cache",
        title: "A cache whose entries expire: time-to-live",
        sliders: &[
            log_slider("n", "Longest time-to-live (simulated s)", 1.0, 200.0, 100.0),
            log_slider(
                "update",
                "The source changes every (simulated s)",
                1.0,
                200.0,
                DEFAULT_UPDATE_S,
            ),
        ],
        op_label: "request",
        sweep_from: 1.0,
        n_label: "TTL (s)",
        x_label: "time-to-live (simulated seconds)",
        show_fit: false,
        // The browser tests' quick sweep: TTL 1 .. 10 s.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/caching/ttl_cache.rs",
        measures_memory: false,
    }),
    python: None,
};

/// Hits and stale answers at the longest and the shortest time-to-live.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (n, cached) = largest(r, "ttl")?;
    let fetch = at(r, "fetch", n)?;
    let Some(Details::Ttl(t)) = &r.details else {
        return None;
    };
    let long = t.runs.iter().find(|run| run.ttl_ms == n * 1000)?;
    let short = t.runs.first()?;
    let mut s = format!(
        "With a time-to-live of {n} s while the source changes every {} s, {}% of requests were answered from the cache, and {}% of all answers were out of date. A request took {} with the cache and {} fetching every time.",
        t.update_ms / 1000,
        fixed(long.hit_rate() * 100.0, 0),
        fixed(long.stale_rate() * 100.0, 1),
        duration_ns(cached),
        duration_ns(fetch),
    );
    if short.ttl_ms < long.ttl_ms {
        s += &format!(
            " With {} s: {}% from the cache, {}% out of date.",
            short.ttl_ms / 1000,
            fixed(short.hit_rate() * 100.0, 0),
            fixed(short.stale_rate() * 100.0, 1)
        );
    }
    Some(s)
}

/// The details under the chart: hits, misses and out-of-date answers per TTL, with the
/// timeline of the most requested keys above the table.
pub fn details_view(t: &crate::details::TtlReport) -> crate::html::Block {
    use crate::format::{count, fixed};
    let mut table = crate::html::Markup::new();
    let caption = format!(
        "The same {} requests (one every {} ms of simulated time) at each time-to-live; the source's value of each key changes every {} s.",
        count(TTL_REQUESTS as u64),
        TTL_GAP_MS,
        t.update_ms / 1000
    );
    table.table(
        &[],
        &caption,
        &[
            "TTL",
            "Fetched",
            "From cache, current",
            "From cache, out of date",
        ],
        |m| {
            for r in &t.runs {
                m.row(
                    &[
                        ("data-ttl", &(r.ttl_ms / 1000).to_string()),
                        ("data-hits", &r.hits.to_string()),
                        ("data-misses", &r.misses.to_string()),
                        ("data-stale", &r.stale.to_string()),
                    ],
                    &format!("{} s", r.ttl_ms / 1000),
                    &[
                        &count(r.misses),
                        &count(r.hits),
                        &format!("{} ({}%)", count(r.stale), fixed(r.stale_rate() * 100.0, 1)),
                    ],
                );
            }
        },
    );
    crate::html::Block::charted(
        "ttl",
        "Hits, misses and out-of-date answers",
        "Timeline of requests for the five most requested keys at the longest time-to-live: fetched, answered from the cache, or answered out of date. The counts are in the table below.",
        table,
    )
}

/// The chart of the details: the timeline of the largest TTL in a report, one marker per
/// request of the most requested keys.
pub fn timeline_figure(t: &crate::details::TtlReport) -> Option<crate::figure::TtlChart> {
    let run = t.runs.last()?;
    let x_max_s = run
        .timeline
        .last()
        .map_or(1.0, |e| e.at_ms as f64 / 1000.0)
        .max(1.0);
    Some(crate::figure::TtlChart {
        title: format!(
            "TTL {} s, source changes every {} s: the {} most requested keys",
            run.ttl_ms / 1000,
            t.update_ms / 1000,
            TIMELINE_KEYS
        ),
        events: run
            .timeline
            .iter()
            .map(|e| (e.at_ms as f64 / 1000.0, e.key, e.lookup))
            .collect(),
        keys: TIMELINE_KEYS,
        x_max_s,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_entries_expire_exactly_at_the_boundary() {
        let mut c = TtlCache::new(1000);
        c.put(7, 'a', 5000);
        assert_eq!(c.get(7, 5000), Some('a'));
        assert_eq!(
            c.get(7, 5999),
            Some('a'),
            "one ms before expiry: still there"
        );
        assert_eq!(c.get(7, 6000), None, "at expiry: gone");
        assert_eq!(c.get(8, 5000), None);
        c.put(7, 'b', 6000);
        assert_eq!(c.get(7, 6999), Some('b'));
    }
    #[test]
    fn longer_ttls_hit_more_and_serve_more_stale_answers() {
        let requests = ttl_requests();
        let source = Source { update_ms: 30_000 };
        let (_, short) = simulate_ttl(&requests, source, 1_000, false);
        let (_, long) = simulate_ttl(&requests, source, 120_000, false);
        assert!(long.hit_rate() > short.hit_rate());
        assert!(long.stale > short.stale);
        assert_eq!(short.requests(), TTL_REQUESTS as u64);
        // A TTL shorter than a request gap never hits.
        let (_, none) = simulate_ttl(&requests, source, 1, false);
        assert_eq!(none.misses, TTL_REQUESTS as u64);
        // With no hits the answers are those of fetching every time.
        assert_eq!(
            simulate_ttl(&requests, source, 1, false).0,
            fetch_every_time(&requests, source)
        );
    }
    #[test]
    fn a_ttl_within_the_update_interval_can_still_be_stale() {
        // The source changes at staggered moments, so an entry stored just before a
        // change is stale right after it, whatever the TTL.
        let source = Source { update_ms: 10_000 };
        let (_, run) = simulate_ttl(&ttl_requests(), source, 5_000, true);
        assert!(run.stale > 0);
        assert!(run.timeline.iter().all(|e| e.key < TIMELINE_KEYS));
        assert!(run.timeline.windows(2).all(|w| w[0].at_ms <= w[1].at_ms));
    }
}
