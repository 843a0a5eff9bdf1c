//! The sentence under each widget, computed from the live report (pure).
//!
//! Lesson prose never states a measured figure as a literal: it says what to look for,
//! and these sentences state what this run found. Each takes the report and the slider
//! values and returns plain text.

use crate::format::{duration_ns, ratio};
use crate::kernels::Params;
use crate::protocol::{Point, Report};

/// What a widget writes about a finished run: the sentence under its chart and the markup
/// of its details (`None` when the run has none to show as markup). The chart worker
/// writes it (`topics::written`), so neither the UI nor the bench workers link the
/// widgets' prose; the two widgets that finish runs on the UI side write theirs there.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Written {
    /// The readout under the chart.
    pub sentence: String,
    /// The details block, if the run has one.
    pub details: Option<crate::html::Block>,
    /// The bench worker's `Done` message this was written from, as it arrived: kept with
    /// the text on the UI side for the details chart, which the chart worker builds from
    /// it (`plot::wire::Plot::Details`). Never sent (the chart worker has the message).
    #[serde(skip)]
    pub message: Vec<u8>,
    /// The run's machine checks (`Report::machine_ns`), ns, space-separated: the readout's
    /// `data-machine-ns` (part of the DOM contract); empty when the run had none.
    pub machine: String,
}

/// A widget's sentence: from its report and slider values, `None` when the run measured
/// too little to say anything (the reader is then told why, see [`or_fallback`]).
pub type Sentence = fn(&Report, &Params) -> Option<String>;

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

/// How far apart (slowest over fastest, see `harness::machine::spread`) a run's machine
/// checks may be before the readout says the machine's speed changed during the run.
pub const MACHINE_TOLERANCE: f64 = 0.05;

/// What the readout adds when the run's machine checks (the same fixed loop, timed when the
/// run started and after each size) spread more than [`MACHINE_TOLERANCE`]: the machine,
/// not only the code, changed speed while the run measured, by about that much.
pub fn machine_note(report: &Report) -> Option<String> {
    let checks = &report.machine_ns;
    let spread = crate::harness::machine::spread(checks);
    (spread > MACHINE_TOLERANCE).then(|| {
        let (fastest, slowest) = crate::harness::machine::range(checks);
        let middle = if checks.len() > 3 { "the middle half of them " } else { "" };
        // "4.85× apart" reads better than "385% apart" once one took twice the other.
        let apart = if spread >= 1.0 {
            ratio(slowest / fastest)
        } else {
            format!("{}%", crate::format::fixed(spread * 100.0, 0))
        };
        format!(
            "Your machine's speed changed during this run: the same fixed loop, timed {} times between sizes, took {middle}from {} to {} ({apart} apart), so differences between points smaller than that may be the machine's rather than the code's. Run again to compare.",
            checks.len(),
            duration_ns(fastest),
            duration_ns(slowest),
        )
    })
}

/// How far apart one point's figures from two Runs of the same settings may be before the
/// readout says the point moved between them ([`rerun_note`]); also the band within which
/// [`compare`] calls two variants about as fast (one 10% for both).
pub const RERUN_TOLERANCE: f64 = 0.10;

/// One point measured in both Runs ([`rerun_note`]): its figures per op, now and before.
struct Pair<'a> {
    point: &'a Point,
    now: f64,
    before: f64,
}

impl Pair<'_> {
    /// How far apart the two figures are, as a ratio of at least 1 (either way).
    fn apart(&self) -> f64 {
        apart(self.now, self.before)
    }
}

/// How far apart two positive figures are, as a ratio of at least 1 (either way).
fn apart(a: f64, b: f64) -> f64 {
    (a / b).max(b / a)
}

