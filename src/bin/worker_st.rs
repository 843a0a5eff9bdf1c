//! Bench worker entry, single-threaded build (pages that are not cross-origin isolated).
//! Bootstrap only.
fn main() {
    #[cfg(target_arch = "wasm32")]
    benchbook::worker::runtime::start(benchbook::protocol::WorkerBuild::SingleThreaded);
}
