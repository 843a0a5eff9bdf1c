//! Lesson 8, caches in front of a costly function: an LRU cache of a chosen capacity with
//! Zipf-distributed keys (`lru-hit-rate`), and a cache whose entries expire after a
//! time-to-live on a simulated clock (`ttl-cache`).
//!
//! The LRU cache is written here rather than taken from the `lru` crate: it is about
//! sixty lines, the widget shows its source to the reader, and its tests below pin down
//! the behaviour the lesson describes (eviction order, recency refreshed by a hit). In a
//! production program the `lru` crate does the same job and is well kept.

use super::rng::SplitMix64;
use super::{mix64, param, Params, Prepared, Suite, Variant};
pub use crate::details::{HitRate, Lookup, TtlEvent, TtlReport, TtlRun};
use crate::harness::{Clock, Kernel};
use std::collections::HashMap;
use std::hint::black_box;

/// Mixing steps of one call of the costly function.
pub const COST_STEPS: u32 = 200;

/// The function every cache sits in front of: a chain of mixing steps, standing in for
/// a query, a parse or a computation that takes a while and always gives the same
/// answer for the same key.
pub fn costly(key: u32) -> u64 {
    let mut x = u64::from(key) ^ 0x9e37_79b9;
    for _ in 0..COST_STEPS {
        x = mix64(x);
    }
    x
}

/// Samples ranks 0..k with P(rank r) proportional to 1 / (r + 1)^s: a few keys are
/// asked for very often, most rarely (s = 0 is uniform).
#[derive(Clone, Debug)]
pub struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    /// The distribution over `k` keys (at least one) with skew `s` (≥ 0).
    pub fn new(k: usize, s: f64) -> Self {
        let mut total = 0.0;
        let mut cdf: Vec<f64> = (0..k.max(1))
            .map(|r| {
                total += 1.0 / ((r + 1) as f64).powf(s.max(0.0));
                total
            })
            .collect();
        for c in &mut cdf {
            *c /= total;
        }
        Self { cdf }
    }

    /// One rank, by inverting the cumulative distribution with a binary search.
    pub fn sample(&self, rng: &mut SplitMix64) -> u32 {
        let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        self.cdf
            .partition_point(|&c| c <= u)
            .min(self.cdf.len() - 1) as u32
    }

    /// The probability of rank `r`.
    pub fn probability(&self, r: usize) -> f64 {
        let below = if r == 0 { 0.0 } else { self.cdf[r - 1] };
        self.cdf.get(r).map_or(0.0, |c| c - below)
    }
}

/// `count` keys drawn from a Zipf distribution over `keys` keys with skew `s`.
pub fn zipf_keys(count: usize, keys: usize, s: f64, seed: u64) -> Vec<u32> {
    let zipf = Zipf::new(keys, s);
    let mut rng = SplitMix64::new(seed);
    (0..count).map(|_| zipf.sample(&mut rng)).collect()
}

// region: lru
const NIL: usize = usize::MAX;

struct Node<V> {
    key: u32,
    value: V,
    prev: usize,
    next: usize,
}

/// A least-recently-used cache: a hash map from key to a slot in a doubly linked list
/// kept in recency order. A hit moves its entry to the front; inserting into a full
/// cache evicts the entry at the back, the one unused for longest. Both are O(1).
pub struct Lru<V> {
    map: HashMap<u32, usize>,
    nodes: Vec<Node<V>>,
    head: usize, // most recently used
    tail: usize, // least recently used
    capacity: usize,
}

impl<V: Copy> Lru<V> {
    pub fn new(capacity: usize) -> Self {
        Self {
            map: HashMap::with_capacity(capacity),
            nodes: Vec::with_capacity(capacity),
            head: NIL,
            tail: NIL,
            capacity: capacity.max(1),
        }
    }

    pub fn get(&mut self, key: u32) -> Option<V> {
        let slot = *self.map.get(&key)?;
        self.unlink(slot);
        self.push_front(slot);
        Some(self.nodes[slot].value)
    }

    pub fn put(&mut self, key: u32, value: V) {
        if let Some(&slot) = self.map.get(&key) {
            self.nodes[slot].value = value;
            self.unlink(slot);
            self.push_front(slot);
            return;
        }
        let slot = if self.nodes.len() < self.capacity {
            self.nodes.push(Node {
                key,
                value,
                prev: NIL,
                next: NIL,
            });
            self.nodes.len() - 1
        } else {
            // Full: reuse the least recently used entry's slot.
            let old = self.tail;
            self.unlink(old);
            self.map.remove(&self.nodes[old].key);
            self.nodes[old].key = key;
            self.nodes[old].value = value;
            old
        };
        self.map.insert(key, slot);
        self.push_front(slot);
    }

    fn unlink(&mut self, slot: usize) {
        let (prev, next) = (self.nodes[slot].prev, self.nodes[slot].next);
        if prev == NIL {
            self.head = next
        } else {
            self.nodes[prev].next = next
        }
        if next == NIL {
            self.tail = prev
        } else {
            self.nodes[next].prev = prev
        }
    }

