//! Benchbook: an interactive course on making programs fast, running live Rust kernels
//! in the browser.
//!
//! The crate has a pure core that compiles and is tested natively (`kernels`, `harness`,
//! `stats`, `runtime`, `protocol`, `catalog`, `plot::series`) and web layers that exist
//! only on wasm32: the bench worker's runtime (`worker_rt`) and, with the `ui` feature,
//! the Leptos app (`app` and the modules below it). See README.md, "Architecture".

pub mod harness;
pub mod kernels;
pub mod protocol;
pub mod runtime;
pub mod stats;
