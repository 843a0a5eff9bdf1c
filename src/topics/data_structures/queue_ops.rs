//! Lesson 3, `queue-ops`: fill a FIFO queue with n items, then take them all from the
//! front. `Vec::remove(0)` shifts every remaining element (O(n) each, O(n²) in all);
//! `VecDeque::pop_front` moves a head index (O(1) each, O(n) in all).

use crate::catalog::{log_slider, ChartKind, WidgetSpec, DEFAULTS};
use crate::format::{count, duration_ns, ratio};
use crate::harness::Kernel;
use crate::kernels::SuiteInfo;
use crate::kernels::{Params, Prepared, Setup, Suite, Variant};
use crate::protocol::Report;
use crate::python::{PyVariant, Twin};
use crate::readout::{at, grows, largest};
use crate::topics::Topic;
use std::collections::VecDeque;
use std::hint::black_box;

/// The suite behind the `queue-ops` widget.
pub struct QueueSuite;
/// The one instance.
pub static SUITE: QueueSuite = QueueSuite;

pub static VARIANTS: [Variant; 2] = [
    Variant::new("vec-remove-front", "Vec::remove(0)", "queue"),
    Variant::new("vecdeque-pop-front", "VecDeque::pop_front", "queue"),
];

/// Folds the order in which items left the queue into one number, so a queue that
/// returned the right items in the wrong order would not pass the agreement check.
#[inline]
fn fold_order(acc: u64, item: u64) -> u64 {
    acc.wrapping_mul(31).wrapping_add(item)
}

// region: vec-remove-front
/// Uses a Vec as a queue: push at the back, remove at the front.
/// Each `remove(0)` shifts all remaining items one place left.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn drain_vec(n: u64) -> u64 {
    let mut queue: Vec<u64> = Vec::new();
    for item in 0..n {
        queue.push(item);
    }
    let mut acc = 0;
    while !queue.is_empty() {
        acc = fold_order(acc, queue.remove(0));
    }
    acc
}
// endregion

// region: vecdeque-pop-front
/// Uses a ring buffer as a queue: `pop_front` just advances the head.
#[inline(never)] // its own function in the module: listed under "Show the code that ran"
pub fn drain_deque(n: u64) -> u64 {
    let mut queue: VecDeque<u64> = VecDeque::new();
    for item in 0..n {
        queue.push_back(item);
    }
    let mut acc = 0;
    while let Some(item) = queue.pop_front() {
        acc = fold_order(acc, item);
    }
    acc
}
// endregion

struct Input {
    n: u64,
}

impl Prepared for Input {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let n = self.n;
        if index == 0 {
            Box::new(move || drain_vec(black_box(n)))
        } else {
            Box::new(move || drain_deque(black_box(n)))
        }
    }
}

impl Suite for QueueSuite {
    crate::kernels::suite_facts!("queue-ops", VARIANTS);
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // Growth by doubling can briefly hold old and new buffers: 3 x 8 bytes per item.
        n.saturating_mul(24)
    }
    fn prepare<'c>(&self, Setup { n, .. }: Setup<'_, 'c>) -> Box<dyn Prepared + 'c> {
        Box::new(Input { n })
    }
}

/// The UI half: sliders, chart, the kernels' facts and the sentence (no kernel code).
pub static TOPIC: Topic = Topic {
    spec: WidgetSpec {
        id: "queue-ops",
        title: "Draining a queue from the front",
        sliders: &[log_slider("n", "Largest queue length n", 100.0, 2e5, 1e4)],
        op_label: "fill + drain",
        chart: ChartKind::Growth,
        sweep_from: 100.0,
        show_clock_tick: false,
        // The lesson is about growth: the legend gives each line's fitted exponent.
        show_fit: true,
        // The browser tests' quick sweep: 100 .. 1000.
        quick_sweep: &[("n", 3)],
        ..DEFAULTS
    },
    info: Some(SuiteInfo {
        variants: &VARIANTS,
        source_path: "topics/data_structures/queue_ops.rs",
        measures_memory: false,
    }),
    python: Some(&PYTHON),
};

/// The same two queues in Python (`queue_ops.py` beside this file), timed in the reader's
/// browser under the chart.
pub static PYTHON: Twin = Twin {
    source_path: "topics/data_structures/queue_ops.py",
    variants: &[
        PyVariant {
            function: "list_pop_front",
            label: "list.pop(0)",
            twin: "vec-remove-front",
        },
        PyVariant {
            function: "deque_popleft",
            label: "deque.popleft()",
            twin: "vecdeque-pop-front",
        },
    ],
};

/// What this run found: the two queues at the largest n both measured, and how each grows.
pub fn sentence(r: &Report, _values: &Params) -> Option<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readout::tests::{point, report};

    #[test]
    fn variants_agree() {
        for n in [0, 1, 2, 3, 100, 4097] {
            assert_eq!(drain_vec(n), drain_deque(n), "n={n}");
        }
        assert_eq!(drain_vec(0), 0);
        assert_eq!(drain_vec(1), 0);
        // ((0·31 + 0)·31 + 1)·31 + 2: items leave in the order 0, 1, 2.
        assert_eq!(drain_vec(3), 31 + 2, "order matters");
        assert_ne!(
            drain_vec(3),
            fold_order(fold_order(fold_order(0, 2), 1), 0),
            "reversed order differs"
        );
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
        let s = crate::topics::sentence(&r, &Params::new());
        assert!(s.contains("At n = 10,000"), "{s}");
        assert!(s.contains("1,000× faster"), "{s}");
        assert!(s.contains("n^2.00 for Vec::remove(0)"), "{s}");
        assert!(s.contains("n^1.00 for VecDeque"), "{s}");
    }
}
