//! Lesson 7, memory: its widgets, one file each.

pub mod bytes_per_element;
pub mod object_pool;
pub mod row_vs_column;
pub mod stream_vs_collect;
