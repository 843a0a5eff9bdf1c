//! Reading and writing widget parameters in the page's query string.
//!
//! Keys are `<widget id>.<slider>`, so several widgets share one URL. Writing uses
//! `history.replaceState`: moving a slider must not add a history entry per step.

/// The page's query as decoded (key, value) pairs, in order.
pub fn query_pairs() -> Vec<(String, String)> {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    parse(&search)
}

fn decode(text: &str) -> String {
    let spaced = text.replace('+', " ");
    js_sys::decode_uri_component(&spaced)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or(spaced)
}

fn encode(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

/// Parses `?a=1&b=2` (leading `?` optional) into pairs; malformed escapes stay literal.
pub fn parse(search: &str) -> Vec<(String, String)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (decode(k), decode(v))
        })
        .collect()
}

/// Replaces this widget's keys in the URL by `pairs`, keeping every other key.
pub fn replace_widget_params(widget: &str, pairs: &[(String, String)]) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let prefix = format!("{widget}.");
    let mut all: Vec<(String, String)> = query_pairs()
        .into_iter()
        .filter(|(k, _)| !k.starts_with(&prefix))
        .collect();
    all.extend(pairs.iter().cloned());
    let query = all
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let location = window.location();
    let path = location.pathname().unwrap_or_else(|_| "/".into());
    let hash = location.hash().unwrap_or_default();
    let url = if query.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{query}{hash}")
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// True when the URL asks this widget's next run to fail on purpose
/// (`<widget>.fault=panic`): how the browser tests prove a panic reaches the page.
pub fn fault_requested(widget: &str) -> bool {
    let key = format!("{widget}.fault");
    query_pairs().iter().any(|(k, v)| *k == key && v == "panic")
}
