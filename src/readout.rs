//! The sentence under each widget, computed from the live report (pure).
//!
//! Lesson prose never states a measured figure as a literal: it says what to look for,
//! and these sentences state what this run found. Each takes the report and the slider
//! values and returns plain text.

use crate::format::{count, duration_ns, ratio};
use crate::kernels::{self, Params};
use crate::protocol::{Point, Report};
use crate::stats::amdahl_speedup;

/// The readout sentence for a finished report.
pub fn sentence(report: &Report, values: &Params) -> String {
    let text = match report.widget.as_str() {
        "sum-loop-vs-formula" => sum(report),
        "timer-resolution" => timer(report),
        "queue-ops" => queue(report),
        "search" => search(report),
        "counting" => counting(report, values),
        "parallel-cpu" => parallel(report, values),
        "elementwise-add" => elementwise(report),
        "square-plus-sin" => square_sin(report),
        "temporaries-vs-in-place" => temporaries(report),
        "describe-stats" => describe(report),
        "profile-pipeline" => pipeline(report),
        "chunk-size" => chunk_size(report),
        "memory-profile" => memory_profile(report),
        _ => None,
    };
    text.unwrap_or_else(|| "Not enough measured points to compare; try a larger size.".into())
}

/// The variant's label from its suite.
pub fn label(widget: &str, variant: &str) -> String {
    kernels::info(widget)
        .and_then(|s| s.variants.iter().find(|v| v.id == variant))
        .map_or_else(|| variant.to_owned(), |v| v.label.to_owned())
}

/// The measured point of `variant` at the largest n where it was measured.
fn largest(report: &Report, variant: &str) -> Option<(u64, f64)> {
    report
        .points
        .iter()
        .filter(|p| p.variant == variant)
        .filter_map(|p| Some((p.n, p.median_per_op_ns()?)))
        .max_by_key(|(n, _)| *n)
}

/// Per-op median of `variant` at exactly `n`.
fn at(report: &Report, variant: &str, n: u64) -> Option<f64> {
    report
        .points
        .iter()
        .find(|p| p.variant == variant && p.n == n)
        .and_then(Point::median_per_op_ns)
}

fn exponent(report: &Report, variant: &str) -> Option<f64> {
    report
        .fits
        .iter()
        .find(|f| f.variant == variant)
        .map(|f| f.fit.exponent)
}

fn grows(report: &Report, variant: &str) -> String {
    exponent(report, variant).map_or_else(String::new, |e| format!("n^{e:.2}"))
}

fn sum(r: &Report) -> Option<String> {
    let (n, loop_ns) = largest(r, "loop")?;
    let formula_ns = at(r, "formula", n)?;
    let iter_ns = at(r, "iter-sum", n)?;
    let mut s = format!(
        "At n = {}, the loop took {} and the formula {}: {} faster. The loop's time grows like {}.",
        count(n),
        duration_ns(loop_ns),
        duration_ns(formula_ns),
        ratio(loop_ns / formula_ns),
        grows(r, "loop")
    );
    if let Some(e) = exponent(r, "iter-sum") {
        if e < 0.3 {
            s += &format!(
                " (0..n).sum() took {} and grows like n^{e:.2}: the compiler replaced that loop with a formula.",
                duration_ns(iter_ns)
            );
        } else {
            s += &format!(
                " (0..n).sum() took {} and grows like n^{e:.2}: here the compiler kept it as a loop.",
                duration_ns(iter_ns)
            );
        }
    }
    Some(s)
}

