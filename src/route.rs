//! Client-side navigation for the app's two kinds of page (`/` and `/lessons/<slug>`).
//!
//! A few dozen lines instead of `leptos_router`: the app needs one path signal, link
//! clicks turned into `history.pushState`, and the back and forward buttons. The router
//! crate's generic route matching cost about 20 KB of the gzipped UI bundle.
//!
//! Which pages exist is decided by [`page_of`] (pure, tested natively); the rest is the
//! browser glue and exists only in the UI build.

/// What a path shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page<'a> {
    /// The course map.
    Home,
    /// A lesson, by slug (which may not exist: the lesson page decides).
    Lesson(&'a str),
    /// Anything else.
    NotFound,
}

/// The page for a URL path (no query, no fragment). A trailing slash is ignored.
pub fn page_of(path: &str) -> Page<'_> {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Page::Home;
    }
    match trimmed.strip_prefix("/lessons/") {
        Some(slug) if !slug.is_empty() && !slug.contains('/') => Page::Lesson(slug),
        _ => Page::NotFound,
    }
}

/// Whether a same-origin path belongs to the app (a page, or an unknown page the app
/// answers with "not found") rather than to a file the site serves (`/text/x.html`,
/// `/sw.js`): a last segment with a dot is a file. Same rule as the deploy notes give hosts.
pub fn is_app_path(path: &str) -> bool {
    !path.rsplit('/').next().unwrap_or_default().contains('.')
}

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
pub use web::{init, path};

#[cfg(all(target_arch = "wasm32", feature = "ui"))]
mod web {
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// The current path, shared through context.
    #[derive(Clone, Copy)]
    struct CurrentPath(RwSignal<String>);

    fn location_path() -> String {
        window()
            .location()
            .pathname()
            .unwrap_or_else(|_| "/".to_owned())
    }

    /// The current path (reactive).
    pub fn path() -> RwSignal<String> {
        match use_context::<CurrentPath>() {
            Some(CurrentPath(signal)) => signal,
            // Outside the app (cannot happen once `init` ran): a fixed path.
            None => RwSignal::new(location_path()),
        }
    }

    /// Installs the path signal and the listeners: same-origin link clicks navigate
    /// in-page, the back and forward buttons restore the path. Call once, in `App`.
    pub fn init() {
        let current = RwSignal::new(location_path());
        provide_context(CurrentPath(current));

        let on_pop = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            let now = location_path();
            if current.get_untracked() != now {
                current.set(now);
            }
        });
        let on_click =
            Closure::<dyn FnMut(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
                if let Some(href) = in_page_target(&ev) {
                    ev.prevent_default();
                    navigate(current, &href);
                }
            });
        let w = window();
        // Both live as long as the page: the app is never unmounted.
        let _ = w.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        let _ = w.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_pop.forget();
        on_click.forget();
    }

    /// The URL a click should navigate to in-page, or `None` to leave it to the browser
    /// (modified or non-primary clicks, other windows, downloads, other origins, and links
    /// that only change the fragment of this page, which the browser scrolls to itself).
    fn in_page_target(ev: &web_sys::MouseEvent) -> Option<String> {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return None;
        }
        let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
        let anchor: web_sys::HtmlAnchorElement =
            target.closest("a[href]").ok()??.dyn_into().ok()?;
        if !anchor.target().is_empty() && anchor.target() != "_self" {
            return None;
        }
        if anchor.has_attribute("download") {
            return None;
        }
        let here = window().location();
        if anchor.origin() != here.origin().ok()? || !super::is_app_path(&anchor.pathname()) {
            return None;
        }
        let same_page =
            anchor.pathname() == here.pathname().ok()? && anchor.search() == here.search().ok()?;
        if same_page && !anchor.hash().is_empty() {
            return None;
        }
        Some(anchor.href())
    }

    fn navigate(current: RwSignal<String>, href: &str) {
        let w = window();
        if let Ok(history) = w.history() {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(href));
        }
        let now = location_path();
        if current.get_untracked() != now {
            current.set(now);
        }
        // A new page starts at its top; a fragment is scrolled to by the page once its
        // content exists (lessons fetch theirs).
        if w.location().hash().unwrap_or_default().is_empty() {
            w.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_pages() {
        assert_eq!(page_of("/"), Page::Home);
        assert_eq!(page_of(""), Page::Home);
        assert_eq!(page_of("/lessons/memory"), Page::Lesson("memory"));
        assert_eq!(page_of("/lessons/memory/"), Page::Lesson("memory"));
        assert_eq!(page_of("/lessons/nope"), Page::Lesson("nope"));
        assert_eq!(page_of("/lessons/"), Page::NotFound);
        assert_eq!(page_of("/lessons/a/b"), Page::NotFound);
        assert_eq!(page_of("/elsewhere"), Page::NotFound);
        assert_eq!(page_of("/lessonsx/memory"), Page::NotFound);
    }

    #[test]
    fn files_are_not_app_paths() {
        assert!(is_app_path("/"));
        assert!(is_app_path("/lessons/memory"));
        assert!(is_app_path("/no/such/page"));
        assert!(!is_app_path("/text/memory.html"));
        assert!(!is_app_path("/source/kernels/sum.rs"));
        assert!(!is_app_path("/sw.js"));
    }
}
