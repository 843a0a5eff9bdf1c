//! Bench worker entry, threaded build (rayon on a wasm-bindgen-rayon pool). Bootstrap only.
#[cfg(target_arch = "wasm32")]
pub use wasm_bindgen_rayon::init_thread_pool;

/// Counts allocations for the widgets that report memory.
#[global_allocator]
static ALLOC: benchbook::alloc::CountingAlloc = benchbook::alloc::CountingAlloc::new();

fn main() {
    #[cfg(target_arch = "wasm32")]
    benchbook::worker::runtime::start(benchbook::protocol::WorkerBuild::Threaded, &ALLOC);
}
