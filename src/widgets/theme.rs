//! Light and dark themes: the system setting by default, a toggle that overrides it (kept
//! in localStorage), and charts that redraw in the theme's colours.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const KEY: &str = "benchbook-theme";
const QUERY: &str = "(prefers-color-scheme: dark)";

thread_local! {
    /// True for dark. A thread-local so chart effects anywhere can track it.
    static DARK: std::cell::OnceCell<RwSignal<bool>> = const { std::cell::OnceCell::new() };
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn system_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(QUERY).ok().flatten())
        .is_some_and(|m| m.matches())
}

fn stored() -> Option<bool> {
    match storage()?.get_item(KEY).ok().flatten()?.as_str() {
        "dark" => Some(true),
        "light" => Some(false),
        _ => None,
    }
}

fn apply(dark: bool) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
    }
}

/// The theme signal (true = dark), set up on first use: the stored choice, else the
/// system's; follows system changes while no choice is stored.
pub fn dark() -> RwSignal<bool> {
    DARK.with(|cell| {
        *cell.get_or_init(|| {
            let signal = RwSignal::new(stored().unwrap_or_else(system_dark));
            apply(signal.get_untracked());
            if let Some(m) = web_sys::window().and_then(|w| w.match_media(QUERY).ok().flatten()) {
                let follow = Closure::<dyn Fn()>::new(move || {
                    if stored().is_none() {
                        let d = system_dark();
                        apply(d);
                        signal.try_set(d);
                    }
                });
                let _ =
                    m.add_event_listener_with_callback("change", follow.as_ref().unchecked_ref());
                // The listener lives as long as the page.
                follow.forget();
            }
            signal
        })
    })
}

/// The header's toggle.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let dark = dark();
    let toggle = move |_| {
        let next = !dark.get_untracked();
        if let Some(s) = storage() {
            let _ = s.set_item(KEY, if next { "dark" } else { "light" });
        }
        apply(next);
        dark.set(next);
    };
    view! {
        <button type="button" class="theme-toggle" aria-pressed=move || dark.get().to_string() on:click=toggle>
            "Dark mode"
        </button>
    }
}
