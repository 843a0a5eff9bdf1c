//! Lesson 7, memory: the widgets moved here so far (the rest are in `kernels/layout.rs`
//! and `kernels/streaming.rs`).

pub mod object_pool;
