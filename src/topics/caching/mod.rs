//! Lesson 8, caching and memoization: the widgets moved here so far (the rest are in
//! `kernels/caching.rs` and `kernels/primes.rs`).

pub mod memo_fib;
