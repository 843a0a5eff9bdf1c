//! UI building blocks. Every benchmark on every page is a [`widget::Widget`]: one shape
//! (sliders, Run/Stop, progress, chart, readout, table, source) driven by the widget's
//! entry in `catalog`.

pub mod blocking;
pub mod chart;
pub mod details;
pub mod env;
pub mod monitor;
pub mod progress;
pub mod ranking;
pub mod results;
pub mod share;
pub mod storage;
pub mod theme;
pub mod url;
pub mod widget;

pub use widget::Widget;