fn timer(r: &Report) -> Option<String> {
    let res = r.timer_resolution_ns;
    let single: Vec<&Point> = r.points.iter().filter(|p| p.variant == "single").collect();
    let smallest = single
        .iter()
        .filter(|p| p.measurement().is_some())
        .min_by_key(|p| p.n)?;
    let m = smallest.measurement()?;
    let batched = at(r, "batched", smallest.n)?;
    let mut s = format!(
        "This worker's clock ticks every {}. Timed one call at a time, n = {} read between {} and {} (median {}), while the calibrated batch measured {} per call.",
        duration_ns(res),
        count(smallest.n),
        duration_ns(m.summary.min_ns),
        duration_ns(m.summary.max_ns),
        duration_ns(m.summary.median_ns),
        duration_ns(batched)
    );
    // Where do single readings start to agree with the batch (within 25%)?
    let agree = single.iter().filter_map(|p| {
        let one = p.median_per_op_ns()?;
        let many = at(r, "batched", p.n)?;
        ((one - many).abs() <= 0.25 * many).then_some((p.n, many))
    });
    match agree.min_by_key(|(n, _)| *n) {
        Some((n, many)) => {
            s += &format!(
                " Single readings first agree with the batch at n = {}, where one call lasts {}: about {:.0} ticks.",
                count(n),
                duration_ns(many),
                many / res
            )
        }
        None => s += " No single reading in this sweep came close to the batched figure: every call was too short for this clock.",
    }
    Some(s)
}

fn queue(r: &Report) -> Option<String> {
    let (n, deque_ns) = largest(r, "vecdeque-pop-front")?;
    let (vn, vec_ns) = largest(r, "vec-remove-front")?;
    let head = if vn == n {
        format!(
            "At n = {}, draining with VecDeque::pop_front took {}, Vec::remove(0) {}: VecDeque was {} faster.",
            count(n),
            duration_ns(deque_ns),
            duration_ns(vec_ns),
            ratio(vec_ns / deque_ns)
        )
    } else {
        let deque_at_vn = at(r, "vecdeque-pop-front", vn)?;
        format!(
            "Vec::remove(0) was skipped beyond n = {} (too slow for its budget). There, VecDeque was {} faster; at n = {} VecDeque took {}.",
            count(vn),
            ratio(vec_ns / deque_at_vn),
            count(n),
            duration_ns(deque_ns)
        )
    };
    Some(format!(
        "{head} Time grows like {} for Vec::remove(0) and {} for VecDeque.",
        grows(r, "vec-remove-front"),
        grows(r, "vecdeque-pop-front")
    ))
}

fn search(r: &Report) -> Option<String> {
    let (n, hash) = largest(r, "hash")?;
    let linear = at(r, "linear", n);
    let binary = at(r, "binary", n)?;
    let mut s = format!("At n = {}, one lookup took ", count(n));
    if let Some(l) = linear {
        s += &format!("{} by linear scan, ", duration_ns(l));
    }
    s += &format!(
        "{} by binary search and {} in a HashSet.",
        duration_ns(binary),
        duration_ns(hash)
    );
    if let (Some(l), Some(sort)) = (linear, at(r, "sort", n)) {
        if l > binary {
            let lookups = (sort / (l - binary)).ceil();
            s += &format!(
                " Sorting first cost {}, repaid after about {} lookups;",
                duration_ns(sort),
                count(lookups as u64)
            );
        }
        if let Some(build) = at(r, "build-set", n) {
            if l > hash {
                s += &format!(
                    " building the set cost {}, repaid after about {}.",
                    duration_ns(build),
                    count((build / (l - hash)).ceil() as u64)
                );
            }
        }
    }
    Some(s)
}

fn counting(r: &Report, values: &Params) -> Option<String> {
    let ids = ["hashmap-std", "hashmap-fx", "array", "sort-runs"];
    let n = ids
        .iter()
        .filter_map(|id| largest(r, id))
        .map(|(n, _)| n)
        .min()?;
    let times: Vec<(&str, f64)> = ids
        .iter()
        .filter_map(|id| Some((*id, at(r, id, n)?)))
        .collect();
    let (best_id, best) = times.iter().copied().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let others: Vec<String> = times
        .iter()
        .filter(|(id, _)| *id != best_id)
        .map(|(id, t)| {
            format!(
                "{} {} ({} slower)",
                label(&r.widget, id),
                duration_ns(*t),
                ratio(t / best)
            )
        })
        .collect();
    let k = values
        .get("k")
        .copied()
        .unwrap_or(kernels::counting::DEFAULT_KEYS);
    Some(format!(
        "At n = {} values over k = {} keys, the fastest was {} at {} per value; {}.",
        count(n),
        count(k as u64),
        label(&r.widget, best_id),
        duration_ns(best),
        others.join(", ")
    ))
}

