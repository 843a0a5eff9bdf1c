//! Lesson 8, `lru-hit-rate`: an LRU cache of a chosen capacity in front of the costly
//! function, with Zipf-distributed keys.
//!
//! The LRU cache is written here rather than taken from the `lru` crate: it is about
//! sixty lines, the widget shows its source to the reader, and its tests below pin down
//! the behaviour the lesson describes (eviction order, recency refreshed by a hit). In a
//! production program the `lru` crate does the same job and is well kept.

use super::{capacities_up_to, costly, zipf_keys};
use crate::catalog::{linear_slider, log_slider, WidgetSpec, DEFAULTS};
pub use crate::details::HitRate;
use crate::format::{count, duration_ns, fixed};
use crate::harness::{Clock, Kernel};
use crate::kernels::{param, Params, Prepared, Setup, Suite, SuiteInfo, Variant};
use crate::protocol::{Details, Report};
use crate::readout::{at, largest};
use crate::topics::Topic;
use std::collections::HashMap;
use std::hint::black_box;

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
pub static VARIANTS: [Variant; 2] = [
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
pub static SUITE: LruSuite = LruSuite;

impl HitRate {
    /// hits / requests.
    pub fn rate(&self) -> f64 {
        self.hits as f64 / self.requests.max(1) as f64
    }
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
    crate::kernels::suite_facts!("lru-hit-rate", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // Requests, plus per entry a node and a map slot.
        (LRU_REQUESTS as u64 * 4).saturating_add(n.saturating_mul(64))
    }
    fn prepare<'c>(&self, Setup { n, params, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
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

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "lru-hit-rate",
        title: "An LRU cache in front of a costly function",
        sliders: &[
            log_slider("n", "Largest cache capacity n (entries)", 1.0, 1e4, 1e3),
            linear_slider(
                "skew",
                "Skew of the keys (Zipf s)",
                (0.0, 2.0, 0.1),
                DEFAULT_SKEW,
                "",
            ),
        ],
        op_label: "request",
        sweep_from: 1.0,
        n_label: "capacity",
        x_label: "cache capacity (entries)",
        show_fit: false,
        // The browser tests' quick sweep: capacities 1 .. 10, s = 1.
        quick_sweep: &[("n", 3), ("skew", 10)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/caching/lru_hit_rate.rs",
        measures_memory: false,
    }),
    python: None,
};

/// The hit rate at the largest capacity, what it saved, and where half the requests hit.
pub fn sentence(r: &Report, values: &Params) -> Option<String> {
    let (n, cached) = largest(r, "lru")?;
    let uncached = at(r, "no-cache", n)?;
    let Some(Details::HitRates(rates)) = &r.details else {
        return None;
    };
    let rate = rates.iter().find(|h| h.capacity == n)?;
    let skew = param(values, "skew", DEFAULT_SKEW);
    let mut s = format!(
        "With room for {} of {} keys (skew s = {}), {}% of {} requests were hits. A request took {} with the cache and {} without",
        count(n),
        count(LRU_KEYS as u64),
        fixed(skew, 1),
        fixed(rate.rate() * 100.0, 1),
        count(rate.requests),
        duration_ns(cached),
        duration_ns(uncached),
    );
    if cached < uncached {
        s += &format!(
            ": the cache saved {}% of the time (a perfect cache with this hit rate and free lookups would save {}%).",
            fixed((1.0 - cached / uncached) * 100.0, 0),
            fixed(rate.rate() * 100.0, 0)
        );
    } else {
        s += ": the cache cost more than it saved, because looking up and updating it on every request outweighs the few calls it avoided.";
    }
    if let Some(half) = rates.iter().find(|h| h.rate() >= 0.5) {
        s += &format!(
            " Half the requests hit once the cache held {} entries.",
            count(half.capacity)
        );
    }
    Some(s)
}

/// The details under the chart: the hit rate at each capacity, charted above its table.
pub fn details_view(rates: &[crate::details::HitRate]) -> crate::html::Block {
    use crate::format::{count, fixed};
    let mut table = crate::html::Markup::new();
    table.table(
        &[],
        "Each capacity replays the same requests into an empty cache.",
        &["Capacity", "Hits", "Hit rate"],
        |m| {
            for h in rates {
                m.row(
                    &[
                        ("data-capacity", &h.capacity.to_string()),
                        ("data-hit-rate", &fixed(h.rate(), 4)),
                    ],
                    &count(h.capacity),
                    &[
                        &format!("{} of {}", count(h.hits), count(h.requests)),
                        &format!("{}%", fixed(h.rate() * 100.0, 1)),
                    ],
                );
            }
        },
    );
    crate::html::Block::charted(
        "hit-rates",
        "Hit rate by cache capacity",
        "Share of requests answered by the LRU cache against its capacity, on log scales. The figures are in the table below.",
        table,
    )
}

/// The chart of the details: hit rate against capacity.
pub fn hit_rate_figure(rates: &[crate::details::HitRate]) -> Option<crate::figure::Growth> {
    let v = rates
        .iter()
        .map(|h| (h.capacity as f64, h.rate() * 100.0))
        .collect();
    crate::figure::lines_chart(
        vec![("hit rate".into(), 2, v)],
        0.01,
        crate::figure::Unit::Percent,
        "cache capacity (entries)",
        "requests answered by the cache",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::fixtures::measured;

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

    use crate::readout::tests::report_with as report;

    #[test]
    fn lru_readout_says_when_the_cache_does_not_pay() {
        let rates = vec![crate::details::HitRate {
            capacity: 10,
            hits: 100,
            requests: 10_000,
        }];
        let slow = report(
            "lru-hit-rate",
            vec![
                measured("no-cache", 10, 10_000, 2e6, 2e6, 2e6),
                measured("lru", 10, 10_000, 2.2e6, 2.2e6, 2.2e6),
            ],
            Some(Details::HitRates(rates.clone())),
        );
        let s = sentence(&slow, &Params::new()).expect("sentence");
        assert!(s.contains("1.0% of 10,000 requests were hits"), "{s}");
        assert!(s.contains("cost more than it saved"), "{s}");
        let fast = report(
            "lru-hit-rate",
            vec![
                measured("no-cache", 10, 10_000, 2e6, 2e6, 2e6),
                measured("lru", 10, 10_000, 1e6, 1e6, 1e6),
            ],
            Some(Details::HitRates(rates)),
        );
        assert!(sentence(&fast, &Params::new())
            .expect("sentence")
            .contains("saved 50%"));
    }
}
