//! Lesson 3, `queue-ops`: fill a FIFO queue with n items, then take them all from the
//! front. `Vec::remove(0)` shifts every remaining element (O(n) each, O(n²) in all);
//! `VecDeque::pop_front` moves a head index (O(1) each, O(n) in all).

use super::{Params, Prepared, Suite, Variant};
use crate::harness::{Clock, Kernel};
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
    fn id(&self) -> &'static str {
        "queue-ops"
    }
    fn variants(&self) -> &'static [Variant] {
        &VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, n: u64, _params: &Params) -> u64 {
        // Growth by doubling can briefly hold old and new buffers: 3 x 8 bytes per item.
        n.saturating_mul(24)
    }
    fn prepare<'c>(
        &self,
        n: u64,
        _params: &Params,
        _threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        Box::new(Input { n })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