fn parallel(r: &Report, values: &Params) -> Option<String> {
    let serial_share = values
        .get("serial")
        .copied()
        .unwrap_or(kernels::parallel::DEFAULT_SERIAL_PERCENT)
        / 100.0;
    let one = at(r, "parallel", 1)?;
    let (k, tk) = largest(r, "parallel")?;
    if k <= 1 {
        return Some(format!(
            "One thread took {}. With only one thread there is no speedup to measure: see the note above on why threads are off.",
            duration_ns(one)
        ));
    }
    let speedup = one / tk;
    Some(format!(
        "With {k} threads the work took {} against {} on one: {} faster, an efficiency of {:.0}% per thread. Amdahl's law with {:.0}% serial work predicts {}.",
        duration_ns(tk),
        duration_ns(one),
        ratio(speedup),
        100.0 * speedup / k as f64,
        serial_share * 100.0,
        ratio(amdahl_speedup(serial_share, k as f64))
    ))
}

/// GB/s for `ns` per element moving `bytes` per element.
fn gbps(bytes: f64, ns: f64) -> String {
    format!("{:.1} GB/s", bytes / ns)
}

/// "about as fast as" / "1.5× faster than" / "1.5× slower than": how `a` compares to `b`.
fn compare(a_ns: f64, b_ns: f64) -> String {
    let r = b_ns / a_ns;
    if (0.9..=1.0 / 0.9).contains(&r) {
        "about as fast as".into()
    } else if r > 1.0 {
        format!("{} faster than", ratio(r))
    } else {
        format!("{} slower than", ratio(1.0 / r))
    }
}

fn elementwise(r: &Report) -> Option<String> {
    let bytes = crate::kernels::vectorize::ADD_BYTES_PER_ELEMENT;
    let (n, zipped) = largest(r, "zipped")?;
    let scalar = at(r, "scalar", n)?;
    let indexed = at(r, "indexed", n)?;
    let simd = at(r, "simd128", n)?;
    let each = |id: &str, t: f64| {
        format!(
            "{} {} ({})",
            label(&r.widget, id),
            duration_ns(t),
            gbps(bytes, t)
        )
    };
    let indexed_verdict = if indexed <= zipped * 1.1 {
        "so the compiler removed its bounds checks and vectorized it too"
    } else {
        "so its bounds checks kept it from being vectorized"
    };
    Some(format!(
        "At n = {}, per element: {}; {}; {}; {}. The zipped loop ran {} one element at a time. \
         The indexed loop ran {} the zipped one, {indexed_verdict}; the hand-written SIMD ran {} the zipped loop.",
        count(n),
        each("scalar", scalar),
        each("indexed", indexed),
        each("zipped", zipped),
        each("simd128", simd),
        compare(zipped, scalar),
        compare(indexed, zipped),
        compare(simd, zipped),
    ))
}

