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

use leptos::prelude::*;

/// Runs `f` now and again whenever a signal it read changes (a Leptos `Effect`). Every
/// effect of the UI goes through here as one boxed closure type, so `Effect::new`'s
/// machinery (several KB of wasm per closure type) is compiled once, not once per effect.
pub(crate) fn effect(f: impl FnMut() + 'static) {
    let boxed: Box<dyn FnMut()> = Box::new(f);
    Effect::new(boxed);
}

/// A table's column headings (`<thead>`), one `<th scope="col">` each: the tables under the
/// charts all label their columns this way.
pub(crate) fn column_heads(labels: &'static [&'static str]) -> impl IntoView {
    view! {
        <thead><tr>
            {labels.iter().map(|label| view! { <th scope="col">{*label}</th> }).collect_view()}
        </tr></thead>
    }
}

pub(crate) use crate::fetch_text;
