//! Lesson 2, profiling: its widgets, one file each.

pub mod memory_profile;
pub mod profile_pipeline;
