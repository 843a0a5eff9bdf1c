//! Chart worker entry: draws the UI's charts on the offscreen canvases it is handed.
//! Bootstrap only.

fn main() {
    #[cfg(target_arch = "wasm32")]
    benchbook::plot::painter::start();
}
