//! Charts, in two halves that meet in [`wire`], the chart worker's protocol:
//! - [`series`] turns points into a [`series::Figure`]: plain chart data (pure, tested
//!   natively), built in the chart worker from the data the UI sends ([`wire::Plot`]).
//! - The chart worker (bin `worker_charts`) builds the figures and draws them: `painter` is
//!   its runtime, `draw` paints with plotters (one file per chart kind, the
//!   shared style and legends in `draw/mod.rs`), `backend` puts plotters on an
//!   `OffscreenCanvas` (wasm, `ui` feature). The UI bundle never links plotters.

pub mod layout;
pub mod series;
pub mod wire;

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod backend;
#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod draw;
#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod painter;