/// What the readout adds when this page already ran the widget with the same settings: how
/// far this Run's points are from the previous Run's. Nothing but the Run changed, so a
/// point that moved shows how much the browser and the machine (compiled code, caches,
/// other programs) vary at that point from Run to Run: the run-to-run spread the reader
/// would otherwise need several Runs to see. Compared: points both Runs measured reliably
/// (see [`reliable`]); a point moved when the two figures differ by more than
/// [`RERUN_TOLERANCE`], whatever the cause (a point whose samples spread widely moves for
/// that reason too, and it still means its figure is uncertain by that much).
/// `name` says which point it is ("full-sort at n = 20,000"), `op` what its figures are per.
pub fn rerun_note(
    previous: &Report,
    current: &Report,
    op: &str,
    name: impl Fn(&str, u64) -> String,
) -> Option<String> {
    // Another worker (one thread after a crash) or clock is not the same setting.
    if previous.threads != current.threads
        || previous.timer_resolution_ns != current.timer_resolution_ns
    {
        return None;
    }
    let pairs: Vec<Pair> = current
        .points
        .iter()
        .filter(|p| reliable(p))
        .filter_map(|p| {
            let q = previous
                .points
                .iter()
                .find(|q| q.variant == p.variant && q.n == p.n && reliable(q))?;
            let pair = Pair {
                point: p,
                now: p.median_per_op_ns()?,
                before: q.median_per_op_ns()?,
            };
            (pair.now > 0.0 && pair.apart().is_finite()).then_some(pair)
        })
        .collect();
    if pairs.is_empty() {
        return None;
    }
    let total = pairs.len();
    let percent = |apart: f64| {
        format!(
            "{}%",
            crate::format::fixed(((apart - 1.0) * 100.0).max(1.0), 0)
        )
    };
    let widest = |pairs: &[Pair]| percent(pairs.iter().map(Pair::apart).fold(1.0, f64::max));
    let (mut moved, agree): (Vec<Pair>, Vec<Pair>) = pairs
        .into_iter()
        .partition(|p| p.apart() > 1.0 + RERUN_TOLERANCE);
    if moved.is_empty() {
        return Some(format!(
            "Your previous Run of these settings agrees: its {total} points and this Run's are within {} of each other.",
            widest(&agree)
        ));
    }
    crate::order::sort_small_by(&mut moved, |a, b| a.apart() > b.apart());
    let listed: Vec<String> = moved
        .iter()
        .take(3)
        .map(|m| {
            format!(
                "{}: {} per {op}, {} the previous Run's {}",
                name(&m.point.variant, m.point.n),
                duration_ns(m.now),
                ratio(m.now / m.before),
                duration_ns(m.before),
            )
        })
        .collect();
    let more = if moved.len() > 3 { ", and others" } else { "" };
    // Where the two Runs' machine checks differ too, the machine's speed is one cause the
    // reader can see; where they agree, the check cannot say (points move while it holds).
    let (before, now) = (
        crate::harness::machine::typical(&previous.machine_ns),
        crate::harness::machine::typical(&current.machine_ns),
    );
    let machine = if before > 0.0 && now > 0.0 && apart(now, before) > 1.0 + MACHINE_TOLERANCE {
        format!(
            " The machine's own speed changed between the two Runs as well: the same fixed loop, timed between sizes, took {} in this Run and {} in the previous one (medians). This Run met a {speed} machine, which can explain points that came out {speed}.",
            duration_ns(now),
            duration_ns(before),
            speed = if now > before { "slower" } else { "faster" },
        )
    } else {
        String::new()
    };
    let rest = match agree.len() {
        0 => String::new(),
        1 => format!(" The other point agrees within {}.", widest(&agree)),
        k => format!(" The other {k} agree within {}.", widest(&agree)),
    };
    Some(format!(
        "Compared with your previous Run of these settings, {} of {total} points moved by more than {}: {}{more}. Nothing but the Run changed, so that is how far those points vary from Run to Run in this browser on this machine (compiled code, caches, other programs), not a difference in the Rust code: differences smaller than that at those points are not evidence.{machine}{rest}",
        moved.len(),
        percent(1.0 + RERUN_TOLERANCE),
        listed.join("; "),
    ))
}