fn square_sin(r: &Report) -> Option<String> {
    let (n, flat) = largest(r, "flat")?;
    let nested = at(r, "nested", n)?;
    let poly = at(r, "poly", n)?;
    let shape = nested.max(flat) / nested.min(flat);
    let sin_gain = flat / poly;
    // The conclusion is stated only when this run supports it.
    let verdict = if sin_gain > 1.5 && shape < 1.2 {
        " The time goes into sin, not into the loop."
    } else if shape >= 1.2 {
        " Here the loop's shape mattered too."
    } else {
        " Here neither change made much difference."
    };
    Some(format!(
        "At n = {} ({} elements), nested loops took {} per element and one flat pass {}: the loop's shape changed the time by a factor of {}. \
         Replacing the sin call with a polynomial (error below {:.0e}) took {}: {} the flat pass.{verdict}",
        count(n),
        count(n * n),
        duration_ns(nested),
        duration_ns(flat),
        three_sig(shape),
        crate::kernels::vectorize::SIN_POLY_MAX_ERROR,
        duration_ns(poly),
        compare(poly, flat)
    ))
}

fn three_sig(v: f64) -> String {
    crate::format::three_digits(v)
}

fn temporaries(r: &Report) -> Option<String> {
    let (n, _) = largest(r, "fused")?;
    let describe = |id: &str| -> Option<String> {
        let p = r.points.iter().find(|p| p.variant == id && p.n == n)?;
        let t = p.median_per_op_ns()?;
        let mem = p.memory?;
        let memory = match mem.allocations {
            0 => "and no allocation".to_owned(),
            1 => format!(
                "with 1 allocation of {}",
                crate::format::bytes(mem.peak_bytes)
            ),
            k => format!(
                "with {k} allocations, peaking at {}",
                crate::format::bytes(mem.peak_bytes)
            ),
        };
        Some(format!(
            "{} took {} per element {memory}",
            label(&r.widget, id),
            duration_ns(t)
        ))
    };
    Some(format!(
        "At n = {}: {}; {}; {}.",
        count(n),
        describe("temporaries")?,
        describe("fused")?,
        describe("in-place")?
    ))
}

fn chunk_size(r: &Report) -> Option<String> {
    let measured: Vec<(u64, f64)> = r
        .points
        .iter()
        .filter(|p| p.variant == "chunked")
        .filter_map(|p| Some((p.n, p.median_per_op_ns()?)))
        .collect();
    let &(best_n, best) = measured.iter().min_by(|a, b| a.1.total_cmp(&b.1))?;
    let &(small_n, small) = measured.iter().min_by_key(|(n, _)| *n)?;
    let &(big_n, big) = measured.iter().max_by_key(|(n, _)| *n)?;
    if r.threads <= 1 {
        return Some(format!(
            "With one thread there is no pool to schedule on: chunk sizes from {} to {} took between {} and {} per item.",
            count(small_n),
            count(big_n),
            duration_ns(measured.iter().map(|m| m.1).fold(f64::MAX, f64::min)),
            duration_ns(measured.iter().map(|m| m.1).fold(0.0, f64::max))
        ));
    }
    // Say why an end is slow only when it is: with a cheap scheduler the smallest chunks
    // can run as fast as any, and the sentence must not claim otherwise.
    const NOTICEABLE: f64 = 1.15;
    let left = if small_n == best_n {
        format!(
            "even chunks of {} were fastest: here a task costs less than the work it carries",
            count(small_n)
        )
    } else if small > best * NOTICEABLE {
        format!(
            "chunks of {} took {} ({} slower: a task per item costs more than the item)",
            count(small_n),
            duration_ns(small),
            ratio(small / best)
        )
    } else {
        format!(
            "chunks of {} took {}, within {:.0}% of it: this machine schedules tiny tasks cheaply",
            count(small_n),
            duration_ns(small),
            100.0 * (small / best - 1.0)
        )
    };
    let right = if big > best * NOTICEABLE {
        format!(
            "one chunk of {} took {} ({} slower: one task keeps one of the {} threads busy while the others wait)",
            count(big_n),
            duration_ns(big),
            ratio(big / best),
            r.threads
        )
    } else {
        format!(
            "one chunk of {} took {}, about as fast",
            count(big_n),
            duration_ns(big)
        )
    };
    Some(format!(
        "The fastest chunk size was {} items at {} per item; {left}, and {right}.",
        count(best_n),
        duration_ns(best)
    ))
}

