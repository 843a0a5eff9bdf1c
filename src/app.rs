//! The app shell: router, page chrome, home page and not-found page.
//! Routes come from the course registry (`course::LESSONS`).

use crate::course::{self, LESSONS};
use crate::lessons;
use crate::route::{self, Page};
use crate::widgets::env::{EnvBanner, EnvPanel};
use crate::worker::client::{self, WorkerStatus};
use leptos::prelude::*;

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    let status = RwSignal::new(WorkerStatus::Starting);
    provide_context(status);
    client::init(status, crate::widgets::surface::drawing);
    route::init();
    let path = route::path();
    crate::widgets::progress::provide();
    crate::widgets::theme::dark();
    crate::widgets::surface::viewport();

    // The chart worker loads once the bench worker is up, before the first chart.
    crate::view::effect(move || {
        if matches!(status.get(), WorkerStatus::Ready(_)) {
            crate::widgets::surface::warm_up();
        }
    });

    // Tests and tools wait for this attribute: the app has mounted.
    crate::view::effect(move || {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-ready", "true");
        }
    });

    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <a href="/" class="brand" aria-current=current("/")>"Benchbook"</a>
            // On a phone the eleven lessons would fill the first screen of every page:
            // there the list folds behind this button (style/main.css shows it only on
            // narrow screens, and the list only when the button is expanded), and folds
            // again once a lesson is chosen. Plain attributes, no signals: a few bytes.
            <button type="button" class="menu-toggle" aria-controls="lesson-menu" aria-expanded="false"
                on:click=|ev| toggle_menu(&ev, None)>"Lessons"</button>
            <nav aria-label="Lessons" id="lesson-menu" on:click=|ev| toggle_menu(&ev, Some(false))>
                <ul>
                    {LESSONS
                        .iter()
                        .map(|l| {
                            let href = format!("/lessons/{}", l.slug);
                            view! { <li><a href=href.clone() aria-current=current(href)>{format!("{}. {}", l.number, l.title)}</a></li> }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <crate::widgets::theme::ThemeToggle/>
        </header>
        <EnvBanner/>
        <main id="main">
            {move || match route::page_of(&path.get()) {
                Page::Home => view! { <Home/> }.into_any(),
                Page::Lesson(slug) => lesson_page(slug).into_any(),
                Page::NotFound => view! { <NotFound/> }.into_any(),
            }}
        </main>
        <footer class="site-footer">
            <p>
                "Every figure on these pages is measured live in your browser by Rust compiled to WebAssembly, "
                "running in a Web Worker. Numbers differ between machines: that is the point."
            </p>
        </footer>
    }
}

/// Sets the lesson menu's button (the event's target, or the button before the nav the
/// event came from) expanded or not; `None` flips it.
fn toggle_menu(ev: &leptos::ev::MouseEvent, expanded: Option<bool>) {
    use wasm_bindgen::JsCast;
    let Some(target) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let button = match expanded {
        None => Some(target),
        Some(_) => target.previous_element_sibling(),
    };
    if let Some(button) = button {
        let open = expanded
            .unwrap_or_else(|| button.get_attribute("aria-expanded").as_deref() != Some("true"));
        let _ = button.set_attribute("aria-expanded", if open { "true" } else { "false" });
    }
}

/// `aria-current="page"` on the link to the page being shown (the header's highlight).
fn current(href: impl Into<String>) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
    let href = href.into();
    let path = route::path();
    move || (path.get().trim_end_matches('/') == href.trim_end_matches('/')).then_some("page")
}

/// The home page's opening: fixed text, written as markup (trusted, static) rather than as
/// view code, which costs the UI bundle several times the text's own bytes.
const HOME_INTRO: &str = concat!(
    "<h1>Benchbook</h1>",
    "<p class=\"lede\">A course on making programs fast in which every claim comes with a benchmark you run yourself. ",
    "Read a paragraph, move a slider, press Run, and see the claim hold up (or not) on your own machine.</p>",
    "<h2>How to read a widget</h2><ul>",
    "<li>Sliders choose the sizes to measure; their values are kept in the address bar, so a link reproduces your setup.</li>",
    "<li>Run measures every variant at every size in a background worker; Stop ends it at once. The page never freezes, except in the one widget whose subject is freezing, and only when you press its Run.</li>",
    "<li>Variants must compute the same result before any time is shown. Each figure is a median of repeated, calibrated samples; bars show the fastest and slowest sample.</li>",
    "<li>The sentence under the chart is written from your run, and the table below it holds the same numbers. \u{201c}Show the code\u{201d} reveals the exact Rust that ran.</li>",
    "</ul><h2>The course</h2>",
);

/// The home page: what this is, the course map, and the environment panel.
#[component]
fn Home() -> impl IntoView {
    set_title("Benchbook");
    let progress = crate::widgets::progress::progress();
    view! {
        <article class="prose home">
            <div class="prose-part" inner_html=HOME_INTRO></div>
            // The map as markup (`Progress::course_map`, pure and tested natively),
            // rewritten when the reader's progress changes.
            <ol class="course-map" inner_html=move || progress.with(|p| p.course_map())></ol>
            <p class="progress-controls">
                "Your progress is remembered in this browser only. "
                <crate::widgets::progress::ResetProgress/>
            </p>
            <EnvPanel/>
        </article>
    }
}

/// `/lessons/<slug>`: the lesson page, or not-found for an unknown slug.
fn lesson_page(slug: &str) -> impl IntoView {
    match course::lesson(slug) {
        Some(lesson) => {
            set_title(&format!("{}. {} — Benchbook", lesson.number, lesson.title));
            crate::widgets::progress::mark_read(lesson.slug);
            lessons::page(lesson).into_any()
        }
        None => view! { <NotFound/> }.into_any(),
    }
}

/// Any path the app does not know.
#[component]
fn NotFound() -> impl IntoView {
    set_title("Page not found — Benchbook");
    view! {
        <article class="prose not-found" data-page="not-found" inner_html=course::not_found_markup()></article>
    }
}

fn set_title(text: &str) {
    document().set_title(text);
}