    fn push_front(&mut self, slot: usize) {
        self.nodes[slot].prev = NIL;
        self.nodes[slot].next = self.head;
        if self.head != NIL {
            self.nodes[self.head].prev = slot;
        }
        self.head = slot;
        if self.tail == NIL {
            self.tail = slot;
        }
    }
}

/// Every request asks the cache first and calls the function only on a miss. The cache
/// starts empty on every call, so its first requests are misses.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn answer_with_lru(requests: &[u32], capacity: usize) -> (u64, u64) {
    let mut cache = Lru::new(capacity);
    let (mut acc, mut hits) = (0u64, 0u64);
    for &k in requests {
        let v = match cache.get(k) {
            Some(v) => {
                hits += 1;
                v
            }
            None => {
                let v = costly(k);
                cache.put(k, v);
                v
            }
        };
        acc = acc.wrapping_add(v);
    }
    (acc, hits)
}
// endregion

impl<V> Lru<V> {
    /// Keys from most to least recently used (for tests and the lesson's examples).
    pub fn keys_by_recency(&self) -> Vec<u32> {
        let mut out = Vec::new();
        let mut at = self.head;
        while at != NIL {
            out.push(self.nodes[at].key);
            at = self.nodes[at].next;
        }
        out
    }
    /// Entries held.
    pub fn len(&self) -> usize {
        self.map.len()
    }
    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The `lru-hit-rate` variants.
pub static LRU_VARIANTS: [Variant; 2] = [
    Variant::new(
        "no-cache",
        "no cache: call the function every time",
        "answers",
    ),
    Variant::new("lru", "an LRU cache of capacity n", "answers"),
];

// region: no-cache
/// Every request calls the costly function.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn answer_uncached(requests: &[u32]) -> u64 {
    requests
        .iter()
        .fold(0u64, |acc, &k| acc.wrapping_add(costly(k)))
}
// endregion

/// Requests per call of `lru-hit-rate`.
pub const LRU_REQUESTS: usize = 10_000;
/// Distinct keys requests are drawn from.
pub const LRU_KEYS: usize = 10_000;
/// Default skew (the `skew` slider).
pub const DEFAULT_SKEW: f64 = 1.0;

/// The suite behind `lru-hit-rate`: n is the cache's capacity.
pub struct LruSuite;
/// The one instance.
pub static LRU: LruSuite = LruSuite;

impl HitRate {
    /// hits / requests.
    pub fn rate(&self) -> f64 {
        self.hits as f64 / self.requests.max(1) as f64
    }
}

/// Capacities 1, 2, 5, 10, … up to `n`, and `n` itself.
pub fn capacities_up_to(n: u64) -> Vec<u64> {
    let mut out = Vec::new();
    let mut decade = 1u64;
    while decade <= n {
        for m in [1, 2, 5] {
            let c = m * decade;
            if c <= n {
                out.push(c);
            }
        }
        decade = decade.saturating_mul(10);
    }
    if out.last() != Some(&n) && n > 0 {
        out.push(n);
    }
    out
}

fn skew_of(params: &Params) -> f64 {
    param(params, "skew", DEFAULT_SKEW).clamp(0.0, 3.0)
}

fn lru_requests(params: &Params) -> Vec<u32> {
    zipf_keys(LRU_REQUESTS, LRU_KEYS, skew_of(params), 0x10ad)
}

struct LruInput {
    requests: Vec<u32>,
    capacity: usize,
}

impl Prepared for LruInput {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let capacity = self.capacity;
        match index {
            0 => Box::new(move || answer_uncached(black_box(&self.requests))),
            _ => {
                Box::new(move || answer_with_lru(black_box(&self.requests), black_box(capacity)).0)
            }
        }
    }
    fn ops_per_call(&self, _index: usize) -> u64 {
        self.requests.len() as u64
    }
}

impl Suite for LruSuite {
    fn predicts_growth(&self) -> bool {
        false
    }
    // A cache must never change an answer: every capacity returns the same sum.
    fn checksum_independent_of_n(&self) -> bool {
        true
    }
    fn id(&self) -> &'static str {
        "lru-hit-rate"
    }
    fn variants(&self) -> &'static [Variant] {
        &LRU_VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // Requests, plus per entry a node and a map slot.
        (LRU_REQUESTS as u64 * 4).saturating_add(n.saturating_mul(64))
    }
    fn prepare<'c>(
        &self,
        n: u64,
        params: &Params,
        _threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        Box::new(LruInput {
            requests: lru_requests(params),
            capacity: n.max(1) as usize,
        })
    }
    fn details(
        &self,
        n: u64,
        params: &Params,
        _clock: &dyn Clock,
    ) -> Option<crate::protocol::Details> {
        let requests = lru_requests(params);
        let rates = capacities_up_to(n.max(1))
            .into_iter()
            .map(|capacity| HitRate {
                capacity,
                hits: answer_with_lru(&requests, capacity as usize).1,
                requests: requests.len() as u64,
            })
            .collect();
        Some(crate::protocol::Details::HitRates(rates))
    }
}