fn pipeline(r: &Report) -> Option<String> {
    let (n, plain) = largest(r, "plain")?;
    let profiled = at(r, "profiled", n)?;
    let mut s = format!(
        "At n = {} records, the pipeline took {} per record, or {} under the profiler: instrumentation added {:+.1}%.",
        count(n),
        duration_ns(plain),
        duration_ns(profiled),
        100.0 * (profiled / plain - 1.0)
    );
    if let Some(crate::protocol::Details::Profile(profile)) = &r.details {
        let total = profile.total_ns();
        let mut rows = profile.flat();
        rows.sort_by(|a, b| b.own_ns.total_cmp(&a.own_ns));
        let top: Vec<String> = rows
            .iter()
            .filter(|row| row.name != "pipeline")
            .take(3)
            .map(|row| format!("{} {:.0}%", row.name, 100.0 * row.own_ns / total))
            .collect();
        if total > 0.0 && !top.is_empty() {
            s += &format!(" By own time, the largest stages were {}.", top.join(", "));
        }
    }
    Some(s)
}

fn memory_profile(r: &Report) -> Option<String> {
    let (n, _) = largest(r, "push")?;
    let mem = |id: &str| {
        r.points
            .iter()
            .find(|p| p.variant == id && p.n == n)
            .and_then(|p| p.memory)
    };
    let (push, cap, fused, three) = (
        mem("push")?,
        mem("with-capacity")?,
        mem("fused")?,
        mem("three-vectors")?,
    );
    let b = crate::format::bytes;
    Some(format!(
        "At n = {}: push made {} allocations and requested {} in all to end with {} (peak {}); with_capacity made {} allocation of {}. \
         Three intermediate vectors peaked at {}; the fused pass allocated {}.",
        count(n),
        count(push.allocations),
        b(push.allocated_bytes),
        b(cap.allocated_bytes),
        b(push.peak_bytes),
        count(cap.allocations),
        b(cap.allocated_bytes),
        b(three.peak_bytes),
        if fused.allocations == 0 { "nothing".to_owned() } else { b(fused.peak_bytes) },
    ))
}

