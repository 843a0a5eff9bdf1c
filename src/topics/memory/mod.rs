//! Lesson 7, memory: the widgets moved here so far (the rest are in `kernels/layout.rs`).

pub mod object_pool;
pub mod stream_vs_collect;
