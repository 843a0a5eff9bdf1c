//! Lesson 4, vectorization: the widgets moved here so far (the rest are in
//! `kernels/vectorize.rs` and `kernels/describe.rs`).

pub mod elementwise_add;
pub mod square_plus_sin;
