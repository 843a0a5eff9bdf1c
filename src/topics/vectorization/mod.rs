//! Lesson 4, vectorization: its widgets, one file each.

pub mod describe_stats;
pub mod elementwise_add;
pub mod square_plus_sin;
pub mod temporaries_vs_in_place;
