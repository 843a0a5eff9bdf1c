//! The sentence under each widget, computed from the live report (pure).
//!
//! Lesson prose never states a measured figure as a literal: it says what to look for,
//! and these sentences state what this run found. Each takes the report and the slider
//! values and returns plain text.

use crate::format::{count, duration_ns, ratio};
use crate::kernels::{self, Params};
use crate::protocol::{Point, Report};
use crate::stats::amdahl_speedup;

pub mod remembering;

/// A widget's sentence: from its report and slider values, `None` when the run measured
/// too little to say anything (the reader is then told why, see [`or_fallback`]).
pub type Sentence = fn(&Report, &Params) -> Option<String>;

/// The sentence function of widget `id` (`None` for a widget without one: a test keeps
/// every widget of the catalog covered, so a missing arm fails `cargo test`).
fn sentence_of(id: &str) -> Option<Sentence> {
    Some(match id {
        "parallel-cpu" => parallel,
        "chunk-size" => |r, _| chunk_size(r),
        "copy-vs-share" => |r, _| copy_vs_share(r),
        "io-concurrency" => io_concurrency,
        "blocking-the-ui" => |r, _| blocking(r),
        "lru-hit-rate" => remembering::lru,
        "ttl-cache" => |r, _| remembering::ttl(r),
        "persistent-cache" => |r, _| remembering::persistent(r),
        _ => return None,
    })
}

/// The readout sentence for a finished report of a widget not yet moved to `topics`
/// (the UI asks `topics::sentence`, which sees both).
pub fn sentence(report: &Report, values: &Params) -> String {
    or_fallback(
        sentence_of(&report.widget).and_then(|f| f(report, values)),
        report,
    )
}

/// `text`, or the sentence that says why there is none.
pub fn or_fallback(text: Option<String>, report: &Report) -> String {
    text.unwrap_or_else(|| {
        let doubtful = report
            .points
            .iter()
            .any(|p| p.measurement().is_some_and(|m| !m.is_reliable()));
        if doubtful {
            "Some points were too short to compare: under the clock's tick or at the harness floor (the table marks them). Try a larger size.".into()
        } else {
            "Not enough measured points to compare; try a larger size.".into()
        }
    })
}

/// The smallest relative difference a readout states as a difference: below it, two
/// medians are within the run-to-run noise of a browser on a busy machine.
pub const NOISE_FLOOR: f64 = 0.02;

/// The relative difference between two medians at `n` that is still noise: three times
/// the largest relative spread (MAD over median) of any point measured at `n`, and never
/// below [`NOISE_FLOOR`].
pub(crate) fn noise_at(report: &Report, n: u64) -> f64 {
    report
        .points
        .iter()
        .filter(|p| p.n == n)
        .filter_map(|p| p.measurement())
        .map(|m| 3.0 * m.summary.relative_spread())
        .fold(NOISE_FLOOR, f64::max)
}

/// The label of variant `id` among `variants` (its id when it has none).
pub fn variant_label(variants: &[crate::kernels::Variant], id: &str) -> String {
    variants
        .iter()
        .find(|v| v.id == id)
        .map_or_else(|| id.to_owned(), |v| v.label.to_owned())
}

/// The measured point of `variant` at the largest n where its figure can be compared
/// (not under the clock's tick, not drifting, not at the harness floor).
pub(crate) fn largest(report: &Report, variant: &str) -> Option<(u64, f64)> {
    report
        .points
        .iter()
        .filter(|p| p.variant == variant && reliable(p))
        .filter_map(|p| Some((p.n, p.median_per_op_ns()?)))
        .max_by_key(|(n, _)| *n)
}

/// Per-op median of `variant` at exactly `n`, if it can be compared (see [`largest`]).
pub(crate) fn at(report: &Report, variant: &str, n: u64) -> Option<f64> {
    report
        .points
        .iter()
        .find(|p| p.variant == variant && p.n == n && reliable(p))
        .and_then(Point::median_per_op_ns)
}

/// Per-op median of `variant` at `n` whatever its quality, for the readouts that say
/// what an unreliable figure means (the timer lesson's single readings, the floor).
pub(crate) fn at_any(report: &Report, variant: &str, n: u64) -> Option<f64> {
    report
        .points
        .iter()
        .find(|p| p.variant == variant && p.n == n)
        .and_then(Point::median_per_op_ns)
}

/// True when the point was measured and its figure can be compared.
pub(crate) fn reliable(p: &Point) -> bool {
    p.measurement().is_some_and(|m| m.is_reliable())
}

