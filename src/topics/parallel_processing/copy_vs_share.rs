//! Lesson 5, `copy-vs-share`: a message handed to a second worker by copy (structured
//! clone), by transferring its buffer, or through shared memory.
//!
//! The run is asynchronous (round trips to another worker, which a synchronous kernel cannot
//! wait for): `async_runs` plans and samples it, and `worker::waits` holds the three ways of
//! handing over, which is the file a reader is shown.

use crate::async_runs::{AsyncPlan, HandoffPlan, MAX_HANDOFF_MB};
use crate::catalog::{log_slider, WidgetSpec, DEFAULTS};
use crate::format::{duration_ns, ratio};
use crate::kernels::{Params, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::protocol::{RunError, RunSpec};
use crate::readout::{at, largest, noise};
use crate::topics::Topic;

/// The `copy-vs-share` variants.
pub static VARIANTS: [Variant; 3] = [
    Variant::new("copy", "Copy (structured clone)", "bytes"),
    Variant::new("transfer", "Transfer the buffer", "bytes"),
    Variant::new("share", "Share (SharedArrayBuffer)", "bytes"),
];

/// The run: one round trip of each way per message size, up to [`MAX_HANDOFF_MB`].
pub fn plan(spec: &RunSpec) -> Result<AsyncPlan, RunError> {
    if spec.sizes.is_empty() || spec.sizes.len() > crate::protocol::MAX_SIZES {
        return Err(RunError::InvalidSpec("no message sizes to measure".into()));
    }
    if let Some(&n) = spec.sizes.iter().find(|&&n| n == 0 || n > MAX_HANDOFF_MB) {
        return Err(RunError::TooLarge {
            n,
            needed_mib: n * 3,
            limit_mib: MAX_HANDOFF_MB * 3,
        });
    }
    Ok(AsyncPlan::Handoff(HandoffPlan {
        sizes_mb: spec.sizes.clone(),
    }))
}

/// The UI half: sliders, chart, the variants' facts and the sentence.
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "copy-vs-share",
        n_label: "MiB",
        title: "Handing data to another worker: copy, transfer, share",
        sliders: &[log_slider(
            "mb",
            "Largest message size (MiB)",
            1.0,
            256.0,
            16.0,
        )],
        op_label: "MiB",
        sweep_from: 1.0,
        sweep_slider: "mb",
        x_label: "message size (MiB)",
        // The browser tests' quick sweep: 1 .. 5 MiB.
        quick_sweep: &[("mb", 2)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "worker/waits.rs",
        measures_memory: false,
    }),
    python: None,
};

/// Each way's time at the largest size, and what grows with the bytes.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
    let (big, copy) = largest(r, "copy")?;
    let small = r.points.iter().map(|p| p.n).min()?;
    let whole = |per_mb: f64| duration_ns(per_mb * big as f64);
    let mut s = format!(
        "Handing over {big} MiB took {} by copy ({} per MiB)",
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
        // The round trips' spread (MAD over median) at either end: a claim about how the
        // copy grows must hold with the noise allowed either way.
        let spread = |n: u64| {
            r.points
                .iter()
                .find(|p| p.variant == "copy" && p.n == n)
                .and_then(|p| p.measurement())
                .map_or(0.0, |m| m.summary.relative_spread())
        };
        let widest = spread(small).max(spread(big));
        let slack = 1.0 + noise(widest);
        if let Some(g) = growth("copy") {
            if g / slack > size_ratio * 0.5 {
                s += &format!(
                    " From {small} MiB to {big} MiB a copy took {} as long: it grows with the bytes.",
                    ratio(g)
                );
            } else if g * slack < size_ratio * 0.5 {
                s += &format!(
                    " From {small} MiB to {big} MiB a copy took only {} as long: at these sizes the fixed cost of a message still dominates.",
                    ratio(g)
                );
            } else {
                s += &format!(
                    " From {small} MiB to {big} MiB a copy took {} as long, but its round trips varied by ±{}%, too much to tell whether the bytes or the fixed cost of a message dominate at these sizes.",
                    ratio(g),
                    crate::format::fixed(100.0 * widest, 0)
                );
            }
        }
        let copy_growth = growth("copy").unwrap_or(size_ratio);
        let cheap: Vec<String> = [("transfer", "a transfer"), ("share", "sharing")]
            .into_iter()
            .filter_map(|(v, name)| Some((name, growth(v)?)))
            .filter(|(_, g)| *g < copy_growth / 3.0)
            .map(|(name, g)| format!("{name} took only {} as long", ratio(g)))
            .collect();
        if !cheap.is_empty() {
            s += &format!(
                " Over the same range {}: only a handle travels, not the bytes (what grows is the receiver reading one byte per page).",
                cheap.join(" and ")
            );
        }
    }
    Some(s)
}

