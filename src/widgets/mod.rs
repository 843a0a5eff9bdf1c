//! UI building blocks. Every benchmark on every page is a [`widget::Widget`]: one shape
//! (sliders, Run/Stop, progress, chart, readout, table, source) driven by the widget's
//! spec in its topic file (`topics`).

pub mod blocking;
pub mod chart;
pub mod details;
pub mod env;
pub mod monitor;
pub mod predict;
pub mod progress;
pub mod python;
pub mod ranking;
pub mod results;
pub mod share;
pub mod state;
pub mod storage;
pub mod surface;
pub mod theme;
pub mod url;
pub mod widget;

pub use widget::Widget;