pub(crate) fn exponent(report: &Report, variant: &str) -> Option<f64> {
    report
        .fits
        .iter()
        .find(|f| f.variant == variant)
        .map(|f| f.fit.exponent)
}

pub(crate) fn grows(report: &Report, variant: &str) -> String {
    exponent(report, variant).map_or_else(String::new, |e| format!("n^{e:.2}"))
}

/// A figure as a readout may state it: exact when the point can be compared, "at most"
/// when it is at the harness floor (the timing loop's own cost is most of it).
pub(crate) fn figure(report: &Report, variant: &str, n: u64) -> Option<(f64, bool)> {
    let p = report
        .points
        .iter()
        .find(|p| p.variant == variant && p.n == n)?;
    let m = p.measurement()?;
    let ns = p.median_per_op_ns()?;
    if m.is_reliable() {
        Some((ns, false))
    } else if m.at_floor && m.quality != crate::harness::Quality::BelowClock {
        Some((ns, true))
    } else {
        None
    }
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
    let mut s = format!(
        "With {k} threads the work took {} against {} on one: {} one thread, an efficiency of {:.0}% per thread. Amdahl's law with {:.0}% serial work predicts {}.",
        duration_ns(tk),
        duration_ns(one),
        compare(tk, one, noise_at(r, k)),
        100.0 * speedup / k as f64,
        serial_share * 100.0,
        ratio(amdahl_speedup(serial_share, k as f64))
    );
    let speedups: Vec<(u64, f64)> = r
        .points
        .iter()
        .filter(|p| p.variant == "parallel")
        .filter_map(|p| Some((p.n, one / at(r, "parallel", p.n)?)))
        .collect();
    if let Some(peak) = plateau(&speedups, serial_share) {
        s.push_str(&format!(
            " The speedup stopped growing at {peak} threads although the law predicts more: threads beyond the cores that can run them at once only take turns. The pool has one thread per logical processor the browser reports, and your machine behaves as if it had about {peak} free cores."
        ));
    }
    Some(s)
}

/// The thread count where measured speedups stop growing while Amdahl's law (with
/// `serial_share`) still predicts at least 25% more by the largest count: the machine's
/// usable cores, when the browser reports more logical processors than run at once.
fn plateau(speedups: &[(u64, f64)], serial_share: f64) -> Option<u64> {
    let &(k_max, s_max) = speedups.iter().max_by_key(|(k, _)| *k)?;
    let best = speedups.iter().map(|&(_, s)| s).fold(0.0, f64::max);
    // The fewest threads reaching 90% of the best speedup.
    let peak = speedups
        .iter()
        .filter(|&&(_, s)| s >= 0.9 * best)
        .map(|&(k, _)| k)
        .min()?;
    let predicted_gain =
        amdahl_speedup(serial_share, k_max as f64) / amdahl_speedup(serial_share, peak as f64);
    let measured_gain = s_max / speedups.iter().find(|(k, _)| *k == peak)?.1;
    (peak > 1 && peak < k_max && predicted_gain >= 1.25 && measured_gain < 1.1).then_some(peak)
}

/// GB/s for `ns` per element moving `bytes` per element.
pub(crate) fn gbps(bytes: f64, ns: f64) -> String {
    format!("{:.1} GB/s", bytes / ns)
}

