//! Bench worker entry, threaded build (rayon on a pool of Web Workers). Bootstrap only.

/// Counts allocations for the widgets that report memory.
#[global_allocator]
static ALLOC: benchbook::alloc::CountingAlloc = benchbook::alloc::CountingAlloc::new();

fn main() {
    #[cfg(target_arch = "wasm32")]
    benchbook::worker::runtime::start(benchbook::protocol::WorkerBuild::Threaded, &ALLOC);
}
