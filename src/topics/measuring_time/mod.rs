//! Lesson 1, "Measuring time": its widgets, one file each.

pub mod sum_loop_vs_formula;
pub mod timer_resolution;