/// "about as fast as" / "1.5× faster than" / "1.5× slower than": how `a` compares to `b`.
/// Differences under 10%, or under `noise` (relative, see [`noise_at`]), are not stated.
pub(crate) fn compare(a_ns: f64, b_ns: f64, noise: f64) -> String {
    let r = b_ns / a_ns;
    let band = 0.1f64.max(noise);
    if (1.0 / (1.0 + band)..=1.0 + band).contains(&r) {
        "about as fast as".into()
    } else if r > 1.0 {
        format!("{} faster than", ratio(r))
    } else {
        format!("{} slower than", ratio(1.0 / r))
    }
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

fn copy_vs_share(r: &Report) -> Option<String> {
    let (big, copy) = largest(r, "copy")?;
    let small = r.points.iter().map(|p| p.n).min()?;
    let whole = |per_mb: f64| duration_ns(per_mb * big as f64);
    let mut s = format!(
        "Handing over {big} MB took {} by copy ({} per MB)",
        whole(copy),
        duration_ns(copy)
    );
    let transfer = at(r, "transfer", big);
    let share = at(r, "share", big);
    if let Some(t) = transfer {
        s += &format!(", {} by transfer", whole(t));
    }
    match share {
        Some(sh) => s += &format!(" and {} through shared memory", whole(sh)),
        None => s += "; shared memory is unavailable on this page",
    }
    s += ".";
    // What grows with size: compare whole round trips at the smallest and largest size.
    if big >= small * 4 {
        let growth =
            |v: &str| Some(at(r, v, big)? * big as f64 / (at(r, v, small)? * small as f64));
        let size_ratio = big as f64 / small as f64;
        if let Some(g) = growth("copy") {
            if g > size_ratio * 0.5 {
                s += &format!(
                    " From {small} MB to {big} MB a copy took {} as long: it grows with the bytes.",
                    ratio(g)
                );
            } else {
                s += &format!(
                    " From {small} MB to {big} MB a copy took only {} as long: at these sizes the fixed cost of a message still dominates.",
                    ratio(g)
                );
            }
        }
        let copy_growth = growth("copy").unwrap_or(size_ratio);
        let cheap: Vec<String> = [("transfer", "a transfer"), ("share", "sharing")]
            .into_iter()
            .filter_map(|(v, name)| Some((name, growth(v)?)))
            .filter(|(_, g)| *g < copy_growth / 3.0)
            .map(|(name, g)| format!("{name} only {}", ratio(g)))
            .collect();
        if !cheap.is_empty() {
            s += &format!(
                " Over the same range {} as long: only a handle travels, not the bytes (what grows is the receiver reading one byte per page).",
                cheap.join(" and ")
            );
        }
    }
    Some(s)
}

/// The timelines of a simulated-request run, with the latencies asked for.
pub(crate) fn timelines(r: &Report) -> Option<(&[f64], &[crate::details::Timeline])> {
    match &r.details {
        Some(crate::protocol::Details::Timeline {
            latencies_ms,
            timelines,
        }) => Some((latencies_ms, timelines)),
        _ => None,
    }
}

/// "close to X" when `actual` is within 10% (or 5 ms) of `target`, else how far above.
pub(crate) fn closeness(actual_ms: f64, target_ms: f64, what: &str) -> String {
    let over = actual_ms - target_ms;
    if over.abs() <= (0.1 * target_ms).max(5.0) {
        format!("close to {what} ({})", duration_ns(target_ms * 1e6))
    } else if over > 0.0 {
        format!(
            "{} more than {what} ({}): the timers fired late, so the worker was busy or throttled",
            duration_ns(over * 1e6),
            duration_ns(target_ms * 1e6)
        )
    } else {
        format!(
            "{} less than {what} ({})",
            duration_ns(-over * 1e6),
            duration_ns(target_ms * 1e6)
        )
    }
}

fn io_concurrency(r: &Report, values: &Params) -> Option<String> {
    let (lat, tls) = timelines(r)?;
    let serial = tls.iter().find(|t| t.variant == "serial")?;
    let limited = tls.iter().find(|t| t.variant == "limited")?;
    let n = lat.len();
    let latency = lat.first().copied().unwrap_or(0.0);
    let k = crate::kernels::param(values, "limit", 1.0).max(1.0) as usize;
    // The worker computed the ideal (ceil(N/k) × L for equal latencies) with the run.
    let ideal = limited.ideal_ms;
    let mut s = format!(
        "One at a time, {n} requests of {} took {}, {}. With at most {k} in flight they took {}, {}: {} faster.",
        duration_ns(latency * 1e6),
        duration_ns(serial.total_ms() * 1e6),
        closeness(serial.total_ms(), latency * n as f64, "N × L"),
        duration_ns(limited.total_ms() * 1e6),
        closeness(limited.total_ms(), ideal, &format!("ceil({n}/{k}) × L")),
        ratio(serial.total_ms() / limited.total_ms().max(1e-9)),
    );
    if k >= n {
        s += " With k ≥ N nothing waits for a slot, so the total is one latency.";
    } else {
        s += &format!(
            " At most {} requests were in flight at once.",
            limited.peak_in_flight()
        );
    }
    Some(s)
}

fn blocking(r: &Report) -> Option<String> {
    let Some(crate::protocol::Details::Responsiveness(phases)) = &r.details else {
        return None;
    };
    let worker = phases.iter().find(|p| p.variant == "worker")?;
    let ui = phases.iter().find(|p| p.variant == "ui-thread")?;
    let (n, worker_ns) = largest(r, "worker")?;
    let ui_ns = at(r, "ui-thread", n)?;
    let tasks = |p: &crate::frames::Phase| {
        if !p.long_tasks_observed {
            return "this browser does not report long tasks".to_owned();
        }
        match p.long_tasks.len() {
            0 => "no long task".to_owned(),
            1 => format!(
                "1 long task of {}",
                duration_ns(p.long_tasks[0].len_ms() * 1e6)
            ),
            k => format!(
                "{k} long tasks, {} in all",
                duration_ns(p.long_tasks.iter().map(|t| t.len_ms()).sum::<f64>() * 1e6)
            ),
        }
    };
    let mut s = format!(
        "On the bench worker, {} mixing steps took {}; meanwhile the animation painted {} frames and dropped {} (longest gap {}), with {} on the UI thread.",
        count(n),
        duration_ns(worker_ns),
        count(worker.frames as u64),
        count(worker.dropped_frames as u64),
        duration_ns(worker.longest_gap_ms * 1e6),
        tasks(worker)
    );
    s += &format!(
        " On the UI thread the same call took {} and the page showed {}: {} frames dropped, the longest gap between frames {}.",
        duration_ns(ui_ns),
        tasks(ui),
        count(ui.dropped_frames as u64),
        duration_ns(ui.longest_gap_ms * 1e6)
    );
    if ui.longest_gap_ms >= ui_ns / 1e6 * 0.8 {
        s += " For that whole time nothing moved and no click could have been answered.";
    }
    Some(s)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Every widget of the catalog has its sentence (resource-monitor writes its own, from
    /// the memory readings: `resources::sentence`).
    #[test]
    fn every_widget_has_a_sentence() {
        for w in &crate::catalog::WIDGETS {
            // (Widgets moved to `topics` carry their sentence in their `Topic`.)
            if w.chart == crate::catalog::ChartKind::Resources {
                continue;
            }
            assert!(sentence_of(w.id).is_some(), "{}: no readout sentence", w.id);
        }
    }
    use crate::protocol::VariantFit;
    use crate::stats::fit_power_law;

    pub(crate) fn point(variant: &str, n: u64, median_ns: f64) -> Point {
        crate::protocol::fixtures::measured(variant, n, 1, median_ns, median_ns, median_ns)
    }

    pub(crate) fn report(widget: &str, points: Vec<Point>) -> Report {
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
            floor_ns: 0.0,
        }
    }

    /// The same point with its measurement changed by `f`.
    pub(crate) fn with(mut p: Point, f: impl FnOnce(&mut crate::harness::Measurement)) -> Point {
        if let crate::protocol::Outcome::Measured(m) = &mut p.outcome {
            f(m);
        }
        p
    }

    #[test]
    fn doubtful_points_are_left_out_and_the_reader_is_told_why() {
        let below = |p| with(p, |m| m.quality = crate::harness::Quality::BelowClock);
        let r = report(
            "queue-ops",
            vec![
                below(point("vec-remove-front", 10, 0.0)),
                below(point("vecdeque-pop-front", 10, 0.0)),
            ],
        );
        let s = sentence(&r, &Params::new());
        assert!(s.contains("too short to compare"), "{s}");
    }

    #[test]
    fn parallel_sentence_compares_with_amdahl() {
        let pts = vec![point("parallel", 1, 100.0), point("parallel", 2, 55.0)];
        let mut values = Params::new();
        values.insert("serial".into(), 10.0);
        let s = sentence(&report("parallel-cpu", pts), &values);
        assert!(s.contains("1.82× faster than one thread"), "{s}");
        assert!(s.contains("efficiency of 91%"), "{s}");
        assert!(s.contains("predicts 1.82×"), "{s}");
        // Slower with more threads is said as slower, never as "0.60× faster".
        let pts = vec![point("parallel", 1, 60.0), point("parallel", 2, 100.0)];
        let s = sentence(&report("parallel-cpu", pts), &values);
        assert!(s.contains("1.67× slower than one thread"), "{s}");
    }

    #[test]
    fn parallel_sentence_names_the_plateau_of_an_oversubscribed_pool() {
        // Four threads on two cores (WebKitGTK reports 4 logical processors on a 2-core
        // machine): the speedup stops at 2.
        let pts = vec![
            point("parallel", 1, 100.0),
            point("parallel", 2, 52.0),
            point("parallel", 3, 50.0),
            point("parallel", 4, 51.0),
        ];
        let mut values = Params::new();
        values.insert("serial".into(), 0.0);
        let s = sentence(&report("parallel-cpu", pts), &values);
        assert!(s.contains("stopped growing at 2 threads"), "{s}");
        assert!(s.contains("about 2 free cores"), "{s}");
        // A pool that keeps scaling, or a serial share that predicts the flat end, says nothing.
        let pts = vec![
            point("parallel", 1, 100.0),
            point("parallel", 2, 51.0),
            point("parallel", 4, 26.0),
        ];
        assert!(!sentence(&report("parallel-cpu", pts), &values).contains("stopped growing"));
        values.insert("serial".into(), 90.0);
        let pts = vec![
            point("parallel", 1, 100.0),
            point("parallel", 2, 95.0),
            point("parallel", 4, 93.0),
        ];
        assert!(!sentence(&report("parallel-cpu", pts), &values).contains("stopped growing"));
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

    #[test]
    fn copy_vs_share_says_what_grows_with_the_bytes() {
        // Per-MB medians: copy is linear in bytes, transfer and share are a fixed cost.
        let pts = vec![
            point_ops("copy", 1, 300_000.0),
            point_ops("transfer", 1, 50_000.0),
            point_ops("share", 1, 40_000.0),
            point_ops("copy", 16, 16.0 * 300_000.0),
            point_ops("transfer", 16, 50_000.0),
            point_ops("share", 16, 40_000.0),
        ];
        let s = sentence(&report("copy-vs-share", pts), &Params::new());
        assert!(s.starts_with("Handing over 16 MB took 4.80 ms by copy (300 µs per MB), 50.0 µs by transfer and 40.0 µs through shared memory."), "{s}");
        assert!(s.contains("it grows with the bytes"), "{s}");
        assert!(
            s.contains("Over the same range a transfer only 1.00× and sharing only 1.00× as long"),
            "{s}"
        );
    }

    #[test]
    fn copy_vs_share_without_isolation_says_sharing_is_unavailable() {
        let pts = vec![
            point_ops("copy", 1, 300_000.0),
            point_ops("copy", 2, 600_000.0),
        ];
        let s = sentence(&report("copy-vs-share", pts), &Params::new());
        assert!(
            s.contains("shared memory is unavailable on this page"),
            "{s}"
        );
    }

    fn point_ops(variant: &str, mb: u64, total_ns: f64) -> Point {
        crate::protocol::fixtures::measured(variant, mb, mb, total_ns, total_ns, total_ns)
    }

    fn timeline_report(widget: &str, lat: Vec<f64>, tls: Vec<crate::details::Timeline>) -> Report {
        let mut r = report(widget, Vec::new());
        r.details = Some(crate::protocol::Details::Timeline {
            latencies_ms: lat,
            timelines: tls,
        });
        r
    }

    #[test]
    fn io_concurrency_compares_with_ceil_n_over_k_rounds() {
        use crate::kernels::latency::{
            limited, serial, uniform_latencies, virtual_time::VirtualTimer, Timeline,
        };
        let lat = uniform_latencies(10, 100.0);
        let t = VirtualTimer::default();
        let a = Timeline::new("serial", t.run(serial(&t, &lat)), 1000.0);
        let b = Timeline::new("limited", t.run(limited(&t, &lat, 5)), 200.0);
        let values: Params = [("limit".to_string(), 5.0)].into_iter().collect();
        let s = sentence(&timeline_report("io-concurrency", lat, vec![a, b]), &values);
        assert!(s.contains("took 1.00 s, close to N × L (1.00 s)"), "{s}");
        assert!(
            s.contains("took 200 ms, close to ceil(10/5) × L (200 ms): 5.00× faster"),
            "{s}"
        );
        assert!(s.contains("At most 5 requests were in flight"), "{s}");
    }

    #[test]
    fn blocking_reports_frames_and_long_tasks_for_each_thread() {
        use crate::frames::{phase, Interval};
        let iv = |start_ms, end_ms| Interval { start_ms, end_ms };
        let smooth: Vec<f64> = (0..40)
            .map(|i| i as f64 * crate::frames::FRAME_MS)
            .collect();
        let mut frozen: Vec<f64> = (0..6)
            .map(|i| 1000.0 + i as f64 * crate::frames::FRAME_MS)
            .collect();
        frozen.extend((0..10).map(|i| 1600.0 + i as f64 * crate::frames::FRAME_MS));
        let mut frames = smooth.clone();
        frames.extend(frozen);
        let task = iv(1100.0, 1590.0);
        let w = phase("worker", iv(0.0, 650.0), iv(100.0, 600.0), &frames, &[task]);
        let u = phase("ui-thread", iv(1000.0, 1750.0), task, &frames, &[task]);
        let mut r = report(
            "blocking-the-ui",
            vec![
                point("worker", 1_000_000, 480e6),
                point("ui-thread", 1_000_000, 490e6),
            ],
        );
        r.details = Some(crate::protocol::Details::Responsiveness(vec![w, u]));
        let s = sentence(&r, &Params::new());
        assert!(s.contains("with no long task on the UI thread"), "{s}");
        assert!(s.contains("the page showed 1 long task of 490 ms"), "{s}");
        assert!(s.contains("nothing moved"), "{s}");
    }
}
