//! What the reader of a page feels (pure): frames that came late and long tasks, from
//! the timestamps `requestAnimationFrame` and a `longtask` PerformanceObserver collected.

use serde::{Deserialize, Serialize};

/// One frame at 60 Hz, ms.
pub const FRAME_MS: f64 = 1000.0 / 60.0;
/// A task longer than this is a "long task" (the browser's own definition), ms.
pub const LONG_TASK_MS: f64 = 50.0;

/// An interval on the page's clock, ms.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Start, ms.
    pub start_ms: f64,
    /// End, ms.
    pub end_ms: f64,
}

impl Interval {
    /// Length, ms.
    pub fn len_ms(&self) -> f64 {
        self.end_ms - self.start_ms
    }
}

/// One phase of the demonstration (the kernel on one thread), as the page saw it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Phase {
    /// Variant id (`worker` or `ui-thread`).
    pub variant: String,
    /// The observed window, ms on the page's clock.
    pub window: Interval,
    /// When the kernel ran, as far as the page can tell.
    pub kernel: Interval,
    /// Long tasks inside the window.
    pub long_tasks: Vec<Interval>,
    /// Gaps between frames longer than one and a half frames, inside the window.
    pub late_frames: Vec<Interval>,
    /// Frames painted inside the window.
    pub frames: usize,
    /// Frames that should have been painted but were not.
    pub dropped_frames: usize,
    /// Longest gap between two frames, ms.
    pub longest_gap_ms: f64,
    /// False when the browser cannot report long tasks (then `long_tasks` means nothing).
    pub long_tasks_observed: bool,
}

/// Summarises what happened between `window.start_ms` and `window.end_ms`.
///
/// `frame_times` are `requestAnimationFrame` timestamps (ascending); `long_tasks` are
/// the observer's entries. A gap of g ms between frames dropped round(g / frame) − 1
/// frames. A long task belongs to the window it starts in: one that began earlier (the
/// click that started the run, say) is the work of what came before.
pub fn phase(
    variant: &str,
    window: Interval,
    kernel: Interval,
    frame_times: &[f64],
    long_tasks: &[Interval],
) -> Phase {
    let inside: Vec<f64> = frame_times
        .iter()
        .copied()
        .filter(|t| (window.start_ms..=window.end_ms).contains(t))
        .collect();
    // Gaps from the window start to the first frame and from the last to the end
    // count too: a frozen page paints nothing at all.
    let mut edges = Vec::with_capacity(inside.len() + 2);
    edges.push(window.start_ms);
    edges.extend(inside.iter().copied());
    edges.push(window.end_ms);
    let gaps: Vec<Interval> = edges
        .windows(2)
        .map(|w| Interval {
            start_ms: w[0],
            end_ms: w[1],
        })
        .collect();
    let dropped = gaps
        .iter()
        .map(|g| ((g.len_ms() / FRAME_MS).round() as usize).saturating_sub(1))
        .sum();
    let late_frames = gaps
        .iter()
        .copied()
        .filter(|g| g.len_ms() > 1.5 * FRAME_MS)
        .collect();
    let longest_gap_ms = gaps.iter().map(Interval::len_ms).fold(0.0, f64::max);
    let long_tasks = long_tasks
        .iter()
        .copied()
        .filter(|t| (window.start_ms..window.end_ms).contains(&t.start_ms))
        .collect();
    Phase {
        variant: variant.into(),
        window,
        kernel,
        long_tasks,
        late_frames,
        frames: inside.len(),
        dropped_frames: dropped,
        longest_gap_ms,
        long_tasks_observed: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(start_ms: f64, end_ms: f64) -> Interval {
        Interval { start_ms, end_ms }
    }

    #[test]
    fn smooth_frames_drop_nothing() {
        let frames: Vec<f64> = (0..60).map(|i| i as f64 * FRAME_MS).collect();
        let p = phase(
            "worker",
            iv(0.0, 59.0 * FRAME_MS),
            iv(10.0, 500.0),
            &frames,
            &[],
        );
        assert_eq!(p.frames, 60);
        assert_eq!(p.dropped_frames, 0);
        assert!(p.late_frames.is_empty());
        assert!((p.longest_gap_ms - FRAME_MS).abs() < 1e-9);
    }

    #[test]
    fn a_frozen_half_second_drops_about_thirty_frames() {
        // Frames until 100 ms, nothing until 600 ms, then frames again.
        let mut frames: Vec<f64> = (0..=6).map(|i| i as f64 * FRAME_MS).collect();
        frames.extend((0..6).map(|i| 600.0 + i as f64 * FRAME_MS));
        let task = iv(100.0, 600.0);
        let p = phase(
            "ui-thread",
            iv(0.0, 680.0),
            task,
            &frames,
            &[task, iv(2000.0, 2100.0)],
        );
        assert_eq!(p.long_tasks, vec![task]);
        assert_eq!(p.late_frames.len(), 1);
        assert!((p.longest_gap_ms - 500.0).abs() < 1.0);
        assert!(
            (28..=30).contains(&p.dropped_frames),
            "{}",
            p.dropped_frames
        );
    }

    #[test]
    fn a_window_with_no_frame_at_all_counts_as_dropped() {
        let p = phase("ui-thread", iv(0.0, 200.0), iv(0.0, 200.0), &[], &[]);
        assert_eq!(p.frames, 0);
        assert_eq!(p.dropped_frames, 11);
        assert_eq!(p.longest_gap_ms, 200.0);
    }

    #[test]
    fn a_long_task_counts_in_the_window_it_starts_in() {
        let click = iv(-40.0, 15.0);
        let p = phase(
            "worker",
            iv(0.0, 300.0),
            iv(0.0, 300.0),
            &[],
            &[click, iv(100.0, 160.0)],
        );
        assert_eq!(p.long_tasks, vec![iv(100.0, 160.0)]);
    }
}