#[cfg(test)]
mod tests {
    use crate::kernels::Params;
    use crate::protocol::{Point, RunError, RunSpec};
    use crate::readout::tests::report;

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
        let s = crate::topics::sentence(&report("copy-vs-share", pts), &Params::new());
        assert!(s.starts_with("Handing over 16 MiB took 4.80 ms by copy (300 µs per MiB), 50.0 µs by transfer and 40.0 µs through shared memory."), "{s}");
        assert!(s.contains("it grows with the bytes"), "{s}");
        assert!(
            s.contains("Over the same range a transfer took only 1.00× as long and sharing took only 1.00× as long"),
            "{s}"
        );
    }
    #[test]
    fn copy_vs_share_draws_no_conclusion_from_noisy_round_trips() {
        // 1 MiB copies whose round trips varied by ±47% (a real first Run): the growth
        // to 20 MiB, 8.2x, cannot tell a fixed cost (< 10x) from the bytes.
        let mut small = point_ops("copy", 1, 3_040_000.0);
        if let crate::protocol::Outcome::Measured(m) = &mut small.outcome {
            m.summary.mad_ns = 0.47 * m.summary.median_ns;
        }
        let pts = vec![small, point_ops("copy", 20, 20.0 * 1_250_000.0)];
        let s = crate::topics::sentence(&report("copy-vs-share", pts), &Params::new());
        assert!(s.contains("varied by ±47%, too much to tell"), "{s}");
        assert!(!s.contains("still dominates"), "{s}");
        assert!(!s.contains("grows with the bytes"), "{s}");
        // Quiet round trips with the same medians: the fixed cost is named.
        let pts = vec![
            point_ops("copy", 1, 3_040_000.0),
            point_ops("copy", 20, 20.0 * 1_250_000.0),
        ];
        let s = crate::topics::sentence(&report("copy-vs-share", pts), &Params::new());
        assert!(
            s.contains("the fixed cost of a message still dominates"),
            "{s}"
        );
    }

    #[test]
    fn copy_vs_share_without_isolation_says_sharing_is_unavailable() {
        let pts = vec![
            point_ops("copy", 1, 300_000.0),
            point_ops("copy", 2, 600_000.0),
        ];
        let s = crate::topics::sentence(&report("copy-vs-share", pts), &Params::new());
        assert!(
            s.contains("shared memory is unavailable on this page"),
            "{s}"
        );
    }

    fn point_ops(variant: &str, mb: u64, total_ns: f64) -> Point {
        crate::protocol::fixtures::measured(variant, mb, mb, total_ns, total_ns, total_ns)
    }
    #[test]
    fn messages_beyond_the_limit_are_refused() {
        let spec = RunSpec {
            run_id: 1,
            widget: "copy-vs-share".into(),
            sizes: vec![1, 1024],
            params: Params::new(),
            fault: None,
        };
        assert!(matches!(
            super::plan(&spec),
            Err(RunError::TooLarge { n: 1024, .. })
        ));
    }
}