// ---------------------------------------------------------------------------------------
// TTL cache on a simulated clock.

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
pub static TTL_VARIANTS: [Variant; 2] = [
    Variant::new("fetch", "fetch from the source every time", "fetch"),
    Variant::new("ttl", "a TTL cache (n s)", "ttl"),
];

/// The suite behind `ttl-cache`: n is the time-to-live in seconds.
pub struct TtlSuite;
/// The one instance.
pub static TTL: TtlSuite = TtlSuite;

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
    fn id(&self) -> &'static str {
        "ttl-cache"
    }
    fn variants(&self) -> &'static [Variant] {
        &TTL_VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, _n: u64, _params: &Params) -> u64 {
        (TTL_REQUESTS * 16 + TTL_KEYS * 64) as u64
    }
    fn prepare<'c>(
        &self,
        n: u64,
        params: &Params,
        _threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lru_evicts_the_least_recently_used() {
        let mut c = Lru::new(2);
        c.put(1, 10);
        c.put(2, 20);
        assert_eq!(c.get(1), Some(10)); // 1 is now the most recent
        c.put(3, 30); // evicts 2, the least recently used
        assert_eq!(c.get(2), None);
        assert_eq!(c.get(1), Some(10));
        assert_eq!(c.get(3), Some(30));
        assert_eq!(c.keys_by_recency(), vec![3, 1]);
        assert_eq!(c.len(), 2);
    }

    #[test]
    fn lru_put_of_a_present_key_updates_and_refreshes() {
        let mut c = Lru::new(2);
        c.put(1, 10);
        c.put(2, 20);
        c.put(1, 11); // refresh 1
        c.put(3, 30); // evicts 2
        assert_eq!(c.get(1), Some(11));
        assert_eq!(c.get(2), None);
        let mut one = Lru::new(1);
        one.put(5, 1);
        one.put(6, 2);
        assert_eq!((one.get(5), one.get(6)), (None, Some(2)));
        assert!(!one.is_empty());
    }

    #[test]
    fn lru_matches_a_simple_model_on_random_requests() {
        // Model: a vector in recency order.
        let keys = zipf_keys(5000, 50, 0.8, 3);
        let mut cache = Lru::new(8);
        let mut model: Vec<u32> = Vec::new();
        for k in keys {
            let hit = cache.get(k).is_some();
            let pos = model.iter().position(|&m| m == k);
            assert_eq!(hit, pos.is_some());
            if let Some(p) = pos {
                model.remove(p);
            } else {
                cache.put(k, k);
                if model.len() == 8 {
                    model.pop();
                }
            }
            model.insert(0, k);
            assert_eq!(cache.keys_by_recency(), model);
        }
    }

    #[test]
    fn cached_answers_equal_uncached_ones() {
        let requests = zipf_keys(3000, 500, 1.0, 1);
        for cap in [1, 10, 100, 1000] {
            assert_eq!(
                answer_with_lru(&requests, cap).0,
                answer_uncached(&requests)
            );
        }
        let hits = |cap| answer_with_lru(&requests, cap).1;
        assert!(
            hits(1) < hits(10) && hits(10) < hits(100),
            "more room, more hits"
        );
        // Capacity above the distinct keys: only first sightings miss.
        let mut distinct = requests.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(hits(1000), (requests.len() - distinct.len()) as u64);
    }

    #[test]
    fn zipf_probabilities_follow_the_power_law() {
        let z = Zipf::new(100, 1.0);
        assert!((z.probability(0) / z.probability(1) - 2.0).abs() < 1e-9);
        let total: f64 = (0..100).map(|r| z.probability(r)).sum();
        assert!((total - 1.0).abs() < 1e-9);
        // Sampled frequencies match within a few standard errors.
        let n = 200_000;
        let mut counts = vec![0u32; 100];
        for k in zipf_keys(n, 100, 1.0, 7) {
            counts[k as usize] += 1;
        }
        for r in [0, 1, 9, 99] {
            let p = z.probability(r);
            let expected = p * n as f64;
            let sd = (n as f64 * p * (1.0 - p)).sqrt();
            assert!(
                (f64::from(counts[r]) - expected).abs() < 5.0 * sd,
                "rank {r}: {} vs {expected:.0}",
                counts[r]
            );
        }
        let uniform = Zipf::new(4, 0.0);
        assert!((0..4).all(|r| (uniform.probability(r) - 0.25).abs() < 1e-12));
    }

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

    #[test]
    fn capacities_follow_1_2_5() {
        assert_eq!(capacities_up_to(1), vec![1]);
        assert_eq!(capacities_up_to(30), vec![1, 2, 5, 10, 20, 30]);
        assert_eq!(capacities_up_to(100), vec![1, 2, 5, 10, 20, 50, 100]);
    }
}
