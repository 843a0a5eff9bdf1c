//! UI building blocks. Every benchmark on every page is a [`widget::Widget`]: one shape
//! (sliders, Run/Stop, progress, chart, readout, table, source) driven by the widget's
//! entry in `catalog`.

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
pub mod storage;
pub mod surface;
pub mod theme;
pub mod url;
pub mod widget;

pub use widget::Widget;

use leptos::prelude::*;

/// A table's column headings (`<thead>`), one `<th scope="col">` each: the tables under the
/// charts all label their columns this way.
pub(crate) fn column_heads(labels: &'static [&'static str]) -> impl IntoView {
    view! {
        <thead><tr>
            {labels.iter().map(|label| view! { <th scope="col">{*label}</th> }).collect_view()}
        </tr></thead>
    }
}

/// GETs a same-origin text file.
pub(crate) async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response =
        wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(url))
            .await
            .map_err(|e| crate::js_error_message(&e))?
            .dyn_into()
            .map_err(|_| "not a response".to_owned())?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = response.text().map_err(|e| crate::js_error_message(&e))?;
    wasm_bindgen_futures::JsFuture::from(text)
        .await
        .map_err(|e| crate::js_error_message(&e))?
        .as_string()
        .ok_or_else(|| "not text".to_owned())
}
