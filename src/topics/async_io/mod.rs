//! Lesson 6, async I/O: its widgets, one file each.

pub mod async_gather;
pub mod blocking_the_ui;
