//! Lesson 6, `blocking-the-ui`: a chain of integer mixing steps, each depending on the
//! last, so it cannot be vectorised, parallelised or skipped.
//!
//! The worker runs it from its message loop (`worker::waits`: one call, timed once); the
//! UI thread runs the very same function from a click handler, on purpose, to show what
//! that does to the page (`widgets/blocking.rs`, which also records frames and long tasks).

use crate::async_runs::{AsyncPlan, MAX_SPIN_STEPS};
use crate::catalog::{linear_slider, ChartKind, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns};
use crate::kernels::{mix64, Params, SuiteInfo, Variant};
use crate::protocol::Report;
use crate::protocol::{RunError, RunSpec};
use crate::readout::{at, largest};
use crate::topics::Topic;

/// Longest the UI thread may be blocked on the reader's request, ms.
pub const UI_LIMIT_MS: f64 = 1000.0;

// region: worker
/// `n` dependent mixing steps; returns the final state, which the caller keeps.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn spin(n: u64) -> u64 {
    let mut x = 0x2545_f491_4f6c_dd1d_u64;
    for i in 0..n {
        x = mix64(x ^ i);
    }
    x
}
// endregion

// region: ui-thread
/// The same function, called straight from the Run button's click handler: until it
/// returns, the UI thread can neither paint, animate nor answer input.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn on_ui_thread(n: u64) -> u64 {
    spin(n)
}
// endregion

/// The variants: one on each thread.
pub static VARIANTS: [Variant; 2] = [
    Variant::new("worker", "On the bench worker", "spin"),
    Variant::new("ui-thread", "On the UI thread", "spin"),
];

/// Steps to run for `target_ms`, given a measured time per step, capped so one call
/// stays within [`UI_LIMIT_MS`].
pub fn steps_for(target_ms: f64, ns_per_step: f64) -> u64 {
    let ns = ns_per_step.max(0.01);
    let target = target_ms.clamp(1.0, UI_LIMIT_MS);
    (target * 1e6 / ns).floor().max(1.0) as u64
}

/// The run: one call of [`spin`] with n steps on the worker, timed once.
pub fn plan(spec: &RunSpec) -> Result<AsyncPlan, RunError> {
    match spec.sizes.as_slice() {
        [n] if (1..=MAX_SPIN_STEPS).contains(n) => Ok(AsyncPlan::OneShot { n: *n }),
        _ => Err(RunError::InvalidSpec(format!(
            "blocking-the-ui takes one step count from 1 to {MAX_SPIN_STEPS}"
        ))),
    }
}

/// The UI half: the slider, chart, the variants' facts and the sentence.
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "blocking-the-ui",
        n_label: "mixing steps",
        ui_thread_demo: true,
        title: "The same work on the UI thread and on a worker",
        sliders: &[linear_slider(
            "duration",
            "Longest UI-thread call (about)",
            (100.0, 1000.0, 100.0),
            400.0,
            " ms",
        )],
        op_label: "call",
        chart: ChartKind::Timeline,
        sweep_slider: "duration",
        x_label: "time since the run started (ms)",
        // The browser tests' quick sweep: about 200 ms on the UI thread.
        quick_sweep: &[("duration", 1)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/async_io/blocking_the_ui.rs",
        measures_memory: false,
    }),
    python: None,
};

/// The sentence and details of a run, written on the UI side: the run ends there, after
/// the UI-thread phase the worker cannot see.
pub fn written(r: &Report) -> crate::readout::Written {
    crate::topics::written_by(r, sentence, |d| match d {
        crate::protocol::Details::Responsiveness(phases) => Some(details_view(phases)),
        _ => None,
    })
}

/// Frames painted and dropped, and long tasks, while each thread ran the same call.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
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

/// The details under the chart: what the page felt while the kernel ran on each thread.
pub fn details_view(phases: &[crate::frames::Phase]) -> crate::html::Block {
    use crate::format::{count, duration_ns, fixed};
    let mut table = crate::html::Markup::new();
    table.table(
        &[],
        "What the page felt while the kernel ran: frames the animation painted and dropped, and long tasks (over 50 ms) on the UI thread.",
        &["Where the kernel ran", "Frames painted", "Frames dropped", "Longest gap between frames", "Long tasks"],
        |m| {
            for p in phases {
                let long_ms: f64 = p.long_tasks.iter().map(|t| t.len_ms()).sum();
                // Without the Long Tasks API (every engine but Chromium's) a count of 0
                // would be a claim: say the browser does not report them.
                let observed = p.long_tasks_observed;
                let longest = p.long_tasks.iter().map(|t| t.len_ms()).fold(0.0, f64::max);
                let long_cell = if observed {
                    format!("{} ({})", p.long_tasks.len(), duration_ns(long_ms * 1e6))
                } else {
                    "not reported by this browser".to_owned()
                };
                let (tasks, longest) = (p.long_tasks.len().to_string(), fixed(longest, 0));
                let dropped = p.dropped_frames.to_string();
                let mut attrs = vec![("data-phase", p.variant.as_str())];
                if observed {
                    attrs.push(("data-long-tasks", &tasks));
                    attrs.push(("data-longest-task-ms", &longest));
                }
                attrs.push(("data-dropped-frames", &dropped));
                m.row(
                    &attrs,
                    &crate::topics::label(TOPIC.spec.id, &p.variant),
                    &[
                        &count(p.frames as u64),
                        &count(p.dropped_frames as u64),
                        &duration_ns(p.longest_gap_ms * 1e6),
                        &long_cell,
                    ],
                );
            }
        },
    );
    crate::html::Block::table("responsiveness", table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::Params;
    use crate::readout::tests::{point, report};

    #[test]
    fn spin_depends_on_every_step() {
        assert_ne!(spin(1000), spin(1001));
        assert_eq!(spin(1000), on_ui_thread(1000));
    }

    #[test]
    fn steps_are_capped_at_the_ui_limit() {
        assert_eq!(steps_for(500.0, 1.0), 500_000_000);
        assert_eq!(steps_for(5000.0, 1.0), 1_000_000_000);
        assert_eq!(steps_for(100.0, 0.0), 10_000_000_000);
        assert!(steps_for(0.0, 2.0) >= 1);
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
        let s = crate::topics::sentence(&r, &Params::new());
        assert!(s.contains("with no long task on the UI thread"), "{s}");
        assert!(s.contains("the page showed 1 long task of 490 ms"), "{s}");
        assert!(s.contains("nothing moved"), "{s}");
    }
}
