//! Charts: [`series`] turns points into plain chart data (pure, tested natively);
//! `draw` (wasm, `ui` feature) paints that data with plotters on a canvas.

pub mod series;

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod draw;
