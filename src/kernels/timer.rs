//! Lesson 1, `timer-resolution`: the same tiny piece of work timed one call at a time
//! versus in a calibrated batch.
//!
//! The work is `n` steps of a small integer mix, so the reader can slide it from a few
//! nanoseconds (far below the clock's resolution) to far above it.

use super::{mix64, Params, Prepared, Suite, Variant};
use crate::harness::BatchMode;
use crate::harness::{Clock, Kernel};
use std::hint::black_box;

/// The suite behind the `timer-resolution` widget.
pub struct TimerSuite;
/// The one instance.
pub static SUITE: TimerSuite = TimerSuite;

pub static VARIANTS: [Variant; 2] = [
    Variant {
        id: "single",
        label: "timed one call at a time",
        group: "work",
        mode: BatchMode::Single,
    },
    Variant {
        id: "batched",
        label: "calibrated batch",
        group: "work",
        mode: BatchMode::Calibrated,
    },
];

// region: single
/// `steps` rounds of a 64-bit mix. The harness times this one call per clock reading.
pub fn tiny_work(seed: u64, steps: u64) -> u64 {
    let mut x = seed;
    for _ in 0..steps {
        x = mix64(x);
    }
    x
}
// endregion

// region: batched
/// The very same function; the harness calls it thousands of times between two clock
/// readings and divides, so each reading spans far more than one clock tick.
pub fn tiny_work_batched(seed: u64, steps: u64) -> u64 {
    tiny_work(seed, steps)
}
// endregion

struct Input {
    steps: u64,
}

impl Prepared for Input {
    fn kernel(&self, index: usize) -> Box<dyn Kernel + '_> {
        let steps = self.steps;
        if index == 0 {
            Box::new(move || tiny_work(black_box(1), black_box(steps)))
        } else {
            Box::new(move || tiny_work_batched(black_box(1), black_box(steps)))
        }
    }
}

impl Suite for TimerSuite {
    fn id(&self) -> &'static str {
        "timer-resolution"
    }
    fn variants(&self) -> &'static [Variant] {
        &VARIANTS
    }
    fn source_path(&self) -> &'static str {
        file!()
    }
    fn bytes_needed(&self, _n: u64, _params: &Params) -> u64 {
        0
    }
    fn prepare<'c>(
        &self,
        n: u64,
        _params: &Params,
        _threads: usize,
        _clock: &'c dyn Clock,
    ) -> Box<dyn Prepared + 'c> {
        Box::new(Input { steps: n })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_variants_compute_the_same() {
        for steps in [0, 1, 7, 1000] {
            assert_eq!(tiny_work(1, steps), tiny_work_batched(1, steps));
        }
        assert_eq!(tiny_work(1, 0), 1, "zero steps leave the seed");
        assert_ne!(tiny_work(1, 1), 1);
    }
}
