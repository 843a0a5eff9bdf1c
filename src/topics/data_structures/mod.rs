//! Lesson 3, "Choosing data structures": its widgets, one file each.

pub mod counting;
pub mod queue_ops;
pub mod search;
