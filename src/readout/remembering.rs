//! Readouts of lesson 8's caches (what to keep, what to throw away, what to remember),
//! and `relative`, the way every page writes a relative error.

use super::{at, largest};
use crate::format::{bytes, count, duration_ns};
use crate::kernels::{self, Params};
use crate::protocol::{Details, Report};

/// A relative error as a reader reads it: a percentage, or a power of ten when tiny.
pub fn relative(e: f64) -> String {
    if e == 0.0 {
        "0 (exact)".into()
    } else if e >= 1e-3 {
        format!("{:.3}%", e * 100.0)
    } else {
        format!("{e:.1e}")
    }
}

pub(super) fn lru(r: &Report, values: &Params) -> Option<String> {
    let (n, cached) = largest(r, "lru")?;
    let uncached = at(r, "no-cache", n)?;
    let Some(Details::HitRates(rates)) = &r.details else {
        return None;
    };
    let rate = rates.iter().find(|h| h.capacity == n)?;
    let skew = kernels::param(values, "skew", kernels::caching::DEFAULT_SKEW);
    let mut s = format!(
        "With room for {} of {} keys (skew s = {skew:.1}), {:.1}% of {} requests were hits. A request took {} with the cache and {} without",
        count(n),
        count(kernels::caching::LRU_KEYS as u64),
        rate.rate() * 100.0,
        count(rate.requests),
        duration_ns(cached),
        duration_ns(uncached),
    );
    if cached < uncached {
        s += &format!(
            ": the cache saved {:.0}% of the time (a perfect cache with this hit rate and free lookups would save {:.0}%).",
            (1.0 - cached / uncached) * 100.0,
            rate.rate() * 100.0
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

pub(super) fn ttl(r: &Report) -> Option<String> {
    let (n, cached) = largest(r, "ttl")?;
    let fetch = at(r, "fetch", n)?;
    let Some(Details::Ttl(t)) = &r.details else {
        return None;
    };
    let long = t.runs.iter().find(|run| run.ttl_ms == n * 1000)?;
    let short = t.runs.first()?;
    let mut s = format!(
        "With a time-to-live of {n} s while the source changes every {} s, {:.0}% of requests were answered from the cache, and {:.1}% of all answers were out of date. A request took {} with the cache and {} fetching every time.",
        t.update_ms / 1000,
        long.hit_rate() * 100.0,
        long.stale_rate() * 100.0,
        duration_ns(cached),
        duration_ns(fetch),
    );
    if short.ttl_ms < long.ttl_ms {
        s += &format!(
            " With {} s: {:.0}% from the cache, {:.1}% out of date.",
            short.ttl_ms / 1000,
            short.hit_rate() * 100.0,
            short.stale_rate() * 100.0
        );
    }
    Some(s)
}

pub(super) fn persistent(r: &Report) -> Option<String> {
    let Some(Details::Cache(log)) = &r.details else {
        return None;
    };
    let last = log.last()?;
    let (hits, misses) = crate::persist::tally(log);
    let mut s = format!(
        "Run {}: {} The answer, {} primes below {}, took {}.",
        last.run,
        last.outcome.message(),
        count(last.result.count),
        count(last.n),
        duration_ns(last.ms * 1e6)
    );
    let plural =
        |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    s += &format!(
        " This page: {}, {}.",
        plural(hits, "hit", "hits"),
        plural(misses, "miss", "misses")
    );
    if let Some((entries, size)) = last.stored {
        s += &format!(
            " The store holds {} {} ({}).",
            count(entries),
            if entries == 1 { "entry" } else { "entries" },
            bytes(size)
        );
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::fixtures::measured;

    fn report(
        widget: &str,
        points: Vec<crate::protocol::Point>,
        details: Option<Details>,
    ) -> Report {
        Report {
            widget: widget.into(),
            points,
            fits: Vec::new(),
            timer_resolution_ns: 5000.0,
            threads: 1,
            elapsed_ms: 1.0,
            details,
            floor_ns: 0.0,
        }
    }

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
        let s = lru(&slow, &Params::new()).expect("sentence");
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
        assert!(lru(&fast, &Params::new())
            .expect("sentence")
            .contains("saved 50%"));
    }

    #[test]
    fn persistent_readout_counts_hits() {
        use crate::persist::{Lookup, Outcome};
        let result = crate::kernels::primes::count_primes(100);
        let entry = |run, outcome| Lookup {
            run,
            n: 100,
            key: "k".into(),
            outcome,
            result,
            ms: 2.0,
            stored: Some((1, 150)),
        };
        let log = vec![entry(1, Outcome::Miss), entry(2, Outcome::Hit)];
        let s = persistent(&report(
            "persistent-cache",
            Vec::new(),
            Some(Details::Cache(log)),
        ))
        .expect("sentence");
        assert!(s.starts_with("Run 2: Hit"), "{s}");
        assert!(s.contains("25 primes below 100"), "{s}");
        assert!(s.contains("1 hit, 1 miss"), "{s}");
        assert!(s.contains("1 entry (150 B)"), "{s}");
    }
}
