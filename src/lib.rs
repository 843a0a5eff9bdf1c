//! Benchbook: an interactive course on making programs fast, running live Rust kernels
//! in the browser.
//!
//! The crate has a pure core that compiles and is tested natively (`kernels`, `harness`,
//! `stats`, `runtime`, `protocol`, `catalog`, `plot::series`) and web layers that exist
//! only on wasm32: the bench worker's runtime (`worker_rt`) and, with the `ui` feature,
//! the Leptos app (`app` and the modules below it). See README.md, "Architecture".

pub mod alloc;
pub mod async_runs;
pub mod catalog;
pub mod details;
pub mod engine;
pub mod export;
pub mod figure;
pub mod format;
pub mod frames;
pub mod harness;
pub mod html;
pub mod kernels;
pub mod lesson_text;
pub mod order;
pub mod persist;
pub mod progress;
pub mod protocol;
pub mod ranking;
pub mod readout;
pub mod resources;
pub mod route;
pub mod runtime;
pub mod stats;
pub mod status;
pub mod table;
pub mod topics;

#[cfg(target_arch = "wasm32")]
pub mod worker;

/// A readable message from a thrown JS value (an `Error`'s message, or its string form).
#[cfg(target_arch = "wasm32")]
pub fn js_error_message(value: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    if let Some(err) = value.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    // Not `{:?}`: the UI is built with -Zfmt-debug=none (Cargo.toml, profile release-ui).
    value.as_string().unwrap_or_else(|| {
        js_sys::JSON::stringify(value)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| "an error without a message".to_owned())
    })
}

/// GETs a same-origin text file.
/// The element matching `selector` that an event happened on or inside (a click on a
/// button's text is a click on the button): for one listener serving many elements.
#[cfg(target_arch = "wasm32")]
pub fn event_element(ev: &web_sys::Event, selector: &str) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let target = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    target.closest(selector).ok().flatten()
}

#[cfg(target_arch = "wasm32")]
pub async fn fetch_text(url: &str) -> Result<String, String> {
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

/// The Python panel's own module (bin `python_panel`): see its docs.
#[cfg(target_arch = "wasm32")]
pub mod python_panel;

pub mod course;
pub mod plot;
pub mod prediction;
pub mod profiler;
pub mod python;
pub mod python_figures;

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod app;
#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod lessons;
#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod view;
#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub mod widgets;
