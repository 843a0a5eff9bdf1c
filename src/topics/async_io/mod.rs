//! Lesson 6, async I/O: its widgets, one file each (`blocking-the-ui` has not moved yet).

pub mod async_gather;