/// The run's machine checks as the readout's `data-machine-ns` carries them.
pub fn machine_attribute(report: &Report) -> String {
    report
        .machine_ns
        .iter()
        .map(|&ns| crate::format::shortest(ns.round()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A relative error as a reader reads it: a percentage, or a power of ten when tiny.
pub fn relative(e: f64) -> String {
    if e == 0.0 {
        "0 (exact)".into()
    } else if e >= 10.0 {
        // Three significant figures, as everywhere else: "7,700%", not "7695.259%".
        format!("{}%", crate::format::whole(e * 100.0))
    } else if e >= 1e-3 {
        format!("{}%", crate::format::three_digits(e * 100.0))
    } else {
        crate::format::exponential(e, 1)
    }
}

// The noise a readout allows lives with the measurements (`harness::noise`): the runtime
// also uses it, to decide which points get a third pass.
pub use crate::harness::{noise, NOISE_FLOOR};

/// The relative difference between two medians at `n` that is still noise: three times
/// the largest relative spread (MAD over median) of any point measured at `n`, and never
/// below [`NOISE_FLOOR`].
pub(crate) fn noise_at(report: &Report, n: u64) -> f64 {
    report
        .points
        .iter()
        .filter(|p| p.n == n)
        .filter_map(|p| p.measurement())
        .map(|m| noise(m.summary.relative_spread()))
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
/// (not under the clock's tick, not at the harness floor; a drifting median is still a duration).
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
    exponent(report, variant)
        .map_or_else(String::new, |e| format!("n^{}", crate::format::fixed(e, 2)))
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

/// GB/s for `ns` per element moving `bytes` per element.
pub(crate) fn gbps(bytes: f64, ns: f64) -> String {
    format!("{} GB/s", crate::format::fixed(bytes / ns, 1))
}

/// "about as fast as" / "1.5× faster than" / "1.5× slower than": how `a` compares to `b`.
/// Differences under 10%, or under `noise` (relative, see [`noise_at`]), are not stated.
pub(crate) fn compare(a_ns: f64, b_ns: f64, noise: f64) -> String {
    let r = b_ns / a_ns;
    let band = RERUN_TOLERANCE.max(noise);
    if (1.0 / (1.0 + band)..=1.0 + band).contains(&r) {
        "about as fast as".into()
    } else if r > 1.0 {
        format!("{} faster than", ratio(r))
    } else {
        format!("{} slower than", ratio(1.0 / r))
    }
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    use crate::protocol::VariantFit;
    use crate::stats::fit_power_law;

    pub(crate) fn point(variant: &str, n: u64, median_ns: f64) -> Point {
        crate::protocol::fixtures::measured(variant, n, 1, median_ns, median_ns, median_ns)
    }

    #[test]
    fn relative_errors_read_with_three_significant_figures() {
        assert_eq!(relative(0.0), "0 (exact)");
        assert_eq!(relative(76.952_59), "7,700%");
        assert_eq!(relative(1.234_56), "123%");
        assert_eq!(relative(0.012_345), "1.23%");
        assert_eq!(relative(0.001_234_5), "0.123%");
        assert_eq!(relative(3.7e-10), "3.7e-10");
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
            machine_ns: Vec::new(),
        }
    }

    /// [`report`] with these details.
    pub(crate) fn report_with(
        widget: &str,
        points: Vec<Point>,
        details: Option<crate::protocol::Details>,
    ) -> Report {
        Report {
            details,
            ..report(widget, points)
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
        let s = crate::topics::sentence(&r, &Params::new());
        assert!(s.contains("too short to compare"), "{s}");
    }

    /// A run whose machine checks stayed within 5% says nothing about them; one whose
    /// checks spread further says by how much, after the widget's own sentence, and the
    /// readout's attribute lists every check.
    #[test]
    fn the_readout_says_when_the_machine_changed_speed_during_the_run() {
        let points = vec![
            point("vec-remove-front", 1000, 5e4),
            point("vecdeque-pop-front", 1000, 2e3),
        ];
        let steady = Report {
            machine_ns: vec![1.0e6, 1.02e6, 1.04e6],
            ..report("queue-ops", points.clone())
        };
        let s = crate::topics::sentence(&steady, &Params::new());
        assert!(!s.contains("machine"), "{s}");
        assert_eq!(
            crate::topics::written(&steady, &Params::new()).machine,
            "1000000 1020000 1040000"
        );

        let changed = Report {
            machine_ns: vec![1.0e6, 1.3e6, 1.1e6, 1.0e6, 1.3e6, 0.9e6],
            ..report("queue-ops", points)
        };
        let s = crate::topics::sentence(&changed, &Params::new());
        let own =
            crate::topics::sentence(&report("queue-ops", changed.points.clone()), &Params::new());
        assert!(s.starts_with(&own), "{s}");
        assert!(
            s.contains("timed 6 times between sizes, took the middle half of them from 1.00 ms to 1.30 ms (30% apart)"),
            "{s}"
        );
        // A machine that ran at half speed for a quarter of the run or more: a ratio, not "385%".
        let halved = Report {
            machine_ns: vec![
                0.62e6, 3.0e6, 0.63e6, 3.01e6, 0.62e6, 2.95e6, 0.63e6, 0.62e6,
            ],
            ..report("queue-ops", changed.points.clone())
        };
        let s = machine_note(&halved).expect("a note");
        assert!(s.contains("from 620 µs to 3.00 ms (4.84× apart)"), "{s}");
        // Runs timed from outside have no checks, and nothing is said.
        assert_eq!(machine_note(&report("queue-ops", vec![])), None);
        assert_eq!(machine_attribute(&report("queue-ops", vec![])), "");
    }

    /// A second Run of the same settings is compared point by point with the first: all
    /// within the tolerance reads as agreement with the widest difference; a point further
    /// apart than 10% is named with both figures; points one
    /// Run could not measure reliably, and runs on another worker or clock, are not compared.
    #[test]
    fn a_second_run_says_how_far_its_points_are_from_the_first() {
        let run = |a: f64, b: f64, c: f64| {
            report(
                "queue-ops",
                vec![
                    point("vec-remove-front", 1000, a),
                    point("vec-remove-front", 10_000, b),
                    point("vecdeque-pop-front", 1000, c),
                ],
            )
        };
        let first = run(100.0, 1000.0, 20.0);
        let name = |v: &str, n: u64| format!("{v}@{n}");
        let agree = rerun_note(&first, &run(103.0, 980.0, 20.0), "op", name).expect("compared");
        assert_eq!(
            agree,
            "Your previous Run of these settings agrees: its 3 points and this Run's are within 3% of each other."
        );
        let moved = rerun_note(&first, &run(150.0, 1020.0, 17.0), "op", name).expect("compared");
        assert!(
            moved.starts_with("Compared with your previous Run of these settings, 2 of 3 points moved by more than 10%"),
            "{moved}"
        );
        assert!(
            moved.contains("vec-remove-front@1000: 150 ns per op, 1.50× the previous Run's 100 ns; vecdeque-pop-front@1000: 17.0 ns per op, 0.850× the previous Run's 20.0 ns."),
            "{moved}"
        );
        assert!(
            moved.ends_with("The other point agrees within 2%."),
            "{moved}"
        );
        assert!(!moved.contains("machine's own speed"), "{moved}");
        // Where the machine checks moved too (their medians 20% apart), the note says so;
        // checks 5% apart or fewer, or a Run without checks, add nothing.
        let checked = |r: Report, ns: &[f64]| Report {
            machine_ns: ns.to_vec(),
            ..r
        };
        let slow = checked(run(150.0, 1020.0, 17.0), &[1200.0, 1210.0, 1190.0]);
        let fast = checked(first.clone(), &[1000.0, 990.0, 1500.0]);
        let s = rerun_note(&fast, &slow, "op", name).expect("compared");
        assert!(
            s.contains("not evidence. The machine's own speed changed between the two Runs as well: the same fixed loop, timed between sizes, took 1.20 µs in this Run and 1.00 µs in the previous one (medians). This Run met a slower machine, which can explain points that came out slower. The other point"),
            "{s}"
        );
        let steady = checked(run(150.0, 1020.0, 17.0), &[1040.0, 1050.0, 1030.0]);
        let s = rerun_note(&fast, &steady, "op", name).expect("compared");
        assert!(!s.contains("machine's own speed"), "{s}");
        let s = rerun_note(&first, &slow, "op", name).expect("compared");
        assert!(!s.contains("machine's own speed"), "{s}");
        let s = rerun_note(&slow, &fast, "op", name).expect("compared");
        assert!(
            s.contains(
                "This Run met a faster machine, which can explain points that came out faster."
            ),
            "{s}"
        );
        // Exactly 10% apart is not a move; a point only one Run measured is not compared.
        let edge = report("queue-ops", vec![point("vec-remove-front", 1000, 110.0)]);
        let edge = rerun_note(&first, &edge, "op", name).expect("compared");
        assert!(edge.contains("agrees: its 1 points"), "{edge}");
        // Nothing reliable in common: nothing to say.
        let below = |p| with(p, |m| m.quality = crate::harness::Quality::BelowClock);
        let short = report(
            "queue-ops",
            vec![below(point("vec-remove-front", 1000, 1.0))],
        );
        assert_eq!(rerun_note(&first, &short, "op", name), None);
        // One thread after a crash, or another clock: another setting.
        let single = Report {
            threads: 1,
            ..run(100.0, 1000.0, 20.0)
        };
        assert_eq!(rerun_note(&first, &single, "op", name), None);
        // With the widget's labels and units.
        let s = crate::topics::compared(&first, &run(150.0, 1000.0, 20.0)).expect("compared");
        assert!(
            s.contains(" at n = 1,000: 150 ns per fill + drain, 1.50× the previous Run's 100 ns"),
            "{s}"
        );
    }

    #[test]
    fn empty_report_gets_a_fallback_sentence() {
        let s = crate::topics::sentence(&report("queue-ops", vec![]), &Params::new());
        assert!(s.contains("Not enough measured points"));
    }
}
