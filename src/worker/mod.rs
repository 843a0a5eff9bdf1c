//! Both ends of the bench worker (wasm32 only): [`runtime`] runs inside the worker,
//! `client` (with the `ui` feature) runs on the UI thread and owns the worker.

#[cfg(feature = "threads")]
mod pool;
pub mod runtime;
mod scope;
pub mod waits;

#[cfg(feature = "ui")]
pub mod client;
