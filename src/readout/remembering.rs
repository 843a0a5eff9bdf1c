//! Readouts of lesson 7's streaming widget, lesson 8's caches (what to keep, what to
//! throw away, what to remember) and lesson 9's comparison of implementations.

use super::{at, compare, figure, largest, noise_at, reliable};
use crate::format::{bytes, count, duration_ns};
use crate::kernels::{self, Params};
use crate::protocol::{Details, Report};

fn peak_bytes(r: &Report, variant: &str, n: u64) -> Option<u64> {
    r.points
        .iter()
        .find(|p| p.variant == variant && p.n == n)
        .and_then(|p| p.memory)
        .map(|m| m.peak_bytes)
}

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

pub(super) fn stream_vs_collect(r: &Report) -> Option<String> {
    let (n, collect) = largest(r, "collect")?;
    let stream = at(r, "stream", n)?;
    let mut s = format!(
        "For {} readings, summarizing the stream took {} per reading and collecting first {}: streaming ran {} collecting.",
        count(n),
        duration_ns(stream),
        duration_ns(collect),
        compare(stream, collect, noise_at(r, n))
    );
    if let (Some(c), Some(st)) = (peak_bytes(r, "collect", n), peak_bytes(r, "stream", n)) {
        s += &format!(
            " At its peak, collecting held {} and streaming {}.",
            bytes(c),
            bytes(st)
        );
    }
    if let Some(Details::Stability(t)) = &r.details {
        if let Some(row) = t.chosen_row() {
            let offset = crate::format::compact(row.offset);
            let (ne, we) = (row.naive_error(), row.welford_error());
            if ne < 1e-9 {
                s += &format!(
                    " Around {offset}, both variance formulas are accurate (errors {} and {}); raise the offset to watch E[x²] − E[x]² fail.",
                    relative(ne),
                    relative(we)
                );
            } else {
                s += &format!(
                    " Around {offset}, E[x²] − E[x]² gave a variance of {:.6e} against the exact {:.6e}: off by {}{}. Welford's method was off by {}.",
                    row.naive,
                    row.exact,
                    relative(ne),
                    if row.naive < 0.0 {
                        ", and negative, which no variance can be"
                    } else {
                        ""
                    },
                    relative(we)
                );
            }
        }
    }
    Some(s)
}

pub(super) fn memo_fib(r: &Report) -> Option<String> {
    let (n, memo) = largest(r, "memo")?;
    let (iterative, at_floor) = figure(r, "iterative", n)?;
    let naive: Vec<(u64, f64)> = {
        let mut v: Vec<(u64, f64)> = r
            .points
            .iter()
            .filter(|p| p.variant == "naive" && reliable(p))
            .filter_map(|p| Some((p.n, p.median_per_op_ns()?)))
            .collect();
        crate::order::sort_small_by(&mut v, |a, b| a.0 < b.0);
        v
    };
    let mut s = format!(
        "F({n}): the memoized recursion took {} and the loop {}{}.",
        duration_ns(memo),
        duration_ns(iterative),
        if at_floor {
            " (at the harness floor: too quick to time apart from the timing loop, so at most that)"
        } else {
            ""
        }
    );
    let &(top, top_ns) = naive.last()?;
    s += &format!(
        " Naive recursion took {} for F({top}).",
        duration_ns(top_ns)
    );
    // The growth per step of n from the two largest measured sizes; the small ones are
    // too quick to trust.
    if let [.., (n0, t0), (n1, t1)] = naive.as_slice() {
        if *t0 > 0.0 && n1 > n0 && *n0 >= 10 {
            let per_step = (t1 / t0).powf(1.0 / (n1 - n0) as f64);
            s += &format!(
                " Its time multiplied by about {per_step:.2} with each step of n (theory: the golden ratio, 1.618)"
            );
            if top < n {
                let predicted = top_ns * per_step.powf((n - top) as f64);
                s += &format!(
                    "; at that rate F({n}) would take about {}, so it was skipped.",
                    long_duration(predicted)
                );
            } else {
                s += ".";
            }
        }
    }
    Some(s)
}

/// Durations up to ages: seconds, hours, days, years.
fn long_duration(ns: f64) -> String {
    let s = ns / 1e9;
    if s < 120.0 {
        duration_ns(ns)
    } else if s < 2.0 * 3600.0 {
        format!("{:.0} minutes", s / 60.0)
    } else if s < 2.0 * 86_400.0 {
        format!("{:.0} hours", s / 3600.0)
    } else if s < 2.0 * 31_557_600.0 {
        format!("{:.0} days", s / 86_400.0)
    } else {
        format!(
            "{} years",
            crate::format::compact((s / 31_557_600.0).round())
        )
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
    use crate::kernels::streaming::stability;
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
    fn stream_readout_tells_whether_the_formula_failed() {
        let pts = || {
            vec![
                measured("collect", 1000, 1000, 3000.0, 3000.0, 3000.0),
                measured("stream", 1000, 1000, 1500.0, 1500.0, 1500.0),
            ]
        };
        let far = report(
            "stream-vs-collect",
            pts(),
            Some(Details::Stability(stability(1000, 1e12))),
        );
        let s = stream_vs_collect(&far).expect("sentence");
        assert!(
            s.contains("streaming ran 2.00× faster than collecting"),
            "{s}"
        );
        assert!(s.contains("E[x²] − E[x]² gave a variance"), "{s}");
        let near = report(
            "stream-vs-collect",
            pts(),
            Some(Details::Stability(stability(1000, 1.0))),
        );
        let s = stream_vs_collect(&near).expect("sentence");
        assert!(s.contains("both variance formulas are accurate"), "{s}");
    }

    #[test]
    fn fib_readout_estimates_the_skipped_size() {
        let pts = vec![
            measured("naive", 20, 1, 1e5, 1e5, 1e5),
            measured("naive", 25, 1, 1.1e6, 1.1e6, 1.1e6),
            measured("memo", 40, 1, 2000.0, 2000.0, 2000.0),
            measured("iterative", 40, 1, 20.0, 20.0, 20.0),
        ];
        let s = memo_fib(&report("memo-fib", pts, None)).expect("sentence");
        assert!(s.contains("F(40): the memoized recursion took"), "{s}");
        assert!(s.contains("multiplied by about 1.62"), "{s}");
        assert!(s.contains("F(40) would take about"), "{s}");
        assert_eq!(long_duration(3.0 * 86_400.0 * 1e9), "3 days");
    }

    #[test]
    fn lru_readout_says_when_the_cache_does_not_pay() {
        let rates = vec![crate::kernels::caching::HitRate {
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