fn describe(r: &Report) -> Option<String> {
    let (n, sort) = largest(r, "full-sort")?;
    let select = at(r, "select-nth", n)?;
    let mut s = format!(
        "At n = {}, the summary took {} per value with a full sort and {} with selection: selection ran {} sorting.",
        count(n),
        duration_ns(sort),
        duration_ns(select),
        compare(select, sort)
    );
    if let Some(crate::protocol::Details::Describe { stats, .. }) = &r.details {
        s += &format!(
            " Both found mean {:.2}, standard deviation {:.2}, quartiles {:.2} / {:.2} / {:.2}, and {} outliers beyond {} standard deviations.",
            stats.mean,
            stats.std,
            stats.q1,
            stats.median,
            stats.q3,
            count(stats.outliers),
            crate::kernels::describe::OUTLIER_Z
        );
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::VariantFit;
    use crate::stats::fit_power_law;

    fn point(variant: &str, n: u64, median_ns: f64) -> Point {
        crate::protocol::fixtures::measured(variant, n, 1, median_ns, median_ns, median_ns)
    }

    fn report(widget: &str, points: Vec<Point>) -> Report {
        let mut variants: Vec<String> = points.iter().map(|p| p.variant.clone()).collect();
        variants.dedup();
        let fits = variants
            .iter()
            .filter_map(|v| {
                let pts: Vec<(f64, f64)> = points
                    .iter()
                    .filter(|p| &p.variant == v)
                    .filter_map(|p| Some((p.n as f64, p.median_per_op_ns()?)))
                    .collect();
                Some(VariantFit {
                    variant: v.clone(),
                    fit: fit_power_law(&pts)?,
                })
            })
            .collect();
        Report {
            details: None,
            widget: widget.into(),
            points,
            fits,
            timer_resolution_ns: 5000.0,
            threads: 2,
            elapsed_ms: 1.0,
        }
    }

    #[test]
    fn queue_sentence_reports_ratio_and_exponents() {
        let r = report(
            "queue-ops",
            vec![
                point("vec-remove-front", 1000, 1e5),
                point("vecdeque-pop-front", 1000, 1e3),
                point("vec-remove-front", 10_000, 1e7),
                point("vecdeque-pop-front", 10_000, 1e4),
            ],
        );
        let s = sentence(&r, &Params::new());
        assert!(s.contains("At n = 10,000"), "{s}");
        assert!(s.contains("1,000× faster"), "{s}");
        assert!(s.contains("n^2.00 for Vec::remove(0)"), "{s}");
        assert!(s.contains("n^1.00 for VecDeque"), "{s}");
    }

    #[test]
    fn sum_sentence_notices_a_deleted_loop() {
        let pts = vec![
            point("loop", 1000, 1e3),
            point("iter-sum", 1000, 2.0),
            point("formula", 1000, 1.0),
            point("loop", 1_000_000, 1e6),
            point("iter-sum", 1_000_000, 2.0),
            point("formula", 1_000_000, 1.0),
        ];
        let s = sentence(&report("sum-loop-vs-formula", pts), &Params::new());
        assert!(s.contains("replaced that loop with a formula"), "{s}");
        assert!(s.contains("1,000,000× faster"), "{s}");
    }

    #[test]
    fn sum_sentence_notices_a_kept_loop() {
        let pts = vec![
            point("loop", 1000, 1e3),
            point("iter-sum", 1000, 5e2),
            point("formula", 1000, 1.0),
            point("loop", 1_000_000, 1e6),
            point("iter-sum", 1_000_000, 5e5),
            point("formula", 1_000_000, 1.0),
        ];
        let s = sentence(&report("sum-loop-vs-formula", pts), &Params::new());
        assert!(s.contains("kept it as a loop"), "{s}");
    }

    #[test]
    fn search_sentence_computes_break_even() {
        let pts = vec![
            point("linear", 1000, 1000.0),
            point("binary", 1000, 50.0),
            point("hash", 1000, 20.0),
            point("sort", 1000, 95_000.0),
            point("build-set", 1000, 49_000.0),
        ];
        let s = sentence(&report("search", pts), &Params::new());
        assert!(s.contains("repaid after about 100 lookups"), "{s}");
        assert!(s.contains("repaid after about 50"), "{s}");
    }

    #[test]
    fn parallel_sentence_compares_with_amdahl() {
        let pts = vec![point("parallel", 1, 100.0), point("parallel", 2, 55.0)];
        let mut values = Params::new();
        values.insert("serial".into(), 10.0);
        let s = sentence(&report("parallel-cpu", pts), &values);
        assert!(s.contains("1.82× faster"), "{s}");
        assert!(s.contains("efficiency of 91%"), "{s}");
        assert!(s.contains("predicts 1.82×"), "{s}");
    }

    #[test]
    fn parallel_sentence_on_one_thread_says_so() {
        let s = sentence(
            &report("parallel-cpu", vec![point("parallel", 1, 100.0)]),
            &Params::new(),
        );
        assert!(s.contains("only one thread"), "{s}");
    }

    #[test]
    fn counting_and_timer_sentences() {
        let pts = vec![
            point("hashmap-std", 1000, 10.0),
            point("hashmap-fx", 1000, 3.0),
            point("array", 1000, 1.0),
            point("sort-runs", 1000, 20.0),
        ];
        let s = sentence(&report("counting", pts), &Params::new());
        assert!(s.contains("fastest was Vec indexed by key"), "{s}");
        assert!(s.contains("(10× slower)"), "{s}");
        let pts = vec![
            point("single", 1, 0.0),
            point("batched", 1, 3.0),
            point("single", 10_000, 30_000.0),
            point("batched", 10_000, 29_000.0),
        ];
        let s = sentence(&report("timer-resolution", pts), &Params::new());
        assert!(s.contains("ticks every 5.00 µs"), "{s}");
        assert!(
            s.contains("first agree with the batch at n = 10,000"),
            "{s}"
        );
    }

    #[test]
    fn elementwise_sentence_says_whether_indexing_vectorized() {
        let pts = |indexed: f64| {
            vec![
                point("scalar", 1000, 1.0),
                point("indexed", 1000, indexed),
                point("zipped", 1000, 0.25),
                point("simd128", 1000, 0.25),
            ]
        };
        let s = sentence(&report("elementwise-add", pts(0.26)), &Params::new());
        assert!(
            s.contains("ran 4.00× faster than one element at a time"),
            "{s}"
        );
        assert!(s.contains("removed its bounds checks"), "{s}");
        assert!(s.contains("(48.0 GB/s)"), "{s}");
        let s = sentence(&report("elementwise-add", pts(1.0)), &Params::new());
        assert!(
            s.contains("4.00× slower than the zipped one, so its bounds checks kept it"),
            "{s}"
        );
    }

    #[test]
    fn temporaries_sentence_reports_allocations() {
        let mut pts = vec![
            point("temporaries", 10, 2.0),
            point("fused", 10, 1.0),
            point("in-place", 10, 1.5),
        ];
        for (p, (allocs, peak)) in pts.iter_mut().zip([(2, 160), (1, 80), (0, 0)]) {
            p.memory = Some(crate::alloc::MemoryUse {
                allocations: allocs,
                allocated_bytes: peak,
                peak_bytes: peak,
            });
        }
        let s = sentence(&report("temporaries-vs-in-place", pts), &Params::new());
        assert!(s.contains("2 allocations, peaking at 160 B"), "{s}");
        assert!(s.contains("1 allocation of 80 B"), "{s}");
        assert!(s.contains("and no allocation"), "{s}");
    }

    #[test]
    fn square_sin_sentence_states_its_conclusion_only_when_measured() {
        let run = |nested: f64, flat: f64, poly: f64| {
            let pts = vec![
                point("nested", 100, nested),
                point("flat", 100, flat),
                point("poly", 100, poly),
            ];
            sentence(&report("square-plus-sin", pts), &Params::new())
        };
        let s = run(4.0, 4.1, 1.2);
        assert!(s.contains("3.42× faster than the flat pass"), "{s}");
        assert!(
            s.contains("The time goes into sin, not into the loop."),
            "{s}"
        );
        assert!(run(8.0, 4.0, 1.2).contains("the loop's shape mattered too"));
        let s = run(4.0, 4.0, 3.9);
        assert!(
            s.contains("about as fast as the flat pass") && s.contains("neither change"),
            "{s}"
        );
    }

    #[test]
    fn chunk_size_sentence_follows_the_data() {
        let curve = |left: f64| {
            let pts =
                [(1, left), (100, 1.0), (1_000_000, 2.0)].map(|(n, t)| point("chunked", n, t));
            sentence(&report("chunk-size", pts.to_vec()), &Params::new())
        };
        let s = curve(2.0);
        assert!(s.contains("The fastest chunk size was 100"), "{s}");
        assert!(
            s.contains("a task per item costs more than the item"),
            "{s}"
        );
        assert!(
            s.contains("one chunk of 1,000,000 took 2.00 ns (2.00× slower"),
            "{s}"
        );
        let s = curve(1.05);
        assert!(s.contains("within 5% of it"), "{s}");
        assert!(!s.contains("costs more than the item"), "{s}");
        let s = curve(0.9);
        assert!(s.contains("even chunks of 1 were fastest"), "{s}");
    }

    #[test]
    fn empty_report_gets_a_fallback_sentence() {
        let s = sentence(&report("queue-ops", vec![]), &Params::new());
        assert!(s.contains("Not enough measured points"));
    }
}
