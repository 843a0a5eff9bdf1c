//! A widget's way out of the page: a permalink to copy, its results as CSV and JSON (with
//! the environment they were measured in), and its chart as a PNG.

use crate::catalog::{Values, WidgetSpec};
use crate::protocol::Point;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The link that reopens this page with this widget's sliders as they are now.
pub fn permalink(spec: &WidgetSpec, values: &Values, pool: u32) -> String {
    let Some(window) = web_sys::window() else {
        return String::new();
    };
    let location = window.location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_else(|_| "/".into());
    let query = spec
        .query_pairs(values, pool)
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                String::from(js_sys::encode_uri_component(k)),
                String::from(js_sys::encode_uri_component(v))
            )
        })
        .collect::<Vec<_>>()
        .join("&");
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("{origin}{path}{query}#{}", spec.id)
}

/// Saves `href` as a file called `name` (a temporary link, clicked).
fn download(href: &str, name: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| crate::js_error_message(&e))?
        .unchecked_into();
    a.set_href(href);
    a.set_download(name);
    a.click();
    Ok(())
}

/// Saves `text` as a file of MIME type `mime`.
fn download_text(text: &str, mime: &str, name: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|e| crate::js_error_message(&e))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| crate::js_error_message(&e))?;
    let result = download(&url, name);
    let _ = web_sys::Url::revoke_object_url(&url);
    result
}

fn environment(url: String) -> crate::export::Environment {
    let status = super::env::worker_status();
    let (threads, isolated, timer_resolution_ns) = status.with_untracked(|s| match s {
        crate::worker::client::WorkerStatus::Ready(i) => {
            (i.threads, i.isolated, i.timer_resolution_ns)
        }
        _ => (1, false, 0.0),
    });
    crate::export::Environment {
        browser: super::env::browser_name(),
        threads,
        isolated,
        timer_resolution_ns,
        measured_at: String::from(js_sys::Date::new_0().to_iso_string()),
        url,
    }
}

/// A PNG data URL of what `chart` shows. The chart worker owns the canvas' drawing
/// context, so the picture is copied onto a plain canvas first (a canvas handed to a
/// worker may be drawn from, but need not encode itself).
fn png_of(chart: &web_sys::HtmlCanvasElement) -> Result<String, JsValue> {
    let copy: web_sys::HtmlCanvasElement = document().create_element("canvas")?.unchecked_into();
    copy.set_width(chart.width());
    copy.set_height(chart.height());
    let ctx: web_sys::CanvasRenderingContext2d = copy
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("no 2D context"))?
        .unchecked_into();
    ctx.draw_image_with_html_canvas_element(chart, 0.0, 0.0)?;
    copy.to_data_url()
}

/// Copy link, CSV, JSON and PNG for one widget.
#[component]
pub fn ShareBar(
    /// The widget.
    spec: &'static WidgetSpec,
    /// The sliders' values now.
    values: RwSignal<Values>,
    /// The values the results shown were measured with: what the link and the exports
    /// describe while there are results.
    ran_values: RwSignal<Values>,
    /// The widget's points (exports are enabled once there are some).
    points: RwSignal<Vec<Point>>,
    /// Its Python twin's points, exported with them.
    python: RwSignal<Vec<Point>>,
) -> impl IntoView {
    let id = spec.id;
    let note = RwSignal::new(None::<String>);
    let shown = move || {
        if points.with(Vec::is_empty) {
            values.get()
        } else {
            ran_values.get()
        }
    };
    // The pool size (for the permalink's thread count).
    let status = super::env::worker_status();
    let link = move || permalink(spec, &shown(), status.with(|s| s.threads()));
    let empty = move || points.with(Vec::is_empty) && python.with(Vec::is_empty);
    let copy = move || {
        let url = untrack(link);
        let clipboard = web_sys::window()
            .map(|w| w.navigator())
            .and_then(|n| js_sys::Reflect::get(&n, &"clipboard".into()).ok())
            .filter(|c| !c.is_undefined());
        let write = clipboard.and_then(|c| {
            let f: js_sys::Function = js_sys::Reflect::get(&c, &"writeText".into())
                .ok()?
                .dyn_into()
                .ok()?;
            f.call1(&c, &url.clone().into())
                .ok()?
                .dyn_into::<js_sys::Promise>()
                .ok()
        });
        leptos::task::spawn_local(async move {
            let copied = match write {
                Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.is_ok(),
                None => false,
            };
            note.try_set(Some(if copied {
                "Link copied. It reopens this page with these slider settings.".to_owned()
            } else {
                format!("Copying is not allowed here; copy the link by hand: {url}")
            }));
        });
    };
    let export = move |kind: &str| {
        let mut pts = points.get_untracked();
        pts.extend(python.get_untracked());
        let env = environment(untrack(link));
        let result = match kind {
            "csv" => download_text(
                &crate::export::csv(id, &env, &pts),
                "text/csv",
                &format!("benchbook-{id}.csv"),
            ),
            "json" => download_text(
                &crate::export::json(id, &env, &pts),
                "application/json",
                &format!("benchbook-{id}.json"),
            ),
            _ => web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(&format!("[data-widget=\"{id}\"] figure.chart canvas"))
                        .ok()
                        .flatten()
                })
                .and_then(|c| c.dyn_into::<web_sys::HtmlCanvasElement>().ok())
                .ok_or_else(|| "the chart is not on the page".to_owned())
                .and_then(|c| png_of(&c).map_err(|e| crate::js_error_message(&e)))
                .and_then(|url| download(&url, &format!("benchbook-{id}.png"))),
        };
        note.set(result.err().map(|e| format!("Export failed: {e}")));
    };
    // One listener for the four buttons: which one, by its `data-export`.
    let click = move |ev: leptos::ev::MouseEvent| {
        let Some(button) = crate::event_element(&ev, "button") else {
            return;
        };
        match button.get_attribute("data-export") {
            Some(kind) => export(&kind),
            None => copy(),
        }
    };
    view! {
        <div class="share" data-share=id data-permalink=link on:click=click>
            <button type="button">"Copy link"</button>
            <button type="button" data-export="csv" disabled=empty>"CSV"</button>
            <button type="button" data-export="json" disabled=empty>"JSON"</button>
            <button type="button" data-export="png" disabled=empty>"PNG"</button>
            {move || note.get().map(|n| view! { <p role="status" class="muted">{n}</p> })}
        </div>
    }
}
